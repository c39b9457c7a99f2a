import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditorInput } from '../../../shared/api/editor-types';
import { type EditorServer, startEditorServer } from '../../../testing/editor-server';
import { createTestPki, expiredCertificate, type TestPki } from '../../../testing/pki';
import { startTestCore, type TestCore } from '../../../testing/test-core';
import { defaultWindow } from '../../../shared/slots/search-request';

let pki: TestPki;
let editor: EditorServer;
let t: TestCore;

beforeAll(async () => {
  pki = createTestPki();
  editor = await startEditorServer(pki, { slowMs: 2500 });
  t = await startTestCore();
});
afterAll(async () => {
  await t.stop();
  await editor.close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

const editorInput = (name: string, variant: string, patch: Partial<EditorInput> = {}): EditorInput => ({
  name,
  baseUrl: editor.url(variant),
  environment: 'recette',
  flows: ['ps', 'cpts', 'sos'],
  accept: 'application/fhir+json',
  timeoutMs: 1500,
  enabled: true,
  identity: { kind: 'pem', certPem: fs.readFileSync(pki.clientCert, 'utf8'), key: { file: pki.clientKey } },
  caPem: fs.readFileSync(pki.caCert, 'utf8'),
  ...patch,
});

describe('editors registry', () => {
  it('stores an editor with its key as a file reference, never the key itself, and shows its certificate', async () => {
    const view = await t.core.handlers['editors.save'](editorInput('Sain', 'healthy'));
    // The test PKI issues 2-day certificates: within the 30-day warning.
    expect(view.identity).toMatchObject({ kind: 'pem', keyStore: 'file', keyFile: pki.clientKey, certificate: { state: 'expiring' } });
    expect(view.identity?.certificate?.daysLeft).toBeLessThanOrEqual(2);
    expect(view.identity?.certificate?.subject).toContain('CN=lga.editeur-test.fr');
    const raw = JSON.stringify(t.core.db.prepare('SELECT * FROM editors').all());
    expect(raw).not.toContain('PRIVATE KEY');
  });

  it('refuses to seal a key in headless mode, an expired certificate, and a key that does not match', async () => {
    await expect(async () => t.core.handlers['editors.save'](editorInput('Scellé', 'healthy', {
      identity: { kind: 'pem', certPem: fs.readFileSync(pki.clientCert, 'utf8'), key: { text: fs.readFileSync(pki.clientKey, 'utf8') } },
    }))).rejects.toThrow(/mode headless n'enregistre aucune clé/);
    const expired = await expiredCertificate();
    const keyFile = `${pki.dir}/expired.key`;
    fs.writeFileSync(keyFile, expired.keyPem);
    await expect(async () => t.core.handlers['editors.save'](editorInput('Expiré', 'healthy', {
      identity: { kind: 'pem', certPem: expired.certPem, key: { file: keyFile } },
    }))).rejects.toThrow(/a expiré le/);
    await expect(async () => t.core.handlers['editors.save'](editorInput('Mauvaise clé', 'healthy', {
      identity: { kind: 'pem', certPem: fs.readFileSync(pki.clientCert, 'utf8'), key: { file: pki.untrustedClientKey } },
    }))).rejects.toThrow(/incompatibles/);
  });

  it('tests the connection: handshake, client certificate, metadata', async () => {
    const good = (await t.core.handlers['editors.list']({})).find((e) => e.name === 'Sain')!;
    const ok = await t.core.handlers['editors.test']({ id: good.id });
    expect(ok).toMatchObject({ ok: true, serverTrusted: true, clientCertificateAccepted: true, httpStatus: 200 });
    const refused = await t.core.handlers['editors.save'](editorInput('Refusé', 'healthy', {
      enabled: false,
      identity: { kind: 'pem', certPem: fs.readFileSync(pki.untrustedClientCert, 'utf8'), key: { file: pki.untrustedClientKey } },
    }));
    const r = await t.core.handlers['editors.test']({ id: refused.id });
    expect(r).toMatchObject({ ok: false, clientCertificateAccepted: false });
    expect(r.message).toMatch(/refusé notre certificat client/);
    await t.core.handlers['editors.remove']({ id: refused.id });
  });
});

describe('slot searches fanned out to editors', () => {
  it('queries every enabled editor at once; a slow editor times out without holding back the others', async () => {
    await t.core.handlers['editors.save'](editorInput('En panne', 'error500'));
    await t.core.handlers['editors.save'](editorInput('Lent', 'slow'));
    await t.core.handlers['editors.save'](editorInput('Fautif', 'fault/sos-pro-type'.replace('sos-pro-type', 'routine-without-url')));
    const w = defaultWindow();
    const started = await t.core.handlers['slots.search']({ kind: 'ps', ids: ['810012345678', '810087654321', '0123456789'], windowStart: w.start, windowEnd: w.end });
    expect(started.results).toHaveLength(4);
    expect(started.results.every((r) => r.state === 'pending')).toBe(true);
    const run = await t.core.slots.settled(started.id);
    const by = Object.fromEntries(run.results.map((r) => [r.editorName, r]));
    expect(by['Sain']).toMatchObject({ verdict: 'ok', httpStatus: 200, slotCount: 9, errors: 0 });
    expect(by['En panne']).toMatchObject({ verdict: 'errors', httpStatus: 500 });
    expect(by['Lent']).toMatchObject({ verdict: 'timeout', httpStatus: null });
    expect(by['Fautif']).toMatchObject({ verdict: 'errors' });
    // The healthy editor's answer was stored long before the slow one gave up.
    expect(by['Sain'].timings!.totalMs).toBeLessThan(by['Lent'].timings!.totalMs);

    const sent = editor.received.filter((x) => x.path.startsWith('/healthy/fhir/Slot')).at(-1)!;
    expect(sent.url).toContain('schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810012345678,');
    expect(sent.url).toContain('%2B0');

    const detail = (await t.core.handlers['slots.result']({ runId: run.id, editorId: by['Sain'].editorId }))!;
    expect(detail.tree).toHaveLength(3);
    expect(detail.slots[0]).toMatchObject({ types: ['PUBLIC', 'PRO'], appointmentType: 'ROUTINE' });
    expect(JSON.parse(detail.responseBody!).resourceType).toBe('Bundle');
    expect(detail.requestDecoded).toContain('|810012345678');
    const faulty = (await t.core.handlers['slots.result']({ runId: run.id, editorId: by['Fautif'].editorId }))!;
    expect(faulty.findings.map((f) => f.ruleId)).toContain('SLOT-BOOKING-URL');
    const down = (await t.core.handlers['slots.result']({ runId: run.id, editorId: by['En panne'].editorId }))!;
    expect(down.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['SLOT-HTTP-STATUS', 'SLOT-OPERATION-OUTCOME']));

    // Every exchange with an editor is in the journal.
    expect(t.core.journal.list({ direction: 'outbound' }, 0, 50).total).toBeGreaterThanOrEqual(4);

    const again = await t.core.slots.settled((await t.core.handlers['slots.rerun']({ id: run.id })).id);
    expect(again.rerunOf).toBe(run.id);
    const cmp = await t.core.handlers['slots.compare']({ a: run.id, b: again.id });
    const sain = cmp.editors.find((e) => e.editorName === 'Sain')!;
    // The editor server places slots from "now": both runs return the same slot ids, some at new times.
    expect(sain.added + sain.removed).toBe(0);
    const exported = (await t.core.handlers['slots.export']({ id: run.id })) as { results: { requestUrl: string; responseBody: string | null }[] };
    expect(exported.results).toHaveLength(4);
  }, 20_000);

  it('refuses a search with no editor serving the flow, and malformed input', async () => {
    for (const e of await t.core.handlers['editors.list']({})) await t.core.handlers['editors.save']({ ...editorInput(e.name, 'healthy'), id: e.id, enabled: false });
    const w = defaultWindow();
    await expect(async () => t.core.handlers['slots.search']({ kind: 'sos', ids: ['334173748400020'], windowStart: w.start, windowEnd: w.end })).rejects.toThrow(/Aucun éditeur actif/);
  });
});

describe('editors that answer badly, or a lot', () => {
  it('reads a non-JSON answer, a paged answer, an empty one and a 10,000-slot one', async () => {
    const c = await startTestCore();
    try {
      for (const [name, variant] of [['HTML', 'html'], ['Paginé', 'paged'], ['Vide', 'empty'], ['Volumineux', 'big']] as const) {
        c.core.editors.save({ ...editorInput(name, variant), timeoutMs: 7000 });
      }
      // 10,000 slots of one practitioner, every 20 minutes, span 139 days: the window is widened to hold them.
      const w = defaultWindow();
      const end = new Date(Date.now() + 200 * 86_400_000).toISOString();
      const run = await c.core.slots.settled(c.core.slots.start({ kind: 'ps', ids: ['810012345678'], windowStart: w.start, windowEnd: end }).id);
      const by = Object.fromEntries(run.results.map((r) => [r.editorName, r]));
      expect(by['HTML']).toMatchObject({ verdict: 'errors', httpStatus: 200 });
      expect(c.core.slots.result(run.id, by['HTML'].editorId)!.findings.map((f) => f.ruleId)).toEqual(['SLOT-NOT-JSON']);
      expect(by['Paginé']).toMatchObject({ verdict: 'warnings' });
      expect(c.core.slots.result(run.id, by['Paginé'].editorId)!.findings.map((f) => f.ruleId)).toContain('SLOT-NEXT-LINK');
      expect(by['Vide'], JSON.stringify(c.core.slots.result(run.id, by['Vide'].editorId)!.findings)).toMatchObject({ verdict: 'ok', slotCount: 0 });
      expect(by['Volumineux'], JSON.stringify(by['Volumineux'])).toMatchObject({ verdict: 'ok', slotCount: 10_000 });
    } finally {
      await c.stop();
    }
  }, 30_000);
});

const IG_DIR = new URL('../../../../shared/fhir/ans.fhir.fr.sas-1.2.0', import.meta.url).pathname;
const igPresent = fs.existsSync(IG_DIR);
if (!igPresent) console.warn(`skipped: ../shared absent (${IG_DIR}) — IG profile validation of slot answers not run`);

describe.runIf(igPresent)('with the IG package configured', () => {
  it('adds the StructureDefinition findings to the built-in diagnostics', async () => {
    const c = await startTestCore({ igPackageDir: IG_DIR });
    try {
      c.core.editors.save(editorInput('Occupé', 'fault/slot-busy'));
      const w = defaultWindow();
      const run = await c.core.slots.settled(c.core.slots.start({ kind: 'ps', ids: ['810012345678'], windowStart: w.start, windowEnd: w.end }).id);
      const rules = c.core.slots.result(run.id, run.results[0].editorId)!.findings;
      expect(rules.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['SLOT-STATUS-FREE', 'SLOT-IG-PROFILE']));
      expect(rules.find((f) => f.ruleId === 'SLOT-IG-PROFILE')!.diagnostics).toContain('FrSlotAgregateur');
    } finally {
      await c.stop();
    }
  });
});
