import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FR_V2_0203, NATIONAL_ID_SYSTEM, SAS_TECHNICAL_ID_SYSTEM } from '../shared/regulators/regulator-types';
import { createTestPki, type TestPki } from './pki';
import { type RegulatorEditor, type RegulatorEditorOptions, startRegulatorEditor } from './regulator-editor';
import { startRegulatorEditorsProcess } from './regulator-editors-process';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
}, 120_000);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: Omit<RegulatorEditorOptions, 'pki'> = {}): Promise<RegulatorEditor> {
  const editor = await startRegulatorEditor({ pki, ...options });
  cleanups.push(() => editor.close());
  return editor;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown>;
}

type Who = 'client' | 'beta' | 'untrusted' | 'none';

/** One HTTPS request as the SAS platform sends it; rejects on any transport failure (or `timeoutMs`). */
function call(
  url: string,
  init: { method?: string; body?: unknown; contentType?: string; who?: Who; timeoutMs?: number; agent?: https.Agent } = {},
): Promise<Reply> {
  const who = init.who ?? 'client';
  const identity = {
    client: { cert: pki.clientCert, key: pki.clientKey },
    beta: { cert: pki.betaClientCert, key: pki.betaClientKey },
    untrusted: { cert: pki.untrustedClientCert, key: pki.untrustedClientKey },
    none: null,
  }[who];
  const text = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: init.method ?? 'POST',
        headers: { accept: 'application/fhir+json', ...(text === undefined ? {} : { 'content-type': init.contentType ?? 'application/fhir+json' }) },
        ca: fs.readFileSync(pki.caCert),
        cert: identity ? fs.readFileSync(identity.cert) : undefined,
        key: identity ? fs.readFileSync(identity.key) : undefined,
        agent: init.agent ?? false,
        timeout: init.timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: body ? (JSON.parse(body) as Record<string, unknown>) : {} }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(text);
  });
}

const post = (e: RegulatorEditor, body: unknown, init: Parameters<typeof call>[1] = {}) => call(`${e.base}/Practitioner`, { method: 'POST', body, ...init });
const put = (e: RegulatorEditor, system: string, value: string, body: unknown, init: Parameters<typeof call>[1] = {}) =>
  call(`${e.base}/Practitioner?identifier=${encodeURIComponent(`${system}|${value}`)}`, { method: 'PUT', body, ...init });

/** The kit's body template (`build_regulateur_body`). */
function practitioner(o: { system?: string; value?: string; code?: string; active?: boolean; family?: string; given?: string; email?: string } = {}) {
  const system = o.system ?? NATIONAL_ID_SYSTEM;
  return {
    resourceType: 'Practitioner',
    id: 'resource-id-from-the-kit',
    meta: { source: SAS_TECHNICAL_ID_SYSTEM, profile: ['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul'] },
    identifier: [{ type: { coding: [{ system: FR_V2_0203, code: o.code ?? (system === NATIONAL_ID_SYSTEM ? 'IDNPS' : 'INTRN') }] }, system, value: o.value ?? '810002673899' }],
    active: o.active ?? true,
    name: [{ family: o.family ?? 'Loridon', given: [o.given ?? 'Sébastien'] }],
    telecom: [{ system: 'email', value: o.email ?? 'sebastien.loridon@test.com' }],
  };
}

function without(key: string) {
  const b: Record<string, unknown> = practitioner();
  delete b[key];
  return b;
}

/** Kit 5.04, 5.05, 5.13, 5.14: bodies every editor must refuse. */
const BAD_BODIES: Array<[string, unknown]> = [
  ['NO_IDENTIFIER', without('identifier')],
  ['NO_NAME', without('name')],
  ['NO_TELECOM', without('telecom')],
  ['NO_ACTIVE', without('active')],
  ['EMPTY_NAME', practitioner({ family: '' })],
  ['EMPTY_MAIL', practitioner({ email: '' })],
  ['WRONG_TELECOM_SYSTEM', { ...practitioner(), telecom: [{ system: 'phone', value: '0600000000' }] }],
  ['WRONG_CODE_FOR_IDNPS_SYSTEM', practitioner({ system: NATIONAL_ID_SYSTEM, code: 'INTRN' })],
  ['WRONG_CODE_FOR_INTRN_SYSTEM', practitioner({ system: SAS_TECHNICAL_ID_SYSTEM, value: randomUUID(), code: 'IDNPS' })],
  ['two given names', { ...practitioner(), name: [{ family: 'Loridon', given: ['Sébastien', 'Jean'] }] }],
  ['no type on the identifier', { ...practitioner(), identifier: [{ system: NATIONAL_ID_SYSTEM, value: '810002673899' }] }],
  ['not a Practitioner', { ...practitioner(), resourceType: 'Patient' }],
  ['active as a string', { ...practitioner(), active: 'true' }],
];

