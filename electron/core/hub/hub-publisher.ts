// The outbox pump: takes due transmissions, builds each message from the appointment's latest version, checks
// it against the product's own schema of the Hub's rules, journals it, records the attempt, and publishes it on
// the confirm channel. A transmission is "handed over" only on the broker's confirm; a nack or a connection
// lost before the confirm puts it back in the queue for a new attempt with a new distributionID.
//
// Work is batched: one transaction prepares a batch of messages, one transaction stores a batch of confirms.
// At most one message per appointment is ever in flight (in_flight column), and versions that arrive
// meanwhile coalesce into the next message, which carries the latest state.
import type { Db } from '../store/database';
import { timeOrderedId } from '../appointments/time-ordered-id';
import type { JournalStore } from '../journal/journal-store';
import { failure, type Failure } from '../../../shared/api/failure';
import type { BlockReason } from '../../../shared/api/hub-api';
import { buildRdvEnvelope, checkRdvEnvelope, type RdvMethod } from '../../../shared/hub/rdv-message';
import { type HubLink, NotSentError } from './hub-link';
import type { AttemptRef, DueTransmission, TransmissionStore } from './transmission-store';
import type { TransmissionAssembler } from './transmission-assembly';
import type { HubConnectionRecord } from './hub-connection-store';

export interface PublisherOptions {
  /** Messages published and not yet confirmed, over all appointments. */
  maxInFlight: number;
  /** Transmissions prepared per transaction. */
  batch: number;
  /** Wait before a new attempt after the broker refused a message (nack). */
  nackBackoffMs: number;
}

export const DEFAULT_PUBLISHER_OPTIONS: PublisherOptions = { maxInFlight: 2_000, batch: 500, nackBackoffMs: 5_000 };

interface Confirm {
  attempt: AttemptRef;
  exchangeId: number | null;
  sentUtc: number;
  error: Error | null;
  atUtc: number;
}

export interface PublisherDeps {
  db: Db;
  store: TransmissionStore;
  journal: JournalStore;
  assembler: TransmissionAssembler;
  link: HubLink;
  connection: () => HubConnectionRecord | null;
  /** Something changed for these appointments (null: many). */
  changed: (appointmentIds: string[] | null) => void;
  options: PublisherOptions;
}

/** A message as it goes out, and what the journal says of the AMQP publish. */
function peerOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5671'}${decodeURIComponent(u.pathname)}`;
  } catch {
    return url;
  }
}

export class HubPublisher {
  private inFlight = 0;
  private scheduled = false;
  private waitingDrain = false;
  private timer: NodeJS.Timeout | null = null;
  private confirms: Confirm[] = [];
  private stopped = false;
  /** Published since start (confirmed by the broker), for status and benchmarks. */
  confirmedCount = 0;

  constructor(private readonly d: PublisherDeps) {}

  get pending(): number {
    return this.inFlight;
  }

