import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreCheck, SystemInfo } from '../../shared/api/types';
import type { SecurityChange } from '../../shared/api/audit-types';
import { AppointmentStore } from './appointments/appointment-store';
import { AuditStore } from './audit/audit-store';
import { createHandlers, type Handlers } from './api/handlers';
import { ExportService } from './exports/export-service';
import { createAppointmentGateway, type GatewayHealth } from './gateway/appointment-gateway';
import { type Listener, listen, type TlsRefusal } from './gateway/gateway-listener';
import { JournalStore } from './journal/journal-store';
import { SettingsStore } from './settings/settings-store';
import { startCheckpointer } from './store/checkpointer';
import { EditorDirectory } from './editors/editor-directory';
import { EditorStore } from './editors/editor-store';
import { fileVault, type SecretVault } from './editors/secret-vault';
import { SlotSearchService } from './slots/slot-search-service';
import { type Db, openDatabase } from './store/database';
import { diskSpace } from './store/disk-space';
import { quickCheckFile } from './store/store-health';
import { type IgPackage, loadIgPackage } from './validation/ig-validator';
import type { GatewaySettings, Settings } from '../../shared/api/settings';
import { hasTls, securityStates } from './settings/security-changes';
import { hostNameOfAddress } from '../../shared/domain/host-names';
import { EventBus } from './events/event-bus';
import { JobQueue } from './jobs/job-queue';
import { EditorFhirClient } from './editors/fhir-client';
import { RegulatorStore } from './regulators/regulator-store';
import { ProvisioningService, type ProvisioningOptions } from './regulators/provisioning';
import { RegulatorService } from './regulators/regulator-service';
import { QualificationService } from './regulators/qualification';
import { TransmissionService } from './hub/transmission-service';
import type { PublisherOptions } from './hub/hub-publisher';
import { DirectoryService } from './hub/directory-service';
import { makeReviewCopy, type ReviewCopy } from './review/review-copy';
import { checkIntegrity, exportLogPackage, packageFileName, type PackageManifest } from './review/log-package';
import type { ReviewInfo } from '../../shared/api/types';
import type { AppointmentFilter } from '../../shared/api/contract';

export const PRODUCT_VERSION = '0.1.0';

export interface CoreOptions {
  dataDir: string;
  host: 'desktop' | 'headless';
  /** Where editors' private keys and passphrases are kept: the OS store on the desktop, files in headless mode. */
  vault?: SecretVault;
  /**
   * Gateway listener fields the host's command line fixed (`--fhir-listen`, `--tls-*`): applied over the
   * stored settings, and refused by `settings.update`, so a host started with mTLS keeps it until restarted.
   */
  pinnedGateway?: Partial<GatewaySettings>;
  /** Told in French of every security-relevant change (the headless host prints it). */
  onSecurityNotice?: (text: string) => void;
  /** Concurrency of INT_R02 requests (benchmarks and tests tune it). */
  provisioning?: Partial<ProvisioningOptions>;
  /** Batching and in-flight window of the Hub publisher (benchmarks tune it). */
  hubPublisher?: Partial<PublisherOptions>;
  /**
   * Review mode: this console database (a log package) is read from a private copy; the core refuses every
   * command, writes nothing, and starts no listener, no worker and no network. `dataDir` is then unused.
   */
  review?: { file: string; acceptAltered?: boolean };
}

export interface StoreHealth {
  diskFullSinceUtc: number | null;
  unjournalled: number;
  lastCheck: StoreCheck | null;
}

export interface Core {
  db: Db;
  appointments: AppointmentStore;
  journal: JournalStore;
  settings: SettingsStore;
  exports: ExportService;
  editors: EditorStore;
  directory: EditorDirectory;
  audit: AuditStore;
  vault: SecretVault;
  slots: SlotSearchService;
  events: EventBus;
  jobs: JobQueue;
  fhir: EditorFhirClient;
  regulatorStore: RegulatorStore;
  provisioning: ProvisioningService;
  regulators: RegulatorService;
  qualification: QualificationService;
  /** The Hub Santé flow (INT_L02): connection, routing, directory, outbox, acks and errors. */
  hub: TransmissionService;
  hubDirectory: DirectoryService;
  handlers: Handlers;
  options: CoreOptions;
  health: StoreHealth;
  /** Set in review mode: the file being read (never written), its manifest and integrity. */
  review: ReviewInfo | null;
  /** Writes a log package of the appointments a filter selects (review-mode files) into the exports folder. */
  exportPackage(filter: AppointmentFilter): { file: string; manifest: PackageManifest };
  info(): SystemInfo;
  /** The operator the audit trail records: the configured name, else the OS user. */
  operator(): string;
  /** Settings as they apply: stored ones, with the host's pinned gateway fields over them. */
  effectiveSettings(): Settings;
  /** Runs `PRAGMA quick_check` now in a worker thread (Settings → « Vérifier la base »): writes go on meanwhile. */
  checkStore(): Promise<StoreCheck>;
  /** Drops bodies of refused requests past the retention settings, a batch per turn of the event loop. */
  applyRetention(now?: number): Promise<{ purged: number; keptBytes: number }>;
  /** Applies the stored settings to the running services (gateway listener, IG package). */
  apply(): Promise<void>;
  close(): Promise<void>;
}