const issueCode = (r: Reply) => ((r.json.issue as Array<{ code: string }> | undefined) ?? [])[0]?.code;

describe('regulator editor: create (POST)', () => {
  it('creates: 201, Location with _history/1, the stored resource as body, the request recorded', async () => {
    const e = await start();
    const r = await post(e, practitioner());
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/fhir+json');
    const id = r.json.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toBe('resource-id-from-the-kit');
    expect(r.headers.location).toBe(`${e.base}/Practitioner/${id}/_history/1`);
    expect(r.json.meta).toMatchObject({ versionId: '1', source: SAS_TECHNICAL_ID_SYSTEM });
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')).toMatchObject({ id, versionId: 1, createdBy: 'POST' });
    expect(e.received).toEqual([
      expect.objectContaining({ method: 'POST', identifierQuery: null, contentType: 'application/fhir+json', accept: 'application/fhir+json', clientCn: 'lga.editeur-test.fr', status: 201, fault: null }),
    ]);
    expect(e.counts()).toEqual({ posts: 1, puts: 0, created: 1, updated: 0, refused: 0 });
    expect(e.base).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/fhir$/);
  });

  it('refuses a second create of the same identifier with 409 duplicate (kit 5.03), or the configured status', async () => {
    const e = await start();
    const body = practitioner({ system: SAS_TECHNICAL_ID_SYSTEM, value: randomUUID() });
    expect((await post(e, body)).status).toBe(201);
    const again = await post(e, body);
    expect(again.status).toBe(409);
    expect(again.json.resourceType).toBe('OperationOutcome');
    expect(issueCode(again)).toBe('duplicate');
    expect(e.accounts()).toHaveLength(1);
    expect(e.counts()).toMatchObject({ posts: 2, created: 1, refused: 1 });
    expect(e.duplicates()).toBe(0);

    const strict = await start({ duplicateStatus: 422 });
    await post(strict, body);
    expect((await post(strict, body)).status).toBe(422);
  });

  it('refuses an active account whose e-mail another active account uses (422), accepts it once that one is revoked', async () => {
    const e = await start();
    await post(e, practitioner({ value: '810000000001', email: 'a@test.fr' }));
    const clash = await post(e, practitioner({ value: '810000000002', email: 'A@test.fr' }));
    expect(clash.status).toBe(422);
    expect(issueCode(clash)).toBe('business-rule');
    expect((await put(e, NATIONAL_ID_SYSTEM, '810000000001', practitioner({ value: '810000000001', email: 'a@test.fr', active: false }))).status).toBe(200);
    expect((await post(e, practitioner({ value: '810000000002', email: 'a@test.fr' }))).status).toBe(201);
  });

  it.each(BAD_BODIES)('refuses %s with 400 and an OperationOutcome naming the element, on POST, PUT update and PUT create', async (_name, bad) => {
    const e = await start();
    const created = await post(e, practitioner());
    const r = await post(e, bad);
    expect(r.status).toBe(400);
    expect(r.json.resourceType).toBe('OperationOutcome');
    expect((r.json.issue as Array<{ expression: string[] }>)[0].expression[0]).toMatch(/^Practitioner/);
    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', bad)).status).toBe(400);
    expect((await put(e, SAS_TECHNICAL_ID_SYSTEM, randomUUID(), bad)).status).toBe(400);
    expect(e.accounts()).toEqual([expect.objectContaining({ id: created.json.id, versionId: 1 })]);
    expect(e.counts()).toMatchObject({ created: 1, updated: 0, refused: 3 });
  });

  it('refuses a body that is not JSON (400), a wrong content type (415), unknown routes (404) and a PUT without identifier (400)', async () => {
    const e = await start();
    expect((await post(e, '{"resourceType": "Practitioner",')).status).toBe(400);
    const wrongType = await post(e, practitioner(), { contentType: 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.resourceType).toBe('OperationOutcome');
    expect((await call(`${e.base}/Patient`, { body: practitioner() })).status).toBe(404);
    expect((await call(`${e.base}/Practitioner`, { method: 'GET' })).status).toBe(404);
    expect((await call(`${e.base}/Practitioner`, { method: 'PUT', body: practitioner() })).status).toBe(400);
    expect((await call(`${e.base}/Practitioner?identifier=810002673899`, { method: 'PUT', body: practitioner() })).status).toBe(400);
    expect(e.accounts()).toHaveLength(0);
    // The kit's FHIR client sends application/json; the IG's curl example application/json+fhir.
    expect((await post(e, practitioner({ value: '1' }), { contentType: 'application/json; charset=utf-8' })).status).toBe(201);
    expect((await post(e, practitioner({ value: '2', email: '2@test.fr' }), { contentType: 'application/json+fhir' })).status).toBe(201);
  });
});

