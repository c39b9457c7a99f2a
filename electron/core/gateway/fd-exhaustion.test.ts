import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { startListenerProcess, type ListenerProcess } from '../../../testing/listener-process';

let pki: TestPki;
let gw: ListenerProcess;
const attack: net.Socket[] = [];

beforeAll(async () => {
  pki = createTestPki();
  gw = await startListenerProcess(
    { options: { host: '127.0.0.1', port: 0, tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert } }, handler: 'small' },
    { fdLimit: 1024 },
  );
});
afterAll(async () => {
  for (const s of attack) s.destroy();
  await gw.stop();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

/** Opens a TCP connection that never starts TLS; resolves once the attempt is settled either way. */
function idleConnection(port: number): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
    attack.push(s);
    s.once('connect', () => resolve());
    s.once('error', () => resolve());
    s.once('close', () => resolve());
  });
}

function get(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      { ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey), agent: false, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('pas de réponse')));
    req.on('error', reject);
  });
}

describe('gateway under a flood of idle connections (process limited to 1,024 file descriptors)', () => {
  it('keeps serving a legitimate editor while 1,100 idle TCP connections come from one other address', async () => {
    const port = Number(new URL(gw.fhir).port);
    await Promise.all(Array.from({ length: 1100 }, () => idleConnection(port)));

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => get(`${gw.fhir}/Appointment`, 5_000)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual(Array(10).fill(200));

    const stats = JSON.parse(await new Promise<string>((resolve, reject) => {
      https
        .get(`${gw.fhir}/__stats`, { ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey), agent: false }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    })) as { connections: number; refusedConnections: number };
    // The per-address cap turned most of the flood away at once; what it let in stays within the caps.
    expect(stats.refusedConnections).toBeGreaterThanOrEqual(1000);
    expect(stats.connections).toBeLessThanOrEqual(101 + 1);
  });
});
