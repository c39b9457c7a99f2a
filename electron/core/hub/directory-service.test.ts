// The practitioner and structure directory: where each value comes from, what may overwrite what, CSV import
// all or nothing, and what slot answers teach it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../../../testing/test-core';
import { directoryToCsv } from '../../../shared/hub/directory-csv';

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => t.stop());

const csv = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

function slotAnswer(rpps: string, family: string, given: string, specialty: string): unknown {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      { fullUrl: 'https://editeur.test/Practitioner/p1', resource: {
        resourceType: 'Practitioner', id: 'p1', name: [{ family, given: [given] }],
        identifier: [{ system: 'urn:oid:1.2.250.1.71.4.2.1', value: rpps }],
      } },
      { fullUrl: 'https://editeur.test/PractitionerRole/r1', resource: {
        resourceType: 'PractitionerRole', id: 'r1', practitioner: { reference: 'Practitioner/p1' },
        specialty: [{ coding: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale', code: specialty }] }],
      } },
    ],
  };
}

describe('directory', () => {
  it('learns practitioners from a slot answer, with the editor and the date as the source of each value', () => {
    const changed = t.core.hubDirectory.learnFromSlots(slotAnswer('810000000001', 'Durand', 'Claire', 'SM54'), 'Agenda Alpha', 1_000);
    expect(changed).toBe(1);
    const e = t.core.hub.directory.get('practitioner', '810000000001')!;
    expect(e).toMatchObject({ name: 'Durand', firstName: 'Claire', specialtyCode: 'SM54' });
    expect(e.sources.name).toEqual({ source: 'slots', detail: 'Agenda Alpha', atUtc: 1_000 });
    // The same answer again changes nothing.
    expect(t.core.hubDirectory.learnFromSlots(slotAnswer('810000000001', 'Durand', 'Claire', 'SM54'), 'Agenda Alpha', 2_000)).toBe(0);
  });

  it('never lets a slot answer overwrite what an operator set; refreshes what it had learnt itself', () => {
    t.core.hubDirectory.learnFromSlots(slotAnswer('810000000002', 'Petit', 'Marc', 'SM54'), 'Agenda Alpha', 1_000);
    t.core.hubDirectory.save({ kind: 'practitioner', id: '810000000002', name: 'Petit-Laurent', firstName: 'Marc', specialtyCode: 'SM54', professionCode: '10', postalCode: null }, 'opératrice');
    t.core.hubDirectory.learnFromSlots(slotAnswer('810000000002', 'Petit', 'Marcel', 'SM05'), 'Agenda Beta', 3_000);
    const e = t.core.hub.directory.get('practitioner', '810000000002')!;
    expect(e).toMatchObject({ name: 'Petit-Laurent', firstName: 'Marc', specialtyCode: 'SM54', professionCode: '10' });
    expect(e.sources.name).toMatchObject({ source: 'operator', detail: 'opératrice' });

    t.core.hubDirectory.learnFromSlots(slotAnswer('810000000003', 'Roux', 'Léa', 'SM54'), 'Agenda Alpha', 1_000);
    t.core.hubDirectory.learnFromSlots(slotAnswer('810000000003', 'Roux-Blanc', 'Léa', 'SM54'), 'Agenda Beta', 4_000);
    expect(t.core.hub.directory.get('practitioner', '810000000003')).toMatchObject({ name: 'Roux-Blanc', sources: { name: { source: 'slots', detail: 'Agenda Beta' } } });
  });

  it('imports a CSV all or nothing: one bad line and nothing is written, with the line named', () => {
    const bad = 'type;identifiant;nom;prenom;specialite_r38;profession_g15;code_postal\r\npraticien;810000000010;Lemoine;Anne;SM54;10;33000\r\npraticien;12345;Faux;Nom;;;\r\n';
    expect(() => t.core.hubDirectory.import(csv(bad), 'annuaire.csv')).toThrow(/ligne 3/);
    expect(t.core.hub.directory.get('practitioner', '810000000010')).toBeNull();
    const good = bad.split('\r\n').slice(0, 2).join('\r\n') + '\r\nstructure;334173748400021;Maison de santé du Port;;;;33300\r\n';
    expect(t.core.hubDirectory.importPreview(csv(good))).toMatchObject({ rows: 2, valid: 2, errors: [], creates: 2 });
    expect(t.core.hubDirectory.import(csv(good), 'annuaire.csv')).toEqual({ created: 2, updated: 0 });
    expect(t.core.hub.directory.get('organization', '334173748400021')).toMatchObject({ name: 'Maison de santé du Port', sources: { name: { source: 'csv', detail: 'annuaire.csv' } } });
  });

  it('exports what it holds in the format it imports', () => {
    const { csv: text } = t.core.hubDirectory.export({ kind: 'practitioner' });
    const entries = [...t.core.hub.directory.iterate({ kind: 'practitioner' })].map(({ sources: _s, updatedUtc: _u, ...e }) => e);
    expect(text).toBe(directoryToCsv(entries));
    expect(t.core.hubDirectory.importPreview(csv(text))).toMatchObject({ valid: entries.length, errors: [], creates: 0 });
  });

  it('refuses an id that is not of its kind', () => {
    expect(() => t.core.hubDirectory.save({ kind: 'organization', id: '810000000099', name: 'X', firstName: null, specialtyCode: null, professionCode: null, postalCode: null }, 'op')).toThrow(/SIRET/);
  });
});