/** Refused handshakes are journalled, but a flood from one address is only counted past this many a minute. */
const REFUSALS_JOURNALLED_PER_ADDRESS_PER_MINUTE = 20;
/** Free space under which a store that hit a full disk is not yet considered writable again. */
const DISK_FREE_TO_RESUME = 4 * 1024 * 1024;

/** The core: plain Node, no Electron. Both hosts (desktop and headless) start exactly this. */
export async function startCore(options: CoreOptions): Promise<Core> {
  let reviewInfo: ReviewInfo | null = null;
  if (options.review) {
    // Checked on the file as exported, before the private copy is migrated.
    const { manifest, integrity } = checkIntegrity(path.resolve(options.review.file));
    if (integrity.verdict === 'altered' && !options.review.acceptAltered) {
      throw new Error(`Le dossier de journaux ${options.review.file} a été modifié après son export (tables : ${integrity.altered.join(', ')}) : ce qu’il montre n’est plus ce qui a été exporté. Ouvrez-le seulement en connaissance de cause, avec --accept-altered.`);
    }
    reviewInfo = {
      file: path.resolve(options.review.file),
      exported: manifest ? { by: manifest.exportedBy, atUtc: manifest.exportedAtUtc, console: manifest.console, productVersion: manifest.productVersion, counts: manifest.counts } : null,
      integrity,
    };
  }
  const review = options.review ? makeReviewCopy(options.review.file) : null;
  const effective = review ? { ...options, dataDir: review.dir } : options;
  let db: Db;
  try {
    db = openDatabase(effective.dataDir, { host: options.host });
  } catch (e) {
    review?.remove();
    throw e;
  }
  try {
    // Migrated (an older package) on the copy; from here on SQLite itself refuses any write.
    if (review) db.pragma('query_only = ON');
    return await composeCore(effective, db, review, reviewInfo);
  } catch (e) {
    // The data folder stays locked until the store is closed: a failed start must not keep it.
    db.close();
    review?.remove();
    throw e;
  }
}

