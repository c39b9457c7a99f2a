import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { type Failure, failure } from '../../../shared/api/failure';

export interface TlsIdentity {
  certPem?: string;
  keyPem?: string;
  pfx?: Buffer;
  passphrase?: string;
  /** Trusted CAs for the editor's server certificate (IGC-Santé chain or a test CA). */
  caPem?: string;
}

export interface Timings {
  /** Milliseconds from the start of the request. */
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  totalMs: number;
}

export type ExchangeErrorKind = 'timeout' | 'aborted' | 'unreachable' | 'server-certificate' | 'client-certificate' | 'tls' | 'too-large' | 'protocol';

export interface TlsReport {
  protocol: string | null;
  cipher: string | null;
  serverSubject: string | null;
  serverIssuer: string | null;
  serverValidTo: string | null;
  serverTrusted: boolean;
  serverTrustError: string | null;
}

export interface EditorResponse {
  url: string;
  status: number | null;
  headers: Record<string, string>;
  body: string | null;
  bodyBytes: number;
  timings: Timings;
  tls: TlsReport | null;
  error: { kind: ExchangeErrorKind; code: string | null; message: string } | null;
  /** The same failure as data (code, parameters, retryable), for jobs and the renderer. */
  failure: Failure | null;
  /**
   * Every byte of the request was handed to the network: from then on the editor may have applied it even if
   * no answer comes back (the outcome of a POST is then unknown).
   */
  requestSent: boolean;
  /** Sent on a kept-alive connection: no new TCP or TLS handshake, so no connect/TLS timings. */
  reusedConnection: boolean;
}

export interface EditorRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT';
  accept: string;
  /** With a body: its media type (FHIR: application/fhir+json). */
  contentType?: string;
  body?: string | null;
  /** TLS material for a one-off connection; ignored when `agent` is given (the agent carries the identity). */
  identity: TlsIdentity | null;
  /** A kept-alive agent built for this peer's identity; without it the request opens its own connection. */
  agent?: http.Agent;
  timeoutMs: number;
  signal?: AbortSignal;
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** What a kept-alive connection's handshake established: read once, not at every request it carries. */
const tlsReports = new WeakMap<TLSSocket, TlsReport>();

function subjectText(s: Record<string, string | string[]> | undefined): string | null {
  if (!s) return null;
  return Object.entries(s).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ');
}

/** French wording of what went wrong, saying on which side of the handshake it broke. */
export function explain(kind: ExchangeErrorKind, code: string | null, raw: string, timeoutMs: number): string {
  switch (kind) {
    case 'timeout':
      return `Pas de réponse complète en ${timeoutMs} ms : l'éditeur est trop lent (le SAS abandonne à 7 s).`;
    case 'aborted':
      return 'Requête annulée.';
    case 'unreachable':
      return `Éditeur injoignable (${code ?? raw}) : vérifiez l'URL, le DNS et le réseau.`;
    case 'server-certificate':
      return `Certificat du serveur de l'éditeur non reconnu (${code ?? raw}) : ajoutez l'AC qui l'a émis (chaîne IGC-Santé ou AC de test) aux AC de confiance de cet éditeur.`;
    case 'client-certificate':
      return `L'éditeur a refusé notre certificat client pendant ou juste après la poignée de main TLS (${code ?? raw}) : vérifiez le certificat et la clé configurés pour cet éditeur, et que l'éditeur fait confiance à leur AC.`;
    case 'tls':
      return `Échec TLS (${code ?? raw}).`;
    case 'too-large':
      return 'Réponse trop volumineuse : lecture interrompue.';
    default:
      return `Erreur de protocole : ${raw}`;
  }
}

/**
 * The failure as data. A reset once the request was sent is reported as an unknown outcome (retryable): on a
 * kept-alive connection or after a complete request it is no certificate refusal, and even when it might be one,
 * assuming the request was not applied could make a caller repeat a create that did happen.
 */
