// Plays an LRM (SAMU dispatch software) on a private Hub test node: consumes `<id>.message` like a Hub
// client (manual acks, prefetch), keeps the appointments it receives (RS-SAS-RDV) and answers through the
// Hub as a real client does — to exchange `hubsante`, routing key = its own id (the only one its topic
// permission allows), persistent JSON, on a confirm channel — with a final RC-REF Ack or, in the conflict
// modes, an RS-ERROR. The IG's LRM rules (shared/spec/hub-sante.md §4): an UpdateAppointment for an unknown
// id is processed as a creation; a CreateAppointment for a known id is a functional error (409 per the IG).
//
// 409 CONFLICT is not in the Hub's error enum, but RS-ERROR's schema does not constrain statusCode, so the
// envelope validates and our test dispatcher forwards it (see hub-dispatcher.ts); the real Hub of 2025
// would bounce it as 102, hence the 'conflict-701' mode (CASE_ALREADY_EXISTS, the nearest Hub code).
import { type Channel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import {
  type AckStep, bindToConnection, buildAckEnvelope, buildErrorEnvelope, ConditionWaiters, embeddedMessage, isRecord,
  JSON_CONTENT_TYPE, keepConnected,
} from './hub-envelopes';
import { HUB_EXCHANGE } from './rabbitmq-node';

export type LrmMode = 'ack' | 'silent' | 'reject' | 'conflict' | 'conflict-701';

export interface ReceivedRdv {
  /** The envelope's distributionID ('' when the body had none). */
  distributionId: string;
  /** From `message.appointment` ('' when the message carried no appointment). */
  appointmentId: string;
  method: string;
  status: string;
  /** The whole parsed envelope, as delivered. */
  body: unknown;
  receivedAt: number;
  /** The broker's redelivered flag: the delivery was handed out before and not acknowledged. */
  redelivered: boolean;
}

export interface LrmAppointment {
  status: string;
  start: string;
  method: string;
  /** The `appointment` object of the message that last set this state. */
  body: unknown;
}

export interface TestLrm {
  id: string;
  /**
   * ack: a final RC-REF Ack (with `step` / `refused` when given); silent: the AMQP delivery is acked and
   * nothing is answered; reject: nack(requeue=false), so the broker dead-letters it (→ the dispatcher's
   * 500); conflict: like ack, but a CreateAppointment for a known appointmentId gets an RS-ERROR 409
   * CONFLICT instead; conflict-701: the same with 701 CASE_ALREADY_EXISTS.
   */
  setMode(mode: LrmMode, options?: { step?: AckStep; refused?: boolean }): void;
  /** Every delivery, redeliveries included, in arrival order (a copy). */
  received(): ReceivedRdv[];
  /** Latest state per appointmentId as the LRM holds it (last message wins, as the IG gives no staleness rule). */
  appointments(): Map<string, LrmAppointment>;
  /** distributionIDs received more than once. */
  duplicates(): string[];
  /** Resolves when predicate(received) holds, re-checked on each delivery; rejects after timeoutMs saying what was seen. */
  until(predicate: (received: ReceivedRdv[]) => boolean, timeoutMs: number, explain?: string): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestLrmOptions {
  url: string;
  identity: { cert: string; key: string };
  caCert: string;
  id: string;
  mode?: LrmMode;
  /** Default 200. */
  prefetch?: number;
}

interface Session {
  consume: Channel;
  publish: ConfirmChannel;
  tag: string | null;
  inFlight: number;
  dead: boolean;
  idle: ConditionWaiters;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export async function startTestLrm(options: TestLrmOptions): Promise<TestLrm> {
  const { id } = options;
  const queue = `${id}.message`;
  let mode: LrmMode = options.mode ?? 'ack';
  let ackOptions: { step?: AckStep; refused?: boolean } = {};
  let paused = false;
  const received: ReceivedRdv[] = [];
  const timesSeen = new Map<string, number>();
  const held = new Map<string, LrmAppointment>();
  const arrivals = new ConditionWaiters();

  const settle = (s: Session, msg: ConsumeMessage, outcome: 'ack' | 'reject' | 'requeue') => {
    if (!s.dead) {
      try {
        if (outcome === 'ack') s.consume.ack(msg);
        else s.consume.nack(msg, false, outcome === 'requeue');
      } catch { /* channel gone: the broker redelivers */ }
    }
    s.inFlight--;
    s.idle.notify();
  };

  /** Publishes an answer as this client; the delivery is acked only once the broker holds the answer. */
  const answer = (s: Session, msg: ConsumeMessage, envelope: object) => {
    try {
      s.publish.publish(HUB_EXCHANGE, id, Buffer.from(JSON.stringify(envelope)), { persistent: true, contentType: JSON_CONTENT_TYPE },
        (err) => settle(s, msg, err ? 'requeue' : 'ack'));
    } catch {
      settle(s, msg, 'requeue');
    }
  };

  const onMessage = (s: Session, msg: ConsumeMessage) => {
    s.inFlight++;
    let body: unknown;
    try {
      body = JSON.parse(msg.content.toString('utf8'));
    } catch {
      // As the Java SDK does with what it cannot deserialize; the Hub then reports a 500 to the sender.
      settle(s, msg, 'reject');
      return;
    }
    const envelope = isRecord(body) ? body : {};
    const appointment = embeddedMessage(body)?.appointment;
    const apt = isRecord(appointment) ? appointment : {};
    const record: ReceivedRdv = {
      distributionId: text(envelope.distributionID),
      appointmentId: text(apt.appointmentId),
      method: text(apt.method),
      status: text(apt.status),
      body,
      receivedAt: Date.now(),
      redelivered: msg.fields.redelivered,
    };
    received.push(record);
    if (record.distributionId !== '') timesSeen.set(record.distributionId, (timesSeen.get(record.distributionId) ?? 0) + 1);
    arrivals.notify();

    const currentMode = mode;
    const { step, refused } = ackOptions;
    if (currentMode === 'reject') {
      settle(s, msg, 'reject');
      return;
    }
    const sender = text(envelope.senderID);
    const known = record.appointmentId !== '' && held.has(record.appointmentId);
    if ((currentMode === 'conflict' || currentMode === 'conflict-701') && record.method === 'CreateAppointment' && known && sender !== '') {
      const [statusCode, statusString] = currentMode === 'conflict' ? [409, 'CONFLICT'] : [701, 'CASE_ALREADY_EXISTS'];
      answer(s, msg, buildErrorEnvelope({
        senderId: id,
        recipientId: sender,
        statusCode,
        statusString,
        errorCause: `Impossible de créer ce RDV. L'identifiant du RDV à créer '${record.appointmentId}' existe déjà dans la solution`,
        referencedDistributionID: record.distributionId,
        sourceMessage: body,
      }));
      return;
    }
    // A refused message is not integrated; anything else is held, an update for an unknown id included.
    if (record.appointmentId !== '' && refused !== true) {
      held.set(record.appointmentId, { status: record.status, start: text(apt.start), method: record.method, body: appointment });
    }
    if (currentMode === 'silent' || sender === '' || record.distributionId === '') {
      settle(s, msg, 'ack');
      return;
    }
    answer(s, msg, buildAckEnvelope({ senderId: id, recipientId: sender, ackedDistributionId: record.distributionId, step, refused }));
  };

  const startConsumer = async (s: Session) => {
    const { consumerTag } = await s.consume.consume(queue, (msg) => { if (msg) onMessage(s, msg); }, { noAck: false });
    s.tag = consumerTag;
  };

  const kept = await keepConnected<Session>({
    tls: options,
    setup: async (connection, closing) => {
      const consume = bindToConnection(connection, await connection.createChannel(), closing);
      const publish = bindToConnection(connection, await connection.createConfirmChannel(), closing);
      await consume.prefetch(options.prefetch ?? 200);
      // Passively, as the Hub asks of its clients (they may not declare anything): fails early on a wrong id.
      await consume.checkQueue(queue);
      const s: Session = { consume, publish, tag: null, inFlight: 0, dead: false, idle: new ConditionWaiters() };
      if (!paused) await startConsumer(s);
      return s;
    },
    onLost: (s) => {
      s.dead = true;
      s.idle.notify();
    },
    closeSession: async (s) => {
      for (const channel of [s.consume, s.publish]) await channel.close().catch(() => {});
    },
  });

  const waitIdle = (s: Session, timeoutMs: number) =>
    s.idle.wait(() => s.dead || s.inFlight === 0, timeoutMs, () => `LRM ${id}: ${s.inFlight} deliveries unsettled after ${timeoutMs} ms`);

  const describe = (): string => {
    const last = received.slice(-3).map((r) => `${r.distributionId} ${r.method} ${r.appointmentId} ${r.status}${r.redelivered ? ' (redelivered)' : ''}`);
    return `LRM ${id} (mode ${mode}${paused ? ', paused' : ''}) received ${received.length} message(s), ` +
      `${timesSeen.size} distinct, ${[...timesSeen.values()].filter((n) => n > 1).length} duplicated; last: ${last.join(' | ') || 'none'}`;
  };

  return {
    id,
    setMode: (next, opts = {}) => {
      mode = next;
      ackOptions = { ...opts };
    },
    received: () => received.slice(),
    appointments: () => new Map(held),
    duplicates: () => [...timesSeen].filter(([, n]) => n > 1).map(([d]) => d),
    until: (predicate, timeoutMs, explain) =>
      arrivals.wait(() => predicate(received), timeoutMs, () => `${explain ?? 'LRM condition'} not met within ${timeoutMs} ms: ${describe()}`),
    pause: async () => {
      paused = true;
      const s = kept.current();
      if (!s || s.tag === null) return;
      const tag = s.tag;
      s.tag = null;
      await s.consume.cancel(tag);
      await waitIdle(s, 30_000);
    },
    resume: async () => {
      paused = false;
      const s = kept.current();
      if (s && s.tag === null) await startConsumer(s);
    },
    stop: async () => {
      paused = true;
      const s = kept.current();
      if (s) {
        if (s.tag !== null) await s.consume.cancel(s.tag).catch(() => {});
        await waitIdle(s, 5_000).catch(() => {});
      }
      await kept.close();
    },
  };
}
