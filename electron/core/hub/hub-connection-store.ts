// The Hub Santé connection settings: one row. Private-key material goes through the vault like editors'
// identities (client-identity.ts), so the same code serves HTTPS and AMQPS.
import type { Db } from '../store/database';
import type { HubConnectionInput, HubConnectionView } from '../../../shared/api/hub-api';
import { ApiError } from '../api/api-error';
import { checkIdentity, identityView, openIdentity, type StoredIdentity, storeIdentity } from '../editors/client-identity';
import { certificateInfo } from '../editors/certificate-info';
import type { TlsIdentity } from '../editors/editor-client';
import type { SecretVault } from '../editors/secret-vault';

export interface HubConnectionRecord {
  enabled: boolean;
  url: string;
  clientId: string;
  identity: StoredIdentity | null;
  caPem: string | null;
  verifyHostName: boolean;
  unconfirmedAfterMinutes: number;
  expiresAfterHours: number;
  updatedUtc: number;
}

interface Row {
  enabled: number;
  url: string;
  client_id: string;
  identity: string | null;
  ca_pem: string | null;
  verify_host_name: number;
  unconfirmed_after_min: number;
  expires_after_h: number;
  updated_utc: number;
}

export class HubConnectionStore {
  private cached: HubConnectionRecord | null | undefined;

  constructor(
    private readonly db: Db,
    private readonly vault: () => SecretVault,
  ) {}

  get(): HubConnectionRecord | null {
    if (this.cached !== undefined) return this.cached;
    const r = this.db.prepare('SELECT * FROM hub_connection WHERE id = 1').get() as Row | undefined;
    this.cached = r
      ? {
          enabled: !!r.enabled,
          url: r.url,
          clientId: r.client_id,
          identity: r.identity ? (JSON.parse(r.identity) as StoredIdentity) : null,
          caPem: r.ca_pem,
          verifyHostName: !!r.verify_host_name,
          unconfirmedAfterMinutes: r.unconfirmed_after_min,
          expiresAfterHours: r.expires_after_h,
          updatedUtc: r.updated_utc,
        }
      : null;
    return this.cached;
  }

  view(): HubConnectionView | null {
    const c = this.get();
    if (!c) return null;
    const identity = identityView(c.identity);
    return {
      enabled: c.enabled,
      url: c.url,
      clientId: c.clientId,
      identity,
      caPem: c.caPem,
      verifyHostName: c.verifyHostName,
      unconfirmedAfterMinutes: c.unconfirmedAfterMinutes,
      expiresAfterHours: c.expiresAfterHours,
      updatedUtc: c.updatedUtc,
    };
  }

  save(input: HubConnectionInput, now = Date.now()): HubConnectionRecord {
    const previous = this.get();
    const vault = this.vault();
    const identity = input.identity ? storeIdentity(vault, input.identity, previous?.identity ?? null) : null;
    if (identity) {
      checkIdentity(vault, identity, now);
      // SASL EXTERNAL logs in as the certificate's CN: a certificate for another client id is refused by the
      // broker with a bare "access refused"; saying it here saves a support call.
      const cn = /(?:^|,\s*|\n)CN=([^,\n]+)/.exec(certificateInfo(identity.certPem, now).subject)?.[1]?.trim();
      if (cn && cn !== input.clientId && input.enabled) {
        throw new ApiError('invalid-input', `Le certificat est au nom de « ${cn} », pas de « ${input.clientId} » : le Hub authentifie le client par le CN du certificat. Choisissez le certificat de ${input.clientId}.`);
      }
    } else if (input.enabled) {
      throw new ApiError('invalid-input', 'Le Hub authentifie la plateforme par certificat client (SASL EXTERNAL) : fournissez un certificat et sa clé, ou un PKCS#12.');
    }
    if (input.caPem) {
      try {
        certificateInfo(input.caPem, now);
      } catch (e) {
        throw new ApiError('invalid-input', `AC de confiance illisibles : ${(e as Error).message}.`);
      }
    }
    this.db
      .prepare(`INSERT INTO hub_connection (id, enabled, url, client_id, identity, ca_pem, verify_host_name, unconfirmed_after_min,
        expires_after_h, updated_utc) VALUES (1, @enabled, @url, @clientId, @identity, @caPem, @verify, @unconfirmed, @expires, @now)
        ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, url = excluded.url, client_id = excluded.client_id,
        identity = excluded.identity, ca_pem = excluded.ca_pem, verify_host_name = excluded.verify_host_name,
        unconfirmed_after_min = excluded.unconfirmed_after_min, expires_after_h = excluded.expires_after_h, updated_utc = excluded.updated_utc`)
      .run({
        enabled: input.enabled ? 1 : 0,
        url: input.url,
        clientId: input.clientId,
        identity: identity ? JSON.stringify(identity) : null,
        caPem: input.caPem,
        verify: input.verifyHostName ? 1 : 0,
        unconfirmed: input.unconfirmedAfterMinutes,
        expires: input.expiresAfterHours,
        now,
      });
    this.cached = undefined;
    return this.get()!;
  }

  tlsIdentity(c: HubConnectionRecord): TlsIdentity {
    return openIdentity(this.vault(), c.identity, c.caPem);
  }
}