describe('regulator editor: conditional update (PUT)', () => {
  it('updates: 200, Location with the next version, content replaced; the | may be sent raw or as %7C', async () => {
    const e = await start();
    const { json } = await post(e, practitioner());
    const r = await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner({ family: 'Dupont' }));
    expect(r.status).toBe(200);
    expect(r.headers.location).toBe(`${e.base}/Practitioner/${json.id as string}/_history/2`);
    expect(r.json).toMatchObject({ id: json.id, meta: { versionId: '2' }, name: [{ family: 'Dupont' }] });
    const raw = await call(`${e.base}/Practitioner?identifier=${NATIONAL_ID_SYSTEM}|810002673899`, { method: 'PUT', body: practitioner({ given: 'Jean' }) });
    expect(raw.status).toBe(200);
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')).toMatchObject({ versionId: 3, resource: { name: [{ family: 'Loridon', given: ['Jean'] }] } });
    expect(e.received.map((q) => q.identifierQuery)).toEqual([null, `${NATIONAL_ID_SYSTEM}|810002673899`, `${NATIONAL_ID_SYSTEM}|810002673899`]);
    expect(e.counts()).toEqual({ posts: 1, puts: 2, created: 1, updated: 2, refused: 0 });
  });

  it('changes the identifier: old one in the query, new one in the body; the old one then finds nothing', async () => {
    const e = await start();
    const uuid = randomUUID();
    const { json } = await post(e, practitioner({ system: SAS_TECHNICAL_ID_SYSTEM, value: uuid }));
    expect((await put(e, SAS_TECHNICAL_ID_SYSTEM, uuid, practitioner({ value: '810002673899' }))).status).toBe(200);
    expect(e.find(SAS_TECHNICAL_ID_SYSTEM, uuid)).toBeUndefined();
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')?.id).toBe(json.id);
    expect(e.accounts()).toHaveLength(1);
    // A client that forgets the change and creates the technical id again makes a second account.
    expect((await post(e, practitioner({ system: SAS_TECHNICAL_ID_SYSTEM, value: uuid, email: 'autre@test.fr' }))).status).toBe(201);
    expect(e.duplicates()).toBe(1);
  });

  it('creates when no account holds the identifier (201 by default, 200 if configured), with the create checks', async () => {
    const e = await start();
    const uuid = randomUUID();
    const r = await put(e, SAS_TECHNICAL_ID_SYSTEM, uuid, practitioner({ system: SAS_TECHNICAL_ID_SYSTEM, value: uuid }));
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe(`${e.base}/Practitioner/${r.json.id as string}/_history/1`);
    expect(e.find(SAS_TECHNICAL_ID_SYSTEM, uuid)).toMatchObject({ createdBy: 'PUT', versionId: 1 });
    // The query finds nothing but the body's identifier is taken: a create of a duplicate.
    const dup = await put(e, SAS_TECHNICAL_ID_SYSTEM, randomUUID(), practitioner({ system: SAS_TECHNICAL_ID_SYSTEM, value: uuid }));
    expect(dup.status).toBe(409);
    expect(e.accounts()).toHaveLength(1);

    const lenient = await start({ putCreateStatus: 200 });
    expect((await put(lenient, NATIONAL_ID_SYSTEM, '810002673899', practitioner())).status).toBe(200);
    expect(lenient.counts()).toMatchObject({ created: 1, updated: 0 });
  });

  it('revokes with active false, and enables again with active true (kit 5.06, 5.07)', async () => {
    const e = await start();
    await post(e, practitioner());
    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner({ active: false }))).status).toBe(200);
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')?.resource.active).toBe(false);
    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner({ active: true }))).status).toBe(200);
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')).toMatchObject({ versionId: 3, resource: { active: true } });
  });

  it('re-attributes the national id of a revoked account to a new one (kit 5.16), refuses it from an active account (422)', async () => {
    const e = await start();
    const old = await post(e, practitioner());
    const uuid = randomUUID();
    const newAccount = await post(e, practitioner({ system: SAS_TECHNICAL_ID_SYSTEM, value: uuid, email: `${uuid}.sebastien.loridon@test.com` }));
    const taken = await put(e, SAS_TECHNICAL_ID_SYSTEM, uuid, practitioner({ email: `${uuid}.sebastien.loridon@test.com` }));
    expect(taken.status).toBe(422);
    expect(issueCode(taken)).toBe('business-rule');

    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner({ active: false }))).status).toBe(200);
    expect((await put(e, SAS_TECHNICAL_ID_SYSTEM, uuid, practitioner({ email: `${uuid}.sebastien.loridon@test.com` }))).status).toBe(200);
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')?.id).toBe(newAccount.json.id);
    const previous = e.accounts().find((a) => a.id === old.json.id);
    expect(previous?.resource).toMatchObject({ active: false, identifier: [] });
    expect(e.duplicates()).toBe(0);
  });
});

