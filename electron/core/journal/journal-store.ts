import type { Db } from '../store/database';
import type { JournalFilter } from '../../../shared/api/contract';
import type { ExchangeDetail, ExchangeLink, ExchangeOutcome, ExchangeSummary } from '../../../shared/api/types';
import type { Failure } from '../../../shared/api/failure';

export interface ExchangeDraft {
  atUtc: number;
  direction: 'inbound' | 'outbound';
  channel: string;
  peer: string | null;
  clientSubject: string | null;
  clientIssuer?: string | null;
  clientFingerprint?: string | null;
  /** Why the exchange was refused before or beside HTTP: `tls:<code>`, `editor-unknown`, `not-owner`… */
  refusal?: string | null;
  method: string | null;
  url: string | null;
  status: number | null;
  durationMs: number | null;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  /** The response body was the version the request produced: stored there, not twice. */
  responseIsVersion?: boolean;
  appointmentId: string | null;
  protocol?: 'http' | 'amqp';
  operation?: string | null;
  correlationId?: string | null;
  outcome?: ExchangeOutcome | null;
  failure?: Failure | null;
  timings?: ExchangeDetail['timings'];
  tls?: Record<string, unknown> | null;
  links?: readonly ExchangeLink[];
}

/** What an outbound attempt learnt once it ended: filled in on the row written before the request left. */
export interface ExchangeCompletion {
  status: number | null;
  durationMs: number | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  outcome: ExchangeOutcome;
  failure: Failure | null;
  timings: ExchangeDetail['timings'];
  tls: Record<string, unknown> | null;
}

interface Row {
  id: number;
  at_utc: number;
  at_raw: string;
  direction: 'inbound' | 'outbound';
  channel: string;
  peer: string | null;
  client_subject: string | null;
  client_issuer: string | null;
  client_fingerprint: string | null;
  refusal: string | null;
  body_purged_utc: number | null;
  method: string | null;
  url: string | null;
  status: number | null;
  duration_ms: number | null;
  request_headers: string | null;
  request_body: string | null;
  response_headers: string | null;
  response_body: string | null;
  response_is_version: number;
  appointment_id: string | null;
  protocol: 'http' | 'amqp';
  operation: string | null;
  correlation_id: string | null;
  outcome: ExchangeOutcome | null;
  failure: string | null;
  timings: string | null;
  tls: string | null;
}

const SUMMARY_COLUMNS =
  'id, at_utc, direction, channel, peer, client_subject, method, url, status, duration_ms, appointment_id, refusal, protocol, operation, correlation_id, outcome, failure';

function toSummary(r: Row): ExchangeSummary {
  return {
    id: r.id,
    atUtc: r.at_utc,
    direction: r.direction,
    channel: r.channel,
    peer: r.peer,
    clientSubject: r.client_subject,
    method: r.method,
    url: r.url,
    status: r.status,
    durationMs: r.duration_ms,
    appointmentId: r.appointment_id,
    refusal: r.refusal,
    protocol: r.protocol ?? 'http',
    operation: r.operation ?? null,
    correlationId: r.correlation_id ?? null,
    outcome: r.outcome ?? null,
    failure: r.failure ? (JSON.parse(r.failure) as Failure) : null,
  };
}