function toFailure(kind: ExchangeErrorKind, code: string | null, requestSent: boolean, timeoutMs: number, raw: string): Failure {
  const reset = code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(raw);
  if (reset && requestSent) return failure('net.reset-after-send', true);
  switch (kind) {
    case 'timeout':
      return failure('net.timeout', true, { timeoutMs });
    case 'aborted':
      return failure('net.aborted', true);
    case 'unreachable':
      return failure('net.unreachable', true, { detail: code ?? raw });
    case 'server-certificate':
      return failure('net.server-certificate', false, { detail: code ?? raw });
    case 'client-certificate':
      return failure('net.client-certificate', false, { detail: code ?? raw });
    case 'tls':
      return failure('net.tls', false, { detail: code ?? raw });
    case 'too-large':
      return failure('net.too-large', false);
    default:
      return failure('net.protocol', true, { detail: raw });
  }
}

function classify(err: NodeJS.ErrnoException & { code?: string }, tlsDone: boolean, secure: boolean, answered: boolean, reused: boolean): ExchangeErrorKind {
  const code = err.code ?? '';
  // A kept-alive connection's handshake was accepted long ago: a reset on it is the connection going away.
  if (reused && (code === 'ECONNRESET' || code === 'EPIPE')) return 'unreachable';
  // TLS 1.3: our side of the handshake completes before the server checks our certificate; a refusal then
  // arrives as a reset before any byte of answer.
  if (secure && tlsDone && !answered && (code === 'ECONNRESET' || code === 'EPIPE')) return 'client-certificate';
  // An alert from the server is about our certificate; a verification code is about the server's.
  if (/ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|ACCESS_DENIED|CERTIFICATE_UNKNOWN)/.test(code)) return 'client-certificate';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/.test(code)) return 'server-certificate';
  if (!tlsDone && (code === 'ECONNRESET' || code === 'EPIPE')) return 'client-certificate';
  if (/^ERR_SSL|^ERR_TLS/.test(code)) return 'tls';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'].includes(code)) return 'unreachable';
  return 'protocol';
}

/**
 * One request to an editor over HTTPS with its own client identity and trusted CAs (TLS ≥ 1.2): GET, POST or
 * PUT with a body, on a kept-alive agent or a connection of its own, with a hard deadline, cancellation and
 * the timing of each phase. Never throws: failures come back described, and as data.
 */
export async function requestEditor(req: EditorRequest): Promise<EditorResponse> {
  const first = await requestOnce(req);
  // A kept-alive connection the editor closed while it sat in the pool (its idle timeout, seen late by a busy
  // event loop) fails before any answer. Nothing reached the editor when the request had not left, and a GET or a
  // PUT may be repeated anyway: once, on a fresh connection, as HTTP clients do. A POST that left is not repeated.
  const stale = first.reusedConnection && first.status === null && /^(ECONNRESET|EPIPE)$/.test(first.error?.code ?? '');
  if (stale && !req.signal?.aborted && (!first.requestSent || (req.method ?? 'GET') !== 'POST')) {
    // Other pooled connections may be just as dead: this once, a connection of its own with the agent's identity.
    const identity = req.agent instanceof https.Agent ? agentIdentity(req.agent) : req.identity;
    const again = await requestOnce({ ...req, agent: undefined, identity });
    return { ...again, timings: { ...again.timings, totalMs: Math.round((first.timings.totalMs + again.timings.totalMs) * 10) / 10 } };
  }
  return first;
}

/** The TLS identity an agent was built with (its options), for a one-off connection with the same identity. */
function agentIdentity(agent: https.Agent): TlsIdentity {
  const o = agent.options as https.AgentOptions;
  const text = (v: unknown) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : undefined);
  return {
    caPem: text(o.ca),
    certPem: text(o.cert),
    keyPem: text(o.key),
    pfx: Buffer.isBuffer(o.pfx) ? o.pfx : undefined,
    passphrase: o.passphrase,
  };
}

