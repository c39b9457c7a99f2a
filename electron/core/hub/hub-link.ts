// The AMQP link to the Hub Santé: one TLS connection (client certificate, SASL EXTERNAL), a confirm channel to
// publish on, and a channel consuming `<clientId>.ack` and `<clientId>.info` with manual acknowledgements. The
// Hub grants no configure permission: exchanges and queues are only ever checked passively. When the link
// drops, it reconnects with exponential back-off and jitter; callers learn of every change through callbacks.
import tls from 'node:tls';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { failure, type Failure } from '../../../shared/api/failure';
import type { HubLinkState } from '../../../shared/api/hub-api';
import type { TlsIdentity } from '../editors/editor-client';

export const HUB_EXCHANGE = 'hubsante';

/** A publish that never left: the link was down when it was asked for (the message cannot be a duplicate). */
export class NotSentError extends Error {
  constructor() {
    super('not connected: nothing was sent');
  }
}

export interface HubLinkConfig {
  url: string;
  clientId: string;
  identity: TlsIdentity;
  verifyHostName: boolean;
  /** Messages delivered to us before we acknowledge (per consumer channel). */
  prefetch?: number;
  connectTimeoutMs?: number;
  heartbeatS?: number;
}

export interface HubLinkEvents {
  /** The link is up: publishing is possible and both queues are consumed. */
  connected(): void;
  /** The link went down (or never came up); confirms still pending will be reported by their callbacks. */
  disconnected(failure: Failure): void;
  /** A message from `<clientId>.ack` or `.info`; acknowledge it with `ack()` once it is stored. */
  delivery(queue: 'ack' | 'info', message: ConsumeMessage, channel: Channel): void;
  /** The publish buffer has room again. */
  drain(): void;
}

export interface PublishOptions {
  /** The distributionID, also set as the AMQP message-id (so a returned message is recognised). */
  messageId: string;
}

/** TLS socket options for amqplib, from the stored identity. */
export function socketOptions(config: HubLinkConfig): Record<string, unknown> {
  const id = config.identity;
  return {
    cert: id.certPem,
    key: id.keyPem,
    pfx: id.pfx,
    passphrase: id.passphrase,
    ca: id.caPem,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
    // Switched off only for a test broker reached by another name than its certificate's (the chain is still checked).
    ...(config.verifyHostName ? {} : { checkServerIdentity: () => undefined }),
    credentials: amqp.credentials.external(),
    timeout: config.connectTimeoutMs ?? 10_000,
    ...(config.heartbeatS !== undefined ? { heartbeat: config.heartbeatS } : {}),
  };
}

/** The failure an AMQP or TLS error stands for, as data. */
export function amqpFailure(err: unknown): Failure {
  const e = err as { code?: string | number; message?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = e?.message ?? String(err);
  if (/ACCESS_REFUSED|403/.test(message) || e?.code === 403) return failure('amqp.access-refused', false, { detail: message.slice(0, 300) });
  if (/NOT_FOUND|404/.test(message) || e?.code === 404) {
    const name = /(?:exchange|queue) '([^']+)'/.exec(message)?.[1] ?? '';
    return failure('amqp.not-found', false, { name, detail: message.slice(0, 300) });
  }
  if (/ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|ACCESS_DENIED|CERTIFICATE_UNKNOWN)/.test(code + message)) {
    return failure('net.client-certificate', false, { detail: code || message });
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/.test(code)) return failure('net.server-certificate', false, { detail: code });
  if (/^ERR_SSL|^ERR_TLS/.test(code)) return failure('net.tls', false, { detail: code });
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return failure('net.timeout', true, { timeoutMs: 10_000 });
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE'].includes(code)) {
    return failure('net.unreachable', true, { detail: code });
  }
  if (/closed|CONNECTION_FORCED|Socket closed|Unexpected close/i.test(message)) return failure('amqp.closed', true, { detail: message.slice(0, 300) });
  return failure('net.protocol', true, { detail: message.slice(0, 300) });
}

const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

export class HubLink {
  private config: HubLinkConfig | null = null;
  private connection: ChannelModel | null = null;
  private publishChannel: ConfirmChannel | null = null;
  private consumeChannel: Channel | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private generation = 0;
  state: HubLinkState = 'disabled';
  since: number | null = null;
  lastFailure: Failure | null = null;
  nextAttemptUtc: number | null = null;

  constructor(private readonly events: HubLinkEvents) {}

  get up(): boolean {
    return this.state === 'connected' && this.publishChannel !== null;
  }

  /** (Re)starts the link with a configuration; null stops it. */
  configure(config: HubLinkConfig | null): void {
    this.config = config;
    void this.teardown(config ? 'connecting' : 'disabled');
    this.attempt = 0;
    if (config) this.connectSoon(0);
  }

  private setState(state: HubLinkState): void {
    if (this.state !== state) this.since = Date.now();
    this.state = state;
  }

