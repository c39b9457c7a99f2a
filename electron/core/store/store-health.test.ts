import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { quickCheck, quickCheckFile } from './store-health';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-health-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A SQLite file whose pages of a dropped-behind-its-back table belong to nothing: quick_check lists them. */
function orphanedPages(file: string): void {
  const db = new Database(file);
  db.exec('CREATE TABLE doomed (x TEXT)');
  const insert = db.prepare('INSERT INTO doomed VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(1000));
  })();
  db.unsafeMode(true); // lifts SQLite's defensive mode, which forbids writing the schema table
  db.pragma('writable_schema = ON');
  db.exec("DELETE FROM sqlite_schema WHERE name = 'doomed'");
  db.close();
}

describe('store health check', () => {
  it('reports a healthy store as ok, with how long the check took', () => {
    const db = openDatabase(tempDir());
    const result = quickCheck(db);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    db.close();
  });

  it('lists the problems SQLite finds, at most as many as asked', () => {
    const file = path.join(tempDir(), 'damaged.sqlite');
    orphanedPages(file);
    const db = new Database(file, { readonly: true });
    const all = quickCheck(db);
    expect(all.ok).toBe(false);
    expect(all.problems.length).toBeGreaterThan(3);
    expect(all.problems[0]).toMatch(/never used/);
    expect(quickCheck(db, 3).problems).toHaveLength(3);
    db.close();
  });

  it('checks a running store from a worker thread while the main connection keeps writing', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const pending = quickCheckFile(db.name);
    for (let i = 0; i < 100; i++) insert.run(`k${i}`, 'v');
    const result = await pending;
    expect(result).toMatchObject({ ok: true, problems: [] });
    db.close();
  });

  it('reports a damaged file from the worker too', async () => {
    const file = path.join(tempDir(), 'damaged.sqlite');
    orphanedPages(file);
    const result = await quickCheckFile(file, 2);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(2);
  });

  it('reports a file the worker cannot open instead of failing', async () => {
    const result = await quickCheckFile(path.join(tempDir(), 'missing.sqlite'));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/SQLITE_CANTOPEN/);
  });
});
