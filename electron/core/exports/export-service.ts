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
import type { Topic } from '../../../shared/api/events';
import { failure } from '../../../shared/api/failure';
import type { Job, JobOutcome, JobQueue, Worker, WorkerContext } from '../jobs/job-queue';

const BATCH = 2000;

export function csvRow(r: AppointmentRow): string {
  return csvLine([
    formatParis(r.startUtc), r.startRaw, r.endRaw, formatParis(r.createdUtc), r.status, r.category, r.practitionerId,
    r.organisationId, r.regulatorId, r.editor, r.identifierSystem, r.identifierValue, r.versions,
    formatParis(r.lastReceivedUtc), r.id,
  ]);
}

export const EXPORT_JOB = 'exports.file';

interface ExportPayload {
  format: 'csv' | 'ndjson';
  filter: AppointmentFilter;
  sort: AppointmentSort;
  fileName: string;
  language: 'fr' | 'en';
}

interface ExportResult {
  path: string;
  rowsWritten: number;
  rowsTotal: number;
}

/**
 * Exports are jobs of the durable queue: one killed in the middle is written again at the next start. Each runs
 * on its own read-only connection (WAL lets it read a stable snapshot while the gateway keeps writing) and
 * yields between batches so the console stays responsive; progress is pushed as events. Files are written
 * under a temporary name and renamed when complete: a file that exists is whole.
 */
export class ExportService {
  /** Rows written so far by running exports (the job row holds the rest). */
  private readonly progress = new Map<string, { rowsWritten: number; rowsTotal: number }>();
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly dbFile: string,
    private readonly dir: string,
    private readonly language: () => 'fr' | 'en',
    private readonly jobs: JobQueue,
    private readonly emit: (topic: Topic, id?: string) => void,
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

  worker(): Worker<ExportPayload> {
    return {
      kind: EXPORT_JOB,
      perLane: 2,
      total: 2,
      maxAttempts: 2,
      leaseMs: 60_000,
      run: (job, ctx) => this.run(job, ctx),
      settled: (job) => {
        this.progress.delete(job.key);
        this.emit('exports', job.key);
        for (const w of this.waiters.get(job.key)?.splice(0) ?? []) w();
      },
    };
  }

  start(format: 'csv' | 'ndjson', filter: AppointmentFilter, sort: AppointmentSort): ExportJob {
    const id = randomUUID();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const fileName = `rendez-vous-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`;
    this.jobs.enqueue<ExportPayload>(EXPORT_JOB, id, { payload: { format, filter, sort, fileName, language: this.language() } });
    return this.status(id)!;
  }

  status(id: string): ExportJob | null {
    const job = this.jobs.latest<ExportPayload>(EXPORT_JOB, id);
    if (!job) return null;
    const result = job.result as ExportResult | null;
    const live = this.progress.get(id);
    const state = job.state === 'done' ? 'done' : job.state === 'failed' || job.state === 'cancelled' ? 'failed' : 'running';
    return {
      id,
      format: job.payload.format,
      state,
      rowsWritten: result?.rowsWritten ?? live?.rowsWritten ?? 0,
      rowsTotal: result?.rowsTotal ?? live?.rowsTotal ?? 0,
      fileName: job.payload.fileName,
      error: job.lastFailure && state === 'failed' ? String(job.lastFailure.params?.detail ?? job.lastFailure.code) : null,
    };
  }

  filePath(id: string): { path: string; fileName: string } | null {
    const job = this.jobs.latest<ExportPayload>(EXPORT_JOB, id);
    const result = job?.result as ExportResult | null;
    if (!job || job.state !== 'done' || !result || !fs.existsSync(result.path)) return null;
    return { path: result.path, fileName: job.payload.fileName };
  }

  /** Runs an export to completion (CLI and benchmarks). */
  async runToCompletion(format: 'csv' | 'ndjson', filter: AppointmentFilter, sort: AppointmentSort): Promise<ExportJob & { path: string }> {
    const job = this.start(format, filter, sort);
    await new Promise<void>((resolve) => {
      const list = this.waiters.get(job.id) ?? [];
      list.push(resolve);
      this.waiters.set(job.id, list);
    });
    return { ...this.status(job.id)!, path: this.filePath(job.id)?.path ?? '' };
  }

  private async run(job: Job<ExportPayload>, ctx: WorkerContext): Promise<JobOutcome> {
    fs.mkdirSync(this.dir, { recursive: true });
    const { format, filter, sort, fileName, language } = job.payload;
    const target = path.join(this.dir, `${job.key}-${fileName}`);
    const db = new Database(this.dbFile, { readonly: true, fileMustExist: true });
    const tmp = `${target}.partial`;
    const out = fs.openSync(tmp, 'w');
    const progress = { rowsWritten: 0, rowsTotal: 0 };
    this.progress.set(job.key, progress);
    try {
      const store = new AppointmentStore(db);
      db.exec('BEGIN'); // one snapshot for the count and the rows
      progress.rowsTotal = store.count(filter);
      this.emit('exports', job.key);
      if (format === 'csv') fs.writeSync(out, CSV_BOM + csvLine([...exportColumns[language]]));
      let buffer = '';
      let inBatch = 0;
      let told = Date.now();
      for (const row of store.iterate(filter, sort, format === 'ndjson')) {
        buffer += format === 'csv' ? csvRow(row) : `${row.resource}\n`;
        progress.rowsWritten++;
        if (++inBatch === BATCH) {
          fs.writeSync(out, buffer);
          buffer = '';
          inBatch = 0;
          if (ctx.signal.aborted) throw new Error('Export annulé.');
          if (Date.now() - told > 250) {
            told = Date.now();
            ctx.heartbeat();
            this.emit('exports', job.key);
          }
          await new Promise((r) => setImmediate(r));
        }
      }
      fs.writeSync(out, buffer);
      db.exec('COMMIT');
      fs.closeSync(out);
      fs.renameSync(tmp, target);
      return { kind: 'done', result: { path: target, rowsWritten: progress.rowsWritten, rowsTotal: progress.rowsTotal } satisfies ExportResult };
    } catch (e) {
      try {
        fs.closeSync(out);
      } catch {
        /* already closed */
      }
      fs.rmSync(tmp, { force: true });
      return { kind: 'fail', failure: failure('internal', false, { detail: (e as Error).message }) };
    } finally {
      db.close();
    }
  }
}
