import http from 'node:http';
import https from 'node:https';
import { failure } from '../../../shared/api/failure';
import type { CertificateInfo } from '../../../shared/api/editor-types';
import { certificateInfo } from './certificate-info';
import { type EditorResponse, requestEditor } from './editor-client';
import type { EditorRecord, EditorStore } from './editor-store';

export interface FhirCall {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  /** JSON text; sent as application/fhir+json. */
  body?: string | null;
  signal?: AbortSignal;
  /** Defaults to the editor's own timeout. */
  timeoutMs?: number;
  maxBytes?: number;
}

/** The client certificate a request goes out with: what the journal shows of it. */
export interface ClientCertificateUsed {
  subject: string;
  issuer: string;
  validTo: string;
}

interface PooledAgent {
  version: number;
  agent: http.Agent;
  certificate: CertificateInfo | null;
}

/** Connections kept open per editor: enough for per-editor concurrency, few enough to be a polite client. */
const DEFAULT_MAX_SOCKETS = 8;

/**
 * The one FHIR client for editors: every request (slot searches, regulator accounts, qualification runs) goes
 * through an agent built once from the editor's identity (client certificate, trusted CAs, TLS ≥ 1.2) and
 * kept alive across requests, so thousands of requests to one editor cost one handshake per connection. An
 * editor's agent is rebuilt when the editor is saved (new certificate, new CAs) and dropped when it is removed.
 */
export class EditorFhirClient {
  private readonly agents = new Map<string, PooledAgent>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly editors: EditorStore,
    private readonly maxSockets = DEFAULT_MAX_SOCKETS,
  ) {
    this.unsubscribe = editors.onChange(() => this.prune());
  }

  private pooled(editor: EditorRecord): PooledAgent {
    const cached = this.agents.get(editor.id);
    if (cached && cached.version === editor.updatedUtc) return cached;
    cached?.agent.destroy();
    const secure = editor.baseUrl.startsWith('https:');
    let agent: http.Agent;
    let certificate: CertificateInfo | null = null;
    if (secure) {
      const id = this.editors.tlsIdentity(editor);
      agent = new https.Agent({
        keepAlive: true,
        maxSockets: this.maxSockets,
        minVersion: 'TLSv1.2',
        rejectUnauthorized: true,
        ca: id.caPem,
        cert: id.certPem,
        key: id.keyPem,
        pfx: id.pfx,
        passphrase: id.passphrase,
      });
      const pem = editor.identity?.certPem;
      if (pem) {
        try {
          certificate = certificateInfo(pem);
        } catch {
          certificate = null;
        }
      }
    } else {
      agent = new http.Agent({ keepAlive: true, maxSockets: this.maxSockets });
    }
    const entry = { version: editor.updatedUtc, agent, certificate };
    this.agents.set(editor.id, entry);
    return entry;
  }

  /** The client certificate requests to this editor carry (null over plain HTTP or without identity). */
  clientCertificate(editor: EditorRecord): ClientCertificateUsed | null {
    const c = this.pooled(editor).certificate;
    return c ? { subject: c.subject, issuer: c.issuer, validTo: c.validTo } : null;
  }

  /** Never throws: an identity that cannot be used, like a network failure, comes back as a failed response. */
  async request(editor: EditorRecord, call: FhirCall): Promise<EditorResponse> {
    const timeoutMs = call.timeoutMs ?? editor.timeoutMs;
    let pooled: PooledAgent;
    try {
      pooled = this.pooled(editor);
    } catch (e) {
      return localFailure(call.url, 'client-certificate', (e as Error).message, failure('net.client-certificate', false, { detail: (e as Error).message }));
    }
    const expiry = pooled.certificate ? Date.parse(pooled.certificate.validTo) : NaN;
    if (!Number.isNaN(expiry) && expiry < Date.now()) {
      // Known before any handshake: say it plainly rather than let the editor refuse us.
      const day = pooled.certificate!.validTo.slice(0, 10);
      return localFailure(
        call.url,
        'client-certificate',
        `Certificat client expiré le ${day} : remplacez-le dans Paramètres → Éditeurs.`,
        failure('net.client-certificate-expired', false, { validTo: day }),
      );
    }
    return requestEditor({
      url: call.url,
      method: call.method,
      accept: editor.accept,
      contentType: call.body != null ? 'application/fhir+json' : undefined,
      body: call.body,
      identity: null,
      agent: pooled.agent,
      timeoutMs,
      signal: call.signal,
      maxBytes: call.maxBytes,
    });
  }

  private prune(): void {
    const current = new Map(this.editors.list().map((e) => [e.id, e.updatedUtc]));
    for (const [id, entry] of this.agents) {
      if (current.get(id) !== entry.version) {
        entry.agent.destroy();
        this.agents.delete(id);
      }
    }
  }

  close(): void {
    this.unsubscribe();
    for (const entry of this.agents.values()) entry.agent.destroy();
    this.agents.clear();
  }
}

function localFailure(url: string, kind: 'client-certificate', message: string, f: EditorResponse['failure']): EditorResponse {
  return {
    url,
    status: null,
    headers: {},
    body: null,
    bodyBytes: 0,
    tls: null,
    timings: { connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 },
    error: { kind, code: null, message },
    failure: f,
    requestSent: false,
    reusedConnection: false,
  };
}
