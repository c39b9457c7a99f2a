import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { directoryEntryInputSchema } from '../api/hub-api';
import { CS_FR_V2_0203, SYSTEM_IDNPS, SYSTEM_IDNST } from '../fhir/ig';
import { CS_TRE_R66, CS_LOCATION_IDENTIFIER_TYPE, EXPECTED_PROFILES, EXT_R5_SLOT_SERVICE_TYPE } from '../slots/ig-slots';
import { CS_TRE_G15, CS_TRE_R38, directoryFromSlotBundle, type DirectoryDraft } from './directory-from-slots';

// ---------------------------------------------------------------------------------------------- fixtures
// Hand-made answers shaped like the IG's (sas-ig.md §4.2–4.4); names, ids and places are invented.

type R = Record<string, unknown>;
const BASE = 'https://agenda.editeur.test/fhir';

const idnpsType = { coding: [{ system: CS_FR_V2_0203, code: 'IDNPS' }] };
const idnstType = { coding: [{ system: CS_FR_V2_0203, code: 'IDNST' }] };

function practitioner(id: string, value: string, family?: string, given?: string[], extra: R = {}): R {
  return {
    resourceType: 'Practitioner',
    id,
    meta: { profile: [EXPECTED_PROFILES.ps.Practitioner] },
    identifier: [{ type: idnpsType, system: SYSTEM_IDNPS, value }],
    ...(family || given ? { name: [{ ...(family ? { family } : {}), ...(given ? { given } : {}) }] } : {}),
    ...extra,
  };
}

function role(id: string, practitionerId: string, postalCode: string, extra: R = {}): R {
  return {
    resourceType: 'PractitionerRole',
    id,
    meta: { profile: [EXPECTED_PROFILES.ps.PractitionerRole] },
    contained: [
      {
        resourceType: 'Location',
        id: `lieu-${id}`,
        identifier: [{ type: { coding: [{ system: CS_LOCATION_IDENTIFIER_TYPE, code: 'INTRN' }] }, system: 'https://agenda.editeur.test/lieux', value: `L-${id}` }],
        address: { line: ['3 place du Marché'], city: 'Ville', postalCode },
      },
    ],
    practitioner: { reference: `Practitioner/${practitionerId}` },
    location: [{ reference: `#lieu-${id}` }],
    ...extra,
  };
}

function schedule(id: string, actors: string[]): R {
  return { resourceType: 'Schedule', id, actor: actors.map((reference) => ({ reference })) };
}

function specialty(...codes: string[]): R {
  return { coding: codes.map((code) => ({ system: CS_TRE_R38, code })) };
}

function slot(id: string, scheduleId: string, specialties: R[] = [], extra: R = {}): R {
  return {
    resourceType: 'Slot',
    id,
    status: 'free',
    start: '2025-03-12T09:00:00.000+01:00',
    end: '2025-03-12T09:20:00.000+01:00',
    schedule: { reference: `Schedule/${scheduleId}` },
    ...(specialties.length > 0 ? { specialty: specialties } : {}),
    ...extra,
  };
}

function organization(id: string, value: string, name?: string, extra: R = {}): R {
  return { resourceType: 'Organization', id, identifier: [{ type: idnstType, system: SYSTEM_IDNST, value }], ...(name ? { name } : {}), ...extra };
}

function bundle(resources: R[]): R {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.filter((r) => r.resourceType === 'Slot').length,
    entry: resources.map((resource) => ({
      fullUrl: `${BASE}/${String(resource.resourceType)}/${String(resource.id)}`,
      resource,
      search: { mode: resource.resourceType === 'Slot' ? 'match' : 'include' },
    })),
  };
}

function byId(drafts: DirectoryDraft[]): Map<string, DirectoryDraft> {
  return new Map(drafts.map((d) => [d.id, d]));
}

// ---------------------------------------------------------------------------------------------------- PS