describe('regulator editor: faults', () => {
  it('answers an injected status with Retry-After without applying it, then serves normally', async () => {
    const e = await start();
    e.inject({ kind: 'status', status: 503, retryAfter: '120' });
    const r = await post(e, practitioner());
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('120');
    expect(r.json.resourceType).toBe('OperationOutcome');
    expect(e.accounts()).toHaveLength(0);
    expect((await post(e, practitioner())).status).toBe(201);
    expect(e.received.map((q) => [q.fault, q.status])).toEqual([['status', 503], [null, 201]]);
    expect(e.counts()).toMatchObject({ created: 1, refused: 1 });
  });

  it('consumes faults in order, only by requests of the given method, `times` over; clearFaults drops the rest', async () => {
    const e = await start();
    e.inject({ kind: 'status', status: 500 }, { method: 'PUT', times: 2 });
    e.inject({ kind: 'status', status: 429 });
    expect((await post(e, practitioner())).status).toBe(429);
    expect((await post(e, practitioner())).status).toBe(201);
    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner())).status).toBe(500);
    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner())).status).toBe(500);
    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner())).status).toBe(200);
    e.inject({ kind: 'status', status: 500 }, { times: 5 });
    e.clearFaults();
    expect((await put(e, NATIONAL_ID_SYSTEM, '810002673899', practitioner())).status).toBe(200);
  });

  it('timeout: reads the request and never answers; the client gives up; close() ends the hanging socket', async () => {
    const e = await startRegulatorEditor({ pki });
    e.inject({ kind: 'timeout' });
    await expect(post(e, practitioner(), { timeoutMs: 300 })).rejects.toThrow('client timeout');
    expect(e.received).toEqual([expect.objectContaining({ fault: 'timeout', status: null })]);
    expect(e.accounts()).toHaveLength(0);
    // A client that keeps waiting is cut when the editor closes.
    e.inject({ kind: 'timeout' });
    const waiting = post(e, practitioner());
    await e.waitForRequests(2);
    await e.close();
    await expect(waiting).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('reset-after-apply: the client sees the connection die, yet the account exists', async () => {
    const e = await start();
    e.inject({ kind: 'reset-after-apply' });
    await expect(post(e, practitioner())).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')).toBeDefined();
    expect(e.received).toEqual([expect.objectContaining({ fault: 'reset-after-apply', status: null })]);
    expect(e.counts()).toMatchObject({ created: 1 });
    // The retry the client then sends is a duplicate.
    expect((await post(e, practitioner())).status).toBe(409);
  });

  it('slow: applies at once and answers after the delay', async () => {
    const e = await start();
    e.inject({ kind: 'slow', ms: 200 });
    const t0 = performance.now();
    const answer = post(e, practitioner());
    await e.waitForRequests(1);
    expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')).toBeDefined();
    expect(e.received[0].status).toBeNull();
    expect((await answer).status).toBe(201);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(195);
    expect(e.received[0]).toMatchObject({ fault: 'slow', status: 201 });
  });

  it('delayMs delays every answer', async () => {
    const e = await start({ delayMs: 150 });
    const t0 = performance.now();
    expect((await post(e, practitioner())).status).toBe(201);
    expect((await post(e, practitioner())).status).toBe(409);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295);
  });
});

