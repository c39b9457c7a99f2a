/** The single gate for links leaving the app: parsed, http(s) only, never file:, javascript: or custom schemes. */
export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0 && !u.username && !u.password;
  } catch {
    return false;
  }
}
