// SQL of the LRM outbox (transmissions: one per appointment) and of its attempts (one per message published).
// The publisher and the inbox call these inside their own transactions; no logic beyond keeping rows coherent.
import type { Db } from '../store/database';
import type {
  AttemptState,
  BlockReason,
  HubErrorView,
  HubOrphan,
  TransmissionAttempt,
  TransmissionFilter,
  TransmissionRow,
  TransmissionState,
} from '../../../shared/api/hub-api';
import { TRANSMISSION_STATES } from '../../../shared/api/hub-api';
import type { RdvMethod } from '../../../shared/hub/rdv-message';

export type AttemptReason = TransmissionAttempt['reason'];

interface Row {
  appointment_id: string;
  wanted_version: number;
  state: TransmissionState;
  in_flight: number | null;
  due_utc: number;
  blocked: string | null;
  samu: string | null;
  sent_version: number | null;
  method: RdvMethod | null;
  attempts: number;
  last_attempt: number | null;
  error_code: number | null;
  error_class: string | null;
  error: string | null;
  ack: string | null;
  possible_duplicates: number;
  next_reason: AttemptReason;
  next_operator: string | null;
  checked_version: number | null;
  updated_utc: number;
  published_utc: number | null;
  acknowledged_utc: number | null;
  // joined from appointments
  identifier_value?: string;
  editor?: string;
  status?: string;
  start_utc?: number | null;
}

interface AttemptRow {
  id: number;
  appointment_id: string;
  distribution_id: string;
  version: number;
  method: RdvMethod;
  samu: string;
  state: AttemptState;
  reason: AttemptReason;
  operator: string | null;
  created_utc: number;
  published_utc: number | null;
  outcome_utc: number | null;
  error: string | null;
  ack: string | null;
  exchange_id: number | null;
  response_exchange_id: number | null;
}

export interface DueTransmission {
  appointmentId: string;
  wantedVersion: number;
  nextReason: AttemptReason;
  nextOperator: string | null;
}

export interface AttemptRef {
  id: number;
  appointmentId: string;
  distributionId: string;
  version: number;
  method: RdvMethod;
  samu: string;
  state: AttemptState;
}

export interface Ack {
  step: string | null;
  refused: boolean | null;
}

/** Errors that never reached the LRM: the Hub refused the message itself, or could not route it. */
const NEVER_DELIVERED_CLASSES = ['fix-message', 'routing'];

/** States an operator should look at. */
export const ATTENTION_SQL = `(state IN ('blocked', 'failed', 'unconfirmed') OR (state = 'acknowledged' AND json_extract(ack, '$.refused') = 1))`;

const ROW_SELECT = `SELECT t.*, a.identifier_value, a.editor, a.status, a.start_utc FROM transmissions t LEFT JOIN appointments a ON a.id = t.appointment_id`;

function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toTransmissionRow(r: Row): TransmissionRow {
  return {
    appointmentId: r.appointment_id,
    appointmentIdentifier: r.identifier_value ?? '',
    editor: r.editor ?? '',
    appointmentStatus: r.status ?? '',
    appointmentStartUtc: r.start_utc ?? null,
    state: r.state,
    inFlight: r.in_flight !== null,
    samu: r.samu,
    wantedVersion: r.wanted_version,
    sentVersion: r.sent_version,
    method: r.method,
    attempts: r.attempts,
    lastDistributionId: null,
    blocked: parse<BlockReason[]>(r.blocked) ?? [],
    error: parse<HubErrorView>(r.error),
    ack: parse<Ack>(r.ack),
    possibleDuplicates: r.possible_duplicates,
    updatedUtc: r.updated_utc,
    publishedUtc: r.published_utc,
    acknowledgedUtc: r.acknowledged_utc,
  };
}

