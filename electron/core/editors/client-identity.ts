// A client identity (PEM certificate + key, or PKCS#12) as the operator gives it and as it is stored: secrets
// sealed by the vault (OS store on the desktop), never in clear in SQLite. Shared by every peer the console
// authenticates to with a certificate: editors (HTTPS) and the Hub Santé (AMQPS).
import { createSecureContext } from 'node:tls';
import type { editorIdentityInputSchema } from '../../../shared/api/editor-types';
import type { CertificateInfo } from '../../../shared/api/editor-types';
import type { z } from 'zod';
import { ApiError } from '../api/api-error';
import { certificateInfo } from './certificate-info';
import type { TlsIdentity } from './editor-client';
import { certificateFromPkcs12 } from './pkcs12';
import type { SecretRef, SecretVault } from './secret-vault';

export type IdentityInput = z.infer<typeof editorIdentityInputSchema>;

export type StoredIdentity =
  | { kind: 'pem'; certPem: string; key: SecretRef }
  | { kind: 'pkcs12'; pfx: SecretRef; passphrase: SecretRef | null; certPem: string };

type SecretInput = { text: string } | { base64: string } | { file: string } | { keep: true };

function sealSecret(vault: SecretVault, input: SecretInput, previous: SecretRef | null | undefined): SecretRef {
  if ('keep' in input) {
    if (!previous) throw new ApiError('invalid-input', "Aucun secret enregistré à conserver : fournissez la clé (ou le fichier).");
    return previous;
  }
  if ('file' in input) {
    vault.open({ store: 'file', path: input.file }); // fails now, with the reason, if the file cannot be read
    return { store: 'file', path: input.file };
  }
  return vault.seal('text' in input ? Buffer.from(input.text, 'utf8') : Buffer.from(input.base64, 'base64'));
}

/** The stored form of an identity the operator gave ("keep" reuses the previous secrets). */
export function storeIdentity(vault: SecretVault, input: IdentityInput, previous: StoredIdentity | null): StoredIdentity {
  if (input.kind === 'pem') {
    return { kind: 'pem', certPem: input.certPem, key: sealSecret(vault, input.key, previous?.kind === 'pem' ? previous.key : null) };
  }
  const prev = previous?.kind === 'pkcs12' ? previous : null;
  const pfx = sealSecret(vault, input.pfx, prev?.pfx);
  const passphrase = input.passphrase ? sealSecret(vault, input.passphrase, prev?.passphrase) : null;
  let certPem: string;
  try {
    certPem = certificateFromPkcs12(vault.open(pfx), passphrase ? vault.open(passphrase).toString('utf8').trim() : null);
  } catch (e) {
    throw new ApiError('invalid-input', `PKCS#12 : ${(e as Error).message}.`);
  }
  return { kind: 'pkcs12', pfx, passphrase, certPem };
}

/**
 * Refuses an expired certificate, or a key that does not match its certificate, at save time rather than at
 * the first connection.
 */
export function checkIdentity(vault: SecretVault, identity: StoredIdentity, now: number): CertificateInfo {
  const info = certificateInfo(identity.certPem, now);
  if (info.state === 'expired') {
    throw new ApiError('invalid-input', `Le certificat client a expiré le ${info.validTo.slice(0, 10)} : demandez-en un nouveau (IGC-Santé) avant d'enregistrer.`);
  }
  try {
    if (identity.kind === 'pem') createSecureContext({ cert: identity.certPem, key: vault.open(identity.key) });
    else createSecureContext({ pfx: vault.open(identity.pfx), passphrase: identity.passphrase ? vault.open(identity.passphrase).toString('utf8').trim() : undefined });
  } catch (e) {
    throw new ApiError('invalid-input', `Certificat et clé incompatibles ou illisibles : ${(e as Error).message}.`);
  }
  return info;
}

/** The TLS material of an identity, secrets opened only for the time of the call. */
export function openIdentity(vault: SecretVault, identity: StoredIdentity | null, caPem: string | null): TlsIdentity {
  const base: TlsIdentity = { caPem: caPem ?? undefined };
  if (!identity) return base;
  if (identity.kind === 'pem') return { ...base, certPem: identity.certPem, keyPem: vault.open(identity.key).toString('utf8') };
  return { ...base, pfx: vault.open(identity.pfx), passphrase: identity.passphrase ? vault.open(identity.passphrase).toString('utf8').trim() : undefined };
}

const fileOf = (ref: SecretRef): string | null => (ref.store === 'file' ? ref.path : null);

function safeInfo(pem: string): CertificateInfo | null {
  try {
    return certificateInfo(pem);
  } catch {
    return null;
  }
}

/** What the UI shows of a stored identity: the certificate, and where the secrets are kept (never the secrets). */
export function identityView(identity: StoredIdentity | null) {
  if (!identity) return null;
  return identity.kind === 'pem'
    ? { kind: 'pem' as const, certificate: safeInfo(identity.certPem), certPem: identity.certPem, keyStore: identity.key.store, keyFile: fileOf(identity.key) }
    : {
        kind: 'pkcs12' as const,
        certificate: safeInfo(identity.certPem),
        pfxStore: identity.pfx.store,
        pfxFile: fileOf(identity.pfx),
        passphrase: identity.passphrase?.store ?? null,
      };
}
