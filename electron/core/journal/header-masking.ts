// Headers are journalled so operators can see what was exchanged, but never the credentials they carry.

/** Headers that carry credentials in the wild: masked by name. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-refresh-token',
  'x-id-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'private-token',
  'x-vault-token',
  'x-console-token',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-client-secret',
  'ocp-apim-subscription-key',
  'x-functions-key',
];

/** Dropped outright: a session handed to us is of no use to an operator and a risk in a log package. */
export const DROPPED_HEADERS: readonly string[] = ['set-cookie', 'set-cookie2'];

/** Any other header whose name says it carries a secret (x-my-token, x-session-id, x-app-password…). */
const CREDENTIAL_NAME = /(^|[-_])(token|secret|password|passwd|pwd|api[-_]?key|session|credentials?|signature|auth)($|[-_])/i;

export const MASKED = '[masqué]';

export function isCredentialHeader(name: string): boolean {
  const n = name.toLowerCase();
  return CREDENTIAL_HEADERS.includes(n) || CREDENTIAL_NAME.test(n);
}

/** Headers as journalled: credentials masked, cookies set by the peer dropped, multi-valued joined. */
export function journalHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const n = name.toLowerCase();
    if (DROPPED_HEADERS.includes(n)) continue;
    out[n] = isCredentialHeader(n) ? MASKED : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
