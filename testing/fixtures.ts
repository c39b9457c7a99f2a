// Our own appointment fixtures (not the IG's examples): a valid PS, CPTS and SOS appointment, and helpers.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../shared/fhir/json';

export const EDITOR_SYSTEM = 'urn:oid:1.2.250.1.999.77.1';

export function psAppointment(overrides: Partial<JsonObject> = {}): JsonObject {
  return {
    resourceType: 'Appointment',
    meta: { profile: ['http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS'] },
    extension: [
      {
        url: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator',
        valueReference: {
          identifier: {
            type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] },
            system: 'urn:oid:1.2.250.1.71.4.2.1',
            value: '810004567891',
          },
        },
      },
    ],
    identifier: [{ system: EDITOR_SYSTEM, value: randomUUID() }],
    status: 'booked',
    start: '2026-03-10T09:00:00+01:00',
    end: '2026-03-10T09:20:00+01:00',
    created: '2026-03-09T18:12:00+01:00',
    participant: [
      {
        actor: {
          identifier: {
            type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] },
            system: 'urn:oid:1.2.250.1.71.4.2.1',
            value: '810012345678',
          },
        },
        status: 'accepted',
      },
    ],
    ...overrides,
  };
}

export function cptsAppointment(overrides: Partial<JsonObject> = {}): JsonObject {
  const a = psAppointment(overrides);
  (a.extension as JsonObject[]).push({
    url: 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-categorie-orientation',
    valueCodeableConcept: {
      coding: [{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement', code: '604' }],
    },
  });
  return a;
}

export function sosAppointment(overrides: Partial<JsonObject> = {}): JsonObject {
  return psAppointment({
    meta: { profile: ['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-appointment'] },
    status: 'pending',
    participant: [
      {
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ADM' }] }],
        status: 'needs-action',
      },
    ],
    ...overrides,
  });
}

export function identifierOf(a: JsonObject): { system: string; value: string } {
  return (a.identifier as { system: string; value: string }[])[0];
}

export function conditionalQuery(a: JsonObject): string {
  const { system, value } = identifierOf(a);
  return `identifier=${encodeURIComponent(`${system}|${value}`)}`;
}
