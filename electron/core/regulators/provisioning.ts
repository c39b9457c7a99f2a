import type { Db } from '../store/database';
import type { Topic } from '../../../shared/api/events';
import { type Failure, failure } from '../../../shared/api/failure';
import type { AccountAction, AccountPlan, AccountState } from '../../../shared/api/regulator-api';
import { isBlocking } from '../../../shared/diagnostics/diagnostic';
import { buildPractitionerRegul, validatePractitionerRegul } from '../../../shared/regulators/practitioner-regul';
import { identifierToken, primaryIdentifier, type Regulator } from '../../../shared/regulators/regulator-types';
import type { EditorResponse } from '../editors/editor-client';
import type { EditorRecord, EditorStore } from '../editors/editor-store';
import type { EditorFhirClient } from '../editors/fhir-client';
import type { Job, JobOutcome, JobQueue, Worker, WorkerContext } from '../jobs/job-queue';
import { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy } from '../jobs/retry-policy';
import { journalHeaders } from '../journal/header-masking';
import type { JournalStore } from '../journal/journal-store';
import { outboundCompletion } from '../journal/outbound-completion';
import { type AccountRecord, accountState, type RegulatorStore } from './regulator-store';
import { operationOutcomeText } from './operation-outcome-text';

export const PROVISION_JOB = 'regulator.provision';

export interface ProvisionPayload {
  regulatorId: string;
  editorId: string;
  /** Why it was asked: shown in the journal's correlation and the audit trail. */
  reason: 'login' | 'operator' | 'revocation' | 'retry';
}

export interface ProvisioningOptions {
  /** Requests in flight per editor: a slow editor only slows its own accounts. */
  perEditor: number;
  /** Requests in flight over all editors. */
  total: number;
  maxAttempts: number;
  retry: RetryPolicy;
}

/** Twelve attempts with a back-off growing from 2 s to 30 min: about four hours before an operator must step in. */
export const DEFAULT_PROVISIONING: ProvisioningOptions = { perEditor: 4, total: 64, maxAttempts: 12, retry: DEFAULT_RETRY };

/** Revocations overtake creates and updates waiting in an editor's queue. */
const REVOCATION_PRIORITY = 10;

const FHIR_JSON = 'application/fhir+json';

export function accountKey(regulatorId: string, editorId: string): string {
  return `${regulatorId}|${editorId}`;
}

/** A 409, or a 4xx whose OperationOutcome says `duplicate`: the editor already holds an account with this identifier. */
export function isDuplicateRefusal(status: number | null, body: string | null): boolean {
  if (status === 409) return true;
  if (status === null || status < 400 || status >= 500 || !body) return false;
  try {
    const oo = JSON.parse(body) as { resourceType?: string; issue?: { code?: string }[] };
    return oo.resourceType === 'OperationOutcome' && !!oo.issue?.some((i) => i.code === 'duplicate');
  } catch {
    return false;
  }
}

type Step = { method: 'POST' | 'PUT'; query: string | null; operation: string };

interface Deps {
  db: Db;
  regulators: RegulatorStore;
  editors: EditorStore;
  client: EditorFhirClient;
  journal: JournalStore;
  jobs: JobQueue;
  emit: (topic: Topic, id?: string) => void;
  options?: Partial<ProvisioningOptions>;
}

/**
 * INT_R02 as the IG says it: the registry is the desired state, each editor's acknowledgement the observed one.
 * Creates are POST, everything else a conditional PUT on the identifier the editor knows; a request whose
 * outcome is unknown leaves a doubt that turns the next create into a conditional PUT, never a second POST;
 * a duplicate refusal is reconciled by a conditional PUT. Every attempt is journalled before it leaves.
 */
export class ProvisioningService {
  readonly options: ProvisioningOptions;

  constructor(private readonly deps: Deps) {
    this.options = { ...DEFAULT_PROVISIONING, ...deps.options };
  }

