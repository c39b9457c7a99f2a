// What the console API says about the Hub Santé flow (INT_L02): the connection, where each appointment goes
// (routing), the practitioner and structure directory that fills the message, and the transmissions
// themselves with their attempts, acknowledgements and errors.
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { editorIdentityInputSchema } from './editor-types';
import type { CertificateInfo } from './editor-types';
import type { AppointmentVersionSummary, ExchangeSummary } from './types';
import type { Failure } from './failure';
import { SAMU_ID } from '../regulators/regulator-types';

/** The SAS platform's Hub client id: production, and every other environment (hub-sante.md §1.3). */
export const HUB_CLIENT_IDS = ['fr.health.ptfsas', 'fr.health.test.ptfsas'] as const;
/** A Hub client id in general (`fr.health.…`, as the certificate CN and the routing key). */
export const HUB_CLIENT_ID = /^fr\.health\.[a-z0-9._-]{2,80}$/;

// ---------------------------------------------------------------------------------------------------------
// Connection

export const hubConnectionInputSchema = z.strictObject({
  enabled: z.boolean(),
  /** `amqps://host:port/vhost` (the vhost URI-encoded). */
  url: z
    .string()
    .trim()
    .max(2000)
    .regex(/^amqps:\/\/[^/\s:]+(:\d{1,5})?\/[^\s/]+$/, 'adresse amqps://hôte:port/vhost attendue'),
  clientId: z.string().trim().regex(HUB_CLIENT_ID, 'identifiant client du Hub attendu (fr.health.ptfsas ou fr.health.test.ptfsas)'),
  /** The client certificate (PEM or PKCS#12) whose CN the broker maps to the user (SASL EXTERNAL). */
  identity: editorIdentityInputSchema.nullable(),
  /** Trusted CAs for the broker's certificate (PEM, one or more); the system store when null. */
  caPem: z.string().max(400_000).regex(/-----BEGIN CERTIFICATE-----/, 'certificat PEM attendu').nullable(),
  /** Off only for a test broker reached by another name than its certificate's. */
  verifyHostName: z.boolean(),
  /** A message without a final acknowledgement after this delay is shown as not delivered (DST §3.3.2). */
  unconfirmedAfterMinutes: z.number().int().min(1).max(24 * 60),
  /** `dateTimeExpires` = sent + this (the Hub caps queues at 24 h). */
  expiresAfterHours: z.number().int().min(1).max(24),
});
export type HubConnectionInput = z.infer<typeof hubConnectionInputSchema>;

export interface HubConnectionView {
  enabled: boolean;
  url: string;
  clientId: string;
  identity:
    | { kind: 'pem'; certificate: CertificateInfo | null; certPem: string; keyStore: 'os' | 'file'; keyFile: string | null }
    | { kind: 'pkcs12'; certificate: CertificateInfo | null; pfxStore: 'os' | 'file'; pfxFile: string | null; passphrase: 'os' | 'file' | null }
    | null;
  caPem: string | null;
  verifyHostName: boolean;
  unconfirmedAfterMinutes: number;
  expiresAfterHours: number;
  updatedUtc: number | null;
}

export interface HubCheck {
  /** tls, auth (SASL EXTERNAL), exchange (passive check of `hubsante`), queue:<name> (passive). */
  step: string;
  ok: boolean;
  detail: string | null;
  failure: Failure | null;
}

export interface HubConnectionTest {
  ok: boolean;
  durationMs: number;
  /** The broker's certificate as presented, and ours. */
  serverCertificate: { subject: string; issuer: string; validTo: string } | null;
  clientCertificate: { subject: string; issuer: string; validTo: string } | null;
  checks: HubCheck[];
}

export const HUB_LINK_STATES = ['disabled', 'connecting', 'connected', 'disconnected'] as const;
export type HubLinkState = (typeof HUB_LINK_STATES)[number];

export interface HubStatus {
  state: HubLinkState;
  url: string | null;
  clientId: string | null;
  since: number | null;
  /** Why the last connection failed or dropped. */
  failure: Failure | null;
  nextAttemptUtc: number | null;
  /** Messages published and not yet confirmed by the broker. */
  inFlight: number;
  /** Transmissions an operator should look at: blocked, failed, unconfirmed, refused. */
  attention: number;
  counts: Record<TransmissionState, number>;
  orphans: number;
}

// ---------------------------------------------------------------------------------------------------------
// Routing

export const ROUTE_KINDS = ['editor', 'department'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];
/** French department: 01–95, 2A, 2B, 971–976. */
export const DEPARTMENT = /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/;

