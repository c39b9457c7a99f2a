import { ADELI_PREFIXED, FINESS_PREFIXED, RPPS_PREFIXED, SIRET_PREFIXED } from '../domain/identifiers';
import { parseInstant } from '../domain/instant';
import { CS_FR_V2_0203, SYSTEM_IDNPS, SYSTEM_IDNST } from '../fhir/ig';
import { asArray, isObject, type JsonObject, obj, str } from '../fhir/json';
import { BundleIndex, type IndexedEntry, referenceText, resolveContained } from './bundle-index';
import {
  ALSO_ACCEPTED_PROFILES,
  APPOINTMENT_TYPES,
  CONSULTATION_TYPES,
  CS_LOCATION_IDENTIFIER_TYPE,
  CS_TRE_R314_TYPE_CRENEAU,
  CS_TRE_R66,
  CS_V2_0276,
  CS_V3_ACTCODE,
  EXPECTED_PROFILES,
  EXT_R5_SLOT_SERVICE_TYPE,
  IDNST_TYPE_SYSTEMS,
  SAS_TIMEOUT_MS,
  SLOT_TYPES,
  type SlotKind,
} from './ig-slots';
import { type SlotFinding, slotFinding } from './slot-finding';
import type { SlotView, TreeNode } from './slot-views';

export interface AnalyzeOptions {
  kind: SlotKind;
  /** Prefixed national ids the search asked for (8/0 + RPPS/ADELI, or 3 + SIRET for SOS). */
  requested?: readonly string[];
  window?: { start: number; end: number };
  /** Slots before this instant are flagged as past; omit to skip the check (offline review of old files). */
  now?: number;
  responseTimeMs?: number;
}

export interface SlotAnalysis {
  kind: SlotKind;
  findings: SlotFinding[];
  slots: SlotView[];
  tree: TreeNode[];
  total: number | null;
  nextLink: string | null;
  counts: { slots: number; errors: number; warnings: number };
}

const MAX_EMPTY_FINDINGS = 50;

/**
 * Reads an editor's slot search response the way the SAS does, resolves its graph and says, rule by
 * rule, what is wrong. Pure and synchronous: the same code serves the console, the CLI and the tests.
 */
export function analyzeSlotBundle(input: unknown, options: AnalyzeOptions): SlotAnalysis {
  const out: SlotFinding[] = [];
  const { kind } = options;
  const done = (slots: SlotView[] = [], tree: TreeNode[] = [], total: number | null = null, nextLink: string | null = null): SlotAnalysis => {
    if (options.responseTimeMs !== undefined && options.responseTimeMs > SAS_TIMEOUT_MS) {
      out.push(slotFinding('SLOT-SLOW', 'error', 'Bundle', 'Bundle', { ms: Math.round(options.responseTimeMs) }));
    }
    return {
      kind,
      findings: out,
      slots,
      tree,
      total,
      nextLink,
      counts: {
        slots: slots.length,
        errors: out.filter((f) => f.severity === 'error' || f.severity === 'fatal').length,
        warnings: out.filter((f) => f.severity === 'warning').length,
      },
    };
  };

  if (!isObject(input) || input.resourceType !== 'Bundle') {
    if (isObject(input) && input.resourceType === 'OperationOutcome') {
      const text = asArray(input.issue).map((i) => str(obj(i)?.diagnostics) ?? str(obj(obj(i)?.details)?.text) ?? '').filter(Boolean).join(' ; ');
      out.push(slotFinding('SLOT-OPERATION-OUTCOME', 'error', 'OperationOutcome', 'OperationOutcome.issue', { detail: text || '—' }));
    } else {
      out.push(slotFinding('SLOT-BUNDLE-TYPE', 'error', 'Bundle', 'Bundle', { found: isObject(input) ? String(input.resourceType ?? 'objet sans resourceType') : typeof input }));
    }
    return done();
  }
  const bundle = input;
  if (bundle.type !== 'searchset') {
    out.push(slotFinding('SLOT-BUNDLE-TYPE', 'error', 'Bundle', 'Bundle.type', { found: `Bundle ${String(bundle.type ?? '—')}` }));
  }
  const index = new BundleIndex(bundle);
  checkEmptyElements(bundle, out);
  checkProfile(kind, 'Bundle', bundle, 'Bundle', out);
  for (const e of index.entries) checkProfile(kind, e.type, e.resource, e.key, out);

  const slots = index.ofType('Slot');
  const schedules = index.ofType('Schedule');
  const total = typeof bundle.total === 'number' ? bundle.total : null;
  checkTotal(kind, bundle, slots, schedules, out);
  const nextLink = checkLinks(kind, bundle, options, out);

  const ctx: Ctx = { kind, index, options, out, requested: new Set(options.requested ?? []) };
  const slotViews = slots.map((s) => checkSlot(ctx, s));
  for (const s of schedules) checkSchedule(ctx, s);
  for (const r of index.ofType('PractitionerRole')) checkPractitionerRole(ctx, r);
  for (const p of index.ofType('Practitioner')) checkPractitioner(ctx, p);
  for (const l of index.ofType('Location')) checkLocation(ctx, l);
  for (const o of index.ofType('Organization')) checkOrganization(ctx, o);
  for (const h of index.ofType('HealthcareService')) checkHealthcareService(ctx, h);

  const tree = buildTree(ctx, slotViews);
  return done(slotViews, tree, total, nextLink);
}

