import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWindow } from '../../shared/slots/search-request';
import { regulatorsToCsv } from '../../shared/regulators/regulator-csv';
import type { Regulator } from '../../shared/regulators/regulator-types';
import { demoRegulators } from '../core/demo/demo-regulators';
import { consoleApi } from '../../testing/console-api';
import { startEditorServer } from '../../testing/editor-server';
import { startHeadless } from '../../testing/headless-process';
import { createTestPki, type TestPki } from '../../testing/pki';
import { startRegulatorEditor } from '../../testing/regulator-editor';
import { regulatorEditorInput } from '../../testing/regulator-fixtures';

let pki: TestPki;
const dirs: string[] = [];
beforeAll(() => {
  pki = createTestPki();
}, 60_000);
afterAll(() => {
  for (const d of [...dirs, pki.dir]) fs.rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-durable-'));
  dirs.push(d);
  return d;
}

async function kill(child: import('node:child_process').ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

describe('background work survives SIGKILL', () => {
  it('finishes every provisioning job of a batch of 1,000 after a restart, with no account created twice and every attempt journalled', async () => {
    // Each answer takes a little while, so that the kill lands in the middle of the batch.
    const editor = await startRegulatorEditor({ pki, delayMs: 15 });
    const dir = dataDir();
    let host = await startHeadless(['--data-dir', dir]);
    try {
      let api = consoleApi(host);
      await api.call('editors.save', regulatorEditorInput(pki, editor.base, 'Éditeur LGA'));
      const regulators = demoRegulators(1000, 7).map((r, i): Regulator => ({ ...r, technicalId: r.technicalId!, revision: 1, createdUtc: 0, updatedUtc: 0, lastLoginUtc: null, nationalId: i % 3 === 0 ? r.nationalId : null }));
      const csv = Buffer.from(regulatorsToCsv(regulators), 'utf8').toString('base64');
      expect(await api.call('regulators.import', { csvBase64: csv })).toMatchObject({ created: 1000 });
      const act = await api.call('accounts.act', { action: 'sync', target: { filter: {} } });
      expect(act.enqueued).toBe(1000);
      await editor.waitForRequests(250);
      await kill(host.child);
      const beforeRestart = editor.received.length;
      expect(beforeRestart).toBeLessThan(1000);

      host = await startHeadless(['--data-dir', dir]);
      api = consoleApi(host);
      const counts = await api.until(async () => {
        const m = await api.call('accounts.matrix', { filter: {}, offset: 0, limit: 1 });
        return m.counts['in-sync'] === 1000 ? m.counts : null;
      });
      expect(counts).toEqual({ 'in-sync': 1000 });
      expect(editor.counts().created).toBe(1000);
      expect(editor.duplicates()).toBe(0);
      // No second POST for an account whose first POST may have been applied.
      const posts = new Map<string, number>();
      for (const r of editor.received.filter((x) => x.method === 'POST')) {
        const id = (r.body as { identifier: { value: string }[] }).identifier[0].value;
        posts.set(id, (posts.get(id) ?? 0) + 1);
      }
      expect([...posts.values()].filter((n) => n > 1)).toEqual([]);
    } finally {
      await host.stop();
      await editor.close();
    }
    // Every request the editor saw was journalled before it left; those the kill cut short say "unknown".
    const db = new Database(path.join(dir, 'console.sqlite'), { readonly: true });
    const outcomes = Object.fromEntries(
      (db.prepare("SELECT outcome, count(*) AS n FROM exchanges WHERE operation LIKE 'regulator.%' GROUP BY outcome").all() as { outcome: string; n: number }[]).map((r) => [r.outcome, r.n]),
    );
    db.close();
    expect(outcomes.pending).toBeUndefined();
    expect((outcomes.ok ?? 0) + (outcomes.unknown ?? 0) + (outcomes.failed ?? 0)).toBeGreaterThanOrEqual(editor.received.length);
    expect(outcomes.ok).toBeGreaterThanOrEqual(1000 - (outcomes.unknown ?? 0));
  }, 120_000);

  it('takes up a slot search cut short by a kill instead of leaving it pending', async () => {
    const slots = await startEditorServer(pki, { slowMs: 1_500 });
    const dir = dataDir();
    let host = await startHeadless(['--data-dir', dir]);
    try {
      let api = consoleApi(host);
      const editor = await api.call('editors.save', {
        ...regulatorEditorInput(pki, slots.url('slow'), 'Lent'),
        flows: ['ps'],
        timeoutMs: 5_000,
      });
      const w = defaultWindow(Date.now());
      const run = await api.call('slots.search', { kind: 'ps', ids: ['810012345678'], windowStart: w.start, windowEnd: w.end, editorIds: [editor.id] });
      await new Promise<void>((resolve) => {
        const check = () => (slots.received.length > 0 ? resolve() : setImmediate(check));
        check();
      });
      await kill(host.child);
      host = await startHeadless(['--data-dir', dir]);
      api = consoleApi(host);
      const done = await api.until(async () => {
        const r = await api.call('slots.run', { id: run.id });
        return r?.finishedUtc ? r : null;
      });
      expect(done.results[0]).toMatchObject({ state: 'done', verdict: 'ok' });
      expect(slots.received.length).toBe(2);
    } finally {
      await host.stop();
      await slots.close();
    }
  }, 60_000);
});
