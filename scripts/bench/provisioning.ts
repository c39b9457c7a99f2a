// INT_R02 at scale: 3,500 regulators provisioned at 20 local editors (70,000 requests), the same with one editor
// answering in 2 s (the others must not slow down), and the revocation of one regulator reaching every editor.
// Editors run in a child process (their TLS and JSON work is not the console's).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccountState } from '../../shared/api/regulator-api';
import { startCore, type Core } from '../../electron/core/core';
import { demoRegulators } from '../../electron/core/demo/demo-regulators';
import { PROVISION_JOB } from '../../electron/core/regulators/provisioning';
import { createTestPki, type TestPki } from '../../testing/pki';
import { startRegulatorEditorsProcess } from '../../testing/regulator-editors-process';
import { regulatorEditorInput, until } from '../../testing/regulator-fixtures';
import { ms, percentile, timeMany } from './stats';

const EDITORS = 20;

async function provisioned(pki: TestPki, regulators: number, slow: { index: number; delayMs: number } | null) {
  const editors = await startRegulatorEditorsProcess({ pki, count: EDITORS, slow: slow ?? undefined });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-bench-prov-'));
  const core = await startCore({ dataDir, host: 'headless' });
  const ids: string[] = [];
  for (const [i, base] of editors.bases.entries()) {
    ids.push((await core.handlers['editors.save'](regulatorEditorInput(pki, base, `Éditeur ${String(i + 1).padStart(2, '0')}`, { timeoutMs: 7_000 }))).id);
  }
  core.db.transaction(() => {
    for (const r of demoRegulators(regulators, 11)) core.regulatorStore.save(r);
  })();
  return { editors, core, ids, dataDir };
}

/** Accounts at these editors in the given state, over all regulators. */
function count(core: Core, editorIds: readonly string[], state: AccountState): number {
  return editorIds.reduce((n, id) => n + (core.regulatorStore.stateCounts({ editorId: id }, editorIds)[state] ?? 0), 0);
}

function requestStats(core: Core, editorIds: readonly string[]) {
  const rows = core.db
    .prepare(`SELECT duration_ms AS d FROM exchanges WHERE operation LIKE 'regulator.%' AND outcome = 'ok'
      AND id IN (SELECT exchange_id FROM exchange_links WHERE kind = 'editor' AND ref IN (SELECT value FROM json_each(?)))`)
    .all(JSON.stringify(editorIds)) as { d: number }[];
  const d = rows.map((r) => r.d).sort((a, b) => a - b);
  return { n: d.length, p50: percentile(d, 50), p95: percentile(d, 95), p99: percentile(d, 99) };
}

export async function provisioningBench(regulators = 3_500): Promise<void> {
  console.log(`\nINT_R02 provisioning: ${regulators} regulators × ${EDITORS} editors = ${regulators * EDITORS} requests (editors in a child process, mTLS, kept-alive agents)`);
  const pki = createTestPki();
  let baseline19 = 0;
  try {
    // 1. Every editor healthy.
    let run = await provisioned(pki, regulators, null);
    try {
      const { core, ids } = run;
      const t0 = performance.now();
      await core.handlers['accounts.act']({ action: 'sync', target: { filter: {} } });
      await core.jobs.whenIdle(PROVISION_JOB);
      const elapsed = performance.now() - t0;
      const synced = count(core, ids, 'in-sync');
      const stats = requestStats(core, ids);
      const created = (await run.editors.counts()).reduce((n, c) => n + c.created, 0);
      const duplicates = (await run.editors.duplicates()).reduce((a, b) => a + b, 0);
      console.log(`  all healthy: ${synced} accounts in sync in ${ms(elapsed)} → ${((synced / elapsed) * 1000).toFixed(0)} requests/s`);
      console.log(`  per request (journalled duration): p50 ${ms(stats.p50)}, p95 ${ms(stats.p95)}, p99 ${ms(stats.p99)}; created at editors ${created}, duplicates ${duplicates}`);

      // The Régulateurs page over the whole registry: what each pushed refresh costs the core.
      const matrix = timeMany(20, () => core.regulators.matrix({}, 0, 50));
      const failing = timeMany(20, () => core.regulators.matrix({ states: ['failing'] }, 0, 50));
      const listed = timeMany(20, () => core.regulators.list({ text: 'mar' }, 0, 50));
      console.log(`  Régulateurs page (${regulators} × ${EDITORS}): matrix page p95 ${ms(matrix.p95)}, filtered on « en échec » p95 ${ms(failing.p95)}, registry search p95 ${ms(listed.p95)}`);

      // 2. Revocation of one regulator: from the operator's confirmation to the last editor's 200.
      const latencies: number[] = [];
      const sample = core.regulatorStore.list({}, ids, 0, 20).rows;
      for (const r of sample) {
        const start = performance.now();
        await core.handlers['regulators.save']({ technicalId: r.technicalId, nationalId: r.nationalId, familyName: r.familyName, givenName: r.givenName, email: r.email, samu: r.samu, active: false, confirmRevocation: true });
        try {
          await until(core, () => core.regulators.get(r.technicalId)!.accounts.every((a) => a.state === 'deactivated'), 30_000);
        } catch (e) {
          const left = core.regulators.get(r.technicalId)!.accounts.filter((a) => a.state !== 'deactivated');
          throw new Error(`${(e as Error).message}: ${JSON.stringify(left.map((a) => ({ editor: a.editorName, state: a.state, failure: a.failure, pending: a.pending })))}`);
        }
        latencies.push(performance.now() - start);
      }
      latencies.sort((a, b) => a - b);
      console.log(`  revocation of one regulator at ${EDITORS} editors (${latencies.length} samples, event-driven wait): p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(latencies.at(-1)!)} (target p95 < 1 s)`);
      baseline19 = (regulators * (EDITORS - 1)) / elapsed;
    } finally {
      await run.core.close();
      await run.editors.close();
      fs.rmSync(run.dataDir, { recursive: true, force: true });
    }

    // 3. One editor answers in 2 s: the 19 others must finish as fast as when all were healthy.
    run = await provisioned(pki, regulators, { index: EDITORS - 1, delayMs: 2_000 });
    try {
      const { core, ids } = run;
      const fastIds = ids.slice(0, EDITORS - 1);
      const t0 = performance.now();
      await core.handlers['accounts.act']({ action: 'sync', target: { filter: {} } });
      // Checked at each pushed event, cheaply: no work left queued or running for the 19 (the states are counted after).
      const open = core.db.prepare(`SELECT 1 FROM jobs WHERE kind = ? AND state IN ('queued', 'running')
        AND lane IN (SELECT value FROM json_each(?)) LIMIT 1`);
      await until(core, () => open.get(PROVISION_JOB, JSON.stringify(fastIds)) === undefined, 600_000);
      const elapsed = performance.now() - t0;
      const slowDone = count(core, [ids[EDITORS - 1]], 'in-sync');
      const fastSynced = count(core, fastIds, 'in-sync');
      const rate = fastSynced / elapsed;
      console.log(`  one editor at 2 s per answer: the 19 others (${fastSynced} accounts in sync) done in ${ms(elapsed)} → ${(rate * 1000).toFixed(0)} requests/s (${((rate / baseline19) * 100).toFixed(0)}% of the healthy run); the slow one had ${slowDone} accounts in sync meanwhile (${core.provisioning.options.perEditor} in flight per editor)`);
    } finally {
      await run.core.close();
      await run.editors.close();
      fs.rmSync(run.dataDir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(pki.dir, { recursive: true, force: true });
  }
}