interface Ctx {
  kind: SlotKind;
  index: BundleIndex;
  options: AnalyzeOptions;
  out: SlotFinding[];
  requested: Set<string>;
}

function checkEmptyElements(bundle: JsonObject, out: SlotFinding[]): void {
  let count = 0;
  const walk = (value: unknown, path: string, resource: string) => {
    if (count >= MAX_EMPTY_FINDINGS) return;
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
    if (empty) {
      count++;
      out.push(slotFinding('SLOT-EMPTY-ELEMENT', 'error', resource, path));
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, resource));
    else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'resource' && isObject(v)) {
          const key = `${str(v.resourceType) ?? '?'}/${str(v.id) ?? '?'}`;
          walk(v, str(v.resourceType) ?? 'Resource', key);
        } else walk(v, `${path}.${k}`, resource);
      }
    }
  };
  walk(bundle, 'Bundle', 'Bundle');
}

function checkProfile(kind: SlotKind, type: string, resource: JsonObject, key: string, out: SlotFinding[]): void {
  const expected = EXPECTED_PROFILES[kind][type];
  if (!expected) return;
  const declared = asArray(obj(resource.meta)?.profile).filter((p): p is string => typeof p === 'string').map((p) => p.split('|')[0]);
  const accepted = [expected, ...(ALSO_ACCEPTED_PROFILES[kind]?.[type] ?? [])];
  if (!declared.some((p) => accepted.includes(p))) {
    out.push(slotFinding('SLOT-PROFILE-MISSING', 'warning', key, `${type}.meta.profile`, { expected, found: declared.join(', ') || '—' }));
  }
}

function checkTotal(kind: SlotKind, bundle: JsonObject, slots: IndexedEntry[], schedules: IndexedEntry[], out: SlotFinding[]): void {
  if (typeof bundle.total !== 'number') {
    out.push(slotFinding('SLOT-TOTAL-MISSING', 'error', 'Bundle', 'Bundle.total'));
    return;
  }
  const withModes = slots.some((s) => s.mode !== undefined);
  const matched = withModes && kind !== 'sos' ? slots.filter((s) => s.mode === 'match').length : slots.length;
  // SOS matches Schedules while the IG's example counts Slots (sas-ig.md §11 item 15): either is accepted.
  const ok = bundle.total === matched || (kind === 'sos' && bundle.total === schedules.length);
  if (!ok) {
    out.push(slotFinding('SLOT-TOTAL-MISMATCH', kind === 'sos' ? 'warning' : 'error', 'Bundle', 'Bundle.total', {
      total: bundle.total,
      count: matched,
      what: withModes && kind !== 'sos' ? '(search.mode = match)' : '',
    }));
  }
}

