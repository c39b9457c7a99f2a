// Plays the Hub Santé's dispatcher on a private test node (rabbitmq-node.ts): consumes `dispatch`, checks
// each message the way the Hub does and either forwards it on `distribution` to
// `<explicitAddressValue>.<message|ack|info>` or sends the sender an RS-ERROR on `<sender>.info`; reads
// `dispatch.dlq` and tells the original sender that its message was dead-lettered (500). Behaviour, order of
// checks and wording follow shared/spec/hub-sante.md §1.3–§1.6, §2.5–§2.6 and the Hub's own dispatcher
// (MessageHandler / MessageUtils, quoted there).
//
// Deliberate differences from the real Hub:
// - No JSON↔XML conversion: an `application/xml` body passes the content-type check, then fails as "not
//   JSON" (300); the product only sends JSON.
// - No Java deserialization after the schema: the real Hub (as of 2025) refuses an RS-ERROR whose
//   (statusCode, statusString) pair is not in its enum, so an LRM's 409 CONFLICT would bounce back to the
//   LRM as 102 and never reach the SAS. The official RS-ERROR schema puts no enum on statusCode, so 409
//   validates, and this dispatcher forwards it: the product's handling of 409 (the IG's code) must be
//   testable even though today's Hub may never deliver one (see test-lrm.ts, mode 'conflict').
// - No hubex (non-`fr.health`) peers: their leniencies (no 100/200 for them, 501 when neither side is a
//   health actor, XML by default) have no use on a node whose clients are all `fr.health.*`.
import { type Channel, type ConfirmChannel, type ConsumeMessage, type Options } from 'amqplib';
import { HUB_TEST_IDS } from './hub-pki';
import {
  bindToConnection, buildErrorEnvelope, ConditionWaiters, DEFAULT_SCHEMA_DIR, describeSchemaErrors, type DistributionKind,
  extractDistributionId, HUB_DAY_MS, HUB_ERROR_CODES, type HubErrorName, hubSchemasIfPresent, isRecord, JSON_CONTENT_TYPE,
  keepConnected, ORIGINAL_ROUTING_KEY_HEADER, queueTypeFor, XML_CONTENT_TYPE,
} from './hub-envelopes';
import { DISPATCH_QUEUE, DISTRIBUTION_EXCHANGE, DLQ_QUEUE } from './rabbitmq-node';

export interface HubDispatcherOptions {
  url: string;
  identity: { cert: string; key: string };
  caCert: string;
  /** Default HUB_TEST_IDS.hub ('fr.health.test.hub'); errors are signed as this sender. */
  id?: string;
  /**
   * Validate bodies against the official EDXL-DE-full schema from this folder (default
   * /work/shared/hub/json-schema, i.e. `../shared/hub/json-schema` from the repository root). When the
   * folder is absent, or with `null`, only the envelope fields are checked (`schemaValidation`).
   */
  schemaDir?: string | null;
  /** Default 200. */
  prefetch?: number;
}

export interface HubDispatcherStats {
  /** Messages forwarded to a recipient queue (the broker confirmed them and they were routable). */
  routed: number;
  /** Error messages published, by statusCode (a publish the broker then refuses is retried, and counted again). */
  errors: Record<number, number>;
  /** Messages read from dispatch.dlq (answered with a 500, or dropped when they died in an `.info` queue). */
  deadLettered: number;
}

export interface HubDispatcher {
  id: string;
  schemaValidation: 'official' | 'envelope-only';
  stats(): HubDispatcherStats;
  /** Resolves when predicate(stats()) holds, re-checked on every change; rejects after timeoutMs. */
  untilStats(predicate: (stats: HubDispatcherStats) => boolean, timeoutMs: number, explain?: string): Promise<void>;
  /**
   * Fault injection: the next `count` messages from `sender` are answered with this error, as the Hub does for a
   * message that breaks one of its rules. A client that builds its messages right never breaks them, so this is
   * how its handling of each code is tested (errors from 500 up come from real situations: dead-lettering,
   * unroutable recipients, LRM answers).
   */
  injectError(error: HubErrorName, sender: string, count?: number): void;
  /** Stops consuming `dispatch` (new messages stay there) and resolves once the deliveries in hand are settled. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

type Verdict =
  | { action: 'forward'; distributionId: string; routingKey: string; expiration?: string; parsed: Record<string, unknown> }
  | { action: 'error'; error: HubErrorName; cause: string; referencedDistributionID: string; sourceMessage?: unknown };

interface Session {
  consume: Channel;
  publish: ConfirmChannel;
  dlq: Channel;
  dispatchTag: string | null;
  /** Deliveries taken from dispatch / dispatch.dlq and not yet acknowledged. */
  inFlight: number;
  dead: boolean;
  /** Messages the broker returned as unroutable, by routing key + body, until their confirm arrives (see forward()). */
  returned: Map<string, number>;
  idle: ConditionWaiters;
}

