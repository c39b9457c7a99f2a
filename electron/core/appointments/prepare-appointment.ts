import { deriveFields, type AppointmentFields } from '../../../shared/fhir/appointment-derive';
import type { ProfileChoice } from '../../../shared/fhir/appointment-profile';
import { type Finding, hasErrors } from '../../../shared/fhir/findings';
import type { JsonObject } from '../../../shared/fhir/json';
import type { IgPackage } from '../validation/ig-validator';
import { validateAppointment } from './validate-appointment';

export type Prepared =
  | { ok: false; choice: ProfileChoice; findings: Finding[] }
  | { ok: true; choice: ProfileChoice; findings: Finding[]; fields: AppointmentFields };

/** Validation and derived browse fields: the part of an ingest that does not depend on how it arrived. */
export function prepareAppointment(resource: JsonObject, ig: IgPackage | null): Prepared {
  const { choice, findings } = validateAppointment(resource, ig);
  if (hasErrors(findings)) return { ok: false, choice, findings };
  return { ok: true, choice, findings, fields: deriveFields(resource, choice.profile) };
}