function checkLinks(kind: SlotKind, bundle: JsonObject, options: AnalyzeOptions, out: SlotFinding[]): string | null {
  const links = asArray(bundle.link).map(obj);
  const self = links.find((l) => l?.relation === 'self');
  const next = links.find((l) => l?.relation === 'next');
  if (!self || !str(self.url)) {
    out.push(slotFinding('SLOT-SELF-LINK-MISSING', kind === 'ps' ? 'warning' : 'error', 'Bundle', "Bundle.link.where(relation='self')"));
  } else {
    let decoded = str(self.url)!;
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      /* keep it as sent */
    }
    for (const id of options.requested ?? []) {
      if (!decoded.includes(id)) {
        out.push(slotFinding('SLOT-SELF-LINK-CRITERIA', 'warning', 'Bundle', "Bundle.link.where(relation='self').url", { criterion: id }));
      }
    }
    if (options.window && !/start=ge/.test(decoded)) {
      out.push(slotFinding('SLOT-SELF-LINK-CRITERIA', 'warning', 'Bundle', "Bundle.link.where(relation='self').url", { criterion: 'start=ge…' }));
    }
  }
  if (next) {
    out.push(slotFinding('SLOT-NEXT-LINK', 'warning', 'Bundle', "Bundle.link.where(relation='next')"));
    return str(next.url) ?? '';
  }
  return null;
}

function codesOf(concept: unknown, system: string): string[] {
  return asArray(obj(concept)?.coding)
    .map(obj)
    .filter((c) => c?.system === system)
    .map((c) => str(c?.code) ?? '');
}

