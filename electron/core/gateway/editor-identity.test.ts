// Editors are identities: with mTLS, an appointment belongs to the editor whose certificate created it, and no
// other editor may write or read it. Probed with real certificates from a test PKI, as the review measured it.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalQuery, EDITOR_SYSTEM, identifierOf, psAppointment } from '../../../testing/fixtures';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { startTestCore, type TestCore } from '../../../testing/test-core';
import { dispatch } from '../api/dispatch';
import { certificateIdentity } from './distinguished-name';

let pki: TestPki;
let t: TestCore;
let alphaId: string;
/** A certificate with CN=Editeur Test and no O: the old code took it for the editor named by O=Editeur Test. */
let cnOnly: { cert: string; key: string };

const ALPHA_SYSTEM = EDITOR_SYSTEM;
const BETA_SYSTEM = 'urn:oid:1.2.250.1.999.88.1';

function issueCnOnly(): { cert: string; key: string } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: pki.dir, stdio: 'pipe' });
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'cn-only.key', '-out', 'cn-only.csr', '-subj', '/CN=Editeur Test']);
  fs.writeFileSync(path.join(pki.dir, 'cn-only.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  run(['x509', '-req', '-in', 'cn-only.csr', '-CA', pki.caCert, '-CAkey', pki.caKey, '-CAcreateserial', '-out', 'cn-only.crt', '-days', '2', '-extfile', 'cn-only.ext']);
  return { cert: path.join(pki.dir, 'cn-only.crt'), key: path.join(pki.dir, 'cn-only.key') };
}

beforeAll(async () => {
  pki = createTestPki();
  cnOnly = issueCnOnly();
  t = await startTestCore({ tls: { certFile: pki.serverCert, keyFile: pki.serverKey, clientCaFile: pki.caCert } });
  const base = { baseUrl: 'https://lga.example.fr/fhir', environment: 'recette' as const, flows: [], accept: 'application/fhir+json' as const, timeoutMs: 5000, enabled: true, identity: null, caPem: null };
  // Alpha by certificate fingerprint; Beta by an issuer + subject pin (survives a renewal).
  alphaId = t.core.editors.save({ ...base, name: 'Agenda Alpha', inboundCertificates: [{ pem: fs.readFileSync(pki.clientCert, 'utf8') }], identifierSystems: [ALPHA_SYSTEM] }).id;
  const beta = certificateIdentity(new X509Certificate(fs.readFileSync(pki.betaClientCert)).raw);
  t.core.editors.save({ ...base, name: 'Agenda Beta', inboundPins: [{ issuer: beta.issuer, subject: beta.subject }], identifierSystems: [BETA_SYSTEM] });
});
afterAll(async () => {
  await t.stop();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

type Client = { cert: string; key: string };
const alpha = (): Client => ({ cert: pki.clientCert, key: pki.clientKey });
const beta = (): Client => ({ cert: pki.betaClientCert, key: pki.betaClientKey });
const comma = (): Client => ({ cert: pki.commaClientCert, key: pki.commaClientKey });

function call(client: Client, method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON
  return new Promise((resolve, reject) => {
    const req = https.request(`${t.fhir}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/fhir+json' },
      ca: fs.readFileSync(pki.caCert),
      cert: fs.readFileSync(client.cert),
      key: fs.readFileSync(client.key),
      agent: false,
    }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('editors are identities (mTLS)', () => {
  it('an appointment belongs to the editor that created it: another editor can neither write nor read it', async () => {
    const a = psAppointment();
    const created = await call(alpha(), 'POST', '/Appointment', a);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const row = t.core.appointments.getRow(id)!;
    expect(row.editor).toBe('Agenda Alpha');
    expect(row.owner).toBe(`editor:${alphaId}`);

    const { system, value } = identifierOf(a);
    const attempts = [
      await call(beta(), 'PUT', `/Appointment?${conditionalQuery(a)}`, { ...a, status: 'cancelled' }),
      await call(beta(), 'PUT', `/Appointment?identifier=${encodeURIComponent(value)}`, { ...a, status: 'cancelled' }),
      await call(beta(), 'PUT', `/Appointment/${id}`, { ...a, id, status: 'cancelled' }),
      await call(beta(), 'POST', '/Appointment', { ...a, status: 'cancelled' }),
      await call(beta(), 'GET', `/Appointment/${id}`),
      await call(beta(), 'GET', `/Appointment/${id}/_history`),
      await call(beta(), 'GET', `/Appointment/${id}/_history/1`),
    ];
    for (const r of attempts) {
      expect(r.status).toBe(403);
      expect(r.json.resourceType).toBe('OperationOutcome');
    }
    // With Beta's own identifier, a PUT on Alpha's id says nothing of Alpha's appointment (not even its identifier).
    const overOwn = await call(beta(), 'PUT', `/Appointment/${id}`, { ...a, id, identifier: [{ system: BETA_SYSTEM, value: 'beta-probe' }] });
    expect(overOwn.status).toBe(403);
    expect(JSON.stringify(overOwn.json)).not.toContain(value);
    attempts.push(overOwn);
    // The identifier system is Alpha's: Beta may not even create with it, whatever the body.
    expect(attempts[3].json.issue[0].diagnostics).toMatch(/GW-SYSTEM-OTHER-EDITOR|GW-NOT-OWNER/);
    const search = await call(beta(), 'GET', `/Appointment?identifier=${encodeURIComponent(`${system}|${value}`)}`);
    expect(search.status).toBe(200);
    expect(search.json.total).toBe(0);
    expect(t.core.appointments.getRow(id)!.versions).toBe(1);
    expect(t.core.appointments.getRow(id)!.status).toBe('booked');

    // Every refusal is journalled beside the appointment, with who tried.
    const refused = t.core.journal.forAppointment(id).filter((e) => e.refusal === 'not-owner' || e.refusal === 'system-of-other-editor');
    expect(refused).toHaveLength(attempts.length);
    expect(refused.every((e) => e.clientSubject?.includes('Editeur Beta'))).toBe(true);

    // Its owner still does everything.
    expect((await call(alpha(), 'PUT', `/Appointment?${conditionalQuery(a)}`, { ...a, status: 'cancelled' })).status).toBe(200);
    expect((await call(alpha(), 'GET', `/Appointment/${id}/_history`)).json.total).toBe(2);
    expect((await call(alpha(), 'GET', `/Appointment?identifier=${encodeURIComponent(`${system}|${value}`)}`)).json.total).toBe(1);
  });

  it('a pinned issuer + subject identifies an editor; its appointments are its own', async () => {
    const b = psAppointment({ identifier: [{ system: BETA_SYSTEM, value: 'beta-1' }] });
    const r = await call(beta(), 'POST', '/Appointment', b);
    expect(r.status).toBe(201);
    expect(t.core.appointments.getRow(r.json.id)!.editor).toBe('Agenda Beta');
    expect((await call(alpha(), 'GET', `/Appointment/${r.json.id}`)).status).toBe(403);
  });

  it('a trusted certificate that matches no editor is refused with 403, journalled with its escaped subject and fingerprint', async () => {
    const before = t.core.appointments.count({});
    const r = await call(comma(), 'POST', '/Appointment', psAppointment({ identifier: [{ system: 'urn:oid:1.2.3.4', value: 'x-1' }] }));
    expect(r.status).toBe(403);
    expect(r.json.issue[0].diagnostics).toContain('GW-EDITOR-UNKNOWN');
    expect(t.core.appointments.count({})).toBe(before);
    const entry = t.core.journal.list({ peer: 'forged' }, 0, 5).rows[0];
    expect(entry.refusal).toBe('editor-unknown');
    // RFC 4514: the comma inside O is escaped, so the subject cannot pass for one with a second CN.
    expect(entry.clientSubject).toBe('CN=lga.editeur-alpha.fr,O=Editeur Alpha\\, CN=forged');
    const detail = t.core.journal.get(entry.id)!;
    expect(detail.clientFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('CN=Editeur Test without O is not the editor whose certificate says O=Editeur Test', async () => {
    const r = await call(cnOnly, 'POST', '/Appointment', psAppointment({ identifier: [{ system: 'urn:oid:1.2.3.5', value: 'cn-1' }] }));
    expect(r.status).toBe(403);
  });

  it('when the operator allows unregistered editors, they are recorded as « non enregistré », never under another name', async () => {
    t.core.settings.update({ gateway: { allowUnregisteredEditors: true } });
    try {
      const own = psAppointment({ identifier: [{ system: 'urn:oid:1.2.3.6', value: 'u-1' }] });
      const r = await call(cnOnly, 'POST', '/Appointment', own);
      expect(r.status).toBe(201);
      const row = t.core.appointments.getRow(r.json.id)!;
      expect(row.editor).toBe('non enregistré');
      const fp = certificateIdentity(new X509Certificate(fs.readFileSync(cnOnly.cert)).raw).fingerprint256;
      expect(row.owner).toBe(`cert:${fp}`);
      // Still no way into a registered editor's appointments, nor with their identifier system.
      expect((await call(cnOnly, 'POST', '/Appointment', psAppointment())).status).toBe(403);
      // And another unregistered certificate does not share its appointments.
      expect((await call(comma(), 'GET', `/Appointment/${r.json.id}`)).status).toBe(403);

      // Once the operator registers that certificate for an editor, the editor gets its appointments…
      const saved = await dispatch(t.core.handlers, 'editors.save', {
        name: 'Agenda Gamma', baseUrl: 'https://gamma.example.fr/fhir', environment: 'recette', flows: [], accept: 'application/fhir+json',
        timeoutMs: 5000, enabled: true, identity: null, caPem: null, inboundCertificates: [{ pem: fs.readFileSync(cnOnly.cert, 'utf8') }],
      });
      expect(saved.ok).toBe(true);
      const gammaId = (saved as { ok: true; result: { id: string } }).result.id;
      expect(t.core.appointments.getRow(r.json.id)!.owner).toBe(`editor:${gammaId}`);
      expect((await call(cnOnly, 'GET', `/Appointment/${r.json.id}`)).status).toBe(200);
      expect(t.core.audit.list({ action: 'editors.create' }, 0, 1).rows[0].detail).toMatch(/1 rendez-vous/);
      // …and an editor that owns appointments is not deleted (they would be out of its reach for good).
      const removed = await dispatch(t.core.handlers, 'editors.remove', { id: gammaId });
      expect(removed.ok).toBe(false);
      if (!removed.ok) expect(removed.body.error.code).toBe('conflict');
    } finally {
      t.core.settings.update({ gateway: { allowUnregisteredEditors: false } });
    }
  });

  it('an appointment received before editors had identities goes to the editor that declares its system', async () => {
    const legacy = psAppointment();
    const created = await call(alpha(), 'POST', '/Appointment', legacy);
    t.core.db.prepare('UPDATE appointments SET owner = NULL WHERE id = ?').run(created.json.id);
    expect((await call(beta(), 'GET', `/Appointment/${created.json.id}`)).status).toBe(403);
    expect((await call(alpha(), 'PUT', `/Appointment?${conditionalQuery(legacy)}`, { ...legacy, status: 'fulfilled' })).status).toBe(200);
    expect(t.core.appointments.getRow(created.json.id)!.owner).toBe(`editor:${alphaId}`);
  });

  it('a value-only conditional update sees only the caller\'s appointments (no 412 from another editor\'s, no disclosure)', async () => {
    const mine = psAppointment({ identifier: [{ system: ALPHA_SYSTEM, value: 'shared-value-1' }] });
    const theirs = psAppointment({ identifier: [{ system: BETA_SYSTEM, value: 'shared-value-1' }] });
    expect((await call(beta(), 'POST', '/Appointment', theirs)).status).toBe(201);
    const created = await call(alpha(), 'POST', '/Appointment', mine);
    expect(created.status).toBe(201);
    const updated = await call(alpha(), 'PUT', '/Appointment?identifier=shared-value-1', { ...mine, status: 'cancelled' });
    expect(updated.status).toBe(200);
    expect(updated.json.id).toBe(created.json.id);
    const search = await call(alpha(), 'GET', '/Appointment?identifier=shared-value-1');
    expect(search.json.total).toBe(1);
  });

  it('a pin is one key however it is typed: the same issuer + subject cannot name two editors', () => {
    const base = { baseUrl: 'https://x.example.fr/fhir', environment: 'recette' as const, flows: [], accept: 'application/fhir+json' as const, timeoutMs: 5000, enabled: true, identity: null, caPem: null };
    const b = certificateIdentity(new X509Certificate(fs.readFileSync(pki.betaClientCert)).raw);
    const spaced = { issuer: b.issuer.replace(/,/g, ', '), subject: b.subject.replace(/,/g, ', ') };
    expect(() => t.core.editors.save({ ...base, name: 'Agenda Delta', inboundPins: [spaced] })).toThrow(/déjà épinglés pour l'éditeur « Agenda Beta »/);
    // Nor may a pin name a certificate another editor registered by fingerprint.
    const a = certificateIdentity(new X509Certificate(fs.readFileSync(pki.clientCert)).raw);
    expect(() => t.core.editors.save({ ...base, name: 'Agenda Epsilon', inboundPins: [{ issuer: a.issuer, subject: a.subject }] })).toThrow(/Agenda Alpha/);
  });
});