  /** Editors that receive regulator accounts: enabled, with the INT_R02 flow. */
  targetEditors(): EditorRecord[] {
    return this.deps.editors.list().filter((e) => e.enabled && e.flows.includes('regulators'));
  }

  worker(): Worker<ProvisionPayload> {
    return {
      kind: PROVISION_JOB,
      perLane: this.options.perEditor,
      total: this.options.total,
      maxAttempts: this.options.maxAttempts,
      retry: this.options.retry,
      leaseMs: 120_000,
      run: (job, ctx) => this.run(job, ctx),
      settled: (job) => this.deps.emit('accounts', job.payload.regulatorId),
    };
  }

  /** The body a regulator is sent as, and whether it may be sent (blocking FrPractitionerRegul diagnostics). */
  body(r: Regulator) {
    const body = buildPractitionerRegul(r);
    const diagnostics = validatePractitionerRegul(body);
    return { body, diagnostics, sendable: !diagnostics.some(isBlocking) };
  }

  /**
   * What must go to an editor for an account, or null when nothing: an inactive regulator never created there
   * needs no request; an account in sync needs none unless `force`.
   */
  private needs(r: Regulator, a: AccountRecord | null, action: AccountAction): boolean {
    const state = accountState(r, a);
    const known = !!(a?.sentIdentifier || a?.doubtIdentifier);
    if (!r.active && !known) return false;
    if (action === 'retry') return state === 'failing';
    if (action === 'revoke') return known && !(a?.sentActive === false && state === 'deactivated');
    return state !== 'in-sync' && state !== 'deactivated';
  }

  /**
   * Asks for accounts to be brought to the regulator's current state at the given editors (all INT_R02 editors by
   * default). In one transaction: the request is recorded on each account and its job queued.
   */
  request(regulators: readonly Regulator[], action: AccountAction, reason: ProvisionPayload['reason'], editorIds?: readonly string[], dryRun = false): AccountPlan & { enqueued: number } {
    const editors = this.targetEditors().filter((e) => !editorIds || editorIds.includes(e.id));
    const perEditor = new Map(editors.map((e) => [e.id, { editorId: e.id, editorName: e.name, requests: 0 }]));
    const plan = { action, regulators: 0, requests: 0, skipped: { invalid: 0, nothingToDo: 0 } };
    let enqueued = 0;
    const write = () => {
      for (const r of regulators) {
        if (!this.body(r).sendable) {
          plan.skipped.invalid++;
          continue;
        }
        let any = false;
        for (const e of editors) {
          const a = this.deps.regulators.account(r.technicalId, e.id);
          if (!this.needs(r, a, action)) continue;
          any = true;
          plan.requests++;
          perEditor.get(e.id)!.requests++;
          if (dryRun) continue;
          this.deps.regulators.requestSync(r.technicalId, e.id, r.revision);
          this.deps.jobs.enqueue<ProvisionPayload>(PROVISION_JOB, accountKey(r.technicalId, e.id), {
            lane: e.id,
            payload: { regulatorId: r.technicalId, editorId: e.id, reason },
            priority: action === 'revoke' || !r.active ? REVOCATION_PRIORITY : 0,
          });
          enqueued++;
        }
        if (any) plan.regulators++;
        else plan.skipped.nothingToDo++;
      }
    };
    if (dryRun) write();
    else this.deps.db.transaction(write)();
    if (enqueued) {
      for (const r of regulators) this.deps.emit('accounts', r.technicalId);
    }
    return { ...plan, perEditor: [...perEditor.values()].filter((p) => p.requests > 0), enqueued };
  }

