import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CapReason, ConnectionGate, DEFAULT_GATEWAY_LIMITS, type GatewayLimits, peerAddressOf, resolveLimits } from './connection-limits';
import { certificateIdentity } from './distinguished-name';
import { loadCrls, readCaBundle } from './revocation';
import { tlsPolicy } from './tls-policy';

export { DEFAULT_GATEWAY_LIMITS, type GatewayLimits };

/** A TLS handshake the gateway refused (or that failed), with what the client presented. */
export interface TlsRefusal {
  atUtc: number;
  peerAddress: string;
  peerPort: number | null;
  /** OpenSSL's code or message: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_REVOKED', 'NO_SHARED_CIPHER', 'HANDSHAKE_TIMEOUT'… */
  reason: string;
  code: 'untrusted' | 'expired' | 'revoked' | 'no-certificate' | 'protocol' | 'timeout' | 'other';
  /** RFC 4514, from the certificate the client presented; null when it presented none (or got no chance). */
  subject: string | null;
  issuer: string | null;
  /** SHA-256 of the presented certificate, lowercase hex without colons. */
  fingerprint256: string | null;
}

export interface ConnectionRefusal {
  atUtc: number;
  peerAddress: string;
  reason: CapReason;
}

export interface ListenOptions {
  host: string;
  port: number;
  tls?: { certFile: string; keyFile: string; clientCaFile: string; crlFiles?: string[] } | null;
  /** Missing fields take DEFAULT_GATEWAY_LIMITS. */
  limits?: Partial<GatewayLimits>;
  /** Called for every refused handshake; what it throws is ignored. */
  onTlsRefused?: (e: TlsRefusal) => void;
  /** Called for every connection closed at once for being over a cap; what it throws is ignored. */
  onConnectionRefused?: (e: ConnectionRefusal) => void;
}

export interface ListenerStats {
  /** Connections open now (TCP, whether or not TLS is done). */
  connections: number;
  /** Handshakes refused since the listener started. */
  refusedHandshakes: number;
  /** Connections closed at once for being over a cap since the listener started. */
  refusedConnections: number;
}

