import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { request } from '../../../testing/tls-client';
import { DEFAULT_GATEWAY_LIMITS, resolveLimits } from './connection-limits';
import { type ConnectionRefusal, DEFAULT_GATEWAY_LIMITS as FROM_LISTENER, listen, type Listener } from './gateway-listener';

const ok: Parameters<typeof listen>[1] = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
};

interface Held {
  socket: net.Socket;
  /** Resolves once the server has accepted the connection or turned it away. */
  settled: Promise<'open' | 'closed'>;
}

/** A TCP connection from `localAddress` that sends nothing; 'closed' when the server dropped it at once. */
function hold(port: number, localAddress: string): Held {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => {});
  const settled = new Promise<'open' | 'closed'>((resolve) => {
    socket.once('close', () => resolve('closed'));
    // The server writes nothing on an accepted idle connection: ask it something it answers at once.
    socket.once('connect', () => socket.write('GET /fhir/metadata HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.once('data', () => resolve('open'));
  });
  return { socket, settled };
}

describe('resolveLimits', () => {
  it('fills missing fields from the defaults, which the listener exports too', () => {
    expect(FROM_LISTENER).toBe(DEFAULT_GATEWAY_LIMITS);
    expect(resolveLimits()).toEqual(DEFAULT_GATEWAY_LIMITS);
    expect(resolveLimits({ maxConnections: 50 })).toEqual({ ...DEFAULT_GATEWAY_LIMITS, maxConnections: 50 });
    expect(DEFAULT_GATEWAY_LIMITS).toEqual({ maxConnections: 500, maxConnectionsPerAddress: 100, handshakeTimeoutS: 10, headersTimeoutS: 15, requestTimeoutS: 60, keepAliveTimeoutS: 30 });
  });

  it('refuses absurd or inconsistent limits in French', () => {
    expect(() => resolveLimits({ maxConnections: 0 })).toThrow('Limite maxConnections invalide (0)');
    expect(() => resolveLimits({ maxConnectionsPerAddress: 2.5 })).toThrow('un nombre entier est attendu');
    expect(() => resolveLimits({ handshakeTimeoutS: Number.NaN })).toThrow('Limite handshakeTimeoutS invalide');
    expect(() => resolveLimits({ headersTimeoutS: 90 })).toThrow(/^Limites incohérentes.*headersTimeoutS = 90 s/);
  });
});

describe('connection caps (plain HTTP)', () => {
  let gw: Listener;
  const refused: ConnectionRefusal[] = [];
  const held: Held[] = [];
  beforeAll(async () => {
    gw = await listen({ host: '127.0.0.1', port: 0, limits: { maxConnections: 5, maxConnectionsPerAddress: 3 }, onConnectionRefused: (e) => refused.push(e) }, ok);
  });
  afterAll(async () => {
    for (const h of held) h.socket.destroy();
    await gw.close();
  });

  it('closes at once a connection over the per-address cap, then over the total cap, and counts them', async () => {
    const port = Number(new URL(gw.url).port);
    const open = async (address: string) => {
      const h = hold(port, address);
      held.push(h);
      return h.settled;
    };
    for (let i = 0; i < 3; i++) expect(await open('127.0.0.2')).toBe('open');
    expect(await open('127.0.0.2')).toBe('closed');
    expect(refused).toMatchObject([{ peerAddress: '127.0.0.2', reason: 'address-cap' }]);
    expect(await open('127.0.0.3')).toBe('open');
    expect(await open('127.0.0.3')).toBe('open');
    expect(await open('127.0.0.4')).toBe('closed');
    expect(refused.at(-1)).toMatchObject({ peerAddress: '127.0.0.4', reason: 'total-cap' });
    expect(gw.stats()).toMatchObject({ connections: 5, refusedConnections: 2, refusedHandshakes: 0 });
  });

  it('admits again once connections close', async () => {
    const port = Number(new URL(gw.url).port);
    const fromTwo = held.filter((h) => !h.socket.destroyed && h.socket.localAddress === '127.0.0.2');
    const closedByServer = new Promise((resolve) => fromTwo[0].socket.once('close', resolve));
    fromTwo[0].socket.destroy();
    await closedByServer;
    await expect.poll(() => gw.stats().connections).toBe(4);
    const h = hold(port, '127.0.0.2');
    held.push(h);
    expect(await h.settled).toBe('open');
  });
});

describe('timeouts', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => {
    fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  it('drops a client that does not finish its headers in time (HTTP and HTTPS)', async () => {
    for (const withTls of [false, true]) {
      const gw = await listen(
        {
          host: '127.0.0.1',
          port: 0,
          tls: withTls ? { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert } : null,
          limits: { headersTimeoutS: 0.5, requestTimeoutS: 1 },
        },
        ok,
      );
      try {
        const port = Number(new URL(gw.url).port);
        const started = Date.now();
        const answer = await new Promise<string>((resolve) => {
          let text = '';
          const opts = { host: '127.0.0.1', port, ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey) };
          const s: net.Socket = withTls ? tls.connect(opts, () => s.write('GET /fhir/metadata HTTP/1.1\r\nHost: x\r\n')) : net.connect(opts, () => s.write('GET /fhir/metadata HTTP/1.1\r\nHost: x\r\n'));
          s.setEncoding('latin1');
          s.on('data', (d: string) => (text += d));
          s.on('error', () => {});
          s.on('close', () => resolve(text));
        });
        expect(answer).toMatch(/^HTTP\/1\.1 408/);
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        await gw.close();
      }
    }
  });

  it('closes an idle keep-alive connection after the keep-alive delay', async () => {
    const gw = await listen({ host: '127.0.0.1', port: 0, limits: { keepAliveTimeoutS: 0.3 } }, ok);
    try {
      const port = Number(new URL(gw.url).port);
      const closed = await new Promise<string>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => s.write('GET /fhir/metadata HTTP/1.1\r\nHost: x\r\n\r\n'));
        let text = '';
        s.setEncoding('latin1');
        s.on('data', (d: string) => (text += d));
        s.on('close', () => resolve(text));
      });
      expect(closed).toMatch(/^HTTP\/1\.1 200[\s\S]*Keep-Alive: timeout=0/i);
      await expect.poll(() => gw.stats().connections).toBe(0);
    } finally {
      await gw.close();
    }
  });

  it('still answers an ordinary editor with the defaults', async () => {
    const gw = await listen({ host: '127.0.0.1', port: 0, tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert } }, ok);
    try {
      expect((await request(`${gw.url}/metadata`, { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey })).status).toBe(200);
    } finally {
      await gw.close();
    }
  });
});
