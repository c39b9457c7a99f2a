// The console API: every operation the UI can ask for, declared once. Both transports (Electron IPC
// and loopback HTTP) parse inputs with these schemas before the handler runs.
import { z } from 'zod';
import { APPOINTMENT_CATEGORIES, FHIR_APPOINTMENT_STATUSES } from '../fhir/ig';
import type {
  AppointmentDetail,
  AppointmentRow,
  AppointmentStats,
  DemoResult,
  ExchangeDetail,
  ExchangeSummary,
  ExportJob,
  SystemInfo,
} from './types';
import type { Settings } from './settings';
import { type ConnectionTest, editorInputSchema, type EditorView } from './editor-types';
import { type EditorResultDetail, type RunComparison, slotSearchInputSchema, type SlotRunView } from './slot-types';
import { settingsUpdateSchema } from './settings';
import { type AuditEntry, auditFilterSchema } from './audit-types';
import type { StoreCheck } from './types';
import { OPERATION_NAMES, type OperationName as DeclaredName } from './operations';
import {
  type AccountMatrix,
  accountActionSchema,
  type AccountPlan,
  type QualificationRun,
  type RegulatorDetail,
  regulatorFilterSchema,
  type RegulatorImportPreview,
  type RegulatorRow,
} from './regulator-api';
import { regulatorInputSchema, type Regulator } from '../regulators/regulator-types';
import {
  type DirectoryEntry,
  directoryEntryInputSchema,
  directoryFilterSchema,
  type DirectoryImportPreview,
  DIRECTORY_KINDS,
  hubConnectionInputSchema,
  type HubConnectionTest,
  type HubConnectionView,
  type HubOrphan,
  type HubStatus,
  type RetryPlan,
  type RouteExplanation,
  routeInputSchema,
  type RouteRule,
  type TransmissionDetail,
  transmissionFilterSchema,
  type TransmissionList,
  transmissionSelectionSchema,
} from './hub-api';

const isoInstant = z.iso.datetime({ offset: true });

export const appointmentSortFields = [
  'start', 'created', 'status', 'category', 'practitioner', 'organisation', 'regulator', 'editor', 'identifier',
  'versions', 'lastReceived',
] as const;
export type AppointmentSortField = (typeof appointmentSortFields)[number];

export const appointmentFilterSchema = z.strictObject({
  startFrom: isoInstant.optional(),
  startTo: isoInstant.optional(),
  status: z.array(z.enum(FHIR_APPOINTMENT_STATUSES)).max(10).optional(),
  category: z.array(z.enum(APPOINTMENT_CATEGORIES as ['PS', 'CPTS', 'SOS'])).max(3).optional(),
  editor: z.array(z.string().min(1).max(200)).max(50).optional(),
  text: z.string().trim().max(200).optional(),
});
export type AppointmentFilter = z.infer<typeof appointmentFilterSchema>;

export const sortSchema = z.strictObject({
  field: z.enum(appointmentSortFields),
  dir: z.enum(['asc', 'desc']),
});
export type AppointmentSort = z.infer<typeof sortSchema>;

export const journalFilterSchema = z.strictObject({
  direction: z.enum(['inbound', 'outbound']).optional(),
  peer: z.string().max(200).optional(),
  status: z.enum(['2xx', '4xx', '5xx', 'refused']).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  appointmentId: z.string().max(100).optional(),
  /** Operation prefix: `regulator.` lists every INT_R02 attempt. */
  operation: z.string().max(100).optional(),
  outcome: z.enum(['ok', 'failed', 'pending', 'unknown']).optional(),
  link: z
    .strictObject({
      kind: z.enum(['appointment', 'regulator', 'account', 'editor', 'slot-run', 'transmission', 'qualification']),
      ref: z.string().min(1).max(300),
    })
    .optional(),
});
export type JournalFilter = z.infer<typeof journalFilterSchema>;

const appointmentId = z.string().min(1).max(64);
/** A CSV file of up to 8 MiB, base64 (the transports carry JSON). */
const csvBase64 = z.string().min(1).max(12_000_000).regex(/^[A-Za-z0-9+/=\s]+$/, 'contenu base64 attendu');

/** `op<Result>()(inputSchema)`: curried so the schema's type is inferred while the result is named. */
function op<R>() {
  return <I extends z.ZodType>(input: I) => ({ input, result: undefined as unknown as R });
}