describe('directoryFromSlotBundle — PS (INT_R01)', () => {
  // Dr Lemoine consults at two places: more slots in Bourges (18000) than in Vierzon (18100).
  // Dr Nguyen has one place. Dr Adeli is known only by an ADELI number.
  const ps = bundle([
    slot('s1', 'sch-lemoine-bourges', [specialty('SM54'), specialty('SM05')]),
    slot('s2', 'sch-lemoine-bourges', [specialty('SM54')]),
    slot('s3', 'sch-lemoine-bourges', []),
    slot('s4', 'sch-lemoine-vierzon', [specialty('SM05')]),
    slot('s5', 'sch-nguyen', [specialty('SM41', 'SM54')]),
    slot('s6', 'sch-nguyen', [specialty('SM41')]),
    slot('s7', 'sch-adeli', [specialty('SM54')]),
    schedule('sch-lemoine-bourges', ['Practitioner/pr-lemoine', 'PractitionerRole/role-lemoine-bourges']),
    schedule('sch-lemoine-vierzon', ['Practitioner/pr-lemoine', 'PractitionerRole/role-lemoine-vierzon']),
    schedule('sch-nguyen', ['Practitioner/pr-nguyen', 'PractitionerRole/role-nguyen']),
    schedule('sch-adeli', ['Practitioner/pr-adeli', 'PractitionerRole/role-adeli']),
    practitioner('pr-lemoine', '810001112223', 'LEMOINE', ['Claire', 'Anne']),
    practitioner('pr-nguyen', '810004445556', 'NGUYEN', ['Minh']),
    practitioner('pr-adeli', '0187654321', 'ADELI', ['Paul']),
    role('role-lemoine-vierzon', 'pr-lemoine', '18100', {
      organization: { identifier: { type: idnstType, system: SYSTEM_IDNST, value: '1180000017' } },
    }),
    role('role-lemoine-bourges', 'pr-lemoine', '18000', {
      organization: { identifier: { type: idnstType, system: SYSTEM_IDNST, value: '1180000025' }, display: 'Maison de santé du Prado' },
      telecom: [{ system: 'phone', value: '+33248000000' }],
    }),
    role('role-nguyen', 'pr-nguyen', '18000', { organization: { identifier: { type: idnstType, system: SYSTEM_IDNST, value: '1180000025' } } }),
    role('role-adeli', 'pr-adeli', '18200'),
  ]);

  const drafts = directoryFromSlotBundle(ps);
  const found = byId(drafts);

  it('describes each practitioner once, with the name of the Practitioner resource', () => {
    expect(drafts.filter((d) => d.kind === 'practitioner').map((d) => d.id)).toEqual(['810001112223', '810004445556']);
    expect(found.get('810001112223')).toMatchObject({ kind: 'practitioner', name: 'LEMOINE', firstName: 'Claire Anne' });
    expect(found.get('810004445556')).toMatchObject({ name: 'NGUYEN', firstName: 'Minh' });
  });

  it('takes the specialty most of the practitioner’s slots carry', () => {
    // Lemoine: SM54 on 2 slots, SM05 on 2 slots (s1 and s4) — a tie the first seen (SM54) wins.
    expect(found.get('810001112223')?.specialtyCode).toBe('SM54');
    // Nguyen: SM41 on both slots, SM54 on one.
    expect(found.get('810004445556')?.specialtyCode).toBe('SM41');
  });

  it('takes the postal code of the place with most slots, not the first role listed', () => {
    expect(found.get('810001112223')?.postalCode).toBe('18000');
  });

  it('leaves out practitioners known only by ADELI (no 8+RPPS for the message)', () => {
    expect(drafts.some((d) => d.id === '0187654321' || d.name === 'ADELI')).toBe(false);
  });

  it('describes the structures of PractitionerRole.organization, named by the reference display when there is one', () => {
    expect(found.get('1180000025')).toEqual({
      kind: 'organization',
      id: '1180000025',
      name: 'Maison de santé du Prado',
      firstName: null,
      specialtyCode: null,
      professionCode: null,
      postalCode: '18000',
    });
    expect(found.get('1180000017')).toMatchObject({ kind: 'organization', name: null, postalCode: '18100' });
  });

  it('sets no profession when the answer carries none (the IG examples never do)', () => {
    expect(drafts.every((d) => d.professionCode === null)).toBe(true);
  });

  it('gives drafts the directory schema accepts as they are', () => {
    for (const d of drafts) expect(directoryEntryInputSchema.safeParse(d).success).toBe(true);
  });
});

