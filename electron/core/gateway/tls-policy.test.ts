import fs from 'node:fs';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { probe, type ProbeResult } from '../../../testing/tls-client';
import { listen, type Listener, type TlsRefusal } from './gateway-listener';
import { TLS12_CIPHERS, tlsPolicy } from './tls-policy';

let pki: TestPki;
let gw: Listener;
const refusals: TlsRefusal[] = [];

beforeAll(async () => {
  pki = createTestPki();
  gw = await listen(
    {
      host: '127.0.0.1',
      port: 0,
      tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert },
      onTlsRefused: (e) => refusals.push(e),
    },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    },
  );
});
afterAll(async () => {
  await gw.close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

const editor = () => ({ ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey });

/** What the gateway reported about a refused attempt, found by the client's port. */
async function reported(attempt: ProbeResult): Promise<TlsRefusal | undefined> {
  await expect.poll(() => refusals.find((r) => r.peerPort === attempt.localPort)).toBeDefined();
  return refusals.find((r) => r.peerPort === attempt.localPort);
}

describe('TLS policy of the gateway', () => {
  it('only offers ECDHE key exchange with AEAD ciphers in TLS 1.2, and keeps the TLS 1.3 defaults', () => {
    for (const suite of TLS12_CIPHERS) expect(suite).toMatch(/^ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
    const offered = tlsPolicy().ciphers.split(':');
    expect(offered.filter((c) => c.startsWith('TLS_'))).toEqual(tls.DEFAULT_CIPHERS.split(':').filter((c) => c.startsWith('TLS_')));
    expect(offered.filter((c) => !c.startsWith('TLS_'))).toEqual(TLS12_CIPHERS);
  });

  it('serves a good client in TLS 1.3 and in TLS 1.2 (ECDHE, AES-GCM)', async () => {
    expect(await probe(gw.url, editor())).toMatchObject({ status: 200, protocol: 'TLSv1.3' });
    expect(await probe(gw.url, editor(), { maxVersion: 'TLSv1.2' })).toMatchObject({ status: 200, protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
  });

  it('chooses the suite by its own order, not the client’s', async () => {
    const r = await probe(gw.url, editor(), { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256' });
    expect(r).toMatchObject({ status: 200, cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
  });

  it.each([
    ['without forward secrecy', 'AES128-SHA256'],
    ['RSA key exchange with AES-GCM', 'AES256-GCM-SHA384'],
    ['CBC, even with ECDHE', 'ECDHE-RSA-AES128-SHA'],
    ['CBC with SHA-256, even with ECDHE', 'ECDHE-RSA-AES256-SHA384'],
  ])('refuses a TLS 1.2 client that only offers a suite %s (%s), and reports it', async (_label, suite) => {
    const attempt = await probe(gw.url, editor(), { maxVersion: 'TLSv1.2', ciphers: suite });
    expect(attempt.status).toBeNull();
    expect(await reported(attempt)).toMatchObject({ code: 'protocol', reason: 'NO_SHARED_CIPHER', peerAddress: '127.0.0.1', subject: null });
  });

  it('refuses a client that cannot go above TLS 1.1', async () => {
    const attempt = await probe(gw.url, editor(), { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    expect(attempt.status).toBeNull();
    expect(await reported(attempt)).toMatchObject({ code: 'protocol', reason: 'UNSUPPORTED_PROTOCOL' });
  });

  it('refuses a renegotiation asked by a TLS 1.2 client, and keeps serving the others', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = tls.connect(
        { host: '127.0.0.1', port: Number(new URL(gw.url).port), ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey), maxVersion: 'TLSv1.2' },
        () => {
          socket.renegotiate({}, (err) => {
            resolve(err ? `refusée : ${(err as NodeJS.ErrnoException).code ?? err.message}` : 'acceptée');
            socket.destroy();
          });
        },
      );
      socket.on('error', (e: NodeJS.ErrnoException) => {
        resolve(`refusée : ${e.code ?? e.message}`);
        socket.destroy();
      });
      socket.on('close', () => resolve('refusée : connexion fermée'));
    });
    expect(outcome).toMatch(/^refusée/);
    expect(await probe(gw.url, editor(), { maxVersion: 'TLSv1.2' })).toMatchObject({ status: 200 });
    expect(await probe(gw.url, editor())).toMatchObject({ status: 200 });
  });
});