function toAttempt(r: AttemptRow, envelope: unknown, response: unknown): TransmissionAttempt {
  return {
    id: r.id,
    distributionId: r.distribution_id,
    version: r.version,
    method: r.method,
    samu: r.samu,
    state: r.state,
    reason: r.reason,
    operator: r.operator,
    createdUtc: r.created_utc,
    publishedUtc: r.published_utc,
    outcomeUtc: r.outcome_utc,
    envelope,
    response,
    error: parse<HubErrorView>(r.error),
    ack: parse<Ack>(r.ack),
    exchangeId: r.exchange_id,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function transmissionWhere(filter: TransmissionFilter, withStates = true): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (withStates && filter.states?.length) {
    where.push(`t.state IN (${filter.states.map((_, i) => `@state${i}`).join(', ')})`);
    filter.states.forEach((s, i) => (params[`state${i}`] = s));
  }
  if (filter.samu) {
    where.push('t.samu = @samu');
    params.samu = filter.samu;
  }
  if (filter.errorCode !== undefined) {
    where.push('t.error_code = @errorCode');
    params.errorCode = filter.errorCode;
  }
  if (filter.errorClass) {
    where.push('t.error_class = @errorClass');
    params.errorClass = filter.errorClass;
  }
  if (filter.from) {
    where.push('t.updated_utc >= @from');
    params.from = Date.parse(filter.from);
  }
  if (filter.to) {
    where.push('t.updated_utc < @to');
    params.to = Date.parse(filter.to);
  }
  if (filter.attention) where.push(ATTENTION_SQL.replace(/\b(state|ack)\b/g, 't.$1'));
  if (filter.appointment) {
    where.push(`(t.appointment_id = @appointment OR a.identifier_value = @appointment OR a.identifier_value LIKE @appointmentLike ESCAPE '\\'
      OR t.appointment_id = (SELECT appointment_id FROM transmission_attempts WHERE distribution_id = @appointment))`);
    params.appointment = filter.appointment;
    params.appointmentLike = `%${escapeLike(filter.appointment)}%`;
  }
  if (filter.editor) {
    where.push('a.editor = @editor');
    params.editor = filter.editor;
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The appointment is joined only when the filter reads it: counting a million transmissions then reads one index. */
function joinFor(filter: TransmissionFilter): string {
  return filter.appointment || filter.editor ? 'LEFT JOIN appointments a ON a.id = t.appointment_id' : '';
}

export class TransmissionStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      enqueue: db.prepare(`INSERT INTO transmissions (appointment_id, wanted_version, state, due_utc, updated_utc, next_reason)
        VALUES (?, ?, 'queued', ?, ?, 'version')
        ON CONFLICT(appointment_id) DO UPDATE SET wanted_version = excluded.wanted_version, state = 'queued', due_utc = excluded.due_utc,
        blocked = NULL, updated_utc = excluded.updated_utc, next_reason = 'version', next_operator = NULL`),
      due: db.prepare(`SELECT appointment_id, wanted_version, next_reason, next_operator FROM transmissions INDEXED BY transmissions_due
        WHERE state = 'queued' AND in_flight IS NULL AND due_utc <= ? ORDER BY due_utc LIMIT ?`),
      nextDue: db.prepare(`SELECT min(due_utc) AS at FROM transmissions INDEXED BY transmissions_due WHERE state = 'queued' AND in_flight IS NULL`),
      unchecked: db.prepare(`SELECT appointment_id, wanted_version, next_reason, next_operator FROM transmissions INDEXED BY transmissions_due
        WHERE state = 'queued' AND in_flight IS NULL AND (checked_version IS NULL OR checked_version < wanted_version) LIMIT ?`),
      checked: db.prepare('UPDATE transmissions SET checked_version = ? WHERE appointment_id = ?'),
      block: db.prepare(`UPDATE transmissions SET state = 'blocked', blocked = ?, samu = coalesce(?, samu), checked_version = wanted_version,
        updated_utc = ? WHERE appointment_id = ? AND in_flight IS NULL`),
      earlier: db.prepare(`SELECT id, state, error FROM transmission_attempts INDEXED BY transmission_attempts_by_appointment
        WHERE appointment_id = ? AND samu = ?`),
      insertAttempt: db.prepare(`INSERT INTO transmission_attempts (appointment_id, distribution_id, version, method, samu, state, reason,
        operator, created_utc, exchange_id) VALUES (@appointmentId, @distributionId, @version, @method, @samu, 'pending', @reason, @operator, @now, @exchangeId)`),
      startAttempt: db.prepare(`UPDATE transmissions SET in_flight = @attemptId, last_attempt = @attemptId, samu = @samu, sent_version = @version,
        method = @method, attempts = attempts + 1, blocked = NULL, error = NULL, error_code = NULL, error_class = NULL, ack = NULL,
        published_utc = NULL, acknowledged_utc = NULL, next_reason = 'version', next_operator = NULL, updated_utc = @now
        WHERE appointment_id = @appointmentId`),
      attemptById: db.prepare('SELECT id, appointment_id, distribution_id, version, method, samu, state, exchange_id FROM transmission_attempts WHERE id = ?'),
      attemptByDistribution: db.prepare(`SELECT id, appointment_id, distribution_id, version, method, samu, state, exchange_id FROM transmission_attempts
        WHERE distribution_id = ?`),
      confirmAttempt: db.prepare(`UPDATE transmission_attempts SET state = 'published', published_utc = ? WHERE id = ? AND state = 'pending'`),
      confirmedRow: db.prepare(`UPDATE transmissions SET in_flight = NULL, published_utc = @now,
        state = CASE WHEN wanted_version > sent_version OR next_reason = 'sequence' THEN 'queued'
                     -- an ack or an error may have been stored before the confirm was (they travel separately)
                     ELSE coalesce((SELECT CASE state WHEN 'published' THEN 'published' WHEN 'acknowledged' THEN 'acknowledged'
                       WHEN 'failed' THEN 'failed' END FROM transmission_attempts WHERE id = @attemptId), state) END,
        updated_utc = @now WHERE appointment_id = @appointmentId AND in_flight = @attemptId`),
      endAttempt: db.prepare(`UPDATE transmission_attempts SET state = ?, outcome_utc = ? WHERE id = ? AND state = 'pending'`),
      requeueRow: db.prepare(`UPDATE transmissions SET in_flight = NULL, state = 'queued', due_utc = @due, updated_utc = @now,
        possible_duplicates = possible_duplicates + @duplicate, next_reason = 'recovery'
        WHERE appointment_id = @appointmentId AND in_flight = @attemptId`),
      ackAttempt: db.prepare(`UPDATE transmission_attempts SET state = 'acknowledged', ack = ?, outcome_utc = ?, response_exchange_id = ? WHERE id = ?`),
      failAttempt: db.prepare(`UPDATE transmission_attempts SET state = ?, error = ?, outcome_utc = ?, response_exchange_id = ? WHERE id = ?`),
      rowOf: db.prepare('SELECT last_attempt, in_flight, wanted_version, sent_version FROM transmissions WHERE appointment_id = ?'),
      ackRow: db.prepare(`UPDATE transmissions SET state = CASE WHEN in_flight IS NULL AND wanted_version <= sent_version AND state <> 'queued' THEN 'acknowledged' ELSE state END,
        ack = @ack, acknowledged_utc = @now, error = @error, error_code = @errorCode, error_class = @errorClass, updated_utc = @now
        WHERE appointment_id = @appointmentId AND last_attempt = @attemptId`),
      failRow: db.prepare(`UPDATE transmissions SET state = CASE WHEN in_flight IS NULL AND wanted_version <= sent_version AND state <> 'queued' THEN 'failed' ELSE state END,
        error = @error, error_code = @errorCode, error_class = @errorClass, updated_utc = @now
        WHERE appointment_id = @appointmentId AND last_attempt = @attemptId`),
      sequence: db.prepare(`UPDATE transmissions SET state = 'queued', due_utc = @now, next_reason = 'sequence', updated_utc = @now
        WHERE appointment_id = @appointmentId AND last_attempt = @attemptId AND in_flight IS NULL`),
      unconfirmedAttempts: db.prepare(`UPDATE transmission_attempts SET state = 'unconfirmed', outcome_utc = @now
        WHERE id IN (SELECT last_attempt FROM transmissions INDEXED BY transmissions_awaiting_ack WHERE state = 'published' AND published_utc < @cutoff)
        AND state = 'published'`),
      unconfirmedRows: db.prepare(`UPDATE transmissions SET state = 'unconfirmed', updated_utc = @now
        WHERE appointment_id IN (SELECT appointment_id FROM transmissions INDEXED BY transmissions_awaiting_ack WHERE state = 'published' AND published_utc < @cutoff)`),
      oldestPublished: db.prepare(`SELECT min(published_utc) AS at FROM transmissions INDEXED BY transmissions_awaiting_ack WHERE state = 'published'`),
      pendingAttempts: db.prepare(`SELECT id, appointment_id FROM transmission_attempts INDEXED BY transmission_attempts_pending WHERE state = 'pending'`),
      release: db.prepare(`UPDATE transmissions SET state = 'queued', due_utc = ?, checked_version = NULL, updated_utc = ? WHERE state = 'blocked'`),
      retry: db.prepare(`UPDATE transmissions SET state = 'queued', due_utc = @now, blocked = NULL, checked_version = NULL, next_reason = 'retry',
        next_operator = @operator, updated_utc = @now WHERE appointment_id = @appointmentId AND in_flight IS NULL`),
      get: db.prepare(`${ROW_SELECT} WHERE t.appointment_id = ?`),
      attempts: db.prepare('SELECT * FROM transmission_attempts INDEXED BY transmission_attempts_by_appointment WHERE appointment_id = ? ORDER BY id'),
      lastDistribution: db.prepare('SELECT distribution_id FROM transmission_attempts WHERE id = ?'),
      counts: db.prepare('SELECT state, count(*) AS n FROM transmissions GROUP BY state'),
      attention: db.prepare(`SELECT count(*) AS n FROM transmissions WHERE ${ATTENTION_SQL}`),
      inFlight: db.prepare('SELECT count(*) AS n FROM transmissions WHERE in_flight IS NOT NULL'),
      addOrphan: db.prepare(`INSERT INTO hub_orphans (received_utc, queue, kind, reference, reason, body, exchange_id) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      orphans: db.prepare('SELECT * FROM hub_orphans ORDER BY id DESC LIMIT ? OFFSET ?'),
      orphanCount: db.prepare('SELECT count(*) AS n FROM hub_orphans'),
    };
  }

  /** The outbox write, inside the transaction that stores the version (AppointmentStore.setOutbox). */
  enqueueVersion(appointmentId: string, version: number, now: number): void {
    this.s.enqueue.run(appointmentId, version, now, now);
  }

  due(now: number, limit: number): DueTransmission[] {
    return (this.s.due.all(now, limit) as Pick<Row, 'appointment_id' | 'wanted_version' | 'next_reason' | 'next_operator'>[]).map((r) => ({
      appointmentId: r.appointment_id,
      wantedVersion: r.wanted_version,
      nextReason: r.next_reason,
      nextOperator: r.next_operator,
    }));
  }

  /** When the next queued transmission is due (after a back-off), or null when none waits. */
  nextDueUtc(): number | null {
    return (this.s.nextDue.get() as { at: number | null }).at;
  }

  unchecked(limit: number): DueTransmission[] {
    return (this.s.unchecked.all(limit) as Pick<Row, 'appointment_id' | 'wanted_version' | 'next_reason' | 'next_operator'>[]).map((r) => ({
      appointmentId: r.appointment_id,
      wantedVersion: r.wanted_version,
      nextReason: r.next_reason,
      nextOperator: r.next_operator,
    }));
  }

  markChecked(appointmentId: string, version: number): void {
    this.s.checked.run(version, appointmentId);
  }

  block(appointmentId: string, reasons: BlockReason[], samu: string | null, now: number): void {
    this.s.block.run(JSON.stringify(reasons), samu, now, appointmentId);
  }

  /**
   * Whether the LRM may already hold this appointment: some earlier message to this SAMU may have reached it
   * (anything but a broker nack, or an error the Hub raised before routing). Then the next message is an
   * UpdateAppointment, which an LRM applies as a creation when it does not know the appointment.
   */
  mayHoldAppointment(appointmentId: string, samu: string, exceptAttempt: number | null = null): boolean {
    for (const r of this.s.earlier.all(appointmentId, samu) as { id: number; state: AttemptState; error: string | null }[]) {
      if (r.id === exceptAttempt || r.state === 'nacked') continue;
      if (r.state === 'failed' && NEVER_DELIVERED_CLASSES.includes(parse<HubErrorView>(r.error)?.class ?? '')) continue;
      return true;
    }
    return false;
  }

  beginAttempt(a: {
    appointmentId: string;
    distributionId: string;
    version: number;
    method: RdvMethod;
    samu: string;
    reason: AttemptReason;
    operator: string | null;
    exchangeId: number | null;
    now: number;
  }): number {
    const attemptId = Number(this.s.insertAttempt.run(a).lastInsertRowid);
    this.s.startAttempt.run({ attemptId, appointmentId: a.appointmentId, samu: a.samu, version: a.version, method: a.method, now: a.now });
    return attemptId;
  }

  attemptById(id: number): (AttemptRef & { exchangeId: number | null }) | null {
    return this.toRef(this.s.attemptById.get(id) as (AttemptRow & { exchange_id: number | null }) | undefined);
  }

  attemptByDistribution(distributionId: string): (AttemptRef & { exchangeId: number | null }) | null {
    return this.toRef(this.s.attemptByDistribution.get(distributionId) as (AttemptRow & { exchange_id: number | null }) | undefined);
  }

  private toRef(r: AttemptRow | undefined): (AttemptRef & { exchangeId: number | null }) | null {
    return r
      ? { id: r.id, appointmentId: r.appointment_id, distributionId: r.distribution_id, version: r.version, method: r.method, samu: r.samu, state: r.state, exchangeId: r.exchange_id }
      : null;
  }

  /** The broker confirmed: the message is handed over. */
  confirmed(attempt: AttemptRef, now: number): void {
    this.s.confirmAttempt.run(now, attempt.id);
    this.s.confirmedRow.run({ now, attemptId: attempt.id, appointmentId: attempt.appointmentId });
  }

  /**
   * The broker refused (nack) or the confirm was lost with the connection: the transmission goes back to the
   * queue for a new attempt with a new distributionID. A lost confirm may hide a delivered message: counted.
   */
  requeue(attempt: AttemptRef, outcome: 'nacked' | 'lost', due: number, now: number, possibleDuplicate = outcome === 'lost'): void {
    this.s.endAttempt.run(outcome, now, attempt.id);
    this.s.requeueRow.run({ due, now, duplicate: possibleDuplicate ? 1 : 0, appointmentId: attempt.appointmentId, attemptId: attempt.id });
  }

  /** A final ack: the attempt is acknowledged; the transmission too when this is its latest attempt. */
  acknowledged(attempt: AttemptRef, ack: Ack, responseExchangeId: number | null, now: number, error: HubErrorView | null = null): void {
    const ackText = JSON.stringify(ack);
    this.s.ackAttempt.run(ackText, now, responseExchangeId, attempt.id);
    this.s.ackRow.run({
      ack: ackText,
      now,
      error: error ? JSON.stringify(error) : null,
      errorCode: error?.code ?? null,
      errorClass: error?.class ?? null,
      appointmentId: attempt.appointmentId,
      attemptId: attempt.id,
    });
  }

  failed(attempt: AttemptRef, error: HubErrorView, responseExchangeId: number | null, now: number): void {
    const text = JSON.stringify(error);
    this.s.failAttempt.run('failed', text, now, responseExchangeId, attempt.id);
    this.s.failRow.run({ error: text, errorCode: error.code, errorClass: error.class, now, appointmentId: attempt.appointmentId, attemptId: attempt.id });
  }

  /** After "already exists" on a create: send the latest state as an update, if this is still the latest attempt. */
  queueSequel(attempt: AttemptRef, now: number): void {
    this.s.sequence.run({ now, appointmentId: attempt.appointmentId, attemptId: attempt.id });
  }

  isLatest(attempt: AttemptRef): boolean {
    const r = this.s.rowOf.get(attempt.appointmentId) as { last_attempt: number | null } | undefined;
    return r?.last_attempt === attempt.id;
  }

  /** Published and still without a final ack since `cutoff`: not delivered, as far as anyone can tell (DST §3.3.2). */
  markUnconfirmed(cutoff: number, now: number): number {
    this.s.unconfirmedAttempts.run({ now, cutoff });
    return this.s.unconfirmedRows.run({ now, cutoff }).changes;
  }

  oldestPublishedUtc(): number | null {
    return (this.s.oldestPublished.get() as { at: number | null }).at;
  }

  /** Attempts a dead process left without the broker's confirm. */
  pendingAttempts(): { id: number; appointmentId: string }[] {
    return (this.s.pendingAttempts.all() as { id: number; appointment_id: string }[]).map((r) => ({ id: r.id, appointmentId: r.appointment_id }));
  }

  releaseBlocked(now: number): number {
    return this.s.release.run(now, now).changes;
  }

  retry(appointmentId: string, operator: string, now: number): boolean {
    return this.s.retry.run({ now, operator, appointmentId }).changes > 0;
  }

  get(appointmentId: string): TransmissionRow | null {
    const r = this.s.get.get(appointmentId) as Row | undefined;
    if (!r) return null;
    const row = toTransmissionRow(r);
    if (r.last_attempt !== null) row.lastDistributionId = (this.s.lastDistribution.get(r.last_attempt) as { distribution_id: string } | undefined)?.distribution_id ?? null;
    return row;
  }

  attempts(appointmentId: string, bodies: (exchangeId: number | null, responseExchangeId: number | null) => { envelope: unknown; response: unknown }): TransmissionAttempt[] {
    return (this.s.attempts.all(appointmentId) as AttemptRow[]).map((r) => {
      const b = bodies(r.exchange_id, r.response_exchange_id);
      return toAttempt(r, b.envelope, b.response);
    });
  }

  list(filter: TransmissionFilter, offset: number, limit: number): TransmissionRow[] {
    const w = transmissionWhere(filter);
    return (this.db.prepare(`${ROW_SELECT} ${w.clause} ORDER BY t.updated_utc DESC, t.appointment_id LIMIT @limit OFFSET @offset`)
      .all({ ...w.params, limit, offset }) as Row[]).map(toTransmissionRow);
  }

  count(filter: TransmissionFilter): number {
    const w = transmissionWhere(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM transmissions t ${joinFor(filter)} ${w.clause}`).get(w.params) as { n: number }).n;
  }

  /** Per state over a filter (its own state criterion aside, so the counts show what the other states hold). */
  countsByState(filter: TransmissionFilter): Record<TransmissionState, number> {
    const w = transmissionWhere(filter, false);
    const counts = Object.fromEntries(TRANSMISSION_STATES.map((s) => [s, 0])) as Record<TransmissionState, number>;
    const rows = (w.clause
      ? this.db.prepare(`SELECT t.state, count(*) AS n FROM transmissions t ${joinFor(filter)} ${w.clause} GROUP BY t.state`).all(w.params)
      : this.s.counts.all()) as { state: TransmissionState; n: number }[];
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }

  /** Appointment ids a filter selects (retry all filtered), in a stable order. */
  idsOf(filter: TransmissionFilter, max: number): string[] {
    const w = transmissionWhere(filter);
    return (this.db.prepare(`SELECT t.appointment_id FROM transmissions t ${joinFor(filter)} ${w.clause}
      ORDER BY t.appointment_id LIMIT @max`).all({ ...w.params, max }) as { appointment_id: string }[]).map((r) => r.appointment_id);
  }

  attention(): number {
    return (this.s.attention.get() as { n: number }).n;
  }

  inFlight(): number {
    return (this.s.inFlight.get() as { n: number }).n;
  }

  addOrphan(o: { receivedUtc: number; queue: string; kind: HubOrphan['kind']; reference: string | null; reason: string; body: string; exchangeId: number | null }): void {
    this.s.addOrphan.run(o.receivedUtc, o.queue, o.kind, o.reference, o.reason, o.body, o.exchangeId);
  }

  orphans(offset: number, limit: number): { rows: HubOrphan[]; total: number } {
    const rows = (this.s.orphans.all(limit, offset) as { id: number; received_utc: number; queue: string; kind: HubOrphan['kind']; reference: string | null; reason: string; body: string }[])
      .map((r) => ({ id: r.id, receivedUtc: r.received_utc, queue: r.queue, kind: r.kind, reference: r.reference, reason: r.reason, body: r.body }));
    return { rows, total: (this.s.orphanCount.get() as { n: number }).n };
  }
}
