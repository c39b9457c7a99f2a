// Host names as the gateway and the console server check them (Host and Origin headers, listen addresses).

/** The host name of a Host header, lower-case, without its port (IPv6 in brackets); null when malformed. */
export function hostNameOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(header);
  return m ? m[1].toLowerCase() : null;
}

/** localhost, 127.0.0.0/8 and ::1 (bare or in brackets): names that only this machine can be reached by. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A listen address as it appears in a Host header: IPv6 in brackets; null for the wildcard addresses. */
export function hostNameOfAddress(address: string): string | null {
  const a = address.trim().toLowerCase();
  if (a === '0.0.0.0' || a === '::' || a === '[::]') return null;
  return a.includes(':') && !a.startsWith('[') ? `[${a}]` : a;
}