describe('regulator editor: transport', () => {
  it('refuses a client whose certificate comes from another CA, and a client without certificate, in the handshake', async () => {
    const e = await start();
    await expect(post(e, practitioner(), { who: 'untrusted' })).rejects.toThrow();
    await expect(post(e, practitioner(), { who: 'none' })).rejects.toThrow();
    expect(e.received).toHaveLength(0);
    expect((await post(e, practitioner(), { who: 'beta' })).status).toBe(201);
    expect(e.received[0].clientCn).toBe('lga.editeur-beta.fr');
  });

  it('keeps connections alive between answers', async () => {
    const e = await start();
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const sockets = new Set<unknown>();
    const once = (body: unknown) =>
      new Promise<number>((resolve, reject) => {
        const req = https.request(`${e.base}/Practitioner`, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json' },
          ca: fs.readFileSync(pki.caCert),
          cert: fs.readFileSync(pki.clientCert),
          key: fs.readFileSync(pki.clientKey),
          agent,
        }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('socket', (s) => sockets.add(s));
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    expect(await once(practitioner({ value: '1' }))).toBe(201);
    expect(await once(practitioner({ value: '2', email: '2@test.fr' }))).toBe(201);
    expect(sockets.size).toBe(1);
  });

  it('reset() forgets accounts, requests, faults and counters', async () => {
    const e = await start();
    await post(e, practitioner());
    e.inject({ kind: 'status', status: 500 });
    e.reset();
    expect(e.accounts()).toHaveLength(0);
    expect(e.received).toHaveLength(0);
    expect(e.counts()).toEqual({ posts: 0, puts: 0, created: 0, updated: 0, refused: 0 });
    expect((await post(e, practitioner())).status).toBe(201);
  });
});

describe('regulator editors in a child process', () => {
  it('serves each base and reports counts and duplicates per editor', async () => {
    const editors = await startRegulatorEditorsProcess({ pki, count: 2, slow: { index: 1, delayMs: 50 } });
    cleanups.push(() => editors.close());
    expect(editors.bases).toHaveLength(2);
    expect(new Set(editors.bases).size).toBe(2);
    const url = (i: number) => `${editors.bases[i]}/Practitioner`;
    expect((await call(url(0), { body: practitioner() })).status).toBe(201);
    const identifier = encodeURIComponent(`${NATIONAL_ID_SYSTEM}|810002673899`);
    expect((await call(`${url(1)}?identifier=${identifier}`, { method: 'PUT', body: practitioner() })).status).toBe(201);
    expect(await editors.counts()).toEqual([
      { posts: 1, puts: 0, created: 1, updated: 0, refused: 0 },
      { posts: 0, puts: 1, created: 1, updated: 0, refused: 0 },
    ]);
    expect(await editors.duplicates()).toEqual([0, 0]);
    await editors.close();
    expect(editors.child.exitCode).toBe(0);
  }, 60_000);
});
