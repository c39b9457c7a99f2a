// Review mode: a console database opened for reading only. The core refuses every command (not only the UI),
// SQLite itself refuses writes, nothing listens, and the file read is never changed, whatever its version.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psAppointment } from '../../../testing/fixtures';
import { sendAppointment } from '../../../testing/hub-fixtures';
import { startTestCore } from '../../../testing/test-core';
import { startHeadless } from '../../../testing/headless-process';
import { consoleApi } from '../../../testing/console-api';
import { startCore } from '../core';
import { STORE_FILE } from '../store/database';
import { migrate } from '../store/migrate';
import { migrations } from '../store/migrations';
import { REVIEW_REFUSAL } from './review-copy';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-review-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let packageFile: string;
let appointmentId: string;

beforeAll(async () => {
  // A live console receives appointments and a regulator, then stops: its store is the "package" read below.
  const live = await startTestCore();
  appointmentId = (await sendAppointment(live.fhir, psAppointment())).id;
  await sendAppointment(live.fhir, psAppointment());
  await live.core.handlers['regulators.save']({ nationalId: '810004567891', familyName: 'Régulier', givenName: 'Anne', email: 'anne@samu.test', active: true, samu: 'fr.health.samu330' });
  await live.core.close();
  packageFile = path.join(tempDir(), 'journaux.sqlite');
  fs.copyFileSync(path.join(live.dataDir, STORE_FILE), packageFile);
  fs.rmSync(live.dataDir, { recursive: true, force: true });
}, 60_000);

describe('review mode', () => {
  it('shows what the file holds, refuses every command in the core, writes nothing and listens on nothing', async () => {
    const before = digest(packageFile);
    const core = await startCore({ dataDir: '/nonexistent', host: 'headless', review: { file: packageFile } });
    try {
      expect(core.info().review).toEqual({ file: packageFile, exported: null, integrity: { verdict: 'no-manifest', altered: [] } });
      expect(core.info().gateway.listening).toBe(false);
      expect(await core.handlers['appointments.count']({ filter: {} })).toBe(2);
      expect((await core.handlers['appointments.get']({ id: appointmentId }))?.versions).toHaveLength(1);
      expect((await core.handlers['regulators.list']({ filter: {}, offset: 0, limit: 10 })).total).toBe(1);
      expect((await core.handlers['journal.list']({ filter: {}, offset: 0, limit: 10 })).total).toBeGreaterThanOrEqual(2);
      expect((await core.handlers['transmissions.list']({ filter: {}, offset: 0, limit: 10 })).total).toBe(2);

      await expect(Promise.resolve().then(() => core.handlers['regulators.save']({ nationalId: null, familyName: 'X', givenName: 'Y', email: 'x@y.fr', active: true, samu: null })))
        .rejects.toMatchObject({ code: 'forbidden', message: REVIEW_REFUSAL });
      await expect(Promise.resolve().then(() => core.handlers['settings.update']({ language: 'en' }))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(Promise.resolve().then(() => core.handlers['transmissions.retry']({ selection: { filter: {} } }))).rejects.toMatchObject({ code: 'forbidden' });
      // Below the handlers too: the store refuses a write.
      expect(() => core.db.prepare("UPDATE appointments SET status = 'cancelled'").run()).toThrow(/readonly|read-only/i);
    } finally {
      await core.close();
    }
    expect(digest(packageFile)).toBe(before);
  });

  it('opens a file of an older console (migrated on the private copy, the file untouched)', async () => {
    const old = path.join(tempDir(), 'ancien.sqlite');
    const db = new Database(old);
    migrate(db, migrations.filter((m) => m.version <= 4));
    db.close();
    const before = digest(old);
    const core = await startCore({ dataDir: '/nonexistent', host: 'headless', review: { file: old } });
    try {
      expect(await core.handlers['transmissions.list']({ filter: {}, offset: 0, limit: 10 })).toMatchObject({ total: 0 });
    } finally {
      await core.close();
    }
    expect(digest(old)).toBe(before);
  });

  it('refuses a file of a newer console, saying a newer console is needed', async () => {
    const newer = path.join(tempDir(), 'recent.sqlite');
    fs.copyFileSync(packageFile, newer);
    const db = new Database(newer);
    db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, ?, ?, ?)').run('future', 'x', new Date().toISOString());
    db.close();
    await expect(startCore({ dataDir: '/nonexistent', host: 'headless', review: { file: newer } })).rejects.toThrow(/version plus récente/);
  });

  it('says which file is missing, or that a file is no console database', async () => {
    await expect(startCore({ dataDir: '/nonexistent', host: 'headless', review: { file: '/nulle/part.sqlite' } })).rejects.toThrow(/introuvable : \/nulle\/part.sqlite/);
    const text = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(text, 'pas une base'.repeat(100));
    await expect(startCore({ dataDir: '/nonexistent', host: 'headless', review: { file: text } })).rejects.toThrow(/n’est pas un dossier de journaux/);
  });

  it('npm run headless -- --review FILE serves the console with no gateway; the API refuses commands', async () => {
    const before = digest(packageFile);
    const host = await startHeadless(['--review', packageFile]);
    try {
      expect(host.fhir).toBe('');
      const api = consoleApi(host);
      const info = await api.call('system.info', {});
      expect(info.review?.file).toBe(packageFile);
      expect(info.gateway.listening).toBe(false);
      expect(await api.call('appointments.count', { filter: {} })).toBe(2);
      await expect(api.call('demo.load', { count: 5 })).rejects.toMatchObject({ code: 'forbidden', message: REVIEW_REFUSAL });
    } finally {
      await host.stop();
    }
    expect(digest(packageFile)).toBe(before);
  });

  it('exports a log package that opens read-only with the same content, and detects a row changed afterwards', async () => {
    const live = await startTestCore();
    try {
      const kept = psAppointment();
      const keptId = (await sendAppointment(live.fhir, kept)).id;
      await sendAppointment(live.fhir, { ...kept, status: 'cancelled' }, true);
      await sendAppointment(live.fhir, psAppointment({ status: 'pending' }));
      const { file, counts } = await live.core.handlers['packages.export']({ filter: { status: ['cancelled'] } });
      expect(counts).toMatchObject({ appointments: 1, appointment_versions: 2, transmissions: 1 });
      expect(counts.exchanges).toBeGreaterThanOrEqual(2);

      const before = digest(file);
      const review = await startCore({ dataDir: '', host: 'headless', review: { file } });
      try {
        expect(review.info().review).toMatchObject({ integrity: { verdict: 'intact', altered: [] }, exported: { counts: { appointments: 1 } } });
        expect(await review.handlers['appointments.count']({ filter: {} })).toBe(1);
        const detail = await review.handlers['appointments.get']({ id: keptId });
        expect(detail?.versions.map((v) => v.version)).toEqual([1, 2]);
        expect(detail?.exchanges.length).toBe(2);
      } finally {
        await review.close();
      }
      expect(digest(file)).toBe(before);

      // One value changed in one row after export: refused, unless opened knowingly, and then said.
      const db = new Database(file);
      db.prepare("UPDATE appointments SET status = 'booked'").run();
      db.close();
      await expect(startCore({ dataDir: '', host: 'headless', review: { file } })).rejects.toThrow(/modifié après son export \(tables : appointments\)/);
      const knowingly = await startCore({ dataDir: '', host: 'headless', review: { file, acceptAltered: true } });
      try {
        expect(knowingly.info().review?.integrity).toEqual({ verdict: 'altered', altered: ['appointments'] });
      } finally {
        await knowingly.close();
      }
    } finally {
      await live.stop();
    }
  });
});
