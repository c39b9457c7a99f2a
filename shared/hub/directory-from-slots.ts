// What a slot answer (INT_R01 PS, INT_R04 CPTS, SOS) says about the practitioners and structures it describes,
// so that the directory filling the RS-SAS-RDV message learns names, codes and postal codes without typing.
//
// Where the values sit (sas-ig.md §4, and the IG 1.2.0 example bundles):
// - practitioner id and name: Practitioner.identifier (IDNPS, 8 + RPPS) and Practitioner.name;
// - specialty (TRE_R38): in the IG's own examples only on Slot.specialty, never on PractitionerRole; FR Core allows
//   PractitionerRole.specialty and Practitioner.qualification too, so those are read and preferred when present;
// - profession (TRE_G15): nowhere in the IG or its examples; FR Core and the ANS directory put it in
//   PractitionerRole.code or Practitioner.qualification, which are read when an editor sends them;
// - postal code: the Location contained in the PractitionerRole (PS, CPTS), the PFG Location of a Schedule (SOS),
//   or Organization.address;
// - structures: Organization (CPTS FINESS, SOS SIRET) and the logical PractitionerRole.organization.identifier (PS).
import { FINESS_PREFIXED, RPPS_PREFIXED, SIRET_PREFIXED } from '../domain/identifiers';
import { SYSTEM_IDNPS, SYSTEM_IDNST } from '../fhir/ig';
import { asArray, type JsonObject, obj, str } from '../fhir/json';
import { CS_TRE_G15, CS_TRE_R38 } from '../fhir/ig';
import type { DirectoryEntryInput } from '../api/hub-api';
import { resolveContained } from '../slots/bundle-index';

export { CS_TRE_G15, CS_TRE_R38 };

/** What a slot answer says of one practitioner or structure: a directory entry as an operator would type it. */
export type DirectoryDraft = DirectoryEntryInput;

// ------------------------------------------------------------------------------------------- terminologies

// Editors copy NOS systems by hand: the IG itself spells TRE_R66 three ways (sas-ig.md §11 item 6), and CDA-era
// software still sends the OIDs (TRE_R38 1.2.250.1.213.2.28, TRE_G15 1.2.250.1.71.1.2.7, as the NOS publish them).
const R38_SYSTEM = /^https?:\/\/mos\.esante\.gouv\.fr\/NOS\/TRE_R38-SpecialiteOrdinale(\/FHIR\/TRE-R38-SpecialiteOrdinale)?\/?$/i;
const G15_SYSTEM = /^https?:\/\/mos\.esante\.gouv\.fr\/NOS\/TRE_G15-ProfessionSante(\/FHIR\/TRE-G15-ProfessionSante)?\/?$/i;
const R38_OID = 'urn:oid:1.2.250.1.213.2.28';
const G15_OID = 'urn:oid:1.2.250.1.71.1.2.7';

// Same shapes as directoryEntryInputSchema: a value it would refuse is no value for the directory either.
const SPECIALTY_CODE = /^[A-Z0-9]{1,10}$/;
const PROFESSION_CODE = /^[0-9]{1,4}$/;
const POSTAL_CODE = /^\d{5}$/;
const MAX_TEXT = 200;

function isR38(system: string | undefined): boolean {
  return system !== undefined && (system === R38_OID || R38_SYSTEM.test(system));
}

function isG15(system: string | undefined): boolean {
  return system !== undefined && (system === G15_OID || G15_SYSTEM.test(system));
}

/** Codes of one CodeableConcept in the systems `accept` recognises, in order, without repeats. */
function codesIn(concept: unknown, accept: (system: string | undefined) => boolean, shape: RegExp): string[] {
  const out: string[] = [];
  for (const raw of asArray(obj(concept)?.coding)) {
    const coding = obj(raw);
    if (!coding || !accept(str(coding.system))) continue;
    const code = str(coding.code);
    if (code && shape.test(code) && !out.includes(code)) out.push(code);
  }
  return out;
}

