// Caps on connections and timeouts, so that idle or slow clients cannot exhaust the gateway's file
// descriptors (measured: 1,100 idle TCP connections made every editor fail at 1,024 descriptors).
import type { Socket } from 'node:net';
import { DEFAULT_GATEWAY_LIMITS as SHARED_DEFAULTS, type GatewayLimitsSettings as GatewayLimits } from '../../../shared/api/settings';

// The figures and their defaults are declared once, with the settings an operator edits.
export type { GatewayLimitsSettings as GatewayLimits } from '../../../shared/api/settings';
export const DEFAULT_GATEWAY_LIMITS: Readonly<GatewayLimits> = Object.freeze({ ...SHARED_DEFAULTS });

/** The limits to apply: missing fields take the defaults; inconsistent or absurd ones are refused. */
export function resolveLimits(partial: Partial<GatewayLimits> = {}): GatewayLimits {
  const limits = { ...DEFAULT_GATEWAY_LIMITS };
  for (const [key, value] of Object.entries(partial) as [keyof GatewayLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_GATEWAY_LIMITS)) throw new Error(`Limite inconnue « ${key} ».`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`Limite ${key} invalide (${String(value)}) : un nombre positif est attendu.`);
    }
    limits[key] = value;
  }
  for (const key of ['maxConnections', 'maxConnectionsPerAddress'] as const) {
    if (!Number.isInteger(limits[key])) throw new Error(`Limite ${key} invalide (${limits[key]}) : un nombre entier est attendu.`);
  }
  if (limits.headersTimeoutS > limits.requestTimeoutS) {
    throw new Error(
      `Limites incohérentes : le délai des en-têtes (headersTimeoutS = ${limits.headersTimeoutS} s) dépasse celui de la requête entière (requestTimeoutS = ${limits.requestTimeoutS} s).`,
    );
  }
  return limits;
}

export type CapReason = 'total-cap' | 'address-cap';

/** An IPv4 client seen through a dual-stack socket is the same client as over IPv4. */
export function peerAddressOf(socket: Socket): string {
  const address = socket.remoteAddress ?? '?';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Counts open connections, in total and per address, and turns away at once those over a cap: before
 * TLS, before any buffer, so a flood costs one accept and one close per connection.
 */
export class ConnectionGate {
  private readonly byAddress = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly limits: Pick<GatewayLimits, 'maxConnections' | 'maxConnectionsPerAddress'>,
    private readonly refused: (address: string, reason: CapReason) => void,
  ) {}

  get open(): number {
    return this.sockets.size;
  }

  /** Admits the connection, or destroys it and returns false. */
  admit(socket: Socket): boolean {
    const address = peerAddressOf(socket);
    const fromAddress = this.byAddress.get(address) ?? 0;
    const reason: CapReason | null =
      this.sockets.size >= this.limits.maxConnections ? 'total-cap' : fromAddress >= this.limits.maxConnectionsPerAddress ? 'address-cap' : null;
    if (reason) {
      // resetAndDestroy: no FIN handshake nor TIME_WAIT kept for a connection we never wanted.
      socket.resetAndDestroy();
      this.refused(address, reason);
      return false;
    }
    this.sockets.add(socket);
    this.byAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      this.sockets.delete(socket);
      const left = (this.byAddress.get(address) ?? 1) - 1;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
    });
    return true;
  }

  /** Closes every connection still open (the listener is stopping). */
  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
