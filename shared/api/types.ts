import type { Failure } from './failure';
import type { SecurityChange } from './audit-types';
import type { Finding } from '../fhir/findings';
import type { AppointmentCategory } from '../fhir/ig';

/** One row of the appointments list: the browse fields of the latest version. */
export interface AppointmentRow {
  id: string;
  identifierSystem: string;
  identifierValue: string;
  status: string;
  category: AppointmentCategory;
  profile: string;
  startRaw: string | null;
  startUtc: number | null;
  endRaw: string | null;
  createdRaw: string | null;
  createdUtc: number | null;
  practitionerId: string | null;
  organisationId: string | null;
  regulatorId: string | null;
  editor: string;
  /** Who may write and read it through the gateway: `editor:<id>`, `cert:<sha256>`, `anonymous`, or null (older). */
  owner: string | null;
  versions: number;
  lastReceivedUtc: number;
}

export interface AppointmentVersionSummary {
  version: number;
  receivedUtc: number;
  receivedRaw: string;
  editor: string;
  profile: string;
  status: string | null;
  startRaw: string | null;
  endRaw: string | null;
  practitionerId: string | null;
  findings: Finding[];
  exchangeId: number | null;
}

export interface AppointmentDetail {
  row: AppointmentRow;
  versions: AppointmentVersionSummary[];
  exchanges: ExchangeSummary[];
}

export interface ExchangeSummary {
  id: number;
  atUtc: number;
  direction: 'inbound' | 'outbound';
  channel: string;
  peer: string | null;
  clientSubject: string | null;
  method: string | null;
  url: string | null;
  status: number | null;
  durationMs: number | null;
  appointmentId: string | null;
  /** Why it was refused before or beside HTTP (`tls:untrusted`, `editor-unknown`, `not-owner`…), else null. */
  refusal: string | null;
  protocol: 'http' | 'amqp';
  /** What the exchange did, e.g. `regulator.create`, `regulator.update`, `slots.search`, `appointment.ingest`. */
  operation: string | null;
  /** Ties a request to its answer or acknowledgement (an attempt id, a Hub distributionID). */
  correlationId: string | null;
  /** ok, failed, pending (sent, no answer yet), unknown (sent, the answer never came). */
  outcome: ExchangeOutcome | null;
  failure: Failure | null;
}

export type ExchangeOutcome = 'ok' | 'failed' | 'pending' | 'unknown';

/** An object an exchange concerns: the journal lists exchanges per object, and each exchange links back. */
export interface ExchangeLink {
  kind: 'appointment' | 'regulator' | 'account' | 'editor' | 'slot-run' | 'transmission' | 'qualification';
  ref: string;
}

export interface ExchangeDetail extends ExchangeSummary {
  atRaw: string;
  clientIssuer: string | null;
  clientFingerprint: string | null;
  /** When retention dropped the bodies of this refused request. */
  bodyPurgedUtc: number | null;
  requestHeaders: Record<string, string> | null;
  requestBody: string | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  /** Versions this exchange produced (appointment id and version). */
  producedVersions: { appointmentId: string; version: number }[];
  links: ExchangeLink[];
  timings: { connectMs: number | null; tlsMs: number | null; firstByteMs: number | null; totalMs: number } | null;
  /** Outbound TLS: protocol, the client certificate we presented, the server's certificate. */
  tls: Record<string, unknown> | null;
}

export interface DayCount {
  day: string;
  key: string;
  count: number;
}

export interface AppointmentStats {
  byStatus: DayCount[];
  byCategory: DayCount[];
  total: number;
}

export interface StoreCheck {
  ok: boolean;
  problems: string[];
  durationMs: number;
  atUtc: number;
}

export interface ReviewInfo {
  file: string;
  /** From the package's manifest; null for a plain store copied by hand (nothing to check it against). */
  exported: { by: string; atUtc: number; console: string; productVersion: string; counts: Record<string, number> } | null;
  /** intact: every table matches the manifest; altered: these tables changed after export; no-manifest. */
  integrity: { verdict: 'intact' | 'altered' | 'no-manifest'; altered: string[] };
}

export interface SystemInfo {
  productVersion: string;
  /** Review mode: the log package read (read-only: every command is refused), who exported it, and its integrity. */
  review: ReviewInfo | null;
  host: 'desktop' | 'headless';
  dataDir: string;
  /** Who the audit trail records for this console's actions. */
  operator: string;
  gateway: {
    listening: boolean;
    url: string | null;
    mtls: boolean;
    error: string | null;
    /** The host's command line fixes the listener (address, TLS): settings cannot change it. */
    pinned: boolean;
    connections: number;
    /** Since start: TLS handshakes refused (untrusted, expired, revoked, no certificate, weak protocol). */
    refusedHandshakes: number;
    /** Since start: connections closed at once by the connection caps. */
    refusedConnections: number;
  };
  igPackage: { dir: string | null; loaded: boolean; profiles: number; error: string | null };
  store: {
    file: string;
    /** Set while writes fail for lack of disk space; cleared by the next successful write. */
    diskFullSinceUtc: number | null;
    /** Exchanges answered but not journalled (disk full) since start. */
    unjournalled: number;
    lastCheck: StoreCheck | null;
  };
  /** Security-relevant settings in force (confirmed by an operator), shown in the status bar. */
  security: SecurityChange[];
}

export interface ExportJob {
  id: string;
  format: 'csv' | 'ndjson';
  state: 'running' | 'done' | 'failed';
  rowsWritten: number;
  rowsTotal: number;
  fileName: string;
  error: string | null;
}

export interface DemoResult {
  posted: number;
  accepted: number;
  rejected: number;
}
