import fs from 'node:fs';

/**
 * True when a failed write ran out of disk: SQLite reports SQLITE_FULL (also for `max_page_count`), Node ENOSPC.
 * The store stays consistent in both cases (the transaction is rolled back), so the caller can answer
 * « disque plein » and retry once space is freed.
 */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/** Space the current user may still write on the disk holding `dir` (the quota-aware figure, not the raw free blocks). */
export function diskSpace(dir: string): { freeBytes: number } {
  const s = fs.statfsSync(dir);
  return { freeBytes: s.bavail * s.bsize };
}
