import fs from 'node:fs';
import path from 'node:path';
import type { AppointmentFilter, AppointmentSortField } from '../../shared/api/contract';
import { appointmentSortFields } from '../../shared/api/contract';
import { defaultSortFor } from '../../shared/api/default-sort';
import { AppointmentStore } from '../../electron/core/appointments/appointment-store';
import { generateDemoAppointments } from '../../electron/core/demo/demo-generator';
import { seedStore } from '../../electron/core/demo/seed-store';
import { JobQueue } from '../../electron/core/jobs/job-queue';
import { ExportService } from '../../electron/core/exports/export-service';
import { openDatabase, type Db } from '../../electron/core/store/database';
import { startHeadless } from '../../testing/headless-process';
import { ms, timeMany } from './stats';

/** A store of `rows` demo appointments under .bench/, built once and reused by later runs. */
export function benchStore(root: string, rows: number): { dir: string; db: Db } {
  const dir = path.join(root, `store-${rows}`);
  const db = openDatabase(dir, { host: 'bench' });
  const have = (db.prepare('SELECT count(*) AS n FROM appointments').get() as { n: number }).n;
  if (have < rows) {
    console.log(`  building a store of ${rows} appointments in ${dir} (once; reused next time)…`);
    const store = new AppointmentStore(db);
    const started = performance.now();
    const now = Date.now();
    const CHUNK = 20_000;
    for (let done = have; done < rows; done += CHUNK) {
      seedStore(db, store, generateDemoAppointments(Math.min(CHUNK, rows - done), 1000 + done, now), now - (rows - done) * 1000);
      process.stdout.write(`\r  ${Math.min(done + CHUNK, rows)} / ${rows}`);
    }
    db.pragma('optimize');
    db.pragma('wal_checkpoint(TRUNCATE)');
    console.log(`\n  built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return { dir, db };
}

export async function browseBench(root: string, rows: number): Promise<void> {
  console.log(`\n== Browsing ${rows} stored appointments (in the core, first page of 100 rows) ==`);
  const { dir, db } = benchStore(root, rows);
  const store = new AppointmentStore(db);
  const sample = store.list({}, { field: 'lastReceived', dir: 'desc' }, 5000, 1)[0];
  const starts = db.prepare('SELECT min(start_utc) AS lo, max(start_utc) AS hi FROM appointments').get() as { lo: number; hi: number };
  const week = new Date(starts.hi - 10 * 86_400_000).toISOString();
  const weekEnd = new Date(starts.hi - 3 * 86_400_000).toISOString();
  const filters: [string, AppointmentFilter][] = [
    ['no filter', {}],
    ['status = cancelled', { status: ['cancelled'] }],
    ['status = booked,pending', { status: ['booked', 'pending'] }],
    ['category = SOS', { category: ['SOS'] }],
    ['editor = MédiPlanning', { editor: ['MédiPlanning'] }],
    ['start within one week', { startFrom: week, startTo: weekEnd }],
    ['start from a date (wide)', { startFrom: new Date(starts.lo + 86_400_000).toISOString() }],
    ['text = a practitioner RPPS (bare)', { text: sample.practitionerId?.slice(1) ?? '1' }],
    ['text = appointment id prefix', { text: sample.identifierValue.slice(0, 6) }],
  ];
  const worst = { list: 0, count: 0 };
  console.log('  filter (with the order the list opens in)       list p50 / p95        count p50 / max     matches');
  for (const [label, filter] of filters) {
    const list = timeMany(40, () => store.list(filter, defaultSortFor(filter), 0, 100));
    const count = timeMany(8, () => store.count(filter));
    const n = store.count(filter);
    worst.list = Math.max(worst.list, list.p95);
    worst.count = Math.max(worst.count, count.max);
    console.log(`  ${label.padEnd(44)} ${ms(list.p50).padStart(9)} / ${ms(list.p95).padStart(9)}   ${ms(count.p50).padStart(9)} / ${ms(count.max).padStart(9)}   ${n}`);
  }
  console.log('  sort (no filter)                               desc p95      asc p95');
  for (const field of appointmentSortFields as readonly AppointmentSortField[]) {
    const desc = timeMany(40, () => store.list({}, { field, dir: 'desc' }, 0, 100));
    const asc = timeMany(40, () => store.list({}, { field, dir: 'asc' }, 0, 100));
    worst.list = Math.max(worst.list, desc.p95, asc.p95);
    console.log(`  ${field.padEnd(44)} ${ms(desc.p95).padStart(9)}   ${ms(asc.p95).padStart(9)}`);
  }
  console.log(`  worst first-page p95: ${ms(worst.list)} (target < 15 ms); worst count: ${ms(worst.count)} (target < 150 ms)`);

  // CSV export of 100,000 rows: the filter is a start range that holds exactly that many.
  const cut = db.prepare('SELECT start_utc AS s FROM appointments ORDER BY start_utc LIMIT 1 OFFSET 100000').get() as { s: number };
  const exportFilter: AppointmentFilter = { startTo: new Date(cut.s - 1).toISOString() };
  // Exports run on the durable job queue, as in the console.
  const jobs = new JobQueue(db, { owner: 'bench' });
  const exports = new ExportService(path.join(dir, 'console.sqlite'), path.join(dir, 'exports'), () => 'fr', jobs, () => undefined);
  jobs.register(exports.worker());
  jobs.start();
  const t0 = performance.now();
  const job = await exports.runToCompletion('csv', exportFilter, { field: 'start', dir: 'asc' });
  const exportMs = performance.now() - t0;
  console.log(`  CSV export: ${job.rowsWritten} rows, ${(fs.statSync(job.path).size / 1e6).toFixed(1)} MB in ${ms(exportMs)} (target < 3 s)`);
  fs.rmSync(path.join(dir, 'exports'), { recursive: true, force: true });
  await jobs.stop();
  db.close();

  // Resident memory of the core process holding this store, after browsing through its API.
  const host = await startHeadless(['--data-dir', dir]);
  try {
    const call = (op: string, input: unknown) =>
      fetch(`${new URL(host.console).origin}/api/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-console-token': host.token }, body: JSON.stringify(input) }).then((r) => r.json());
    for (const [, filter] of filters) {
      await call('appointments.count', { filter });
      await call('appointments.list', { filter, sort: { field: 'start', dir: 'desc' }, offset: 0, limit: 100 });
    }
    await call('appointments.stats', { filter: { startFrom: week } });
    const status = fs.readFileSync(`/proc/${host.child.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    console.log(`  core process memory with ${rows} appointments: RSS ${rss.toFixed(0)} MB, peak ${hwm.toFixed(0)} MB (target < 300 MB)`);
  } finally {
    await host.stop();
  }
}
