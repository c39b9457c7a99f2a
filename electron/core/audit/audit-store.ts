import type { Db } from '../store/database';
import type { AuditEntry, AuditFilter } from '../../../shared/api/audit-types';

export interface AuditDraft {
  actor: string;
  action: string;
  target?: string | null;
  security?: boolean;
  outcome: 'ok' | 'refused' | 'failed';
  before?: unknown;
  after?: unknown;
  detail?: string | null;
}

interface Row {
  id: number;
  at_utc: number;
  at_raw: string;
  actor: string;
  host: string;
  action: string;
  target: string | null;
  security: number;
  outcome: AuditEntry['outcome'];
  before_json: string | null;
  after_json: string | null;
  detail: string | null;
}

/** The audit trail of operator actions: append-only, one row per command (done, refused or failed). */
export class AuditStore {
  private readonly insert;

  constructor(
    private readonly db: Db,
    /** Where the console runs (desktop or headless, and the machine), recorded beside the actor. */
    private readonly host: string,
  ) {
    this.insert = db.prepare(`INSERT INTO audit_log (at_utc, at_raw, actor, host, action, target, security, outcome,
      before_json, after_json, detail) VALUES (@atUtc, @atRaw, @actor, @host, @action, @target, @security, @outcome,
      @before, @after, @detail)`);
  }

  record(d: AuditDraft, now = Date.now()): number {
    return Number(
      this.insert.run({
        atUtc: now,
        atRaw: new Date(now).toISOString(),
        actor: d.actor,
        host: this.host,
        action: d.action,
        target: d.target ?? null,
        security: d.security ? 1 : 0,
        outcome: d.outcome,
        before: d.before === undefined ? null : JSON.stringify(d.before),
        after: d.after === undefined ? null : JSON.stringify(d.after),
        detail: d.detail ?? null,
      }).lastInsertRowid,
    );
  }

  list(filter: AuditFilter, offset: number, limit: number): { rows: AuditEntry[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.action) {
      where.push("action LIKE @action ESCAPE '\\'");
      params.action = `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.securityOnly) where.push('security = 1');
    if (filter.from) {
      where.push('at_utc >= @from');
      params.from = Date.parse(filter.from);
    }
    if (filter.to) {
      where.push('at_utc <= @to');
      params.to = Date.parse(filter.to);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db.prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }) as Row[];
    const { total } = this.db.prepare(`SELECT count(*) AS total FROM audit_log ${clause}`).get(params) as { total: number };
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        atUtc: r.at_utc,
        atRaw: r.at_raw,
        actor: r.actor,
        host: r.host,
        action: r.action,
        target: r.target,
        security: r.security === 1,
        outcome: r.outcome,
        before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
        after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
        detail: r.detail,
      })),
    };
  }
}