function checkSlot(ctx: Ctx, e: IndexedEntry): SlotView {
  const { out, kind, options } = ctx;
  const s = e.resource;
  const status = str(s.status) ?? null;
  if (status !== 'free') out.push(slotFinding('SLOT-STATUS-FREE', 'error', e.key, 'Slot.status', { status: status ?? '—' }));
  const start = parseInstant(s.start);
  const end = parseInstant(s.end);
  if (start === null) out.push(slotFinding('SLOT-INSTANT', 'error', e.key, 'Slot.start', { value: String(s.start ?? '—') }));
  if (end === null) out.push(slotFinding('SLOT-INSTANT', 'error', e.key, 'Slot.end', { value: String(s.end ?? '—') }));
  if (start !== null && end !== null && start >= end) {
    out.push(slotFinding('SLOT-START-END', 'error', e.key, 'Slot.start', { start: String(s.start), end: String(s.end) }));
  }
  if (start !== null && options.window && (start < options.window.start || start > options.window.end)) {
    out.push(slotFinding('SLOT-OUTSIDE-WINDOW', 'error', e.key, 'Slot.start', {
      start: String(s.start),
      from: new Date(options.window.start).toISOString(),
      to: new Date(options.window.end).toISOString(),
    }));
  }
  if (start !== null && options.now !== undefined && start < options.now) {
    out.push(slotFinding('SLOT-IN-PAST', 'error', e.key, 'Slot.start', { start: String(s.start) }));
  }
  if (!ctx.index.resolve(s.schedule)) {
    out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, 'Slot.schedule', { reference: referenceText(s.schedule) }));
  }

  const types = codesOf({ coding: obj(s.meta)?.security }, CS_TRE_R314_TYPE_CRENEAU);
  if (types.length === 0) out.push(slotFinding('SLOT-TYPE-MISSING', 'warning', e.key, 'Slot.meta.security'));
  types.forEach((code, i) => {
    if (!SLOT_TYPES[kind].includes(code)) {
      out.push(slotFinding('SLOT-TYPE-VS', 'error', e.key, `Slot.meta.security[${i}]`, { code, allowed: SLOT_TYPES[kind].join(', ') }));
    }
  });

  const consultation: string[] = [];
  const motifs: string[] = [];
  const cpts: SlotView['cpts'] = [];
  let has604WithExtension = false;
  asArray(s.serviceType).forEach((raw, i) => {
    const st = obj(raw) ?? {};
    for (const code of codesOf(st, CS_V3_ACTCODE)) {
      if ((CONSULTATION_TYPES as readonly string[]).includes(code)) consultation.push(code);
      else out.push(slotFinding('SLOT-CONSULTATION-TYPE', 'error', e.key, `Slot.serviceType[${i}]`, { code }));
    }
    if (str(st.text)) motifs.push(str(st.text)!);
    const ext = asArray(st.extension).map(obj).find((x) => x?.url === EXT_R5_SLOT_SERVICE_TYPE);
    if (ext) {
      const service = ctx.index.resolve(ext.valueReference);
      if (!service) {
        out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, `Slot.serviceType[${i}].extension('${EXT_R5_SLOT_SERVICE_TYPE}').value`, { reference: referenceText(ext.valueReference) }));
      } else {
        const org = ctx.index.resolve(service.resource.providedBy);
        cpts.push({ serviceKey: service.key, organisationLabel: org ? organisationLabel(org.resource) : referenceText(service.resource.providedBy) });
      }
      if (codesOf(st, CS_TRE_R66).includes('604')) has604WithExtension = true;
    }
  });
  if (kind === 'cpts' && types.includes('CPTS') && !has604WithExtension) {
    out.push(slotFinding('SLOT-CPTS-SERVICE-TYPE', 'error', e.key, 'Slot.serviceType'));
  }

  const appointmentCodes = codesOf(s.appointmentType, CS_V2_0276);
  const appointmentType = appointmentCodes[0] ?? (asArray(obj(s.appointmentType)?.coding).length ? str(obj(asArray(obj(s.appointmentType)?.coding)[0])?.code) ?? null : null);
  if (!s.appointmentType) out.push(slotFinding('SLOT-APPOINTMENT-TYPE-MISSING', 'warning', e.key, 'Slot.appointmentType'));
  else if (!appointmentType || !(APPOINTMENT_TYPES as readonly string[]).includes(appointmentType) || appointmentCodes.length === 0) {
    out.push(slotFinding('SLOT-APPOINTMENT-TYPE', 'error', e.key, 'Slot.appointmentType', { code: appointmentType ?? '—' }));
  }
  const comment = str(s.comment) ?? null;
  const bookingUrl = comment && isHttpUrl(comment) ? comment : null;
  if (appointmentType === 'ROUTINE' && !bookingUrl) out.push(slotFinding('SLOT-BOOKING-URL', 'error', e.key, 'Slot.comment'));

  return {
    key: e.key,
    startRaw: str(s.start) ?? null,
    endRaw: str(s.end) ?? null,
    startUtc: start,
    endUtc: end,
    status,
    types,
    consultation,
    appointmentType,
    bookingUrl,
    motifs,
    ownerKey: null,
    ownerLabel: '',
    placeKey: null,
    placeLabel: '',
    cpts,
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function checkSchedule(ctx: Ctx, e: IndexedEntry): void {
  const { out, kind, index } = ctx;
  let places = 0;
  asArray(e.resource.actor).forEach((actor, i) => {
    const target = index.resolve(actor);
    if (!target) {
      out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, `Schedule.actor[${i}]`, { reference: referenceText(actor) }));
      return;
    }
    if (kind === 'sos' ? target.type === 'Location' : target.type === 'PractitionerRole') places++;
  });
  if (places !== 1) out.push(slotFinding('SLOT-SCHEDULE-PLACES', 'error', e.key, 'Schedule.actor', { count: places }));
}

