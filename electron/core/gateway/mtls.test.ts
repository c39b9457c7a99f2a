import fs from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR_SYSTEM, psAppointment } from '../../../testing/fixtures';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { startTestCore, type TestCore } from '../../../testing/test-core';

let pki: TestPki;
let t: TestCore;

beforeAll(async () => {
  pki = createTestPki();
  t = await startTestCore({ tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert } });
  // With mTLS the gateway only serves registered editors: this one is known by its certificate.
  t.core.editors.save({
    name: 'Editeur Test',
    baseUrl: 'https://lga.editeur-test.fr/fhir',
    environment: 'recette',
    flows: [],
    accept: 'application/fhir+json',
    timeoutMs: 5000,
    enabled: true,
    identity: null,
    caPem: null,
    inboundCertificates: [{ pem: fs.readFileSync(pki.clientCert, 'utf8') }],
    identifierSystems: [EDITOR_SYSTEM],
  });
});
afterAll(async () => {
  await t.stop();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

function post(client: { cert?: string; key?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(psAppointment());
    const req = https.request(
      `${t.fhir}/Appointment`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        ca: fs.readFileSync(pki.caCert),
        cert: client.cert ? fs.readFileSync(client.cert) : undefined,
        key: client.key ? fs.readFileSync(client.key) : undefined,
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const REFUSED = /certificate|unknown ca|handshake|socket hang up|ECONNRESET|alert/i;

/** Only refused handshakes from that client in the journal: no request of it reached the handler. */
function onlyHandshakeRefusals(who: string) {
  const rows = t.core.journal.list({ peer: who }, 0, 10).rows;
  return rows.map((r) => ({ method: r.method, refusal: r.refusal?.split(':').slice(0, 2).join(':') ?? null }));
}

describe('gateway with mutual TLS', () => {
  it('serves HTTPS and accepts a client certificate from a trusted CA, naming the editor from it', async () => {
    expect(t.fhir).toMatch(/^https:/);
    const r = await post({ cert: pki.clientCert, key: pki.clientKey });
    expect(r.status).toBe(201);
    const id = JSON.parse(r.body).id as string;
    expect(t.core.appointments.getRow(id)?.editor).toBe('Editeur Test');
    const exchange = t.core.journal.forAppointment(id)[0];
    expect(exchange.clientSubject).toContain('CN=lga.editeur-test.fr');
  });

  it('refuses a client without a certificate during the handshake', async () => {
    await expect(post({})).rejects.toThrow(REFUSED);
  });

  it('refuses a client whose certificate comes from an untrusted CA during the handshake', async () => {
    await expect(post({ cert: pki.untrustedClientCert, key: pki.untrustedClientKey })).rejects.toThrow(REFUSED);
    // Nothing reached the handler: what the journal holds about the intruder is the refused handshake.
    await expect.poll(() => onlyHandshakeRefusals('Intrus')).toEqual([{ method: null, refusal: 'tls:untrusted' }]);
  });

  it('refuses an expired certificate from the trusted CA during the handshake', async () => {
    await expect(post({ cert: pki.expiredClientCert, key: pki.expiredClientKey })).rejects.toThrow(REFUSED);
    await expect.poll(() => onlyHandshakeRefusals('Editeur Expire')).toEqual([{ method: null, refusal: 'tls:expired' }]);
  });
});
