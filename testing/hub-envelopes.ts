// What the two Hub Santé test peers (hub-dispatcher.ts plays the Hub's dispatcher, test-lrm.ts plays an
// LRM) have in common: the EDXL-DE envelopes they write (final Ack, Error), instants in the Hub's format,
// the official JSON Schemas read from shared/hub, and a TLS login (SASL EXTERNAL) that survives broker
// restarts. Shapes and codes are those of shared/spec/hub-sante.md §2.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import amqp, { type Channel, type ChannelModel } from 'amqplib';

// ---------------------------------------------------------------------------------------------------------
// Envelopes

export type DistributionKind = 'Report' | 'Update' | 'Cancel' | 'Ack' | 'Error';
export type AckStep = 'RECU' | 'ERREUR' | 'INTEGRE' | 'CONSULTE' | 'SUPPRIME';

export interface HubAddressee {
  name: string;
  URI: string;
}

/** RC-DE header, beside the use-case key in every message but errors (§2.3). */
export interface RcDeHeader {
  messageId: string;
  sender: HubAddressee;
  sentAt: string;
  kind: DistributionKind;
  status: 'Actual' | 'Exercise' | 'System';
  recipient: HubAddressee[];
}

export interface EdxlEnvelope<M = Record<string, unknown>> {
  distributionID: string;
  senderID: string;
  dateTimeSent: string;
  dateTimeExpires: string;
  distributionStatus: 'Actual' | 'Exercise';
  distributionKind: DistributionKind;
  descriptor: {
    language: string;
    explicitAddress: { explicitAddressScheme: string; explicitAddressValue: string };
  };
  content: { jsonContent: { embeddedJsonContent: { message: M } } }[];
}

/** RC-REF (§2.5). */
export interface RcRef {
  distributionID: string;
  refused?: boolean;
  errorDistributionID?: string;
  step?: AckStep;
}

/** RS-ERROR (§2.6): no RC-DE header beside it. */
export interface HubError {
  errorCode: { statusCode: number; statusString: string };
  errorCause: string;
  sourceMessage?: Record<string, unknown>;
  referencedDistributionID: string;
}

export type AckEnvelope = EdxlEnvelope<RcDeHeader & { reference: RcRef }>;
export type ErrorEnvelope = EdxlEnvelope<{ error: HubError }>;

/** The Hub's error codes (`com.hubsante.model.report.ErrorCode`, §2.6). */
export const HUB_ERROR_CODES = {
  DELIVERY_MODE_INCONSISTENCY: 100,
  NOT_ALLOWED_CONTENT_TYPE: 101,
  UNRECOGNIZED_MESSAGE_FORMAT: 102,
  SENDER_INCONSISTENCY: 200,
  INVALID_MESSAGE: 300,
  SCHEMA_NOT_FOUND: 301,
  EXPIRED_MESSAGE_BEFORE_ROUTING: 400,
  DEAD_LETTER_QUEUED: 500,
  UNROUTABLE_MESSAGE: 501,
  MESSAGE_CONVERSION_ERROR: 600,
  INTERNAL_CLIENT_ERROR: 700,
  CASE_ALREADY_EXISTS: 701,
  WRONG_MESSAGE_SEQUENCE: 702,
  UNKNOWN_SENDER: 703,
  INSUFFICIENT_DATA: 704,
} as const;
export type HubErrorName = keyof typeof HUB_ERROR_CODES;

/** referencedDistributionID when the rejected message's id cannot be read (the Hub's constant). */
export const DISTRIBUTION_ID_UNAVAILABLE = 'distributionID_could_not_be_extracted';
/** Stamped by the dispatcher on every forwarded message so that a dead-lettered one can be traced to its sender. */
export const ORIGINAL_ROUTING_KEY_HEADER = 'x-death-original-routing-key';
/** Client queues' TTL and Hub messages' lifetime (§1.6). */
export const HUB_DAY_MS = 86_400_000;
export const JSON_CONTENT_TYPE = 'application/json';
export const XML_CONTENT_TYPE = 'application/xml';

