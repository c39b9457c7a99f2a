import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AppointmentFilter, AppointmentSort } from '../../../shared/api/contract';
import type { AppointmentRow, ExportJob } from '../../../shared/api/types';
import { formatParis } from '../../../shared/domain/instant';
import { CSV_BOM, csvLine } from '../../../shared/export/csv';
import { exportColumns } from '../../../shared/i18n/export-columns';
import { AppointmentStore } from '../appointments/appointment-store';

const BATCH = 2000;

export function csvRow(r: AppointmentRow): string {
  return csvLine([
    formatParis(r.startUtc), r.startRaw, r.endRaw, formatParis(r.createdUtc), r.status, r.category, r.practitionerId,
    r.organisationId, r.regulatorId, r.editor, r.identifierSystem, r.identifierValue, r.versions,
    formatParis(r.lastReceivedUtc), r.id,
  ]);
}

/**
 * Exports run on their own read-only connection (WAL lets it read a stable snapshot while the gateway
 * keeps writing) and yield between batches so the console stays responsive and progress can be polled.
 * Files are written under a temporary name and renamed when complete: a file that exists is whole.
 */
export class ExportService {
  private readonly jobs = new Map<string, ExportJob & { path: string }>();

  constructor(
    private readonly dbFile: string,
    private readonly dir: string,
    private readonly language: () => 'fr' | 'en',
  ) {
    // Exports are handed over when done; what is left from earlier runs (or a crash mid-export) goes.
    if (fs.existsSync(dir)) {
      const dayAgo = Date.now() - 86_400_000;
      for (const f of fs.readdirSync(dir)) {
        const p = path.join(dir, f);
        if (f.endsWith('.partial') || fs.statSync(p).mtimeMs < dayAgo) fs.rmSync(p, { force: true });
      }
    }
  }

  start(format: 'csv' | 'ndjson', filter: AppointmentFilter, sort: AppointmentSort): ExportJob {
    fs.mkdirSync(this.dir, { recursive: true });
    const id = randomUUID();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const fileName = `rendez-vous-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`;
    const job = { id, format, state: 'running' as const, rowsWritten: 0, rowsTotal: 0, fileName, error: null, path: path.join(this.dir, `${id}-${fileName}`) };
    this.jobs.set(id, job);
    void this.run(job, filter, sort);
    return this.public(job);
  }

  status(id: string): ExportJob | null {
    const job = this.jobs.get(id);
    return job ? this.public(job) : null;
  }

  filePath(id: string): { path: string; fileName: string } | null {
    const job = this.jobs.get(id);
    return job && job.state === 'done' ? { path: job.path, fileName: job.fileName } : null;
  }

  /** Runs an export to completion (CLI and benchmarks). */
  async runToCompletion(format: 'csv' | 'ndjson', filter: AppointmentFilter, sort: AppointmentSort): Promise<ExportJob & { path: string }> {
    const job = this.start(format, filter, sort);
    const internal = this.jobs.get(job.id)!;
    while (internal.state === 'running') await new Promise((r) => setTimeout(r, 5));
    return internal;
  }

  private public(job: ExportJob & { path: string }): ExportJob {
    const { path: _p, ...rest } = job;
    return { ...rest };
  }

  private async run(job: ExportJob & { path: string }, filter: AppointmentFilter, sort: AppointmentSort): Promise<void> {
    const db = new Database(this.dbFile, { readonly: true, fileMustExist: true });
    const tmp = `${job.path}.partial`;
    const out = fs.openSync(tmp, 'w');
    try {
      const store = new AppointmentStore(db);
      db.exec('BEGIN'); // one snapshot for the count and the rows
      job.rowsTotal = store.count(filter);
      if (job.format === 'csv') fs.writeSync(out, CSV_BOM + csvLine([...exportColumns[this.language()]]));
      let buffer = '';
      let inBatch = 0;
      for (const row of store.iterate(filter, sort, job.format === 'ndjson')) {
        buffer += job.format === 'csv' ? csvRow(row) : `${row.resource}\n`;
        job.rowsWritten++;
        if (++inBatch === BATCH) {
          fs.writeSync(out, buffer);
          buffer = '';
          inBatch = 0;
          await new Promise((r) => setImmediate(r));
        }
      }
      fs.writeSync(out, buffer);
      db.exec('COMMIT');
      fs.closeSync(out);
      fs.renameSync(tmp, job.path);
      job.state = 'done';
    } catch (e) {
      job.state = 'failed';
      job.error = (e as Error).message;
      try {
        fs.closeSync(out);
      } catch {
        /* already closed */
      }
      fs.rmSync(tmp, { force: true });
    } finally {
      db.close();
    }
  }
}
