import { randomUUID } from 'node:crypto';
import {
  CS_FR_V2_0203,
  CS_ORIENTATION_SAS,
  CS_TRE_R66,
  EXT_APPOINTMENT_OPERATOR,
  EXT_ORIENTATION_CATEGORY,
  PROFILE_APPOINTMENT_SAS,
  PROFILE_APPOINTMENT_SOS,
  SYSTEM_IDNPS,
  SYSTEM_IDNST,
  SYSTEM_SAS_REGULATOR,
} from '../../../shared/fhir/ig';
import type { JsonObject } from '../../../shared/fhir/json';
import { parisInstant } from '../../../shared/domain/paris-time';
import { prng } from '../../../shared/domain/prng';

// Our own demo vocabulary: common French given names and surnames, invented editors and structures.
const GIVEN = ['Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Gabriel', 'Manon', 'Arthur', 'Inès', 'Jules', 'Sarah', 'Paul', 'Zoé', 'Lucas', 'Anaïs', 'Théo'];
const FAMILY = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Fournier'];
export const DEMO_EDITORS = [
  { name: 'Agendia Santé', system: 'urn:oid:1.2.250.1.999.1.1' },
  { name: 'MédiPlanning', system: 'urn:oid:1.2.250.1.999.2.1' },
  { name: 'RDV Libéral', system: 'https://rdv-liberal.example.fr/rdv' },
  { name: 'SOS Agenda', system: 'urn:oid:1.2.250.1.999.4.1' },
];

export { prng };

function digits(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

export interface DemoAppointment {
  editor: string;
  /** Successive versions: the first is the create, the others updates of the same identifier. */
  versions: JsonObject[];
}

export function generateDemoAppointments(count: number, seed = Date.now(), now = Date.now()): DemoAppointment[] {
  const rand = prng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const practitioners = Array.from({ length: Math.max(5, Math.ceil(count / 8)) }, () =>
    rand() < 0.9 ? `8${digits(rand, 11)}` : `0${digits(rand, 9)}`,
  );
  const regulators = Array.from({ length: Math.max(3, Math.ceil(count / 20)) }, () =>
    rand() < 0.7 ? { type: 'IDNPS', system: SYSTEM_IDNPS, value: `8${digits(rand, 11)}` } : { type: 'INTRN', system: SYSTEM_SAS_REGULATOR, value: randomUUID() },
  );
  const associations = Array.from({ length: 4 }, () => `3${digits(rand, 14)}`);
  const out: DemoAppointment[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rand();
    const category = kind < 0.65 ? 'PS' : kind < 0.85 ? 'CPTS' : 'SOS';
    const editor = category === 'SOS' ? DEMO_EDITORS[3] : pick(DEMO_EDITORS.slice(0, 3));
    const created = now - Math.floor(rand() * 30 * 86_400_000);
    const start = Math.floor((created + (1 + rand() * 70) * 3_600_000) / 900_000) * 900_000;
    const end = start + pick([15, 20, 30]) * 60_000;
    const regulator = pick(regulators);
    const base: JsonObject = {
      resourceType: 'Appointment',
      meta: { profile: [category === 'SOS' ? PROFILE_APPOINTMENT_SOS : PROFILE_APPOINTMENT_SAS] },
      extension: [
        {
          url: EXT_APPOINTMENT_OPERATOR,
          valueReference: {
            identifier: { type: { coding: [{ system: CS_FR_V2_0203, code: regulator.type }] }, system: regulator.system, value: regulator.value },
            display: `${pick(GIVEN)} ${pick(FAMILY).toUpperCase()}`,
          },
        },
        ...(category === 'CPTS'
          ? [{ url: EXT_ORIENTATION_CATEGORY, valueCodeableConcept: { coding: [{ system: CS_TRE_R66, code: '604' }] } }]
          : category === 'PS' && rand() < 0.5
            ? [{ url: EXT_ORIENTATION_CATEGORY, valueCodeableConcept: { coding: [{ system: CS_ORIENTATION_SAS, code: '001' }] } }]
            : []),
      ],
      identifier: [{ system: editor.system, value: randomUUID() }],
      status: category === 'SOS' && rand() < 0.3 ? 'pending' : 'booked',
      start: parisInstant(start),
      end: parisInstant(end),
      created: parisInstant(created),
      participant:
        category === 'SOS' && rand() < 0.5
          ? [
              { type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ADM' }] }], status: 'needs-action' },
              { actor: { identifier: { system: SYSTEM_IDNST, value: pick(associations) } }, status: 'accepted' },
            ]
          : [
              {
                actor: {
                  identifier: { type: { coding: [{ system: CS_FR_V2_0203, code: 'IDNPS' }] }, system: SYSTEM_IDNPS, value: pick(practitioners) },
                  display: `Dr ${pick(GIVEN)} ${pick(FAMILY)}`,
                },
                status: 'accepted',
              },
            ],
    };
    const versions = [base];
    const r = rand();
    const later = (status: string, extra: JsonObject = {}) => ({ ...structuredClone(versions[versions.length - 1]), status, ...extra });
    if (base.status === 'pending' && r < 0.6) versions.push(later('booked'));
    if (start < now) {
      const fate = rand();
      versions.push(later(fate < 0.75 ? 'fulfilled' : fate < 0.9 ? 'noshow' : 'cancelled'));
    } else if (r > 0.85) {
      versions.push(later('cancelled'));
    } else if (r > 0.75) {
      const moved = start + 3_600_000;
      versions.push(later(String(versions[versions.length - 1].status), { start: parisInstant(moved), end: parisInstant(moved + (end - start)) }));
    }
    out.push({ editor: editor.name, versions });
  }
  return out;
}
