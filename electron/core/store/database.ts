import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { migrate, MigrationError } from './migrate';
import { checkStoreFileHeader, checkStoreIntegrity, checkStoreSchema } from './store-health';
import { StoreOpenError, toStoreOpenError } from './store-open-error';

export type Db = Database.Database;

export const STORE_FILE = 'console.sqlite';

export interface OpenDatabaseOptions {
  /** Recorded in the data folder's lock so that a refused second start can say who holds it. */
  host?: string;
  /**
   * `quick_check` at open costs about 4 s per million appointments. After a clean close the file's size and
   * modification time are noted: when they are unchanged at the next open (no crash, nothing wrote to the file
   * meanwhile), the check is skipped. 'always' checks anyway.
   */
  integrityCheck?: 'always' | 'unless-cleanly-closed';
}

/** Beside the store after a clean close: the file as it was left, so the next open can skip its check. */
const CLEAN_MARK = 'console.clean';

interface CleanMark {
  size: number;
  mtimeMs: number;
}

function readCleanMark(dataDir: string, file: string): boolean {
  const mark = path.join(dataDir, CLEAN_MARK);
  let text: string;
  try {
    text = fs.readFileSync(mark, 'utf8');
  } catch {
    return false;
  }
  // Consumed at once: a crash before the next clean close leaves no mark, so the start after it checks.
  fs.rmSync(mark, { force: true });
  try {
    const m = JSON.parse(text) as CleanMark;
    const st = fs.statSync(file);
    const wal = `${file}-wal`;
    const walEmpty = !fs.existsSync(wal) || fs.statSync(wal).size === 0;
    // Millisecond resolution: what every file system and backup tool keeps.
    return walEmpty && st.size === m.size && Math.trunc(st.mtimeMs) === Math.trunc(m.mtimeMs);
  } catch {
    return false;
  }
}

function writeCleanMark(dataDir: string, file: string): void {
  try {
    const st = fs.statSync(file);
    const wal = `${file}-wal`;
    if (fs.existsSync(wal) && fs.statSync(wal).size > 0) return; // another connection still had it open
    const tmp = path.join(dataDir, `${CLEAN_MARK}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs } satisfies CleanMark));
    fs.renameSync(tmp, path.join(dataDir, CLEAN_MARK));
  } catch {
    // no mark: the next start checks the whole file, which is only slower
  }
}

/**
 * Opens the console's store in `dataDir`, creating it only when the file is missing. Refuses (StoreOpenError,
 * French message naming the file) a folder used by another running console, an empty, foreign, damaged or newer
 * file. The folder stays locked until `db.close()`.
 *
 * WAL lets the UI read while the gateway writes; synchronous=NORMAL keeps every committed transaction across a
 * process crash (only an OS crash or power loss can drop the last commits), which is what ingest at thousands of
 * writes a second needs.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Db {
  const file = path.join(dataDir, STORE_FILE);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    throw toStoreOpenError(e, dataDir);
  }
  const lock = acquireDataDirLock(dataDir, options.host);
  let db: Db | undefined;
  try {
    if (!fs.existsSync(file)) createStore(file);
    const clean = readCleanMark(dataDir, file);
    checkStoreFileHeader(file);
    checkStore(file, options.integrityCheck === 'always' || !clean);
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    runMigrations(db, file);
    return releasingOnClose(db, lock, () => writeCleanMark(dataDir, file));
  } catch (e) {
    try {
      db?.close();
    } finally {
      lock.release();
    }
    throw toStoreOpenError(e, file);
  }
}

/**
 * Checks on a read-only connection: closing the last read-write connection checkpoints the WAL into the file,
 * which would copy a crashed store's last commits into a damaged or foreign file we are refusing.
 */
function checkStore(file: string, integrity: boolean): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('cache_size = -32000');
    if (integrity) checkStoreIntegrity(db, file);
    checkStoreSchema(db, file);
  } finally {
    db.close();
  }
}

function runMigrations(db: Db, file: string): void {
  try {
    migrate(db);
  } catch (e) {
    // Kept a MigrationError (callers and tests know it); only the file is added.
    if (e instanceof MigrationError) throw Object.assign(new MigrationError(`Base de données ${file} : ${e.message}`), { cause: e });
    throw e;
  }
}

/**
 * A new store is built under a temporary name and renamed into place once migrated, so a crash while creating it
 * never leaves a half-made console.sqlite (which the next start would rightly refuse as empty).
 */
function createStore(file: string): void {
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    // SQLite would replay (or delete) it: it holds the last commits of the store that was moved away.
    const name = path.basename(file);
    throw new StoreOpenError(
      'corrupt',
      file,
      `Le fichier ${file} est absent mais son journal ${name}-wal est resté dans le dossier ${path.dirname(file)} : il contient les dernières écritures de la base déplacée. Remettez ${name} à sa place, ou déplacez aussi ${name}-wal et ${name}-shm pour qu'une nouvelle base vide soit créée.`,
    );
  }
  fs.rmSync(`${file}-shm`, { force: true });
  fs.rmSync(wal, { force: true });
  const tmp = `${file}.new`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmp + suffix, { force: true });
  try {
    const db = new Database(tmp);
    try {
      db.pragma('journal_mode = WAL');
      migrate(db);
    } finally {
      db.close(); // checkpoints and removes the temporary -wal: everything is in the main file
    }
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmp + suffix, { force: true });
    throw e;
  }
  syncDir(path.dirname(file));
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; its rename is already durable enough there.
  }
}

/** The caller keeps a plain Db; closing it also notes a clean close and frees the data folder. */
function releasingOnClose(db: Db, lock: DataDirLock, onClosed: () => void): Db {
  const close = db.close.bind(db);
  db.close = () => {
    try {
      close();
      onClosed();
    } finally {
      lock.release();
    }
    return db;
  };
  return db;
}
