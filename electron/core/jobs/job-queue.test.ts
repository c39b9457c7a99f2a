import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../shared/api/failure';
import { migrate } from '../store/migrate';
import { type Job, type JobOutcome, JobQueue, type Worker } from './job-queue';
import { parseRetryAfter, retryDelay, DEFAULT_RETRY } from './retry-policy';

const queues: JobQueue[] = [];
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop(10);
});

function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

function queue(db: Database.Database, owner = 'test'): JobQueue {
  const q = new JobQueue(db, { owner });
  queues.push(q);
  return q;
}

/** A promise the test resolves by hand: lets a job hang until the test says so. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

const fastRetry = { baseMs: 5, factor: 2, capMs: 50, jitter: 0, maxRetryAfterMs: 1_000 };

function worker(kind: string, run: (job: Job<{ n: number }>) => Promise<JobOutcome>, extra: Partial<Worker<{ n: number }>> = {}): Worker<{ n: number }> {
  return { kind, perLane: 2, total: 10, maxAttempts: 3, retry: fastRetry, run, ...extra };
}

describe('retry policy', () => {
  it('grows exponentially up to the cap, with a random share taken off', () => {
    const p = { ...DEFAULT_RETRY, baseMs: 1_000, capMs: 8_000, jitter: 0.5 };
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelay(p, a, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(retryDelay(p, 3, () => 1)).toBe(2_000);
  });
  it("honours the server's Retry-After, as seconds or as a date, within a bound", () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(retryDelay(DEFAULT_RETRY, 1, () => 0, 120_000)).toBe(120_000);
    expect(retryDelay(DEFAULT_RETRY, 12, () => 0, 1_000)).toBe(1_000);
    expect(retryDelay({ ...DEFAULT_RETRY, maxRetryAfterMs: 60_000 }, 1, () => 0, 3_600_000)).toBe(60_000);
  });
});

describe('job queue', () => {
  it('runs queued jobs, never more per lane than allowed, and a slow lane does not hold the others', async () => {
    const db = memoryDb();
    const q = queue(db);
    const slow = gate();
    const perLane = new Map<string, number>();
    let maxSlow = 0;
    const done: string[] = [];
    q.register(
      worker('t', async (job) => {
        perLane.set(job.lane, (perLane.get(job.lane) ?? 0) + 1);
        if (job.lane === 'slow') {
          maxSlow = Math.max(maxSlow, perLane.get('slow')!);
          await slow.promise;
        }
        perLane.set(job.lane, perLane.get(job.lane)! - 1);
        done.push(job.key);
        return { kind: 'done' };
      }),
    );
    q.start();
    for (let i = 0; i < 6; i++) q.enqueue('t', `slow-${i}`, { lane: 'slow', payload: { n: i } });
    for (let i = 0; i < 20; i++) q.enqueue('t', `fast-${i}`, { lane: `fast-${i % 4}`, payload: { n: i } });
    // Every fast job finishes while the slow lane is stuck with its two jobs in flight.
    await new Promise<void>((resolve) => {
      const check = () => (done.filter((k) => k.startsWith('fast')).length === 20 ? resolve() : setImmediate(check));
      check();
    });
    expect(maxSlow).toBe(2);
    expect(done.some((k) => k.startsWith('slow'))).toBe(false);
    slow.open();
    await q.whenIdle();
    expect(done).toHaveLength(26);
    const states = db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all();
    expect(states).toEqual([{ state: 'done', n: 26 }]);
  });

  it('coalesces requests for a key already queued, and never runs one key twice at once', async () => {
    const db = memoryDb();
    const q = queue(db);
    const first = gate();
    const seen: number[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    q.register(
      worker('t', async (job) => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        seen.push(job.payload.n);
        if (job.payload.n === 1) await first.promise;
        concurrent--;
        return { kind: 'done' };
      }),
    );
    q.start();
    q.enqueue('t', 'k', { payload: { n: 1 } });
    await new Promise<void>((r) => {
      const check = () => (seen.length === 1 ? r() : setImmediate(check));
      check();
    });
    // While n=1 runs, three more requests for the same key become one queued job carrying the last payload.
    const a = q.enqueue('t', 'k', { payload: { n: 2 } });
    const b = q.enqueue('t', 'k', { payload: { n: 3 } });
    const c = q.enqueue('t', 'k', { payload: { n: 4 } });
    expect(new Set([a, b, c]).size).toBe(1);
    first.open();
    await q.whenIdle();
    expect(seen).toEqual([1, 4]);
    expect(maxConcurrent).toBe(1);
  });

  it('retries retryable failures with back-off until the attempts are used up, and fails permanent ones at once', async () => {
    const db = memoryDb();
    const q = queue(db);
    const settled: string[] = [];
    let flakyCalls = 0;
    q.register(
      worker(
        't',
        async (job) => {
          if (job.key === 'flaky') {
            flakyCalls++;
            return flakyCalls < 3 ? { kind: 'retry', failure: failure('net.timeout', true) } : { kind: 'done', result: { ok: true } };
          }
          if (job.key === 'down') return { kind: 'retry', failure: failure('http.status', true, { status: 503 }) };
          return { kind: 'fail', failure: failure('http.status', false, { status: 422 }) };
        },
        { settled: (job, o) => settled.push(`${job.key}:${o.kind}`) },
      ),
    );
    q.start();
    q.enqueue('t', 'flaky', { payload: { n: 0 } });
    q.enqueue('t', 'down', { payload: { n: 0 } });
    q.enqueue('t', 'bad', { payload: { n: 0 } });
    await q.whenIdle();
    // whenIdle ignores jobs waiting for their back-off: wait for the retries too.
    while (q.latest('t', 'flaky')!.state !== 'done' || q.latest('t', 'down')!.state !== 'failed') await new Promise((r) => setTimeout(r, 5));
    expect(q.latest('t', 'flaky')).toMatchObject({ state: 'done', attempts: 3, result: { ok: true } });
    expect(q.latest('t', 'down')).toMatchObject({ state: 'failed', attempts: 3, lastFailure: { code: 'http.status', params: { status: 503 } } });
    expect(q.latest('t', 'bad')).toMatchObject({ state: 'failed', attempts: 1, lastFailure: { retryable: false } });
    expect(settled.sort()).toEqual(['bad:fail', 'down:fail', 'flaky:done']);
  });

  it("waits as long as the server's Retry-After says", async () => {
    const db = memoryDb();
    const q = queue(db);
    const starts: number[] = [];
    q.register(
      worker('t', async () => {
        starts.push(Date.now());
        return starts.length === 1 ? { kind: 'retry', failure: failure('http.status', true, { status: 429 }), retryAfterMs: 300 } : { kind: 'done' };
      }),
    );
    q.start();
    q.enqueue('t', 'k', { payload: { n: 0 } });
    const job = () => q.latest('t', 'k')!;
    await new Promise<void>((r) => {
      const check = () => (job().state === 'done' ? r() : setTimeout(check, 20));
      check();
    });
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(290);
  });

  it('takes again, at start, the jobs a dead process left running', async () => {
    const db = memoryDb();
    const dead = new JobQueue(db, { owner: 'dead' });
    const never = gate();
    dead.register(worker('t', async () => never.promise.then(() => ({ kind: 'done' }) as const), { maxAttempts: 2 }));
    dead.start();
    dead.enqueue('t', 'a', { payload: { n: 1 } });
    dead.enqueue('t', 'b', { payload: { n: 2 } });
    await new Promise<void>((r) => {
      const check = () => ((db.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'running'").get() as { n: number }).n === 2 ? r() : setImmediate(check));
      check();
    });
    // 'b' also has a newer request queued behind it; 'a' has used all its attempts once its second run dies.
    dead.enqueue('t', 'b', { payload: { n: 3 } });
    db.prepare("UPDATE jobs SET attempts = max_attempts WHERE key = 'a'").run();
    // The process dies: nothing of `dead` runs any more. A new start recovers.
    const q = queue(db, 'alive');
    const ran: number[] = [];
    q.register(worker('t', async (job) => (ran.push(job.payload.n), { kind: 'done' }), { maxAttempts: 2 }));
    expect(q.recover()).toEqual({ requeued: 0, failed: 1, superseded: 1 });
    q.start();
    await q.whenIdle();
    expect(ran).toEqual([3]);
    expect(q.latest('t', 'a')).toMatchObject({ state: 'failed', lastFailure: { code: 'job.interrupted' } });
    const rows = db.prepare("SELECT key, state FROM jobs WHERE key = 'b' ORDER BY id").all();
    expect(rows).toEqual([{ key: 'b', state: 'cancelled' }, { key: 'b', state: 'done' }]);
  });

  it('queues a job that was running when a recovering process finds it, and failed jobs can be retried', async () => {
    const db = memoryDb();
    db.prepare(`INSERT INTO jobs (kind, key, payload, state, attempts, max_attempts, next_attempt_utc, lease_owner, created_utc, updated_utc)
      VALUES ('t', 'x', '{"n":7}', 'running', 1, 3, 0, 'dead', 0, 0)`).run();
    db.prepare(`INSERT INTO jobs (kind, key, payload, state, attempts, max_attempts, next_attempt_utc, created_utc, updated_utc, last_failure)
      VALUES ('t', 'y', '{"n":8}', 'failed', 3, 3, 0, 0, 0, '{"code":"http.status","retryable":false}')`).run();
    const q = queue(db);
    const ran: number[] = [];
    q.register(worker('t', async (job) => (ran.push(job.payload.n), { kind: 'done' })));
    expect(q.recover().requeued).toBe(1);
    q.start();
    await q.whenIdle();
    expect(ran).toEqual([7]);
    const failedId = q.latest('t', 'y')!.id;
    expect(q.retryFailed([failedId])).toBe(1);
    await q.whenIdle();
    expect(ran).toEqual([7, 8]);
    expect(q.latest('t', 'y')).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('cancels queued work and aborts the running attempt', async () => {
    const db = memoryDb();
    const q = queue(db);
    let aborted = false;
    q.register(
      worker('t', (job, ) => Promise.resolve({ kind: 'done' as const, result: job.payload.n }), {}),
    );
    q.register({
      kind: 'long',
      perLane: 1,
      total: 1,
      maxAttempts: 1,
      run: (_job, ctx) =>
        new Promise<JobOutcome>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ kind: 'fail', failure: failure('net.aborted', false) });
          });
        }),
    });
    q.start();
    q.enqueue('long', 'l', { payload: {} });
    await new Promise<void>((r) => {
      const check = () => (q.latest('long', 'l')!.state === 'running' ? r() : setImmediate(check));
      check();
    });
    q.enqueue('t', 'later', { payload: { n: 1 }, delayMs: 60_000 });
    expect(q.cancel('long', 'l')).toBe(true);
    expect(q.cancel('t', 'later')).toBe(true);
    await q.whenIdle();
    expect(aborted).toBe(true);
    expect(q.latest('t', 'later')!.state).toBe('cancelled');
    expect(q.latest('long', 'l')!.state).toBe('failed');
  });
});

describe('job queue timer', () => {
  it('runs a retry when its timer fires, even if the wall clock has not quite reached the due instant', async () => {
    // The wall clock stands still here: the timer (a monotonic clock) fires "early" compared to it, as it may by a
    // millisecond in real life. The retry must run on the timer's word, not wait for a clock reading that agrees.
    const db = memoryDb();
    const q = new JobQueue(db, { owner: 'frozen-clock', now: () => 1_000_000 });
    queues.push(q);
    let calls = 0;
    q.register(worker('t', async () => (++calls === 1 ? { kind: 'retry', failure: failure('net.timeout', true), retryAfterMs: 20 } : { kind: 'done' })));
    q.start();
    q.enqueue('t', 'k', { payload: { n: 0 } });
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error('the retry never ran')), 3_000);
      const check = () => (q.latest('t', 'k')?.state === 'done' ? (clearTimeout(deadline), resolve()) : setTimeout(check, 10));
      check();
    });
    expect(calls).toBe(2);
  });
});

describe('job queue fairness', () => {
  it('shares the overall cap between lanes: the last lane in line is not starved by the first ones', async () => {
    const db = memoryDb();
    const q = queue(db);
    const starts: string[] = [];
    q.register({
      kind: 't',
      perLane: 4,
      total: 4,
      maxAttempts: 1,
      run: async (job) => {
        starts.push(job.lane);
        await new Promise((r) => setImmediate(r));
        return { kind: 'done' };
      },
    });
    for (const lane of ['a', 'b', 'c', 'd', 'e']) for (let i = 0; i < 10; i++) q.enqueue('t', `${lane}${i}`, { lane, payload: {} });
    q.start();
    await q.whenIdle();
    expect(starts).toHaveLength(50);
    expect(new Set(starts.slice(0, 10))).toEqual(new Set(['a', 'b', 'c', 'd', 'e']));
  });
});

describe('job queue shutdown', () => {
  it('aborts what runs after a grace period, queues it again for the next start, and does not wait for the backlog', async () => {
    const db = memoryDb();
    const q = new JobQueue(db, { owner: 'closing' });
    q.register({
      kind: 't',
      perLane: 1,
      total: 1,
      maxAttempts: 1,
      run: (_job, ctx) =>
        new Promise<JobOutcome>((resolve) => ctx.signal.addEventListener('abort', () => resolve({ kind: 'retry', failure: failure('net.aborted', true) }))),
    });
    q.start();
    for (let i = 0; i < 50; i++) q.enqueue('t', `k${i}`, { payload: {} });
    await new Promise<void>((r) => {
      const check = () => ((db.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'running'").get() as { n: number }).n === 1 ? r() : setImmediate(check));
      check();
    });
    const t0 = Date.now();
    await q.stop(50);
    expect(Date.now() - t0).toBeLessThan(1_000);
    // Interrupted by the shutdown, not by its own failure: queued again, due at once, its single attempt not held against it.
    const states = db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all();
    expect(states).toEqual([{ state: 'queued', n: 50 }]);
    const next = q.recover();
    expect(next.requeued).toBe(0);
  });
});
