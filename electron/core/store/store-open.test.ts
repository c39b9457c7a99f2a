import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppointmentStore } from '../appointments/appointment-store';
import { generateDemoAppointments, prng } from '../demo/demo-generator';
import { seedStore } from '../demo/seed-store';
import { openDatabase } from './database';
import { MigrationError } from './migrate';
import { migrations } from './migrations/index';
import { StoreOpenError, toStoreOpenError } from './store-open-error';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-open-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const storeFile = (dir: string) => path.join(dir, 'console.sqlite');
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A store as the console leaves it: real appointments, closed (so everything is in the main file). */
function realStore(dir: string, appointments: number): void {
  const db = openDatabase(dir);
  seedStore(db, new AppointmentStore(db), generateDemoAppointments(appointments, 7, Date.UTC(2025, 0, 15)));
  db.close();
}

function refusal(dir: string): StoreOpenError {
  let db: Database.Database | undefined;
  try {
    db = openDatabase(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(StoreOpenError);
    return e as StoreOpenError;
  }
  db.close();
  throw new Error('the store was opened');
}

/** What an operator reads: French, naming the file, never SQLite's English text alone. */
function expectOperatorMessage(e: StoreOpenError, file: string): void {
  expect(e.file).toBe(file);
  expect(e.message).toContain(file);
  expect(e.message).not.toMatch(/^(file is not a database|database disk image is malformed)/);
  expect(e.message).toMatch(/[àéèêç]/);
}

describe('opening the store refuses what is not a healthy console store', () => {
  it('refuses a 0-byte file instead of starting an empty new store on it', () => {
    const dir = tempDir();
    fs.writeFileSync(storeFile(dir), '');
    const e = refusal(dir);
    expect(e.code).toBe('empty');
    expectOperatorMessage(e, storeFile(dir));
    expect(e.message).toMatch(/vide \(0 octet\)/);
    expect(e.message).toMatch(/déplacez console\.sqlite/);
    expect(fs.statSync(storeFile(dir)).size).toBe(0);
  });

  it('refuses a file that is not SQLite, in French and naming it, without touching it', () => {
    const dir = tempDir();
    const random = prng(1);
    fs.writeFileSync(storeFile(dir), Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(random() * 256))));
    const before = sha(storeFile(dir));
    const e = refusal(dir);
    expect(e.code).toBe('not-sqlite');
    expectOperatorMessage(e, storeFile(dir));
    expect(e.message).toMatch(/n'est pas une base SQLite/);
    expect(sha(storeFile(dir))).toBe(before);
  });

  it('refuses a real store cut in half as corrupt, naming the file', () => {
    const dir = tempDir();
    realStore(dir, 1_500);
    const size = fs.statSync(storeFile(dir)).size;
    fs.truncateSync(storeFile(dir), Math.floor(size / 2));
    const e = refusal(dir);
    expect(e.code).toBe('corrupt');
    expectOperatorMessage(e, storeFile(dir));
    expect(e.message).toMatch(/endommagée/);
    expect(e.message).toMatch(/restaurez une sauvegarde/);
  });

  it('refuses a store with random pages overwritten and never opens it for writes', () => {
    const dir = tempDir();
    realStore(dir, 3_000);
    const file = storeFile(dir);
    const pageSize = 4096;
    const pages = fs.statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(100);
    const random = prng(42);
    const fd = fs.openSync(file, 'r+');
    for (const page of [Math.floor(pages * 0.4), Math.floor(pages * 0.5), Math.floor(pages * 0.6)]) {
      const garbage = Buffer.from(Array.from({ length: pageSize }, () => Math.floor(random() * 256)));
      fs.writeSync(fd, garbage, 0, pageSize, page * pageSize);
    }
    fs.closeSync(fd);
    const before = sha(file);
    const e = refusal(dir);
    expect(e.code).toBe('corrupt');
    expectOperatorMessage(e, file);
    expect(e.message).toMatch(/vérification d'intégrité : .+/);
    expect(sha(file)).toBe(before);
  });

  it('skips the integrity check only for a store left unchanged since its clean close', () => {
    // The check costs about 4 s per million appointments: after a clean close it is skipped while the file's size
    // and modification time are those noted at close. Damage written with the time put back goes unseen at open
    // (a documented limit); without the mark (a crash, or the file changed) the same damage is refused.
    const dir = tempDir();
    realStore(dir, 2_000);
    const file = storeFile(dir);
    const mark = path.join(dir, 'console.clean');
    expect(fs.existsSync(mark)).toBe(true);
    const pages = fs.statSync(file).size / 4096;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, Math.floor(pages / 2) * 4096);
    fs.closeSync(fd);
    // As if the damage had kept the file's time: the mark describes the file as it is now.
    const st = fs.statSync(file);
    fs.writeFileSync(mark, JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs }));
    const copy = tempDir();
    fs.copyFileSync(file, storeFile(copy)); // the same bytes, with no mark beside them
    openDatabase(dir, { integrityCheck: 'unless-cleanly-closed' }).close();
    expect(refusal(copy).code).toBe('corrupt');
  });

  it('leaves a damaged store and its journal exactly as found (no checkpoint on the way out)', () => {
    const source = tempDir();
    realStore(source, 2_000);
    // A console that crashed: its last commits are still in the WAL, which refusing must not copy into the file.
    const live = new Database(storeFile(source));
    live.pragma('wal_autocheckpoint = 0');
    live.exec("INSERT INTO settings (key, value) VALUES ('last-commit', 'in the wal')");
    const dir = tempDir();
    fs.copyFileSync(storeFile(source), storeFile(dir));
    fs.copyFileSync(`${storeFile(source)}-wal`, `${storeFile(dir)}-wal`);
    live.close();
    const file = storeFile(dir);
    const pages = fs.statSync(file).size / 4096;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, Math.floor(pages / 2) * 4096);
    fs.closeSync(fd);
    const before = [sha(file), sha(`${file}-wal`)];
    expect(refusal(dir).code).toBe('corrupt');
    expect([sha(file), sha(`${file}-wal`)]).toEqual(before);
  });

  it("refuses another application's SQLite file instead of migrating over it", () => {
    const dir = tempDir();
    const other = new Database(storeFile(dir));
    other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x')");
    other.close();
    const e = refusal(dir);
    expect(e.code).toBe('foreign');
    expectOperatorMessage(e, storeFile(dir));
    expect(e.message).toMatch(/autre application \(tables : customers\)/);
    const check = new Database(storeFile(dir), { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'schema_migrations'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('refuses a SQLite file whose schema_migrations is not ours', () => {
    const dir = tempDir();
    const other = new Database(storeFile(dir));
    other.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (1, 'create_users', 'x', '2024-01-01'); CREATE TABLE users (id INTEGER PRIMARY KEY)`);
    other.close();
    const e = refusal(dir);
    expect(e.code).toBe('foreign');
    expectOperatorMessage(e, storeFile(dir));
  });

  it('refuses a SQLite file with no table at all (stores are created whole)', () => {
    const dir = tempDir();
    const other = new Database(storeFile(dir));
    other.pragma('user_version = 3'); // writes the header: a valid, table-less database
    other.close();
    const e = refusal(dir);
    expect(e.code).toBe('empty');
    expectOperatorMessage(e, storeFile(dir));
  });

  it('refuses a store written by a newer console, naming the file', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const db = new Database(storeFile(dir));
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'future', 'x', '2030-01-01')").run(migrations.at(-1)!.version + 100);
    db.close();
    const e = refusal(dir);
    expect(e.code).toBe('newer');
    expectOperatorMessage(e, storeFile(dir));
    expect(e.message).toMatch(/plus récente.*installez la dernière version/);
  });

  it('keeps refusing an edited migration as a MigrationError, now naming the file', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const db = new Database(storeFile(dir));
    db.prepare("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1").run();
    db.close();
    expect(() => openDatabase(dir)).toThrow(MigrationError);
    expect(() => openDatabase(dir)).toThrow(new RegExp(`${storeFile(dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*modifiée après avoir été appliquée`));
  });

  it('never creates a new store beside a leftover journal of a store moved away', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.pragma('wal_autocheckpoint = 0');
    db.exec("INSERT INTO settings (key, value) VALUES ('only-in-wal', '1')");
    const wal = fs.readFileSync(`${storeFile(dir)}-wal`);
    db.close();
    fs.rmSync(storeFile(dir));
    fs.writeFileSync(`${storeFile(dir)}-wal`, wal);
    const e = refusal(dir);
    expect(e.code).toBe('corrupt');
    expectOperatorMessage(e, storeFile(dir));
    expect(e.message).toMatch(/console\.sqlite-wal/);
    expect(fs.existsSync(storeFile(dir))).toBe(false);
    expect(fs.readFileSync(`${storeFile(dir)}-wal`).equals(wal)).toBe(true);
  });

  it('creates a new store when the file is missing, and opens it again', () => {
    const dir = path.join(tempDir(), 'not-yet');
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.exec("INSERT INTO settings (key, value) VALUES ('k', 'v')");
    db.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['console.clean', 'console.sqlite']);
    const again = openDatabase(dir);
    expect(fs.readdirSync(dir)).not.toContain('console.clean'); // consumed: a crash from now on leaves none
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: 'v' });
    again.close();
  });

  it('turns SQLite failures at open into French refusals that keep the SQLite code', () => {
    const file = '/donnees/console.sqlite';
    const cases: [string, string, RegExp][] = [
      ['SQLITE_CANTOPEN', 'unreadable', /Impossible d'ouvrir/],
      ['SQLITE_IOERR_READ', 'unreadable', /entrée-sortie disque/],
      ['SQLITE_FULL', 'disk-full', /Disque plein.*Libérez de l'espace/],
      ['SQLITE_NOTADB', 'not-sqlite', /n'est pas une base SQLite/],
      ['SQLITE_CORRUPT', 'corrupt', /endommagée/],
      ['SQLITE_BUSY', 'locked', /verrouillée par un autre programme/],
      ['SQLITE_READONLY', 'unreadable', /lecture seule/],
      ['ENOSPC', 'disk-full', /Disque plein/],
      ['EACCES', 'unreadable', /Accès refusé/],
    ];
    for (const [sqliteCode, code, text] of cases) {
      const raw = Object.assign(new Error('database disk image is malformed'), { code: sqliteCode });
      const e = toStoreOpenError(raw, file) as StoreOpenError;
      expect(e, sqliteCode).toBeInstanceOf(StoreOpenError);
      expect(e.code, sqliteCode).toBe(code);
      expect(e.message).toContain(file);
      expect(e.message).toMatch(text);
      expect(e.message).toContain(`(${sqliteCode})`);
      expect(e.cause).toBe(raw);
    }
    const bug = new TypeError('x is undefined');
    expect(toStoreOpenError(bug, file)).toBe(bug);
  });
});