async function composeCore(options: CoreOptions, db: Db, review: ReviewCopy | null, reviewInfo: ReviewInfo | null): Promise<Core> {
  const file = path.join(options.dataDir, 'console.sqlite');
  // Checkpoints run beside the writer; the writer's own autocheckpoint only resets a WAL that is already copied.
  db.pragma('wal_autocheckpoint = 8000');
  const checkpointer = review ? null : startCheckpointer(file);
  const appointments = new AppointmentStore(db);
  const journal = new JournalStore(db);
  const settings = new SettingsStore(db);
  const audit = new AuditStore(db, `${options.host}@${os.hostname()}`);
  const vault = options.vault ?? fileVault;
  const editors = new EditorStore(db, () => vault);
  const directory = new EditorDirectory(editors);
  const events = new EventBus();
  const emit = events.emit.bind(events);
  editors.onChange(() => emit('editors'));
  const jobs = new JobQueue(db, { owner: `${options.host}:${process.pid}:${randomUUID()}`, onChange: (j) => emit('jobs', String(j.id)) });
  const fhir = new EditorFhirClient(editors);
  const regulatorStore = new RegulatorStore(db);
  const hub = new TransmissionService({ db, appointments, regulators: regulatorStore, journal, events, vault: () => vault, publisher: options.hubPublisher });
  const hubDirectory = new DirectoryService(db, hub.directory, () => emit('directory'));
  const slots = new SlotSearchService(db, editors, journal, fhir, jobs, emit, () => ig, (bundle, editor) => hubDirectory.learnFromSlots(bundle, editor));
  const provisioning = new ProvisioningService({ db, regulators: regulatorStore, editors, client: fhir, journal, jobs, emit, options: options.provisioning });
  const regulators = new RegulatorService({ db, store: regulatorStore, provisioning, jobs, journal, emit });
  const qualification = new QualificationService({ db, editors, client: fhir, journal, jobs, emit });
  jobs.register(provisioning.worker());
  jobs.register(qualification.worker());
  jobs.register(slots.worker());
  const exports = new ExportService(file, path.join(options.dataDir, 'exports'), () => settings.get().language, jobs, emit);
  jobs.register(exports.worker());

  let ig: IgPackage | null = null;
  let igDir: string | null = null;
  let igError: string | null = null;
  let listener: Listener | null = null;
  let listenerKey = '';
  let gatewayError: string | null = null;
  let refusedHandshakes = 0;
  let refusedConnections = 0;
  const health: StoreHealth = { diskFullSinceUtc: null, unjournalled: 0, lastCheck: null };

  const effectiveSettings = (): Settings => {
    const s = settings.get();
    return options.pinnedGateway ? { ...s, gateway: { ...s.gateway, ...options.pinnedGateway } } : s;
  };

  const gatewayHealth: GatewayHealth = {
    diskFull: () => {
      health.diskFullSinceUtc ??= Date.now();
    },
    writeOk: () => {
      health.diskFullSinceUtc = null;
    },
    unjournalled: () => {
      health.unjournalled++;
    },
  };
  // Once space is back the next write clears the state by itself; this probe clears it even when no editor writes.
  const diskProbe = setInterval(() => {
    if (health.diskFullSinceUtc === null) return;
    try {
      if (diskSpace(options.dataDir).freeBytes > DISK_FREE_TO_RESUME) health.diskFullSinceUtc = null;
    } catch {
      // statfs unavailable: the next write decides
    }
  }, 5_000);
  diskProbe.unref();

  const loadIg = (s: Settings) => {
    if (s.igPackageDir === igDir) return;
    igDir = s.igPackageDir;
    ig = null;
    igError = null;
    if (!igDir) return;
    try {
      ig = loadIgPackage(igDir);
    } catch (e) {
      igError = (e as Error).message;
    }
  };

  // Refused handshakes: journalled (with what the client presented), but never more than a few a minute per address.
  const refusalWindow = new Map<string, { minute: number; count: number }>();
  const onTlsRefused = (e: TlsRefusal) => {
    refusedHandshakes++;
    const minute = Math.floor(e.atUtc / 60_000);
    const w = refusalWindow.get(e.peerAddress);
    if (w && w.minute === minute && w.count >= REFUSALS_JOURNALLED_PER_ADDRESS_PER_MINUTE) return;
    if (!w || w.minute !== minute) {
      if (refusalWindow.size > 10_000) refusalWindow.clear();
      refusalWindow.set(e.peerAddress, { minute, count: 1 });
    } else w.count++;
    try {
      journal.record({
        atUtc: e.atUtc,
        direction: 'inbound',
        channel: 'fhir-gateway',
        peer: `${e.peerAddress}:${e.peerPort ?? '?'}`,
        clientSubject: e.subject,
        clientIssuer: e.issuer,
        clientFingerprint: e.fingerprint256,
        refusal: `tls:${e.code}:${e.reason}`,
        method: null,
        url: null,
        status: null,
        durationMs: null,
        requestHeaders: {},
        requestBody: null,
        responseHeaders: {},
        responseBody: null,
        appointmentId: null,
      });
      emit('journal');
    } catch {
      health.unjournalled++;
    }
  };

  /** CRL files as they are on disk: a new CRL dropped in place is taken without an operator's action. */
  const crlStamp = (files: readonly string[]) =>
    files
      .map((f) => {
        try {
          const st = fs.statSync(f);
          return `${f}:${st.size}:${st.mtimeMs}`;
        } catch {
          return `${f}:absent`;
        }
      })
      .join('|');

  const applyGateway = async (s: Settings) => {
    const g = s.gateway;
    // What the listener is built from; names and the unregistered-editors switch are read per request.
    const { publicNames: _names, allowUnregisteredEditors: _allow, ...listenerFields } = g;
    const key = `${JSON.stringify(listenerFields)}#${crlStamp(g.crlFiles)}`;
    if (key === listenerKey && (listener || !g.enabled)) return;
    listenerKey = key;
    if (listener) {
      await listener.close();
      listener = null;
    }
    gatewayError = null;
    if (!g.enabled) return;
    const tls = g.tlsCertFile || g.tlsKeyFile || g.clientCaFile;
    if (tls && !hasTls(g)) {
      gatewayError = 'TLS incomplet : indiquez le certificat, la clé et les AC clientes de confiance (ou aucun des trois).';
      return;
    }
    try {
      const handler = createAppointmentGateway({
        appointments,
        journal,
        directory,
        ig: () => ig,
        policy: () => {
          const now = effectiveSettings().gateway;
          const listenName = hostNameOfAddress(now.host);
          return { hostNames: listenName ? [...now.publicNames, listenName] : now.publicNames, allowUnregisteredEditors: now.allowUnregisteredEditors };
        },
        health: gatewayHealth,
        productVersion: PRODUCT_VERSION,
        mtls: !!tls,
        changed: (appointmentId) => {
          emit('journal');
          if (appointmentId) emit('appointments', appointmentId);
        },
      });
      listener = await listen(
        {
          host: g.host,
          port: g.port,
          tls: tls ? { certFile: g.tlsCertFile!, keyFile: g.tlsKeyFile!, clientCaFile: g.clientCaFile!, crlFiles: g.crlFiles } : null,
          limits: g.limits,
          onTlsRefused,
          onConnectionRefused: () => {
            refusedConnections++;
          },
        },
        handler,
      );
    } catch (e) {
      gatewayError = `La passerelle n'a pas pu démarrer sur ${g.host}:${g.port} : ${(e as Error).message}`;
      listenerKey = '';
    }
  };

  const retention = setInterval(() => {
    if (!review) void core.applyRetention().catch(() => undefined);
  }, 3_600_000);
  retention.unref();
  // A CRL replaced on disk is applied within a minute (the listener is rebuilt only when a file changed).
  const crlWatch = setInterval(() => {
    if (review) return;
    const g = effectiveSettings().gateway;
    if (g.enabled && g.crlFiles.length > 0 && !listenerKey.endsWith(`#${crlStamp(g.crlFiles)}`)) void core.apply().catch(() => undefined);
  }, 60_000);
  crlWatch.unref();

  const core: Core = {
    db,
    appointments,
    journal,
    settings,
    exports,
    editors,
    directory,
    audit,
    vault,
    slots,
    events,
    jobs,
    fhir,
    regulatorStore,
    provisioning,
    regulators,
    qualification,
    hub,
    hubDirectory,
    options,
    health,
    review: reviewInfo,
    exportPackage: (filter) => {
      const dir = path.join(options.dataDir, 'exports');
      fs.mkdirSync(dir, { recursive: true });
      const target = path.join(dir, packageFileName());
      // Committed data only, read from the file by SQLite: a checkpoint first so the WAL's last commits are in it.
      db.pragma('wal_checkpoint(PASSIVE)');
      const manifest = exportLogPackage({ source: file, target, filter, exportedBy: core.operator(), console: `${options.host}@${os.hostname()}`, productVersion: PRODUCT_VERSION });
      return { file: target, manifest };
    },
    handlers: undefined as unknown as Handlers,
    effectiveSettings,
    operator: () => settings.get().operatorName ?? safeUserName(),
    info: () => {
      const s = effectiveSettings();
      const stats = listener?.stats();
      return {
        productVersion: PRODUCT_VERSION,
        host: options.host,
        dataDir: options.dataDir,
        operator: core.operator(),
        gateway: {
          listening: !!listener,
          url: listener?.url ?? null,
          mtls: listener?.mtls ?? false,
          error: gatewayError,
          pinned: !!options.pinnedGateway,
          connections: stats?.connections ?? 0,
          refusedHandshakes,
          refusedConnections,
        },
        igPackage: { dir: igDir, loaded: !!ig, profiles: ig?.profiles.size ?? 0, error: igError },
        review: core.review,
        store: { file, diskFullSinceUtc: health.diskFullSinceUtc, unjournalled: health.unjournalled, lastCheck: health.lastCheck },
        security: securityStates(s) satisfies SecurityChange[],
      };
    },
    checkStore: async () => {
      const r = await quickCheckFile(file);
      health.lastCheck = { ...r, atUtc: Date.now() };
      return health.lastCheck;
    },
    applyRetention: async (now = Date.now()) => {
      const j = settings.get().journal;
      let purged = 0;
      for (;;) {
        // Small steps with the event loop free between them: the gateway's writes go on during a large purge.
        const step = journal.purgeRefusedBodiesStep(now, now - j.refusedBodyDays * 86_400_000, j.refusedBodyMaxMb * 1024 * 1024);
        purged += step.purged;
        if (!step.more) return { purged, keptBytes: step.keptBytes };
        await new Promise((r) => setImmediate(r));
      }
    },
    apply: async () => {
      // Review mode: nothing listens, no IG package is loaded from this machine for someone else's data.
      if (review) return;
      const s = effectiveSettings();
      loadIg(s);
      await applyGateway(s);
    },
    close: async () => {
      clearInterval(diskProbe);
      clearInterval(retention);
      clearInterval(crlWatch);
      await hub.stop();
      await jobs.stop();
      fhir.close();
      events.close();
      directory.close();
      if (listener) await listener.close();
      await checkpointer?.close();
      db.close();
      review?.remove();
    },
  };
  core.handlers = createHandlers(core);
  if (review) return core;
  // Work a previous process left unfinished: attempts that never got an answer, jobs it was running.
  journal.markUnknownAttempts();
  jobs.recover();
  await core.apply();
  jobs.start();
  hub.start();
  setImmediate(() => void core.applyRetention().catch(() => undefined)); // retried hourly
  return core;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'inconnu';
  }
}