/** Same test as json.ts `isObject`, kept local for the per-slot path (see readSlot). */
function isRecord(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(value: unknown): string | null {
  const s = str(value)?.replace(/\s+/g, ' ').trim();
  return s && s.length <= MAX_TEXT ? s : null;
}

function postalCodeOf(address: unknown): string | null {
  const code = str(obj(address)?.postalCode)?.replace(/\s+/g, '');
  return code && POSTAL_CODE.test(code) ? code : null;
}

// ------------------------------------------------------------------------------------------------ identifiers

/** Systems under which a raw 11-digit RPPS is found (FR Core and the ANS directory use the first). */
const RPPS_SYSTEMS = new Set(['https://rpps.esante.gouv.fr', 'http://rpps.esante.gouv.fr', 'http://rpps.fr', 'https://rpps.fr']);

/**
 * An RPPS without its prefix. Eleven digits starting with 8 or 0 are rather an IDNPS that lost a digit
 * (8 + RPPS, 0 + ADELI): prefixing those would invent a number.
 */
const RAW_RPPS = /^[1-79]\d{10}$/;

function typeCodes(identifier: JsonObject): string[] {
  return asArray(obj(identifier.type)?.coding)
    .map((c) => str(obj(c)?.code))
    .filter((c): c is string => c !== undefined);
}

function identifierValue(identifier: JsonObject): string | undefined {
  // Digits grouped with spaces for readability are still the same number.
  return str(identifier.value)?.replace(/\s+/g, '');
}

/**
 * 8 + RPPS from a practitioner's identifiers. The IDNPS (8-prefixed) is preferred; a raw RPPS under an RPPS
 * system gets its prefix. An 11-digit value under the IDNPS system is an RPPS whose prefix the editor forgot:
 * no other national id has that length. ADELI (0-prefixed) is no key for the message's `rppsId`, so never taken.
 */
function practitionerIdOf(identifiers: unknown): string | null {
  let fallback: string | null = null;
  for (const raw of asArray(identifiers)) {
    const identifier = obj(raw);
    if (!identifier) continue;
    const value = identifierValue(identifier);
    if (!value) continue;
    const system = str(identifier.system)?.replace(/\/+$/, '');
    const types = typeCodes(identifier);
    const idnps = system === SYSTEM_IDNPS || (system === undefined && types.includes('IDNPS'));
    const rpps = (system !== undefined && RPPS_SYSTEMS.has(system)) || types.includes('RPPS');
    if (idnps && RPPS_PREFIXED.test(value)) return value;
    if (!fallback && (idnps || rpps)) {
      if (RAW_RPPS.test(value)) fallback = `8${value}`;
      else if (rpps && RPPS_PREFIXED.test(value)) fallback = value;
    }
  }
  return fallback;
}

/**
 * 1 + FINESS or 3 + SIRET from one identifier: an IDNST (system, or type when the system is missing), or a raw
 * FINESS/SIRET whose type says which. `bare` accepts a value with neither system nor type, for
 * PractitionerRole.organization whose definition already says it is the IDNST (the IG's CPTS example sends only
 * a value there).
 */
function structureIdFrom(identifier: JsonObject, bare: boolean): string | null {
  const value = identifierValue(identifier);
  if (!value) return null;
  const system = str(identifier.system);
  const types = typeCodes(identifier);
  const idnst = system === SYSTEM_IDNST || (system === undefined && (types.includes('IDNST') || (bare && types.length === 0)));
  if (idnst) return FINESS_PREFIXED.test(value) || SIRET_PREFIXED.test(value) ? value : null;
  if (types.includes('SIRET') && /^\d{14}$/.test(value)) return `3${value}`;
  if ((types.includes('FINEG') || types.includes('FINEJ')) && /^\d{9}$/.test(value)) return `1${value}`;
  return null;
}

/** The IG's order of preference for the structure id: FINESS, then SIRET (FAQ). */
function structureIdOf(identifiers: unknown): string | null {
  let siret: string | null = null;
  for (const raw of asArray(identifiers)) {
    const identifier = obj(raw);
    const id = identifier ? structureIdFrom(identifier, false) : null;
    if (id?.startsWith('1')) return id;
    if (id && !siret) siret = id;
  }
  return siret;
}

// ------------------------------------------------------------------------------------------------ voting

/**
 * Several resources may say different things of one practitioner (two places, slots with several specialties).
 * Each value gets a priority (what the resource is meant to carry beats what is inferred from slots) and a weight
 * (how many slots stand behind it); the first value seen breaks ties, so the result does not depend on Map order.
 */
class Ballot {
  private readonly tiers = new Map<number, Map<string, { weight: number; order: number }>>();

  add(value: string, priority: number, weight: number, order: number): void {
    let tier = this.tiers.get(priority);
    if (!tier) this.tiers.set(priority, (tier = new Map()));
    const vote = tier.get(value);
    if (vote) vote.weight += weight;
    else tier.set(value, { weight, order });
  }

  winner(): string | null {
    let top: Map<string, { weight: number; order: number }> | undefined;
    let topPriority = -Infinity;
    for (const [priority, tier] of this.tiers) {
      if (priority > topPriority) {
        topPriority = priority;
        top = tier;
      }
    }
    let best: string | null = null;
    let bestWeight = -Infinity;
    let bestOrder = Infinity;
    for (const [value, { weight, order }] of top ?? []) {
      if (weight > bestWeight || (weight === bestWeight && order < bestOrder)) {
        best = value;
        bestWeight = weight;
        bestOrder = order;
      }
    }
    return best;
  }
}

// What the resource exists to say, what a linked resource says, and what is only a fallback.
const OWN = 3;
const LINKED = 2;
const INFERRED = 1;
const FALLBACK = 0;

interface Acc {
  kind: DirectoryDraft['kind'];
  id: string;
  /** JSON [family, given] so that a name and a first name always come from the same HumanName. */
  fullName: Ballot;
  specialty: Ballot;
  profession: Ballot;
  postalCode: Ballot;
}

// ------------------------------------------------------------------------------------------------ extraction

/** Family and given names of the `official` HumanName, else of the first one that has either. */
function humanName(names: unknown): [string | null, string | null] | null {
  const list = asArray(names).map(obj).filter((n): n is JsonObject => n !== undefined);
  const ordered = [...list.filter((n) => n.use === 'official'), ...list.filter((n) => n.use !== 'official')];
  for (const n of ordered) {
    const family = text(n.family);
    const given = text(asArray(n.given).map(text).filter((g): g is string => g !== null).join(' '));
    if (family || given) return [family, given];
  }
  return null;
}

class Extractor {
  private readonly drafts = new Map<string, Acc>();
  private order = 0;
  private readonly byKey = new Map<string, JsonObject>();
  private readonly byFullUrl = new Map<string, JsonObject>();

  private readonly practitioners: JsonObject[] = [];
  private readonly roles: JsonObject[] = [];
  private readonly schedules: JsonObject[] = [];
  private readonly locations: JsonObject[] = [];
  private readonly organizations: JsonObject[] = [];
  private readonly services: JsonObject[] = [];

  /** Per Slot.schedule reference as written: slot count and TRE_R38 codes with their slot counts. */
  private readonly slotsBySchedule = new Map<string, { slots: number; specialties: Map<string, number> }>();

  /** Slots behind each PractitionerRole and Location, through their Schedules. */
  private readonly roleSlots = new Map<JsonObject, number>();
  private readonly locationSlots = new Map<JsonObject, number>();
  private readonly practitionerIds = new Map<JsonObject, string | null>();
  private readonly organizationIds = new Map<JsonObject, string | null>();

  /** The only loop over Bundle.entry: Slots (the bulk) are reduced to counts per schedule reference here. */
  read(bundle: JsonObject): void {
    for (const rawEntry of asArray(bundle.entry)) {
      try {
        this.readEntry(rawEntry);
      } catch {
        // Only exotic inputs (getters, proxies) can throw here; one such entry must not cost the others.
      }
    }
  }

  private readEntry(rawEntry: unknown): void {
    if (!isRecord(rawEntry)) return;
    const resource = rawEntry.resource;
    if (!isRecord(resource)) return;
    const type = resource.resourceType;
    if (type === 'Slot') {
      this.readSlot(resource);
      return;
    }
    if (typeof type !== 'string') return;
    const id = str(resource.id);
    if (id) this.byKey.set(`${type}/${id}`, resource);
    const fullUrl = str(rawEntry.fullUrl);
    if (fullUrl) this.byFullUrl.set(fullUrl, resource);
    switch (type) {
      case 'Practitioner':
        this.practitioners.push(resource);
        break;
      case 'PractitionerRole':
        this.roles.push(resource);
        break;
      case 'Schedule':
        this.schedules.push(resource);
        break;
      case 'Location':
        this.locations.push(resource);
        break;
      case 'Organization':
        this.organizations.push(resource);
        break;
      case 'HealthcareService':
        this.services.push(resource);
        break;
    }
  }

  /** Answers for the few distinct systems a bundle uses, so that 10,000 slots cost one regex test each, not per slot. */
  private readonly r38Systems = new Map<string, boolean>();

  private isR38Cached(system: string): boolean {
    let yes = this.r38Systems.get(system);
    if (yes === undefined) {
      yes = isR38(system);
      // Bounded: a hostile answer with a new system per slot must not grow the cache without limit.
      if (this.r38Systems.size < 64) this.r38Systems.set(system, yes);
    }
    return yes;
  }

  // The hot path (one call per slot): local checks rather than the json.ts helpers, because under the test
  // runner every call to an imported function goes through a module getter, which doubled the time; and no
  // intermediate arrays.
  private readSlot(slot: JsonObject): void {
    const schedule = slot.schedule;
    const ref = isRecord(schedule) ? schedule.reference : undefined;
    if (typeof ref !== 'string' || ref === '') return;
    let stats = this.slotsBySchedule.get(ref);
    if (!stats) this.slotsBySchedule.set(ref, (stats = { slots: 0, specialties: new Map() }));
    stats.slots++;
    const concepts = slot.specialty;
    if (!Array.isArray(concepts)) return;
    let first: string | undefined;
    let others: string[] | undefined;
    for (const concept of concepts) {
      const codings = isRecord(concept) ? concept.coding : undefined;
      if (!Array.isArray(codings)) continue;
      for (const coding of codings) {
        if (!isRecord(coding)) continue;
        const system = coding.system;
        const code = coding.code;
        if (typeof system !== 'string' || typeof code !== 'string' || !SPECIALTY_CODE.test(code) || !this.isR38Cached(system)) continue;
        // A slot counts once per code, however many times it repeats it.
        if (code === first || others?.includes(code)) continue;
        if (first === undefined) first = code;
        else (others ??= []).push(code);
        stats.specialties.set(code, (stats.specialties.get(code) ?? 0) + 1);
      }
    }
  }

  /** Same rules as BundleIndex.resolve (fullUrl, Type/id, absolute URL or _history tail), plus `#contained`. */
  private resolve(container: JsonObject | null, reference: unknown): JsonObject | undefined {
    const ref = str(obj(reference)?.reference);
    if (!ref) return undefined;
    if (ref.startsWith('#')) return container ? resolveContained(container, reference) : undefined;
    const direct = this.byFullUrl.get(ref) ?? this.byKey.get(ref);
    if (direct) return direct;
    const m = /([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/.exec(ref);
    return m ? this.byKey.get(`${m[1]}/${m[2]}`) : undefined;
  }

  private draft(kind: Acc['kind'], id: string): Acc {
    let acc = this.drafts.get(id);
    if (!acc) {
      acc = { kind, id, fullName: new Ballot(), specialty: new Ballot(), profession: new Ballot(), postalCode: new Ballot() };
      this.drafts.set(id, acc);
    }
    return acc;
  }

  private vote(ballot: Ballot, value: string | null, priority: number, weight = 1): void {
    if (value !== null) ballot.add(value, priority, weight, this.order++);
  }

  /** A structure's name (no first name): nothing when the resource has none. */
  private voteName(acc: Acc, name: unknown, priority: number): void {
    const value = text(name);
    if (value !== null) this.vote(acc.fullName, JSON.stringify([value, null]), priority);
  }

  private practitionerId(resource: JsonObject): string | null {
    let id = this.practitionerIds.get(resource);
    if (id === undefined) {
      id = str(resource.resourceType) === 'Practitioner' ? practitionerIdOf(resource.identifier) : null;
      this.practitionerIds.set(resource, id);
    }
    return id;
  }

  private organizationId(resource: JsonObject): string | null {
    let id = this.organizationIds.get(resource);
    if (id === undefined) {
      id = str(resource.resourceType) === 'Organization' ? structureIdOf(resource.identifier) : null;
      this.organizationIds.set(resource, id);
    }
    return id;
  }

  /** A reference to a practitioner: a bundled (or contained) Practitioner, or a logical identifier. */
  private practitionerOf(container: JsonObject | null, reference: unknown): Acc | null {
    const target = this.resolve(container, reference);
    const id = target ? this.practitionerId(target) : practitionerIdOf([obj(reference)?.identifier]);
    return id ? this.draft('practitioner', id) : null;
  }

  /** A reference to a structure: a bundled Organization, or a logical identifier (with its display as a name). */
  private organizationOf(container: JsonObject | null, reference: unknown, bare: boolean): Acc | null {
    const target = this.resolve(container, reference);
    if (target) {
      const id = this.organizationId(target);
      return id ? this.draft('organization', id) : null;
    }
    const identifier = obj(obj(reference)?.identifier);
    const id = identifier ? structureIdFrom(identifier, bare) : null;
    if (!id) return null;
    const acc = this.draft('organization', id);
    this.voteName(acc, obj(reference)?.display, INFERRED);
    return acc;
  }

  finish(): DirectoryDraft[] {
    for (const p of this.practitioners) this.practitioner(p);
    for (const o of this.organizations) this.organization(o);
    this.countSlots();
    for (const r of this.roles) this.role(r);
    for (const l of this.locations) this.location(l);
    for (const s of this.services) this.organizationOf(s, s.providedBy, false);
    const out: DirectoryDraft[] = [];
    for (const acc of this.drafts.values()) out.push(toDraft(acc));
    // Practitioners first, each kind in the order the bundle described them.
    return [...out.filter((d) => d.kind === 'practitioner'), ...out.filter((d) => d.kind === 'organization')];
  }

  private practitioner(p: JsonObject): void {
    const id = this.practitionerId(p);
    if (!id) return;
    const acc = this.draft('practitioner', id);
    const name = humanName(p.name);
    if (name) this.vote(acc.fullName, JSON.stringify(name), OWN);
    for (const q of asArray(p.qualification)) {
      const code = obj(q)?.code;
      for (const c of codesIn(code, isR38, SPECIALTY_CODE)) this.vote(acc.specialty, c, LINKED);
      for (const c of codesIn(code, isG15, PROFESSION_CODE)) this.vote(acc.profession, c, LINKED);
    }
    // The practitioner's own address may be anywhere; a place of consultation says where the slots are.
    for (const a of asArray(p.address)) this.vote(acc.postalCode, postalCodeOf(a), FALLBACK);
  }

  private organization(o: JsonObject): void {
    const id = this.organizationId(o);
    if (!id) return;
    const acc = this.draft('organization', id);
    this.voteName(acc, o.name, OWN);
    for (const a of asArray(o.address)) this.vote(acc.postalCode, postalCodeOf(a), OWN);
  }

  /** Schedules link slots to who gives them: specialties go to the practitioners, slot counts to roles and places. */
  private countSlots(): void {
    const bySchedule = new Map<JsonObject, { slots: number; specialties: Map<string, number> }>();
    for (const [ref, stats] of this.slotsBySchedule) {
      const schedule = this.resolve(null, { reference: ref });
      if (!schedule || str(schedule.resourceType) !== 'Schedule') continue;
      const total = bySchedule.get(schedule);
      if (!total) {
        bySchedule.set(schedule, { slots: stats.slots, specialties: new Map(stats.specialties) });
        continue;
      }
      total.slots += stats.slots;
      for (const [code, n] of stats.specialties) total.specialties.set(code, (total.specialties.get(code) ?? 0) + n);
    }
    for (const schedule of this.schedules) {
      const stats = bySchedule.get(schedule) ?? { slots: 0, specialties: new Map<string, number>() };
      const people = new Set<Acc>();
      for (const actor of asArray(schedule.actor)) {
        const target = this.resolve(schedule, actor);
        const type = target ? str(target.resourceType) : undefined;
        if (target && type === 'PractitionerRole') {
          this.roleSlots.set(target, (this.roleSlots.get(target) ?? 0) + stats.slots);
          const acc = this.practitionerOf(target, target.practitioner);
          if (acc) people.add(acc);
        } else if (target && type === 'Location') {
          this.locationSlots.set(target, (this.locationSlots.get(target) ?? 0) + stats.slots);
        } else {
          const acc = this.practitionerOf(schedule, actor);
          if (acc) people.add(acc);
        }
      }
      const scheduleCodes = asArray(schedule.specialty).flatMap((c) => codesIn(c, isR38, SPECIALTY_CODE));
      for (const acc of people) {
        for (const [code, n] of stats.specialties) this.vote(acc.specialty, code, INFERRED, n);
        for (const code of scheduleCodes) this.vote(acc.specialty, code, INFERRED);
      }
    }
  }

  private role(r: JsonObject): void {
    const weight = 1 + (this.roleSlots.get(r) ?? 0);
    const practitioner = this.practitionerOf(r, r.practitioner);
    const organization = this.organizationOf(r, r.organization, true);
    if (practitioner) {
      for (const c of asArray(r.specialty).flatMap((s) => codesIn(s, isR38, SPECIALTY_CODE))) this.vote(practitioner.specialty, c, LINKED, weight);
      for (const c of asArray(r.code).flatMap((s) => codesIn(s, isG15, PROFESSION_CODE))) this.vote(practitioner.profession, c, LINKED, weight);
    }
    for (const ref of asArray(r.location)) {
      const postalCode = postalCodeOf(this.resolve(r, ref)?.address);
      if (practitioner) this.vote(practitioner.postalCode, postalCode, INFERRED, weight);
      // Where the practitioner consults for this structure is the structure's place as far as the answer says.
      if (organization) this.vote(organization.postalCode, postalCode, INFERRED, weight);
    }
  }

  private location(l: JsonObject): void {
    const weight = 1 + (this.locationSlots.get(l) ?? 0);
    const postalCode = postalCodeOf(l.address);
    // A PFG with its own IDNST (allowed by the SOS page, sas-ig.md §4.4) is a structure in its own right.
    const ownId = structureIdOf(l.identifier);
    if (ownId) {
      const acc = this.draft('organization', ownId);
      this.voteName(acc, l.name, LINKED);
      this.vote(acc.postalCode, postalCode, LINKED);
    }
    const manager = this.organizationOf(l, l.managingOrganization, false);
    if (manager && manager.id !== ownId) this.vote(manager.postalCode, postalCode, INFERRED, weight);
  }
}

function toDraft(acc: Acc): DirectoryDraft {
  let name: string | null = null;
  let firstName: string | null = null;
  const fullName = acc.fullName.winner();
  if (fullName) [name, firstName] = JSON.parse(fullName) as [string | null, string | null];
  const practitioner = acc.kind === 'practitioner';
  return {
    kind: acc.kind,
    id: acc.id,
    name,
    firstName: practitioner ? firstName : null,
    specialtyCode: practitioner ? acc.specialty.winner() : null,
    professionCode: practitioner ? acc.profession.winner() : null,
    postalCode: acc.postalCode.winner(),
  };
}

/**
 * Every practitioner and structure a slot answer describes, with what it says of them; tolerant of
 * partial/malformed bundles (never throws, skips what it cannot read); one draft per id (values found in several
 * resources merged: Practitioner name + PractitionerRole/Slot specialty and profession + Location/Organization
 * postal code). Entries are iterated once; slots are reduced to counts per schedule on the way.
 */
export function directoryFromSlotBundle(bundle: unknown): DirectoryDraft[] {
  const root = obj(bundle);
  if (!root) return [];
  try {
    const extractor = new Extractor();
    extractor.read(root);
    return extractor.finish();
  } catch {
    // Reading is defensive throughout; this only stops an exotic input (getters, proxies) from escaping.
    return [];
  }
}