// -------------------------------------------------------------------------------------------------- CPTS

describe('directoryFromSlotBundle — CPTS (INT_R04)', () => {
  const cptsSlot = (id: string, services: string[]) =>
    slot(id, 'sch-roux', [specialty('SM54')], {
      meta: { security: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau', code: 'CPTS' }] },
      serviceType: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }] },
        ...services.map((hs) => ({
          extension: [{ url: EXT_R5_SLOT_SERVICE_TYPE, valueReference: { reference: `HealthcareService/${hs}` } }],
          coding: [{ system: CS_TRE_R66, code: '604' }],
        })),
      ],
    });
  const cpts = bundle([
    cptsSlot('c1', ['hs-loire']),
    cptsSlot('c2', ['hs-loire', 'hs-sologne']),
    schedule('sch-roux', ['Practitioner/pr-roux', 'PractitionerRole/role-roux']),
    practitioner('pr-roux', '810007778889', 'ROUX', ['Hélène']),
    // The role says what the slots do not: a specialty (which wins over the slots') and the profession.
    role('role-roux', 'pr-roux', '45000', {
      specialty: [specialty('SM26')],
      code: [{ coding: [{ system: CS_TRE_G15, code: '10' }] }],
      organization: { identifier: { value: '412345678900011' } },
    }),
    { resourceType: 'HealthcareService', id: 'hs-loire', providedBy: { reference: 'Organization/org-loire' } },
    { resourceType: 'HealthcareService', id: 'hs-sologne', providedBy: { reference: 'Organization/org-sologne' } },
    organization('org-loire', '1450000012', 'CPTS Loire Orléanaise', { telecom: [{ system: 'phone', value: '+33238000000' }] }),
    organization('org-sologne', '1410000014', 'CPTS Sologne', { address: [{ line: ['1 rue Haute'], city: 'Romorantin', postalCode: '41200' }] }),
  ]);
  const found = byId(directoryFromSlotBundle(cpts));

  it('reads specialty and profession from the PractitionerRole, preferred to the slots', () => {
    expect(found.get('810007778889')).toEqual({
      kind: 'practitioner',
      id: '810007778889',
      name: 'ROUX',
      firstName: 'Hélène',
      specialtyCode: 'SM26',
      professionCode: '10',
      postalCode: '45000',
    });
  });

  it('describes each CPTS, with a postal code only where the Organization has an address', () => {
    expect(found.get('1450000012')).toMatchObject({ kind: 'organization', name: 'CPTS Loire Orléanaise', postalCode: null });
    expect(found.get('1410000014')).toMatchObject({ kind: 'organization', name: 'CPTS Sologne', postalCode: '41200' });
  });

  it('ignores an RPPS-rang cabinet id (4…), which the message cannot carry', () => {
    expect([...found.keys()].some((id) => id.startsWith('4'))).toBe(false);
    expect(found.size).toBe(3);
  });
});

// --------------------------------------------------------------------------------------------------- SOS