  private connectSoon(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptUtc = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delayMs);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    const config = this.config;
    if (!config) return;
    const generation = ++this.generation;
    this.setState('connecting');
    this.nextAttemptUtc = null;
    let connection: ChannelModel | null = null;
    try {
      connection = await amqp.connect(config.url, socketOptions(config));
      if (generation !== this.generation) {
        await connection.close().catch(() => undefined);
        return;
      }
      connection.on('error', () => undefined); // 'close' carries it too
      const publish = await connection.createConfirmChannel();
      publish.on('error', () => undefined);
      // Passive checks on the publishing channel: a missing exchange or queue closes the channel (404) and
      // fails the connection attempt with a clear reason, instead of messages vanishing later.
      await publish.checkExchange(HUB_EXCHANGE);
      const consume = await connection.createChannel();
      consume.on('error', () => undefined);
      await consume.checkQueue(`${config.clientId}.ack`);
      await consume.checkQueue(`${config.clientId}.info`);
      await consume.prefetch(config.prefetch ?? 500);
      publish.on('drain', () => this.events.drain());
      const lost = (err?: unknown) => {
        if (generation !== this.generation) return;
        this.generation++;
        // A channel the broker closed (a refused publish, say) leaves the connection open: drop it whole, so
        // the next attempt starts clean.
        void connection?.close().catch(() => undefined);
        this.onLost(amqpFailure(err ?? new Error('connection closed')));
      };
      connection.on('close', (err?: unknown) => lost(err));
      publish.on('close', () => lost(new Error('publish channel closed')));
      consume.on('close', () => lost(new Error('consumer channel closed')));
      this.connection = connection;
      this.publishChannel = publish;
      this.consumeChannel = consume;
      await consume.consume(`${config.clientId}.ack`, (m) => m && this.events.delivery('ack', m, consume), { noAck: false });
      await consume.consume(`${config.clientId}.info`, (m) => m && this.events.delivery('info', m, consume), { noAck: false });
      this.attempt = 0;
      this.lastFailure = null;
      this.setState('connected');
      this.events.connected();
    } catch (err) {
      if (connection) await connection.close().catch(() => undefined);
      if (generation !== this.generation) return;
      this.generation++;
      this.onLost(amqpFailure(err));
    }
  }

  private onLost(f: Failure): void {
    this.lastFailure = f;
    this.connection = null;
    this.publishChannel = null;
    this.consumeChannel = null;
    if (!this.config) return;
    this.setState('disconnected');
    this.events.disconnected(f);
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** this.attempt++);
    this.connectSoon(Math.round(base * (0.5 + Math.random() * 0.5)));
  }

  /**
   * Publishes one message persistent, as JSON, with routing key = our client id (the only one the Hub lets us
   * use). `done` is called once: null on the broker's confirm, an error on a nack or when the channel closed
   * first (the message may then have been delivered or not). Returns false when the caller should wait for
   * `drain` before publishing more.
   */
  publish(body: Buffer, options: PublishOptions, done: (err: Error | null) => void): boolean {
    const ch = this.publishChannel;
    const config = this.config;
    if (!ch || !config) {
      done(new NotSentError());
      return false;
    }
    return ch.publish(
      HUB_EXCHANGE,
      config.clientId,
      body,
      { contentType: 'application/json', deliveryMode: 2, persistent: true, priority: 0, messageId: options.messageId },
      (err: unknown) => done(err ? (err instanceof Error ? err : new Error(String(err))) : null),
    );
  }

  /**
   * Acknowledges every delivery up to this one (they were stored in the same transaction), on the channel that
   * delivered them: delivery tags mean nothing on another channel, and a channel that closed meanwhile has
   * handed its unacknowledged messages back to the queue already.
   */
  ackUpTo(message: ConsumeMessage, channel: Channel): void {
    if (channel !== this.consumeChannel) return;
    try {
      channel.ack(message, true);
    } catch {
      // The channel closed meanwhile: the broker redelivers, and storing is idempotent by distributionID.
    }
  }

  /** Drops the link and, unless stopped, starts connecting again (used after a failure to store deliveries). */
  restart(): void {
    if (this.config) this.configure(this.config);
  }

  private async teardown(state: HubLinkState): Promise<void> {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptUtc = null;
    const connection = this.connection;
    this.connection = null;
    this.publishChannel = null;
    this.consumeChannel = null;
    this.setState(state);
    if (connection) await connection.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.config = null;
    await this.teardown('disabled');
  }
}

/** Fetches the broker's certificate as presented on a TLS handshake (for the connection test's report). */
export function peerCertificate(url: string, config: HubLinkConfig, timeoutMs = 10_000): Promise<{ subject: string; issuer: string; validTo: string; error: Failure | null }> {
  const u = new URL(url);
  const options = socketOptions(config);
  return new Promise((resolve) => {
    // Only the options that are set: tls.connect treats a present-but-undefined option differently from an absent one.
    const defined = Object.fromEntries(Object.entries({
      host: u.hostname,
      port: Number(u.port || 5671),
      servername: /^[\d.]+$|:/.test(u.hostname) ? undefined : u.hostname,
      cert: options.cert,
      key: options.key,
      pfx: options.pfx,
      passphrase: options.passphrase,
      ca: options.ca,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      checkServerIdentity: options.checkServerIdentity,
      timeout: timeoutMs,
    }).filter(([, v]) => v !== undefined)) as tls.ConnectionOptions;
    const socket = tls.connect(defined);
    const finish = (error: Failure | null) => {
      const c = socket.getPeerCertificate();
      const name = (o: Record<string, unknown> | undefined) => (o ? Object.entries(o).map(([k, v]) => `${k}=${String(v)}`).join(', ') : '');
      resolve({ subject: name(c?.subject as unknown as Record<string, unknown>), issuer: name(c?.issuer as unknown as Record<string, unknown>), validTo: c?.valid_to ?? '', error });
      socket.destroy();
    };
    socket.once('secureConnect', () => finish(null));
    socket.once('error', (err) => finish(amqpFailure(err)));
    socket.once('timeout', () => finish(failure('net.timeout', true, { timeoutMs })));
  });
}
