import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NATIONAL_ID_SYSTEM, SAS_TECHNICAL_ID_SYSTEM, type RegulatorInput } from '../../../shared/regulators/regulator-types';
import type { AccountState } from '../../../shared/api/regulator-api';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { type RegulatorEditor, startRegulatorEditor } from '../../../testing/regulator-editor';
import { regulatorEditorInput, until } from '../../../testing/regulator-fixtures';
import { type Core, startCore } from '../core';
import { PROVISION_JOB } from './provisioning';

let pki: TestPki;
let editors: RegulatorEditor[];
let core: Core;
let dataDir: string;
let editorIds: string[];

const fast = { baseMs: 50, factor: 2, capMs: 400, jitter: 0, maxRetryAfterMs: 5_000 };

beforeAll(async () => {
  pki = createTestPki();
}, 60_000);
afterAll(() => fs.rmSync(pki.dir, { recursive: true, force: true }));

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-prov-'));
  core = await startCore({ dataDir, host: 'headless', provisioning: { retry: fast, maxAttempts: 6 } });
  editors = await Promise.all([0, 1, 2].map(() => startRegulatorEditor({ pki })));
  editorIds = [];
  for (const [i, e] of editors.entries()) {
    const view = await core.handlers['editors.save'](regulatorEditorInput(pki, e.base, `Éditeur ${i + 1}`, { timeoutMs: 2_500 }));
    editorIds.push(view.id);
  }
  return async () => {
    await core.close();
    await Promise.all(editors.map((e) => e.close()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
});

const loridon = (patch: Partial<RegulatorInput> = {}): RegulatorInput => ({
  nationalId: null,
  familyName: 'Loridon',
  givenName: 'Sébastien',
  email: 'sebastien.loridon@regulation-test.fr',
  active: true,
  samu: 'fr.health.samu033',
  ...patch,
});

/** Every account and attempt, for a failure message that says where things stand. */
function everything(): string {
  return JSON.stringify(
    core.regulators.list({}, 0, 50).rows.map((r) => {
      const d = core.regulators.get(r.technicalId)!;
      return [r.familyName, d.accounts.map((a) => [a.editorName, a.state, a.failure?.code, a.pending?.state]), d.exchanges.map((x) => [x.method, x.status, x.outcome, x.failure?.code])];
    }),
  );
}

function states(technicalId: string): AccountState[] {
  return core.regulators.get(technicalId)!.accounts.map((a) => a.state);
}

async function settledAt(technicalId: string, expected: AccountState): Promise<void> {
  try {
    await until(core, () => states(technicalId).every((s) => s === expected), 20_000, everything);
  } catch (e) {
    // Say where each account stands, and why: a bare timeout says nothing.
    const d = core.regulators.get(technicalId)!;
    throw new Error(`${(e as Error).message}: ${JSON.stringify(d.accounts.map((a) => [a.editorName, a.state, a.failure, a.pending]))} ${JSON.stringify(d.exchanges.map((x) => [x.method, x.status, x.outcome, x.failure]))}`);
  }
}

describe('regulator accounts at editors (INT_R02)', () => {
  it('creates with POST at the first login, then updates with a conditional PUT on the identifier the editor knows', async () => {
    const r = await core.handlers['regulators.save'](loridon());
    expect(states(r.technicalId)).toEqual(['never-sent', 'never-sent', 'never-sent']);
    expect(editors[0].received).toHaveLength(0);

    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await settledAt(r.technicalId, 'in-sync');
    for (const e of editors) {
      expect(e.received).toHaveLength(1);
      const [post] = e.received;
      expect(post).toMatchObject({ method: 'POST', url: '/fhir/Practitioner', accept: 'application/fhir+json', clientCn: 'lga.editeur-test.fr', status: 201 });
      expect(post.contentType).toMatch(/^application\/fhir\+json/);
      expect(post.body).toMatchObject({
        resourceType: 'Practitioner',
        meta: { source: 'urn:oid:1.2.250.1.213.3.6', profile: ['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul'] },
        identifier: [{ type: { coding: [{ code: 'INTRN' }] }, system: SAS_TECHNICAL_ID_SYSTEM, value: r.technicalId }],
        active: true,
        name: [{ family: 'Loridon', given: ['Sébastien'] }],
        telecom: [{ system: 'email', value: 'sebastien.loridon@regulation-test.fr' }],
      });
    }
    const detail = core.regulators.get(r.technicalId)!;
    expect(detail.accounts[0].editorLocation).toMatch(/\/fhir\/Practitioner\/[0-9a-f-]+/);
    // Every attempt is in the journal, linked to the regulator and the account, with the client certificate used.
    expect(detail.exchanges.map((x) => [x.operation, x.status, x.outcome])).toEqual(Array(3).fill(['regulator.create', 201, 'ok']));
    const exchange = core.journal.get(detail.exchanges[0].id)!;
    expect(exchange.links).toContainEqual({ kind: 'account', ref: `${r.technicalId}|${detail.exchanges.length && exchange.links.find((l) => l.kind === 'editor')!.ref}` });
    expect(exchange.tls).toMatchObject({ clientCertificate: { subject: expect.stringContaining('lga.editeur-test.fr') } });
    expect(exchange.timings?.totalMs).toBeGreaterThan(0);

    // A change waits for the next login (the IG's trigger); then one PUT per editor.
    await core.handlers['regulators.save'](loridon({ technicalId: r.technicalId, email: 's.loridon@regulation-test.fr' }));
    expect(states(r.technicalId)).toEqual(['to-update', 'to-update', 'to-update']);
    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await settledAt(r.technicalId, 'in-sync');
    const put = editors[1].received[1];
    expect(put.method).toBe('PUT');
    expect(put.url).toBe(`/fhir/Practitioner?identifier=${encodeURIComponent(`${SAS_TECHNICAL_ID_SYSTEM}|${r.technicalId}`)}`);
    expect(put.status).toBe(200);
    expect(editors[1].find(SAS_TECHNICAL_ID_SYSTEM, r.technicalId)?.resource).toMatchObject({ telecom: [{ value: 's.loridon@regulation-test.fr' }] });
  });

  it('changes the identifier with the old one in the query and the new one in the body', async () => {
    const r = await core.handlers['regulators.save'](loridon());
    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await settledAt(r.technicalId, 'in-sync');
    await core.handlers['regulators.save'](loridon({ technicalId: r.technicalId, nationalId: '810002673899' }));
    await core.handlers['accounts.act']({ action: 'sync', target: { technicalIds: [r.technicalId] } });
    await settledAt(r.technicalId, 'in-sync');
    for (const e of editors) {
      const put = e.received[1];
      expect(put.identifierQuery).toBe(`${SAS_TECHNICAL_ID_SYSTEM}|${r.technicalId}`);
      expect(put.body).toMatchObject({ identifier: [{ system: NATIONAL_ID_SYSTEM, value: '810002673899', type: { coding: [{ code: 'IDNPS' }] } }] });
      expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')).toBeDefined();
      expect(e.find(SAS_TECHNICAL_ID_SYSTEM, r.technicalId)).toBeUndefined();
    }
    expect(core.regulators.get(r.technicalId)!.exchanges.at(-1)!.operation).toBe('regulator.identifier-change');
    // The next update queries the national id.
    await core.handlers['regulators.save'](loridon({ technicalId: r.technicalId, nationalId: '810002673899', familyName: 'Loridon-Martin' }));
    await core.handlers['accounts.act']({ action: 'sync', target: { technicalIds: [r.technicalId] } });
    await settledAt(r.technicalId, 'in-sync');
    expect(editors[2].received[2].identifierQuery).toBe(`${NATIONAL_ID_SYSTEM}|810002673899`);
  });

  it('sends a withdrawal of habilitation at once to every editor holding the account, once confirmed', async () => {
    const r = await core.handlers['regulators.save'](loridon({ nationalId: '810002673899' }));
    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await settledAt(r.technicalId, 'in-sync');
    await expect(core.handlers['regulators.save'](loridon({ technicalId: r.technicalId, nationalId: '810002673899', active: false }))).rejects.toMatchObject({
      code: 'confirmation-required',
      details: { plan: { requests: 3 } },
    });
    expect(core.regulatorStore.get(r.technicalId)!.active).toBe(true);
    await core.handlers['regulators.save']({ ...loridon({ technicalId: r.technicalId, nationalId: '810002673899', active: false }), confirmRevocation: true });
    await settledAt(r.technicalId, 'deactivated');
    for (const e of editors) {
      expect(e.received[1]).toMatchObject({ method: 'PUT', identifierQuery: `${NATIONAL_ID_SYSTEM}|810002673899`, status: 200, body: { active: false } });
      expect(e.find(NATIONAL_ID_SYSTEM, '810002673899')!.resource.active).toBe(false);
    }
    expect(core.regulators.get(r.technicalId)!.exchanges.at(-1)!.operation).toBe('regulator.revoke');
    const audit = core.audit.list({}, 0, 50).rows.map((a) => [a.action, a.outcome]);
    expect(audit).toContainEqual(['regulators.update', 'refused']);
    expect(audit).toContainEqual(['regulators.update', 'ok']);
  });

  it('does not revoke where the account was never created, and never sends an inactive regulator', async () => {
    const r = await core.handlers['regulators.save'](loridon());
    const plan = await core.handlers['accounts.plan']({ action: 'revoke', target: { technicalIds: [r.technicalId] } });
    expect(plan).toMatchObject({ requests: 0, skipped: { nothingToDo: 1 } });
    await core.handlers['accounts.act']({ action: 'revoke', target: { technicalIds: [r.technicalId] } });
    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await core.jobs.whenIdle(PROVISION_JOB);
    expect(editors.flatMap((e) => e.received)).toHaveLength(0);
  });

  it('waits for an operator after a 400/422, retries 5xx, 429 and timeouts with back-off, honouring Retry-After', async () => {
    const [a, b, c, d] = await Promise.all(
      ['a', 'b', 'c', 'd'].map((n) => core.handlers['regulators.save'](loridon({ email: `${n}@regulation-test.fr`, familyName: n.toUpperCase() }))),
    );
    editors[0].inject({ kind: 'status', status: 422 }, { method: 'POST' });
    await core.handlers['accounts.act']({ action: 'sync', target: { technicalIds: [a.technicalId] }, editorIds: [editorIds[0]] });
    await until(core, () => core.jobs.latest(PROVISION_JOB, `${a.technicalId}|${editorIds[0]}`)?.state === 'failed', 20_000, everything);
    const failing = core.regulators.get(a.technicalId)!.accounts[0];
    expect(failing).toMatchObject({ state: 'failing', failure: { code: 'http.status', retryable: false, params: { status: 422 } }, pending: null });
    expect(String(failing.failure!.params!.detail)).toMatch(/error/);
    expect(editors[0].received).toHaveLength(1);
    // The operator retries: the editor now accepts. A retry after a definite refusal may POST again.
    await core.handlers['accounts.act']({ action: 'retry', target: { technicalIds: [a.technicalId] } });
    await until(core, () => core.regulators.get(a.technicalId)!.accounts[0].state === 'in-sync', 20_000, everything);
    expect(editors[0].received.map((x) => `${x.method} ${x.status}`)).toEqual(['POST 422', 'POST 201']);

    editors[1].inject({ kind: 'status', status: 503, retryAfter: '1' }, { method: 'POST' });
    editors[1].inject({ kind: 'status', status: 500 }, { method: 'PUT' });
    const started = Date.now();
    await core.handlers['accounts.act']({ action: 'sync', target: { technicalIds: [b.technicalId] }, editorIds: [editorIds[1]] });
    await until(core, () => core.regulators.get(b.technicalId)!.accounts[1].state === 'in-sync', 20_000, everything);
    const log = editors[1].received.map((x) => [x.method, x.status, x.atMs - started]);
    // 503 with Retry-After: 1 s; the retry after a 5xx is a conditional PUT (the POST may have been applied).
    expect(log.map(([m, s]) => `${m} ${s}`)).toEqual(['POST 503', 'PUT 500', 'PUT 201']);
    expect(Number(log[1][2]) - Number(log[0][2])).toBeGreaterThanOrEqual(950);

    editors[2].inject({ kind: 'status', status: 429, retryAfter: '0' });
    editors[2].inject({ kind: 'timeout' });
    await core.handlers['accounts.act']({ action: 'sync', target: { technicalIds: [c.technicalId, d.technicalId] }, editorIds: [editorIds[2]] });
    await until(core, () => [c, d].every((r) => core.regulators.get(r.technicalId)!.accounts[2].state === 'in-sync'), 20_000, everything);
    expect(editors[2].counts().created).toBe(2);
    expect(editors[2].duplicates()).toBe(0);
    const outcomes = [c, d].flatMap((r) => core.regulators.get(r.technicalId)!.exchanges.map((x) => x.outcome));
    expect(outcomes).toContain('unknown');
  });

  it('never follows a POST whose outcome is unknown with a second POST', async () => {
    const r = await core.handlers['regulators.save'](loridon());
    editors[0].inject({ kind: 'reset-after-apply' }, { method: 'POST' });
    editors[1].inject({ kind: 'timeout' }, { method: 'POST' });
    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await settledAt(r.technicalId, 'in-sync');
    for (const e of editors.slice(0, 2)) {
      expect(e.received.map((x) => x.method)).toEqual(['POST', 'PUT']);
      expect(e.received[1].identifierQuery).toBe(`${SAS_TECHNICAL_ID_SYSTEM}|${r.technicalId}`);
      expect(e.counts()).toMatchObject({ posts: 1, created: 1 });
      expect(e.duplicates()).toBe(0);
    }
    // The editor that applied the POST answers the PUT as an update; the one that never answered also applied it.
    expect(editors[0].received[1].status).toBe(200);
    const ex = core.regulators.get(r.technicalId)!.exchanges;
    expect(ex.filter((x) => x.outcome === 'unknown')).toHaveLength(2);
    expect(ex.find((x) => x.outcome === 'unknown')!.failure).toMatchObject({ retryable: true });
  });

  it("reconciles an editor's duplicate-create refusal with a conditional PUT", async () => {
    const r = await core.handlers['regulators.save'](loridon());
    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await settledAt(r.technicalId, 'in-sync');
    // The console forgets what editor 1 acknowledged (a restored backup): its next create is a duplicate there.
    core.db.prepare('UPDATE regulator_accounts SET sent_revision = NULL, sent_identifier = NULL WHERE editor_id = ?').run(editorIds[0]);
    await core.handlers['accounts.act']({ action: 'sync', target: { technicalIds: [r.technicalId] } });
    await settledAt(r.technicalId, 'in-sync');
    expect(editors[0].received.map((x) => `${x.method} ${x.status}`)).toEqual(['POST 201', 'POST 409', 'PUT 200']);
    expect(editors[0].duplicates()).toBe(0);
  });

  it('never sends a body that breaks FrPractitionerRegul, and says which rule', async () => {
    const r = await core.handlers['regulators.save'](loridon());
    // Data from before validation existed: an empty given name.
    core.db.prepare("UPDATE regulators SET given_name = '' WHERE technical_id = ?").run(r.technicalId);
    const detail = core.regulators.get(r.technicalId)!;
    expect(detail.diagnostics.map((d) => d.ruleId)).toContain('REGUL-NAME-GIVEN');
    const plan = await core.handlers['accounts.plan']({ action: 'sync', target: { technicalIds: [r.technicalId] } });
    expect(plan).toMatchObject({ requests: 0, skipped: { invalid: 1 } });
    await core.handlers['regulators.login']({ technicalIds: [r.technicalId] });
    await core.jobs.whenIdle(PROVISION_JOB);
    expect(editors.flatMap((e) => e.received)).toHaveLength(0);
  });

  it('lists the registry with per-state counts and filters the matrix by state, editor and SAMU', async () => {
    const a = await core.handlers['regulators.save'](loridon());
    await core.handlers['regulators.save'](loridon({ email: 'b@regulation-test.fr', familyName: 'Bernard', samu: 'fr.health.samu075' }));
    editors[2].inject({ kind: 'status', status: 422 });
    await core.handlers['regulators.login']({ technicalIds: [a.technicalId] });
    await until(core, () => core.regulators.get(a.technicalId)!.accounts.every((x) => x.state === 'in-sync' || x.state === 'failing'), 20_000, everything);
    const matrix = core.regulators.matrix({}, 0, 50);
    expect(matrix.total).toBe(2);
    expect(matrix.counts).toEqual({ 'in-sync': 2, failing: 1, 'never-sent': 3 });
    expect(core.regulators.matrix({ states: ['failing'] }, 0, 50).rows.map((x) => x.regulator.familyName)).toEqual(['Loridon']);
    expect(core.regulators.matrix({ states: ['failing'], editorId: editorIds[0] }, 0, 50).total).toBe(0);
    expect(core.regulators.matrix({ samu: 'fr.health.samu075' }, 0, 50).rows.map((x) => x.regulator.familyName)).toEqual(['Bernard']);
    const row = core.regulators.list({ text: 'lori' }, 0, 10).rows[0];
    expect(row.states).toEqual({ 'in-sync': 2, failing: 1 });
  });
});
