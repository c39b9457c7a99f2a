// INT_R02 bodies: the FrPractitionerRegul the SAS sends to editors, and the rules it is checked against before
// sending. The rules are the profile's (IG §5.4) tightened by what the ANS test kit's editors must refuse
// (kit group 5): a body the kit would have an editor reject must never leave the console.
import type { Diagnostic } from '../diagnostics/diagnostic';
import { UUID } from '../domain/identifiers';
import { interpolate, type Severity } from '../fhir/findings';
import { isObject, shown, type JsonObject } from '../fhir/json';
import { regulatorMessages, type RegulatorRuleId } from '../i18n/regulator-rule-messages';
import {
  EMAIL,
  FR_PRACTITIONER_REGUL_PROFILE,
  FR_V2_0203,
  NATIONAL_ID,
  NATIONAL_ID_SYSTEM,
  SAS_SOURCE,
  SAS_TECHNICAL_ID_SYSTEM,
  primaryIdentifier,
  type Regulator,
  type RegulatorIdentifier,
} from './regulator-types';

type Params = Record<string, string | number>;

export type PractitionerRegulSource = Pick<Regulator, 'technicalId' | 'nationalId' | 'familyName' | 'givenName' | 'email' | 'active'>;

/** The body the SAS sends on POST and conditional PUT. No `id`: the editor owns its resource ids. */
export function buildPractitionerRegul(r: PractitionerRegulSource, identifier: RegulatorIdentifier = primaryIdentifier(r)): JsonObject {
  return {
    resourceType: 'Practitioner',
    meta: { source: SAS_SOURCE, profile: [FR_PRACTITIONER_REGUL_PROFILE] },
    identifier: [
      {
        type: { coding: [{ system: FR_V2_0203, code: identifier.system === NATIONAL_ID_SYSTEM ? 'IDNPS' : 'INTRN' }] },
        system: identifier.system,
        value: identifier.value,
      },
    ],
    active: r.active,
    name: [{ family: r.familyName, given: [r.givenName] }],
    telecom: [{ system: 'email', value: r.email }],
  };
}

export function regulatorDiagnostic(ruleId: RegulatorRuleId, severity: Severity, expression: string, params?: Params): Diagnostic {
  return {
    family: 'regulator',
    ruleId,
    severity,
    resource: 'Practitioner',
    expression,
    ...(params ? { params } : {}),
    diagnostics: interpolate(regulatorMessages.fr[ruleId], params),
  };
}

interface Slice {
  name: 'IdentifiantNatPS' | 'IdentifiantInterne';
  code: 'IDNPS' | 'INTRN';
  value: RegExp;
  valueRule: RegulatorRuleId;
  wrongCodeRule: RegulatorRuleId;
}

// Slicing is by system (value discriminator), so the system alone decides which type code is right.
const SLICES = new Map<string, Slice>([
  [NATIONAL_ID_SYSTEM, { name: 'IdentifiantNatPS', code: 'IDNPS', value: NATIONAL_ID, valueRule: 'REGUL-IDNPS-VALUE', wrongCodeRule: 'REGUL-WRONG-CODE-FOR-IDNPS-SYSTEM' }],
  [SAS_TECHNICAL_ID_SYSTEM, { name: 'IdentifiantInterne', code: 'INTRN', value: UUID, valueRule: 'REGUL-INTRN-VALUE', wrongCodeRule: 'REGUL-WRONG-CODE-FOR-INTRN-SYSTEM' }],
]);

/** How a value is quoted in a message; `absent` rather than "undefined", which would read as a received value. */
function found(v: unknown): string {
  return v === undefined ? 'absent' : shown(v, 120);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'un tableau JSON';
  switch (typeof v) {
    case 'string':
      return 'une chaîne de caractères';
    case 'number':
      return 'un nombre';
    case 'boolean':
      return 'un booléen';
    case 'undefined':
      return 'rien';
    default:
      return typeof v;
  }
}