  /** Something may be due: run the pump soon (once per turn of the event loop, however many callers). */
  kick(): void {
    if (this.scheduled || this.stopped || this.stopping) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.pump();
      } catch {
        // The store refused (disk full, locked…): nothing was published for what failed to be recorded; try again soon.
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.kick();
        }, 1_000);
        this.timer.unref();
      }
    });
  }

  /**
   * Holds publishing (nothing new leaves; confirms and acks are still taken in) until released: for a
   * maintenance window of the Hub or an LRM, and for benchmarks that build a backlog first.
   */
  hold(on: boolean): void {
    this.held = on;
    if (!on) this.kick();
  }

  private held = false;

  onDrain(): void {
    this.waitingDrain = false;
    this.kick();
  }

  /** A new connection: a drain the old one owed will never come. */
  onConnected(): void {
    this.onDrain();
  }

  /** Stops publishing; waits a little for the confirms of messages already out, so a clean stop leaves no doubt. */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopping = true;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        setTimeout(resolve, graceMs).unref();
      });
    }
    this.stopped = true;
  }

  private stopping = false;
  private idle: (() => void) | null = null;

  private pump(): void {
    if (this.stopped || this.stopping || this.held) return;
    const connection = this.d.connection();
    // Without a Hub connection configured nothing is checked either: transmissions wait in the queue at no cost
    // to the gateway (the status bar says the Hub is not configured), and are checked once it is.
    if (!connection || !connection.enabled) return;
    if (!this.d.link.up) {
      this.checkBlocked();
      return;
    }
    if (this.waitingDrain) return;
    const room = this.d.options.maxInFlight - this.inFlight;
    if (room <= 0) return; // confirms free room and kick again
    const now = Date.now();
    const due = this.d.store.due(now, Math.min(room, this.d.options.batch));
    if (due.length === 0) {
      this.wakeAtNextDue(now);
      return;
    }
    const ready = this.prepare(due, connection, now);
    for (const m of ready) {
      this.inFlight++;
      const accepted = this.d.link.publish(m.body, { messageId: m.attempt.distributionId }, (error) =>
        this.onConfirm({ attempt: m.attempt, exchangeId: m.exchangeId, sentUtc: now, error, atUtc: Date.now() }));
      if (!accepted) this.waitingDrain = true;
    }
    if (due.length > 0) this.d.changed(due.length <= 20 ? due.map((t) => t.appointmentId) : null);
    // More may be due: go on after the confirms and deliveries already received had their turn.
    if (!this.waitingDrain) this.kick();
  }

  private wakeAtNextDue(now: number): void {
    const next = this.d.store.nextDueUtc();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (next === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, Math.max(0, next - now) + 5);
    this.timer.unref();
  }

  /**
   * One transaction: each due transmission either becomes an attempt (journalled, in the outbox as pending,
   * marked in flight) or is blocked with its reasons. Nothing is published before this commits, so a crash
   * leaves either nothing or a pending attempt that recovery knows to be of unknown outcome.
   */
  private prepare(due: DueTransmission[], connection: HubConnectionRecord, now: number) {
    const ready: { attempt: AttemptRef; exchangeId: number; body: Buffer }[] = [];
    const { store, journal, assembler } = this.d;
    this.d.db.transaction(() => assembler.batch(() => {
      for (const t of due) {
        const a = assembler.assemble(t.appointmentId, t.wantedVersion);
        if (!a.ok) {
          store.block(t.appointmentId, a.reasons, a.samu, now);
          continue;
        }
        const method: RdvMethod = store.mayHoldAppointment(t.appointmentId, a.samu) ? 'UpdateAppointment' : 'CreateAppointment';
        // Time-ordered (UUID v7): the indexes on distributionIDs then grow at their end instead of everywhere.
        const distributionId = `${connection.clientId}_${timeOrderedId(now)}`;
        const envelope = buildRdvEnvelope({
          clientId: connection.clientId,
          recipient: a.samu,
          distributionId,
          sentUtc: now,
          expiresUtc: now + connection.expiresAfterHours * 3_600_000,
          appointment: { ...a.content, method },
        });
        const diagnostics = checkRdvEnvelope(envelope);
        if (diagnostics.length > 0) {
          const reasons: BlockReason[] = [{ code: 'message.invalid', params: { rules: diagnostics.map((x) => x.ruleId).join(', '), detail: diagnostics[0].diagnostics } }];
          store.block(t.appointmentId, reasons, a.samu, now);
          continue;
        }
        const body = JSON.stringify(envelope);
        const exchangeId = journal.record({
          atUtc: now,
          direction: 'outbound',
          channel: 'hub',
          protocol: 'amqp',
          peer: peerOf(connection.url),
          clientSubject: null,
          method: 'publish',
          url: `hubsante → ${a.samu}`,
          status: null,
          durationMs: null,
          requestHeaders: { 'routing-key': connection.clientId, 'content-type': 'application/json', 'delivery-mode': '2', 'message-id': distributionId },
          requestBody: body,
          responseHeaders: {},
          responseBody: null,
          appointmentId: t.appointmentId,
          operation: `INT_L02.${method}`,
          correlationId: distributionId,
          outcome: 'pending',
        });
        const id = store.beginAttempt({
          appointmentId: t.appointmentId,
          distributionId,
          version: t.wantedVersion,
          method,
          samu: a.samu,
          reason: t.nextReason,
          operator: t.nextOperator,
          exchangeId,
          now,
        });
        ready.push({
          attempt: { id, appointmentId: t.appointmentId, distributionId, version: t.wantedVersion, method, samu: a.samu, state: 'pending' },
          exchangeId,
          body: Buffer.from(body),
        });
      }
    })).immediate();
    return ready;
  }

  /**
   * While the broker is out of reach, messages are still checked so that blocked ones (unknown regulator, no
   * route…) show at once with their reasons; the others wait in the queue.
   */
  private checkBlocked(): void {
    const { store, assembler } = this.d;
    const now = Date.now();
    const batch = store.unchecked(this.d.options.batch);
    if (batch.length === 0) return;
    const blocked: string[] = [];
    this.d.db.transaction(() => assembler.batch(() => {
      for (const t of batch) {
        const a = assembler.assemble(t.appointmentId, t.wantedVersion);
        if (!a.ok) {
          store.block(t.appointmentId, a.reasons, a.samu, now);
          blocked.push(t.appointmentId);
        } else store.markChecked(t.appointmentId, t.wantedVersion);
      }
    })).immediate();
    if (blocked.length > 0) this.d.changed(blocked.length <= 20 ? blocked : null);
    this.kick();
  }

  private onConfirm(c: Confirm): void {
    if (this.confirms.push(c) === 1) setImmediate(() => this.flushConfirms());
  }

  private flushConfirms(): void {
    // After stop the store may be closed: attempts left pending are requeued by recovery at the next start.
    if (this.stopped) return;
    const batch = this.confirms;
    this.confirms = [];
    const { store, journal } = this.d;
    const now = Date.now();
    try {
      this.d.db.transaction(() => {
        for (const c of batch) {
          if (!c.error) {
            // The journal entry stays pending: its answer is the final ack (or error), which completes it.
            store.confirmed(c.attempt, c.atUtc);
            continue;
          }
          const nacked = /nack/i.test(c.error.message);
          const notSent = c.error instanceof NotSentError;
          const f: Failure = nacked ? failure('amqp.closed', true, { detail: 'nack' }) : failure('amqp.closed', true, { detail: c.error.message });
          store.requeue(c.attempt, nacked ? 'nacked' : 'lost', nacked ? now + this.d.options.nackBackoffMs : now, now, !nacked && !notSent);
          if (c.exchangeId !== null) {
            const durationMs = c.atUtc - c.sentUtc;
            journal.complete(c.exchangeId, {
              status: null,
              durationMs,
              responseHeaders: nacked ? { confirm: 'nack' } : {},
              responseBody: null,
              // A message whose confirm was lost with the connection may well have reached the broker.
              outcome: nacked || notSent ? 'failed' : 'unknown',
              failure: f,
              timings: { connectMs: null, tlsMs: null, firstByteMs: durationMs, totalMs: durationMs },
              tls: null,
            });
          }
        }
      }).immediate();
    } catch {
      // The store refused (disk full…): keep the confirms for the next flush rather than lose them.
      this.confirms.unshift(...batch);
      setTimeout(() => this.flushConfirms(), 1_000).unref();
      return;
    }
    this.inFlight -= batch.length;
    this.confirmedCount += batch.filter((c) => !c.error).length;
    if (this.inFlight === 0) this.idle?.();
    this.d.changed(batch.length <= 20 ? batch.map((c) => c.attempt.appointmentId) : null);
    this.kick();
  }
}