const DISTRIBUTION_KINDS: readonly DistributionKind[] = ['Report', 'Update', 'Cancel', 'Ack', 'Error'];

/** Without the official schemas: the envelope fields the dispatcher itself relies on. */
function envelopeProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of ['distributionID', 'senderID', 'dateTimeSent', 'dateTimeExpires']) {
    if (typeof body[field] !== 'string') problems.push(`/${field}: must be a string`);
  }
  if (!['Actual', 'Exercise'].includes(body.distributionStatus as string)) problems.push('/distributionStatus: must be Actual or Exercise');
  if (!DISTRIBUTION_KINDS.includes(body.distributionKind as DistributionKind)) problems.push(`/distributionKind: must be one of ${DISTRIBUTION_KINDS.join(', ')}`);
  const descriptor = body.descriptor;
  if (!isRecord(descriptor) || !isRecord(descriptor.explicitAddress) || typeof descriptor.explicitAddress.explicitAddressValue !== 'string') {
    problems.push('/descriptor/explicitAddress/explicitAddressValue: must be a string');
  }
  const first: unknown = Array.isArray(body.content) ? body.content[0] : undefined;
  if (!isRecord(first) || !isRecord(first.jsonContent) || !isRecord(first.jsonContent.embeddedJsonContent)) {
    problems.push('/content/0/jsonContent/embeddedJsonContent: must be an object');
  }
  for (const field of ['dateTimeSent', 'dateTimeExpires']) {
    if (typeof body[field] === 'string' && Number.isNaN(Date.parse(body[field]))) problems.push(`/${field}: must be a date-time`);
  }
  return problems;
}

function passes(validate: (data: unknown) => boolean, data: unknown): boolean {
  return validate(data);
}

function headerString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

