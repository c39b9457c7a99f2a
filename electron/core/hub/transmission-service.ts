// The Hub Santé module (INT_L02): composes the connection settings, routing, directory, the outbox pump and the
// inbox; answers the console's questions about transmissions; runs retries; and keeps the "unconfirmed" promise
// of the DST (a message without a final ack after the configured delay is shown as not delivered).
import type { Db } from '../store/database';
import type { JournalStore } from '../journal/journal-store';
import type { AppointmentStore } from '../appointments/appointment-store';
import type { RegulatorStore } from '../regulators/regulator-store';
import type { EventBus } from '../events/event-bus';
import type { Topic } from '../../../shared/api/events';
import type {
  HubConnectionInput,
  HubConnectionTest,
  HubConnectionView,
  HubStatus,
  RetryPlan,
  TransmissionDetail,
  TransmissionFilter,
  TransmissionList,
  TransmissionSelection,
} from '../../../shared/api/hub-api';
import { failure } from '../../../shared/api/failure';
import { buildRdvEnvelope, checkRdvEnvelope } from '../../../shared/hub/rdv-message';
import type { SecretVault } from '../editors/secret-vault';
import { HubConnectionStore, type HubConnectionRecord } from './hub-connection-store';
import { HubLink, type HubLinkConfig } from './hub-link';
import { DEFAULT_PUBLISHER_OPTIONS, HubPublisher, type PublisherOptions } from './hub-publisher';
import { HubInbox } from './hub-inbox';
import { TransmissionStore, transmissionWhere } from './transmission-store';
import { TransmissionAssembler } from './transmission-assembly';
import { RouteStore } from './route-store';
import { DirectoryStore } from './directory-store';
import { testHubConnection } from './hub-connection-test';

export interface TransmissionServiceDeps {
  db: Db;
  appointments: AppointmentStore;
  regulators: RegulatorStore;
  journal: JournalStore;
  events: EventBus;
  vault: () => SecretVault;
  publisher?: Partial<PublisherOptions>;
}

/** Topics whose changes may release blocked transmissions (the data they were missing). */
const RELEASING_TOPICS: readonly Topic[] = ['regulators', 'directory', 'routes', 'hub'];
const SWEEP_MS = 15_000;
/** Retry all filtered: a ceiling that keeps one confirmation honest about what it sends. */
export const MAX_RETRY = 100_000;

