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
  const done = (slots: SlotView[] = [], total: number | null = null, nextLink: string | null = null): SlotAnalysis => {
    if (options.responseTimeMs !== undefined && options.responseTimeMs > SAS_TIMEOUT_MS) {
      out.push(slotFinding('SLOT-SLOW', 'error', 'Bundle', 'Bundle', { ms: Math.round(options.responseTimeMs) }));
    }
    return {
      kind,
      findings: out,
      slots,
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

  attachPlaces(ctx, slotViews);
  return done(slotViews, total, nextLink);
}

interface Ctx {
  kind: SlotKind;
  index: BundleIndex;
  options: AnalyzeOptions;
  out: SlotFinding[];
  requested: Set<string>;
}

function checkEmptyElements(bundle: JsonObject, out: SlotFinding[]): void {
  // Hot on 10,000-slot answers: the path is a stack of segments, joined only when an empty element is found.
  const path: (string | number)[] = ['Bundle'];
  const pathText = () => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  let resource = 'Bundle';
  let count = 0;
  const isEmpty = (v: unknown) =>
    v === null || v === '' || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && isEmptyObject(v as object));
  const walk = (value: unknown): void => {
    if (count >= MAX_EMPTY_FINDINGS) return;
    if (isEmpty(value)) {
      count++;
      out.push(slotFinding('SLOT-EMPTY-ELEMENT', 'error', resource, pathText()));
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v !== 'object' && v !== '') continue;
        path.push(i);
        walk(v);
        path.pop();
      }
      return;
    }
    if (typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (typeof v !== 'object' && v !== '') continue;
      if (k === 'resource' && isObject(v)) {
        const saved = resource;
        const savedPath = path.splice(0);
        resource = `${str(v.resourceType) ?? '?'}/${str(v.id) ?? '?'}`;
        path.push(str(v.resourceType) ?? 'Resource');
        walk(v);
        path.splice(0, path.length, ...savedPath);
        resource = saved;
        continue;
      }
      path.push(k);
      walk(v);
      path.pop();
    }
  };
  walk(bundle);
}

function isEmptyObject(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function checkProfile(kind: SlotKind, type: string, resource: JsonObject, key: string, out: SlotFinding[]): void {
  const expected = EXPECTED_PROFILES[kind][type];
  if (!expected) return;
  const also = ALSO_ACCEPTED_PROFILES[kind]?.[type];
  const declared = isObject(resource.meta) && Array.isArray(resource.meta.profile) ? resource.meta.profile : [];
  for (const p of declared) {
    if (typeof p !== 'string') continue;
    const bare = p.includes('|') ? p.slice(0, p.indexOf('|')) : p;
    if (bare === expected || also?.includes(bare)) return;
  }
  out.push(slotFinding('SLOT-PROFILE-MISSING', 'warning', key, `${type}.meta.profile`, { expected, found: declared.filter((p) => typeof p === 'string').join(', ') || '—' }));
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
  const codes: string[] = [];
  const coding = isObject(concept) ? concept.coding : undefined;
  if (!Array.isArray(coding)) return codes;
  for (const c of coding) if (isObject(c) && c.system === system) codes.push(typeof c.code === 'string' ? c.code : '');
  return codes;
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
  const schedule = ctx.index.resolve(s.schedule);
  if (!schedule) {
    out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, 'Slot.schedule', { reference: referenceText(s.schedule) }));
  }

  const meta = isObject(s.meta) ? s.meta : undefined;
  const types = meta ? codesOf({ coding: meta.security ?? null }, CS_TRE_R314_TYPE_CRENEAU) : [];
  if (types.length === 0) out.push(slotFinding('SLOT-TYPE-MISSING', 'warning', e.key, 'Slot.meta.security'));
  for (let i = 0; i < types.length; i++) {
    if (!SLOT_TYPES[kind].includes(types[i])) {
      out.push(slotFinding('SLOT-TYPE-VS', 'error', e.key, `Slot.meta.security[${i}]`, { code: types[i], allowed: SLOT_TYPES[kind].join(', ') }));
    }
  }

  const consultation: string[] = [];
  const motifs: string[] = [];
  const cpts: SlotView['cpts'] = [];
  let has604WithExtension = false;
  const serviceTypes = Array.isArray(s.serviceType) ? s.serviceType : [];
  for (let i = 0; i < serviceTypes.length; i++) {
    const st = serviceTypes[i];
    if (!isObject(st)) continue;
    for (const code of codesOf(st, CS_V3_ACTCODE)) {
      if ((CONSULTATION_TYPES as readonly string[]).includes(code)) consultation.push(code);
      else out.push(slotFinding('SLOT-CONSULTATION-TYPE', 'error', e.key, `Slot.serviceType[${i}]`, { code }));
    }
    if (typeof st.text === 'string' && st.text) motifs.push(st.text);
    if (!Array.isArray(st.extension)) continue;
    const ext = st.extension.find((x) => isObject(x) && x.url === EXT_R5_SLOT_SERVICE_TYPE) as JsonObject | undefined;
    if (!ext) continue;
    const service = ctx.index.resolve(ext.valueReference);
    if (!service) {
      out.push(slotFinding('SLOT-REF-UNRESOLVED', 'error', e.key, `Slot.serviceType[${i}].extension('${EXT_R5_SLOT_SERVICE_TYPE}').value`, { reference: referenceText(ext.valueReference) }));
    } else {
      const org = ctx.index.resolve(service.resource.providedBy);
      cpts.push({ serviceKey: service.key, organisationLabel: org ? organisationLabel(org.resource) : referenceText(service.resource.providedBy) });
    }
    if (codesOf(st, CS_TRE_R66).includes('604')) has604WithExtension = true;
  }
  if (kind === 'cpts' && types.includes('CPTS') && !has604WithExtension) {
    out.push(slotFinding('SLOT-CPTS-SERVICE-TYPE', 'error', e.key, 'Slot.serviceType'));
  }

  const appointmentCodes = codesOf(s.appointmentType, CS_V2_0276);
  const firstCoding = isObject(s.appointmentType) && Array.isArray(s.appointmentType.coding) ? s.appointmentType.coding[0] : undefined;
  const appointmentType = appointmentCodes[0] ?? (isObject(firstCoding) ? (str(firstCoding.code) ?? null) : null);
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
    scheduleKey: schedule?.key ?? null,
    ownerKey: null,
    ownerLabel: '',
    placeKey: null,
    placeLabel: '',
    cpts,
  };
}

