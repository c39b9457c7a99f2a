import type { Db } from '../store/database';
import type { Failure } from '../../../shared/api/failure';
import { failure } from '../../../shared/api/failure';
import { DEFAULT_RETRY, type RetryPolicy, retryDelay } from './retry-policy';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Job<P = unknown> {
  id: number;
  kind: string;
  key: string;
  lane: string;
  priority: number;
  payload: P;
  state: JobState;
  /** Attempts started so far, this one included while running. */
  attempts: number;
  maxAttempts: number;
  nextAttemptUtc: number;
  lastFailure: Failure | null;
  result: unknown;
  createdUtc: number;
  updatedUtc: number;
  finishedUtc: number | null;
}

/** How an attempt ended, as the worker sees it. */
export type JobOutcome =
  | { kind: 'done'; result?: unknown }
  /** Try again later (after back-off, or after the server's Retry-After). */
  | { kind: 'retry'; failure: Failure; retryAfterMs?: number | null }
  /** Trying again will not help until someone changes something: the job waits for an operator. */
  | { kind: 'fail'; failure: Failure };

export interface WorkerContext {
  signal: AbortSignal;
  /** Keeps the lease of a long job (an export) alive. */
  heartbeat(): void;
}

export interface Worker<P = unknown> {
  kind: string;
  /** Jobs of one lane (one editor) in flight at once: a slow lane never takes the others' turns. */
  perLane: number;
  /** Jobs of this kind in flight at once, all lanes together. */
  total: number;
  maxAttempts: number;
  retry?: RetryPolicy;
  leaseMs?: number;
  run(job: Job<P>, ctx: WorkerContext): Promise<JobOutcome>;
  /**
   * Told when a job ends for good (done, failed, cancelled, or interrupted past its attempts), so the domain
   * can record it; runs in the same transaction as the job's own update.
   */
  settled?(job: Job<P>, outcome: JobOutcome | { kind: 'cancelled' }): void;
}

export interface EnqueueOptions<P> {
  lane?: string;
  payload: P;
  priority?: number;
  delayMs?: number;
  maxAttempts?: number;
}

interface Row {
  id: number;
  kind: string;
  key: string;
  lane: string;
  priority: number;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  next_attempt_utc: number;
  lease_owner: string | null;
  lease_until_utc: number | null;
  last_failure: string | null;
  result: string | null;
  created_utc: number;
  updated_utc: number;
  finished_utc: number | null;
}

function toJob<P>(r: Row): Job<P> {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    lane: r.lane,
    priority: r.priority,
    payload: JSON.parse(r.payload) as P,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptUtc: r.next_attempt_utc,
    lastFailure: r.last_failure ? (JSON.parse(r.last_failure) as Failure) : null,
    result: r.result ? JSON.parse(r.result) : null,
    createdUtc: r.created_utc,
    updatedUtc: r.updated_utc,
    finishedUtc: r.finished_utc,
  };
}

export interface JobQueueOptions {
  /** Who holds the leases: one id per process start. */
  owner: string;
  now?: () => number;
  random?: () => number;
  /** Told of every change of state (event stream). */
  onChange?: (job: Pick<Job, 'id' | 'kind' | 'key' | 'state'>) => void;
}

const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Durable background work on SQLite. A job is a row: queued, running (leased by this process), then done,
 * failed (waiting for an operator) or cancelled. Enqueuing a key that is already queued updates that job
 * (requests coalesce); a key is never run twice at once. Jobs a dead process left running are taken again
 * at start. Workers run per kind, with a concurrency budget per lane and in all.
 */
export class JobQueue {
  private readonly workers = new Map<string, Worker<never>>();
  /** Lanes that may have due work, per kind: claims only look there (no scan of the whole table). */
  private readonly activeLanes = new Map<string, Set<string>>();
  private readonly inFlight = new Map<string, { total: number; lanes: Map<string, number> }>();
  private readonly running = new Map<number, AbortController>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly stmts;
  private started = false;
  private stopping = false;
  private pumpScheduled = false;
  /** Which lane goes first at the next pump (round robin). */
  private turn = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;