function filled(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

class Checker {
  readonly out: Diagnostic[] = [];

  add(ruleId: RegulatorRuleId, severity: Severity, expression: string, params?: Params): void {
    this.out.push(regulatorDiagnostic(ruleId, severity, expression, params));
  }

  wrongType(expression: string, expected: string, v: unknown): void {
    this.add('REGUL-ELEMENT-TYPE', 'error', expression, { element: expression, expected, found: found(v) });
  }

  /**
   * An array element: `undefined` when absent or empty (FHIR forbids empty arrays, so both mean "missing"),
   * `null` when it has the wrong shape (already reported, so the caller must not report it missing too).
   */
  array(parent: JsonObject, key: string, expression: string): unknown[] | undefined | null {
    const v = parent[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.wrongType(expression, 'un tableau', v);
      return null;
    }
    return v.length === 0 ? undefined : v;
  }
}

/** Checks a FrPractitionerRegul body as the SAS would send it. Never throws, whatever `body` is. */
export function validatePractitionerRegul(body: unknown): Diagnostic[] {
  if (!isObject(body)) return [regulatorDiagnostic('REGUL-NOT-OBJECT', 'fatal', 'Practitioner', { found: kindOf(body) })];
  const c = new Checker();
  if (body.resourceType !== 'Practitioner') c.add('REGUL-RESOURCE-TYPE', 'error', 'Practitioner.resourceType', { found: found(body.resourceType) });
  checkMeta(c, body);
  checkIdentifiers(c, body);
  if (body.active === undefined) c.add('REGUL-ACTIVE-MISSING', 'error', 'Practitioner.active');
  else if (typeof body.active !== 'boolean') c.wrongType('Practitioner.active', 'un booléen (true ou false)', body.active);
  checkNames(c, body);
  checkTelecoms(c, body);
  return c.out;
}

export function practitionerRegulDiagnosticsFor(r: PractitionerRegulSource): Diagnostic[] {
  return validatePractitionerRegul(buildPractitionerRegul(r));
}

function checkMeta(c: Checker, body: JsonObject): void {
  const meta = body.meta;
  if (meta !== undefined && !isObject(meta)) {
    c.wrongType('Practitioner.meta', 'un objet', meta);
    return;
  }
  const source = meta?.source;
  if (source === undefined) c.add('REGUL-META-SOURCE-MISSING', 'error', 'Practitioner.meta.source', { expected: SAS_SOURCE });
  else if (source !== SAS_SOURCE) c.add('REGUL-META-SOURCE', 'error', 'Practitioner.meta.source', { expected: SAS_SOURCE, found: found(source) });

  const profile = meta?.profile;
  if (profile !== undefined && !Array.isArray(profile)) {
    c.wrongType('Practitioner.meta.profile', 'un tableau de profils (canonical)', profile);
    return;
  }
  // A canonical may carry its version (`…|1.2.0`): it still names the profile.
  const declared = (profile ?? []).some((p) => typeof p === 'string' && (p === FR_PRACTITIONER_REGUL_PROFILE || p.startsWith(`${FR_PRACTITIONER_REGUL_PROFILE}|`)));
  if (!declared) c.add('REGUL-PROFILE-MISSING', 'error', 'Practitioner.meta.profile', { expected: FR_PRACTITIONER_REGUL_PROFILE, found: found(profile) });
}

function checkIdentifiers(c: Checker, body: JsonObject): void {
  const ids = c.array(body, 'identifier', 'Practitioner.identifier');
  if (ids === null) return;
  if (ids === undefined) {
    c.add('REGUL-IDENTIFIER-MISSING', 'error', 'Practitioner.identifier');
    return;
  }
  const firstOfSlice = new Map<string, number>();
  // "No known slice" only means something when every identifier named a system; otherwise the missing
  // system is the error to fix, and repeating it as a slice problem would only add noise.
  let everyHasSystem = true;
  ids.forEach((id, i) => {
    const e = `Practitioner.identifier[${i}]`;
    if (!isObject(id)) {
      c.wrongType(e, 'un objet Identifier', id);
      everyHasSystem = false;
      return;
    }
    const system = id.system;
    const slice = typeof system === 'string' ? SLICES.get(system) : undefined;
    if (system === undefined || system === '') {
      c.add('REGUL-IDENTIFIER-SYSTEM-MISSING', 'error', `${e}.system`, { national: NATIONAL_ID_SYSTEM, technical: SAS_TECHNICAL_ID_SYSTEM });
      everyHasSystem = false;
    } else if (typeof system !== 'string') {
      c.wrongType(`${e}.system`, 'une URI', system);
      everyHasSystem = false;
    } else if (!slice) {
      c.add('REGUL-IDENTIFIER-SYSTEM-UNKNOWN', 'warning', `${e}.system`, { found: system, national: NATIONAL_ID_SYSTEM, technical: SAS_TECHNICAL_ID_SYSTEM });
    } else {
      const first = firstOfSlice.get(system);
      if (first === undefined) firstOfSlice.set(system, i);
      else c.add('REGUL-IDENTIFIER-SLICE-DUPLICATE', 'error', e, { slice: slice.name, code: slice.code, first });
    }

    const value = id.value;
    if (value !== undefined && typeof value !== 'string') c.wrongType(`${e}.value`, 'une chaîne de caractères', value);
    else if (!filled(value)) c.add('REGUL-IDENTIFIER-VALUE-MISSING', 'error', `${e}.value`, { what: slice?.code ?? (typeof system === 'string' && system ? system : 'sans system') });
    else if (slice && !slice.value.test(value)) c.add(slice.valueRule, 'error', `${e}.value`, { value: shown(value, 80) });

    checkIdentifierType(c, id, e, slice);
  });
  if (firstOfSlice.size === 0 && everyHasSystem) c.add('REGUL-IDENTIFIER-NO-SLICE', 'error', 'Practitioner.identifier');
}

function checkIdentifierType(c: Checker, id: JsonObject, e: string, slice: Slice | undefined): void {
  const expected = slice?.code ?? 'IDNPS ou INTRN';
  const type = id.type;
  if (type === undefined) {
    c.add('REGUL-IDENTIFIER-TYPE-MISSING', 'error', `${e}.type`, { expected, codeSystem: FR_V2_0203 });
    return;
  }
  if (!isObject(type)) {
    c.wrongType(`${e}.type`, 'un objet CodeableConcept', type);
    return;
  }
  const codings = c.array(type, 'coding', `${e}.type.coding`);
  if (codings === null) return;
  if (codings === undefined) {
    c.add('REGUL-IDENTIFIER-TYPE-MISSING', 'error', `${e}.type.coding`, { expected, codeSystem: FR_V2_0203 });
    return;
  }
  const ours = codings.map((coding, j) => ({ coding, j })).filter(({ coding }) => isObject(coding) && coding.system === FR_V2_0203);
  if (ours.length === 0) {
    const seen = codings.map((k) => (isObject(k) ? `${found(k.system)}#${found(k.code)}` : found(k))).join(', ');
    c.add('REGUL-IDENTIFIER-TYPE-SYSTEM', 'error', `${e}.type.coding`, { codeSystem: FR_V2_0203, expected, found: seen });
    return;
  }
  if (!slice) return;
  if (ours.some(({ coding }) => isObject(coding) && coding.code === slice.code)) return;
  const system = typeof id.system === 'string' ? id.system : '';
  const codes = ours.map(({ coding }) => (isObject(coding) ? found(coding.code) : found(coding))).join(', ');
  c.add(slice.wrongCodeRule, 'error', `${e}.type.coding[${ours[0].j}].code`, { system, found: codes });
}

function checkNames(c: Checker, body: JsonObject): void {
  const names = c.array(body, 'name', 'Practitioner.name');
  if (names === null) return;
  if (names === undefined) {
    c.add('REGUL-NAME-MISSING', 'error', 'Practitioner.name');
    return;
  }
  names.forEach((name, i) => {
    const e = `Practitioner.name[${i}]`;
    if (!isObject(name)) {
      c.wrongType(e, 'un objet HumanName', name);
      return;
    }
    if (name.family !== undefined && typeof name.family !== 'string') c.wrongType(`${e}.family`, 'une chaîne de caractères', name.family);
    else if (!filled(name.family)) c.add('REGUL-NAME-FAMILY', 'error', `${e}.family`);

    const given = c.array(name, 'given', `${e}.given`);
    if (given === null) return;
    if (given === undefined) {
      c.add('REGUL-NAME-GIVEN', 'error', `${e}.given`);
      return;
    }
    if (given.length > 1) c.add('REGUL-NAME-GIVEN-COUNT', 'error', `${e}.given`, { count: given.length });
    given.forEach((g, j) => {
      if (g !== null && typeof g !== 'string') c.wrongType(`${e}.given[${j}]`, 'une chaîne de caractères', g);
      else if (!filled(g)) c.add('REGUL-NAME-GIVEN', 'error', `${e}.given[${j}]`);
    });
  });
}

function checkTelecoms(c: Checker, body: JsonObject): void {
  const telecoms = c.array(body, 'telecom', 'Practitioner.telecom');
  if (telecoms === null) return;
  if (telecoms === undefined) {
    c.add('REGUL-TELECOM-MISSING', 'error', 'Practitioner.telecom');
    return;
  }
  let emails = 0;
  telecoms.forEach((t, i) => {
    const e = `Practitioner.telecom[${i}]`;
    if (!isObject(t)) {
      c.wrongType(e, 'un objet ContactPoint', t);
      return;
    }
    if (t.system !== 'email') {
      c.add('REGUL-TELECOM-SYSTEM', 'error', `${e}.system`, { found: found(t.system) });
      return;
    }
    emails++;
    if (t.value !== undefined && typeof t.value !== 'string') c.wrongType(`${e}.value`, 'une chaîne de caractères', t.value);
    else if (!filled(t.value)) c.add('REGUL-EMAIL-EMPTY', 'error', `${e}.value`);
    else if (!EMAIL.test(t.value)) c.add('REGUL-EMAIL-FORMAT', 'error', `${e}.value`, { value: shown(t.value, 120) });
  });
  if (emails === 0) c.add('REGUL-EMAIL-MISSING', 'error', 'Practitioner.telecom');
}
