import { asArray, type JsonObject, obj } from './json';
import { PROFILE_APPOINTMENT_SAS, PROFILE_APPOINTMENT_SOS } from './ig';

export type AppointmentProfile = 'FrAppointmentSAS' | 'sas-sos-appointment';

export const PROFILE_URLS: Record<AppointmentProfile, string> = {
  FrAppointmentSAS: PROFILE_APPOINTMENT_SAS,
  'sas-sos-appointment': PROFILE_APPOINTMENT_SOS,
};

export interface ProfileChoice {
  profile: AppointmentProfile;
  /** true when meta.profile named it; false when we fell back to FrAppointmentSAS. */
  declared: boolean;
  declaredUrls: string[];
}

/** Picks the profile from meta.profile (versioned canonicals `url|1.2.0` included). */
export function chooseAppointmentProfile(resource: JsonObject): ProfileChoice {
  const declaredUrls = asArray(obj(resource.meta)?.profile).filter((p): p is string => typeof p === 'string');
  const bare = declaredUrls.map((u) => u.split('|')[0]);
  if (bare.includes(PROFILE_APPOINTMENT_SOS)) return { profile: 'sas-sos-appointment', declared: true, declaredUrls };
  if (bare.includes(PROFILE_APPOINTMENT_SAS)) return { profile: 'FrAppointmentSAS', declared: true, declaredUrls };
  return { profile: 'FrAppointmentSAS', declared: false, declaredUrls };
}
