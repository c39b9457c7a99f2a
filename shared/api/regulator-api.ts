// What the console API says about regulators and their accounts at editors (INT_R02).
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { JsonObject } from '../fhir/json';
import type { Regulator } from '../regulators/regulator-types';
import { SAMU_ID } from '../regulators/regulator-types';
import type { Failure } from './failure';
import type { ExchangeSummary } from './types';

/**
 * Where a regulator's account stands at one editor: never sent (nobody asked yet), to create / to update (the
 * editor does not know the current state yet), in sync, deactivated (the editor acknowledged active=false), or
 * failing (the last attempt failed: see its failure and the next attempt).
 */
export const ACCOUNT_STATES = ['never-sent', 'to-create', 'to-update', 'in-sync', 'deactivated', 'failing'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export interface AccountView {
  regulatorId: string;
  editorId: string;
  editorName: string;
  state: AccountState;
  /** Revision of the regulator the editor acknowledged, and the identifier it knows the account by. */
  sentRevision: number | null;
  sentIdentifier: string | null;
  sentActive: boolean | null;
  editorLocation: string | null;
  /** A request went out and its outcome is unknown: the next one is a conditional PUT. */
  inDoubt: boolean;
  attempts: number;
  lastAttemptUtc: number | null;
  lastExchangeId: number | null;
  failure: Failure | null;
  /** Work queued or running for this account, and when the next attempt is due. */
  pending: { state: 'queued' | 'running'; nextAttemptUtc: number } | null;
}

export interface RegulatorRow extends Regulator {
  /** Blocking FrPractitionerRegul diagnostics: such a regulator is never sent. */
  blocking: number;
  states: Partial<Record<AccountState, number>>;
}

export interface RegulatorDetail {
  regulator: Regulator;
  diagnostics: Diagnostic[];
  /** The body editors receive (or would receive) for this regulator. */
  body: JsonObject;
  accounts: AccountView[];
  exchanges: ExchangeSummary[];
}

export const regulatorFilterSchema = z.strictObject({
  text: z.string().trim().max(200).optional(),
  samu: z.string().trim().regex(SAMU_ID).optional(),
  active: z.boolean().optional(),
  /** Regulators with at least one account in one of these states (at `editorId` when given). */
  states: z.array(z.enum(ACCOUNT_STATES)).max(6).optional(),
  editorId: z.string().uuid().optional(),
});
export type RegulatorFilter = z.infer<typeof regulatorFilterSchema>;

export interface MatrixEditor {
  id: string;
  name: string;
  environment: string;
  enabled: boolean;
}

export interface MatrixCell {
  state: AccountState;
  failure: Failure | null;
  nextAttemptUtc: number | null;
}

export interface AccountMatrix {
  editors: MatrixEditor[];
  rows: { regulator: Regulator; blocking: number; cells: Record<string, MatrixCell> }[];
  total: number;
  /** Accounts per state over the whole filter (not only this page). */
  counts: Partial<Record<AccountState, number>>;
}

export const ACCOUNT_ACTIONS = ['sync', 'revoke', 'retry'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export const accountTargetSchema = z.union([
  z.strictObject({ technicalIds: z.array(z.string().uuid()).min(1).max(5000) }),
  z.strictObject({ filter: regulatorFilterSchema }),
]);

export const accountActionSchema = z.strictObject({
  action: z.enum(ACCOUNT_ACTIONS),
  target: accountTargetSchema,
  /** Only these editors (all INT_R02 editors when absent). */
  editorIds: z.array(z.string().uuid()).max(200).optional(),
});
export type AccountActionInput = z.infer<typeof accountActionSchema>;

/** What an action would do, said before it is done: how many requests to which editors. */
export interface AccountPlan {
  action: AccountAction;
  regulators: number;
  requests: number;
  perEditor: { editorId: string; editorName: string; requests: number }[];
  /** Regulators left out, and why (invalid body, nothing to do). */
  skipped: { invalid: number; nothingToDo: number };
}

export interface RegulatorImportPreview {
  encoding: string;
  delimiter: string;
  headerErrors: string[];
  warnings: string[];
  rows: { line: number; action: 'create' | 'update' | 'unchanged' | 'error'; technicalId: string | null; label: string; errors: string[] }[];
  counts: { create: number; update: number; unchanged: number; error: number };
}

export const QUALIFICATION_VERDICTS = ['pass', 'fail', 'warning', 'skipped'] as const;
export type QualificationVerdict = (typeof QUALIFICATION_VERDICTS)[number];

export interface QualificationStep {
  /** The test kit's step (5.01 … 5.16) and what it checks. */
  id: string;
  title: string;
  optional: boolean;
  verdict: QualificationVerdict;
  expected: string;
  /** One line per request of the step: what was sent and what came back. */
  requests: { method: string; url: string; status: number | null; exchangeId: number | null; failure: Failure | null }[];
  detail: string | null;
}

export interface QualificationRun {
  id: string;
  editorId: string;
  editorName: string;
  baseUrl: string;
  startedUtc: number;
  finishedUtc: number | null;
  steps: QualificationStep[];
  summary: Partial<Record<QualificationVerdict, number>>;
}