  constructor(
    private readonly db: Db,
    private readonly options: JobQueueOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.stmts = {
      upsert: db.prepare(`INSERT INTO jobs (kind, key, lane, priority, payload, state, max_attempts, next_attempt_utc, created_utc, updated_utc)
        VALUES (@kind, @key, @lane, @priority, @payload, 'queued', @maxAttempts, @next, @now, @now)
        ON CONFLICT (kind, key) WHERE state = 'queued' DO UPDATE SET payload = excluded.payload,
          priority = max(priority, excluded.priority), next_attempt_utc = min(next_attempt_utc, excluded.next_attempt_utc),
          lane = excluded.lane, updated_utc = excluded.updated_utc
        RETURNING id`),
      claim: db.prepare(`UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = @owner,
          lease_until_utc = @until, updated_utc = @now
        WHERE id IN (SELECT j.id FROM jobs j WHERE j.state = 'queued' AND j.kind = @kind AND j.lane = @lane
          AND j.next_attempt_utc <= @now
          AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.state = 'running' AND r.kind = j.kind AND r.key = j.key)
          ORDER BY j.priority DESC, j.next_attempt_utc LIMIT @limit)
        RETURNING *`),
      get: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      finish: db.prepare(`UPDATE jobs SET state = @state, result = @result, last_failure = @failure, lease_owner = NULL,
        lease_until_utc = NULL, updated_utc = @now, finished_utc = @now WHERE id = @id`),
      requeue: db.prepare(`UPDATE jobs SET state = 'queued', next_attempt_utc = @next, last_failure = @failure,
        lease_owner = NULL, lease_until_utc = NULL, updated_utc = @now WHERE id = @id`),
      queuedFor: db.prepare("SELECT id FROM jobs WHERE kind = ? AND key = ? AND state = 'queued'"),
      heartbeat: db.prepare('UPDATE jobs SET lease_until_utc = ? WHERE id = ? AND state = \'running\''),
      dueLanes: db.prepare("SELECT DISTINCT kind, lane FROM jobs INDEXED BY jobs_next WHERE state = 'queued' AND next_attempt_utc <= ?"),
      // INDEXED BY: left to itself the planner reads every queued row through jobs_by_state.
      nextDue: db.prepare("SELECT next_attempt_utc AS at FROM jobs INDEXED BY jobs_next WHERE state = 'queued' ORDER BY next_attempt_utc LIMIT 1"),
      latest: db.prepare('SELECT * FROM jobs WHERE kind = ? AND key = ? ORDER BY id DESC LIMIT 1'),
      open: db.prepare("SELECT * FROM jobs WHERE kind = ? AND key = ? AND state IN ('queued', 'running') ORDER BY id"),
      due: db.prepare("SELECT 1 FROM jobs INDEXED BY jobs_next WHERE state = 'queued' AND next_attempt_utc <= ? LIMIT 1"),
      dueKind: db.prepare("SELECT 1 FROM jobs WHERE state = 'queued' AND kind = ? AND next_attempt_utc <= ? LIMIT 1"),
    };
  }

  register<P>(worker: Worker<P>): void {
    this.workers.set(worker.kind, worker as Worker<never>);
    this.inFlight.set(worker.kind, { total: 0, lanes: new Map() });
    this.activeLanes.set(worker.kind, new Set());
  }

  /**
   * Puts a job in the queue, or updates the one already queued for this key (its payload is replaced, it
   * runs no later than asked). Safe inside a caller's transaction: the job exists if and only if it commits.
   */
  enqueue<P>(kind: string, key: string, o: EnqueueOptions<P>): number {
    const worker = this.workers.get(kind);
    const now = this.now();
    const next = now + (o.delayMs ?? 0);
    const lane = o.lane ?? '';
    const { id } = this.stmts.upsert.get({
      kind,
      key,
      lane,
      priority: o.priority ?? 0,
      payload: JSON.stringify(o.payload),
      maxAttempts: o.maxAttempts ?? worker?.maxAttempts ?? 10,
      next,
      now,
    }) as { id: number };
    this.options.onChange?.({ id, kind, key, state: 'queued' });
    if (next <= now) {
      this.activeLanes.get(kind)?.add(lane);
      this.schedulePump();
    } else this.armTimer(next);
    return id;
  }

