// The one gate for links leaving the console, used by both sides: the renderer before its confirmation dialog
// (the only check in a plain browser, headless mode) and the Electron main process before shell.openExternal
// (electron/desktop/external-links.ts re-exports it); it lives in shared/ because both sides use it. Pure: no DOM, no Node, so either side can load it.

/** Parsed, http(s) only, never file:, javascript: or custom schemes, never credentials in the URL. */
export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0 && !u.username && !u.password;
  } catch {
    return false;
  }
}

export interface ExternalTarget {
  /** The address as parsed, the one shown and the one opened: the browser never gets a text the gate read differently. */
  href: string;
  /** ASCII (punycode) host and port, so a look-alike Unicode name cannot pass for a known one. */
  host: string;
  /** href split around the host, for showing the whole address with the host standing out. */
  beforeHost: string;
  afterHost: string;
}

export function externalTarget(raw: string): ExternalTarget | null {
  if (!isAllowedExternalUrl(raw)) return null;
  const u = new URL(raw);
  const beforeHost = `${u.protocol}//`;
  return { href: u.href, host: u.host, beforeHost, afterHost: u.href.slice(beforeHost.length + u.host.length) };
}
