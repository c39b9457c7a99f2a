import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isBlocking, type Diagnostic } from '../diagnostics/diagnostic';
import type { JsonObject } from '../fhir/json';
import { regulatorMessages } from '../i18n/regulator-rule-messages';
import { buildPractitionerRegul, practitionerRegulDiagnosticsFor, regulatorDiagnostic, validatePractitionerRegul } from './practitioner-regul';
import { NATIONAL_ID_SYSTEM, SAS_TECHNICAL_ID_SYSTEM, type Regulator } from './regulator-types';

const UUID_1 = 'b6e39355-8a61-4556-b340-36f7b95fec6a';

const loridon: Pick<Regulator, 'technicalId' | 'nationalId' | 'familyName' | 'givenName' | 'email' | 'active'> = {
  technicalId: UUID_1,
  nationalId: '3456780581/11242343',
  familyName: 'Loridon',
  givenName: 'Sébastien',
  email: 'sebastien.loridon@test.com',
  active: true,
};

// ExamplePractitionerRegul1 as printed in the IG (spec §5.1), narrative and id left out.
const IG_EXAMPLE_1 = {
  resourceType: 'Practitioner',
  meta: {
    source: 'urn:oid:1.2.250.1.213.3.6',
    profile: ['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul'],
  },
  identifier: [
    {
      type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] },
      system: 'urn:oid:1.2.250.1.71.4.2.1',
      value: '3456780581/11242343',
    },
  ],
  active: true,
  name: [{ family: 'Loridon', given: ['Sébastien'] }],
  telecom: [{ system: 'email', value: 'sebastien.loridon@test.com' }],
};

/** The kit's body template (helper_fluxv1.rb, build_regulateur_body), which also carries an id. */
function kitBody(): JsonObject {
  return { id: 'kit-1', ...structuredClone(IG_EXAMPLE_1) } as JsonObject;
}

function errorIds(ds: readonly Diagnostic[]): string[] {
  return ds.filter(isBlocking).map((d) => d.ruleId);
}

function without(key: string): JsonObject {
  const b = kitBody();
  delete b[key];
  return b;
}

function withIdentifier(system: string, code: string, value: string): JsonObject {
  return { ...kitBody(), identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code }] }, system, value }] };
}

describe('buildPractitionerRegul', () => {
  it('builds exactly the IG example for the same regulator, without an id', () => {
    const body = buildPractitionerRegul(loridon);
    expect(body).toStrictEqual(IG_EXAMPLE_1);
    expect(Object.keys(body)).toEqual(Object.keys(IG_EXAMPLE_1));
    expect(body).not.toHaveProperty('id');
  });

  it('sends IDNPS for a regulator with a national id', () => {
    const body = buildPractitionerRegul({ ...loridon, nationalId: '810002673899' });
    expect(body.identifier).toEqual([
      { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: NATIONAL_ID_SYSTEM, value: '810002673899' },
    ]);
  });

  it('sends INTRN with the SAS technical UUID for a regulator without a national id', () => {
    const body = buildPractitionerRegul({ ...loridon, nationalId: null });
    expect(body.identifier).toEqual([
      { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'INTRN' }] }, system: SAS_TECHNICAL_ID_SYSTEM, value: UUID_1 },
    ]);
  });

  it('uses the identifier it is given (identifier change: the body carries the new one)', () => {
    const body = buildPractitionerRegul(loridon, { system: SAS_TECHNICAL_ID_SYSTEM, value: UUID_1 });
    expect(body.identifier).toEqual([expect.objectContaining({ system: SAS_TECHNICAL_ID_SYSTEM, value: UUID_1 })]);
  });

  it('carries active=false for a revoked regulator, and the result is valid', () => {
    const r = { ...loridon, active: false };
    expect(buildPractitionerRegul(r).active).toBe(false);
    expect(practitionerRegulDiagnosticsFor(r)).toEqual([]);
  });

  it('gives no diagnostic at all for built bodies, IDNPS or INTRN', () => {
    expect(practitionerRegulDiagnosticsFor(loridon)).toEqual([]);
    expect(practitionerRegulDiagnosticsFor({ ...loridon, nationalId: null })).toEqual([]);
  });
});

