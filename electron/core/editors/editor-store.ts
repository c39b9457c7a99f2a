import { randomUUID } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { Db } from '../store/database';
import type { CertificateInfo, EditorInput, EditorView } from '../../../shared/api/editor-types';
import { ApiError } from '../api/api-error';
import { certificateInfo } from './certificate-info';
import type { TlsIdentity } from './editor-client';
import { certificateFromPkcs12 } from './pkcs12';
import type { SecretRef, SecretVault } from './secret-vault';

type StoredIdentity =
  | { kind: 'pem'; certPem: string; key: SecretRef }
  | { kind: 'pkcs12'; pfx: SecretRef; passphrase: SecretRef | null; certPem: string };

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
  updated_utc: number;
}

export interface EditorRecord extends Omit<EditorView, 'identity' | 'ca'> {
  identity: StoredIdentity | null;
  caPem: string | null;
}

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
  constructor(
    private readonly db: Db,
    private readonly vault: () => SecretVault,
  ) {}

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
      updatedUtc: r.updated_utc,
    };
  }

  view(e: EditorRecord): EditorView {
    const fileOf = (ref: SecretRef | null) => (ref?.store === 'file' ? ref.path : null);
    return {
      ...e,
      identity: !e.identity
        ? null
        : e.identity.kind === 'pem'
          ? { kind: 'pem', certificate: safeInfo(e.identity.certPem), certPem: e.identity.certPem, keyStore: e.identity.key.store, keyFile: fileOf(e.identity.key) }
          : {
              kind: 'pkcs12',
              certificate: safeInfo(e.identity.certPem),
              pfxStore: e.identity.pfx.store,
              pfxFile: fileOf(e.identity.pfx),
              passphrase: e.identity.passphrase?.store ?? null,
            },
      ca: safeInfo(e.caPem),
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
    const identity = input.identity ? this.identityFrom(input.identity, existing?.identity ?? null) : null;
    if (identity) {
      const info = certificateInfo(identity.certPem, now);
      if (info.state === 'expired') {
        throw new ApiError('invalid-input', `Le certificat client a expiré le ${info.validTo.slice(0, 10)} : demandez-en un nouveau (IGC-Santé) avant d'enregistrer cet éditeur.`);
      }
      this.checkIdentity(identity);
    }
    if (input.caPem) {
      try {
        certificateInfo(input.caPem, now);
      } catch (e) {
        throw new ApiError('invalid-input', `AC de confiance illisibles : ${(e as Error).message}.`);
      }
    }
    const id = existing?.id ?? randomUUID();
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
      now,
    };
    try {
      if (existing) {
        this.db.prepare(`UPDATE editors SET name = @name, base_url = @baseUrl, environment = @environment, flows = @flows,
          accept = @accept, timeout_ms = @timeoutMs, enabled = @enabled, identity = @identity, ca_pem = @caPem,
          updated_utc = @now WHERE id = @id`).run(params);
      } else {
        this.db.prepare(`INSERT INTO editors (id, name, base_url, environment, flows, accept, timeout_ms, enabled, identity,
          ca_pem, created_utc, updated_utc) VALUES (@id, @name, @baseUrl, @environment, @flows, @accept, @timeoutMs, @enabled,
          @identity, @caPem, @now, @now)`).run(params);
      }
    } catch (e) {
      if (/UNIQUE/.test((e as Error).message)) throw new ApiError('conflict', `Un éditeur s'appelle déjà « ${input.name} ».`);
      throw e;
    }
    return this.get(id)!;
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM editors WHERE id = ?').run(id).changes > 0;
  }

  /** The TLS material to reach an editor, secrets opened only for the time of the call. */
  tlsIdentity(e: EditorRecord): TlsIdentity {
    const vault = this.vault();
    const id = e.identity;
    const base: TlsIdentity = { caPem: e.caPem ?? undefined };
    if (!id) return base;
    if (id.kind === 'pem') return { ...base, certPem: id.certPem, keyPem: vault.open(id.key).toString('utf8') };
    return { ...base, pfx: vault.open(id.pfx), passphrase: id.passphrase ? vault.open(id.passphrase).toString('utf8').trim() : undefined };
  }

  private secret(input: { text: string } | { base64: string } | { file: string } | { keep: true }, previous: SecretRef | null | undefined): SecretRef {
    if ('keep' in input) {
      if (!previous) throw new ApiError('invalid-input', "Aucun secret enregistré à conserver : fournissez la clé (ou le fichier).");
      return previous;
    }
    if ('file' in input) {
      this.vault().open({ store: 'file', path: input.file }); // fails now, with the reason, if the file cannot be read
      return { store: 'file', path: input.file };
    }
    return this.vault().seal('text' in input ? Buffer.from(input.text, 'utf8') : Buffer.from(input.base64, 'base64'));
  }

  private identityFrom(input: NonNullable<EditorInput['identity']>, previous: StoredIdentity | null): StoredIdentity {
    if (input.kind === 'pem') {
      return { kind: 'pem', certPem: input.certPem, key: this.secret(input.key, previous?.kind === 'pem' ? previous.key : null) };
    }
    const prev = previous?.kind === 'pkcs12' ? previous : null;
    const pfx = this.secret(input.pfx, prev?.pfx);
    const passphrase = input.passphrase ? this.secret(input.passphrase, prev?.passphrase) : null;
    const vault = this.vault();
    let certPem: string;
    try {
      certPem = certificateFromPkcs12(vault.open(pfx), passphrase ? vault.open(passphrase).toString('utf8').trim() : null);
    } catch (e) {
      throw new ApiError('invalid-input', `PKCS#12 : ${(e as Error).message}.`);
    }
    return { kind: 'pkcs12', pfx, passphrase, certPem };
  }

  /** A key that does not match its certificate is refused at save time rather than at the first search. */
  private checkIdentity(identity: StoredIdentity): void {
    const vault = this.vault();
    try {
      if (identity.kind === 'pem') createSecureContext({ cert: identity.certPem, key: vault.open(identity.key) });
      else createSecureContext({ pfx: vault.open(identity.pfx), passphrase: identity.passphrase ? vault.open(identity.passphrase).toString('utf8').trim() : undefined });
    } catch (e) {
      throw new ApiError('invalid-input', `Certificat et clé incompatibles ou illisibles : ${(e as Error).message}.`);
    }
  }
}
