import fs from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { startListenerProcess, type ListenerProcess } from '../../../testing/listener-process';
import { rawConnection } from '../../../testing/tls-client';

let pki: TestPki;

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => {
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

describe('keep-alive mTLS connections with responses over 16 KiB', () => {
  let gw: ListenerProcess;
  beforeAll(async () => {
    // The gateway in its own process: in one event loop the editor could never send its next request
    // while the gateway is still busy with the previous answer, which is when the resets happened.
    gw = await startListenerProcess({
      options: { host: '127.0.0.1', port: 0, tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert } },
      handler: 'deferred-large',
      workBytes: 4 * 1024 * 1024,
    });
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('serves 200 sequential POST/GET (bodies of 20–40 KiB) over one reused https.Agent connection without a single reset', async () => {
    const agent = new https.Agent({
      keepAlive: true,
      maxSockets: 1,
      ca: fs.readFileSync(pki.caCert),
      cert: fs.readFileSync(pki.clientCert),
      key: fs.readFileSync(pki.clientKey),
    });
    const errors: string[] = [];
    let connections = 0;
    try {
      for (let i = 0; i < 200; i++) {
        const method = i % 2 === 0 ? 'POST' : 'GET';
        // Appointments with long comments or many participants: bodies over one TLS record (16 KiB) too.
        const body = method === 'POST' ? JSON.stringify({ resourceType: 'Appointment', comment: 'y'.repeat(20_000 + ((i * 997) % 20_000)) }) : undefined;
        try {
          const status = await new Promise<number>((resolve, reject) => {
            const req = https.request(`${gw.fhir}/Appointment`, { method, agent, headers: { 'content-type': 'application/fhir+json' } }, (res) => {
              let bytes = 0;
              res.on('data', (c: Buffer) => (bytes += c.length));
              res.on('end', () => (bytes > 16 * 1024 ? resolve(res.statusCode ?? 0) : reject(new Error(`réponse courte (${bytes} o)`))));
              res.on('error', reject);
            });
            req.on('socket', () => {
              if (!req.reusedSocket) connections++;
            });
            req.on('error', reject);
            req.end(body);
          });
          if (status !== (method === 'POST' ? 201 : 200)) errors.push(`${i} ${method}: HTTP ${status}`);
        } catch (e) {
          errors.push(`${i} ${method}: ${(e as Error).message}`);
        }
      }
    } finally {
      agent.destroy();
    }
    expect(errors).toEqual([]);
    expect(connections).toBe(1);
  });

  it('serves 200 sequential POST/GET with small bodies written after their headers, over one connection', async () => {
    // What clients that stream their body (Java, Python…) send: the head and the body in two TLS records.
    const connection = await rawConnection(gw.fhir, { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey });
    const errors: string[] = [];
    try {
      for (let i = 0; i < 200 && errors.length === 0; i++) {
        const method = i % 2 === 0 ? 'POST' : 'GET';
        try {
          const r = await connection.exchange(method, '/fhir/Appointment', method === 'POST' ? JSON.stringify({ resourceType: 'Appointment', comment: 'z'.repeat(500) }) : undefined);
          if (r.status !== (method === 'POST' ? 201 : 200) || r.bytes <= 16 * 1024) errors.push(`${i} ${method}: HTTP ${r.status}, ${r.bytes} o`);
        } catch (e) {
          errors.push(`${i} ${method}: ${(e as Error).message}`);
        }
      }
    } finally {
      connection.close();
    }
    expect(errors).toEqual([]);
  });
});
