import { directoryFromSlotBundle } from '../../shared/hub/directory-from-slots';
import { analyzeSlotBundle } from '../../shared/slots/analyze-slot-bundle';
import { slotBundle } from '../../testing/slot-fixtures';
import { ms, timeMany } from './stats';

export function slotsBench(): void {
  console.log('\n== Slot responses: parse + resolve + diagnose ==');
  const start = Date.now() + 3_600_000;
  for (const kind of ['ps', 'cpts', 'sos'] as const) {
    const ids = kind === 'sos'
      ? Array.from({ length: 10 }, (_, i) => `3341737484${String(i).padStart(5, '0')}`)
      : Array.from({ length: 25 }, (_, i) => `8100123${String(i).padStart(5, '0')}`);
    const text = JSON.stringify(slotBundle({ kind, ids, start, slotsPerOwner: 10_000 / ids.length }));
    let slots = 0;
    const parse = timeMany(15, () => JSON.parse(text));
    const parsed = JSON.parse(text) as unknown;
    const learn = timeMany(15, () => directoryFromSlotBundle(parsed));
    const t = timeMany(15, () => {
      const a = analyzeSlotBundle(JSON.parse(text), { kind, requested: ids, window: { start: start - 1, end: start + 400 * 86_400_000 }, now: start - 1 });
      slots = a.counts.slots;
    });
    console.log(`  ${kind.toUpperCase().padEnd(5)} ${slots} slots, ${(text.length / 1e6).toFixed(1)} MB: parse + analyse p50 ${ms(t.p50)}, p95 ${ms(t.p95)} (JSON.parse alone p50 ${ms(parse.p50)})   (target < 150 ms); directory learnt from it p50 ${ms(learn.p50)}`);
  }
}

export async function fanOutBench(): Promise<void> {
  console.log('\n== Slot search fan-out to 20 local editors (HTTPS + mTLS) ==');
  const fs = await import('node:fs');
  const { createTestPki } = await import('../../testing/pki');
  const { startEditorServer } = await import('../../testing/editor-server');
  const { startTestCore } = await import('../../testing/test-core');
  const { defaultWindow } = await import('../../shared/slots/search-request');
  const pki = createTestPki();
  const server = await startEditorServer(pki);
  const t = await startTestCore();
  try {
    for (let i = 0; i < 20; i++) {
      t.core.editors.save({
        name: `Éditeur ${i + 1}`, baseUrl: server.url('healthy'), environment: 'recette', flows: ['ps'], accept: 'application/fhir+json',
        timeoutMs: 7000, enabled: true, identity: { kind: 'pem', certPem: fs.readFileSync(pki.clientCert, 'utf8'), key: { file: pki.clientKey } },
        caPem: fs.readFileSync(pki.caCert, 'utf8'),
      });
    }
    const overheads: number[] = [];
    const slowest: number[] = [];
    for (let i = 0; i < 12; i++) {
      const w = defaultWindow();
      const t0 = performance.now();
      const started = t.core.slots.start({ kind: 'ps', ids: Array.from({ length: 25 }, (_, k) => `8100123${String(k).padStart(5, '0')}`), windowStart: w.start, windowEnd: w.end });
      const run = await t.core.slots.settled(started.id);
      const wall = performance.now() - t0;
      const slow = Math.max(...run.results.map((r) => r.timings?.totalMs ?? 0));
      if (i >= 2) {
        overheads.push(wall - slow);
        slowest.push(slow);
      }
    }
    const { percentile } = await import('./stats');
    console.log(`  slowest editor's own response p50 ${ms(percentile(slowest, 50))}; run wall time minus it: p50 ${ms(percentile(overheads, 50))}, p95 ${ms(percentile(overheads, 95))}   (target < 50 ms)`);
  } finally {
    await t.stop();
    await server.close();
    fs.rmSync(pki.dir, { recursive: true, force: true });
  }
}
