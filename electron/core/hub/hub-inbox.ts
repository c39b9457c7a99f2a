// What the Hub sends back: final acknowledgements on `<clientId>.ack` (RC-REF, correlated by
// reference.distributionID) and errors on `<clientId>.info` (RS-ERROR, correlated by referencedDistributionID).
// Each delivery is journalled and applied to its attempt in one transaction per batch, and only then
// acknowledged to the broker: a crash before the commit means a redelivery, never a lost ack or error. What
// matches no message we sent is kept as an orphan.
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Db } from '../store/database';
import type { JournalStore } from '../journal/journal-store';
import type { HubErrorView } from '../../../shared/api/hub-api';
import { parseHubInbound } from '../../../shared/hub/hub-inbound';
import { classifyHubError } from '../../../shared/hub/hub-errors';
import type { HubLink } from './hub-link';
import type { TransmissionStore } from './transmission-store';

export interface InboxDeps {
  db: Db;
  store: TransmissionStore;
  journal: JournalStore;
  link: HubLink;
  clientId: () => string;
  changed: (appointmentIds: string[] | null) => void;
  orphaned: () => void;
  /** A sequel was queued (an update after "already exists"): the publisher should look. */
  kick: () => void;
}

export class HubInbox {
  private buffer: { queue: 'ack' | 'info'; message: ConsumeMessage; channel: Channel }[] = [];
  /** Stored since start (acks and errors), for status and benchmarks. */
  received = 0;

  constructor(private readonly d: InboxDeps) {}

  onDelivery(queue: 'ack' | 'info', message: ConsumeMessage, channel: Channel): void {
    if (this.buffer.push({ queue, message, channel }) === 1) setImmediate(() => this.flush());
  }

  /** After stop the store may be closed: unacknowledged deliveries go back to the queue with the connection. */
  stop(): void {
    this.stopped = true;
    this.buffer = [];
  }

  private stopped = false;

  private flush(): void {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0 || this.stopped) return;
    const touched = new Set<string>();
    let orphans = 0;
    let sequels = false;
    const { store, journal } = this.d;
    const clientId = this.d.clientId();
    try {
      this.d.db.transaction(() => {
        const now = Date.now();
        for (const { queue, message } of batch) {
          const queueName = `${clientId}.${queue}`;
          const text = message.content.toString('utf8');
          const inbound = parseHubInbound(message.content);
          const reference = inbound.kind === 'ack' ? inbound.ackedDistributionId : inbound.kind === 'error' ? inbound.referencedDistributionId : null;
          const attempt = reference ? store.attemptByDistribution(reference) : null;
          const headers: Record<string, string> = {
            queue: queueName,
            ...(inbound.kind !== 'unreadable' && inbound.sender ? { sender: inbound.sender } : {}),
            ...(message.properties.contentType ? { 'content-type': String(message.properties.contentType) } : {}),
            ...(message.fields.redelivered ? { redelivered: 'true' } : {}),
          };
          const failed = inbound.kind === 'error' || inbound.kind === 'unreadable';
          // The final answer completes the journal entry of the message it answers, as an HTTP response does;
          // what answers nothing we sent, or an entry already answered (a redelivery), gets an entry of its own.
          const answered = attempt?.exchangeId != null && journal.complete(attempt.exchangeId, {
            status: inbound.kind === 'error' ? inbound.code : null,
            durationMs: null,
            responseHeaders: headers,
            responseBody: text,
            outcome: failed ? 'failed' : 'ok',
            failure: null,
            timings: null,
            tls: null,
          });
          const exchangeId = answered ? attempt!.exchangeId! : journal.record({
            atUtc: now,
            direction: 'inbound',
            channel: 'hub',
            protocol: 'amqp',
            peer: inbound.kind === 'unreadable' ? null : inbound.sender,
            clientSubject: null,
            method: 'deliver',
            url: queueName,
            status: inbound.kind === 'error' ? inbound.code : null,
            durationMs: null,
            requestHeaders: headers,
            requestBody: text,
            responseHeaders: {},
            responseBody: null,
            appointmentId: attempt?.appointmentId ?? null,
            operation: inbound.kind === 'ack' ? 'INT_L02.ack' : inbound.kind === 'error' ? 'INT_L02.error' : 'INT_L02.unreadable',
            correlationId: reference,
            outcome: failed ? 'failed' : 'ok',
          });
          if (!attempt) {
            store.addOrphan({
              receivedUtc: now,
              queue: queueName,
              kind: inbound.kind,
              reference,
              reason: inbound.kind === 'unreadable' ? inbound.reason : 'unknown-distribution-id',
              body: text,
              exchangeId,
            });
            orphans++;
            continue;
          }
          touched.add(attempt.appointmentId);
          if (inbound.kind === 'ack') {
            store.acknowledged(attempt, { step: inbound.step, refused: inbound.refused }, exchangeId, now);
            continue;
          }
          if (inbound.kind !== 'error') continue;
          const error: HubErrorView = {
            code: inbound.code,
            statusString: inbound.statusString,
            cause: inbound.cause,
            class: classifyHubError(inbound.code, attempt.method),
            sender: inbound.sender ?? '',
          };
          if (error.class === 'already-there') {
            // The LRM holds the appointment already, which is what a create wanted. If an earlier message may
            // have given it older data, the latest state follows as an update (an LRM applies it either way).
            const older = store.mayHoldAppointment(attempt.appointmentId, attempt.samu, attempt.id);
            store.acknowledged(attempt, { step: null, refused: null }, exchangeId, now, error);
            if (older) {
              store.queueSequel(attempt, now);
              sequels = true;
            }
          } else store.failed(attempt, error, exchangeId, now);
        }
      }).immediate();
    } catch {
      // Not stored, so not acknowledged: drop the link and let the broker deliver them again.
      this.d.link.restart();
      return;
    }
    // Delivery tags are per channel: acknowledge the last delivery of each channel in the batch.
    const lastPerChannel = new Map<Channel, ConsumeMessage>();
    for (const b of batch) lastPerChannel.set(b.channel, b.message);
    for (const [channel, message] of lastPerChannel) this.d.link.ackUpTo(message, channel);
    this.received += batch.length;
    if (touched.size > 0) this.d.changed(touched.size <= 20 ? [...touched] : null);
    if (orphans > 0) this.d.orphaned();
    if (sequels) this.d.kick();
  }
}
