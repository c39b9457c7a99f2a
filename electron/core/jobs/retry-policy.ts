/** How long to wait before trying a failed job again. */
export interface RetryPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  factor: number;
  /** No back-off grows beyond this. */
  capMs: number;
  /** Share of the delay drawn at random (0..1), so that many jobs failing together do not retry together. */
  jitter: number;
  /** A server's Retry-After is honoured up to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, factor: 2, capMs: 30 * 60_000, jitter: 0.5, maxRetryAfterMs: 24 * 3_600_000 };

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed attempts: exponential with a cap, minus a random
 * share (so the expected load of retries is spread). A server's Retry-After is what it asked for: it replaces
 * the back-off (a server that says "in 1 s" is not made to wait a minute, one that says "in an hour" is not hit
 * before).
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random, retryAfterMs?: number | null): number {
  const exp = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp * (1 - policy.jitter * random()));
  if (retryAfterMs != null && retryAfterMs >= 0) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return jittered;
}

/** Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
