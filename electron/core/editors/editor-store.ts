import { randomUUID, X509Certificate } from 'node:crypto';
import type { Db } from '../store/database';
import {
  type CertificateInfo, type EditorInput, type EditorView, type InboundCertificate, type InboundPin, RESERVED_EDITOR_LABELS,
} from '../../../shared/api/editor-types';
import { certificateIdentity } from '../gateway/distinguished-name';
import { normaliseDn, pinKey } from './editor-directory';
import { ApiError } from '../api/api-error';
import { certificateInfo } from './certificate-info';
import type { TlsIdentity } from './editor-client';
import type { SecretVault } from './secret-vault';
import { checkIdentity, identityView, openIdentity, type StoredIdentity, storeIdentity } from './client-identity';

interface Row {
  id: string;
  name: string;
  base_url: string;
  environment: EditorView['environment'];
  flows: string;
  accept: EditorView['accept'];
  timeout_ms: number;
  enabled: number;
  identity: string | null;
  ca_pem: string | null;
  inbound_certificates: string;
  inbound_pins: string;
  identifier_systems: string;
  updated_utc: number;
}

/** Stored inbound certificate: what the gateway matches (fingerprint) and what the operator recognises. */
interface StoredInbound {
  fingerprint256: string;
  subject: string | null;
  issuer: string | null;
  validTo: string | null;
}

export interface EditorRecord extends Omit<EditorView, 'identity' | 'ca' | 'inboundCertificates'> {
  identity: StoredIdentity | null;
  caPem: string | null;
  inboundCertificates: StoredInbound[];
}

const DAY = 86_400_000;

function inboundView(c: StoredInbound, now: number): InboundCertificate {
  const to = c.validTo ? Date.parse(c.validTo) : NaN;
  const state = Number.isNaN(to) ? 'unknown' : to < now ? 'expired' : to - now < 30 * DAY ? 'expiring' : 'valid';
  return { ...c, state };
}