/** The exchange journal: append-only record of every request and its answer. */
export class JournalStore {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly producedStmt;
  private readonly retention;
  private readonly linkStmt;
  private readonly linksOfStmt;
  private readonly completeStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(`INSERT INTO exchanges (at_utc, at_raw, direction, channel, peer, client_subject,
      client_issuer, client_fingerprint, refusal, method, url, status, duration_ms, request_headers, request_body,
      response_headers, response_body, response_is_version, appointment_id, refused_body_bytes, protocol, operation,
      correlation_id, outcome, failure, timings, tls)
      VALUES (@atUtc, @atRaw, @direction, @channel, @peer, @clientSubject, @clientIssuer, @clientFingerprint, @refusal,
      @method, @url, @status, @durationMs, @requestHeaders, @requestBody, @responseHeaders, @responseBody,
      @responseIsVersion, @appointmentId, @refusedBodyBytes, @protocol, @operation, @correlationId, @outcome, @failure,
      @timings, @tls)`);
    this.linkStmt = db.prepare('INSERT OR IGNORE INTO exchange_links (kind, ref, exchange_id) VALUES (?, ?, ?)');
    this.linksOfStmt = db.prepare('SELECT kind, ref FROM exchange_links WHERE exchange_id = ? ORDER BY kind, ref');
    // Only a pending attempt is completed, once: the journal stays append-only in what it has said.
    this.completeStmt = db.prepare(`UPDATE exchanges SET status = @status, duration_ms = @durationMs,
      response_headers = @responseHeaders, response_body = @responseBody, outcome = @outcome, failure = @failure,
      timings = @timings, tls = @tls WHERE id = @id AND outcome = 'pending'`);
    this.getStmt = db.prepare('SELECT * FROM exchanges WHERE id = ?');
    const purgeSet = 'request_body = NULL, response_body = NULL, refused_body_bytes = NULL, body_purged_utc = @now';
    this.retention = {
      expired: db.prepare(`UPDATE exchanges SET ${purgeSet} WHERE id IN (SELECT id FROM exchanges
        WHERE refused_body_bytes IS NOT NULL AND at_utc < @before ORDER BY at_utc LIMIT @batch)`),
      total: db.prepare('SELECT coalesce(sum(refused_body_bytes), 0) AS n FROM exchanges WHERE refused_body_bytes IS NOT NULL'),
      oldest: db.prepare('SELECT id, refused_body_bytes AS bytes FROM exchanges WHERE refused_body_bytes IS NOT NULL ORDER BY at_utc LIMIT @batch'),
      byIds: db.prepare(`UPDATE exchanges SET ${purgeSet} WHERE id IN (SELECT value FROM json_each(@ids))`),
    };
    this.producedStmt = db.prepare(
      'SELECT appointment_id AS appointmentId, version, resource FROM appointment_versions WHERE exchange_id = ? ORDER BY version',
    );
  }

  record(e: ExchangeDraft): number {
    const responseBody = e.responseIsVersion ? null : e.responseBody;
    // Bodies of refused inbound requests are kept for a while (retention settings): their size is noted once here.
    const refused = e.direction === 'inbound' && (e.refusal != null || (e.status !== null && e.status >= 400));
    const bodyBytes = !refused ? 0 : (e.requestBody ? Buffer.byteLength(e.requestBody) : 0) + (responseBody ? Buffer.byteLength(responseBody) : 0);
    const info = this.insertStmt.run({
      ...e,
      clientIssuer: e.clientIssuer ?? null,
      clientFingerprint: e.clientFingerprint ?? null,
      refusal: e.refusal ?? null,
      atRaw: new Date(e.atUtc).toISOString(),
      requestHeaders: JSON.stringify(e.requestHeaders),
      responseHeaders: JSON.stringify(e.responseHeaders),
      responseBody,
      responseIsVersion: e.responseIsVersion ? 1 : 0,
      refusedBodyBytes: refused && bodyBytes > 0 ? bodyBytes : null,
      protocol: e.protocol ?? 'http',
      operation: e.operation ?? null,
      correlationId: e.correlationId ?? null,
      outcome: e.outcome ?? null,
      failure: e.failure ? JSON.stringify(e.failure) : null,
      timings: e.timings ? JSON.stringify(e.timings) : null,
      tls: e.tls ? JSON.stringify(e.tls) : null,
    });
    const id = Number(info.lastInsertRowid);
    for (const l of e.links ?? []) this.linkStmt.run(l.kind, l.ref, id);
    return id;
  }

  /**
   * Fills in the answer of an attempt journalled as 'pending' before it left. An attempt that never completes
   * (the process died) stays pending, and is reported as 'unknown' by `markUnknownAttempts` at the next start.
   */
  complete(id: number, c: ExchangeCompletion): boolean {
    return this.completeStmt.run({
      id,
      status: c.status,
      durationMs: c.durationMs,
      responseHeaders: JSON.stringify(c.responseHeaders),
      responseBody: c.responseBody,
      outcome: c.outcome,
      failure: c.failure ? JSON.stringify(c.failure) : null,
      timings: c.timings ? JSON.stringify(c.timings) : null,
      tls: c.tls ? JSON.stringify(c.tls) : null,
    }).changes > 0;
  }

  /**
   * At start: attempts a dead process left pending never got an answer; their outcome is unknown. Hub messages
   * are left to the Hub module: a message the broker confirmed still awaits its final ack, which may come.
   */
  markUnknownAttempts(): number {
    return this.db.prepare("UPDATE exchanges SET outcome = 'unknown' WHERE outcome = 'pending' AND channel <> 'hub'").run().changes;
  }

  /** Exchanges that concern an object (a regulator account, a slot run, a transmission), oldest first. */
  forLink(kind: ExchangeLink['kind'], ref: string, limit = 500): ExchangeSummary[] {
    if (kind === 'transmission') {
      return (this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM exchanges WHERE appointment_id = ? AND channel = 'hub' ORDER BY id LIMIT ?`)
        .all(ref, limit) as Row[]).map(toSummary);
    }
    return (
      this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM exchanges WHERE id IN (SELECT exchange_id FROM exchange_links WHERE kind = ? AND ref = ?) ORDER BY id LIMIT ?`)
        .all(kind, ref, limit) as Row[]
    ).map(toSummary);
  }

  /** The answer of an exchange recorded before its body could be written (it names the entry's own id). */
  setResponseBody(id: number, body: string): void {
    this.db.prepare('UPDATE exchanges SET response_body = ? WHERE id = ?').run(body, id);
  }

  /**
   * Retention of refused requests' bodies: drops those older than `olderThanUtc`, then the oldest ones until
   * the rest fits in `maxBytes`. Runs to the end (tests, small stores); the core runs it step by step instead.
   */
  purgeRefusedBodies(now: number, olderThanUtc: number, maxBytes: number, batch = 500): { purged: number; keptBytes: number } {
    let purged = 0;
    for (;;) {
      const step = this.purgeRefusedBodiesStep(now, olderThanUtc, maxBytes, batch);
      purged += step.purged;
      if (!step.more) return { purged, keptBytes: step.keptBytes };
    }
  }

  /** One small batch of the retention: `more` while there is still something to drop. */
  purgeRefusedBodiesStep(now: number, olderThanUtc: number, maxBytes: number, batch = 500): { purged: number; keptBytes: number; more: boolean } {
    const expired = this.retention.expired.run({ now, before: olderThanUtc, batch }).changes;
    // Still expiring: the total (a sum over every kept body) waits until that phase is over.
    if (expired === batch) return { purged: expired, keptBytes: Number.NaN, more: true };
    const kept = (this.retention.total.get() as { n: number }).n;
    if (kept <= maxBytes) return { purged: expired, keptBytes: kept, more: false };
    const ids: number[] = [];
    let left = kept;
    for (const r of this.retention.oldest.all({ batch }) as { id: number; bytes: number }[]) {
      if (left <= maxBytes) break;
      ids.push(r.id);
      left -= r.bytes;
    }
    if (ids.length === 0) return { purged: expired, keptBytes: kept, more: false };
    const purged = this.retention.byIds.run({ now, ids: JSON.stringify(ids) }).changes;
    return { purged: expired + purged, keptBytes: left, more: left > maxBytes };
  }

  list(filter: JournalFilter, offset: number, limit: number): { rows: ExchangeSummary[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.direction) {
      where.push('direction = @direction');
      params.direction = filter.direction;
    }
    if (filter.peer) {
      where.push("(peer LIKE @peer ESCAPE '\\' OR client_subject LIKE @peer ESCAPE '\\')");
      params.peer = `%${filter.peer.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.status === 'refused') {
      where.push('refusal IS NOT NULL');
    } else if (filter.status) {
      const base = Number(filter.status[0]) * 100;
      where.push('status >= @statusLow AND status < @statusHigh');
      params.statusLow = base;
      params.statusHigh = base + 100;
    }
    if (filter.from) {
      where.push('at_utc >= @from');
      params.from = Date.parse(filter.from);
    }
    if (filter.to) {
      where.push('at_utc <= @to');
      params.to = Date.parse(filter.to);
    }
    if (filter.appointmentId) {
      where.push('appointment_id = @appointmentId');
      params.appointmentId = filter.appointmentId;
    }
    if (filter.operation) {
      where.push("operation LIKE @operation ESCAPE '\\'");
      // Escaped, not stripped: operation names hold underscores (INT_L02.…).
      params.operation = `${filter.operation.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.link?.kind === 'transmission') {
      where.push("appointment_id = @linkRef AND channel = 'hub'");
      params.linkRef = filter.link.ref;
    } else if (filter.link) {
      where.push('id IN (SELECT exchange_id FROM exchange_links WHERE kind = @linkKind AND ref = @linkRef)');
      params.linkKind = filter.link.kind;
      params.linkRef = filter.link.ref;
    }
    if (filter.outcome) {
      where.push('outcome = @outcome');
      params.outcome = filter.outcome;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM exchanges ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as Row[];
    const { total } = this.db.prepare(`SELECT count(*) AS total FROM exchanges ${clause}`).get(params) as { total: number };
    return { rows: rows.map(toSummary), total };
  }

  forAppointment(appointmentId: string): ExchangeSummary[] {
    return (
      this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM exchanges WHERE appointment_id = ? ORDER BY id`)
        .all(appointmentId) as Row[]
    ).map(toSummary);
  }

  get(id: number): ExchangeDetail | null {
    const r = this.getStmt.get(id) as Row | undefined;
    if (!r) return null;
    const produced = this.producedStmt.all(id) as { appointmentId: string; version: number; resource: string }[];
    return {
      ...toSummary(r),
      atRaw: r.at_raw,
      clientIssuer: r.client_issuer,
      clientFingerprint: r.client_fingerprint,
      bodyPurgedUtc: r.body_purged_utc,
      requestHeaders: r.request_headers ? (JSON.parse(r.request_headers) as Record<string, string>) : null,
      requestBody: r.request_body,
      responseHeaders: r.response_headers ? (JSON.parse(r.response_headers) as Record<string, string>) : null,
      responseBody: r.response_is_version ? (produced[0]?.resource ?? null) : r.response_body,
      producedVersions: produced.map(({ appointmentId, version }) => ({ appointmentId, version })),
      links: [
        ...(this.linksOfStmt.all(id) as ExchangeLink[]),
        // A Hub message's transmission is its appointment's (one per appointment): no link row is written for it.
        ...(r.channel === 'hub' && r.appointment_id ? [{ kind: 'transmission' as const, ref: r.appointment_id }] : []),
      ],
      timings: r.timings ? JSON.parse(r.timings) : null,
      tls: r.tls ? (JSON.parse(r.tls) as Record<string, unknown>) : null,
    };
  }
}
