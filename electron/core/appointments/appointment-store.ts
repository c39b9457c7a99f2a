import type { Statement } from 'better-sqlite3';
import { timeOrderedId } from './time-ordered-id';
import type { Db } from '../store/database';
import type { AppointmentFilter, AppointmentSort, AppointmentSortField } from '../../../shared/api/contract';
import type {
  AppointmentRow,
  AppointmentStats,
  AppointmentVersionSummary,
  DayCount,
} from '../../../shared/api/types';
import type { AppointmentFields } from '../../../shared/fhir/appointment-derive';
import type { AppointmentProfile } from '../../../shared/fhir/appointment-profile';
import type { Finding } from '../../../shared/fhir/findings';
import { asArray, type JsonObject, obj, str } from '../../../shared/fhir/json';
import type { AppointmentCategory } from '../../../shared/fhir/ig';

export type WriteTarget =
  | { kind: 'create' }
  | { kind: 'conditional'; system: string | null; value: string }
  | { kind: 'id'; id: string };

export interface WriteRequest {
  target: WriteTarget;
  resource: JsonObject;
  profile: AppointmentProfile;
  fields: AppointmentFields;
  findings: Finding[];
  /** Label shown for the sender (registered editor's name, or the label of an unidentified caller). */
  editor: string;
  /** Who the appointment belongs to when this request creates it (see EditorDirectory). */
  owner: string;
  /** mTLS: an existing appointment may only be written by its owner. */
  enforceOwner: boolean;
  /** The caller may take over an appointment that has no owner yet (received before editors had identities). */
  mayClaimUnowned: boolean;
  receivedUtc: number;
}

export interface AppointmentHubView {
  id: string;
  version: number;
  status: string;
  category: AppointmentCategory;
  orientation: string | null;
  startUtc: number | null;
  endUtc: number | null;
  createdUtc: number | null;
  firstReceivedUtc: number;
  practitionerId: string | null;
  organisationId: string | null;
  regulatorId: string | null;
  editor: string;
}

export type WriteOutcome =
  | { kind: 'created' | 'updated'; id: string; version: number; stored: JsonObject }
  | { kind: 'multiple-matches'; count: number }
  | { kind: 'identifier-mismatch'; existing: { system: string; value: string } }
  | { kind: 'identifier-taken'; ownerId: string }
  | { kind: 'forbidden'; id: string };

interface DbRow {
  rowid: number;
  id: string;
  identifier_system: string;
  identifier_value: string;
  current_version: number;
  profile: string;
  status: string;
  category: AppointmentCategory;
  start_raw: string | null;
  start_utc: number | null;
  end_raw: string | null;
  created_raw: string | null;
  created_utc: number | null;
  practitioner_id: string | null;
  organisation_id: string | null;
  regulator_id: string | null;
  editor: string;
  owner: string | null;
  last_received_utc: number;
}

const ROW_COLUMNS = `id, identifier_system, identifier_value, current_version, profile, status, category, start_raw,
  start_utc, end_raw, created_raw, created_utc, practitioner_id, organisation_id, regulator_id, editor, owner, last_received_utc`;

/** Whether `owner` may act on an appointment owned by `current` (null: received before editors had identities). */
export function mayAccess(current: string | null, owner: string, mayClaimUnowned: boolean): boolean {
  return current === owner || ((current === null || current === 'anonymous') && mayClaimUnowned);
}

/** Sort column and the tie-breakers that make each order match exactly one index (no sort step). */
const SORTS: Record<AppointmentSortField, string[]> = {
  start: ['start_utc'],
  created: ['created_utc'],
  status: ['status', 'last_received_utc'],
  category: ['category', 'last_received_utc'],
  editor: ['editor', 'last_received_utc'],
  practitioner: ['practitioner_id'],
  organisation: ['organisation_id'],
  regulator: ['regulator_id'],
  identifier: ['identifier_value', 'identifier_system'],
  versions: ['current_version'],
  lastReceived: ['last_received_utc'],
};

export function toRow(r: DbRow): AppointmentRow {
  return {
    id: r.id,
    identifierSystem: r.identifier_system,
    identifierValue: r.identifier_value,
    status: r.status,
    category: r.category,
    profile: r.profile,
    startRaw: r.start_raw,
    startUtc: r.start_utc,
    endRaw: r.end_raw,
    createdRaw: r.created_raw,
    createdUtc: r.created_utc,
    practitionerId: r.practitioner_id,
    organisationId: r.organisation_id,
    regulatorId: r.regulator_id,
    editor: r.editor,
    owner: r.owner,
    versions: r.current_version,
    lastReceivedUtc: r.last_received_utc,
  };
}