function dedupePins(pins: InboundPin[]): InboundPin[] {
  const seen = new Set<string>();
  return pins.filter((p) => {
    const k = pinKey(p.issuer, p.subject);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Listeners told when the registry changes (the gateway's directory of identities reloads). */
type ChangeListener = () => void;

function safeInfo(pem: string | null | undefined): CertificateInfo | null {
  if (!pem) return null;
  try {
    return certificateInfo(pem);
  } catch {
    return null;
  }
}

/** Editors (Settings → Éditeurs): endpoints, flows, and client identities whose secrets stay sealed or in files. */
export class EditorStore {
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly db: Db,
    private readonly vault: () => SecretVault,
  ) {}

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private toRecord(r: Row): EditorRecord {
    return {
      id: r.id,
      name: r.name,
      baseUrl: r.base_url,
      environment: r.environment,
      flows: JSON.parse(r.flows),
      accept: r.accept,
      timeoutMs: r.timeout_ms,
      enabled: !!r.enabled,
      identity: r.identity ? (JSON.parse(r.identity) as StoredIdentity) : null,
      caPem: r.ca_pem,
      inboundCertificates: JSON.parse(r.inbound_certificates) as StoredInbound[],
      inboundPins: JSON.parse(r.inbound_pins) as InboundPin[],
      identifierSystems: JSON.parse(r.identifier_systems) as string[],
      updatedUtc: r.updated_utc,
    };
  }

  view(e: EditorRecord): EditorView {
    return {
      ...e,
      identity: identityView(e.identity),
      ca: safeInfo(e.caPem),
      inboundCertificates: e.inboundCertificates.map((c) => inboundView(c, Date.now())),
    };
  }

  list(): EditorRecord[] {
    return (this.db.prepare('SELECT * FROM editors ORDER BY name').all() as Row[]).map((r) => this.toRecord(r));
  }

  get(id: string): EditorRecord | null {
    const r = this.db.prepare('SELECT * FROM editors WHERE id = ?').get(id) as Row | undefined;
    return r ? this.toRecord(r) : null;
  }

  /** Creates or updates; secrets given as content are sealed by the OS store, never written in clear. */
  save(input: EditorInput, now = Date.now()): EditorRecord {
    const existing = input.id ? this.get(input.id) : null;
    if (input.id && !existing) throw new ApiError('not-found', 'Éditeur introuvable : il a peut-être été supprimé.');
    const identity = input.identity ? storeIdentity(this.vault(), input.identity, existing?.identity ?? null) : null;
    if (identity) checkIdentity(this.vault(), identity, now);
    if (input.caPem) {
      try {
        certificateInfo(input.caPem, now);
      } catch (e) {
        throw new ApiError('invalid-input', `AC de confiance illisibles : ${(e as Error).message}.`);
      }
    }
    const reserved = input.name.trim().toLocaleLowerCase('fr');
    if ((RESERVED_EDITOR_LABELS as readonly string[]).includes(reserved)) {
      throw new ApiError('invalid-input', `« ${input.name} » est le libellé que la passerelle donne aux appelants non identifiés : choisissez un autre nom.`);
    }
    const inboundCertificates = input.inboundCertificates
      ? this.inboundFrom(input.inboundCertificates, existing?.inboundCertificates ?? [])
      : (existing?.inboundCertificates ?? []);
    const inboundPins = dedupePins((input.inboundPins ?? existing?.inboundPins ?? []).map((p) => ({ issuer: normaliseDn(p.issuer), subject: normaliseDn(p.subject) })));
    const identifierSystems = [...new Set(input.identifierSystems ?? existing?.identifierSystems ?? [])];
    const id = existing?.id ?? randomUUID();
    this.checkUnique(id, inboundCertificates, inboundPins, identifierSystems);
    const params = {
      id,
      name: input.name,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      environment: input.environment,
      flows: JSON.stringify(input.flows),
      accept: input.accept,
      timeoutMs: input.timeoutMs,
      enabled: input.enabled ? 1 : 0,
      identity: identity ? JSON.stringify(identity) : null,
      caPem: input.caPem,
      inboundCertificates: JSON.stringify(inboundCertificates),
      inboundPins: JSON.stringify(inboundPins),
      identifierSystems: JSON.stringify(identifierSystems),
      now,
    };
    try {
      if (existing) {
        this.db.prepare(`UPDATE editors SET name = @name, base_url = @baseUrl, environment = @environment, flows = @flows,
          accept = @accept, timeout_ms = @timeoutMs, enabled = @enabled, identity = @identity, ca_pem = @caPem,
          inbound_certificates = @inboundCertificates, inbound_pins = @inboundPins, identifier_systems = @identifierSystems,
          updated_utc = @now WHERE id = @id`).run(params);
      } else {
        this.db.prepare(`INSERT INTO editors (id, name, base_url, environment, flows, accept, timeout_ms, enabled, identity,
          ca_pem, inbound_certificates, inbound_pins, identifier_systems, created_utc, updated_utc) VALUES (@id, @name, @baseUrl,
          @environment, @flows, @accept, @timeoutMs, @enabled, @identity, @caPem, @inboundCertificates, @inboundPins,
          @identifierSystems, @now, @now)`).run(params);
      }
    } catch (e) {
      if (/UNIQUE/.test((e as Error).message)) throw new ApiError('conflict', `Un éditeur s'appelle déjà « ${input.name} ».`);
      throw e;
    }
    this.changed();
    return this.get(id)!;
  }

  remove(id: string): boolean {
    const removed = this.db.prepare('DELETE FROM editors WHERE id = ?').run(id).changes > 0;
    if (removed) this.changed();
    return removed;
  }

  /** PEM certificates are reduced to what the gateway matches and what the operator needs to recognise them. */
  private inboundFrom(input: NonNullable<EditorInput['inboundCertificates']>, previous: StoredInbound[]): StoredInbound[] {
    const out = new Map<string, StoredInbound>();
    for (const c of input) {
      if ('pem' in c) {
        let x509: X509Certificate;
        try {
          x509 = new X509Certificate(c.pem);
        } catch (e) {
          throw new ApiError('invalid-input', `Certificat entrant illisible : ${(e as Error).message}. Collez le certificat client de l'éditeur au format PEM.`);
        }
        const id = certificateIdentity(x509.raw);
        out.set(id.fingerprint256, { fingerprint256: id.fingerprint256, subject: id.subject, issuer: id.issuer, validTo: new Date(Date.parse(x509.validTo)).toISOString() });
      } else {
        const known = previous.find((p) => p.fingerprint256 === c.fingerprint256);
        out.set(c.fingerprint256, known ?? { fingerprint256: c.fingerprint256, subject: null, issuer: null, validTo: null });
      }
    }
    return [...out.values()];
  }

  /** One certificate, pin or identifier system names one editor: otherwise the gateway could not tell them apart. */
  private checkUnique(id: string, certificates: StoredInbound[], pins: InboundPin[], systems: string[]): void {
    for (const other of this.list()) {
      if (other.id === id) continue;
      const cert = certificates.find((c) => other.inboundCertificates.some((o) => o.fingerprint256 === c.fingerprint256));
      if (cert) throw new ApiError('conflict', `Le certificat d'empreinte ${cert.fingerprint256.slice(0, 16)}… est déjà celui de l'éditeur « ${other.name} ».`);
      const pin = pins.find((p) => other.inboundPins.some((o) => pinKey(o.issuer, o.subject) === pinKey(p.issuer, p.subject)));
      if (pin) throw new ApiError('conflict', `L'émetteur et le sujet « ${pin.subject} » sont déjà épinglés pour l'éditeur « ${other.name} ».`);
      // A pin that names another editor's certificate, or a certificate another editor's pin names: one of the two
      // would silently lose the calls it expects.
      const pinOverCert = pins.find((p) => other.inboundCertificates.some((c) => c.subject && c.issuer && pinKey(c.issuer, c.subject) === pinKey(p.issuer, p.subject)));
      const certUnderPin = certificates.find((c) => c.subject && c.issuer && other.inboundPins.some((o) => pinKey(o.issuer, o.subject) === pinKey(c.issuer!, c.subject!)));
      if (pinOverCert || certUnderPin) {
        throw new ApiError('conflict', `Ce couple émetteur + sujet (« ${(pinOverCert?.subject ?? certUnderPin?.subject) as string} ») est déjà celui d'un certificat de l'éditeur « ${other.name} ».`);
      }
      const system = systems.find((s) => other.identifierSystems.includes(s));
      if (system) throw new ApiError('conflict', `Le système d'identifiant « ${system} » est déjà déclaré par l'éditeur « ${other.name} ».`);
    }
  }

  /** The TLS material to reach an editor, secrets opened only for the time of the call. */
  tlsIdentity(e: EditorRecord): TlsIdentity {
    return openIdentity(this.vault(), e.identity, e.caPem);
  }
}
