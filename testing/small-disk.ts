import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';

export interface SmallDisk {
  /** A fresh folder: on a tmpfs of the requested size when `supported`, a plain temp folder otherwise. */
  dir: string;
  supported: boolean;
  /** Why no small disk could be mounted (not Linux, not root, no mount in this container…). */
  reason?: string;
  dispose(): void;
}

/**
 * Mounts a tmpfs of `sizeBytes` (rounded up to whole pages) so that a test meets a real ENOSPC. Needs Linux
 * and the right to mount (root); otherwise says why, and the caller falls back to `simulateFullDisk`.
 */
export function withSmallDisk(sizeBytes: number): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-small-disk-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  if (process.platform !== 'linux') {
    return { dir, supported: false, reason: `no tmpfs on ${process.platform}`, dispose: removeDir };
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(sizeBytes)},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return { dir, supported: false, reason: stderr || (e as Error).message, dispose: removeDir };
  }
  let disposed = false;
  return {
    dir,
    supported: true,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        // Something still has a file open there (a connection a failing test did not close): detach it anyway.
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
      removeDir();
    },
  };
}

/**
 * Makes further growth of the database fail with SQLITE_FULL, as a full disk would, by capping this connection's
 * `max_page_count` at its current size (+`extraPages`). Unlike a real full disk, writes that fit in pages already
 * allocated (updates, reuse of freed pages) still succeed, since the WAL itself is not capped.
 */
export function simulateFullDisk(db: Database.Database, extraPages = 0): void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages + extraPages}`);
}

/** Lifts the cap set by simulateFullDisk (SQLite's own maximum). */
export function releaseFullDisk(db: Database.Database): void {
  db.pragma('max_page_count = 4294967294');
}