function requestOnce(req: EditorRequest): Promise<EditorResponse> {
  const started = performance.now();
  const since = () => Math.round((performance.now() - started) * 10) / 10;
  const url = new URL(req.url);
  const secure = url.protocol === 'https:';
  const timings: Timings = { connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 };
  let tls: TlsReport | null = null;
  let tlsDone = false;
  let requestSent = false;
  let reusedConnection = false;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<EditorResponse, 'url' | 'timings' | 'tls' | 'requestSent' | 'reusedConnection'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.signal?.removeEventListener('abort', onAbort);
      timings.totalMs = since();
      resolve({ url: req.url, timings, tls, requestSent, reusedConnection, ...r });
    };
    const fail = (kind: ExchangeErrorKind, code: string | null, raw: string, status: number | null = null) =>
      finish({
        status,
        headers: {},
        body: null,
        bodyBytes: 0,
        error: { kind, code, message: explain(kind, code, raw, req.timeoutMs) },
        failure: toFailure(kind, code, requestSent, req.timeoutMs, raw),
      });

    const body = req.body == null ? null : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { accept: req.accept, 'user-agent': 'console-operateur-sas' };
    if (body) {
      headers['content-type'] = req.contentType ?? 'application/fhir+json';
      headers['content-length'] = String(body.length);
    }
    const options: https.RequestOptions = {
      method: req.method ?? 'GET',
      headers,
      agent: req.agent ?? false,
      timeout: req.timeoutMs,
      ...(secure && !req.agent
        ? {
            minVersion: 'TLSv1.2',
            ca: req.identity?.caPem,
            cert: req.identity?.certPem,
            key: req.identity?.keyPem,
            pfx: req.identity?.pfx,
            passphrase: req.identity?.passphrase,
            rejectUnauthorized: true,
          }
        : {}),
    };
    let request: http.ClientRequest;
    try {
      request = (secure ? https : http).request(url, options);
    } catch (e) {
      fail('tls', (e as NodeJS.ErrnoException).code ?? null, (e as Error).message);
      return;
    }
    const deadline = setTimeout(() => {
      request.destroy();
      fail('timeout', null, 'timeout');
    }, req.timeoutMs);
    const onAbort = () => {
      request.destroy();
      fail('aborted', null, 'aborted');
    };
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort);

    request.on('finish', () => (requestSent = true));
    const describeTls = (s: TLSSocket) => {
      const known = tlsReports.get(s);
      if (known) {
        tls = known;
        return;
      }
      const peer = s.getPeerCertificate();
      tls = {
        protocol: s.getProtocol() ?? null,
        cipher: s.getCipher()?.name ?? null,
        serverSubject: subjectText(peer?.subject as unknown as Record<string, string>),
        serverIssuer: subjectText(peer?.issuer as unknown as Record<string, string>),
        serverValidTo: peer?.valid_to ?? null,
        serverTrusted: s.authorized,
        serverTrustError: s.authorizationError ? String(s.authorizationError) : null,
      };
      tlsReports.set(s, tls);
    };
    request.on('socket', (socket) => {
      reusedConnection = request.reusedSocket;
      if (reusedConnection) {
        // A kept-alive connection: its handshake happened for an earlier request.
        tlsDone = true;
        if (secure) describeTls(socket as TLSSocket);
        return;
      }
      socket.once('connect', () => (timings.connectMs = since()));
      socket.once('secureConnect', () => {
        timings.tlsMs = since();
        tlsDone = true;
        describeTls(socket as TLSSocket);
      });
    });
    request.on('error', (err: NodeJS.ErrnoException) => fail(classify(err, tlsDone, secure, timings.firstByteMs !== null, reusedConnection), err.code ?? null, err.message));
    request.on('response', (res) => {
      timings.firstByteMs = since();
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > maxBytes) {
          request.destroy();
          fail('too-large', null, 'too large', res.statusCode ?? null);
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        finish({ status: res.statusCode ?? null, headers, body: Buffer.concat(chunks).toString('utf8'), bodyBytes: bytes, error: null, failure: null });
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail('protocol', err.code ?? null, err.message, res.statusCode ?? null));
    });
    request.end(body ?? undefined);
  });
}
