import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalQuery, identifierOf, psAppointment, sosAppointment, cptsAppointment } from '../../../testing/fixtures';
import { startTestCore, type TestCore } from '../../../testing/test-core';

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => t.stop());

const FHIR = { 'content-type': 'application/fhir+json' };

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = FHIR) {
  const res = await fetch(`${t.fhir}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

function expectOutcome(json: any, pattern?: RegExp) { // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON
  expect(json.resourceType).toBe('OperationOutcome');
  for (const issue of json.issue) {
    expect(issue.severity).toBeTruthy();
    expect(issue.code).toBeTruthy();
    expect(issue.diagnostics).toBeTruthy();
  }
  if (pattern) expect(json.issue.map((i: { diagnostics: string }) => i.diagnostics).join(' ')).toMatch(pattern);
}

describe('appointment gateway over HTTP', () => {
  it('creates: 201, Location with _history, body is the stored resource', async () => {
    const a = psAppointment();
    const r = await send('POST', '/Appointment', a);
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toMatch(new RegExp(`^${t.fhir}/Appointment/[\\w-]+/_history/1$`));
    expect(r.headers.get('x-profile-applied')).toBe('http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS');
    expect(r.json).toMatchObject({ resourceType: 'Appointment', identifier: a.identifier, meta: { versionId: '1' } });
    const read = await send('GET', `/Appointment/${r.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(r.json);
  });

  it('accepts application/json+fhir and application/json, refuses others with 415', async () => {
    expect((await send('POST', '/Appointment', psAppointment(), { 'content-type': 'application/json+fhir' })).status).toBe(201);
    expect((await send('POST', '/Appointment', psAppointment(), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
    const r = await send('POST', '/Appointment', psAppointment(), { 'content-type': 'application/xml' });
    expect(r.status).toBe(415);
    expectOutcome(r.json, /application\/fhir\+json/);
  });

  it('conditional PUT updates (200) with a %7C-encoded or raw |, and creates when nothing matches (201)', async () => {
    const a = psAppointment();
    const created = await send('PUT', `/Appointment?${conditionalQuery(a)}`, a);
    expect(created.status).toBe(201);
    const { system, value } = identifierOf(a);
    const cancelled = await send('PUT', `/Appointment?identifier=${system}|${value}`, { ...a, status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.id).toBe(created.json.id);
    expect(cancelled.json.meta.versionId).toBe('2');
    expect(cancelled.headers.get('location')).toBe(`${t.fhir}/Appointment/${created.json.id}/_history/2`);
    const fulfilled = await send('PUT', `/Appointment?${conditionalQuery(a)}`, { ...a, status: 'fulfilled' });
    expect(fulfilled.status).toBe(200);

    const history = await send('GET', `/Appointment/${created.json.id}/_history`);
    expect(history.json).toMatchObject({ resourceType: 'Bundle', type: 'history', total: 3 });
    expect(history.json.entry.map((e: { resource: { status: string } }) => e.resource.status)).toEqual(['fulfilled', 'cancelled', 'booked']);
    const v1 = await send('GET', `/Appointment/${created.json.id}/_history/1`);
    expect(v1.json.status).toBe('booked');
  });

  it('answers 400 when the body identifier differs from the query', async () => {
    const a = psAppointment();
    const other = psAppointment();
    const r = await send('PUT', `/Appointment?${conditionalQuery(other)}`, a);
    expect(r.status).toBe(400);
    expectOutcome(r.json, /changement d'identifiant/);
  });

  it('answers 412 when the criterion matches more than one appointment', async () => {
    const value = `dup-${Date.now()}`;
    await send('POST', '/Appointment', psAppointment({ identifier: [{ system: 'urn:oid:1.2.250.1.999.1', value }] }));
    await send('POST', '/Appointment', psAppointment({ identifier: [{ system: 'urn:oid:1.2.250.1.999.2', value }] }));
    const r = await send('PUT', `/Appointment?identifier=${value}`, psAppointment({ identifier: [{ system: 'urn:oid:1.2.250.1.999.1', value }] }));
    expect(r.status).toBe(412);
    expectOutcome(r.json, /2 rendez-vous correspondent/);
  });

  it('searches by identifier and returns a searchset Bundle', async () => {
    const a = sosAppointment();
    await send('POST', '/Appointment', a);
    const r = await send('GET', `/Appointment?${conditionalQuery(a)}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(r.json.entry[0].resource.identifier).toEqual(a.identifier);
    const none = await send('GET', '/Appointment?identifier=urn:x|nothing');
    expect(none.json.total).toBe(0);
  });

  it('supports a plain PUT on the id, and refuses an identifier change there', async () => {
    const a = cptsAppointment();
    const created = await send('POST', '/Appointment', a);
    const id = created.json.id;
    const upd = await send('PUT', `/Appointment/${id}`, { ...a, id, status: 'noshow' });
    expect(upd.status).toBe(200);
    expect(upd.json.meta.versionId).toBe('2');
    const changed = await send('PUT', `/Appointment/${id}`, { ...psAppointment(), id });
    expect(changed.status).toBe(400);
    expectOutcome(changed.json, /changement d'identifiant/);
    expect((await send('GET', '/Appointment/does-not-exist')).status).toBe(404);
  });

  it('rejects malformed JSON and non-Appointment resources with 400', async () => {
    const bad = await send('POST', '/Appointment', '{"resourceType": "Appointment",');
    expect(bad.status).toBe(400);
    expectOutcome(bad.json, /JSON refusé/);
    const patient = await send('POST', '/Appointment', { resourceType: 'Patient' });
    expect(patient.status).toBe(400);
    expectOutcome(patient.json, /Patient/);
    const empty = await send('POST', '/Appointment', '');
    expect(empty.status).toBe(400);
  });

  it('answers 422 with every broken rule, its FHIRPath and the applied profile', async () => {
    const r = await send('POST', '/Appointment', psAppointment({ start: '2026-03-10T11:00:00+01:00', status: 'reserved' }));
    expect(r.status).toBe(422);
    expectOutcome(r.json);
    const errors = r.json.issue.filter((i: { severity: string }) => i.severity === 'error');
    expect(errors.map((i: { expression: string[] }) => i.expression[0]).sort()).toEqual(['Appointment.start', 'Appointment.status']);
    expect(r.json.issue.some((i: { diagnostics: string }) => /Profil appliqué/.test(i.diagnostics))).toBe(true);
  });

  it('accepts exactly 1 MiB and refuses 1 MiB + 1 byte with 413', async () => {
    const a = psAppointment();
    const base = JSON.stringify({ ...a, comment: '' });
    const exact = JSON.stringify({ ...a, comment: 'x'.repeat(1024 * 1024 - Buffer.byteLength(base)) });
    expect(Buffer.byteLength(exact)).toBe(1024 * 1024);
    expect((await send('POST', '/Appointment', exact)).status).toBe(201);
    const over = JSON.stringify({ ...psAppointment(), comment: 'x'.repeat(1024 * 1024 + 1 - Buffer.byteLength(base)) });
    expect(Buffer.byteLength(over)).toBe(1024 * 1024 + 1);
    const r = await send('POST', '/Appointment', over);
    expect(r.status).toBe(413);
    expectOutcome(r.json, /1 Mio/);
  });

  it('refuses an oversized chunked body without Content-Length', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${t.fhir}/Appointment`, { method: 'POST', headers: { ...FHIR, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 17; i++) req.write('x'.repeat(64 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('never creates two appointments for concurrent conditional PUTs on one identifier', async () => {
    const a = psAppointment();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send('PUT', `/Appointment?${conditionalQuery(a)}`, { ...a, comment: `n${i}` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    const search = await send('GET', `/Appointment?${conditionalQuery(a)}`);
    expect(search.json.total).toBe(1);
    const versions = results.map((r) => Number(r.json.meta.versionId)).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps a re-POSTed identifier as a new version of the same appointment, with a warning', async () => {
    const a = psAppointment();
    const first = await send('POST', '/Appointment', a);
    const again = await send('POST', '/Appointment', { ...a, status: 'cancelled' });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    const detail = t.core.appointments.versions(first.json.id);
    expect(detail[1].findings.map((f) => f.ruleId)).toContain('APT-CREATE-EXISTING');
  });

  it('refuses a malformed Host header with 400, and keeps serving', async () => {
    const { status, location } = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = http.request(`${t.fhir}/Appointment`, { method: 'POST', headers: { ...FHIR, host: 'bad host' } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      });
      req.on('error', reject);
      req.end(JSON.stringify(psAppointment()));
    });
    expect(status).toBe(400);
    expect(location).toBeUndefined();
    expect((await send('GET', '/metadata')).status).toBe(200);
  });

  it('serves a CapabilityStatement of what it supports', async () => {
    const r = await send('GET', '/metadata');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ resourceType: 'CapabilityStatement', kind: 'instance', fhirVersion: '4.0.1' });
    const res = r.json.rest[0].resource[0];
    expect(res).toMatchObject({ type: 'Appointment', updateCreate: true, conditionalUpdate: true });
    expect(res.supportedProfile).toContain('https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-appointment');
  });

  it('answers unknown types with 404 and wrong methods with 405, as OperationOutcome', async () => {
    const p = await send('GET', '/Patient/1');
    expect(p.status).toBe(404);
    expectOutcome(p.json);
    const d = await send('DELETE', '/Appointment/abc');
    expect(d.status).toBe(405);
    expectOutcome(d.json);
  });

  it('journals every exchange, linked to the appointment it produced', async () => {
    const a = psAppointment();
    const created = await send('POST', '/Appointment', a);
    await send('POST', '/Appointment', psAppointment({ status: 'nope' }));
    const exchanges = t.core.journal.forAppointment(created.json.id);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ method: 'POST', status: 201, direction: 'inbound', channel: 'fhir-gateway' });
    const detail = t.core.journal.get(exchanges[0].id)!;
    expect(JSON.parse(detail.requestBody!).identifier).toEqual(a.identifier);
    expect(detail.producedVersions).toEqual([{ appointmentId: created.json.id, version: 1 }]);
    // The answer is kept once (as the version) but shown in full.
    expect(JSON.parse(detail.responseBody!)).toEqual(created.json);
    const rejected = t.core.journal.list({ status: '4xx' }, 0, 500).rows;
    expect(rejected.some((e) => e.status === 422)).toBe(true);
    // A refused update of this appointment is shown beside it.
    await send('PUT', `/Appointment?${conditionalQuery(a)}`, { ...a, end: undefined });
    expect(t.core.journal.forAppointment(created.json.id).map((e) => e.status)).toEqual([201, 422]);
  });
});
