import { z } from 'zod';

/** Connection limits of the gateway: figures an operator may tune; defaults in `defaultSettings`. */
export const gatewayLimitsSchema = z.strictObject({
  maxConnections: z.number().int().min(1).max(100_000),
  maxConnectionsPerAddress: z.number().int().min(1).max(100_000),
  handshakeTimeoutS: z.number().int().min(1).max(600),
  headersTimeoutS: z.number().int().min(1).max(600),
  requestTimeoutS: z.number().int().min(1).max(3600),
  keepAliveTimeoutS: z.number().int().min(1).max(3600),
});
export type GatewayLimitsSettings = z.infer<typeof gatewayLimitsSchema>;

/** A host name as it may appear in a Host header (no port, no scheme). */
const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/, 'nom d’hôte attendu, sans port ni schéma (ex. sas-passerelle.exemple.fr)');

export const gatewaySettingsSchema = z.strictObject({
  enabled: z.boolean(),
  host: z.string().min(1).max(255),
  port: z.number().int().min(0).max(65535),
  tlsCertFile: z.string().max(4096).nullable(),
  tlsKeyFile: z.string().max(4096).nullable(),
  clientCaFile: z.string().max(4096).nullable(),
  /** PEM CRL files, one per trusted CA (OpenSSL then checks every CA of the chain). */
  crlFiles: z.array(z.string().min(1).max(4096)).max(50),
  /** Names editors reach the gateway by; the Host header must be one of them (or a loopback name). */
  publicNames: z.array(hostName).max(20),
  /** A trusted certificate that matches no editor is refused unless this is on (recorded as "non enregistré"). */
  allowUnregisteredEditors: z.boolean(),
  limits: gatewayLimitsSchema,
});
export type GatewaySettings = z.infer<typeof gatewaySettingsSchema>;

export const journalSettingsSchema = z.strictObject({
  /** Bodies of refused requests (status ≥ 400) are dropped after this many days… */
  refusedBodyDays: z.number().int().min(1).max(3650),
  /** …and the oldest first beyond this total size. */
  refusedBodyMaxMb: z.number().int().min(1).max(100_000),
});
export type JournalSettings = z.infer<typeof journalSettingsSchema>;

export const settingsSchema = z.strictObject({
  gateway: gatewaySettingsSchema,
  igPackageDir: z.string().max(4096).nullable(),
  language: z.enum(['fr', 'en']),
  journal: journalSettingsSchema,
  /** Name recorded in the audit trail for this console's operator; the OS user when empty. */
  operatorName: z.string().trim().min(1).max(120).nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.strictObject({
  gateway: gatewaySettingsSchema.omit({ limits: true }).partial().extend({ limits: gatewayLimitsSchema.partial().optional() }).optional(),
  igPackageDir: z.string().max(4096).nullable().optional(),
  language: z.enum(['fr', 'en']).optional(),
  journal: journalSettingsSchema.partial().optional(),
  operatorName: z.string().trim().min(1).max(120).nullable().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** What `settings.update` takes: a patch, and the operator's confirmation of security-relevant changes. */
export const settingsUpdateSchema = settingsPatchSchema.extend({ confirmSecurityChanges: z.boolean().optional() });
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

export const DEFAULT_GATEWAY_LIMITS: GatewayLimitsSettings = {
  // Far below the usual 1,024 descriptors of a process, leaving room for the store, the console, outgoing
  // calls to editors and the TLS session files; a few dozen editors with keep-alive pools fit easily.
  maxConnections: 500,
  // An editor's connection pool is a few dozen sockets at most (often behind one NAT address): one
  // address can never take more than a fifth of the gateway.
  maxConnectionsPerAddress: 100,
  // A handshake takes milliseconds, even across the country; a client silent for 10 s is holding a slot.
  handshakeTimeoutS: 10,
  // Headers are a few hundred bytes sent at once; 15 s covers a slow mobile link, not a slowloris.
  headersTimeoutS: 15,
  // The largest body accepted (1 MiB) still arrives at a poor 20 KiB/s.
  requestTimeoutS: 60,
  // Editors send bursts then pause; 30 s spares them a handshake per burst without hoarding idle sockets.
  keepAliveTimeoutS: 30,
};

export const defaultSettings: Settings = {
  gateway: {
    enabled: false,
    host: '127.0.0.1',
    port: 8443,
    tlsCertFile: null,
    tlsKeyFile: null,
    clientCaFile: null,
    crlFiles: [],
    publicNames: [],
    allowUnregisteredEditors: false,
    limits: DEFAULT_GATEWAY_LIMITS,
  },
  igPackageDir: null,
  language: 'fr',
  journal: { refusedBodyDays: 30, refusedBodyMaxMb: 200 },
  operatorName: null,
};

/** Settings stored by an older console lack the newer fields: fill them from the defaults. */
export function withDefaults(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const s = stored as Record<string, unknown>;
  const g = (typeof s.gateway === 'object' && s.gateway !== null ? s.gateway : {}) as Record<string, unknown>;
  const limits = (typeof g.limits === 'object' && g.limits !== null ? g.limits : {}) as Record<string, unknown>;
  const journal = (typeof s.journal === 'object' && s.journal !== null ? s.journal : {}) as Record<string, unknown>;
  return {
    ...defaultSettings,
    ...s,
    gateway: { ...defaultSettings.gateway, ...g, limits: { ...DEFAULT_GATEWAY_LIMITS, ...limits } },
    journal: { ...defaultSettings.journal, ...journal },
  };
}