export const routeInputSchema = z
  .strictObject({
    id: z.number().int().min(1).optional(),
    kind: z.enum(ROUTE_KINDS),
    /** The editor's name as appointments carry it, or a department code. */
    match: z.string().trim().min(1).max(200),
    samu: z.string().trim().regex(SAMU_ID, 'identifiant de SAMU attendu (fr.health.samuXXX)'),
    note: z.string().trim().max(500).nullable(),
  })
  .refine((r) => r.kind !== 'department' || DEPARTMENT.test(r.match.toUpperCase()), {
    message: 'département attendu (01 à 95, 2A, 2B, 971 à 976)',
    path: ['match'],
  });
export type RouteInput = z.infer<typeof routeInputSchema>;

export interface RouteRule {
  id: number;
  kind: RouteKind;
  match: string;
  samu: string;
  note: string | null;
  updatedUtc: number;
}

/** Why an appointment goes (or would go) to a SAMU, step by step, in the order the console decides. */
export interface RouteExplanation {
  appointmentId: string;
  samu: string | null;
  /** editor-override, department-override, regulator, none. */
  decidedBy: 'editor-override' | 'department-override' | 'regulator' | 'none';
  steps: { rule: 'editor-override' | 'department-override' | 'regulator'; matched: boolean; detail: Record<string, string> }[];
  blocked: BlockReason[];
}

// ---------------------------------------------------------------------------------------------------------
// Directory of practitioners and structures

export const DIRECTORY_KINDS = ['practitioner', 'organization'] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];
export const DIRECTORY_SOURCES = ['slots', 'csv', 'operator'] as const;
export type DirectorySource = (typeof DIRECTORY_SOURCES)[number];
export const DIRECTORY_FIELDS = ['name', 'firstName', 'specialtyCode', 'professionCode', 'postalCode'] as const;
export type DirectoryField = (typeof DIRECTORY_FIELDS)[number];

export const directoryEntryInputSchema = z.strictObject({
  kind: z.enum(DIRECTORY_KINDS),
  /** Prefixed national id: 8+RPPS (practitioner); 3+SIRET or 1+FINESS (organization). */
  id: z.string().trim().regex(/^(8\d{11}|3\d{14}|1\d{9})$/, 'identifiant national préfixé attendu (8+RPPS, 3+SIRET, 1+FINESS)'),
  name: z.string().trim().min(1).max(200).nullable(),
  firstName: z.string().trim().min(1).max(200).nullable(),
  /** TRE_R38 code (e.g. SM54). */
  specialtyCode: z.string().trim().regex(/^[A-Z0-9]{1,10}$/, 'code TRE_R38 attendu (ex. SM54)').nullable(),
  /** TRE_G15 code (e.g. 10 for a physician). */
  professionCode: z.string().trim().regex(/^[0-9]{1,4}$/, 'code TRE_G15 attendu (ex. 10)').nullable(),
  postalCode: z.string().trim().regex(/^\d{5}$/, 'code postal à 5 chiffres attendu').nullable(),
});
export type DirectoryEntryInput = z.infer<typeof directoryEntryInputSchema>;

export interface DirectoryValueSource {
  source: DirectorySource;
  /** Editor name for `slots`, file name for `csv`, operator name for `operator`. */
  detail: string | null;
  atUtc: number;
}

export interface DirectoryEntry {
  kind: DirectoryKind;
  id: string;
  name: string | null;
  firstName: string | null;
  specialtyCode: string | null;
  professionCode: string | null;
  postalCode: string | null;
  /** Where each value came from, and when. */
  sources: Partial<Record<DirectoryField, DirectoryValueSource>>;
  updatedUtc: number;
}

export const directoryFilterSchema = z.strictObject({
  kind: z.enum(DIRECTORY_KINDS).optional(),
  text: z.string().trim().max(200).optional(),
});
export type DirectoryFilter = z.infer<typeof directoryFilterSchema>;

export interface DirectoryImportPreview {
  rows: number;
  valid: number;
  /** Per row (1-based line numbers of the file), in French. */
  errors: { line: number; message: string }[];
  creates: number;
  updates: number;
}

// ---------------------------------------------------------------------------------------------------------
// Transmissions

export const TRANSMISSION_STATES = ['queued', 'blocked', 'published', 'acknowledged', 'failed', 'unconfirmed'] as const;
export type TransmissionState = (typeof TRANSMISSION_STATES)[number];

/** What stops a transmission before anything is published; each has a fix the page words. */
export const BLOCK_CODES = [
  'regulator.missing',
  'regulator.unknown',
  'regulator.no-email',
  'regulator.no-name',
  'route.none',
  'practitioner.unknown',
  'organization.unknown',
  'appointment.no-start',
  'appointment.status',
  'message.invalid',
] as const;
export type BlockCode = (typeof BLOCK_CODES)[number];
export interface BlockReason {
  code: BlockCode;
  params?: Record<string, string | number>;
}

/**
 * How an error message is to be handled: our message was wrong (fix, then retry), not delivered in time
 * (retry), routing (the recipient is unknown to the Hub), already at the LRM (counted as delivered), a
 * functional refusal by the LRM, or anything else the Hub reports.
 */
