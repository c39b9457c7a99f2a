import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database';
import type {
  EditorResultDetail,
  EditorResultSummary,
  RunComparison,
  SlotChange,
  SlotRunView,
  SlotSearchInput,
  Verdict,
} from '../../../shared/api/slot-types';
import { analyzeSlotBundle, buildSlotTree } from '../../../shared/slots/analyze-slot-bundle';
import { buildSearchUrl } from '../../../shared/slots/search-request';
import type { SlotFinding } from '../../../shared/slots/slot-finding';
import type { SlotView } from '../../../shared/slots/slot-views';
import { slotFinding } from '../../../shared/slots/slot-finding';
import { ApiError } from '../api/api-error';
import type { EditorResponse } from '../editors/editor-client';
import type { EditorFhirClient } from '../editors/fhir-client';
import type { EditorRecord, EditorStore } from '../editors/editor-store';
import type { JournalStore } from '../journal/journal-store';
import { journalHeaders } from '../journal/header-masking';
import type { IgPackage } from '../validation/ig-validator';
import { profileFindings } from './profile-validation';
import type { Job, JobOutcome, JobQueue, Worker } from '../jobs/job-queue';
import type { Topic } from '../../../shared/api/events';
import { failure } from '../../../shared/api/failure';

export const SLOT_QUERY_JOB = 'slots.query';

interface SlotQueryPayload {
  runId: string;
  editorId: string;
  input: SlotSearchInput;
}

interface ResultRow {
  run_id: string;
  editor_id: string;
  editor_name: string;
  request_url: string;
  state: 'pending' | 'done';
  verdict: Verdict | null;
  http_status: number | null;
  timings: string | null;
  tls: string | null;
  error: string | null;
  findings: string | null;
  slots: string | null;
  slot_count: number | null;
  exchange_id: number | null;
}

interface RunRow {
  id: string;
  kind: 'ps' | 'cpts' | 'sos';
  ids: string;
  window_start: string;
  window_end: string;
  started_utc: number;
  finished_utc: number | null;
  rerun_of: string | null;
}

function verdictOf(response: EditorResponse, findings: SlotFinding[]): Verdict {
  if (response.error?.kind === 'timeout') return 'timeout';
  if (response.error) return 'unreachable';
  if (findings.some((f) => f.severity === 'error' || f.severity === 'fatal')) return 'errors';
  return findings.some((f) => f.severity === 'warning') ? 'warnings' : 'ok';
}

/**
 * Slot searches as the SAS makes them: the same request to every selected editor at once, each with its own
 * deadline and cancellation; each answer is analysed and stored as soon as it arrives, so a slow editor never
 * holds back the others. Runs are kept for re-running, comparing and exporting.
 */