  private async run(job: Job<ProvisionPayload>, ctx: WorkerContext): Promise<JobOutcome> {
    const { regulatorId, editorId } = job.payload;
    const r = this.deps.regulators.get(regulatorId);
    if (!r) return { kind: 'fail', failure: failure('regulator.unknown', false) };
    const editor = this.deps.editors.get(editorId);
    if (!editor) return { kind: 'fail', failure: failure('editor.unknown', false) };
    if (!editor.enabled || !editor.flows.includes('regulators')) {
      const f = failure('editor.disabled', false, { editor: editor.name });
      this.deps.regulators.failed(regulatorId, editorId, this.deps.regulators.account(regulatorId, editorId)?.doubtIdentifier ?? null, f);
      return { kind: 'fail', failure: f };
    }
    const account = this.deps.regulators.account(regulatorId, editorId);
    // The job may have been queued for an older revision that another job already delivered.
    if (account && account.sentRevision === r.revision && !account.failure && !account.doubtIdentifier) return { kind: 'done', result: { nothingToDo: true } };
    if (!r.active && !account?.sentIdentifier && !account?.doubtIdentifier) return { kind: 'done', result: { nothingToDo: true } };
    const { body, diagnostics, sendable } = this.body(r);
    if (!sendable) {
      const f = failure('regulator.invalid', false, { rules: diagnostics.filter(isBlocking).map((d) => d.ruleId).join(', ') });
      this.deps.regulators.failed(regulatorId, editorId, account?.doubtIdentifier ?? null, f);
      return { kind: 'fail', failure: f };
    }
    const desired = identifierToken(primaryIdentifier(r));
    const known = account?.sentIdentifier ?? account?.doubtIdentifier ?? null;
    const text = JSON.stringify(body);
    let step: Step = known
      ? { method: 'PUT', query: known, operation: this.operationOf(r, known, desired) }
      : { method: 'POST', query: null, operation: 'regulator.create' };
    let doubt = account?.doubtIdentifier ?? null;
    // At most three requests per attempt: the first, and the reconciliations a duplicate refusal calls for.
    for (let i = 0; i < 3; i++) {
      const sent = await this.send(job, i, editor, r, step, text, doubt, ctx.signal);
      doubt = sent.doubt;
      const res = sent.response;
      if (res.status !== null && res.status >= 200 && res.status < 300) {
        const answer = this.checkAnswer(step, res);
        this.deps.db.transaction(() => {
          this.deps.regulators.acknowledged(regulatorId, editorId, { revision: r.revision, identifier: desired, active: r.active, location: res.headers.location ?? null });
        })();
        this.deps.emit('accounts', regulatorId);
        return { kind: 'done', result: { status: res.status, warning: answer } };
      }
      if (isDuplicateRefusal(res.status, res.body)) {
        // The editor holds an account with the identifier we are sending: bring it to our state with a conditional PUT.
        if (step.method === 'POST' || step.query !== desired) {
          step = { method: 'PUT', query: desired, operation: this.operationOf(r, desired, desired) };
          continue;
        }
        return this.failWith(regulatorId, editorId, doubt, failure('editor.duplicate', false, { status: res.status ?? 0, detail: operationOutcomeText(res.body) }));
      }
      return this.outcomeOf(regulatorId, editorId, doubt, res);
    }
    return this.failWith(regulatorId, editorId, doubt, failure('editor.duplicate', false, { detail: 'reconciliation' }));
  }

  private operationOf(r: Regulator, query: string, desired: string): string {
    if (!r.active) return 'regulator.revoke';
    return query !== desired ? 'regulator.identifier-change' : 'regulator.update';
  }

  /** A 2xx that does not look like the IG's answer is still a success; what differs is kept as a warning. */
  private checkAnswer(step: Step, res: EditorResponse): string | null {
    if (step.method === 'POST' && res.status !== 201) return `POST answered ${res.status} (201 expected)`;
    if (step.method === 'POST' && !res.headers.location) return 'no Location header';
    return null;
  }