describe('directoryFromSlotBundle — SOS', () => {
  const pfg = (id: string, org: string, postalCode: string, name: string): R => ({
    resourceType: 'Location',
    id,
    identifier: [{ type: { coding: [{ system: CS_LOCATION_IDENTIFIER_TYPE, code: 'INTRN' }] }, system: 'https://agenda.editeur.test/pfg', value: id }],
    name,
    address: { line: ['12 avenue de la Gare'], city: 'Ville', postalCode },
    managingOrganization: { reference: `Organization/${org}` },
  });
  const sos = bundle([
    slot('v1', 'sch-pfg-a'),
    slot('v2', 'sch-pfg-b'),
    slot('v3', 'sch-pfg-b'),
    schedule('sch-pfg-a', ['Location/pfg-a']),
    schedule('sch-pfg-b', ['Location/pfg-b']),
    schedule('sch-pfg-c', ['Location/pfg-c']),
    pfg('pfg-a', 'org-sos-tours', '37100', 'PFG Tours Nord'),
    pfg('pfg-b', 'org-sos-tours', '37000', 'PFG Tours Centre'),
    pfg('pfg-c', 'org-sos-blois', '41000', 'PFG Blois'),
    organization('org-sos-tours', '312345678900012', 'SOS Médecins Tours'),
    organization('org-sos-blois', '398765432100017', 'SOS Médecins Blois'),
  ]);
  const drafts = directoryFromSlotBundle(sos);
  const found = byId(drafts);

  it('describes each association by its SIRET, placed where most of its slots are', () => {
    expect(drafts.map((d) => d.kind)).toEqual(['organization', 'organization']);
    expect(found.get('312345678900012')).toMatchObject({ name: 'SOS Médecins Tours', postalCode: '37000' });
    // A PFG without any slot in this answer still says where the association is.
    expect(found.get('398765432100017')).toMatchObject({ name: 'SOS Médecins Blois', postalCode: '41000' });
  });

  it('makes a PFG with its own IDNST a structure too, and keeps the association’s place its own', () => {
    const withOwnId = structuredClone(sos) as { entry: { resource: R }[] };
    const location = withOwnId.entry.find((e) => e.resource.id === 'pfg-c')!.resource;
    (location.identifier as R[]).push({ type: idnstType, system: SYSTEM_IDNST, value: '1410000022' });
    const again = byId(directoryFromSlotBundle(withOwnId));
    expect(again.get('1410000022')).toMatchObject({ kind: 'organization', name: 'PFG Blois', postalCode: '41000' });
    expect(again.get('398765432100017')).toMatchObject({ postalCode: '41000' });
  });
});

// -------------------------------------------------------------------------------------- identifiers, merging

