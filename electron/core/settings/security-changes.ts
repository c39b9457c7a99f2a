import type { SecurityChange } from '../../../shared/api/audit-types';
import type { GatewaySettings, Settings } from '../../../shared/api/settings';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1|\[::1\])$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

export function hasTls(g: GatewaySettings): boolean {
  return !!(g.tlsCertFile && g.tlsKeyFile && g.clientCaFile);
}

/** Security-relevant states of a configuration: each needs a confirmation to enter and shows in the status bar. */
export function securityStates(s: Settings): SecurityChange[] {
  const g = s.gateway;
  const out: SecurityChange[] = [];
  if (g.allowUnregisteredEditors) out.push('unregistered-editors-allowed');
  if (g.enabled && !hasTls(g) && !isLoopbackHost(g.host)) out.push('gateway-exposed-without-tls');
  return out;
}

/** What a change of settings does to security, for the confirmation the operator must give first. */
export function securityChanges(before: Settings, after: Settings): SecurityChange[] {
  const out: SecurityChange[] = [];
  if (after.gateway.enabled && hasTls(before.gateway) && !hasTls(after.gateway)) out.push('gateway-tls-off');
  const was = new Set(securityStates(before));
  for (const s of securityStates(after)) if (!was.has(s)) out.push(s);
  return out;
}

/** The gateway listener fields a host's command line fixes (`--fhir-listen`, `--tls-*`). */
export const PINNED_GATEWAY_FIELDS = ['enabled', 'host', 'port', 'tlsCertFile', 'tlsKeyFile', 'clientCaFile'] as const;

export function pinnedFieldsChanged(pinned: Partial<GatewaySettings>, after: GatewaySettings): string[] {
  return PINNED_GATEWAY_FIELDS.filter((k) => k in pinned && pinned[k] !== after[k]);
}
