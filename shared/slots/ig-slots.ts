// Facts of the slot-aggregation flows (INT_R01 PS, INT_R04 CPTS, SOS): spec sas-ig.md §3, §4.

export type SlotKind = 'ps' | 'cpts' | 'sos';

export const CS_TRE_R314_TYPE_CRENEAU = 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau';
export const CS_V3_ACTCODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const CS_V2_0276 = 'http://terminology.hl7.org/CodeSystem/v2-0276';
export const CS_TRE_R66 = 'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement';
export const EXT_R5_SLOT_SERVICE_TYPE = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType';
export const CS_LOCATION_IDENTIFIER_TYPE = 'http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type';
export const CS_FR_CORE_V2_0203 = 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203';

/** Every code system the IG uses for the IDNST identifier type (sas-ig.md §11 item 5): all three are accepted. */
export const IDNST_TYPE_SYSTEMS = [
  'http://interopsante.org/fhir/CodeSystem/fr-v2-0203',
  CS_LOCATION_IDENTIFIER_TYPE,
  CS_FR_CORE_V2_0203,
];

/** Slot types (Slot.meta.security) allowed per flow. PS: JDV_J165 (TRE_R314 codes); SOS: PUBLIC and SNP only. */
export const SLOT_TYPES: Record<SlotKind, readonly string[]> = {
  ps: ['PUBLIC', 'PRO', 'SNP', 'CPTS'],
  cpts: ['PUBLIC', 'SNP', 'PRO', 'CPTS'],
  sos: ['PUBLIC', 'SNP'],
};
export const CONSULTATION_TYPES = ['AMB', 'HH', 'VR'] as const;
export const APPOINTMENT_TYPES = ['ROUTINE', 'WALKIN'] as const;

const SAS = 'http://sas.fr/fhir/StructureDefinition/';
const IG = 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/';

/** The canonical profile each resource of a response should declare in meta.profile, per flow. */
export const EXPECTED_PROFILES: Record<SlotKind, Record<string, string>> = {
  ps: {
    Bundle: `${SAS}BundleAgregateur`,
    Slot: `${SAS}FrSlotAgregateur`,
    Schedule: `${SAS}FrScheduleAgregateur`,
    Practitioner: `${SAS}FrPractitionerAgregateur`,
    PractitionerRole: `${SAS}FrPractitionerRoleExerciceAgregateur`,
    Location: `${SAS}FrLocationAgregateur`,
  },
  cpts: {
    Bundle: `${IG}sas-cpts-bundle-aggregator`,
    Slot: `${IG}sas-cpts-slot-aggregator`,
    Schedule: `${SAS}FrScheduleAgregateur`,
    Practitioner: `${SAS}FrPractitionerAgregateur`,
    PractitionerRole: `${SAS}FrPractitionerRoleExerciceAgregateur`,
    Location: `${SAS}FrLocationAgregateur`,
    HealthcareService: `${IG}sas-cpts-healthcareservice-aggregator`,
    Organization: `${IG}sas-cpts-organization-aggregator`,
  },
  sos: {
    Bundle: `${IG}sas-sos-bundle-aggregator`,
    Slot: `${IG}sas-sos-slot-aggregator`,
    Schedule: `${IG}sas-sos-schedule-aggregator`,
    Location: `${IG}sas-sos-location-aggregator`,
    Organization: `${IG}sas-sos-organization-aggregator`,
  },
};

/** A CPTS response may mix plain PS slots (no CPTS type) in: their profile is the PS one. */
export const ALSO_ACCEPTED_PROFILES: Partial<Record<SlotKind, Record<string, string[]>>> = {
  cpts: { Slot: [`${SAS}FrSlotAgregateur`], Bundle: [`${SAS}BundleAgregateur`] },
};

/** Past this, the SAS stops waiting and ignores the answer (Annexes, performance). */
export const SAS_TIMEOUT_MS = 7000;
