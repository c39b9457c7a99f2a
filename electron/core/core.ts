import path from 'node:path';
import type { SystemInfo } from '../../shared/api/types';
import { AppointmentStore } from './appointments/appointment-store';
import { createHandlers, type Handlers } from './api/handlers';
import { ExportService } from './exports/export-service';
import { createAppointmentGateway } from './gateway/appointment-gateway';
import { type Listener, listen } from './gateway/gateway-listener';
import { JournalStore } from './journal/journal-store';
import { SettingsStore } from './settings/settings-store';
import { startCheckpointer } from './store/checkpointer';
import { EditorStore } from './editors/editor-store';
import { fileVault, type SecretVault } from './editors/secret-vault';
import { SlotSearchService } from './slots/slot-search-service';
import { type Db, openDatabase } from './store/database';
import { type IgPackage, loadIgPackage } from './validation/ig-validator';
import type { Settings } from '../../shared/api/settings';

export const PRODUCT_VERSION = '0.1.0';

export interface CoreOptions {
  dataDir: string;
  host: 'desktop' | 'headless';
  /** Where editors' private keys and passphrases are kept: the OS store on the desktop, files in headless mode. */
  vault?: SecretVault;
}

export interface Core {
  db: Db;
  appointments: AppointmentStore;
  journal: JournalStore;
  settings: SettingsStore;
  exports: ExportService;
  editors: EditorStore;
  vault: SecretVault;
  slots: SlotSearchService;
  handlers: Handlers;
  info(): SystemInfo;
  /** Applies the stored settings to the running services (gateway listener, IG package). */
  apply(): Promise<void>;
  close(): Promise<void>;
}

/** The core: plain Node, no Electron. Both hosts (desktop and headless) start exactly this. */
export async function startCore(options: CoreOptions): Promise<Core> {
  const db = openDatabase(options.dataDir);
  // Checkpoints run beside the writer; the writer's own autocheckpoint only resets a WAL that is already copied.
  db.pragma('wal_autocheckpoint = 8000');
  const checkpointer = startCheckpointer(path.join(options.dataDir, 'console.sqlite'));
  const appointments = new AppointmentStore(db);
  const journal = new JournalStore(db);
  const settings = new SettingsStore(db);
  const vault = options.vault ?? fileVault;
  const editors = new EditorStore(db, () => vault);
  const slots = new SlotSearchService(db, editors, journal, () => ig);
  const exports = new ExportService(path.join(options.dataDir, 'console.sqlite'), path.join(options.dataDir, 'exports'), () => settings.get().language);

  let ig: IgPackage | null = null;
  let igDir: string | null = null;
  let igError: string | null = null;
  let listener: Listener | null = null;
  let listenerKey = '';
  let gatewayError: string | null = null;

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

  const applyGateway = async (s: Settings) => {
    const g = s.gateway;
    const key = JSON.stringify(g);
    if (key === listenerKey && (listener || !g.enabled)) return;
    listenerKey = key;
    if (listener) {
      await listener.close();
      listener = null;
    }
    gatewayError = null;
    if (!g.enabled) return;
    const tls = g.tlsCertFile || g.tlsKeyFile || g.clientCaFile;
    if (tls && !(g.tlsCertFile && g.tlsKeyFile && g.clientCaFile)) {
      gatewayError = 'TLS incomplet : indiquez le certificat, la clé et les AC clientes de confiance (ou aucun des trois).';
      return;
    }
    try {
      const handler = createAppointmentGateway({ appointments, journal, ig: () => ig, productVersion: PRODUCT_VERSION, mtls: !!tls });
      listener = await listen(
        {
          host: g.host,
          port: g.port,
          tls: tls ? { certFile: g.tlsCertFile!, keyFile: g.tlsKeyFile!, clientCaFile: g.clientCaFile! } : null,
        },
        handler,
      );
    } catch (e) {
      gatewayError = `La passerelle n'a pas pu démarrer sur ${g.host}:${g.port} : ${(e as Error).message}`;
      listenerKey = '';
    }
  };

  const core: Core = {
    db,
    appointments,
    journal,
    settings,
    exports,
    editors,
    vault,
    slots,
    handlers: undefined as unknown as Handlers,
    info: () => ({
      productVersion: PRODUCT_VERSION,
      host: options.host,
      dataDir: options.dataDir,
      gateway: { listening: !!listener, url: listener?.url ?? null, mtls: listener?.mtls ?? false, error: gatewayError },
      igPackage: { dir: igDir, loaded: !!ig, profiles: ig?.profiles.size ?? 0, error: igError },
    }),
    apply: async () => {
      const s = settings.get();
      loadIg(s);
      await applyGateway(s);
    },
    close: async () => {
      if (listener) await listener.close();
      await checkpointer.close();
      db.close();
    },
  };
  core.handlers = createHandlers(core);
  await core.apply();
  return core;
}
