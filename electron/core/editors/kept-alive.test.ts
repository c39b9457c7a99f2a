import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { requestEditor } from './editor-client';

let pki: TestPki;
let server: https.Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  pki = createTestPki();
  server = https.createServer(
    { cert: fs.readFileSync(pki.serverCert), key: fs.readFileSync(pki.serverKey), ca: fs.readFileSync(pki.caCert), requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/fhir+json' });
        res.end('{"resourceType":"Practitioner"}');
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

function agent(): https.Agent {
  return new https.Agent({ keepAlive: true, maxSockets: 2, ca: fs.readFileSync(pki.caCert, 'utf8'), cert: fs.readFileSync(pki.clientCert, 'utf8'), key: fs.readFileSync(pki.clientKey, 'utf8') });
}

describe('kept-alive connections an editor closed', () => {
  it('repeats a request that died on a connection the editor had just closed, on a fresh connection, and is no certificate refusal', async () => {
    const a = agent();
    const call = (method: 'GET' | 'PUT') => requestEditor({ url: `${base}/fhir/Practitioner?identifier=x`, method, body: method === 'PUT' ? '{}' : null, accept: 'application/fhir+json', identity: null, agent: a, timeoutMs: 5_000 });
    for (const method of ['GET', 'PUT'] as const) {
      expect((await call(method)).status).toBe(200);
      // The editor drops its idle connections while the pooled socket still looks usable to the client.
      server.closeIdleConnections();
      const r = await call(method);
      expect(r.error).toBeNull();
      expect(r.status).toBe(200);
    }
    a.destroy();
  });
});
