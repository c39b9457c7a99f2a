import { checkAppointment } from '../../../shared/fhir/appointment-rules';
import { PROFILE_URLS, type ProfileChoice } from '../../../shared/fhir/appointment-profile';
import type { Finding } from '../../../shared/fhir/findings';
import type { JsonObject } from '../../../shared/fhir/json';
import { type IgPackage, validateAgainstProfile } from '../validation/ig-validator';

export interface Validation {
  choice: ProfileChoice;
  findings: Finding[];
}

/** Built-in rules always; the IG package's StructureDefinition validation too when one is loaded. */
export function validateAppointment(resource: JsonObject, ig: IgPackage | null): Validation {
  const { choice, findings } = checkAppointment(resource);
  if (ig) findings.push(...validateAgainstProfile(ig, resource, PROFILE_URLS[choice.profile]));
  return { choice, findings };
}