  get<P = unknown>(id: number): Job<P> | null {
    const r = this.stmts.get.get(id) as Row | undefined;
    return r ? toJob<P>(r) : null;
  }

  /** The most recent job for a key, whatever its state. */
  latest<P = unknown>(kind: string, key: string): Job<P> | null {
    const r = this.stmts.latest.get(kind, key) as Row | undefined;
    return r ? toJob<P>(r) : null;
  }

  /** Queued or running jobs of a key. */
  open<P = unknown>(kind: string, key: string): Job<P>[] {
    return (this.stmts.open.all(kind, key) as Row[]).map((r) => toJob<P>(r));
  }

  /**
   * Jobs a process that died left 'running' (this process holds the data folder's lock, so none of them is
   * alive). Each is queued again, unless its attempts are used up (then failed as interrupted) or a newer
   * request for its key is already queued (then that one does the work).
   */
  recover(): { requeued: number; failed: number; superseded: number } {
    const now = this.now();
    const rows = this.db.prepare("SELECT * FROM jobs WHERE state = 'running'").all() as Row[];
    let requeued = 0;
    let failed = 0;
    let superseded = 0;
    const interrupted = failure('job.interrupted', true);
    this.db.transaction(() => {
      for (const r of rows) {
        const job = toJob(r);
        const queued = this.stmts.queuedFor.get(r.kind, r.key) as { id: number } | undefined;
        if (queued) {
          this.stmts.finish.run({ id: r.id, state: 'cancelled', result: JSON.stringify({ supersededBy: queued.id }), failure: JSON.stringify(interrupted), now });
          superseded++;
        } else if (r.attempts >= r.max_attempts) {
          this.stmts.finish.run({ id: r.id, state: 'failed', result: null, failure: JSON.stringify(interrupted), now });
          this.workers.get(r.kind)?.settled?.(job as Job<never>, { kind: 'fail', failure: interrupted });
          failed++;
        } else {
          this.stmts.requeue.run({ id: r.id, next: now, failure: JSON.stringify(interrupted), now });
          requeued++;
        }
      }
    })();
    return { requeued, failed, superseded };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.refreshDueLanes();
    this.schedulePump();
  }

