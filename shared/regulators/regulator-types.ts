// Regulators (SAS accounts): the console's own registry, provisioned at every editor by INT_R02 and used
// by the LRM flow (name, e-mail and SAMU of the regulator who booked an appointment).
import { z } from 'zod';
import { UUID } from '../domain/identifiers';

/** SAS technical id of a regulator (a UUID, type INTRN). */
export const SAS_TECHNICAL_ID_SYSTEM = 'urn:oid:1.2.250.1.213.3.6';
/** National id of a health professional (IDNPS: 8+RPPS, 0+ADELI, or a CPx card id such as 3456780581/11242343). */
export const NATIONAL_ID_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1';
export const FR_V2_0203 = 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203';
export const FR_PRACTITIONER_REGUL_PROFILE = 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul';
/** meta.source of every body the SAS sends (the SAS platform's OID). */
export const SAS_SOURCE = 'urn:oid:1.2.250.1.213.3.6';

/** Hub Santé client id of a SAMU (`fr.health.samu330`); the test hub prefixes `fr.health.test.`. */
export const SAMU_ID = /^fr\.health\.(test\.)?samu[0-9a-z]{2,6}$/;
/** Characters a national id may hold: digits, letters and the `/` of CPx ids. */
export const NATIONAL_ID = /^[0-9A-Za-z/]{6,40}$/;
/** Practical e-mail check (the editor's own rules decide beyond this). */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const regulatorInputSchema = z.strictObject({
  /** SAS technical id (UUID). Absent on create: the console generates one. Never changes afterwards. */
  technicalId: z.string().trim().toLowerCase().regex(UUID, 'UUID attendu').optional(),
  nationalId: z.string().trim().regex(NATIONAL_ID, 'identifiant national (IDNPS) attendu').nullable(),
  familyName: z.string().trim().min(1).max(200),
  givenName: z.string().trim().min(1).max(200),
  email: z.string().trim().max(320).regex(EMAIL, 'adresse e-mail attendue'),
  /** Habilitation: false revokes the regulator's accounts at every editor. */
  active: z.boolean(),
  samu: z.string().trim().regex(SAMU_ID, 'identifiant de SAMU attendu (fr.health.samuXXX)').nullable(),
});
export type RegulatorInput = z.infer<typeof regulatorInputSchema>;

/** A regulator as stored. `revision` grows with every change an editor must hear about. */
export interface Regulator {
  technicalId: string;
  nationalId: string | null;
  familyName: string;
  givenName: string;
  email: string;
  active: boolean;
  samu: string | null;
  revision: number;
  createdUtc: number;
  updatedUtc: number;
  /** Last time the SAS platform (or an operator) signalled a login. */
  lastLoginUtc: number | null;
}

/** The identifier an editor knows the account by: the national id when known, else the SAS technical id. */
export interface RegulatorIdentifier {
  system: typeof NATIONAL_ID_SYSTEM | typeof SAS_TECHNICAL_ID_SYSTEM;
  value: string;
}

export function primaryIdentifier(r: Pick<Regulator, 'technicalId' | 'nationalId'>): RegulatorIdentifier {
  return r.nationalId ? { system: NATIONAL_ID_SYSTEM, value: r.nationalId } : { system: SAS_TECHNICAL_ID_SYSTEM, value: r.technicalId };
}

/** `system|value`, the token of a FHIR `identifier` search (not yet URL-encoded). */
export function identifierToken(i: RegulatorIdentifier): string {
  return `${i.system}|${i.value}`;
}
