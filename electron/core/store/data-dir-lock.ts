import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreOpenError, toStoreOpenError } from './store-open-error';

export const LOCK_FILE = 'console.lock';

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void;
}

interface LockInfo {
  pid: number;
  hostname: string;
  startedUtc: string;
  host: string;
  /** Tells this acquisition apart from an earlier one by the same pid (a container restarted as PID 1). */
  id: string;
}

// Ids of the locks this process holds: a lock naming our own pid is alive only if it is one of them.
const held = new Set<string>();

const ATTEMPTS = 100;
const PAUSE_MS = 20;
// A lock file younger than this that does not parse may be one being written by a starter without hard links.
const UNPARSABLE_GRACE_MS = 1_000;

/**
 * Takes the data folder for this process, or throws StoreOpenError `locked` naming the console that holds it.
 * A lock left by a dead process (crash, SIGKILL, power loss) is taken over.
 */
export function acquireDataDirLock(dataDir: string, host = 'console'): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, hostname: os.hostname(), startedUtc: new Date().toISOString(), host, id: randomUUID() };
  const content = `${JSON.stringify(mine)}\n`;
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (createExclusive(file, content)) return holding(file, mine.id);
      const raw = readOrNull(file);
      if (raw === null) continue; // released between our two calls
      const verdict = judge(raw, file);
      if (verdict.kind === 'held') throw lockedError(file, dataDir, verdict.info);
      if (verdict.kind === 'stale' && takeOver(file, raw, content)) return holding(file, mine.id);
      pause();
    }
  } catch (e) {
    throw toStoreOpenError(e, file);
  }
  throw new StoreOpenError(
    'locked',
    file,
    `Une autre console est en train de démarrer sur le dossier de données ${dataDir} : attendez qu'elle ait démarré puis fermez-la, ou choisissez un autre dossier.`,
  );
}

function holding(file: string, id: string): DataDirLock {
  held.add(id);
  let released = false;
  return {
    file,
    release: () => {
      if (released) return;
      released = true;
      held.delete(id);
      const raw = readOrNull(file);
      if (raw !== null && parse(raw)?.id === id) fs.rmSync(file, { force: true });
    },
  };
}

type Verdict = { kind: 'held'; info: LockInfo } | { kind: 'stale' } | { kind: 'wait' };

function judge(raw: string, file: string): Verdict {
  const info = parse(raw);
  if (!info) return isRecent(file, UNPARSABLE_GRACE_MS) ? { kind: 'wait' } : { kind: 'stale' };
  if (info.hostname !== os.hostname()) return { kind: 'held', info }; // its pid cannot be checked from here
  if (info.pid === process.pid) return held.has(info.id) ? { kind: 'held', info } : { kind: 'stale' };
  return isAlive(info.pid) ? { kind: 'held', info } : { kind: 'stale' };
}

/**
 * Replaces a stale lock. Two starters may both judge it stale: a second exclusive file serialises them, and the
 * one that comes second finds the lock changed (now a live one) and backs off. The rename is atomic, so there is
 * never a moment without a lock file for a third starter to slip into.
 */
function takeOver(file: string, staleRaw: string, content: string): boolean {
  const mutex = `${file}.takeover`;
  if (!createExclusive(mutex, content)) {
    const raw = readOrNull(mutex);
    // A starter that died in the middle of a takeover (a window of a few system calls) leaves it behind.
    if (raw !== null && judge(raw, mutex).kind === 'stale') fs.rmSync(mutex, { force: true });
    return false;
  }
  try {
    if (readOrNull(file) !== staleRaw) return false;
    const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
    return readOrNull(file) === content;
  } finally {
    if (readOrNull(mutex) === content) fs.rmSync(mutex, { force: true });
  }
}

/**
 * Creates `file` holding `content` only if it does not exist. The content is written to a temporary file first and
 * hard-linked into place, so no reader ever sees a lock half written; where hard links are not supported (some
 * network or FAT file systems) it falls back to an exclusive create.
 */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(tmp, content, { flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  try {
    fs.writeFileSync(file, content, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function parse(raw: string): LockInfo | null {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo> | null;
    if (!v || !Number.isInteger(v.pid) || typeof v.hostname !== 'string' || typeof v.id !== 'string') return null;
    return { pid: v.pid!, hostname: v.hostname, startedUtc: String(v.startedUtc ?? ''), host: String(v.host ?? ''), id: v.id };
  } catch {
    return null;
  }
}

function isRecent(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < ms;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to another user, which is still another console.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  // A zombie answers signal 0 but will never release anything.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

// Only reached when another starter is in the middle of creating or taking over the lock: a few milliseconds.
function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
}

function lockedError(file: string, dataDir: string, info: LockInfo): StoreOpenError {
  const started = new Date(info.startedUtc);
  const when = Number.isNaN(started.getTime()) ? info.startedUtc || 'à une date inconnue' : started.toLocaleString('fr-FR');
  const who = info.host === 'desktop' ? ', de bureau' : info.host === 'headless' ? ', sans interface' : info.host ? `, programme « ${info.host} »` : '';
  if (info.hostname !== os.hostname()) {
    return new StoreOpenError(
      'locked',
      file,
      `Une autre console (poste « ${info.hostname} », processus ${info.pid}, démarrée le ${when}${who}) utilise déjà le dossier de données ${dataDir} : fermez-la, ou choisissez un autre dossier. Si vous êtes sûr qu'elle est arrêtée, supprimez le fichier ${file} puis relancez.`,
    );
  }
  return new StoreOpenError(
    'locked',
    file,
    `Une autre console (processus ${info.pid}, démarrée le ${when}${who}) utilise déjà le dossier de données ${dataDir} : fermez-la, ou choisissez un autre dossier.`,
  );
}