describe('directoryFromSlotBundle — identifiers and merging', () => {
  it('prefixes a raw RPPS under an RPPS system or typed RPPS, and one the editor left unprefixed under IDNPS', () => {
    const drafts = directoryFromSlotBundle(
      bundle([
        { resourceType: 'Practitioner', id: 'a', identifier: [{ system: 'https://rpps.esante.gouv.fr', value: '10001234561' }], name: [{ family: 'A' }] },
        { resourceType: 'Practitioner', id: 'b', identifier: [{ system: 'http://rpps.fr', value: '10001234562' }], name: [{ family: 'B' }] },
        { resourceType: 'Practitioner', id: 'c', identifier: [{ system: SYSTEM_IDNPS, value: '10001234563' }], name: [{ family: 'C' }] },
        {
          resourceType: 'Practitioner',
          id: 'd',
          identifier: [{ type: { coding: [{ code: 'RPPS' }] }, system: 'urn:editeur:rpps', value: '10001234564' }],
          name: [{ family: 'D' }],
        },
        { resourceType: 'Practitioner', id: 'e', identifier: [{ system: SYSTEM_IDNPS, value: ' 8100 0123 4565 ' }], name: [{ family: 'E' }] },
      ]),
    );
    expect(drafts.map((d) => [d.id, d.name])).toEqual([
      ['810001234561', 'A'],
      ['810001234562', 'B'],
      ['810001234563', 'C'],
      ['810001234564', 'D'],
      ['810001234565', 'E'],
    ]);
  });

  it('prefers the IDNPS when a practitioner carries both it and the raw RPPS; skips every other kind of id', () => {
    const drafts = directoryFromSlotBundle(
      bundle([
        {
          resourceType: 'Practitioner',
          id: 'both',
          identifier: [
            { system: 'https://rpps.esante.gouv.fr', value: '10009999991' },
            { type: idnpsType, system: SYSTEM_IDNPS, value: '810009999991' },
          ],
        },
        { resourceType: 'Practitioner', id: 'adeli', identifier: [{ type: idnpsType, system: SYSTEM_IDNPS, value: '0751234567' }], name: [{ family: 'X' }] },
        { resourceType: 'Practitioner', id: 'cpx', identifier: [{ type: idnpsType, system: SYSTEM_IDNPS, value: '3450000005/1234' }], name: [{ family: 'Y' }] },
        { resourceType: 'Practitioner', id: 'intrn', identifier: [{ system: 'https://agenda.editeur.test/ps', value: '10009999992' }], name: [{ family: 'Z' }] },
        { resourceType: 'Practitioner', id: 'short', identifier: [{ system: SYSTEM_IDNPS, value: '81000999999' }], name: [{ family: 'W' }] },
      ]),
    );
    expect(drafts.map((d) => d.id)).toEqual(['810009999991']);
  });

  it('reads structure ids from IDNST (FINESS preferred to SIRET) and from raw ids typed SIRET or FINESS', () => {
    const drafts = directoryFromSlotBundle(
      bundle([
        {
          resourceType: 'Organization',
          id: 'two',
          identifier: [
            { type: idnstType, system: SYSTEM_IDNST, value: '312345678900020' },
            { type: idnstType, system: SYSTEM_IDNST, value: '1370000031' },
          ],
          name: 'Centre de santé',
        },
        { resourceType: 'Organization', id: 'siret', identifier: [{ type: { coding: [{ code: 'SIRET' }] }, system: 'https://sirene.fr', value: '34567890100014' }], name: 'Cabinet' },
        { resourceType: 'Organization', id: 'fineg', identifier: [{ type: { coding: [{ code: 'FINEG' }] }, system: 'urn:finess', value: '370000049' }], name: 'Clinique' },
        { resourceType: 'Organization', id: 'rang', identifier: [{ type: idnstType, system: SYSTEM_IDNST, value: '412345678900011' }], name: 'Cabinet rang' },
        { resourceType: 'Organization', id: 'intrn', identifier: [{ system: 'https://agenda.editeur.test/org', value: '1370000056' }], name: 'Interne' },
      ]),
    );
    expect(drafts.map((d) => [d.id, d.name])).toEqual([
      ['1370000031', 'Centre de santé'],
      ['334567890100014', 'Cabinet'],
      ['1370000049', 'Clinique'],
    ]);
  });

  it('merges everything said of one id across resources into one draft', () => {
    const drafts = directoryFromSlotBundle(
      bundle([
        slot('m1', 'sch-m', [specialty('SM54')]),
        schedule('sch-m', ['PractitionerRole/role-m']),
        // Two Practitioner resources for one RPPS: the one carrying the profession says nothing of the name.
        {
          resourceType: 'Practitioner',
          id: 'm-bis',
          identifier: [{ system: 'https://rpps.esante.gouv.fr', value: '10005556667' }],
          qualification: [{ code: { coding: [{ system: 'urn:oid:1.2.250.1.71.1.2.7', code: '10' }] } }],
        },
        practitioner('m', '810005556667', undefined, undefined, {
          name: [
            { use: 'usual', family: 'DUPONT-USAGE', given: ['Léa'] },
            { use: 'official', family: 'MARTIN', given: ['Léa', 'Marie'] },
          ],
        }),
        role('role-m', 'm', '86000'),
      ]),
    );
    expect(drafts).toEqual([
      { kind: 'practitioner', id: '810005556667', name: 'MARTIN', firstName: 'Léa Marie', specialtyCode: 'SM54', professionCode: '10', postalCode: '86000' },
    ]);
  });

  it('follows the practitioner through the role when the Schedule names only the role, and logical references', () => {
    const drafts = directoryFromSlotBundle(
      bundle([
        slot('l1', 'sch-l', [specialty('SM39')]),
        schedule('sch-l', ['PractitionerRole/role-l']),
        {
          resourceType: 'PractitionerRole',
          id: 'role-l',
          practitioner: { identifier: { system: SYSTEM_IDNPS, value: '810003332221' } },
          location: [{ reference: 'Location/lieu-l' }],
          organization: { reference: 'Organization/org-l' },
        },
        { resourceType: 'Location', id: 'lieu-l', address: { postalCode: '20004' } },
        organization('org-l', '1200000018', 'Centre hospitalier'),
      ]),
    );
    expect(byId(drafts).get('810003332221')).toMatchObject({ name: null, firstName: null, specialtyCode: 'SM39', postalCode: '20004' });
    expect(byId(drafts).get('1200000018')).toMatchObject({ name: 'Centre hospitalier', postalCode: '20004' });
  });

  it('sets only what is actually there and well-formed', () => {
    const drafts = directoryFromSlotBundle(
      bundle([
        slot('q1', 'sch-q', [specialty('sm54'), { text: 'ORL' }, specialty('TOO-LONG-CODE')]),
        slot('q2', 'sch-q', [{ coding: [{ system: 'https://example.test/specialites', code: 'SM54' }] }]),
        schedule('sch-q', ['Practitioner/q', 'PractitionerRole/role-q']),
        practitioner('q', '810006667778', undefined, ['  Jean   Pierre ']),
        role('role-q', 'q', '3500', { code: [{ coding: [{ system: CS_TRE_G15, code: 'médecin' }] }] }),
      ]),
    );
    expect(drafts).toEqual([
      { kind: 'practitioner', id: '810006667778', name: null, firstName: 'Jean Pierre', specialtyCode: null, professionCode: null, postalCode: null },
    ]);
  });
});

