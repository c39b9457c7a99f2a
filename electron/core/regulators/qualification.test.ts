import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QualificationRun, QualificationStep } from '../../../shared/api/regulator-api';
import type { EditorInput } from '../../../shared/api/editor-types';
import { NATIONAL_ID_SYSTEM, SAS_TECHNICAL_ID_SYSTEM } from '../../../shared/regulators/regulator-types';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { type RegulatorEditor, type RegulatorEditorOptions, startRegulatorEditor } from '../../../testing/regulator-editor';
import { regulatorEditorInput, until } from '../../../testing/regulator-fixtures';
import { ApiError } from '../api/api-error';
import { type Core, startCore } from '../core';
import { JobQueue } from '../jobs/job-queue';
import { QUALIFICATION_JOB, QualificationService } from './qualification';

let pki: TestPki;
let core: Core;
let service: QualificationService;
let dataDir: string;
const cleanups: Array<() => Promise<void> | void> = [];

const STEP_IDS = ['5.01', '5.02', '5.03', '5.04', '5.05', '5.06', '5.07', '5.08', '5.09', '5.10', '5.11', '5.12', '5.13', '5.14', '5.15', '5.16'];
/** Requests per step in the kit: 5.03 posts twice, 5.04/5.13/5.14 send 4 bodies, 5.05 five, 5.16 three. */
const REQUESTS_PER_STEP = [1, 1, 2, 4, 5, 1, 1, 1, 1, 1, 1, 1, 4, 4, 1, 3];
const INTERRUPTED = 'Exécution interrompue : relancez la qualification.';
const INCOMPLETE = ['NO_IDENTIFIER', 'NO_NAME', 'NO_TELECOM', 'NO_ACTIVE'];

beforeAll(() => {
  pki = createTestPki();
}, 60_000);
afterAll(() => fs.rmSync(pki.dir, { recursive: true, force: true }));

function newService(c: Core, jobs = c.jobs): QualificationService {
  return new QualificationService({ db: c.db, editors: c.editors, client: c.fhir, journal: c.journal, jobs, emit: (topic, id) => c.events.emit(topic, id) });
}

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-qualif-'));
  core = await startCore({ dataDir, host: 'headless' });
  service = core.qualification;
  return async () => {
    await core.close();
    for (const c of cleanups.splice(0).reverse()) await c();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
});

async function fakeEditor(options: Omit<RegulatorEditorOptions, 'pki'> = {}): Promise<RegulatorEditor> {
  const e = await startRegulatorEditor({ pki, ...options });
  cleanups.push(() => e.close());
  return e;
}

async function saveEditor(input: EditorInput): Promise<string> {
  return (await core.handlers['editors.save'](input)).id;
}

interface Received {
  method: string;
  url: string;
  body: unknown;
}