interface Where {
  clause: string;
  params: Record<string, unknown>;
}

export function buildWhere(filter: AppointmentFilter): Where {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.startFrom) {
    parts.push('start_utc >= @startFrom');
    params.startFrom = Date.parse(filter.startFrom);
  }
  if (filter.startTo) {
    parts.push('start_utc <= @startTo');
    params.startTo = Date.parse(filter.startTo);
  }
  const inList = (column: string, key: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    const names = values.map((v, i) => {
      params[`${key}${i}`] = v;
      return `@${key}${i}`;
    });
    parts.push(`${column} IN (${names.join(', ')})`);
  };
  inList('status', 'status', filter.status);
  inList('category', 'category', filter.category);
  inList('editor', 'editor', filter.editor);
  const text = filter.text?.trim();
  if (text) {
    // Prefix match on the identifier columns' own indexes, one range each. Digits alone may be a
    // national id typed without its prefix: 8/0 (RPPS/ADELI), 3/1 (SIRET/FINESS) are tried too.
    const variants = [...new Set([text, text.toLowerCase(), text.toUpperCase(), ...(/^\d+$/.test(text) ? ['8', '0', '3', '1'].map((p) => p + text) : [])])];
    // A UNION of index range scans drives the lookup by rowid; an OR would let the planner scan the sort index.
    const ranges: string[] = [];
    variants.forEach((v, i) => {
      params[`textLow${i}`] = v;
      params[`textHigh${i}`] = `${v}\uffff`;
      for (const column of ['identifier_value', 'practitioner_id', 'organisation_id', 'regulator_id']) {
        ranges.push(`SELECT rowid FROM appointments WHERE ${column} >= @textLow${i} AND ${column} < @textHigh${i}`);
      }
    });
    parts.push(`rowid IN (${ranges.join(' UNION ')})`);
  }
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function orderBy(sort: AppointmentSort): string {
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  return [...SORTS[sort.field], 'rowid'].map((c) => `${c} ${dir}`).join(', ');
}

function versionSummary(row: {
  version: number;
  received_utc: number;
  received_raw: string;
  editor: string;
  profile: string;
  resource: string;
  findings: string;
  exchange_id: number | null;
}): AppointmentVersionSummary {
  const r = JSON.parse(row.resource) as JsonObject;
  let practitionerId: string | null = null;
  for (const p of asArray(r.participant)) {
    const v = str(obj(obj(obj(p)?.actor)?.identifier)?.value);
    if (v) {
      practitionerId = v;
      break;
    }
  }
  return {
    version: row.version,
    receivedUtc: row.received_utc,
    receivedRaw: row.received_raw,
    editor: row.editor,
    profile: row.profile,
    status: str(r.status) ?? null,
    startRaw: str(r.start) ?? null,
    endRaw: str(r.end) ?? null,
    practitionerId,
    findings: JSON.parse(row.findings) as Finding[],
    exchangeId: row.exchange_id,
  };
}

/** Appointments and their versions. Every write is one IMMEDIATE transaction: versions are never lost or doubled. */
export class AppointmentStore {
  private readonly s;

  /** Browse queries differ only by filter shape: prepare each shape once. */
  private readonly cache = new Map<string, Statement>();