  /** Stops claiming; running attempts are aborted and queued again (their outcome is for the worker to note). */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running.size === 0) return;
    // Only what runs matters now: queued work waits in the table for the next start.
    const drained = new Promise<void>((resolve) => {
      const check = () => (this.running.size === 0 ? resolve() : this.idleWaiters.push(check));
      check();
    });
    await Promise.race([drained, new Promise<void>((r) => setTimeout(r, graceMs).unref())]);
    for (const c of this.running.values()) c.abort();
    await Promise.race([drained, new Promise<void>((r) => setTimeout(r, graceMs).unref())]);
  }

  /** Cancels the queued jobs of a key and aborts its running one; true when there was something to cancel. */
  cancel(kind: string, key: string): boolean {
    const jobs = this.open(kind, key);
    const now = this.now();
    for (const j of jobs) {
      if (j.state === 'running') this.running.get(j.id)?.abort();
      else {
        this.db.transaction(() => {
          this.stmts.finish.run({ id: j.id, state: 'cancelled', result: null, failure: null, now });
          this.workers.get(kind)?.settled?.(j as Job<never>, { kind: 'cancelled' });
        })();
        this.options.onChange?.({ id: j.id, kind, key, state: 'cancelled' });
      }
    }
    return jobs.length > 0;
  }

  /** Failed jobs queued again now, with a fresh budget of attempts. */
  retryFailed(ids: readonly number[]): number {
    const now = this.now();
    let n = 0;
    const stmt = this.db.prepare(`UPDATE jobs SET state = 'queued', attempts = 0, next_attempt_utc = @now, lease_owner = NULL,
      finished_utc = NULL, updated_utc = @now WHERE id = @id AND state = 'failed'
      AND NOT EXISTS (SELECT 1 FROM jobs q WHERE q.state = 'queued' AND q.kind = jobs.kind AND q.key = jobs.key) RETURNING kind, key, lane`);
    this.db.transaction(() => {
      for (const id of ids) {
        const r = stmt.get({ id, now }) as { kind: string; key: string; lane: string } | undefined;
        if (!r) continue;
        n++;
        this.activeLanes.get(r.kind)?.add(r.lane);
        this.options.onChange?.({ id, kind: r.kind, key: r.key, state: 'queued' });
      }
    })();
    if (n) this.schedulePump();
    return n;
  }

  /** Resolves when nothing is running and nothing is due (tests, CLI, benchmarks): woken by completions, not polled. */
  whenIdle(kind?: string): Promise<void> {
    const idle = () => {
      if (kind && !this.workers.has(kind)) return true;
      // Checked at every completion: what is in memory first, the table only once nothing runs.
      if (kind ? (this.inFlight.get(kind)?.total ?? 0) > 0 : this.running.size > 0) return false;
      const due = kind ? this.stmts.dueKind.get(kind, this.now()) : this.stmts.due.get(this.now());
      return due === undefined;
    };
    if (idle()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (idle()) resolve();
        else this.idleWaiters.push(check);
      };
      this.idleWaiters.push(check);
    });
  }

  private notifyIdleWaiters(): void {
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  private schedulePump(): void {
    if (!this.started || this.stopping || this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private armTimer(at: number): void {
    if (!this.started || this.stopping || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      // A timer may fire a little before the wall clock says `at` (the two clocks round differently): the job it
      // was armed for is due now all the same, and the lanes and the claims must agree on one instant, or the job
      // is found "not due" by one and "due, no timer needed" by the other, and waits for ever.
      const now = Math.max(this.now(), at);
      this.refreshDueLanes(now);
      this.pump(now);
    }, Math.max(0, at - this.now()));
    this.timer.unref();
  }

  private refreshDueLanes(now = this.now()): void {
    for (const r of this.stmts.dueLanes.all(now) as { kind: string; lane: string }[]) this.activeLanes.get(r.kind)?.add(r.lane);
  }

  private pump(at?: number): void {
    if (!this.started || this.stopping) return;
    // One instant for every claim and for the timer: a job that becomes due while the pump runs is either
    // claimed or covered by the timer, never lost between the two (its lane is dropped only after a claim at `now`).
    const now = Math.max(at ?? 0, this.now());
    for (const [kind, worker] of this.workers) {
      const flight = this.inFlight.get(kind)!;
      const lanes = this.activeLanes.get(kind)!;
      if (lanes.size === 0 || worker.total - flight.total <= 0) continue;
      // Lanes take turns, starting one further at each pump, and first get a fair share of the free slots: when
      // the overall cap binds, the last editors in line are not starved by the first ones.
      const list = [...lanes];
      const start = this.turn++ % list.length;
      const order = [...list.slice(start), ...list.slice(0, start)];
      const share = Math.max(1, Math.ceil((worker.total - flight.total) / order.length));
      for (const pass of [share, Infinity]) {
        for (const lane of order) {
          if (!lanes.has(lane)) continue;
          const free = Math.min(worker.perLane - (flight.lanes.get(lane) ?? 0), worker.total - flight.total, pass);
          if (free <= 0) continue;
          const rows = this.stmts.claim.all({ owner: this.options.owner, until: now + (worker.leaseMs ?? DEFAULT_LEASE_MS), now, kind, lane, limit: free }) as Row[];
          // Fewer than asked: nothing more is due in this lane until an enqueue, a completion or the timer says so.
          if (rows.length < free) lanes.delete(lane);
          for (const r of rows) this.launch(worker, toJob<never>(r));
        }
        if (worker.total - flight.total <= 0) break;
      }
    }
    const next = (this.stmts.nextDue.get() as { at: number } | undefined)?.at ?? null;
    if (next !== null && next > now) this.armTimer(next);
    this.notifyIdleWaiters();
  }

  private launch(worker: Worker<never>, job: Job<never>): void {
    const flight = this.inFlight.get(worker.kind)!;
    flight.total++;
    flight.lanes.set(job.lane, (flight.lanes.get(job.lane) ?? 0) + 1);
    const controller = new AbortController();
    this.running.set(job.id, controller);
    this.options.onChange?.({ id: job.id, kind: job.kind, key: job.key, state: 'running' });
    const leaseMs = worker.leaseMs ?? DEFAULT_LEASE_MS;
    const ctx: WorkerContext = {
      signal: controller.signal,
      heartbeat: () => this.stmts.heartbeat.run(this.now() + leaseMs, job.id),
    };
    let outcome: Promise<JobOutcome>;
    try {
      outcome = worker.run(job, ctx);
    } catch (e) {
      outcome = Promise.resolve({ kind: 'retry', failure: failure('internal', true, { detail: (e as Error).message }) });
    }
    void outcome
      .catch((e: unknown): JobOutcome => ({ kind: 'retry', failure: failure('internal', true, { detail: (e as Error).message }) }))
      .then((o) => {
        try {
          this.settle(worker, job, o, controller.signal.aborted && this.stopping);
        } finally {
          this.running.delete(job.id);
          flight.total--;
          const n = (flight.lanes.get(job.lane) ?? 1) - 1;
          if (n <= 0) flight.lanes.delete(job.lane);
          else flight.lanes.set(job.lane, n);
          this.activeLanes.get(worker.kind)!.add(job.lane);
          this.schedulePump();
          this.notifyIdleWaiters();
        }
      });
  }

  private settle(worker: Worker<never>, job: Job<never>, o: JobOutcome, stoppedByShutdown: boolean): void {
    const now = this.now();
    let state: JobState;
    this.db.transaction(() => {
      if (o.kind === 'done') {
        state = 'done';
        this.stmts.finish.run({ id: job.id, state, result: o.result === undefined ? null : JSON.stringify(o.result), failure: null, now });
        worker.settled?.(job, o);
        return;
      }
      if (o.kind === 'fail') {
        state = 'failed';
        this.stmts.finish.run({ id: job.id, state, result: null, failure: JSON.stringify(o.failure), now });
        worker.settled?.(job, o);
        return;
      }
      // A newer request for the same key is already queued: it will do the work with the latest data.
      const queued = this.stmts.queuedFor.get(job.kind, job.key) as { id: number } | undefined;
      if (queued) {
        state = 'cancelled';
        this.stmts.finish.run({ id: job.id, state, result: JSON.stringify({ supersededBy: queued.id }), failure: JSON.stringify(o.failure), now });
        return;
      }
      // A shutdown does not use up an attempt's budget: the job runs again at the next start.
      if (job.attempts >= job.maxAttempts && !stoppedByShutdown) {
        state = 'failed';
        this.stmts.finish.run({ id: job.id, state, result: null, failure: JSON.stringify(o.failure), now });
        worker.settled?.(job, { kind: 'fail', failure: o.failure });
        return;
      }
      state = 'queued';
      const next = stoppedByShutdown ? now : now + retryDelay(worker.retry ?? DEFAULT_RETRY, job.attempts, this.random, o.retryAfterMs);
      this.stmts.requeue.run({ id: job.id, next, failure: JSON.stringify(o.failure), now });
      this.armTimer(next);
    })();
    this.options.onChange?.({ id: job.id, kind: job.kind, key: job.key, state: state! });
  }
}