/** An absolute http(s) URL with a host (a full URL parse per slot costs too much on 10,000-slot answers). */
function isHttpUrl(s: string): boolean {
  return /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i.test(s);
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

const organisationLabels = new WeakMap<JsonObject, string>();

function organisationLabel(o: JsonObject): string {
  let label = organisationLabels.get(o);
  if (label === undefined) {
    label = `${str(o.name) ?? '—'} (${str(obj(asArray(o.identifier)[0])?.value) ?? ''})`;
    organisationLabels.set(o, label);
  }
  return label;
}

function placeLabel(location: JsonObject | undefined): string {
  if (!location) return '—';
  const a = obj(location.address);
  const address = [asArray(a?.line).filter((l) => typeof l === 'string').join(' '), [str(a?.postalCode), str(a?.city)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [str(location.name), address].filter(Boolean).join(' — ') || '—';
}

/** Ties each slot to its owner (practitioner or association) and place, through its schedule. */
function attachPlaces(ctx: Ctx, views: SlotView[]): void {
  const { index, kind } = ctx;
  const bySchedule = new Map<string, { ownerKey: string; ownerLabel: string; placeKey: string; placeLabel: string }>();
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
    const location = place ? (place.type === 'Location' ? place.resource : roleLocation(place.resource)) : undefined;
    const ownerKey = owner?.key ?? 'unresolved-owner';
    bySchedule.set(s.key, {
      ownerKey,
      ownerLabel: owner ? (kind === 'sos' ? organisationLabel(owner.resource) : practitionerLabel(owner.resource)) : '—',
      placeKey: `${ownerKey}|${place?.key ?? `${s.key}#no-place`}`,
      placeLabel: placeLabel(location),
    });
  }
  for (const v of views) {
    const p = v.scheduleKey ? bySchedule.get(v.scheduleKey) : undefined;
    if (p) Object.assign(v, p);
  }
}

/**
 * The resolved graph as a tree, for the inspector: practitioner → place → schedule → slots (PS, CPTS, each
 * slot with its CPTS service → organisation), association → place → schedule → slots (SOS). Slots whose
 * schedule does not resolve are kept under an "unresolved" node.
 */
export function buildSlotTree(analysis: Pick<SlotAnalysis, 'kind' | 'slots'>): TreeNode[] {
  const owners = new Map<string, TreeNode>();
  const nodes = new Map<string, TreeNode>();
  const unresolved: TreeNode = { key: 'unresolved', kind: 'unresolved', label: '', children: [] };
  const child = (parent: TreeNode, key: string, make: () => TreeNode): TreeNode => {
    let n = nodes.get(key);
    if (!n) {
      n = make();
      nodes.set(key, n);
      parent.children.push(n);
    }
    return n;
  };
  for (const v of analysis.slots) {
    const slot: TreeNode = {
      key: v.key,
      kind: 'slot',
      label: `${v.startRaw ?? '—'} → ${v.endRaw ?? '—'}`,
      detail: [v.types.join('+'), v.consultation.join('/'), v.appointmentType].filter(Boolean).join(' · '),
      children: v.cpts.map((c) => ({
        key: `${v.key}>${c.serviceKey}`,
        kind: 'cpts-service',
        label: c.serviceKey,
        children: [{ key: `${v.key}>${c.serviceKey}>org`, kind: 'organisation', label: c.organisationLabel, children: [] }],
      })),
    };
    if (!v.ownerKey || !v.placeKey || !v.scheduleKey) {
      unresolved.children.push(slot);
      continue;
    }
    let owner = owners.get(v.ownerKey);
    if (!owner) {
      owner = { key: v.ownerKey, kind: analysis.kind === 'sos' ? 'association' : 'practitioner', label: v.ownerLabel, children: [] };
      owners.set(v.ownerKey, owner);
    }
    const place = child(owner, v.placeKey, () => ({ key: v.placeKey!, kind: 'place', label: v.placeLabel, detail: v.placeKey!.split('|')[1], children: [] }));
    const schedule = child(place, `${v.placeKey}>${v.scheduleKey}`, () => ({ key: v.scheduleKey!, kind: 'schedule', label: v.scheduleKey!, children: [] }));
    schedule.children.push(slot);
  }
  const tree = [...owners.values()];
  if (unresolved.children.length) tree.push(unresolved);
  return tree;
}