  private prepared(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Called inside the transaction that stores each accepted version: the LRM outbox (hub module) writes its
   * row there, so a version is never stored without the transmission that must carry it, even after a crash.
   */
  private outbox: ((appointmentId: string, version: number, receivedUtc: number) => void) | null = null;

  setOutbox(outbox: (appointmentId: string, version: number, receivedUtc: number) => void): void {
    this.outbox = outbox;
  }

  constructor(private readonly db: Db) {
    this.s = {
      byId: db.prepare(`SELECT rowid, ${ROW_COLUMNS} FROM appointments WHERE id = ?`),
      byIdentifier: db.prepare(`SELECT rowid, ${ROW_COLUMNS} FROM appointments WHERE identifier_system = ? AND identifier_value = ?`),
      byValue: db.prepare(`SELECT rowid, ${ROW_COLUMNS} FROM appointments WHERE identifier_value = ? LIMIT 2`),
      countByValue: db.prepare('SELECT count(*) AS n FROM appointments WHERE identifier_value = ?'),
      allByValue: db.prepare(`SELECT rowid, ${ROW_COLUMNS} FROM appointments WHERE identifier_value = ?`),
      insert: db.prepare(`INSERT INTO appointments (id, identifier_system, identifier_value, current_version, profile,
        status, category, start_raw, start_utc, start_day, end_raw, end_utc, created_raw, created_utc, practitioner_id,
        organisation_id, regulator_id, editor, owner, first_received_utc, last_received_utc, orientation)
        VALUES (@id, @identifierSystem, @identifierValue, @version, @profile, @status, @category, @startRaw, @startUtc,
        @startDay, @endRaw, @endUtc, @createdRaw, @createdUtc, @practitionerId, @organisationId, @regulatorId, @editor,
        @owner, @receivedUtc, @receivedUtc, @orientation)`),
      update: db.prepare(`UPDATE appointments SET current_version = @version, profile = @profile, status = @status,
        category = @category, start_raw = @startRaw, start_utc = @startUtc, start_day = @startDay, end_raw = @endRaw,
        end_utc = @endUtc, created_raw = @createdRaw, created_utc = @createdUtc, practitioner_id = @practitionerId,
        organisation_id = @organisationId, regulator_id = @regulatorId, editor = @editor, owner = @owner,
        last_received_utc = @receivedUtc, orientation = @orientation WHERE id = @id`),
      insertVersion: db.prepare(`INSERT INTO appointment_versions (appointment_id, version, received_utc, received_raw,
        editor, profile, resource, findings, exchange_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      setExchange: db.prepare('UPDATE appointment_versions SET exchange_id = ? WHERE appointment_id = ? AND version = ?'),
      versions: db.prepare(`SELECT version, received_utc, received_raw, editor, profile, resource, findings, exchange_id
        FROM appointment_versions WHERE appointment_id = ? ORDER BY version`),
      version: db.prepare('SELECT resource FROM appointment_versions WHERE appointment_id = ? AND version = ?'),
      editors: db.prepare('SELECT DISTINCT editor FROM appointments ORDER BY editor'),
      hubView: db.prepare(`SELECT id, current_version AS version, status, category, orientation, start_utc AS startUtc, end_utc AS endUtc,
        created_utc AS createdUtc, first_received_utc AS firstReceivedUtc, practitioner_id AS practitionerId,
        organisation_id AS organisationId, regulator_id AS regulatorId, editor FROM appointments WHERE id = ?`),
    };
  }

  /**
   * Decides create or update, stores the new version, and lets the caller journal the exchange in the
   * same transaction (so a version never exists without the request that produced it).
   */
  write(req: WriteRequest, journal: (outcome: WriteOutcome) => number | null): WriteOutcome {
    return this.db.transaction(() => this.writeAndJournal(req, journal)).immediate();
  }

  private writeAndJournal(req: WriteRequest, journal: (outcome: WriteOutcome) => number | null): WriteOutcome {
    const outcome = this.writeInTx(req);
    const exchangeId = journal(outcome);
    if ((outcome.kind === 'created' || outcome.kind === 'updated') && exchangeId !== null) {
      this.s.setExchange.run(exchangeId, outcome.id, outcome.version);
    }
    return outcome;
  }

  private queue: { req: WriteRequest; journal: (o: WriteOutcome) => number | null; resolve(o: WriteOutcome): void; reject(e: unknown): void }[] = [];

  /**
   * Group commit: the writes that arrive during one turn of the event loop share one transaction, each in
   * its own savepoint (one failure never undoes another). Every promise settles after the commit, so an
   * answer is only sent for data that is in the database; the index pages the rows share are written once.
   */
  writeGrouped(req: WriteRequest, journal: (outcome: WriteOutcome) => number | null): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      if (this.queue.push({ req, journal, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    const results: ({ ok: true; outcome: WriteOutcome } | { ok: false; error: unknown })[] = [];
    const one = this.db.transaction((item: (typeof batch)[number]) => this.writeAndJournal(item.req, item.journal));
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            results.push({ ok: true, outcome: one(item) }); // nested: a savepoint
          } catch (error) {
            // A full disk (or any failure that made SQLite roll back the whole transaction) fails the batch:
            // carrying on would commit the next items outside any transaction and answer them as failed.
            if (!this.db.inTransaction || (error as { code?: unknown }).code === 'SQLITE_FULL') throw error;
            results.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      batch.forEach((item) => item.reject(error));
      return;
    }
    batch.forEach((item, i) => {
      const r = results[i];
      if (r.ok) item.resolve(r.outcome);
      else item.reject(r.error);
    });
  }

  private writeInTx(req: WriteRequest): WriteOutcome {
    const f = req.fields;
    let existing: DbRow | undefined;
    const target = req.target;
    if (target.kind === 'conditional') {
      if (target.system === null && req.enforceOwner) {
        // A value alone may match other editors' appointments: only the caller's own count (and are disclosed).
        const own = (this.s.allByValue.all(target.value) as DbRow[]).filter(
          (r) => r.owner === req.owner || (req.mayClaimUnowned && r.identifier_system === f.identifierSystem && mayAccess(r.owner, req.owner, true)),
        );
        if (own.length > 1) return { kind: 'multiple-matches', count: own.length };
        existing = own[0];
      } else if (target.system === null) {
        const n = (this.s.countByValue.get(target.value) as { n: number }).n;
        if (n > 1) return { kind: 'multiple-matches', count: n };
        existing = this.s.byValue.get(target.value) as DbRow | undefined;
      } else {
        existing = this.s.byIdentifier.get(target.system, target.value) as DbRow | undefined;
      }
    } else if (target.kind === 'id') {
      existing = this.s.byId.get(target.id) as DbRow | undefined;
      // Before anything that would describe it (its identifier, in the mismatch answer): is it the caller's?
      if (existing && req.enforceOwner && !mayAccess(existing.owner, req.owner, req.mayClaimUnowned)) return { kind: 'forbidden', id: existing.id };
      if (existing && (existing.identifier_system !== f.identifierSystem || existing.identifier_value !== f.identifierValue)) {
        return { kind: 'identifier-mismatch', existing: { system: existing.identifier_system, value: existing.identifier_value } };
      }
    }
    // A POST for an identifier we already hold, or an update that names a new id for a known identifier:
    // the identifier stays the one key of the appointment.
    const holder = this.s.byIdentifier.get(f.identifierSystem, f.identifierValue) as DbRow | undefined;
    // Ownership first: another editor's appointment is neither written nor disclosed (not even its id).
    if (req.enforceOwner) {
      for (const row of [existing, holder]) {
        if (row && !mayAccess(row.owner, req.owner, req.mayClaimUnowned)) return { kind: 'forbidden', id: row.id };
      }
    }
    if (target.kind === 'create') existing = holder;
    else if (!existing && holder) {
      if (target.kind === 'id') return { kind: 'identifier-taken', ownerId: holder.id };
      existing = holder;
    } else if (existing && holder && holder.id !== existing.id) {
      return { kind: 'identifier-taken', ownerId: holder.id };
    }

    const id = existing?.id ?? (target.kind === 'id' ? target.id : timeOrderedId(req.receivedUtc));
    const version = (existing?.current_version ?? 0) + 1;
    const receivedRaw = new Date(req.receivedUtc).toISOString();
    const { resourceType: _rt, id: _id, meta, ...rest } = req.resource;
    const stored: JsonObject = {
      resourceType: 'Appointment',
      id,
      meta: { ...(obj(meta) ?? {}), versionId: String(version), lastUpdated: receivedRaw },
      ...rest,
    };
    // An owned appointment keeps its owner; one without (older, or anonymous) is taken by the caller.
    const owner = existing?.owner && existing.owner !== 'anonymous' ? existing.owner : req.owner;
    const params = { ...f, id, version, profile: req.profile, editor: req.editor, owner, receivedUtc: req.receivedUtc };
    if (existing) this.s.update.run(params);
    else this.s.insert.run(params);
    this.s.insertVersion.run(id, version, req.receivedUtc, receivedRaw, req.editor, req.profile, JSON.stringify(stored),
      JSON.stringify(req.findings.filter((x) => x.ruleId !== 'APT-PROFILE-APPLIED')), null);
    this.outbox?.(id, version, req.receivedUtc);
    return { kind: existing ? 'updated' : 'created', id, version, stored };
  }

  /**
   * What an LRM message needs of an appointment's latest version, from the browse columns (no resource to parse:
   * it runs for every message published). `orientation` is null for rows stored before it was derived.
   */
  hubView(id: string): AppointmentHubView | null {
    return (this.s.hubView.get(id) as AppointmentHubView | undefined) ?? null;
  }

  getRow(id: string): AppointmentRow | null {
    const r = this.s.byId.get(id) as DbRow | undefined;
    return r ? toRow(r) : null;
  }

  findByIdentifier(system: string | null, value: string): AppointmentRow[] {
    const rows = system === null
      ? (this.db.prepare(`SELECT rowid, ${ROW_COLUMNS} FROM appointments WHERE identifier_value = ?`).all(value) as DbRow[])
      : ([this.s.byIdentifier.get(system, value)].filter(Boolean) as DbRow[]);
    return rows.map(toRow);
  }

  currentResource(id: string): JsonObject | null {
    const row = this.s.byId.get(id) as DbRow | undefined;
    return row ? this.versionResource(id, row.current_version) : null;
  }

  versionResource(id: string, version: number): JsonObject | null {
    const r = this.s.version.get(id, version) as { resource: string } | undefined;
    return r ? (JSON.parse(r.resource) as JsonObject) : null;
  }

  versions(id: string): AppointmentVersionSummary[] {
    return (this.s.versions.all(id) as Parameters<typeof versionSummary>[0][]).map(versionSummary);
  }

  list(filter: AppointmentFilter, sort: AppointmentSort, offset: number, limit: number): AppointmentRow[] {
    const w = buildWhere(filter);
    const rows = this
      .prepared(`SELECT rowid, ${ROW_COLUMNS} FROM appointments ${w.clause} ORDER BY ${orderBy(sort)} LIMIT @limit OFFSET @offset`)
      .all({ ...w.params, limit, offset }) as DbRow[];
    return rows.map(toRow);
  }

  count(filter: AppointmentFilter): number {
    const w = buildWhere(filter);
    return (this.prepared(`SELECT count(*) AS n FROM appointments ${w.clause}`).get(w.params) as { n: number }).n;
  }

  /** Streams rows (and optionally the current resource) for exports, without loading them all. */
  *iterate(filter: AppointmentFilter, sort: AppointmentSort, withResource: boolean): Generator<AppointmentRow & { resource?: string }> {
    const w = buildWhere(filter);
    const resource = withResource
      ? `, (SELECT resource FROM appointment_versions v
           WHERE v.appointment_id = appointments.id AND v.version = appointments.current_version) AS resource`
      : '';
    const sql = `SELECT rowid, ${ROW_COLUMNS}${resource} FROM appointments ${w.clause} ORDER BY ${orderBy(sort)}`;
    for (const r of this.db.prepare(sql).iterate(w.params) as IterableIterator<DbRow & { resource?: string }>) {
      yield withResource ? { ...toRow(r), resource: r.resource } : toRow(r);
    }
  }

  /** Hands over the appointments of one owner to another (a certificate registered for an editor). */
  reassignOwner(from: readonly string[], to: string): number {
    if (from.length === 0) return 0;
    return this.db.prepare(`UPDATE appointments SET owner = ? WHERE owner IN (SELECT value FROM json_each(?))`).run(to, JSON.stringify(from)).changes;
  }

  /** How many appointments an owner holds (an editor that owns some is not removed). */
  countOwned(owner: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM appointments WHERE owner = ?').get(owner) as { n: number }).n;
  }

  editors(): string[] {
    return (this.s.editors.all() as { editor: string }[]).map((r) => r.editor);
  }

  stats(filter: AppointmentFilter): AppointmentStats {
    const w = buildWhere(filter);
    const group = (column: string): DayCount[] =>
      this.db
        .prepare(`SELECT start_day AS day, ${column} AS key, count(*) AS count FROM appointments ${w.clause}
          ${w.clause ? 'AND' : 'WHERE'} start_day IS NOT NULL GROUP BY start_day, ${column} ORDER BY start_day, ${column}`)
        .all(w.params) as DayCount[];
    const byStatus = group('status');
    return { byStatus, byCategory: group('category'), total: byStatus.reduce((n, d) => n + d.count, 0) };
  }
}
