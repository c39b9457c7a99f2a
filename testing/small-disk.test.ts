import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../electron/core/store/database';
import { diskSpace, isDiskFull } from '../electron/core/store/disk-space';
import { StoreOpenError } from '../electron/core/store/store-open-error';
import { quickCheck } from '../electron/core/store/store-health';
import { releaseFullDisk, simulateFullDisk, type SmallDisk, withSmallDisk } from './small-disk';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

function smallDisk(sizeBytes: number): SmallDisk {
  const disk = withSmallDisk(sizeBytes);
  cleanups.push(() => disk.dispose());
  return disk;
}

function open(dir: string): Db {
  const db = openDatabase(dir);
  cleanups.push(() => db.open && db.close());
  return db;
}

/** Fills the disk holding `dir` until only `leaveBytes` remain (or as close as the file system allows). */
function fill(dir: string, leaveBytes: number): string {
  const filler = path.join(dir, 'filler.bin');
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(filler, 'w');
  try {
    while (diskSpace(dir).freeBytes > leaveBytes) {
      const room = diskSpace(dir).freeBytes - leaveBytes;
      fs.writeSync(fd, chunk, 0, Math.min(chunk.length, Math.max(room, 1)));
    }
  } catch (e) {
    if (!isDiskFull(e)) throw e;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

const countRows = (db: Db) => (db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'row-%'").get() as { n: number }).n;

/** Writes 2 KB rows, one transaction each, until the disk refuses one; returns how many were committed and the error. */
function writeUntilFull(db: Db): { committed: number; error: unknown } {
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  for (let i = 0; i < 100_000; i++) {
    try {
      insert.run(`row-${i}`, 'x'.repeat(2048));
    } catch (error) {
      return { committed: i, error };
    }
  }
  throw new Error('the disk never filled up');
}

describe('small disk for tests', () => {
  it('on a full tmpfs, a store write fails with SQLITE_FULL, the store stays intact and writes resume once space is freed', (ctx) => {
    const disk = smallDisk(8 * 1024 * 1024);
    if (!disk.supported) return ctx.skip(`no tmpfs: ${disk.reason}`);
    expect(diskSpace(disk.dir).freeBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    const dataDir = path.join(disk.dir, 'donnees');
    const db = open(dataDir);
    const filler = fill(disk.dir, 512 * 1024);

    const { committed, error } = writeUntilFull(db);
    expect(committed).toBeGreaterThan(0);
    expect((error as { code?: string }).code).toBe('SQLITE_FULL');
    expect(isDiskFull(error)).toBe(true);
    expect(quickCheck(db)).toMatchObject({ ok: true, problems: [] });
    expect(countRows(db)).toBe(committed);

    let enospc: unknown;
    try {
      fs.writeFileSync(path.join(disk.dir, 'more.bin'), Buffer.alloc(1024 * 1024));
    } catch (e) {
      enospc = e;
    }
    expect((enospc as { code?: string }).code).toBe('ENOSPC');
    expect(isDiskFull(enospc)).toBe(true);

    fs.rmSync(filler);
    fs.rmSync(path.join(disk.dir, 'more.bin'), { force: true });
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('row-after', 'y');
    db.close();

    const again = open(dataDir); // runs quick_check at open
    expect(countRows(again)).toBe(committed + 1);
  });

  it('refuses to open a store on a full disk, saying to free space', (ctx) => {
    const disk = smallDisk(1024 * 1024);
    if (!disk.supported) return ctx.skip(`no tmpfs: ${disk.reason}`);
    const filler = fill(disk.dir, 0);
    const dataDir = path.join(disk.dir, 'donnees');
    let refused: unknown;
    try {
      openDatabase(dataDir).close();
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(StoreOpenError);
    expect((refused as StoreOpenError).code).toBe('disk-full');
    expect((refused as Error).message).toMatch(/^Disque plein : .*donnees.* Libérez de l'espace sur ce disque puis relancez la console/);
    fs.rmSync(filler);
    open(dataDir).close();
  });

  it('simulates a full disk where no tmpfs can be mounted, and lifts it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-full-sim-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = open(dir);
    simulateFullDisk(db, 2);
    const { committed, error } = writeUntilFull(db);
    expect(isDiskFull(error)).toBe(true);
    expect(quickCheck(db).ok).toBe(true);
    releaseFullDisk(db);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('row-after', 'y');
    expect(countRows(db)).toBe(committed + 1);
  });

  it('says why when it cannot mount, and still gives a usable folder', () => {
    const disk = smallDisk(1024 * 1024);
    expect(fs.statSync(disk.dir).isDirectory()).toBe(true);
    if (!disk.supported) expect(disk.reason).toBeTruthy();
    else expect(fs.readFileSync('/proc/mounts', 'utf8')).toContain(` ${disk.dir} tmpfs `);
    disk.dispose();
    expect(fs.existsSync(disk.dir)).toBe(false);
  });
});
