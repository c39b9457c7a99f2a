import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError } from './migrate';
import { migrations } from './migrations/index';
import { openDatabase } from './database';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-mig-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('applies every migration once, recording a checksum, and is idempotent', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    const rows = db.prepare('SELECT version, checksum FROM schema_migrations').all() as { version: number; checksum: string }[];
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to start when an applied migration was edited', () => {
    const db = new Database(':memory:');
    migrate(db);
    const edited = migrations.map((m) => (m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => migrate(db, edited)).toThrow(MigrationError);
    expect(() => migrate(db, edited)).toThrow(/modifiée après avoir été appliquée/);
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken = [...migrations, { version: 99, name: 'broken', sql: 'CREATE TABLE half (x); SELECT nope FROM missing;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: migrations.at(-1)!.version });
  });

  it('refuses a database written by a newer console', () => {
    const db = new Database(':memory:');
    migrate(db, [...migrations, { version: migrations.at(-1)!.version + 1, name: 'future', sql: 'CREATE TABLE future (x);' }]);
    expect(() => migrate(db)).toThrow(/plus récente/);
  });

  it('opens a real file in WAL mode and closes it when migration fails', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.prepare("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1").run();
    db.close();
    expect(() => openDatabase(dir)).toThrow(MigrationError);
  });
});