export const contract = {
  'system.info': op<SystemInfo>()(z.strictObject({})),
  'appointments.list': op<AppointmentRow[]>()(
    z.strictObject({
      filter: appointmentFilterSchema,
      sort: sortSchema,
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(500),
    }),
  ),
  'appointments.count': op<number>()(z.strictObject({ filter: appointmentFilterSchema })),
  'appointments.editors': op<string[]>()(z.strictObject({})),
  'appointments.get': op<AppointmentDetail | null>()(z.strictObject({ id: appointmentId })),
  'appointments.version': op<{ resource: unknown } | null>()(
    z.strictObject({ id: appointmentId, version: z.number().int().min(1) }),
  ),
  'appointments.stats': op<AppointmentStats>()(z.strictObject({ filter: appointmentFilterSchema })),
  'exports.start': op<ExportJob>()(
    z.strictObject({ format: z.enum(['csv', 'ndjson']), filter: appointmentFilterSchema, sort: sortSchema }),
  ),
  'exports.status': op<ExportJob | null>()(z.strictObject({ id: z.string().uuid() })),
  'journal.list': op<{ rows: ExchangeSummary[]; total: number }>()(
    z.strictObject({
      filter: journalFilterSchema,
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(500),
    }),
  ),
  'journal.get': op<ExchangeDetail | null>()(z.strictObject({ id: z.number().int().min(1) })),
  'settings.get': op<Settings>()(z.strictObject({})),
  'settings.update': op<Settings>()(settingsUpdateSchema),
  'audit.list': op<{ rows: AuditEntry[]; total: number }>()(
    z.strictObject({ filter: auditFilterSchema, offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(500) }),
  ),
  'store.check': op<StoreCheck>()(z.strictObject({})),
  'demo.load': op<DemoResult>()(z.strictObject({ count: z.number().int().min(1).max(5000) })),
  'demo.editors': op<{ registered: number }>()(z.strictObject({})),
  'editors.list': op<EditorView[]>()(z.strictObject({})),
  'editors.save': op<EditorView>()(editorInputSchema),
  'editors.remove': op<boolean>()(z.strictObject({ id: z.string().uuid() })),
  'editors.test': op<ConnectionTest>()(z.strictObject({ id: z.string().uuid() })),
  'editors.vault': op<{ canSeal: boolean }>()(z.strictObject({})),
  'slots.search': op<SlotRunView>()(slotSearchInputSchema),
  'slots.run': op<SlotRunView | null>()(z.strictObject({ id: z.string().uuid() })),
  'slots.runs': op<SlotRunView[]>()(z.strictObject({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(200) })),
  'slots.result': op<EditorResultDetail | null>()(z.strictObject({ runId: z.string().uuid(), editorId: z.string().uuid() })),
  'slots.rerun': op<SlotRunView>()(z.strictObject({ id: z.string().uuid() })),
  'slots.cancel': op<boolean>()(z.strictObject({ id: z.string().uuid() })),
  'slots.compare': op<RunComparison>()(z.strictObject({ a: z.string().uuid(), b: z.string().uuid() })),
  'slots.export': op<unknown>()(z.strictObject({ id: z.string().uuid() })),
  'regulators.list': op<{ rows: RegulatorRow[]; total: number }>()(
    z.strictObject({ filter: regulatorFilterSchema, offset: z.number().int().min(0).max(1_000_000), limit: z.number().int().min(1).max(500) }),
  ),
  'regulators.get': op<RegulatorDetail | null>()(z.strictObject({ technicalId: z.string().uuid() })),
  'regulators.save': op<Regulator>()(regulatorInputSchema.extend({ confirmRevocation: z.boolean().optional() })),
  'regulators.importPreview': op<RegulatorImportPreview>()(z.strictObject({ csvBase64: csvBase64 })),
  'regulators.import': op<{ created: number; updated: number; unchanged: number }>()(z.strictObject({ csvBase64: csvBase64 })),
  'regulators.export': op<{ fileName: string; csv: string }>()(z.strictObject({ filter: regulatorFilterSchema })),
  'regulators.login': op<{ regulators: number; enqueued: number; unknown: string[] }>()(
    z.strictObject({ technicalIds: z.array(z.string().trim().toLowerCase().uuid()).min(1).max(5000) }),
  ),
  'accounts.matrix': op<AccountMatrix>()(
    z.strictObject({ filter: regulatorFilterSchema, offset: z.number().int().min(0).max(1_000_000), limit: z.number().int().min(1).max(500) }),
  ),
  'accounts.plan': op<AccountPlan>()(accountActionSchema),
  'accounts.act': op<AccountPlan & { enqueued: number }>()(accountActionSchema),
  'qualification.start': op<QualificationRun>()(
    z.strictObject({
      editorId: z.string().uuid(),
      /** A national id the editor's recette accepts for the IDNPS steps (throwaway, as in the kit's inputs). */
      nationalId: z.string().trim().regex(/^[0-9A-Za-z/]{6,40}$/).optional(),
      email: z.string().trim().max(200).optional(),
    }),
  ),
  'qualification.runs': op<QualificationRun[]>()(z.strictObject({ editorId: z.string().uuid().optional() })),
  'qualification.get': op<QualificationRun | null>()(z.strictObject({ id: z.string().uuid() })),
  /** A run for a support ticket: every step with the journalled requests and responses. */
  'qualification.export': op<unknown>()(z.strictObject({ id: z.string().uuid() })),
  'hub.status': op<HubStatus>()(z.strictObject({})),
  'hub.connection': op<HubConnectionView | null>()(z.strictObject({})),
  'hub.saveConnection': op<HubConnectionView>()(z.strictObject({ connection: hubConnectionInputSchema })),
  /** Tests the saved connection: TLS, SASL EXTERNAL, passive checks of `hubsante` and of the SAS queues. */
  'hub.test': op<HubConnectionTest>()(z.strictObject({})),
  'hub.orphans': op<{ rows: HubOrphan[]; total: number }>()(
    z.strictObject({ offset: z.number().int().min(0).max(1_000_000), limit: z.number().int().min(1).max(500) }),
  ),
  'routes.list': op<RouteRule[]>()(z.strictObject({})),
  'routes.save': op<RouteRule>()(z.strictObject({ route: routeInputSchema })),
  'routes.remove': op<boolean>()(z.strictObject({ id: z.number().int().min(1) })),
  /** Where an appointment goes (or would go), and why. */
  'routes.explain': op<RouteExplanation | null>()(z.strictObject({ appointmentId })),
  'directory.list': op<{ rows: DirectoryEntry[]; total: number }>()(
    z.strictObject({ filter: directoryFilterSchema, offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(500) }),
  ),
  'directory.save': op<DirectoryEntry>()(z.strictObject({ entry: directoryEntryInputSchema })),
  'directory.remove': op<boolean>()(z.strictObject({ kind: z.enum(DIRECTORY_KINDS), id: z.string().min(1).max(20) })),
  'directory.importPreview': op<DirectoryImportPreview>()(z.strictObject({ csvBase64 })),
  'directory.import': op<{ created: number; updated: number }>()(
    z.strictObject({ csvBase64, fileName: z.string().trim().min(1).max(255).optional() }),
  ),
  'directory.export': op<{ fileName: string; csv: string }>()(z.strictObject({ filter: directoryFilterSchema })),
  'transmissions.list': op<TransmissionList>()(
    z.strictObject({ filter: transmissionFilterSchema, offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(500) }),
  ),
  'transmissions.get': op<TransmissionDetail | null>()(z.strictObject({ appointmentId })),
  /** What a retry of this selection would send (per SAMU, already acknowledged ones), for the confirmation. */
  'transmissions.plan': op<RetryPlan>()(z.strictObject({ selection: transmissionSelectionSchema })),
  'transmissions.retry': op<RetryPlan & { queued: number }>()(z.strictObject({ selection: transmissionSelectionSchema })),
  /** A log package (console-schema SQLite + manifest + hashes) of the appointments the filter selects, written to the exports folder. */
  'packages.export': op<{ file: string; counts: Record<string, number> }>()(z.strictObject({ filter: appointmentFilterSchema })),
} as const satisfies Record<DeclaredName, { input: z.ZodType; result: unknown }>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type OperationInput<N extends OperationName> = z.infer<Contract[N]['input']>;
export type OperationResult<N extends OperationName> = Contract[N]['result'];
/** Derived from the declared operations (operations.ts); `satisfies` above and this check keep both in step. */
export const operationNames: OperationName[] = OPERATION_NAMES satisfies readonly OperationName[];

/** Error codes a handler may return; the renderer translates them (errors.<code>). */
export type ApiErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'unavailable'
  | 'conflict'
  | 'internal'
  | 'forbidden'
  /** A security-relevant change: `details.changes` lists them; resend with `confirmSecurityChanges: true`. */
  | 'confirmation-required';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: unknown };
}