function checkPractitionerRole(ctx: Ctx, e: IndexedEntry): void {
  const { out, index } = ctx;
  const r = e.resource;
  if (r.practitioner !== undefined && !index.resolve(r.practitioner)) {
    out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, 'PractitionerRole.practitioner', { reference: referenceText(r.practitioner) }));
  }
  const location = roleLocation(r);
  if (!location) out.push(slotFinding('SLOT-LOCATION-CONTAINED', 'error', e.key, 'PractitionerRole.location'));
  else {
    checkAddress(out, e.key, 'PractitionerRole.contained.address', location);
    checkPhones(out, e.key, 'PractitionerRole.contained', location);
  }
  checkPhones(out, e.key, 'PractitionerRole', r);
  const orgId = obj(obj(r.organization)?.identifier);
  if (orgId && str(orgId.value) && (orgId.system === undefined || orgId.system === SYSTEM_IDNST)) {
    const v = str(orgId.value)!;
    if (!/^(1\d{9}|3\d{14}|4\d{14}|0\d{14})$/.test(v)) {
      out.push(slotFinding('SLOT-ID-FORMAT', 'warning', e.key, 'PractitionerRole.organization.identifier.value', {
        what: 'de structure (IDNST)',
        value: v,
        expected: '1 + FINESS, 3 + SIRET ou 4 + RPPS-rang',
      }));
    }
  }
}

/** PractitionerRole.location is a list in R4; the SAS expects one entry pointing at the contained Location. */
function roleLocation(role: JsonObject): JsonObject | undefined {
  const ref = Array.isArray(role.location) ? role.location[0] : role.location;
  return resolveContained(role, ref);
}

function checkPractitioner(ctx: Ctx, e: IndexedEntry): void {
  const { out, requested } = ctx;
  const ids = asArray(e.resource.identifier).map(obj);
  const idnps = ids.find((i) => i?.system === SYSTEM_IDNPS) ?? ids[0];
  if (!idnps) {
    out.push(slotFinding('SLOT-ID-FORMAT', 'error', e.key, 'Practitioner.identifier', { what: 'du PS', value: '—', expected: '8 + RPPS ou 0 + ADELI' }));
    return;
  }
  const value = str(idnps.value) ?? '';
  if (idnps.system !== SYSTEM_IDNPS) {
    out.push(slotFinding('SLOT-ID-SYSTEM', 'error', e.key, 'Practitioner.identifier.system', { what: 'du PS', system: String(idnps.system ?? '—'), expected: SYSTEM_IDNPS }));
  }
  if (!codesOf(idnps.type, CS_FR_V2_0203).includes('IDNPS')) {
    out.push(slotFinding('SLOT-ID-TYPE', 'error', e.key, 'Practitioner.identifier.type', { what: 'du PS', expected: `${CS_FR_V2_0203}#IDNPS` }));
  }
  if (!RPPS_PREFIXED.test(value) && !ADELI_PREFIXED.test(value)) {
    out.push(slotFinding('SLOT-ID-FORMAT', 'error', e.key, 'Practitioner.identifier.value', { what: 'du PS', value, expected: '8 + RPPS (12 chiffres) ou 0 + ADELI (10 chiffres)' }));
  }
  if (requested.size > 0 && ctx.kind !== 'sos' && !requested.has(value)) {
    out.push(slotFinding('SLOT-NOT-REQUESTED', 'error', e.key, 'Practitioner.identifier.value', { what: 'Le PS', value, whom: 'PS' }));
  }
}

function checkLocation(ctx: Ctx, e: IndexedEntry): void {
  const { out, kind, index } = ctx;
  const l = e.resource;
  checkPhones(out, e.key, 'Location', l);
  if (kind !== 'sos') return;
  if (!index.resolve(l.managingOrganization)) {
    out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, 'Location.managingOrganization', { reference: referenceText(l.managingOrganization) }));
  }
  if (!str(l.name)) out.push(slotFinding('SLOT-NAME-MISSING', 'error', e.key, 'Location.name'));
  checkAddress(out, e.key, 'Location.address', l);
  asArray(l.identifier).forEach((raw, i) => {
    const id = obj(raw) ?? {};
    if (!codesOf(id.type, CS_LOCATION_IDENTIFIER_TYPE).includes('INTRN')) {
      // The narrative allows an IDNST here, the profile fixes INTRN (sas-ig.md §11 item 3): a warning, not an error.
      out.push(slotFinding('SLOT-ID-TYPE', 'warning', e.key, `Location.identifier[${i}].type`, { what: 'du lieu', expected: `${CS_LOCATION_IDENTIFIER_TYPE}#INTRN` }));
    }
  });
}