  /** Journals the attempt, records the doubt, sends, and completes the journal entry. */
  private async send(
    job: Job<ProvisionPayload>,
    index: number,
    editor: EditorRecord,
    r: Regulator,
    step: Step,
    text: string,
    previousDoubt: string | null,
    signal: AbortSignal,
  ): Promise<{ response: EditorResponse; doubt: string | null }> {
    const base = editor.baseUrl.replace(/\/+$/, '');
    const url = step.query ? `${base}/Practitioner?identifier=${encodeURIComponent(step.query)}` : `${base}/Practitioner`;
    const desired = identifierToken(primaryIdentifier(r));
    // While the request is out, the editor may come to know the account by the identifier we send.
    const doubtDuring = previousDoubt ?? (step.method === 'POST' ? desired : step.query);
    const atUtc = Date.now();
    const account = `${r.technicalId}|${editor.id}`;
    const exchangeId = this.deps.db.transaction(() => {
      const id = this.deps.journal.record({
        atUtc,
        direction: 'outbound',
        channel: 'editor-regulators',
        peer: editor.name,
        clientSubject: null,
        method: step.method,
        url,
        status: null,
        durationMs: null,
        requestHeaders: journalHeaders({ accept: editor.accept, 'content-type': FHIR_JSON }),
        requestBody: text,
        responseHeaders: {},
        responseBody: null,
        appointmentId: null,
        operation: step.operation,
        correlationId: `job-${job.id}.${job.attempts}.${index + 1}`,
        outcome: 'pending',
        links: [
          { kind: 'regulator', ref: r.technicalId },
          { kind: 'account', ref: account },
          { kind: 'editor', ref: editor.id },
        ],
      });
      this.deps.regulators.beforeSend(r.technicalId, editor.id, doubtDuring, id, atUtc);
      return id;
    })();
    this.deps.emit('journal');
    const response = await this.deps.client.request(editor, { method: step.method, url, body: text, signal });
    const answered = response.status !== null;
    // Only a definite refusal (a 4xx answer) proves the request changed nothing; anything else may have been applied.
    const definiteRefusal = answered && response.status! >= 400 && response.status! < 500;
    const doubt = !response.requestSent || definiteRefusal ? previousDoubt : doubtDuring;
    this.deps.journal.complete(exchangeId, outboundCompletion(response, this.deps.client.clientCertificate(editor)));
    return { response, doubt };
  }

  private outcomeOf(regulatorId: string, editorId: string, doubt: string | null, res: EditorResponse): JobOutcome {
    if (res.status === null) {
      const f = res.failure ?? failure('net.protocol', true);
      this.deps.regulators.failed(regulatorId, editorId, doubt, f);
      this.deps.emit('accounts', regulatorId);
      return f.retryable ? { kind: 'retry', failure: f } : { kind: 'fail', failure: f };
    }
    const status = res.status;
    const retryable = status >= 500 || status === 429 || status === 408 || status === 425;
    const f: Failure = failure('http.status', retryable, { status, detail: operationOutcomeText(res.body) });
    this.deps.regulators.failed(regulatorId, editorId, doubt, f);
    this.deps.emit('accounts', regulatorId);
    if (!retryable) return { kind: 'fail', failure: f };
    return { kind: 'retry', failure: f, retryAfterMs: parseRetryAfter(res.headers['retry-after'], Date.now()) };
  }

  private failWith(regulatorId: string, editorId: string, doubt: string | null, f: Failure): JobOutcome {
    this.deps.regulators.failed(regulatorId, editorId, doubt, f);
    this.deps.emit('accounts', regulatorId);
    return { kind: 'fail', failure: f };
  }

  /** States of every account of a regulator at the INT_R02 editors, with the work pending for each. */
  accountsOf(r: Regulator): { editor: EditorRecord; account: AccountRecord | null; state: AccountState; pending: Job<ProvisionPayload> | null }[] {
    return this.targetEditors().map((editor) => {
      const account = this.deps.regulators.account(r.technicalId, editor.id);
      const open = this.deps.jobs.open<ProvisionPayload>(PROVISION_JOB, accountKey(r.technicalId, editor.id));
      return { editor, account, state: accountState(r, account), pending: open[open.length - 1] ?? null };
    });
  }
}
