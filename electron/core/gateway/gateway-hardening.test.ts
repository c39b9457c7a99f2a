// The gateway's door, probed as a hostile client would: Host names, strict JSON, internal errors, journal hygiene.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psAppointment } from '../../../testing/fixtures';
import { startTestCore, type TestCore } from '../../../testing/test-core';

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => t.stop());

/** A raw request, so that Host and body bytes are exactly what a hostile client sends. */
function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const u = new URL(t.fhir);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path: `/fhir${path}`, headers, agent: false, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const hostOf = () => new URL(t.fhir).host;
const count = () => t.core.appointments.count({});

describe('Host header', () => {
  it('refuses a Host that is not one of the gateway names with 421 and never echoes it into Location', async () => {
    const r = await raw('POST', '/Appointment', { host: 'evil.example', 'content-type': 'application/fhir+json' }, JSON.stringify(psAppointment()));
    expect(r.status).toBe(421);
    expect(r.headers.location).toBeUndefined();
    expect(JSON.parse(r.text).resourceType).toBe('OperationOutcome');
    expect(r.text).toContain('GW-HOST');
    const missing = await raw('GET', '/metadata', { host: '' });
    expect(missing.status).toBe(400);
  });

  it('accepts loopback names and the configured public names, and builds Location on them', async () => {
    const before = count();
    const ok = await raw('POST', '/Appointment', { host: hostOf(), 'content-type': 'application/fhir+json' }, JSON.stringify(psAppointment()));
    expect(ok.status).toBe(201);
    expect(ok.headers.location).toMatch(new RegExp(`^http://${hostOf()}/fhir/Appointment/`));
    t.core.settings.update({ gateway: { publicNames: ['sas-passerelle.exemple.fr'] } });
    const named = await raw('POST', '/Appointment', { host: 'sas-passerelle.exemple.fr:8443', 'content-type': 'application/fhir+json' }, JSON.stringify(psAppointment()));
    expect(named.status).toBe(201);
    expect(named.headers.location).toMatch(/^http:\/\/sas-passerelle\.exemple\.fr:8443\/fhir\/Appointment\//);
    expect(count()).toBe(before + 2);
    t.core.settings.update({ gateway: { publicNames: [] } });
  });
});

describe('strict JSON at the door', () => {
  const post = (body: Buffer | string) => raw('POST', '/Appointment', { host: hostOf(), 'content-type': 'application/fhir+json' }, body);

  it('answers 400 (not 500) to a body nested 5,000 levels deep, and stores nothing', async () => {
    const before = count();
    const deep = `{"resourceType":"Appointment","extension":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const r = await post(deep);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).issue[0].code).toBe('structure');
    expect(count()).toBe(before);
  });

  it('refuses keys named after Object.prototype members at any depth', async () => {
    const before = count();
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const a = psAppointment();
      const text = JSON.stringify(a).replace('"status":"booked"', `"status":"booked","${key}":{"x":1}`);
      const nested = JSON.stringify(a).replace('"status":"accepted"', `"status":"accepted","${key}":"y"`);
      for (const body of [text, nested]) {
        const r = await post(body);
        expect(r.status, `${key}`).toBe(400);
        expect(r.text).toContain(key);
      }
    }
    expect(count()).toBe(before);
  });

  it('refuses duplicate keys, including resourceType', async () => {
    const before = count();
    const a = JSON.stringify(psAppointment());
    const dupType = `{"resourceType":"Patient",${a.slice(1)}`;
    const r = await post(dupType);
    expect(r.status).toBe(400);
    expect(r.text).toContain('resourceType');
    const dupStatus = a.replace('"status":"booked"', '"status":"booked","status":"cancelled"');
    expect((await post(dupStatus)).status).toBe(400);
    expect(count()).toBe(before);
  });

  it('refuses lone surrogates and invalid UTF-8 rather than storing them', async () => {
    const before = count();
    const a = psAppointment();
    const lone = JSON.stringify({ ...a, comment: 'x' }).replace('"comment":"x"', '"comment":"\\ud800"');
    expect((await post(lone)).status).toBe(400);
    const bytes = Buffer.from(JSON.stringify({ ...a, comment: 'ABC' }), 'utf8');
    const at = bytes.indexOf('ABC');
    bytes[at] = 0xc3;
    bytes[at + 1] = 0x28;
    expect((await post(bytes)).status).toBe(400);
    expect(count()).toBe(before);
  });
});

describe('internal errors', () => {
  it('answer 500 with an OperationOutcome naming the journal entry, never the exception text', async () => {
    const original = t.core.appointments.currentResource.bind(t.core.appointments);
    t.core.appointments.currentResource = () => {
      throw new Error('SQLITE_MISUSE secret internal detail');
    };
    try {
      const r = await raw('GET', '/Appointment/abc', { host: hostOf() });
      expect(r.status).toBe(500);
      const oo = JSON.parse(r.text);
      expect(oo.resourceType).toBe('OperationOutcome');
      expect(r.text).not.toContain('secret internal detail');
      const ref = Number(/n° (\d+)/.exec(oo.issue[0].diagnostics)?.[1]);
      const entry = t.core.journal.get(ref)!;
      expect(entry.status).toBe(500);
      expect(entry.refusal).toContain('secret internal detail');
      expect(entry.responseBody).toBe(r.text);
    } finally {
      t.core.appointments.currentResource = original;
    }
  });
});

describe('journal hygiene', () => {
  it('masks credential headers of inbound requests', async () => {
    const r = await raw('POST', '/Appointment', {
      host: hostOf(),
      'content-type': 'application/fhir+json',
      'x-api-key': 'k-123',
      'x-auth-token': 't-456',
      authorization: 'Bearer abc',
      cookie: 'sid=zzz',
      'x-request-id': 'req-1',
    }, JSON.stringify(psAppointment()));
    expect(r.status).toBe(201);
    const id = JSON.parse(r.text).id as string;
    const exchange = t.core.journal.get(t.core.journal.forAppointment(id)[0].id)!;
    const text = JSON.stringify(exchange.requestHeaders);
    for (const secret of ['k-123', 't-456', 'Bearer abc', 'zzz']) expect(text).not.toContain(secret);
    expect(exchange.requestHeaders!['x-request-id']).toBe('req-1');
  });
});