function checkOrganization(ctx: Ctx, e: IndexedEntry): void {
  const { out, kind, requested } = ctx;
  const o = e.resource;
  checkPhones(out, e.key, 'Organization', o);
  const id = obj(asArray(o.identifier)[0]);
  const value = str(id?.value) ?? '';
  const sos = kind === 'sos';
  const what = sos ? "de l'association (SIRET)" : 'de la CPTS (FINESS)';
  if (!id) {
    out.push(slotFinding('SLOT-ID-FORMAT', 'error', e.key, 'Organization.identifier', { what, value: '—', expected: sos ? '3 + SIRET' : '1 + FINESS' }));
    return;
  }
  if (id.system !== SYSTEM_IDNST) {
    out.push(slotFinding('SLOT-ID-SYSTEM', 'error', e.key, 'Organization.identifier.system', { what, system: String(id.system ?? '—'), expected: SYSTEM_IDNST }));
  }
  if (!IDNST_TYPE_SYSTEMS.some((system) => codesOf(id.type, system).includes('IDNST'))) {
    out.push(slotFinding('SLOT-ID-TYPE', 'error', e.key, 'Organization.identifier.type', { what, expected: 'IDNST' }));
  }
  const pattern = sos ? SIRET_PREFIXED : FINESS_PREFIXED;
  if (!pattern.test(value)) {
    out.push(slotFinding('SLOT-ID-FORMAT', 'error', e.key, 'Organization.identifier.value', { what, value, expected: sos ? '3 + SIRET (15 chiffres)' : '1 + FINESS (10 chiffres)' }));
  }
  if (sos && requested.size > 0 && !requested.has(value)) {
    out.push(slotFinding('SLOT-NOT-REQUESTED', 'error', e.key, 'Organization.identifier.value', { what: "L'association", value, whom: 'associations' }));
  }
}

function checkHealthcareService(ctx: Ctx, e: IndexedEntry): void {
  if (!ctx.index.resolve(e.resource.providedBy)) {
    ctx.out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, 'HealthcareService.providedBy', { reference: referenceText(e.resource.providedBy) }));
  }
}

function checkAddress(out: SlotFinding[], key: string, path: string, resource: JsonObject): void {
  const a = obj(resource.address);
  const missing = [
    !a || asArray(a.line).filter((l) => str(l)).length === 0 ? 'line' : null,
    !str(a?.city) ? 'city' : null,
    !str(a?.postalCode) ? 'postalCode' : null,
  ].filter(Boolean);
  if (missing.length) out.push(slotFinding('SLOT-ADDRESS', 'error', key, path, { missing: missing.join(', ') }));
}

function checkPhones(out: SlotFinding[], key: string, path: string, resource: JsonObject): void {
  asArray(resource.telecom).forEach((raw, i) => {
    const t = obj(raw);
    const value = str(t?.value);
    if (t?.system === 'phone' && value && !/^\+33\d{9}$/.test(value)) {
      out.push(slotFinding('SLOT-PHONE', 'warning', key, `${path}.telecom[${i}].value`, { value }));
    }
  });
}

function practitionerLabel(p: JsonObject): string {
  const name = obj(asArray(p.name)[0]);
  const given = asArray(name?.given).filter((g) => typeof g === 'string').join(' ');
  const id = str(obj(asArray(p.identifier)[0])?.value) ?? '';
  return `${[given, str(name?.family)].filter(Boolean).join(' ') || '—'} (${id})`;
}

function organisationLabel(o: JsonObject): string {
  const id = str(obj(asArray(o.identifier)[0])?.value) ?? '';
  return `${str(o.name) ?? '—'} (${id})`;
}

