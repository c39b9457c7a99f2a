import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer';
import { openDatabase } from './database';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('background checkpointer', () => {
  it('copies committed WAL pages into the database file from its own thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-ckpt-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    db.pragma('wal_autocheckpoint = 0'); // the writer never checkpoints by itself here
    db.exec('CREATE TABLE filler (x TEXT)');
    const file = path.join(dir, 'console.sqlite');
    const before = fs.statSync(file).size;
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) db.prepare('INSERT INTO filler VALUES (?)').run('x'.repeat(500));
    })();
    expect(fs.statSync(file).size).toBe(before); // everything is still in the WAL
    const ckpt = startCheckpointer(file, 20);
    try {
      await until(() => fs.statSync(file).size > before + 500_000);
      expect((db.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n).toBe(2000);
    } finally {
      await ckpt.close();
      db.close();
    }
  });
});
