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
    const t = timeMany(15, () => {
      const a = analyzeSlotBundle(JSON.parse(text), { kind, requested: ids, window: { start: start - 1, end: start + 400 * 86_400_000 }, now: start - 1 });
      slots = a.counts.slots;
    });
    console.log(`  ${kind.toUpperCase().padEnd(5)} ${slots} slots, ${(text.length / 1e6).toFixed(1)} MB: parse + analyse p50 ${ms(t.p50)}, p95 ${ms(t.p95)} (JSON.parse alone p50 ${ms(parse.p50)})   (target < 150 ms)`);
  }
}