function placeLabel(location: JsonObject | undefined): string {
  if (!location) return '—';
  const a = obj(location.address);
  const address = [asArray(a?.line).filter((l) => typeof l === 'string').join(' '), [str(a?.postalCode), str(a?.city)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [str(location.name), address].filter(Boolean).join(' — ') || '—';
}

/** Practitioner → place → schedule → slots (PS, CPTS, with each slot's CPTS); association → place → schedule → slots (SOS). */
function buildTree(ctx: Ctx, views: SlotView[]): TreeNode[] {
  const { index, kind } = ctx;
  const owners = new Map<string, TreeNode>();
  const places = new Map<string, TreeNode>();
  const byKey = new Map(views.map((v) => [v.key, v]));
  const unresolved: TreeNode = { key: 'unresolved', kind: 'unresolved', label: '', children: [] };
  const slotsBySchedule = new Map<string, IndexedEntry[]>();
  for (const slot of index.ofType('Slot')) {
    const schedule = index.resolve(slot.resource.schedule)?.key;
    if (!schedule) continue;
    const list = slotsBySchedule.get(schedule) ?? [];
    list.push(slot);
    slotsBySchedule.set(schedule, list);
  }
  const slotNode = (v: SlotView): TreeNode => ({
    key: v.key,
    kind: 'slot',
    label: `${v.startRaw ?? '—'} → ${v.endRaw ?? '—'}`,
    detail: [v.types.join('+'), v.consultation.join('/'), v.appointmentType].filter(Boolean).join(' · '),
    children: v.cpts.map((c) => ({ key: `${v.key}>${c.serviceKey}`, kind: 'cpts-service', label: c.serviceKey, children: [{ key: `${v.key}>${c.serviceKey}>org`, kind: 'organisation', label: c.organisationLabel, children: [] }] })),
  });
  for (const s of index.ofType('Schedule')) {
    let owner: IndexedEntry | undefined;
    let place: IndexedEntry | undefined;
    for (const actor of asArray(s.resource.actor)) {
      const t = index.resolve(actor);
      if (!t) continue;
      if (t.type === 'Practitioner') owner = owner ?? t;
      if (t.type === 'PractitionerRole' || (kind === 'sos' && t.type === 'Location')) place = place ?? t;
    }
    if (place?.type === 'PractitionerRole' && !owner) owner = index.resolve(place.resource.practitioner);
    if (kind === 'sos' && place) owner = index.resolve(place.resource.managingOrganization);
    const ownerKey = owner?.key ?? 'unresolved-owner';
    let ownerNode = owners.get(ownerKey);
    if (!ownerNode) {
      ownerNode = {
        key: ownerKey,
        kind: kind === 'sos' ? 'association' : 'practitioner',
        label: owner ? (kind === 'sos' ? organisationLabel(owner.resource) : practitionerLabel(owner.resource)) : '—',
        children: [],
      };
      owners.set(ownerKey, ownerNode);
    }
    const location = place ? (place.type === 'Location' ? place.resource : roleLocation(place.resource)) : undefined;
    const placeKey = place?.key ?? `${s.key}#no-place`;
    let placeNode = places.get(`${ownerKey}|${placeKey}`);
    if (!placeNode) {
      placeNode = { key: `${ownerKey}|${placeKey}`, kind: 'place', label: placeLabel(location), detail: place?.key, children: [] };
      places.set(`${ownerKey}|${placeKey}`, placeNode);
      ownerNode.children.push(placeNode);
    }
    const scheduleNode: TreeNode = { key: s.key, kind: 'schedule', label: s.key, children: [] };
    placeNode.children.push(scheduleNode);
    for (const slot of slotsBySchedule.get(s.key) ?? []) {
      const v = byKey.get(slot.key)!;
      v.ownerKey = ownerNode.key;
      v.ownerLabel = ownerNode.label;
      v.placeKey = placeNode.key;
      v.placeLabel = placeNode.label;
      scheduleNode.children.push(slotNode(v));
    }
  }
  for (const v of views) if (!v.placeKey) unresolved.children.push(slotNode(v));
  const tree = [...owners.values()];
  if (unresolved.children.length) tree.push(unresolved);
  return tree;
}