export async function startHubDispatcher(options: HubDispatcherOptions): Promise<HubDispatcher> {
  const id = options.id ?? HUB_TEST_IDS.hub;
  const prefetch = options.prefetch ?? 200;
  const schemaDir = options.schemaDir === undefined ? DEFAULT_SCHEMA_DIR : options.schemaDir;
  const schemas = schemaDir === null ? null : hubSchemasIfPresent(schemaDir);

  const counters: HubDispatcherStats = { routed: 0, errors: {}, deadLettered: 0 };
  const statsChanged = new ConditionWaiters();
  const snapshot = (): HubDispatcherStats => ({ ...counters, errors: { ...counters.errors } });
  let paused = false;
  const injected: { error: HubErrorName; sender: string }[] = [];

  /** The checks of §1.4, §2.2 and §1.6, first failure wins; pure, `now` fixed by the caller. */
  const evaluate = (msg: ConsumeMessage, now: number): Verdict => {
    const sender = msg.fields.routingKey;
    const raw = msg.content.toString('utf8');
    const contentType = msg.properties.contentType as string | undefined;
    let parsed: unknown;
    let parseError: string | null = null;
    try {
      parsed = JSON.parse(raw);
    } catch (err) {
      parseError = (err as Error).message;
    }
    const referenced = extractDistributionId(raw, parsed);
    const error = (name: HubErrorName, cause: string): Verdict =>
      ({ action: 'error', error: name, cause, referencedDistributionID: referenced, sourceMessage: parsed });

    const fault = injected.findIndex((f) => f.sender === sender);
    if (fault >= 0) {
      const [{ error: name }] = injected.splice(fault, 1);
      return error(name, `Message ${referenced} refused (error injected by the test Hub: ${name})`);
    }
    if (msg.properties.deliveryMode !== 2) {
      return error('DELIVERY_MODE_INCONSISTENCY', `Message ${referenced} has been sent with non-persistent delivery mode`);
    }
    if (contentType !== JSON_CONTENT_TYPE && contentType !== XML_CONTENT_TYPE) {
      return error('NOT_ALLOWED_CONTENT_TYPE', "Unhandled Content-Type ! Message Content-Type should be set at 'application/json' or 'application/xml'");
    }
    if (contentType === XML_CONTENT_TYPE) {
      return error('INVALID_MESSAGE', `Could not parse message ${referenced}: this test Hub reads JSON bodies only (no XML conversion)`);
    }
    if (parseError !== null) return error('INVALID_MESSAGE', `Could not parse message, invalid JSON: ${parseError}`);
    if (!isRecord(parsed)) return error('INVALID_MESSAGE', 'Could not validate message: the body is not a JSON object');

    if (schemas) {
      // Through `passes`: ajv's validators are type guards whose false branch would narrow `parsed` to never.
      if (!passes(schemas.full, parsed)) {
        // `referenced` comes from the envelope's own distributionID whenever it is a string, whatever else
        // is wrong (the Hub reads it with a regular expression for the same purpose).
        const issues = describeSchemaErrors(schemas.full.errors).map((line) => ` - ${line}`).join('\n');
        return error('INVALID_MESSAGE', `Could not validate message against schema : errors occurred. \nIssues found: \n${issues}\n`);
      }
    } else {
      const problems = envelopeProblems(parsed);
      if (problems.length > 0) {
        return error('INVALID_MESSAGE', `Could not validate message envelope: \n${problems.map((p) => ` - ${p}`).join('\n')}\n`);
      }
    }
    const distributionId = parsed.distributionID as string;
    const senderId = parsed.senderID as string;
    if (senderId !== sender) {
      return error('SENDER_INCONSISTENCY',
        `Sender inconsistency for message ${distributionId} : message sender is ${senderId} but received routing key is ${sender}`);
    }
    const prefix = distributionId.split('_')[0];
    if (prefix !== senderId) {
      return error('INVALID_MESSAGE', `Message ${distributionId} has been sent with an invalid distributionID format.\n` +
        'The senderID in the distributionID should be the same as the senderID in the message.\n' +
        `SenderID in the message: ${senderId}, senderID in the distributionID: ${prefix}\n`);
    }
    const remainingMs = Date.parse(parsed.dateTimeExpires as string) - now;
    if (!(remainingMs > 0)) {
      return error('EXPIRED_MESSAGE_BEFORE_ROUTING', `Message ${distributionId} has expired before reaching the recipient queue`);
    }
    const descriptor = parsed.descriptor as { explicitAddress: { explicitAddressValue: string } };
    const routingKey = `${descriptor.explicitAddress.explicitAddressValue}.${queueTypeFor(parsed.distributionKind as DistributionKind)}`;
    const verdict: Verdict = { action: 'forward', distributionId, routingKey, parsed };
    // The queue TTL (24 h) would outlast dateTimeExpires: a per-message TTL makes the broker dead-letter it in time.
    if (remainingMs < HUB_DAY_MS) verdict.expiration = String(Math.max(1, Math.floor(remainingMs)));
    return verdict;
  };

  const settle = (s: Session, channel: Channel, msg: ConsumeMessage, outcome: 'ack' | 'requeue') => {
    if (!s.dead) {
      // A channel closed under us: the broker redelivers the message to the next session anyway.
      try {
        if (outcome === 'ack') channel.ack(msg);
        else channel.nack(msg, false, true);
      } catch { /* channel already closed */ }
    }
    s.inFlight--;
    s.idle.notify();
  };

  const countError = (code: number) => {
    counters.errors[code] = (counters.errors[code] ?? 0) + 1;
    statsChanged.notify();
  };

  /** Publishes an RS-ERROR to `<recipient>.info`; `done(true)` once the broker confirmed it. */
  const sendError = (s: Session, recipient: string, name: HubErrorName, cause: string, referencedDistributionID: string,
    sourceMessage: unknown, done: (confirmed: boolean) => void) => {
    const statusCode = HUB_ERROR_CODES[name];
    const envelope = buildErrorEnvelope({ senderId: id, recipientId: recipient, statusCode, statusString: name, errorCause: cause, referencedDistributionID, sourceMessage });
    try {
      s.publish.publish(DISTRIBUTION_EXCHANGE, `${recipient}.info`, Buffer.from(JSON.stringify(envelope)),
        { persistent: true, contentType: JSON_CONTENT_TYPE },
        (err) => done(!err));
      // Counted when sent, not on the confirm: the recipient may read the error before the confirm arrives.
      countError(statusCode);
    } catch {
      done(false); // channel closed: the source message goes back to its queue
    }
  };

  const forward = (s: Session, msg: ConsumeMessage, verdict: Extract<Verdict, { action: 'forward' }>) => {
    const sender = msg.fields.routingKey;
    const p = msg.properties;
    // The Hub clones the received properties; userId is left out because the broker checks it against the
    // publishing connection's user, which is the dispatcher here.
    const publishOptions: Options.Publish = {
      persistent: true,
      contentType: p.contentType as string,
      mandatory: true,
      headers: { ...(isRecord(p.headers) ? p.headers : {}), [ORIGINAL_ROUTING_KEY_HEADER]: sender },
    };
    if (p.contentEncoding !== undefined) publishOptions.contentEncoding = p.contentEncoding as string;
    if (p.priority !== undefined) publishOptions.priority = p.priority as number;
    if (p.correlationId !== undefined) publishOptions.correlationId = p.correlationId as string;
    if (p.replyTo !== undefined) publishOptions.replyTo = p.replyTo as string;
    if (p.messageId !== undefined) publishOptions.messageId = p.messageId as string;
    if (p.timestamp !== undefined) publishOptions.timestamp = p.timestamp as number;
    if (p.type !== undefined) publishOptions.type = p.type as string;
    if (p.appId !== undefined) publishOptions.appId = p.appId as string;
    const expiration = verdict.expiration ?? (p.expiration as string | undefined);
    if (expiration !== undefined) publishOptions.expiration = expiration;

    try {
      s.publish.publish(DISTRIBUTION_EXCHANGE, verdict.routingKey, msg.content, publishOptions, (err) => {
        if (err) {
          settle(s, s.consume, msg, 'requeue');
          return;
        }
        // RabbitMQ sends basic.return before the basic.ack of the same publish, and amqplib handles frames
        // in order: a return recorded for these exact bytes and key means this publish found no queue.
        // (Two identical bodies to the same key are interchangeable, so counting them is enough.)
        if (s.returned.size > 0) {
          const key = `${verdict.routingKey}\n${msg.content.toString('latin1')}`;
          const count = s.returned.get(key);
          if (count !== undefined) {
            if (count <= 1) s.returned.delete(key);
            else s.returned.set(key, count - 1);
            const recipient = verdict.routingKey.slice(0, verdict.routingKey.lastIndexOf('.'));
            sendError(s, sender, 'UNROUTABLE_MESSAGE',
              `Message ${verdict.distributionId} could not be routed: no queue ${verdict.routingKey} (is ${recipient} a registered Hub client?)`,
              verdict.distributionId, verdict.parsed, (ok) => settle(s, s.consume, msg, ok ? 'ack' : 'requeue'));
            return;
          }
        }
        counters.routed++;
        statsChanged.notify();
        settle(s, s.consume, msg, 'ack');
      });
    } catch {
      settle(s, s.consume, msg, 'requeue');
    }
  };

  const onDispatch = (s: Session, msg: ConsumeMessage) => {
    s.inFlight++;
    const verdict = evaluate(msg, Date.now());
    if (verdict.action === 'forward') {
      forward(s, msg, verdict);
      return;
    }
    sendError(s, msg.fields.routingKey, verdict.error, verdict.cause, verdict.referencedDistributionID, verdict.sourceMessage,
      (ok) => settle(s, s.consume, msg, ok ? 'ack' : 'requeue'));
  };

  const onDeadLetter = (s: Session, msg: ConsumeMessage) => {
    s.inFlight++;
    counters.deadLettered++;
    statsChanged.notify();
    const headers = isRecord(msg.properties.headers) ? msg.properties.headers : {};
    const deaths = Array.isArray(headers['x-death']) ? (headers['x-death'] as unknown[]).filter(isRecord) : [];
    const lastDeath = deaths[0];
    const deadFrom = headerString(lastDeath?.queue) ?? headerString(headers['x-first-death-queue']) ?? '';
    // The Hub drops what died in an `.info` queue: errors about errors would loop.
    if (deadFrom.endsWith('.info')) {
      settle(s, s.dlq, msg, 'ack');
      return;
    }
    const raw = msg.content.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch { /* reported without sourceMessage */ }
    // The header the dispatcher stamped when forwarding; failing that, the envelope's senderID, which the
    // dispatcher checked against the routing key. (x-death's routing-keys hold the recipient queue's key,
    // `<recipient>.message`, not the sender, so they cannot stand in for it.)
    const sender = headerString(headers[ORIGINAL_ROUTING_KEY_HEADER]) ?? (isRecord(parsed) && typeof parsed.senderID === 'string' ? parsed.senderID : undefined);
    if (sender === undefined) {
      settle(s, s.dlq, msg, 'ack');
      return;
    }
    const distributionId = extractDistributionId(raw, parsed);
    const reason = headerString(headers['x-first-death-reason']) ?? headerString(lastDeath?.reason) ?? 'unknown';
    sendError(s, sender, 'DEAD_LETTER_QUEUED', `Message ${distributionId} has been read from dead-letter-queue; reason was ${reason}`,
      distributionId, parsed, (ok) => settle(s, s.dlq, msg, ok ? 'ack' : 'requeue'));
  };

  const startDispatchConsumer = async (s: Session) => {
    const { consumerTag } = await s.consume.consume(DISPATCH_QUEUE, (msg) => { if (msg) onDispatch(s, msg); }, { noAck: false });
    s.dispatchTag = consumerTag;
  };

  const kept = await keepConnected<Session>({
    tls: options,
    setup: async (connection, closing) => {
      const consume = bindToConnection(connection, await connection.createChannel(), closing);
      const publish = bindToConnection(connection, await connection.createConfirmChannel(), closing);
      const dlq = bindToConnection(connection, await connection.createChannel(), closing);
      await consume.prefetch(prefetch);
      await dlq.prefetch(prefetch);
      const s: Session = { consume, publish, dlq, dispatchTag: null, inFlight: 0, dead: false, returned: new Map(), idle: new ConditionWaiters() };
      publish.on('return', (returned: ConsumeMessage) => {
        const key = `${returned.fields.routingKey}\n${returned.content.toString('latin1')}`;
        s.returned.set(key, (s.returned.get(key) ?? 0) + 1);
      });
      if (!paused) await startDispatchConsumer(s);
      await dlq.consume(DLQ_QUEUE, (msg) => { if (msg) onDeadLetter(s, msg); }, { noAck: false });
      return s;
    },
    onLost: (s) => {
      s.dead = true;
      s.idle.notify();
    },
    closeSession: async (s) => {
      for (const channel of [s.consume, s.dlq, s.publish]) await channel.close().catch(() => {});
    },
  });

  const waitIdle = (s: Session, timeoutMs: number) =>
    s.idle.wait(() => s.dead || s.inFlight === 0, timeoutMs, () => `hub dispatcher ${id}: ${s.inFlight} deliveries still unsettled after ${timeoutMs} ms`);

  return {
    id,
    schemaValidation: schemas ? 'official' : 'envelope-only',
    stats: snapshot,
    injectError: (name, sender, count = 1) => {
      for (let i = 0; i < count; i++) injected.push({ error: name, sender });
    },
    untilStats: (predicate, timeoutMs, explain) => statsChanged.wait(() => predicate(snapshot()), timeoutMs,
      () => `${explain ?? 'dispatcher condition'} not met within ${timeoutMs} ms; stats: ${JSON.stringify(snapshot())}`),
    pause: async () => {
      paused = true;
      const s = kept.current();
      if (!s || s.dispatchTag === null) return;
      const tag = s.dispatchTag;
      s.dispatchTag = null;
      await s.consume.cancel(tag);
      await waitIdle(s, 30_000);
    },
    resume: async () => {
      paused = false;
      const s = kept.current();
      if (s && s.dispatchTag === null) await startDispatchConsumer(s);
    },
    stop: async () => {
      paused = true;
      const s = kept.current();
      if (s) {
        // Settle what is in hand so that nothing is delivered twice; whatever is left is redelivered anyway.
        if (s.dispatchTag !== null) await s.consume.cancel(s.dispatchTag).catch(() => {});
        await waitIdle(s, 5_000).catch(() => {});
      }
      await kept.close();
    },
  };
}
