import { describe, expect, it } from 'vitest';
import { FAULTS, slotBundle } from '../../testing/slot-fixtures';
import { analyzeSlotBundle, buildSlotTree } from './analyze-slot-bundle';
import type { SlotKind } from './ig-slots';

const NOW = Date.parse('2026-03-10T08:00:00+01:00');
const START = NOW + 3_600_000;
const WINDOW = { start: NOW, end: NOW + 3 * 86_400_000 };
const IDS: Record<SlotKind, string[]> = { ps: ['810012345678', '0123456789'], cpts: ['810012345678'], sos: ['334173748400020', '392080466300010'] };

const options = (kind: SlotKind) => ({ kind, requested: IDS[kind], window: WINDOW, now: NOW });

describe('slot response diagnostics', () => {
  it.each(['ps', 'cpts', 'sos'] as const)('finds nothing wrong in a correct %s response and resolves its graph', (kind) => {
    const a = analyzeSlotBundle(slotBundle({ kind, ids: IDS[kind], start: START }), options(kind));
    expect(a.findings).toEqual([]);
    expect(a.slots).toHaveLength(IDS[kind].length * 3);
    const tree = buildSlotTree(a);
    expect(tree).toHaveLength(IDS[kind].length);
    const place = tree[0].children[0];
    expect(place.kind).toBe('place');
    expect(place.children[0].kind).toBe('schedule');
    expect(place.children[0].children).toHaveLength(3);
    expect(a.slots.every((s) => s.ownerKey && s.placeKey)).toBe(true);
    if (kind === 'cpts') expect(a.slots[0].cpts[0].organisationLabel).toContain('CPTS du Pays 1');
    if (kind === 'sos') expect(tree[0].kind).toBe('association');
  });

  it.each(Object.entries(FAULTS))('names the broken rule for the "%s" variant', (_name, fault) => {
    const bundle = slotBundle({ kind: fault.kind, ids: IDS[fault.kind], start: START });
    fault.mutate(bundle);
    const a = analyzeSlotBundle(bundle, options(fault.kind));
    const hit = a.findings.find((f) => f.ruleId === fault.rule);
    expect(hit, JSON.stringify(a.findings.map((f) => f.ruleId))).toBeDefined();
    expect(hit!.resource).toMatch(/^(Bundle|[A-Z][A-Za-z]+\/[\w-]+)$/);
    expect(hit!.expression).toMatch(/^[A-Z]/);
    expect(hit!.diagnostics.length).toBeGreaterThan(20);
  });

  it('reports an OperationOutcome answer and a non-Bundle answer', () => {
    const oo = analyzeSlotBundle({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'base indisponible' }] }, { kind: 'ps' });
    expect(oo.findings[0]).toMatchObject({ ruleId: 'SLOT-OPERATION-OUTCOME', severity: 'error' });
    expect(oo.findings[0].diagnostics).toContain('base indisponible');
    expect(analyzeSlotBundle([1, 2], { kind: 'ps' }).findings[0].ruleId).toBe('SLOT-BUNDLE-TYPE');
  });

  it('flags answers slower than the SAS waits for', () => {
    const a = analyzeSlotBundle(slotBundle({ kind: 'ps', ids: IDS.ps, start: START }), { ...options('ps'), responseTimeMs: 7400 });
    expect(a.findings.map((f) => f.ruleId)).toEqual(['SLOT-SLOW']);
  });

  it('accepts an empty result (total 0 with a self link)', () => {
    const empty = { resourceType: 'Bundle', meta: { profile: ['http://sas.fr/fhir/StructureDefinition/BundleAgregateur'] }, type: 'searchset', total: 0, link: [{ relation: 'self', url: 'https://x/Slot?schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810012345678,urn:oid:1.2.250.1.71.4.2.1%7C0123456789&start=ge2026' }] };
    const a = analyzeSlotBundle(empty, options('ps'));
    expect(a.findings).toEqual([]);
    expect(a.counts.slots).toBe(0);
  });

  it('puts slots whose schedule does not resolve under an unresolved node, never drops them', () => {
    const bundle = slotBundle({ kind: 'ps', ids: IDS.ps, start: START });
    FAULTS['dangling-schedule'].mutate(bundle);
    const a = analyzeSlotBundle(bundle, options('ps'));
    const unresolved = buildSlotTree(a).find((n) => n.kind === 'unresolved');
    expect(unresolved?.children).toHaveLength(1);
    expect(a.slots).toHaveLength(6);
  });
});
