// Our own slot search responses (PS, CPTS, SOS), built to the IG's rules, and one faulty variant per
// diagnostic. Used by unit tests, the local editor server and end-to-end tests.
import type { JsonObject } from '../shared/fhir/json';
import type { SlotKind } from '../shared/slots/ig-slots';
import type { SlotRuleId } from '../shared/i18n/slot-rule-messages';
import { parisInstant } from '../shared/domain/paris-time';

const SAS = 'http://sas.fr/fhir/StructureDefinition/';
const IG = 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/';
const TYPE = 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau';
const IDNPS_TYPE = { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] };

export interface BundleOptions {
  kind: SlotKind;
  /** Prefixed RPPS/ADELI (PS, CPTS) or SIRET (SOS). */
  ids: string[];
  slotsPerOwner?: number;
  /** First slot start (UTC ms); slots follow every 20 minutes. */
  start: number;
  base?: string;
}

const FAMILY = ['Lemoine', 'Garnier', 'Roux', 'Faure', 'Blanc', 'Guerin', 'Muller', 'Henry'];
const GIVEN = ['Claire', 'Antoine', 'Julie', 'Nicolas', 'Emma', 'Thomas', 'Lucie', 'Marc'];

export function slotBundle(o: BundleOptions): JsonObject {
  const base = o.base ?? 'https://lga.editeur-test.fr/fhir';
  const n = o.slotsPerOwner ?? 3;
  const entries: JsonObject[] = [];
  const entry = (resource: JsonObject, mode: 'match' | 'include') =>
    entries.push({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode } });
  let slotCount = 0;
  o.ids.forEach((id, k) => {
    const sos = o.kind === 'sos';
    const scheduleId = `sched-${k}`;
    const slots: JsonObject[] = [];
    for (let i = 0; i < n; i++) {
      const start = o.start + (k * n + i) * 20 * 60_000;
      const cpts = o.kind === 'cpts';
      slots.push({
        resourceType: 'Slot',
        id: `slot-${k}-${i}`,
        meta: {
          profile: [sos ? `${IG}sas-sos-slot-aggregator` : cpts ? `${IG}sas-cpts-slot-aggregator` : `${SAS}FrSlotAgregateur`],
          security: (sos ? ['PUBLIC', 'SNP'] : cpts ? ['PUBLIC', 'CPTS'] : ['PUBLIC', 'PRO']).map((code) => ({ system: TYPE, code })),
        },
        serviceType: [
          { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: i % 3 === 2 ? 'VR' : 'AMB' }] },
          ...(cpts
            ? [{
                extension: [{ url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType', valueReference: { reference: `HealthcareService/hs-${k}` } }],
                coding: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement', code: '604' }],
              }]
            : []),
          { text: 'Consultation de soins non programmés' },
        ],
        appointmentType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: i % 4 === 3 ? 'WALKIN' : 'ROUTINE' }] },
        schedule: { reference: `Schedule/${scheduleId}` },
        status: 'free',
        start: parisInstant(start),
        end: parisInstant(start + 20 * 60_000),
        ...(i % 4 === 3 ? {} : { comment: `https://lga.editeur-test.fr/agenda/${id}?creneau=${k}-${i}` }),
      });
    }
    slotCount += slots.length;
    if (sos) {
      const org = { resourceType: 'Organization', id: `org-${k}`, meta: { profile: [`${IG}sas-sos-organization-aggregator`] },
        identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type', code: 'IDNST' }] }, system: 'urn:oid:1.2.250.1.71.4.2.2', value: id }],
        name: `SOS Médecins ${['Vannes', 'Brest', 'Quimper'][k % 3]}` };
      const loc = { resourceType: 'Location', id: `loc-${k}`, meta: { profile: [`${IG}sas-sos-location-aggregator`] },
        identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type', code: 'INTRN' }] }, system: 'https://lga.editeur-test.fr', value: `pfg-${k}` }],
        name: `Point fixe de garde ${k + 1}`, telecom: [{ system: 'phone', value: '+33297000000' }],
        address: { line: [`${10 + k} rue des Lices`], city: 'Vannes', postalCode: '56000' }, managingOrganization: { reference: `Organization/org-${k}` } };
      const schedule = { resourceType: 'Schedule', id: scheduleId, meta: { profile: [`${IG}sas-sos-schedule-aggregator`] }, actor: [{ reference: `Location/loc-${k}` }] };
      slots.forEach((s) => entry(s, 'include'));
      entry(schedule, 'match');
      entry(loc, 'include');
      entry(org, 'include');
    } else {
      const practitioner = { resourceType: 'Practitioner', id: `pract-${k}`, meta: { profile: [`${SAS}FrPractitionerAgregateur`] },
        identifier: [{ type: IDNPS_TYPE, system: 'urn:oid:1.2.250.1.71.4.2.1', value: id }], name: [{ family: FAMILY[k % 8].toUpperCase(), given: [GIVEN[k % 8]] }] };
      const role = { resourceType: 'PractitionerRole', id: `role-${k}`, meta: { profile: [`${SAS}FrPractitionerRoleExerciceAgregateur`] },
        contained: [{ resourceType: 'Location', id: `lieu-${k}`, meta: { profile: [`${SAS}FrLocationAgregateur`] },
          identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type', code: 'INTRN' }] }, system: 'https://lga.editeur-test.fr', value: `lieu-${k}` }],
          address: { line: [`${k + 1} place du Marché`], city: 'Rennes', postalCode: '35000' } }],
        practitioner: { reference: `Practitioner/pract-${k}` }, location: [{ reference: `#lieu-${k}` }],
        telecom: [{ system: 'phone', value: '+33299000000' }] };
      const schedule = { resourceType: 'Schedule', id: scheduleId, meta: { profile: [`${SAS}FrScheduleAgregateur`] },
        actor: [{ reference: `Practitioner/pract-${k}` }, { reference: `PractitionerRole/role-${k}` }] };
      slots.forEach((s) => entry(s, 'match'));
      entry(schedule, 'include');
      entry(practitioner, 'include');
      entry(role, 'include');
      if (o.kind === 'cpts') {
        entry({ resourceType: 'HealthcareService', id: `hs-${k}`, meta: { profile: [`${IG}sas-cpts-healthcareservice-aggregator`] }, providedBy: { reference: `Organization/cpts-${k}` } }, 'include');
        entry({ resourceType: 'Organization', id: `cpts-${k}`, meta: { profile: [`${IG}sas-cpts-organization-aggregator`] },
          identifier: [{ type: { coding: [{ system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203', code: 'IDNST' }] }, system: 'urn:oid:1.2.250.1.71.4.2.2', value: `19500${String(k).padStart(5, '0')}` }],
          name: `CPTS du Pays ${k + 1}`, telecom: [{ system: 'phone', value: '+33102030405' }] }, 'include');
      }
    }
  });
  const idParam = o.ids.map((id) => `urn:oid:1.2.250.1.71.4.2.${o.kind === 'sos' ? 2 : 1}%7C${id}`).join(',');
  const self = o.kind === 'sos'
    ? `${base}/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge${encodeURIComponent(parisInstant(o.start))}&_has:Slot:schedule:status=free&actor:Location.organization.identifier=${idParam}`
    : `${base}/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge${encodeURIComponent(parisInstant(o.start))}&schedule.actor:Practitioner.identifier=${idParam}&status=free`;
  return {
    resourceType: 'Bundle',
    meta: { profile: [o.kind === 'sos' ? `${IG}sas-sos-bundle-aggregator` : o.kind === 'cpts' ? `${IG}sas-cpts-bundle-aggregator` : `${SAS}BundleAgregateur`] },
    type: 'searchset',
    total: slotCount,
    link: [{ relation: 'self', url: self }],
    entry: entries,
  };
}

type Mutation = (b: JsonObject) => void;
/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures mutate untyped JSON on purpose */
const res = (b: JsonObject, type: string, i = 0): any => (b.entry as any[]).map((e) => e.resource).filter((r) => r.resourceType === type)[i];

/** One faulty variant per diagnostic: the mutation, the kind it applies to, and the rule it must trigger. */
export const FAULTS: Record<string, { kind: SlotKind; rule: SlotRuleId; mutate: Mutation }> = {
  'not-searchset': { kind: 'ps', rule: 'SLOT-BUNDLE-TYPE', mutate: (b) => { b.type = 'collection'; } },
  'no-total': { kind: 'ps', rule: 'SLOT-TOTAL-MISSING', mutate: (b) => { delete b.total; } },
  'wrong-total': { kind: 'ps', rule: 'SLOT-TOTAL-MISMATCH', mutate: (b) => { b.total = 99; } },
  'no-self-link': { kind: 'cpts', rule: 'SLOT-SELF-LINK-MISSING', mutate: (b) => { b.link = [{ relation: 'next', url: 'x' }]; } },
  'self-link-without-criteria': { kind: 'ps', rule: 'SLOT-SELF-LINK-CRITERIA', mutate: (b) => { (b.link as any[])[0].url = 'https://lga.editeur-test.fr/fhir/Slot?status=free'; } },
  'next-link': { kind: 'ps', rule: 'SLOT-NEXT-LINK', mutate: (b) => { (b.link as any[]).push({ relation: 'next', url: 'https://lga.editeur-test.fr/fhir/Slot?page=2' }); } },
  'empty-element': { kind: 'ps', rule: 'SLOT-EMPTY-ELEMENT', mutate: (b) => { res(b, 'Slot').comment = ''; } },
  'no-profile': { kind: 'ps', rule: 'SLOT-PROFILE-MISSING', mutate: (b) => { delete res(b, 'Schedule').meta; } },
  'dangling-schedule': { kind: 'ps', rule: 'SLOT-REF-UNRESOLVED', mutate: (b) => { res(b, 'Slot').schedule = { reference: 'Schedule/absent' }; } },
  'location-not-contained': { kind: 'ps', rule: 'SLOT-LOCATION-CONTAINED', mutate: (b) => { res(b, 'PractitionerRole').location = [{ reference: 'Location/ailleurs' }]; } },
  'schedule-two-places': { kind: 'ps', rule: 'SLOT-SCHEDULE-PLACES', mutate: (b) => { res(b, 'Schedule').actor.push({ reference: 'PractitionerRole/role-1' }); } },
  'slot-busy': { kind: 'ps', rule: 'SLOT-STATUS-FREE', mutate: (b) => { res(b, 'Slot').status = 'busy'; } },
  'start-after-end': { kind: 'ps', rule: 'SLOT-START-END', mutate: (b) => { const s = res(b, 'Slot'); [s.start, s.end] = [s.end, s.start]; } },
  'bad-instant': { kind: 'ps', rule: 'SLOT-INSTANT', mutate: (b) => { res(b, 'Slot').start = '2026-03-10 09:00'; } },
  'outside-window': { kind: 'ps', rule: 'SLOT-OUTSIDE-WINDOW', mutate: (b) => { const s = res(b, 'Slot'); s.start = '2030-01-01T10:00:00+01:00'; s.end = '2030-01-01T10:20:00+01:00'; } },
  'past-slot': { kind: 'ps', rule: 'SLOT-IN-PAST', mutate: (b) => { const s = res(b, 'Slot'); s.start = '2001-01-01T10:00:00+01:00'; s.end = '2001-01-01T10:20:00+01:00'; } },
  'unprefixed-rpps': { kind: 'ps', rule: 'SLOT-ID-FORMAT', mutate: (b) => { const id = res(b, 'Practitioner').identifier[0]; id.value = id.value.slice(1); } },
  'wrong-idnps-system': { kind: 'ps', rule: 'SLOT-ID-SYSTEM', mutate: (b) => { res(b, 'Practitioner').identifier[0].system = '1.2.250.1.71.4.2.1'; } },
  'missing-idnps-type': { kind: 'ps', rule: 'SLOT-ID-TYPE', mutate: (b) => { delete res(b, 'Practitioner').identifier[0].type; } },
  'unrequested-practitioner': { kind: 'ps', rule: 'SLOT-NOT-REQUESTED', mutate: (b) => { res(b, 'Practitioner').identifier[0].value = '899999999999'; } },
  'no-slot-type': { kind: 'ps', rule: 'SLOT-TYPE-MISSING', mutate: (b) => { delete res(b, 'Slot').meta.security; } },
  'sos-pro-type': { kind: 'sos', rule: 'SLOT-TYPE-VS', mutate: (b) => { res(b, 'Slot').meta.security[0].code = 'PRO'; } },
  'bad-consultation-type': { kind: 'ps', rule: 'SLOT-CONSULTATION-TYPE', mutate: (b) => { res(b, 'Slot').serviceType[0].coding[0].code = 'EMER'; } },
  'bad-appointment-type': { kind: 'ps', rule: 'SLOT-APPOINTMENT-TYPE', mutate: (b) => { res(b, 'Slot').appointmentType.coding[0].code = 'URGENT'; } },
  'no-appointment-type': { kind: 'ps', rule: 'SLOT-APPOINTMENT-TYPE-MISSING', mutate: (b) => { delete res(b, 'Slot').appointmentType; } },
  'routine-without-url': { kind: 'ps', rule: 'SLOT-BOOKING-URL', mutate: (b) => { delete res(b, 'Slot').comment; } },
  'cpts-without-604': { kind: 'cpts', rule: 'SLOT-CPTS-SERVICE-TYPE', mutate: (b) => { res(b, 'Slot').serviceType.splice(1, 1); } },
  'cpts-dangling-service': { kind: 'cpts', rule: 'SLOT-REF-UNRESOLVED', mutate: (b) => { res(b, 'Slot').serviceType[1].extension[0].valueReference.reference = 'HealthcareService/absent'; } },
  'cpts-bad-finess': { kind: 'cpts', rule: 'SLOT-ID-FORMAT', mutate: (b) => { res(b, 'Organization').identifier[0].value = '950047225'; } },
  'national-phone': { kind: 'ps', rule: 'SLOT-PHONE', mutate: (b) => { res(b, 'PractitionerRole').telecom[0].value = '02 99 00 00 00'; } },
  'address-without-city': { kind: 'ps', rule: 'SLOT-ADDRESS', mutate: (b) => { delete res(b, 'PractitionerRole').contained[0].address.city; } },
  'sos-place-without-name': { kind: 'sos', rule: 'SLOT-NAME-MISSING', mutate: (b) => { delete res(b, 'Location').name; } },
  'sos-dangling-organisation': { kind: 'sos', rule: 'SLOT-REF-UNRESOLVED', mutate: (b) => { res(b, 'Location').managingOrganization.reference = 'Organization/absent'; } },
  'sos-bad-siret': { kind: 'sos', rule: 'SLOT-ID-FORMAT', mutate: (b) => { res(b, 'Organization').identifier[0].value = '34173748400020'; } },
  'sos-unrequested-association': { kind: 'sos', rule: 'SLOT-NOT-REQUESTED', mutate: (b) => { res(b, 'Organization').identifier[0].value = '399999999999999'; } },
};
/* eslint-enable @typescript-eslint/no-explicit-any */