/** An instant as the Hub writes them: offset, no `Z`, no fractional seconds (the RC-DE `sentAt` pattern). */
export function hubInstant(at: Date | number = Date.now()): string {
  return new Date(typeof at === 'number' ? at : at.getTime()).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `<senderId>_<uuid>`: the Hub checks the part before the first `_` against senderID (§2.2). */
export function newDistributionId(senderId: string): string {
  return `${senderId}_${randomUUID()}`;
}

export function addressee(clientId: string): HubAddressee {
  return { name: clientId, URI: `hubex:${clientId}` };
}

/** The recipient queue's suffix for a distributionKind (`MessageUtils.getQueueType`, §1.3). */
export function queueTypeFor(kind: DistributionKind): 'message' | 'ack' | 'info' {
  return kind === 'Ack' ? 'ack' : kind === 'Error' ? 'info' : 'message';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `content[0].jsonContent.embeddedJsonContent.message`, when the body has that shape. */
export function embeddedMessage(body: unknown): Record<string, unknown> | undefined {
  if (!isRecord(body) || !Array.isArray(body.content)) return undefined;
  const first: unknown = body.content[0];
  if (!isRecord(first) || !isRecord(first.jsonContent) || !isRecord(first.jsonContent.embeddedJsonContent)) return undefined;
  const message = first.jsonContent.embeddedJsonContent.message;
  return isRecord(message) ? message : undefined;
}

/**
 * The rejected message's distributionID: the envelope's own when the body parsed, else what the Hub's
 * regular expressions (`MessageUtils.extractDistributionId`) find in the raw text (the first match, JSON or
 * XML), else the Hub's constant.
 */
export function extractDistributionId(raw: string, parsed?: unknown): string {
  if (isRecord(parsed) && typeof parsed.distributionID === 'string') return parsed.distributionID;
  const match = /"distributionID"\s*:\s*"([\w.-]+)"/.exec(raw) ?? /<distributionID>([\w.-]+)<\/distributionID>/.exec(raw);
  return match ? match[1] : DISTRIBUTION_ID_UNAVAILABLE;
}

function envelope<M>(options: { senderId: string; recipientId: string; kind: DistributionKind; distributionId: string; now: number; message: M }): EdxlEnvelope<M> {
  return {
    distributionID: options.distributionId,
    senderID: options.senderId,
    dateTimeSent: hubInstant(options.now),
    // As the Hub and the Java SDK builders: one day, the longest a client queue keeps a message anyway.
    dateTimeExpires: hubInstant(options.now + HUB_DAY_MS),
    distributionStatus: 'Actual',
    distributionKind: options.kind,
    descriptor: {
      language: 'fr-FR',
      explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: options.recipientId },
    },
    content: [{ jsonContent: { embeddedJsonContent: { message: options.message } } }],
  };
}

/** A final acknowledgement (RC-REF) from `senderId` for `ackedDistributionId`, addressed to that message's sender. */
export function buildAckEnvelope(options: {
  senderId: string;
  recipientId: string;
  ackedDistributionId: string;
  step?: AckStep;
  refused?: boolean;
  now?: number;
}): AckEnvelope {
  const now = options.now ?? Date.now();
  const distributionId = newDistributionId(options.senderId);
  const reference: RcRef = { distributionID: options.ackedDistributionId };
  if (options.step !== undefined) reference.step = options.step;
  if (options.refused !== undefined) reference.refused = options.refused;
  return envelope({
    senderId: options.senderId,
    recipientId: options.recipientId,
    kind: 'Ack',
    distributionId,
    now,
    message: {
      // messageId is the ack's own id, as in the DST and every IG example (§2.3).
      messageId: distributionId,
      sender: addressee(options.senderId),
      sentAt: hubInstant(now),
      kind: 'Ack',
      status: 'Actual',
      recipient: [addressee(options.recipientId)],
      reference,
    },
  });
}

/** An RS-ERROR message (no RC-DE header, §2.6), from the Hub or from an LRM. */
export function buildErrorEnvelope(options: {
  senderId: string;
  recipientId: string;
  statusCode: number;
  statusString: string;
  errorCause: string;
  referencedDistributionID: string;
  /** Attached only when it is a JSON object: RS-ERROR's sourceMessage is `type: object`. */
  sourceMessage?: unknown;
  now?: number;
}): ErrorEnvelope {
  const error: HubError = {
    errorCode: { statusCode: options.statusCode, statusString: options.statusString },
    errorCause: options.errorCause,
    referencedDistributionID: options.referencedDistributionID,
  };
  if (isRecord(options.sourceMessage)) error.sourceMessage = options.sourceMessage;
  return envelope({
    senderId: options.senderId,
    recipientId: options.recipientId,
    kind: 'Error',
    distributionId: newDistributionId(options.senderId),
    now: options.now ?? Date.now(),
    message: { error },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Official schemas (read from shared/hub at run time, never copied into the repo)

/** `../shared/hub/json-schema` from the repository root, i.e. /work/shared/hub/json-schema on these machines. */
export const DEFAULT_SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'hub', 'json-schema');

export interface HubSchemas {
  dir: string;
  /** EDXL-DE-full: envelope + RC-DE + use case, what the Hub validates every message against. */
  full: ValidateFunction;
  /** EDXL-DE-envelope-only: what the Hub falls back to when the full validation fails. */
  envelope: ValidateFunction;
}

const schemaCache = new Map<string, HubSchemas>();

/**
 * Compiles the official schemas of `dir` (once per process and folder: about 1.5 s). Every file carries the
 * same `$id`, so each is registered under `classpath:/json-schema/<file>`, against which the relative
 * `$ref`s between them resolve (shared/hub/SOURCES.md).
 */
export function loadHubSchemas(dir: string = DEFAULT_SCHEMA_DIR): HubSchemas {
  const key = path.resolve(dir);
  const cached = schemaCache.get(key);
  if (cached) return cached;
  // strict: false because the files carry the model generator's own keywords (x-id, x-cols, example, ...).
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  for (const file of fs.readdirSync(key).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(key, file), 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: `classpath:/json-schema/${file}` });
  }
  const get = (file: string): ValidateFunction => {
    const validate = ajv.getSchema(`classpath:/json-schema/${file}`);
    if (!validate) throw new Error(`${file} is missing from ${key}`);
    return validate;
  };
  const schemas: HubSchemas = { dir: key, full: get('EDXL-DE-full.schema.json'), envelope: get('EDXL-DE-envelope-only.schema.json') };
  schemaCache.set(key, schemas);
  return schemas;
}

/** The official schemas when `dir` exists (null when shared/hub is not on this machine). */
export function hubSchemasIfPresent(dir: string = DEFAULT_SCHEMA_DIR): HubSchemas | null {
  return fs.existsSync(dir) ? loadHubSchemas(dir) : null;
}

/**
 * ajv's errors for EDXL-DE-full, readable: the full schema is a oneOf over use cases, so every branch the
 * message is not (`must have required property 'technical'`, ...) reports its own miss; those and the
 * oneOf summary are noise next to the branch that really failed.
 */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  const all = errors ?? [];
  const useCaseMiss = /^#\/oneOf\/\d+\/(?:allOf\/\d+\/)?properties\/message\/required$/;
  const relevant = all.filter((e) => e.keyword !== 'oneOf' && !useCaseMiss.test(e.schemaPath));
  const lines = (relevant.length > 0 ? relevant : all).map((e) => {
    const detail = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
      : e.keyword === 'enum' ? ` [${String((e.params as { allowedValues?: unknown[] }).allowedValues?.join(', '))}]` : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${detail}`;
  });
  return [...new Set(lines)];
}

// ---------------------------------------------------------------------------------------------------------
// Login (mTLS, SASL EXTERNAL) and a connection that comes back after a broker restart

export interface HubTlsOptions {
  /** `amqps://localhost:<port>/<vhost>`. */
  url: string;
  identity: { cert: string; key: string };
  caCert: string;
}

export async function connectHub(options: HubTlsOptions): Promise<ChannelModel> {
  return amqp.connect(options.url, {
    cert: fs.readFileSync(options.identity.cert),
    key: fs.readFileSync(options.identity.key),
    ca: fs.readFileSync(options.caCert),
    credentials: amqp.credentials.external(),
    timeout: 10_000,
  });
}

/**
 * A channel whose failure takes the whole connection down, so that the reconnection below rebuilds every
 * channel and consumer instead of leaving a peer half alive.
 */
export function bindToConnection<C extends Channel>(connection: ChannelModel, channel: C, closing: () => boolean): C {
  channel.on('error', () => { /* 'close' follows, handled below */ });
  channel.once('close', () => {
    if (!closing()) void connection.close().catch(() => {});
  });
  return channel;
}

export interface KeptConnection<S> {
  /** The live session, null while reconnecting. */
  current(): S | null;
  /** Stops reconnecting and closes the connection. */
  close(): Promise<void>;
}

/**
 * Opens a connection and `setup`s channels and consumers on it; when the broker drops it (restart, channel
 * failure), opens a new one with a capped back-off until `close()`. The first attempt must succeed.
 * Unacknowledged deliveries of a lost connection go back to their queue: the peers are at-least-once,
 * like the Hub.
 */
export async function keepConnected<S>(options: {
  tls: HubTlsOptions;
  setup: (connection: ChannelModel, closing: () => boolean) => Promise<S>;
  onLost?: (session: S) => void;
  /**
   * Closes the session's channels before the connection: amqplib multiplexes channels, and a connection.close
   * can overtake acks still queued on another channel, which the broker would then redeliver.
   */
  closeSession?: (session: S) => Promise<void>;
}): Promise<KeptConnection<S>> {
  let closing = false;
  let session: S | null = null;
  let connection: ChannelModel | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  const isClosing = () => closing;

  const openOnce = async (): Promise<void> => {
    const c = await connectHub(options.tls);
    c.on('error', () => { /* 'close' follows */ });
    let s: S;
    try {
      s = await options.setup(c, isClosing);
    } catch (err) {
      await c.close().catch(() => {});
      throw err;
    }
    if (closing) {
      await c.close().catch(() => {});
      return;
    }
    connection = c;
    session = s;
    c.once('close', () => {
      if (session === s) {
        session = null;
        connection = null;
        options.onLost?.(s);
      }
      if (!closing) reopen(100);
    });
  };

  const reopen = (delayMs: number): void => {
    // A back-off between attempts while the broker is away, not a wait on a result.
    retryTimer = setTimeout(() => {
      if (closing) return;
      openOnce().catch(() => reopen(Math.min(delayMs * 2, 2_000)));
    }, delayMs);
    retryTimer.unref();
  };

  await openOnce();
  return {
    current: () => session,
    close: async () => {
      closing = true;
      clearTimeout(retryTimer);
      const c = connection;
      const s = session;
      if (s !== null) await options.closeSession?.(s).catch(() => {});
      session = null;
      connection = null;
      if (s !== null) options.onLost?.(s);
      await c?.close().catch(() => {});
    },
  };
}

/** Promises that resolve when their `check()` turns true, re-checked on every `notify()`; each rejects after its own timeout with `explain()`. */
export class ConditionWaiters {
  private readonly waiters = new Set<{ check: () => boolean; resolve: () => void; reject: (err: Error) => void }>();
  private scheduled = false;

  wait(check: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
    return new Promise((resolve, reject) => {
      try {
        if (check()) {
          resolve();
          return;
        }
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(explain()));
      }, timeoutMs);
      const waiter = {
        check,
        resolve: () => { clearTimeout(timer); resolve(); },
        reject: (err: Error) => { clearTimeout(timer); reject(err); },
      };
      this.waiters.add(waiter);
    });
  }

  /** Coalesced to once per turn of the event loop: a burst of 10,000 deliveries re-checks predicates far fewer times. */
  notify(): void {
    if (this.scheduled || this.waiters.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const waiter of [...this.waiters]) {
        try {
          if (!waiter.check()) continue;
          this.waiters.delete(waiter);
          waiter.resolve();
        } catch (err) {
          this.waiters.delete(waiter);
          waiter.reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
  }
}