describe('validatePractitionerRegul: the kit bodies editors must refuse', () => {
  it('accepts the kit template itself', () => {
    expect(validatePractitionerRegul(kitBody())).toEqual([]);
  });

  const cases: [string, () => JsonObject, string][] = [
    ['NO_IDENTIFIER', () => without('identifier'), 'REGUL-IDENTIFIER-MISSING'],
    ['NO_NAME', () => without('name'), 'REGUL-NAME-MISSING'],
    ['NO_TELECOM', () => without('telecom'), 'REGUL-TELECOM-MISSING'],
    ['NO_ACTIVE', () => without('active'), 'REGUL-ACTIVE-MISSING'],
    ['EMPTY_NAME', () => ({ ...kitBody(), name: [{ family: '', given: ['Sébastien'] }] }), 'REGUL-NAME-FAMILY'],
    ['EMPTY_MAIL', () => ({ ...kitBody(), telecom: [{ system: 'email', value: '' }] }), 'REGUL-EMAIL-EMPTY'],
    ['WRONG_TELECOM_SYSTEM', () => ({ ...kitBody(), telecom: [{ system: 'phone', value: 'sebastien.loridon@test.com' }] }), 'REGUL-TELECOM-SYSTEM'],
    ['WRONG_CODE_FOR_IDNPS_SYSTEM', () => withIdentifier(NATIONAL_ID_SYSTEM, 'INTRN', '810002673899'), 'REGUL-WRONG-CODE-FOR-IDNPS-SYSTEM'],
    ['WRONG_CODE_FOR_INTRN_SYSTEM', () => withIdentifier(SAS_TECHNICAL_ID_SYSTEM, 'IDNPS', UUID_1), 'REGUL-WRONG-CODE-FOR-INTRN-SYSTEM'],
  ];

  it.each(cases)('%s gives an error %s', (_name, make, ruleId) => {
    const ds = validatePractitionerRegul(make());
    expect(errorIds(ds)).toContain(ruleId);
    const d = ds.find((x) => x.ruleId === ruleId);
    expect(d).toMatchObject({ family: 'regulator', resource: 'Practitioner', severity: 'error' });
    expect(d?.diagnostics).not.toMatch(/\{\{/);
  });

  it('points the wrong-code error at the code and names the system', () => {
    const [d] = validatePractitionerRegul(withIdentifier(NATIONAL_ID_SYSTEM, 'INTRN', '810002673899'));
    expect(d.expression).toBe('Practitioner.identifier[0].type.coding[0].code');
    expect(d.diagnostics).toContain(NATIONAL_ID_SYSTEM);
    expect(d.diagnostics).toContain('INTRN');
  });

  it('reports the missing e-mail beside the wrong telecom system, since the fix is to send an e-mail', () => {
    const ds = validatePractitionerRegul({ ...kitBody(), telecom: [{ system: 'phone', value: '+33612345678' }] });
    expect(ds.map((d) => [d.ruleId, d.expression])).toEqual([
      ['REGUL-TELECOM-SYSTEM', 'Practitioner.telecom[0].system'],
      ['REGUL-EMAIL-MISSING', 'Practitioner.telecom'],
    ]);
  });

  it('rejects a phone beside a valid e-mail', () => {
    const ds = validatePractitionerRegul({ ...kitBody(), telecom: [{ system: 'email', value: 'a@b.fr' }, { system: 'phone', value: '+33612345678' }] });
    expect(ds.map((d) => [d.ruleId, d.expression])).toEqual([['REGUL-TELECOM-SYSTEM', 'Practitioner.telecom[1].system']]);
  });
});

describe('validatePractitionerRegul: other profile rules', () => {
  it('rejects two given names', () => {
    const ds = validatePractitionerRegul({ ...kitBody(), name: [{ family: 'Loridon', given: ['Sébastien', 'Marie'] }] });
    expect(ds).toEqual([expect.objectContaining({ ruleId: 'REGUL-NAME-GIVEN-COUNT', severity: 'error', expression: 'Practitioner.name[0].given', params: { count: 2 } })]);
  });

  it('rejects a missing or blank given name', () => {
    expect(errorIds(validatePractitionerRegul({ ...kitBody(), name: [{ family: 'Loridon' }] }))).toEqual(['REGUL-NAME-GIVEN']);
    expect(validatePractitionerRegul({ ...kitBody(), name: [{ family: 'Loridon', given: ['  '] }] })[0].expression).toBe('Practitioner.name[0].given[0]');
  });

  it('treats an empty array as missing (FHIR forbids empty arrays)', () => {
    expect(errorIds(validatePractitionerRegul({ ...kitBody(), name: [], telecom: [], identifier: [] }))).toEqual([
      'REGUL-IDENTIFIER-MISSING',
      'REGUL-NAME-MISSING',
      'REGUL-TELECOM-MISSING',
    ]);
  });

  it('requires active to be a boolean', () => {
    const ds = validatePractitionerRegul({ ...kitBody(), active: 'true' });
    expect(ds).toEqual([expect.objectContaining({ ruleId: 'REGUL-ELEMENT-TYPE', expression: 'Practitioner.active' })]);
    expect(ds[0].diagnostics).toContain('booléen');
  });

  it('requires meta.source (we always send it) and accepts only the SAS one', () => {
    const b = kitBody();
    b.meta = { profile: ['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul'] };
    expect(errorIds(validatePractitionerRegul(b))).toEqual(['REGUL-META-SOURCE-MISSING']);
    b.meta = { ...b.meta, source: 'urn:oid:1.2.3' };
    const ds = validatePractitionerRegul(b);
    expect(errorIds(ds)).toEqual(['REGUL-META-SOURCE']);
    expect(ds[0].diagnostics).toContain('urn:oid:1.2.3');
  });

  it('requires the profile in meta.profile, with or without a version', () => {
    const b = kitBody();
    b.meta = { source: 'urn:oid:1.2.250.1.213.3.6', profile: ['http://hl7.org/fhir/StructureDefinition/Practitioner'] };
    expect(errorIds(validatePractitionerRegul(b))).toEqual(['REGUL-PROFILE-MISSING']);
    b.meta = { source: 'urn:oid:1.2.250.1.213.3.6', profile: ['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul|1.2.0'] };
    expect(validatePractitionerRegul(b)).toEqual([]);
  });

  it('rejects another resourceType', () => {
    expect(errorIds(validatePractitionerRegul({ ...kitBody(), resourceType: 'Patient' }))).toEqual(['REGUL-RESOURCE-TYPE']);
  });

  it('checks the value format of each slice', () => {
    expect(errorIds(validatePractitionerRegul(withIdentifier(SAS_TECHNICAL_ID_SYSTEM, 'INTRN', '810002673899')))).toEqual(['REGUL-INTRN-VALUE']);
    expect(errorIds(validatePractitionerRegul(withIdentifier(NATIONAL_ID_SYSTEM, 'IDNPS', '81 0002')))).toEqual(['REGUL-IDNPS-VALUE']);
    expect(errorIds(validatePractitionerRegul(withIdentifier(NATIONAL_ID_SYSTEM, 'IDNPS', '')))).toEqual(['REGUL-IDENTIFIER-VALUE-MISSING']);
  });

  it('requires the identifier system and the fr-v2-0203 type', () => {
    const b = kitBody();
    b.identifier = [{ value: '810002673899' }];
    expect(errorIds(validatePractitionerRegul(b))).toEqual(['REGUL-IDENTIFIER-SYSTEM-MISSING', 'REGUL-IDENTIFIER-TYPE-MISSING']);
    b.identifier = [{ type: { coding: [{ system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203', code: 'IDNPS' }] }, system: NATIONAL_ID_SYSTEM, value: '810002673899' }];
    expect(errorIds(validatePractitionerRegul(b))).toEqual(['REGUL-IDENTIFIER-TYPE-SYSTEM']);
  });

  it('allows one identifier per slice: IDNPS plus INTRN is fine, two IDNPS are not', () => {
    const idnps = withIdentifier(NATIONAL_ID_SYSTEM, 'IDNPS', '810002673899').identifier as JsonObject[];
    const intrn = withIdentifier(SAS_TECHNICAL_ID_SYSTEM, 'INTRN', UUID_1).identifier as JsonObject[];
    expect(validatePractitionerRegul({ ...kitBody(), identifier: [...idnps, ...intrn] })).toEqual([]);
    const ds = validatePractitionerRegul({ ...kitBody(), identifier: [...idnps, ...idnps] });
    expect(ds).toEqual([expect.objectContaining({ ruleId: 'REGUL-IDENTIFIER-SLICE-DUPLICATE', expression: 'Practitioner.identifier[1]', params: { slice: 'IdentifiantNatPS', code: 'IDNPS', first: 0 } })]);
  });

  it('warns about an unknown identifier system and errors when no identifier is IDNPS or INTRN', () => {
    const ds = validatePractitionerRegul(withIdentifier('urn:oid:1.2.250.1.71.4.2.2', 'IDNPS', '810002673899'));
    expect(ds.map((d) => [d.ruleId, d.severity])).toEqual([
      ['REGUL-IDENTIFIER-SYSTEM-UNKNOWN', 'warning'],
      ['REGUL-IDENTIFIER-NO-SLICE', 'error'],
    ]);
  });

  it('rejects a malformed e-mail', () => {
    const ds = validatePractitionerRegul({ ...kitBody(), telecom: [{ system: 'email', value: 'sebastien.loridon' }] });
    expect(ds).toEqual([expect.objectContaining({ ruleId: 'REGUL-EMAIL-FORMAT', expression: 'Practitioner.telecom[0].value' })]);
    expect(ds[0].diagnostics).toContain('sebastien.loridon');
  });

  it.each([null, [], 'Practitioner', 42, undefined])('gives one fatal diagnostic for %j and never throws', (input) => {
    const ds = validatePractitionerRegul(input);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'REGUL-NOT-OBJECT', severity: 'fatal', family: 'regulator' });
  });

  it('survives elements of the wrong JSON type without throwing', () => {
    const weird = { resourceType: 'Practitioner', meta: 'x', identifier: {}, active: 1, name: 'Loridon', telecom: [null, 3] };
    const ds = validatePractitionerRegul(weird);
    expect(ds.every((d) => d.ruleId === 'REGUL-ELEMENT-TYPE' || d.ruleId === 'REGUL-EMAIL-MISSING')).toBe(true);
    expect(ds.map((d) => d.expression)).toEqual([
      'Practitioner.meta',
      'Practitioner.identifier',
      'Practitioner.active',
      'Practitioner.name',
      'Practitioner.telecom[0]',
      'Practitioner.telecom[1]',
      'Practitioner.telecom',
    ]);
  });
});

describe('regulatorDiagnostic', () => {
  it('builds the French text from the message table and the parameters', () => {
    const d = regulatorDiagnostic('REGUL-EMAIL-FORMAT', 'error', 'Practitioner.telecom[0].value', { value: 'abc' });
    expect(d).toEqual({
      family: 'regulator',
      ruleId: 'REGUL-EMAIL-FORMAT',
      severity: 'error',
      resource: 'Practitioner',
      expression: 'Practitioner.telecom[0].value',
      params: { value: 'abc' },
      diagnostics: 'Adresse e-mail « abc » invalide : format nom@domaine.fr attendu.',
    });
  });

  it('has an English message for every French one, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(regulatorMessages.en).sort()).toEqual(Object.keys(regulatorMessages.fr).sort());
    for (const id of Object.keys(regulatorMessages.fr) as (keyof typeof regulatorMessages.fr)[]) {
      expect(placeholders(regulatorMessages.en[id]), id).toEqual(placeholders(regulatorMessages.fr[id]));
    }
  });
});

// Conformance: the official FrPractitionerRegul examples, read from ../shared (never copied into the repo).
const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(here, '../../../shared/fhir/ans.fhir.fr.sas-1.2.0/example');
const examplesPresent = fs.existsSync(EXAMPLES);
if (!examplesPresent) console.warn(`skipped: official IG examples absent (${EXAMPLES}) — FrPractitionerRegul conformance suite not run`);

function officialRegulExamples(): [string, unknown][] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .map((f): [string, unknown] => [f, JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'))])
    .filter(([, r]) => JSON.stringify((r as { meta?: { profile?: unknown } }).meta?.profile ?? []).includes('/FrPractitionerRegul'));
}

describe.skipIf(!examplesPresent)('official FrPractitionerRegul examples', () => {
  const examples = examplesPresent ? officialRegulExamples() : [];

  it('finds the examples (IDNPS and INTRN)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    const codes = examples.map(([, r]) => JSON.stringify((r as { identifier?: unknown }).identifier));
    expect(codes.some((c) => c.includes('"IDNPS"'))).toBe(true);
    expect(codes.some((c) => c.includes('"INTRN"'))).toBe(true);
  });

  it.each(examples)('%s gives no error', (_file, resource) => {
    expect(validatePractitionerRegul(resource).filter(isBlocking)).toEqual([]);
  });

  it('our body for the same regulator equals the official example without id and narrative', () => {
    const found = examples.find(([f]) => f === 'Practitioner-ExamplePractitionerRegul1.json');
    expect(found).toBeDefined();
    const { id: _id, text: _text, ...official } = found?.[1] as Record<string, unknown>;
    expect(buildPractitionerRegul(loridon)).toStrictEqual(official);
  });
});
