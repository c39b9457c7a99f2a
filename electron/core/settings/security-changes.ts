import type { SecurityChange } from '../../../shared/api/audit-types';
import type { GatewaySettings, Settings } from '../../../shared/api/settings';
import { isLoopbackHost } from '../../../shared/domain/host-names';


export function hasTls(g: GatewaySettings): boolean {
  return !!(g.tlsCertFile && g.tlsKeyFile && g.clientCaFile);
}

/** French words for each change, in the confirmation, the audit trail and the headless host's output. */
export const SECURITY_NOTICES: Record<SecurityChange, string> = {
  'gateway-tls-off': 'la passerelle rendez-vous passe en HTTP sans mTLS',
  'unregistered-editors-allowed': 'les certificats qui ne correspondent à aucun éditeur sont acceptés (« non enregistré »)',
  'gateway-exposed-without-tls': 'la passerelle écoute sur une adresse non locale sans TLS',
  'gateway-trust-changed': 'les autorités de certification de confiance ou les listes de révocation de la passerelle changent',
};

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
  // Who a pin or a fingerprint can match depends on the CAs trusted and the CRLs checked.
  const removedCrl = before.gateway.crlFiles.some((f) => !after.gateway.crlFiles.includes(f));
  if (hasTls(before.gateway) && hasTls(after.gateway) && (before.gateway.clientCaFile !== after.gateway.clientCaFile || removedCrl)) out.push('gateway-trust-changed');
  const was = new Set(securityStates(before));
  for (const s of securityStates(after)) if (!was.has(s)) out.push(s);
  return out;
}

/** The gateway listener fields a host's command line fixes (`--fhir-listen`, `--tls-*`). */
export const PINNED_GATEWAY_FIELDS = ['enabled', 'host', 'port', 'tlsCertFile', 'tlsKeyFile', 'clientCaFile'] as const;

export function pinnedFieldsChanged(pinned: Partial<GatewaySettings>, after: GatewaySettings): string[] {
  return PINNED_GATEWAY_FIELDS.filter((k) => k in pinned && pinned[k] !== after[k]);
}
