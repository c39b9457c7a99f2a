import { asArray, isObject, type JsonObject, obj, str } from '../../../shared/fhir/json';
import { EXPECTED_PROFILES, type SlotKind } from '../../../shared/slots/ig-slots';
import { type SlotFinding, slotFinding } from '../../../shared/slots/slot-finding';
import { type IgPackage, validateAgainstProfile } from '../validation/ig-validator';

/** Full StructureDefinition validation takes about a millisecond a resource: large answers are sampled. */
const MAX_RESOURCES = 300;

/** Adds the IG package's findings (when one is configured) to a slot response's diagnostics. */
export function profileFindings(ig: IgPackage, kind: SlotKind, bundle: unknown): SlotFinding[] {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') return [];
  const resources = asArray(bundle.entry).map((e) => obj(obj(e)?.resource)).filter((r): r is JsonObject => !!r);
  const ordered = [...resources.filter((r) => r.resourceType !== 'Slot'), ...resources.filter((r) => r.resourceType === 'Slot')];
  const chosen = ordered.slice(0, MAX_RESOURCES);
  const out: SlotFinding[] = [];
  for (const r of [bundle, ...chosen]) {
    const type = str(r.resourceType) ?? '';
    const declared = asArray(obj(r.meta)?.profile).map((p) => String(p).split('|')[0]).find((p) => ig.profiles.has(p));
    const profile = declared ?? EXPECTED_PROFILES[kind][type];
    if (!profile || !ig.profiles.has(profile)) continue;
    const key = type === 'Bundle' ? 'Bundle' : `${type}/${str(r.id) ?? '?'}`;
    for (const f of validateAgainstProfile(ig, r, profile)) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      out.push(slotFinding('SLOT-IG-PROFILE', f.severity, key, f.expression, { profile, detail: f.diagnostics.replace(/^Validation du profil \S+ : /, '') }));
    }
  }
  if (resources.length > chosen.length) {
    out.push(slotFinding('SLOT-IG-SAMPLED', 'information', 'Bundle', 'Bundle.entry', { validated: chosen.length, total: resources.length }));
  }
  return out;
}
