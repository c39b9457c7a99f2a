import { type HubConnectionInput, hubConnectionInputSchema, type HubConnectionView } from '../../shared/api/hub-api';

// The Hub connection as the settings form edits it (text fields, secrets never shown), and how it becomes the
// `hub.saveConnection` input: a secret left empty keeps the one the console holds, when the kind of identity
// has not changed.

export type IdentityKind = 'none' | 'pem' | 'pkcs12';

export interface HubForm {
  enabled: boolean;
  url: string;
  clientId: string;
  identityKind: IdentityKind;
  certPem: string;
  keyText: string;
  keyFile: string;
  /** A PKCS#12 file chosen in the page (sealed by the OS store), or a path the core reads. */
  pfxUpload: { name: string; base64: string } | null;
  pfxFile: string;
  passphraseText: string;
  passphraseFile: string;
  caPem: string;
  verifyHostName: boolean;
  unconfirmedAfterMinutes: string;
  expiresAfterHours: string;
}

/** The fields the form marks when they are wrong. */
export const HUB_FORM_FIELDS = [
  'url', 'clientId', 'certPem', 'key', 'pfx', 'passphrase', 'caPem', 'unconfirmedAfterMinutes', 'expiresAfterHours',
] as const;
export type HubFormField = (typeof HUB_FORM_FIELDS)[number];

export function formFromView(view: HubConnectionView | null): HubForm {
  const id = view?.identity ?? null;
  return {
    enabled: view?.enabled ?? false,
    url: view?.url ?? 'amqps://',
    clientId: view?.clientId ?? 'fr.health.test.ptfsas',
    identityKind: id?.kind ?? 'none',
    // A certificate is public: the view gives it back, so saving another field keeps it as it is.
    certPem: id?.kind === 'pem' ? id.certPem : '',
    keyText: '',
    keyFile: id?.kind === 'pem' ? (id.keyFile ?? '') : '',
    pfxUpload: null,
    pfxFile: id?.kind === 'pkcs12' ? (id.pfxFile ?? '') : '',
    passphraseText: '',
    passphraseFile: '',
    caPem: view?.caPem ?? '',
    verifyHostName: view?.verifyHostName ?? true,
    unconfirmedAfterMinutes: String(view?.unconfirmedAfterMinutes ?? 30),
    expiresAfterHours: String(view?.expiresAfterHours ?? 24),
  };
}

/** Whether the console already holds the secrets of this kind of identity (an empty field then keeps them). */
export function keepsSecrets(form: Pick<HubForm, 'identityKind'>, view: HubConnectionView | null): boolean {
  return !!view?.identity && view.identity.kind === form.identityKind;
}

type Secret = { text: string } | { base64: string } | { file: string } | { keep: true };

function secret(text: string, file: string, keep: boolean): Secret | null {
  if (text) return { text };
  if (file.trim()) return { file: file.trim() };
  return keep ? { keep: true } : null;
}

function integer(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The input to save, or the fields to correct first (checked with the contract's own schema). */
export function connectionInput(form: HubForm, view: HubConnectionView | null): { input: HubConnectionInput | null; errors: HubFormField[] } {
  const errors = new Set<HubFormField>();
  const keep = keepsSecrets(form, view);
  let identity: HubConnectionInput['identity'] = null;
  if (form.identityKind === 'pem') {
    if (!form.certPem.includes('-----BEGIN CERTIFICATE-----')) errors.add('certPem');
    const key = secret(form.keyText, form.keyFile, keep);
    if (!key) errors.add('key');
    identity = { kind: 'pem', certPem: form.certPem.trim(), key: key ?? { keep: true } };
  } else if (form.identityKind === 'pkcs12') {
    const pfx: Secret | null = form.pfxUpload ? { base64: form.pfxUpload.base64 } : secret('', form.pfxFile, keep);
    if (!pfx) errors.add('pfx');
    // A passphrase kept only if the console holds one; none is a valid answer (an unprotected file).
    const heldPassphrase = keep && view?.identity?.kind === 'pkcs12' && view.identity.passphrase !== null;
    identity = { kind: 'pkcs12', pfx: pfx ?? { keep: true }, passphrase: secret(form.passphraseText, form.passphraseFile, heldPassphrase) };
  }
  const candidate = {
    enabled: form.enabled,
    url: form.url.trim(),
    clientId: form.clientId.trim(),
    identity,
    caPem: form.caPem.trim() ? form.caPem.trim() : null,
    verifyHostName: form.verifyHostName,
    unconfirmedAfterMinutes: integer(form.unconfirmedAfterMinutes),
    expiresAfterHours: integer(form.expiresAfterHours),
  };
  const parsed = hubConnectionInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const top = String(issue.path[0] ?? '');
      if (top === 'identity') {
        // A union's issue rarely says which branch field broke: the certificate for PEM, the file for PKCS#12.
        errors.add(form.identityKind === 'pem' ? (issue.path.includes('key') ? 'key' : 'certPem') : issue.path.includes('passphrase') ? 'passphrase' : 'pfx');
      } else if ((HUB_FORM_FIELDS as readonly string[]).includes(top)) {
        errors.add(top as HubFormField);
      }
    }
  }
  if (errors.size > 0) return { input: null, errors: HUB_FORM_FIELDS.filter((f) => errors.has(f)) };
  return { input: parsed.data ?? null, errors: [] };
}