/** An editor that checks nothing: 201 to every POST, 200 to every PUT (plain HTTP, as some recettes are). */
async function laxEditor(): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : null });
      const status = req.method === 'POST' ? 201 : 200;
      const body = JSON.stringify({ resourceType: 'Practitioner', id: String(received.length) });
      res.writeHead(status, { 'content-type': 'application/fhir+json', location: `/fhir/Practitioner/${received.length}` });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`, received };
}

function finished(id: string): Promise<QualificationRun> {
  return until(core, () => {
    const run = service.run(id);
    return run?.finishedUtc != null ? run : null;
  });
}

const step = (run: QualificationRun, id: string): QualificationStep => run.steps.find((s) => s.id === id)!;
const verdicts = (run: QualificationRun) => Object.fromEntries(run.steps.map((s) => [s.id, s.verdict]));

function caught(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('no ApiError thrown');
}

type Body = {
  identifier?: { system: string; value: string; type: { coding: { code: string }[] } }[];
  active?: boolean;
  name?: { family: string; given: string[] }[];
  telecom?: { system: string; value: string }[];
};

describe('INT_R02 qualification (ANS test kit, group 5)', () => {
  it('passes every step against an editor that behaves as the kit expects, sending what the kit sends', async () => {
    const editor = await fakeEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur conforme'));
    const seen: string[] = [];
    const stop = core.events.subscribe((e) => {
      for (const r of e.refs) if (r.topic === 'qualifications') seen.push(r.id);
    });
    cleanups.push(stop);

    const started = service.start(editorId, { nationalId: '810002673899', email: 'recette.sas@editeur-test.fr' });
    expect(started).toMatchObject({ editorId, editorName: 'Éditeur conforme', baseUrl: editor.base, finishedUtc: null, summary: {} });
    expect(started.steps.map((s) => s.id)).toEqual(STEP_IDS);
    expect(started.steps.every((s) => s.verdict === 'skipped' && s.requests.length === 0 && s.detail === null)).toBe(true);
    expect(step(started, '5.05').optional).toBe(true);

    const run = await finished(started.id);
    expect(verdicts(run)).toEqual(Object.fromEntries(STEP_IDS.map((id) => [id, 'pass'])));
    expect(run.summary).toEqual({ pass: 16 });
    expect(run.steps.map((s) => s.requests.length)).toEqual(REQUESTS_PER_STEP);
    expect(step(run, '5.01').expected).toBe('201 Created attendu');
    expect(step(run, '5.04').expected).toBe('refus 4xx ou 5xx attendu pour chacun des 4 corps incomplets');
    expect(step(run, '5.10').detail).toMatch(/^Particularité du kit : le code ne correspond pas au titre/);
    expect(step(run, '5.01').detail).toBeNull();
    expect(seen).toContain(started.id);

    // What the editor received is the kit's sequence: methods, conditional-update targets, bodies.
    const r = editor.received;
    expect(r).toHaveLength(32);
    const kinds = r.map((q) => q.method);
    expect(kinds).toEqual(['POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'PUT', 'POST', 'PUT']);
    expect(r.every((q) => q.clientCn === 'lga.editeur-test.fr' && q.contentType?.startsWith('application/fhir+json'))).toBe(true);
    const body = (i: number) => r[i].body as Body;
    const n = '810002673899';
    const mail = 'recette.sas@editeur-test.fr';
    // 5.01
    expect(body(0)).toMatchObject({ identifier: [{ system: NATIONAL_ID_SYSTEM, value: n, type: { coding: [{ code: 'IDNPS' }] } }], active: true, telecom: [{ system: 'email', value: mail }] });
    // 5.02: a UUID regulator whose e-mail is `<uuid><mail>`.
    const u1 = body(1).identifier![0].value;
    expect(body(1)).toMatchObject({ identifier: [{ system: SAS_TECHNICAL_ID_SYSTEM, type: { coding: [{ code: 'INTRN' }] } }], telecom: [{ value: `${u1}${mail}` }] });
    expect(u1).toMatch(/^[0-9a-f-]{36}$/);
    // 5.03: the same body twice, refused the second time.
    expect(body(3)).toEqual(body(2));
    expect([r[2].status, r[3].status]).toEqual([201, 409]);
    // 5.04: each body misses exactly one element.
    expect(Object.keys(body(4))).not.toContain('identifier');
    expect(Object.keys(body(5))).not.toContain('name');
    expect(Object.keys(body(6))).not.toContain('telecom');
    expect(Object.keys(body(7))).not.toContain('active');
    // 5.05: values altered.
    expect(body(8).name![0].family).toBe('');
    expect(body(9).telecom![0].value).toBe('');
    expect(body(10).telecom![0].system).toBe('phone');
    expect(body(11).identifier![0]).toMatchObject({ system: NATIONAL_ID_SYSTEM, type: { coding: [{ code: 'INTRN' }] } });
    expect(body(12).identifier![0]).toMatchObject({ system: SAS_TECHNICAL_ID_SYSTEM, type: { coding: [{ code: 'IDNPS' }] } });
    expect(r.slice(4, 13).every((q) => q.status === 400)).toBe(true);
    // 5.06 … 5.09 target the national id; 5.09 carries the new one in the body.
    expect(r.slice(13, 17).map((q) => q.identifierQuery)).toEqual(Array(4).fill(`${NATIONAL_ID_SYSTEM}|${n}`));
    expect(r[13].url).toBe(`/fhir/Practitioner?identifier=${encodeURIComponent(`${NATIONAL_ID_SYSTEM}|${n}`)}`);
    expect([body(13).active, body(14).active]).toEqual([false, true]);
    expect(body(15).telecom![0].value).toBe('recette.sas.modif@editeur-test.fr');
    const n2 = body(16).identifier![0].value;
    expect(n2).toMatch(/^8\d{11}$/);
    expect(n2).not.toBe(n);
    // 5.10: the kit's quirk, IDNPS system with the UUID of 5.02 in the query, UUID system with the national id in the body.
    expect(r[17].identifierQuery).toBe(`${NATIONAL_ID_SYSTEM}|${u1}`);
    expect(body(17).identifier![0]).toMatchObject({ system: SAS_TECHNICAL_ID_SYSTEM, value: n, type: { coding: [{ code: 'INTRN' }] } });
    // 5.11, 5.12 and the four 5.13 bodies target the new national id.
    expect(r.slice(18, 24).map((q) => q.identifierQuery)).toEqual(Array(6).fill(`${NATIONAL_ID_SYSTEM}|${n2}`));
    expect(body(18).name).toEqual([{ family: 'Qualification-modif', given: ['Régulateur'] }]);
    expect(body(19).name).toEqual([{ family: 'Qualification-modif', given: ['Régulateur-modif'] }]);
    expect(INCOMPLETE.map((_, k) => Object.keys(body(20 + k)).length)).toEqual([5, 5, 5, 5]);
    // 5.14: four incomplete PUT-as-create on one new UUID; 5.15 a complete one on another.
    const u3 = r[24].identifierQuery!;
    expect(u3.startsWith(`${SAS_TECHNICAL_ID_SYSTEM}|`)).toBe(true);
    expect(r.slice(24, 28).map((q) => q.identifierQuery)).toEqual(Array(4).fill(u3));
    expect(r.slice(20, 28).every((q) => q.status === 400)).toBe(true);
    const u4 = body(28).identifier![0].value;
    expect(r[28]).toMatchObject({ method: 'PUT', identifierQuery: `${SAS_TECHNICAL_ID_SYSTEM}|${u4}`, status: 201 });
    expect(body(28)).toMatchObject({ telecom: [{ value: `${u4}${mail}` }], name: [{ family: `${u4}Qualification`, given: [`${u4}Régulateur`] }] });
    // 5.16: revoke the national id, create a new UUID account (`<uuid>.<mail>`), give it the national id.
    expect(r[29]).toMatchObject({ method: 'PUT', identifierQuery: `${NATIONAL_ID_SYSTEM}|${n}` });
    expect(body(29).active).toBe(false);
    const u5 = body(30).identifier![0].value;
    expect(body(30).telecom![0].value).toBe(`${u5}.${mail}`);
    expect(r[31]).toMatchObject({ identifierQuery: `${SAS_TECHNICAL_ID_SYSTEM}|${u5}`, status: 200 });
    expect(body(31).identifier![0]).toMatchObject({ system: NATIONAL_ID_SYSTEM, value: n });
    expect(editor.find(NATIONAL_ID_SYSTEM, n)?.resource).toMatchObject({ active: true, telecom: [{ value: `${u5}.${mail}` }] });

    // Every request is journalled, linked to the run and the editor, and completed.
    const journalled = core.journal.forLink('qualification', run.id);
    expect(journalled).toHaveLength(32);
    expect(journalled.map((x) => x.id)).toEqual(run.steps.flatMap((s) => s.requests.map((q) => q.exchangeId)));
    expect(journalled.map((x) => x.operation)).toEqual(run.steps.flatMap((s) => s.requests.map(() => `qualification.${s.id}`)));
    expect(journalled.map((x) => x.correlationId)).toEqual(run.steps.flatMap((s) => s.requests.map((_, k) => `${run.id}.${s.id}.${k + 1}`)));
    expect(journalled.every((x) => x.channel === 'editor-regulators' && x.direction === 'outbound' && x.outcome !== 'pending')).toBe(true);
    expect(journalled.map((x) => x.status)).toEqual(r.map((q) => q.status));
    const first = core.journal.get(journalled[0].id)!;
    expect(first.links).toEqual(expect.arrayContaining([{ kind: 'qualification', ref: run.id }, { kind: 'editor', ref: editorId }]));
    expect(first.requestHeaders).toMatchObject({ accept: 'application/fhir+json', 'content-type': 'application/fhir+json' });
    expect(JSON.parse(first.requestBody!)).toEqual(body(0));
    expect(first.tls).toMatchObject({ clientCertificate: { subject: expect.stringContaining('lga.editeur-test.fr') } });
    expect(step(run, '5.03').requests[1]).toMatchObject({ method: 'POST', url: `${editor.base}/Practitioner`, status: 409, failure: null });

    expect(service.runs(editorId).map((x) => x.id)).toEqual([run.id]);
    expect(service.runs()).toHaveLength(1);
  });

  it('draws throwaway identities when none are given: an IDNPS `8` + 11 digits and an e-mail that reaches nobody', async () => {
    const editor = await fakeEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur conforme'));
    const a = await finished(service.start(editorId, {}).id);
    const b = await finished(service.start(editorId, {}).id);
    expect(a.summary).toEqual({ pass: 16 });
    // A second run on the same editor passes too: nothing of the first one is reused.
    expect(b.summary).toEqual({ pass: 16 });
    const posts = editor.received.filter((q) => q.method === 'POST').map((q) => q.body as Body);
    const [firstA] = posts;
    expect(firstA.identifier![0].value).toMatch(/^8\d{11}$/);
    expect(firstA.telecom![0].value).toMatch(/^qualification\.[0-9a-f]{8}@console-sas\.invalid$/);
    expect(service.runs(editorId).map((x) => x.id)).toEqual([b.id, a.id]);
  });

  it('catches an editor that accepts everything: duplicates and incomplete bodies, with French details', async () => {
    const lax = await laxEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, lax.base, 'Éditeur laxiste', { identity: null, caPem: null }));
    const run = await finished(service.start(editorId, {}).id);
    expect(verdicts(run)).toEqual({
      '5.01': 'pass',
      '5.02': 'pass',
      '5.03': 'fail',
      '5.04': 'fail',
      '5.05': 'warning',
      '5.06': 'pass',
      '5.07': 'pass',
      '5.08': 'pass',
      '5.09': 'pass',
      '5.10': 'pass',
      '5.11': 'pass',
      '5.12': 'pass',
      '5.13': 'fail',
      '5.14': 'fail',
      '5.15': 'pass',
      '5.16': 'pass',
    });
    expect(run.summary).toEqual({ pass: 11, fail: 4, warning: 1 });
    expect(lax.received).toHaveLength(32);
    expect(step(run, '5.03').detail).toBe(
      "Le second POST identique a été accepté (201) : l'éditeur doit refuser la seconde création du même compte (409 ou 422 attendu) : il a créé un doublon.",
    );
    const d504 = step(run, '5.04').detail!;
    for (const name of INCOMPLETE) expect(d504).toContain(`Le corps ${name} a été accepté (201)`);
    expect(d504).toContain("Le corps NO_TELECOM a été accepté (201) : l'éditeur doit refuser un compte sans e-mail.");
    expect(step(run, '5.05').detail).toContain("Le corps WRONG_CODE_FOR_INTRN_SYSTEM a été accepté (201) : l'éditeur doit refuser un identifiant technique SAS (INTRN) typé IDNPS.");
    expect(step(run, '5.13').detail).toContain("Le corps NO_IDENTIFIER a été accepté (200) : l'éditeur doit refuser un compte sans identifiant.");
    expect(step(run, '5.14').requests.map((q) => q.status)).toEqual([200, 200, 200, 200]);
    expect(step(run, '5.14').requests.every((q) => q.url.includes(`identifier=${encodeURIComponent(SAS_TECHNICAL_ID_SYSTEM)}%7C`))).toBe(true);
    // No client certificate over plain HTTP: the journal says so rather than inventing one.
    expect(core.journal.get(step(run, '5.01').requests[0].exchangeId!)!.tls).toMatchObject({ clientCertificate: null });
  });

  it('fails a step whose request gets no answer, keeps the failure, and plays the following steps', async () => {
    const editor = await fakeEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur muet', { timeoutMs: 600 }));
    editor.inject({ kind: 'timeout' }, { method: 'POST' });
    const run = await finished(service.start(editorId, {}).id);
    const s = step(run, '5.01');
    expect(s.verdict).toBe('fail');
    expect(s.requests[0]).toMatchObject({ status: null, failure: { code: 'net.timeout' } });
    expect(s.detail).toMatch(/^La création \(POST\) n'a pas reçu de réponse : Pas de réponse complète en 600 ms/);
    expect(step(run, '5.02').verdict).toBe('pass');
    expect(run.steps.every((x) => x.verdict !== 'skipped')).toBe(true);
    expect(core.journal.get(s.requests[0].exchangeId!)).toMatchObject({ outcome: 'unknown', failure: { code: 'net.timeout' } });
  });

  it('refuses an unknown editor, one without the INT_R02 flow, a production editor and bad inputs, in French', async () => {
    const editor = await fakeEditor();
    expect(caught(() => service.start('00000000-0000-4000-8000-000000000000', {}))).toMatchObject({ code: 'not-found', message: expect.stringContaining('Éditeur inconnu') });
    const slots = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur créneaux', { flows: ['ps'] }));
    expect(caught(() => service.start(slots, {}))).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('flux INT_R02') });
    const prod = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur production', { environment: 'production' }));
    expect(caught(() => service.start(prod, {}))).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('production') });
    const ok = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur recette'));
    expect(caught(() => service.start(ok, { email: 'pas-une-adresse' }))).toMatchObject({ code: 'invalid-input' });
    expect(caught(() => service.start(ok, { nationalId: 'a b' }))).toMatchObject({ code: 'invalid-input' });
    expect(service.runs()).toEqual([]);
    expect(editor.received).toHaveLength(0);
  });

  it('closes a cancelled run, queued or running, with the steps not played skipped', async () => {
    const editor = await fakeEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur lent'));
    // The first request hangs: run 1 holds the editor's lane, run 2 waits behind it (one run per editor).
    editor.inject({ kind: 'timeout' }, { method: 'POST' });
    const first = service.start(editorId, {});
    const second = service.start(editorId, {});
    await editor.waitForRequests(1);
    expect(core.jobs.latest(QUALIFICATION_JOB, second.id)?.state).toBe('queued');

    expect(core.jobs.cancel(QUALIFICATION_JOB, second.id)).toBe(true);
    const queued = service.run(second.id)!;
    expect(queued.finishedUtc).not.toBeNull();
    expect(queued.steps.every((s) => s.verdict === 'skipped' && s.detail === INTERRUPTED && s.requests.length === 0)).toBe(true);
    expect(queued.summary).toEqual({ skipped: 16 });

    expect(core.jobs.cancel(QUALIFICATION_JOB, first.id)).toBe(true);
    await core.jobs.whenIdle(QUALIFICATION_JOB);
    const running = service.run(first.id)!;
    expect(running.finishedUtc).not.toBeNull();
    expect(running.steps.every((s) => s.verdict === 'skipped' && s.detail === INTERRUPTED)).toBe(true);
    // The request that was out stays on its step, with the abort as its failure.
    expect(step(running, '5.01').requests).toEqual([expect.objectContaining({ method: 'POST', status: null, failure: expect.objectContaining({ code: 'net.aborted' }) })]);
    expect(editor.received).toHaveLength(1);
  });

  it('closes a run a crash interrupted when the jobs are recovered at the next start', async () => {
    const editor = await fakeEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur conforme'));
    // A queue that never runs anything stands for the process that died: its job is left « running ».
    const dead = new JobQueue(core.db, { owner: 'dead' });
    const before = newService(core, dead);
    dead.register(before.worker());
    const run = before.start(editorId, {});
    core.db.prepare("UPDATE jobs SET state = 'running', attempts = 1, lease_owner = 'dead' WHERE kind = ? AND key = ?").run(QUALIFICATION_JOB, run.id);
    expect(before.run(run.id)!.finishedUtc).toBeNull();

    const restarted = new JobQueue(core.db, { owner: 'restarted' });
    const after = newService(core, restarted);
    restarted.register(after.worker());
    expect(restarted.recover()).toEqual({ requeued: 0, failed: 1, superseded: 0 });
    const closed = after.run(run.id)!;
    expect(closed.finishedUtc).not.toBeNull();
    expect(closed.steps.every((s) => s.verdict === 'skipped' && s.detail === INTERRUPTED)).toBe(true);
    expect(restarted.latest(QUALIFICATION_JOB, run.id)).toMatchObject({ state: 'failed', lastFailure: { code: 'job.interrupted' } });
    expect(editor.received).toHaveLength(0);
  });

  it('closes a run whose job ended while no worker was there to hear it', async () => {
    const editor = await fakeEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur conforme'));
    const dead = new JobQueue(core.db, { owner: 'dead' });
    const run = newService(core, dead).start(editorId, {});
    // Recovered by a process that did not know qualification runs: the job failed, the run was never told.
    core.db.prepare("UPDATE jobs SET state = 'failed', finished_utc = 1 WHERE kind = ? AND key = ?").run(QUALIFICATION_JOB, run.id);
    const read = newService(core, dead).run(run.id)!;
    expect(read.finishedUtc).not.toBeNull();
    expect(read.summary).toEqual({ skipped: 16 });
  });

  it('exports a run for a support ticket with each request and response, headers and bodies', async () => {
    const editor = await fakeEditor();
    const editorId = await saveEditor(regulatorEditorInput(pki, editor.base, 'Éditeur conforme'));
    const run = await finished(service.start(editorId, { nationalId: '810002673899' }).id);
    const doc = service.exportRun(run.id) as {
      format: string;
      run: { id: string; editorName: string; summary: unknown; finishedAt: string };
      steps: { id: string; verdict: string; requests: { status: number; exchange: { correlationId: string; request: { headers: Record<string, string>; body: string }; response: { status: number; headers: Record<string, string>; body: string } } }[] }[];
    };
    expect(doc.run).toMatchObject({ id: run.id, editorName: 'Éditeur conforme', summary: { pass: 16 } });
    expect(doc.steps).toHaveLength(16);
    const [create] = doc.steps[0].requests;
    expect(create.exchange.correlationId).toBe(`${run.id}.5.01.1`);
    expect(create.exchange.request.headers).toMatchObject({ accept: 'application/fhir+json' });
    expect(JSON.parse(create.exchange.request.body)).toMatchObject({ resourceType: 'Practitioner', identifier: [{ value: '810002673899' }] });
    expect(create.exchange.response).toMatchObject({ status: 201, headers: { location: expect.stringContaining('/fhir/Practitioner/') } });
    expect(JSON.parse(create.exchange.response.body)).toMatchObject({ resourceType: 'Practitioner', identifier: [{ value: '810002673899' }] });
    const duplicate = doc.steps[2].requests[1];
    expect(JSON.parse(duplicate.exchange.response.body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'duplicate' }] });
    // The document is plain JSON (it goes into a ticket as a file).
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(caught(() => service.exportRun('00000000-0000-4000-8000-000000000000'))).toMatchObject({ code: 'not-found' });
  });
});