export const HUB_ERROR_CLASSES = ['fix-message', 'retry', 'routing', 'already-there', 'refused', 'hub'] as const;
export type HubErrorClass = (typeof HUB_ERROR_CLASSES)[number];

export interface HubErrorView {
  code: number;
  statusString: string;
  cause: string;
  class: HubErrorClass;
  /** `fr.health.hub` for the Hub's own errors, the LRM's id for functional ones. */
  sender: string;
}

export const ATTEMPT_STATES = ['pending', 'published', 'acknowledged', 'failed', 'lost', 'unconfirmed', 'nacked'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export interface TransmissionRow {
  /** The console's appointment id, also the RS-SAS-RDV `appointmentId`. */
  appointmentId: string;
  /** The editor's identifier of the appointment. */
  appointmentIdentifier: string;
  editor: string;
  appointmentStatus: string;
  appointmentStartUtc: number | null;
  state: TransmissionState;
  /** Waiting for the broker's confirm of an attempt. */
  inFlight: boolean;
  samu: string | null;
  /** Latest accepted version, and the version the last attempt carried. */
  wantedVersion: number;
  sentVersion: number | null;
  method: 'CreateAppointment' | 'UpdateAppointment' | null;
  attempts: number;
  lastDistributionId: string | null;
  blocked: BlockReason[];
  error: HubErrorView | null;
  ack: { step: string | null; refused: boolean | null } | null;
  /** Messages the LRM may have received twice (a confirm lost with the connection). */
  possibleDuplicates: number;
  updatedUtc: number;
  publishedUtc: number | null;
  acknowledgedUtc: number | null;
}

export interface TransmissionAttempt {
  id: number;
  distributionId: string;
  version: number;
  method: 'CreateAppointment' | 'UpdateAppointment';
  samu: string;
  state: AttemptState;
  /** Why it was made: new version, operator retry (with who), recovery after a lost confirm. */
  reason: 'version' | 'retry' | 'recovery' | 'sequence';
  operator: string | null;
  createdUtc: number;
  publishedUtc: number | null;
  outcomeUtc: number | null;
  /** The EDXL-DE envelope as sent. */
  envelope: unknown;
  /** The final ack or error message as received. */
  response: unknown | null;
  error: HubErrorView | null;
  ack: { step: string | null; refused: boolean | null } | null;
  exchangeId: number | null;
}

export interface TransmissionDetail {
  row: TransmissionRow;
  attempts: TransmissionAttempt[];
  versions: AppointmentVersionSummary[];
  exchanges: ExchangeSummary[];
  route: RouteExplanation;
  /** The message the console would send now (or why not), with its own schema check. */
  preview: { envelope: unknown | null; diagnostics: Diagnostic[] };
}

const isoInstant = z.iso.datetime({ offset: true });

export const transmissionFilterSchema = z.strictObject({
  states: z.array(z.enum(TRANSMISSION_STATES)).max(6).optional(),
  samu: z.string().trim().regex(SAMU_ID).optional(),
  errorCode: z.number().int().min(0).max(99_999).optional(),
  errorClass: z.enum(HUB_ERROR_CLASSES).optional(),
  /** Last change of the transmission within [from, to). */
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  /** Console id or editor identifier of the appointment (exact), a part of it, or the distributionID of any attempt. */
  appointment: z.string().trim().max(200).optional(),
  /** Only those an operator should look at: blocked, failed, unconfirmed, or acknowledged as refused. */
  attention: z.boolean().optional(),
  editor: z.string().trim().max(200).optional(),
});
export type TransmissionFilter = z.infer<typeof transmissionFilterSchema>;

export const transmissionSelectionSchema = z.union([
  z.strictObject({ appointmentIds: z.array(z.string().min(1).max(64)).min(1).max(10_000) }),
  z.strictObject({ filter: transmissionFilterSchema }),
]);
export type TransmissionSelection = z.infer<typeof transmissionSelectionSchema>;

export interface TransmissionList {
  rows: TransmissionRow[];
  total: number;
  /** Per state over the whole filter (the state filter itself aside). */
  counts: Record<TransmissionState, number>;
}

/** What a retry would send, before the operator confirms it. */
export interface RetryPlan {
  total: number;
  bySamu: { samu: string | null; count: number }[];
  /** Already acknowledged by their LRM: a retry sends them again. */
  acknowledged: number;
  /** Blocked ones are re-checked, not sent as they are. */
  blocked: number;
  /** In flight now: left alone. */
  inFlight: number;
}

export interface HubOrphan {
  id: number;
  receivedUtc: number;
  queue: string;
  /** ack, error, or unreadable. */
  kind: 'ack' | 'error' | 'unreadable';
  /** The distributionID it refers to, when it could be read. */
  reference: string | null;
  reason: string;
  body: string;
}