export class SlotSearchService {
  /** Callers waiting for a run to finish (CLI, tests, benchmarks): resolved when its last editor is done. */
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly db: Db,
    private readonly editors: EditorStore,
    private readonly journal: JournalStore,
    private readonly client: EditorFhirClient,
    private readonly jobs: JobQueue,
    private readonly emit: (topic: Topic, id?: string) => void,
    private readonly ig: () => IgPackage | null = () => null,
    /** Told of every answer's bundle, so that the practitioner and structure directory learns from it. */
    private readonly learn: (bundle: unknown, editorName: string) => void = () => undefined,
  ) {}

  /**
   * One job per editor queried, on the durable queue: a search the console was killed in the middle of is
   * taken up again at the next start (a GET may be repeated), and never stays "en attente" for ever.
   */
  worker(): Worker<SlotQueryPayload> {
    return {
      kind: SLOT_QUERY_JOB,
      perLane: 4,
      total: 64,
      maxAttempts: 2,
      leaseMs: 60_000,
      run: (job, ctx) => this.runJob(job, ctx.signal),
      settled: (job, outcome) => {
        if (outcome.kind === 'done') return;
        // Cancelled, or interrupted past its attempts: the editor's result says so rather than staying pending.
        const aborted = outcome.kind === 'cancelled';
        this.db.prepare(`UPDATE slot_run_results SET state = 'done', verdict = 'unreachable', error = ? WHERE run_id = ? AND editor_id = ? AND state = 'pending'`).run(
          JSON.stringify({ kind: 'aborted', code: null, message: aborted ? 'Requête annulée.' : "Recherche interrompue (arrêt de la console) : relancez-la." }),
          job.payload.runId,
          job.payload.editorId,
        );
        this.finishIfDone(job.payload.runId);
      },
    };
  }

  private async runJob(job: Job<SlotQueryPayload>, signal: AbortSignal): Promise<JobOutcome> {
    const { runId, editorId, input } = job.payload;
    const editor = this.editors.get(editorId);
    if (!editor) return { kind: 'fail', failure: failure('editor.unknown', false) };
    await this.queryOne(runId, input, editor, signal);
    this.finishIfDone(runId);
    return { kind: 'done' };
  }

  private finishIfDone(runId: string): void {
    const done = this.db
      .prepare(`UPDATE slot_runs SET finished_utc = ? WHERE id = ? AND finished_utc IS NULL
        AND NOT EXISTS (SELECT 1 FROM slot_run_results WHERE run_id = ? AND state = 'pending')`)
      .run(Date.now(), runId, runId).changes > 0;
    this.emit('slot-runs', runId);
    if (done) for (const w of this.waiters.get(runId)?.splice(0) ?? []) w();
  }

  /** Editors a search goes to: the selected ones, or all enabled editors serving the flow. */
  private targets(input: SlotSearchInput): EditorRecord[] {
    const all = this.editors.list();
    const chosen = input.editorIds?.length ? all.filter((e) => input.editorIds!.includes(e.id)) : all.filter((e) => e.enabled && e.flows.includes(input.kind));
    if (chosen.length === 0) {
      throw new ApiError('invalid-input', `Aucun éditeur actif ne sert le flux ${input.kind.toUpperCase()} : ajoutez-en un dans Paramètres → Éditeurs, ou activez-le.`);
    }
    return chosen;
  }

  start(input: SlotSearchInput, rerunOf: string | null = null): SlotRunView {
    const editors = this.targets(input);
    const id = randomUUID();
    const window = { start: input.windowStart, end: input.windowEnd };
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO slot_runs (id, kind, ids, window_start, window_end, started_utc, rerun_of)
        VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, input.kind, JSON.stringify(input.ids), input.windowStart, input.windowEnd, Date.now(), rerunOf);
      for (const e of editors) {
        this.db.prepare(`INSERT INTO slot_run_results (run_id, editor_id, editor_name, request_url, state) VALUES (?, ?, ?, ?, 'pending')`)
          .run(id, e.id, e.name, buildSearchUrl({ kind: input.kind, base: e.baseUrl, ids: input.ids, window, count: input.count }));
        // Every editor at once (its own lane): a slow editor never holds back the others.
        this.jobs.enqueue<SlotQueryPayload>(SLOT_QUERY_JOB, `${id}|${e.id}`, { lane: e.id, payload: { runId: id, editorId: e.id, input } });
      }
    })();
    this.emit('slot-runs', id);
    return this.run(id)!;
  }

  cancel(id: string): boolean {
    const run = this.run(id);
    if (!run || run.finishedUtc) return false;
    let any = false;
    for (const r of run.results) if (r.state === 'pending') any = this.jobs.cancel(SLOT_QUERY_JOB, `${id}|${r.editorId}`) || any;
    return any;
  }

  /** Resolves when every editor of the run has answered (or failed); for the CLI, tests and benchmarks. */
  settled(id: string): Promise<SlotRunView> {
    return new Promise((resolve) => {
      const done = () => resolve(this.run(id)!);
      if (this.run(id)?.finishedUtc) return done();
      const list = this.waiters.get(id) ?? [];
      list.push(done);
      this.waiters.set(id, list);
    });
  }

  private async queryOne(runId: string, input: SlotSearchInput, editor: EditorRecord, signal: AbortSignal): Promise<void> {
    const row = this.db.prepare('SELECT request_url FROM slot_run_results WHERE run_id = ? AND editor_id = ?').get(runId, editor.id) as { request_url: string };
    const atUtc = Date.now();
    const response: EditorResponse = await this.client.request(editor, { method: 'GET', url: row.request_url, signal });
    let findings: SlotFinding[] = [];
    let slots: SlotView[] = [];
    if (!response.error) {
      let json: unknown;
      try {
        json = response.body ? JSON.parse(response.body) : undefined;
      } catch (e) {
        findings.push(slotFinding('SLOT-NOT-JSON', 'error', 'Bundle', 'Bundle', { detail: (e as Error).message }));
      }
      if (findings.length === 0) {
        const analysis = analyzeSlotBundle(json, {
          kind: input.kind,
          requested: input.ids,
          window: { start: Date.parse(input.windowStart), end: Date.parse(input.windowEnd) },
          now: atUtc,
          responseTimeMs: response.timings.totalMs,
        });
        findings = analysis.findings;
        slots = analysis.slots;
        const ig = this.ig();
        if (ig) findings.push(...profileFindings(ig, input.kind, json));
        if (response.status !== null && response.status >= 200 && response.status <= 299) {
          try {
            this.learn(json, editor.name);
          } catch {
            // The directory is a by-product of the search: a failure to store it never fails the search.
          }
        }
      }
      if (response.status !== null && (response.status < 200 || response.status > 299)) {
        findings.unshift(slotFinding('SLOT-HTTP-STATUS', 'error', 'Bundle', 'Bundle', { status: response.status }));
      }
    }
    const verdict = verdictOf(response, findings);
    const exchangeId = this.journal.record({
      atUtc,
      direction: 'outbound',
      channel: `editor-slots:${input.kind}`,
      peer: editor.name,
      clientSubject: null,
      method: 'GET',
      url: row.request_url,
      status: response.status ?? 0,
      durationMs: response.timings.totalMs,
      requestHeaders: journalHeaders({ accept: editor.accept }),
      requestBody: null,
      responseHeaders: journalHeaders(response.headers),
      responseBody: response.body ?? (response.error ? response.error.message : null),
      appointmentId: null,
      operation: `slots.search.${input.kind}`,
      correlationId: runId,
      outcome: response.error ? 'failed' : 'ok',
      failure: response.failure,
      timings: response.timings,
      tls: response.tls ? { ...response.tls, clientCertificate: this.client.clientCertificate(editor), reusedConnection: response.reusedConnection } : null,
      links: [{ kind: 'slot-run', ref: runId }, { kind: 'editor', ref: editor.id }],
    });
    this.db.prepare(`UPDATE slot_run_results SET state = 'done', verdict = ?, http_status = ?, timings = ?, tls = ?, error = ?,
      findings = ?, slots = ?, slot_count = ?, exchange_id = ? WHERE run_id = ? AND editor_id = ?`).run(
      verdict, response.status, JSON.stringify(response.timings), JSON.stringify(response.tls), response.error ? JSON.stringify({ ...response.error, failure: response.failure }) : null,
      JSON.stringify(findings), JSON.stringify(slots), response.error ? null : slots.length, exchangeId, runId, editor.id,
    );
  }

  private summary(r: ResultRow): EditorResultSummary {
    const findings = r.findings ? (JSON.parse(r.findings) as SlotFinding[]) : [];
    return {
      editorId: r.editor_id,
      editorName: r.editor_name,
      requestUrl: r.request_url,
      state: r.state,
      verdict: r.verdict ?? 'pending',
      httpStatus: r.http_status,
      timings: r.timings ? JSON.parse(r.timings) : null,
      error: r.error ? JSON.parse(r.error) : null,
      slotCount: r.slot_count,
      errors: findings.filter((f) => f.severity === 'error' || f.severity === 'fatal').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      exchangeId: r.exchange_id,
    };
  }

  run(id: string): SlotRunView | null {
    const r = this.db.prepare('SELECT * FROM slot_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!r) return null;
    const results = this.db.prepare('SELECT * FROM slot_run_results WHERE run_id = ? ORDER BY editor_name').all(id) as ResultRow[];
    return {
      id: r.id,
      kind: r.kind,
      ids: JSON.parse(r.ids),
      windowStart: r.window_start,
      windowEnd: r.window_end,
      startedUtc: r.started_utc,
      finishedUtc: r.finished_utc,
      rerunOf: r.rerun_of,
      results: results.map((x) => this.summary(x)),
    };
  }

  runs(offset: number, limit: number): SlotRunView[] {
    const ids = this.db.prepare('SELECT id FROM slot_runs ORDER BY started_utc DESC LIMIT ? OFFSET ?').all(limit, offset) as { id: string }[];
    return ids.map((x) => this.run(x.id)!);
  }

  result(runId: string, editorId: string): EditorResultDetail | null {
    const r = this.db.prepare('SELECT * FROM slot_run_results WHERE run_id = ? AND editor_id = ?').get(runId, editorId) as ResultRow | undefined;
    if (!r) return null;
    const run = this.db.prepare('SELECT kind FROM slot_runs WHERE id = ?').get(runId) as { kind: 'ps' | 'cpts' | 'sos' };
    const slots = r.slots ? (JSON.parse(r.slots) as SlotView[]) : [];
    const exchange = r.exchange_id ? this.journal.get(r.exchange_id) : null;
    let decoded = r.request_url;
    try {
      decoded = decodeURIComponent(r.request_url);
    } catch {
      /* shown as sent */
    }
    return {
      ...this.summary(r),
      requestDecoded: decoded,
      tls: r.tls ? JSON.parse(r.tls) : null,
      responseBody: exchange?.responseBody ?? null,
      findings: r.findings ? JSON.parse(r.findings) : [],
      slots,
      tree: buildSlotTree({ kind: run.kind, slots }),
    };
  }

  rerun(id: string): SlotRunView {
    const r = this.run(id);
    if (!r) throw new ApiError('not-found', 'Recherche introuvable.');
    return this.start({ kind: r.kind, ids: r.ids, windowStart: r.windowStart, windowEnd: r.windowEnd, editorIds: r.results.map((x) => x.editorId) }, id);
  }

  /** Slots added, removed or changed per editor between two runs (a slot is its editor's Slot id). */
  compare(a: string, b: string): RunComparison {
    const ra = this.run(a);
    const rb = this.run(b);
    if (!ra || !rb) throw new ApiError('not-found', 'Recherche introuvable.');
    const editors = [...new Set([...ra.results, ...rb.results].map((x) => x.editorId))];
    return {
      a,
      b,
      editors: editors.map((editorId) => {
        const before = new Map((this.result(a, editorId)?.slots ?? []).map((s) => [s.key, s]));
        const after = new Map((this.result(b, editorId)?.slots ?? []).map((s) => [s.key, s]));
        const items: SlotChange[] = [];
        const label = (s: SlotView) => `${s.startRaw ?? '—'} ${s.ownerLabel}`;
        for (const [key, s] of after) {
          const old = before.get(key);
          if (!old) items.push({ key, kind: 'added', label: label(s) });
          else {
            const changes = (['startRaw', 'endRaw', 'types', 'consultation', 'appointmentType', 'bookingUrl', 'placeLabel'] as const)
              .filter((f) => JSON.stringify(old[f]) !== JSON.stringify(s[f]))
              .map((f) => `${f}: ${JSON.stringify(old[f])} → ${JSON.stringify(s[f])}`);
            if (changes.length) items.push({ key, kind: 'changed', label: label(s), changes });
          }
        }
        for (const [key, s] of before) if (!after.has(key)) items.push({ key, kind: 'removed', label: label(s) });
        const name = [...ra.results, ...rb.results].find((x) => x.editorId === editorId)!.editorName;
        return {
          editorId,
          editorName: name,
          added: items.filter((i) => i.kind === 'added').length,
          removed: items.filter((i) => i.kind === 'removed').length,
          changed: items.filter((i) => i.kind === 'changed').length,
          items,
        };
      }),
    };
  }

  /** Everything about a run, for a support ticket: inputs, and per editor the request, timing, response and diagnostics. */
  exportRun(id: string): unknown {
    const run = this.run(id);
    if (!run) throw new ApiError('not-found', 'Recherche introuvable.');
    return { ...run, results: run.results.map((r) => { const d = this.result(id, r.editorId)!; return { ...d, tree: undefined }; }) };
  }
}
