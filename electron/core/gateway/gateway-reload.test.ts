// What changes at the gateway while it runs: a CRL replaced on disk, a malformed request target, trust settings.
import fs from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psAppointment } from '../../../testing/fixtures';
import { createTestPki, makeCrl, type TestPki } from '../../../testing/pki';
import { startTestCore, type TestCore } from '../../../testing/test-core';
import { dispatch } from '../api/dispatch';

let pki: TestPki;
let t: TestCore;
let crlFile: string;

beforeAll(async () => {
  pki = createTestPki();
  crlFile = `${pki.dir}/live.crl.pem`;
  fs.copyFileSync(makeCrl(pki, { name: 'empty' }), crlFile);
  t = await startTestCore({ tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert } });
  t.core.settings.update({ gateway: { crlFiles: [crlFile] } });
  await t.core.apply();
  t.core.editors.save({
    name: 'Agenda Test', baseUrl: 'https://lga.example.fr/fhir', environment: 'recette', flows: [], accept: 'application/fhir+json',
    timeoutMs: 5000, enabled: true, identity: null, caPem: null, inboundCertificates: [{ pem: fs.readFileSync(pki.clientCert, 'utf8') }],
  });
});
afterAll(async () => {
  await t.stop();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

function call(method: string, path: string, body?: unknown): Promise<number> {
  const url = new URL(t.core.info().gateway.url!);
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: url.hostname, port: url.port, method, path, headers: { 'content-type': 'application/fhir+json' },
      ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.clientCert), key: fs.readFileSync(pki.clientKey), agent: false,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('gateway at run time', () => {
  it('answers a malformed request target with 400, not an empty 500', async () => {
    expect(await call('GET', '//[')).toBe(400);
    expect(t.core.journal.list({ status: '4xx' }, 0, 1).rows[0].url).toBe('//[');
  });

  it('applies a CRL replaced on disk: the certificate it revokes is refused from then on', async () => {
    expect(await call('POST', '/fhir/Appointment', psAppointment())).toBe(201);
    fs.copyFileSync(makeCrl(pki, { name: 'revoking', revoke: [pki.clientCert] }), crlFile);
    await t.core.apply(); // what the minute's watch does when a CRL file changed
    await expect(call('POST', '/fhir/Appointment', psAppointment())).rejects.toThrow();
    const refused = t.core.journal.list({ status: 'refused' }, 0, 5).rows.find((r) => r.refusal?.startsWith('tls:revoked'));
    expect(refused?.clientSubject).toContain('Editeur Test');
  });

  it('changing the trusted CAs is a security change to confirm', async () => {
    const r = await dispatch(t.core.handlers, 'settings.update', { gateway: { clientCaFile: pki.rogueCaCert } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.body.error.details).toEqual({ changes: ['gateway-trust-changed'] });
  });
});
