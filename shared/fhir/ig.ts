// Facts from the SAS IG 1.2.0 (see ../shared/spec/sas-ig.md §2, §3, §6). Only URLs, systems and codes live here.

export const PROFILE_APPOINTMENT_SAS = 'http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS';
export const PROFILE_APPOINTMENT_SOS =
  'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-sos-appointment';

export const EXT_APPOINTMENT_OPERATOR = 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator';
export const EXT_ORIENTATION_CATEGORY =
  'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-categorie-orientation';

export const SYSTEM_IDNPS = 'urn:oid:1.2.250.1.71.4.2.1';
export const SYSTEM_IDNST = 'urn:oid:1.2.250.1.71.4.2.2';
export const SYSTEM_SAS_REGULATOR = 'urn:oid:1.2.250.1.213.3.6';
export const CS_FR_V2_0203 = 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203';

export const CS_ORIENTATION_SAS =
  'https://interop.esante.gouv.fr/ig/fhir/sas/CodeSystem/categorie-orientation-sas-codesystem';
export const CS_TRE_R66 =
  'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement';

export const CAPABILITY_RDV_PSINDIV =
  'https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-RDVpsindiv';
export const CAPABILITY_RDV_SOS =
  'https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-RDVSOS';

/** Every code of http://hl7.org/fhir/ValueSet/appointmentstatus (FHIR R4, required binding). */
export const FHIR_APPOINTMENT_STATUSES = [
  'proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist',
] as const;

/** The subset the SAS actually uses (INT_R03 page plus `pending` from the LRM page). */
export const SAS_APPOINTMENT_STATUSES = ['booked', 'fulfilled', 'noshow', 'cancelled', 'pending'] as const;
export type SasAppointmentStatus = (typeof SAS_APPOINTMENT_STATUSES)[number];

/** sas-valueset-participant-status (1.2.0). */
export const SAS_PARTICIPANT_STATUSES = ['accepted', 'needs-action'] as const;

export type AppointmentCategory = 'PS' | 'CPTS' | 'SOS';
export const APPOINTMENT_CATEGORIES: readonly AppointmentCategory[] = ['PS', 'CPTS', 'SOS'];

/**
 * categorie-orientation-sas-valueset: the whole SAS code system plus three TRE-R66 codes.
 * The `orientation` is the LRM name of the category (INT_L02 `orientationCategory`).
 */
export const ORIENTATION_CODES: readonly { system: string; code: string; orientation: string }[] = [
  { system: CS_ORIENTATION_SAS, code: '001', orientation: 'PS' },
  { system: CS_ORIENTATION_SAS, code: '002', orientation: 'PDM' },
  { system: CS_ORIENTATION_SAS, code: '003', orientation: 'SOS' },
  { system: CS_TRE_R66, code: '604', orientation: 'CPTS' },
  { system: CS_TRE_R66, code: '603', orientation: 'MSP' },
  { system: CS_TRE_R66, code: '124', orientation: 'CDS' },
];

export const MAX_APPOINTMENT_BODY_BYTES = 1024 * 1024;

/** NOS TRE_R38 (ordinal specialty) and TRE_G15 (health profession): slot answers code with them, RS-SAS-RDV names them. */
export const CS_TRE_R38 = 'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale';
export const CS_TRE_G15 = 'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante';