// --------------------------------------------------------------------------------------------- malformed

describe('directoryFromSlotBundle — malformed input', () => {
  it.each([
    ['null', null],
    ['a string', 'Bundle'],
    ['an array', [{ resourceType: 'Practitioner' }]],
    ['an empty object', {}],
    ['entry not a list', { resourceType: 'Bundle', entry: { resource: {} } }],
    ['an OperationOutcome', { resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] }],
  ])('gives nothing for %s', (_label, input) => {
    expect(directoryFromSlotBundle(input)).toEqual([]);
  });

  it('skips what it cannot read and keeps the rest', () => {
    const good = practitioner('ok', '810001010101', 'BON', ['Jeanne']);
    const input = {
      resourceType: 'Bundle',
      entry: [
        null,
        42,
        'entry',
        { resource: null },
        { resource: 'Practitioner' },
        { resource: { resourceType: 'Practitioner' } },
        { resource: { resourceType: 'Practitioner', identifier: 'x', name: 'y' } },
        { resource: { resourceType: 'Practitioner', identifier: [null, 5, { value: 810001010102 }], name: [null, { family: 7, given: 'x' }] } },
        { resource: { resourceType: 'PractitionerRole', practitioner: 'Practitioner/ok', location: { reference: 3 }, specialty: 'SM54', code: [null] } },
        { resource: { resourceType: 'Schedule', actor: [{ reference: 'Practitioner/nowhere' }, { reference: '#x' }, 'Practitioner/ok'] } },
        { resource: { resourceType: 'Slot', schedule: 'Schedule/x', specialty: [null, { coding: 'SM54' }] } },
        { resource: { resourceType: 'Slot', schedule: { reference: 'Schedule/unknown' }, specialty: [specialty('SM54')] } },
        { resource: { resourceType: 'Location', managingOrganization: { identifier: 'x' }, address: [{ postalCode: '75001' }] } },
        { resource: { resourceType: 'Organization', identifier: [{ system: SYSTEM_IDNST, value: '1' }] } },
        { fullUrl: `${BASE}/Practitioner/ok`, resource: good },
      ],
    };
    expect(directoryFromSlotBundle(input)).toEqual([
      { kind: 'practitioner', id: '810001010101', name: 'BON', firstName: 'Jeanne', specialtyCode: null, professionCode: null, postalCode: null },
    ]);
  });

  it('never throws, even on an entry whose reading throws', () => {
    const hostile = {
      get resource(): unknown {
        throw new Error('boom');
      },
    };
    const input = { resourceType: 'Bundle', entry: [hostile, { resource: practitioner('ok', '810001010101', 'BON') }] };
    expect(directoryFromSlotBundle(input).map((d) => d.id)).toEqual(['810001010101']);
    const cyclic: R = { resourceType: 'Bundle' };
    cyclic.entry = [{ resource: cyclic }];
    expect(directoryFromSlotBundle(cyclic)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------- performance

describe('directoryFromSlotBundle — a large answer', () => {
  it('reads a 10,000-slot answer with 100 practitioners (its cost is printed by npm run bench -- --only slots)', () => {
    const resources: R[] = [];
    for (let p = 0; p < 100; p++) {
      const rpps = `8${String(10000000000 + p)}`;
      resources.push(practitioner(`p${p}`, rpps, `NOM${p}`, [`Prénom${p}`]));
      resources.push(role(`r${p}`, `p${p}`, String(10000 + p * 100).padStart(5, '0'), { organization: { identifier: { system: SYSTEM_IDNST, value: `1${String(100000000 + p)}` } } }));
      resources.push(schedule(`sc${p}`, [`Practitioner/p${p}`, `PractitionerRole/r${p}`]));
    }
    for (let s = 0; s < 10_000; s++) resources.push(slot(`sl${s}`, `sc${s % 100}`, [specialty(s % 3 === 0 ? 'SM05' : 'SM54')]));
    const big = bundle(resources);

    const drafts: DirectoryDraft[] = directoryFromSlotBundle(big);
    expect(drafts.filter((d) => d.kind === 'practitioner')).toHaveLength(100);
    expect(drafts.filter((d) => d.kind === 'organization')).toHaveLength(100);
    expect(drafts.every((d) => d.kind === 'organization' || d.specialtyCode === 'SM54')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------- IG's examples

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(here, '../../../shared/fhir/ans.fhir.fr.sas-1.2.0/example');
const present = fs.existsSync(EXAMPLES);
if (!present) console.warn(`skipped: ../shared absent (${EXAMPLES}) — directory extraction over the IG's example bundles not run`);

describe.runIf(present)('directoryFromSlotBundle — the IG 1.2.0 example slot bundles', () => {
  const files = present ? fs.readdirSync(EXAMPLES).filter((f) => /^Bundle-.*\.json$/.test(f)).sort() : [];

  it('finds the example bundles', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it('extracts practitioners with names and structures, every draft accepted by the directory schema', () => {
    const all: DirectoryDraft[] = [];
    for (const file of files) {
      const drafts = directoryFromSlotBundle(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')));
      console.log(`${file}:\n${drafts.map((d) => `  ${JSON.stringify(d)}`).join('\n') || '  (nothing)'}`);
      for (const d of drafts) expect(directoryEntryInputSchema.safeParse(d).success).toBe(true);
      all.push(...drafts);
    }
    expect(all.some((d) => d.kind === 'practitioner' && d.name !== null && d.firstName !== null)).toBe(true);
    expect(all.some((d) => d.kind === 'organization' && d.name !== null)).toBe(true);
    // Specialties exist only on Slot.specialty in these examples: finding one proves the Slot → Schedule → actor path.
    expect(all.some((d) => d.kind === 'practitioner' && d.specialtyCode !== null)).toBe(true);
    expect(all.some((d) => d.kind === 'practitioner' && d.postalCode !== null)).toBe(true);
  });
});
