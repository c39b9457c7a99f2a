import { parseDateTime, parseInstant } from '../domain/instant';
import { parisDayOf } from '../domain/paris-time';
import { CS_FR_V2_0203, EXT_APPOINTMENT_OPERATOR, EXT_ORIENTATION_CATEGORY, ORIENTATION_CODES, SYSTEM_IDNPS, SYSTEM_IDNST, type AppointmentCategory } from './ig';
import { asArray, type JsonObject, obj, str } from './json';
import type { AppointmentProfile } from './appointment-profile';

/** The browse fields of one appointment version, derived once at ingest. */
export interface AppointmentFields {
  identifierSystem: string;
  identifierValue: string;
  status: string;
  category: AppointmentCategory;
  startRaw: string | null;
  startUtc: number | null;
  startDay: string | null;
  endRaw: string | null;
  endUtc: number | null;
  createdRaw: string | null;
  createdUtc: number | null;
  practitionerId: string | null;
  organisationId: string | null;
  regulatorId: string | null;
  /**
   * The LRM name of the orientation category (INT_L02 `orientationCategory`): PS, PDM, SOS, CPTS, MSP, CDS, from
   * the extension when the editor sent a known code, else the category.
   */
  orientation: string;
}

/** The orientation-category extension's LRM name, when the editor sent a known code. */
export function deriveOrientation(resource: JsonObject): string | null {
  for (const ext of asArray(resource.extension)) {
    if (obj(ext)?.url !== EXT_ORIENTATION_CATEGORY) continue;
    for (const c of asArray(obj(obj(ext)?.valueCodeableConcept)?.coding)) {
      const o = ORIENTATION_CODES.find((x) => x.system === obj(c)?.system && x.code === obj(c)?.code);
      if (o) return o.orientation;
    }
  }
  return null;
}

/**
 * Category: the orientation-category extension when the editor sent one (604 → CPTS, 003 → SOS,
 * other codes → PS); otherwise the profile decides (sas-sos-appointment → SOS, FrAppointmentSAS → PS,
 * which the IG shares between PS and CPTS).
 */
export function deriveCategory(resource: JsonObject, profile: AppointmentProfile): AppointmentCategory {
  for (const ext of asArray(resource.extension)) {
    if (obj(ext)?.url !== EXT_ORIENTATION_CATEGORY) continue;
    for (const c of asArray(obj(obj(ext)?.valueCodeableConcept)?.coding)) {
      const o = ORIENTATION_CODES.find((x) => x.system === obj(c)?.system && x.code === obj(c)?.code);
      if (o?.orientation === 'CPTS') return 'CPTS';
      if (o?.orientation === 'SOS') return 'SOS';
      if (o) return profile === 'sas-sos-appointment' ? 'SOS' : 'PS';
    }
  }
  return profile === 'sas-sos-appointment' ? 'SOS' : 'PS';
}

export function deriveFields(resource: JsonObject, profile: AppointmentProfile): AppointmentFields {
  const identifier = obj(asArray(resource.identifier)[0]) ?? {};
  const start = parseInstant(resource.start);
  const end = parseInstant(resource.end);
  const created = parseDateTime(resource.created);
  let practitionerId: string | null = null;
  let organisationId: string | null = null;
  for (const p of asArray(resource.participant)) {
    const id = obj(obj(obj(p)?.actor)?.identifier);
    const system = str(id?.system);
    const value = str(id?.value);
    if (!value) continue;
    const idnps = asArray(obj(id?.type)?.coding).some((c) => obj(c)?.system === CS_FR_V2_0203 && obj(c)?.code === 'IDNPS');
    if (!practitionerId && (system === SYSTEM_IDNPS || idnps)) practitionerId = value;
    else if (!organisationId && system === SYSTEM_IDNST) organisationId = value;
  }
  const operator = asArray(resource.extension).find((e) => obj(e)?.url === EXT_APPOINTMENT_OPERATOR);
  const regulatorId = str(obj(obj(obj(operator)?.valueReference)?.identifier)?.value) ?? null;
  return {
    identifierSystem: str(identifier.system) ?? '',
    identifierValue: str(identifier.value) ?? '',
    status: str(resource.status) ?? '',
    category: deriveCategory(resource, profile),
    startRaw: str(resource.start) ?? null,
    startUtc: start,
    startDay: start === null ? null : parisDayOf(start),
    endRaw: str(resource.end) ?? null,
    endUtc: end,
    createdRaw: str(resource.created) ?? null,
    createdUtc: created,
    practitionerId,
    organisationId,
    regulatorId,
    orientation: deriveOrientation(resource) ?? deriveCategory(resource, profile),
  };
}
