// Conformance: the IG's official example bundles, read from ../shared (never copied here).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSlotBundle } from './analyze-slot-bundle';
import type { SlotKind } from './ig-slots';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(here, '../../../shared/fhir/ans.fhir.fr.sas-1.2.0/example');
const present = fs.existsSync(EXAMPLES);
if (!present) console.warn(`skipped: ../shared absent (${EXAMPLES}) — slot bundle conformance suite not run`);

// Where the IG contradicts itself, the built-in rules accept every variant it uses, so these examples pass:
// - SOS Bundle.total counts Slots (4) while the matched resources are Schedules (3): both are accepted (§11 item 15);
// - the IDNST identifier type comes in three code systems (fr-v2-0203, fr-location-identifier-type, FR Core 2): all accepted (§11 item 5);
// - the CPTS example's PractitionerRole.organization carries only a value (RPPS-rang 4…): type and system are optional there.
// None of them needs an exception in this test: it expects no error at all.
const CASES: [string, SlotKind, number][] = [
  ['Bundle-ExampleBundlePSIndiv.json', 'ps', 4],
  ['Bundle-ExampleBundleCPTS1.json', 'cpts', 1],
  ['Bundle-ExampleBundleCPTS2.json', 'cpts', 1],
  ['Bundle-ExampleBundleAgregateurSOS.json', 'sos', 4],
];

describe.runIf(present)('official IG slot bundles', () => {
  it.each(CASES)('%s gives no error-level finding and resolves every slot', (file, kind, slots) => {
    const a = analyzeSlotBundle(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')), { kind });
    expect(a.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(a.slots).toHaveLength(slots);
    expect(a.slots.every((s) => s.placeKey !== null)).toBe(true);
  });

  it('ties the two-CPTS example slot to both CPTS organisations', () => {
    const a = analyzeSlotBundle(JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'Bundle-ExampleBundleCPTS2.json'), 'utf8')), { kind: 'cpts' });
    expect(a.slots[0].cpts.map((c) => c.organisationLabel)).toEqual([
      expect.stringContaining('1950047225'),
      expect.stringContaining('1950046227'),
    ]);
  });
});