export class TransmissionService {
  readonly store: TransmissionStore;
  readonly connection: HubConnectionStore;
  readonly routes: RouteStore;
  readonly directory: DirectoryStore;
  readonly assembler: TransmissionAssembler;
  readonly link: HubLink;
  readonly publisher: HubPublisher;
  readonly inbox: HubInbox;
  private sweep: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly d: TransmissionServiceDeps) {
    this.store = new TransmissionStore(d.db);
    this.connection = new HubConnectionStore(d.db, d.vault);
    this.routes = new RouteStore(d.db);
    this.directory = new DirectoryStore(d.db);
    this.assembler = new TransmissionAssembler({ appointments: d.appointments, regulators: d.regulators, directory: this.directory, routes: this.routes });
    const changed = (ids: string[] | null) => {
      if (ids) for (const id of ids) d.events.emit('transmissions', id);
      else d.events.emit('transmissions');
    };
    this.link = new HubLink({
      connected: () => {
        d.events.emit('hub');
        this.publisher.onConnected();
      },
      disconnected: () => {
        d.events.emit('hub');
        this.publisher.kick();
      },
      delivery: (queue, message, channel) => this.inbox.onDelivery(queue, message, channel),
      drain: () => this.publisher.onDrain(),
    });
    this.publisher = new HubPublisher({
      db: d.db,
      store: this.store,
      journal: d.journal,
      assembler: this.assembler,
      link: this.link,
      connection: () => this.connection.get(),
      changed,
      options: { ...DEFAULT_PUBLISHER_OPTIONS, ...d.publisher },
    });
    this.inbox = new HubInbox({
      db: d.db,
      store: this.store,
      journal: d.journal,
      link: this.link,
      clientId: () => this.connection.get()?.clientId ?? '',
      changed,
      orphaned: () => d.events.emit('hub'),
      kick: () => this.publisher.kick(),
    });
    // The outbox row is written in the transaction that stores the version.
    d.appointments.setOutbox((id, version, at) => this.store.enqueueVersion(id, version, at));
  }

  /**
   * At start: attempts a dead process published without seeing the confirm may or may not have reached the
   * broker. They go back to the queue (a new attempt, counted as a possible duplicate); the LRM ends with the
   * latest state either way, since every message carries the whole appointment.
   */
  recover(now = Date.now()): number {
    const pending = this.store.pendingAttempts();
    if (pending.length === 0) return 0;
    this.d.db.transaction(() => {
      for (const p of pending) {
        const a = this.store.attemptById(p.id);
        if (!a) continue;
        this.store.requeue(a, 'lost', now, now);
        if (a.exchangeId !== null) {
          this.d.journal.complete(a.exchangeId, {
            status: null,
            durationMs: null,
            responseHeaders: {},
            responseBody: null,
            outcome: 'unknown',
            failure: failure('job.interrupted', true),
            timings: null,
            tls: null,
          });
        }
      }
    }).immediate();
    return pending.length;
  }

  start(): void {
    this.recover();
    this.unsubscribe = this.d.events.subscribe((e) => {
      if (e.topics.some((t) => RELEASING_TOPICS.includes(t)) && this.store.releaseBlocked(Date.now()) > 0) {
        this.d.events.emit('transmissions');
      }
      if (e.topics.includes('appointments') || e.topics.some((t) => RELEASING_TOPICS.includes(t))) this.publisher.kick();
    });
    this.sweep = setInterval(() => this.sweepUnconfirmed(), SWEEP_MS);
    this.sweep.unref();
    this.applyConnection();
  }

  /** Marks published transmissions without a final ack past the delay as unconfirmed. */
  sweepUnconfirmed(now = Date.now()): number {
    const c = this.connection.get();
    if (!c) return 0;
    const n = this.store.markUnconfirmed(now - c.unconfirmedAfterMinutes * 60_000, now);
    if (n > 0) this.d.events.emit('transmissions');
    return n;
  }

  linkConfig(c: HubConnectionRecord): HubLinkConfig {
    return { url: c.url, clientId: c.clientId, identity: this.connection.tlsIdentity(c), verifyHostName: c.verifyHostName };
  }

  /** Connects (or disconnects) as the saved settings say. */
  applyConnection(): void {
    const c = this.connection.get();
    let config: HubLinkConfig | null = null;
    try {
      config = c && c.enabled ? this.linkConfig(c) : null;
    } catch {
      config = null; // a secret that cannot be opened any more: the status says disconnected until it is fixed
    }
    this.link.configure(config);
    this.d.events.emit('hub');
    this.publisher.kick();
  }

  saveConnection(input: HubConnectionInput): HubConnectionView {
    this.connection.save(input);
    this.applyConnection();
    // Saving may be what blocked ones were waiting for (the event bus releases them too; this is immediate).
    this.store.releaseBlocked(Date.now());
    return this.connection.view()!;
  }

  async testConnection(): Promise<HubConnectionTest> {
    const c = this.connection.get();
    if (!c) {
      return { ok: false, durationMs: 0, serverCertificate: null, clientCertificate: null, checks: [{ step: 'config', ok: false, detail: null, failure: failure('hub.not-configured', false) }] };
    }
    return testHubConnection(this.linkConfig(c), c);
  }

  status(): HubStatus {
    const c = this.connection.get();
    return {
      state: c?.enabled ? this.link.state : 'disabled',
      url: c?.url ?? null,
      clientId: c?.clientId ?? null,
      since: this.link.since,
      failure: c?.enabled ? this.link.lastFailure : c ? null : failure('hub.not-configured', false),
      nextAttemptUtc: this.link.nextAttemptUtc,
      inFlight: this.publisher.pending,
      attention: this.store.attention(),
      counts: this.store.countsByState({}),
      orphans: this.store.orphans(0, 1).total,
    };
  }

  list(filter: TransmissionFilter, offset: number, limit: number): TransmissionList {
    return { rows: this.store.list(filter, offset, limit), total: this.store.count(filter), counts: this.store.countsByState(filter) };
  }

  get(appointmentId: string): TransmissionDetail | null {
    const row = this.store.get(appointmentId);
    if (!row) return null;
    const bodies = (exchangeId: number | null, responseId: number | null) => {
      const sent = exchangeId ? this.d.journal.get(exchangeId) : null;
      // The answer completes the message's own entry (its response); one that came late has an entry of its own.
      const received = !responseId ? null : responseId === exchangeId ? (sent ? { requestBody: sent.responseBody } : null) : this.d.journal.get(responseId);
      const json = (text: string | null | undefined) => {
        if (!text) return null;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      };
      return { envelope: json(sent?.requestBody), response: json(received?.requestBody) };
    };
    const attempts = this.store.attempts(appointmentId, bodies);
    const assembly = this.assembler.assemble(appointmentId, row.wantedVersion);
    const c = this.connection.get();
    let preview: TransmissionDetail['preview'] = { envelope: null, diagnostics: [] };
    if (assembly.ok && c) {
      const envelope = buildRdvEnvelope({
        clientId: c.clientId,
        recipient: assembly.samu,
        distributionId: `${c.clientId}_apercu`,
        sentUtc: Date.now(),
        expiresUtc: Date.now() + c.expiresAfterHours * 3_600_000,
        appointment: { ...assembly.content, method: this.store.mayHoldAppointment(appointmentId, assembly.samu) ? 'UpdateAppointment' : 'CreateAppointment' },
      });
      preview = { envelope, diagnostics: checkRdvEnvelope(envelope) };
    }
    return {
      row,
      attempts,
      versions: this.d.appointments.versions(appointmentId),
      exchanges: this.d.journal.forLink('transmission', appointmentId),
      route: assembly.route,
      preview,
    };
  }

  private selectionIds(selection: TransmissionSelection): string[] {
    return 'appointmentIds' in selection ? [...new Set(selection.appointmentIds)] : this.store.idsOf(selection.filter, MAX_RETRY);
  }

  /** What a retry would send: per SAMU, how many already acknowledged, blocked, in flight. */
  plan(selection: TransmissionSelection): RetryPlan {
    let rows: { samu: string | null; state: string; in_flight: number; n: number }[];
    if ('appointmentIds' in selection) {
      rows = this.d.db.prepare(`SELECT samu, state, in_flight IS NOT NULL AS in_flight, count(*) AS n FROM transmissions
        WHERE appointment_id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2, 3`).all(JSON.stringify(this.selectionIds(selection))) as typeof rows;
    } else {
      const w = transmissionWhere(selection.filter);
      rows = this.d.db.prepare(`SELECT t.samu, t.state, t.in_flight IS NOT NULL AS in_flight, count(*) AS n FROM transmissions t
        LEFT JOIN appointments a ON a.id = t.appointment_id ${w.clause} GROUP BY 1, 2, 3`).all(w.params) as typeof rows;
    }
    const bySamu = new Map<string | null, number>();
    let total = 0;
    let acknowledged = 0;
    let blocked = 0;
    let inFlight = 0;
    for (const r of rows) {
      if (r.in_flight) {
        inFlight += r.n;
        continue;
      }
      total += r.n;
      if (r.state === 'acknowledged') acknowledged += r.n;
      if (r.state === 'blocked') blocked += r.n;
      bySamu.set(r.samu, (bySamu.get(r.samu) ?? 0) + r.n);
    }
    return {
      total,
      bySamu: [...bySamu].map(([samu, count]) => ({ samu, count })).sort((a, b) => b.count - a.count),
      acknowledged,
      blocked,
      inFlight,
    };
  }

  /**
   * A new attempt for each selected transmission (not those in flight), with a new distributionID; the method
   * is chosen when it is built so that the LRM ends with the latest state.
   */
  retry(selection: TransmissionSelection, operator: string): RetryPlan & { queued: number } {
    const plan = this.plan(selection);
    const ids = this.selectionIds(selection);
    const now = Date.now();
    let queued = 0;
    this.d.db.transaction(() => {
      for (const id of ids) if (this.store.retry(id, operator, now)) queued++;
    }).immediate();
    this.d.events.emit('transmissions');
    this.publisher.kick();
    return { ...plan, queued };
  }

  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    this.unsubscribe?.();
    await this.publisher.stop();
    this.inbox.stop();
    await this.link.stop();
  }
}