export interface Listener {
  url: string;
  mtls: boolean;
  stats(): ListenerStats;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Groups OpenSSL's verification codes into what an operator acts on. */
export function refusalCode(reason: string): TlsRefusal['code'] {
  if (reason === 'CERT_REVOKED') return 'revoked';
  if (reason === 'CERT_HAS_EXPIRED' || reason === 'CERT_NOT_YET_VALID') return 'expired';
  if (reason === 'PEER_DID_NOT_RETURN_A_CERTIFICATE') return 'no-certificate';
  if (reason === 'HANDSHAKE_TIMEOUT') return 'timeout';
  if (
    [
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'CERT_UNTRUSTED',
      'CERT_SIGNATURE_FAILURE',
      'CERT_CHAIN_TOO_LONG',
      'INVALID_CA',
      'INVALID_PURPOSE',
      'CERT_REJECTED',
    ].includes(reason)
  ) {
    return 'untrusted';
  }
  if (
    /^(NO_SHARED_CIPHER|UNSUPPORTED_PROTOCOL|WRONG_VERSION_NUMBER|HTTP_REQUEST|UNKNOWN_PROTOCOL|VERSION_TOO_LOW|NO_RENEGOTIATION|NO_SHARED_GROUPS|NO_SUITABLE_SIGNATURE_ALGORITHM|INAPPROPRIATE_FALLBACK|.*ALERT.*|UNEXPECTED_MESSAGE|BAD_PACKET_LENGTH|PACKET_LENGTH_TOO_LONG|RECORD_LENGTH_MISMATCH|UNSAFE_LEGACY_RENEGOTIATION_DISABLED)$/.test(
      reason,
    )
  ) {
    return 'protocol';
  }
  return 'other';
}

/**
 * Why a client whose handshake completed must still be refused (OpenSSL's verification code), or null to
 * let it in. This is the check Node makes with `rejectUnauthorized: true`, plus one: a certificate is
 * required, always. A resumed TLS 1.3 session carries the certificate of its first handshake; a session
 * without one is called authorized by Node, so a client refused for having no certificate that still got
 * a session ticket would be let in on its next connection.
 */
export function refusalReason(socket: Pick<TLSSocket, 'authorized' | 'authorizationError' | 'getPeerX509Certificate'>): string | null {
  if (!socket.getPeerX509Certificate()) return 'PEER_DID_NOT_RETURN_A_CERTIFICATE';
  if (socket.authorized) return null;
  const e = socket.authorizationError as unknown;
  return typeof e === 'string' ? e : ((e as NodeJS.ErrnoException | null)?.code ?? 'UNAUTHORIZED');
}

/** 'ERR_SSL_NO_SHARED_CIPHER' → 'NO_SHARED_CIPHER', 'ERR_TLS_HANDSHAKE_TIMEOUT' → 'HANDSHAKE_TIMEOUT'. */
function reasonOf(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (code.startsWith('ERR_SSL_')) return code.slice(8);
  if (code.startsWith('ERR_TLS_')) return code.slice(8);
  return code || error.message;
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${what} « ${file} » illisible : ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function guarded<T>(hook: ((e: T) => void) | undefined): (e: T) => void {
  return (e) => {
    try {
      hook?.(e);
    } catch {
      // A reporting hook must never take a connection, let alone the gateway, down with it.
    }
  };
}

/**
 * Calls `gate` instead of the listeners Node's server installed for `event`; `gate` passes the socket on
 * (or not). Lets the gateway decide before Node's TLS or HTTP machinery spends anything on a socket.
 */
function interpose<S>(server: http.Server, event: 'connection' | 'secureConnection', gate: (socket: S, next: (socket: S) => void) => void): void {
  const inner = server.listeners(event) as ((socket: S) => void)[];
  server.removeAllListeners(event);
  server.on(event, (socket: S) => gate(socket, (s) => inner.forEach((l) => l.call(server, s))));
}

/**
 * Starts the gateway on HTTP, or on HTTPS with client certificates required and verified against the
 * trusted CAs and, when given, their CRLs (mTLS, TLS ≥ 1.2, ECDHE with AEAD ciphers): a client without a
 * valid certificate never reaches the handler, and every refused handshake is reported. Connections are
 * capped in total and per address; handshake, headers, request and keep-alive have their own timeouts.
 */
export async function listen(options: ListenOptions, handler: Handler, basePath = '/fhir'): Promise<Listener> {
  const limits = resolveLimits(options.limits);
  const reportTls = guarded(options.onTlsRefused);
  const reportConnection = guarded(options.onConnectionRefused);
  const counters = { refusedHandshakes: 0, refusedConnections: 0 };
  let closing = false;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // A handler failure must cost one request, never the process.
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
  };
  const httpOptions: http.ServerOptions = {
    headersTimeout: limits.headersTimeoutS * 1000,
    requestTimeout: limits.requestTimeoutS * 1000,
    // Node checks both timeouts on this period (30 s by default, which would stretch a 15 s limit to 45 s).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutS * 500),
  };

  let server: http.Server;
  if (options.tls) {
    const t = options.tls;
    const cert = readFile(t.certFile, 'Certificat du serveur');
    const key = readFile(t.keyFile, 'Clé privée du serveur');
    const ca = readFile(t.clientCaFile, 'Fichier des AC clientes');
    // Node takes a CA file without any certificate in silence, and then refuses every editor.
    readCaBundle(t.clientCaFile);
    const crl = t.crlFiles && t.crlFiles.length > 0 ? loadCrls(t.crlFiles, t.clientCaFile) : undefined;
    try {
      server = https.createServer(
        {
          ...httpOptions,
          cert,
          key,
          ca,
          crl,
          requestCert: true,
          // Verification is done below, after the handshake, as Node itself would do with `true`, but
          // with the certificate still at hand to report who was refused. (With `true`, Node destroys the
          // socket first and the certificate is gone.)
          rejectUnauthorized: false,
          handshakeTimeout: limits.handshakeTimeoutS * 1000,
          ...tlsPolicy(),
        },
        onRequest,
      );
    } catch (e) {
      throw new Error(`Configuration TLS refusée (certificat ${t.certFile}, clé ${t.keyFile}) : ${(e as Error).message}`);
    }
  } else {
    server = http.createServer(httpOptions, onRequest);
  }
  server.keepAliveTimeout = limits.keepAliveTimeoutS * 1000;

  const gate = new ConnectionGate(limits, (peerAddress, reason) => {
    counters.refusedConnections++;
    reportConnection({ atUtc: Date.now(), peerAddress, reason });
  });
  // Where a TLS socket came from, kept from accept time: after a failed handshake Node can no longer tell.
  const peers = new WeakMap<Socket, { address: string; port: number | null }>();
  interpose<Socket>(server, 'connection', (socket, next) => {
    if (closing) {
      socket.destroy();
      return;
    }
    if (!gate.admit(socket)) return;
    peers.set(socket, { address: peerAddressOf(socket), port: socket.remotePort ?? null });
    next(socket);
  });

  if (options.tls) {
    const refuse = (socket: TLSSocket, reason: string, presented: Buffer | null) => {
      if (closing) return;
      // A TLS socket wraps the accepted TCP socket (`_parent`); fall back on what it still knows.
      const raw = (socket as unknown as { _parent?: Socket })._parent;
      // Connected and left without sending a byte: a port check (load balancer, monitoring), not a handshake.
      if (reason === 'ECONNRESET' && raw?.bytesRead === 0) return;
      counters.refusedHandshakes++;
      const peer = (raw && peers.get(raw)) ?? { address: socket.remoteAddress ? peerAddressOf(socket) : '?', port: socket.remotePort ?? null };
      let identity: { subject: string; issuer: string; fingerprint256: string } | null = null;
      try {
        identity = presented ? certificateIdentity(presented) : null;
      } catch {
        // an unparseable certificate is reported without identity
      }
      reportTls({
        atUtc: Date.now(),
        peerAddress: peer.address,
        peerPort: peer.port,
        reason,
        code: refusalCode(reason),
        subject: identity?.subject ?? null,
        issuer: identity?.issuer ?? null,
        fingerprint256: identity?.fingerprint256 ?? null,
      });
    };

    interpose<TLSSocket>(server, 'secureConnection', (socket, next) => {
      const reason = refusalReason(socket);
      if (reason) {
        refuse(socket, reason, socket.getPeerX509Certificate()?.raw ?? null);
        socket.destroy();
        return;
      }
      next(socket);
      // The 16 KiB resets (Node 20; reproduced in gateway-listener.test.ts). After an answer larger than
      // the socket's high-water mark (16 KiB) the socket needs a 'drain', and a TLS socket reports its
      // write done only on a later turn of the event loop (Node's TLS layer defers it with
      // setImmediate). A request arriving on that connection before then, which is likely when the
      // gateway is busy (a group commit, other editors), makes Node's HTTP server pause the socket and
      // the parser (its guard against pipelined floods). But on a TLS
      // socket the parser reads straight from the TLS layer in C++ (the "consumed" fast path), and the
      // TLS layer hands over every record it decrypted from one TCP read: the next record of the same
      // request (a body over 16 KiB, or headers and body written separately) reaches the paused parser,
      // which fails with HPE_PAUSED; the server answers 400 and drops the connection with the body
      // unread, which the editor sees as a reset. Plain HTTP (one chunk per read) and fresh connections
      // (nothing being written) never meet it. A 'data' listener makes Node's HTTP server give up the
      // fast path (it "unconsumes" the socket), and on the stream path a paused socket delivers nothing.
      socket.on('data', () => {});
    });

    // Failures inside the handshake (no shared suite or version, timeout, client gone): https.Server
    // destroys the socket itself; no certificate was verified yet.
    server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => refuse(socket, reasonOf(error), null));
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      if (e.code === 'EADDRINUSE') reject(new Error(`L'adresse ${where} est déjà utilisée par un autre programme.`));
      else if (e.code === 'EACCES') reject(new Error(`Droits insuffisants pour écouter sur ${where}.`));
      else if (e.code === 'EADDRNOTAVAIL') reject(new Error(`L'adresse ${options.host} n'appartient pas à cette machine.`));
      else reject(new Error(`Écoute impossible sur ${where} : ${e.message}`));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // After listening, errors come from accept() (e.g. EMFILE when descriptors run out): the server keeps
  // listening and libuv retries; an unhandled 'error' event would kill the whole console instead.
  server.on('error', () => {});

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}${basePath}`,
    mtls: !!options.tls,
    stats: () => ({ connections: gate.open, ...counters }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeAllConnections();
        // Connections still in their handshake are not known to the HTTP server.
        gate.destroyAll();
      }),
  };
}
