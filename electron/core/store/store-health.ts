import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { migrations as builtIn, type Migration } from './migrations/index';
import { moveAside, moveAsideHint, StoreOpenError } from './store-open-error';

export interface QuickCheckResult {
  ok: boolean;
  /** SQLite's own lines (English, technical), at most `maxProblems`; empty when ok. */
  problems: string[];
  durationMs: number;
}

/**
 * `PRAGMA quick_check`: reads every page and checks the b-trees' structure (not that indexes match their
 * tables, which is what makes it several times faster than integrity_check). It blocks the caller's thread for
 * the whole duration: measured 3.4 s for a 3.8 GB store of a million appointments already in the OS cache, and
 * a minute when it had to come from disk. A running console should use quickCheckFile.
 */
export function quickCheck(db: Database.Database, maxProblems = 100): QuickCheckResult {
  const started = performance.now();
  let problems: string[];
  try {
    const max = Math.max(1, Math.floor(maxProblems));
    const rows = db.pragma(`quick_check(${max})`) as { quick_check: string }[];
    problems = problemLines(rows.map((r) => r.quick_check)).slice(0, max);
  } catch (e) {
    // A page bad enough to stop the check is reported the same way as the problems it would have listed.
    const code = (e as { code?: unknown }).code;
    problems = [`${(e as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`];
  }
  return { ok: problems.length === 0, problems, durationMs: Math.round(performance.now() - started) };
}

/** SQLite answers one row per database, its lines joined by newlines, under a "*** in database main ***" heading. */
function problemLines(rows: string[]): string[] {
  return rows
    .flatMap((row) => row.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'ok' && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
}

// The same check from a worker thread with its own read-only connection: it reads a snapshot (WAL), so the gateway
// keeps writing meanwhile; only checkpoints cannot go past that snapshot until it ends.
const CHECK_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const started = performance.now();
let problems;
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('quick_check(' + workerData.maxProblems + ')').map((r) => r.quick_check);
    problems = (${problemLines.toString()})(rows).slice(0, workerData.maxProblems);
  } finally {
    db.close();
  }
} catch (e) {
  problems = [String(e && e.message) + (e && typeof e.code === 'string' ? ' (' + e.code + ')' : '')];
}
parentPort.postMessage({ ok: problems.length === 0, problems, durationMs: Math.round(performance.now() - started) });
`;

function driverPath(): string {
  const here = typeof __filename === 'string' ? __filename : import.meta.url;
  return createRequire(here).resolve('better-sqlite3');
}

/**
 * quickCheck without blocking the caller's thread, for the on-demand check of a running console (pass `db.name`):
 * on a large store it lasts seconds (about 3.5 s per million appointments with the file in the OS cache).
 */
export function quickCheckFile(file: string, maxProblems = 100): Promise<QuickCheckResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECK_WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver: driverPath(), maxProblems: Math.max(1, Math.floor(maxProblems)) },
    });
    worker.once('message', (result: QuickCheckResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`quick_check worker exited (${code}) without an answer`)));
  });
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses, before SQLite touches it, a file that cannot be ours: SQLite would take a 0-byte file for a new
 * database and answer "file is not a database" for garbage only at the first query.
 */
export function checkStoreFileHeader(file: string): void {
  const size = fs.statSync(file).size;
  if (size === 0) {
    throw new StoreOpenError(
      'empty',
      file,
      `Le fichier de données ${file} est vide (0 octet) : ce n'est pas une base de la console et elle ne le remplace pas d'elle-même. Restaurez une sauvegarde, ou ${moveAside(file)}.`,
    );
  }
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw new StoreOpenError(
      'not-sqlite',
      file,
      `Le fichier de données ${file} n'est pas une base SQLite (en-tête inattendu : fichier tronqué, chiffré ou remplacé par un autre) : ${moveAsideHint(file)}.`,
    );
  }
}

/**
 * Reads the file once, front to back, in large blocks. After a reboot quick_check's scattered page reads cost
 * about ten times this single pass (measured: 61 s against 2 + 3.4 s for a 3.8 GB store), which leaves the pages in
 * the OS cache for it. Skipped for a file too large to stay cached.
 */
export function preloadFile(file: string): void {
  if (fs.statSync(file).size > os.totalmem() / 2) return;
  const block = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    for (let at = 0, n = 0; (n = fs.readSync(fd, block, 0, block.length, at)) > 0; at += n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses a store that `quick_check` finds damaged, quoting its first lines. */
export function checkStoreIntegrity(db: Database.Database, file: string): void {
  preloadFile(file);
  const result = quickCheck(db, 20);
  if (result.ok) return;
  const shown = result.problems.slice(0, 3).join(' ; ');
  const more = result.problems.length > 3 ? ` ; … (${result.problems.length - 3} de plus)` : '';
  throw new StoreOpenError(
    'corrupt',
    file,
    `La base de données ${file} est endommagée (vérification d'intégrité : ${shown}${more}). La console ne l'ouvre pas pour ne pas aggraver les dégâts : ${moveAsideHint(file)}.`,
  );
}

/**
 * Refuses a SQLite file that this console did not create (so migrations never run over another application's
 * tables) and one written by a newer console. Stores are created whole (see openDatabase), so a file with no
 * table at all is not a store either.
 */
export function checkStoreSchema(db: Database.Database, file: string, list: readonly Migration[] = builtIn): void {
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
  const others = tables.filter((t) => t !== 'schema_migrations');
  const applied = tables.includes('schema_migrations')
    ? (db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[])
    : [];
  if (applied.length === 0 && others.length === 0) {
    throw new StoreOpenError(
      'empty',
      file,
      `Le fichier de données ${file} est une base SQLite sans aucune donnée de la console : elle ne le remplace pas d'elle-même. Restaurez une sauvegarde, ou ${moveAside(file)}.`,
    );
  }
  const first = [...list].sort((a, b) => a.version - b.version)[0];
  if (applied.length === 0 || applied[0].version !== first.version || applied[0].name !== first.name) {
    const listed = others.slice(0, 5).join(', ') + (others.length > 5 ? '…' : '');
    throw new StoreOpenError(
      'foreign',
      file,
      `Le fichier ${file} est une base SQLite d'une autre application (tables : ${listed || 'aucune'}), pas une base de la console : vérifiez le dossier de données choisi, ou déplacez ce fichier hors du dossier ${path.dirname(file)} pour qu'une nouvelle base soit créée.`,
    );
  }
  const known = new Set(list.map((m) => m.version));
  const unknown = applied.find((r) => !known.has(r.version));
  if (unknown) {
    throw new StoreOpenError(
      'newer',
      file,
      `La base de données ${file} a été mise à jour par une version plus récente de la console (migration ${unknown.version} « ${unknown.name} » inconnue) : installez la dernière version de la console, ou restaurez une sauvegarde faite avec cette version-ci.`,
    );
  }
}
