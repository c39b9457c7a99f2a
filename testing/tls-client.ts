// Small TLS/HTTPS clients for the gateway's tests: what an editor (or an attacker) would send.
import fs from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';

export interface ClientIdentity {
  ca: string;
  cert?: string;
  key?: string;
}

export interface ProbeResult {
  /** An HTTP status when the gateway answered, else null. */
  status: number | null;
  protocol: string | null;
  cipher: string | null;
  error: string | null;
  /** The client's port, to find this attempt in what the gateway reports. */
  localPort: number | null;
}

/** Where and as whom a test client connects (the CA it trusts, its certificate when it has one). */
function connectOptions(u: URL, id: ClientIdentity, options: tls.ConnectionOptions): tls.ConnectionOptions {
  return {
    host: u.hostname,
    port: Number(u.port),
    ca: fs.readFileSync(id.ca),
    cert: id.cert ? fs.readFileSync(id.cert) : undefined,
    key: id.key ? fs.readFileSync(id.key) : undefined,
    ...options,
  };
}

/**
 * Connects with the given TLS settings, sends one GET and reports how far it got. Never rejects: a refusal
 * is a result. In TLS 1.3 the client finishes its side of the handshake before the server has checked its
 * certificate, so a refusal may only show when the answer never comes.
 */
export function probe(url: string, id: ClientIdentity, options: tls.ConnectionOptions = {}): Promise<ProbeResult> {
  const u = new URL(url);
  return new Promise((resolve) => {
    let protocol: string | null = null;
    let cipher: string | null = null;
    let answer = '';
    let localPort: number | null = null;
    let settled = false;
    const done = (r: Partial<ProbeResult>) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve({ status: status ? Number(status) : null, protocol, cipher, error: null, localPort, ...r });
    };
    const socket = tls.connect(
      connectOptions(u, id, options),
      () => {
        protocol = socket.getProtocol();
        cipher = socket.getCipher()?.name ?? null;
        socket.write(`GET ${u.pathname}/metadata HTTP/1.1\r\nHost: ${u.host}\r\nConnection: close\r\n\r\n`);
      },
    );
    socket.once('connect', () => (localPort = socket.localPort ?? null));
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      answer += d;
      if (/^HTTP\/1\.1 \d{3}/.test(answer)) done({});
    });
    socket.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    socket.on('close', () => done(answer ? {} : { error: 'closed' }));
  });
}

/** One HTTPS request on a fresh connection; rejects on any transport failure. */
export function request(
  url: string,
  id: ClientIdentity,
  init: { method?: string; body?: string; timeoutMs?: number; localAddress?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: init.method ?? 'GET',
        headers: init.body ? { 'content-type': 'application/fhir+json' } : {},
        ca: fs.readFileSync(id.ca),
        cert: id.cert ? fs.readFileSync(id.cert) : undefined,
        key: id.key ? fs.readFileSync(id.key) : undefined,
        agent: false,
        timeout: init.timeoutMs,
        localAddress: init.localAddress,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('pas de réponse dans le délai')));
    req.on('error', reject);
    req.end(init.body);
  });
}

export interface RawConnection {
  /**
   * Sends one HTTP/1.1 request, head and body in two separate writes (two TLS records, as clients that
   * stream their body do), and reads the answer (Content-Length or chunked). Rejects if the connection dies.
   */
  exchange(method: string, path: string, body?: string): Promise<{ status: number; bytes: number }>;
  close(): void;
}

/** One keep-alive TLS connection driven by hand. */
export function rawConnection(url: string, id: ClientIdentity, options: tls.ConnectionOptions = {}): Promise<RawConnection> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let waiting: { resolve: (r: { status: number; bytes: number }) => void; reject: (e: Error) => void } | null = null;
    let dead: Error | null = null;
    const fail = (e: Error) => {
      dead = e;
      waiting?.reject(e);
      waiting = null;
    };
    /** Length of the body at `from` if complete (Content-Length or chunked), with where the answer ends. */
    const bodyEnd = (head: string, from: number): { bytes: number; end: number } | null => {
      if (!/\r\ntransfer-encoding: *chunked/i.test(head)) {
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        return buffer.length >= from + length ? { bytes: length, end: from + length } : null;
      }
      let at = from;
      let bytes = 0;
      for (;;) {
        const lineEnd = buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return null;
        const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (size === 0) return buffer.length >= lineEnd + 4 ? { bytes, end: lineEnd + 4 } : null;
        if (buffer.length < lineEnd + 2 + size + 2) return null;
        bytes += size;
        at = lineEnd + 2 + size + 2;
      }
    };
    const tryParse = () => {
      const headEnd = buffer.indexOf('\r\n\r\n');
      if (!waiting || headEnd < 0) return;
      const head = buffer.subarray(0, headEnd).toString('latin1');
      const body = bodyEnd(head, headEnd + 4);
      if (!body) return;
      buffer = buffer.subarray(body.end);
      const w = waiting;
      waiting = null;
      w.resolve({ status: Number(head.slice(9, 12)), bytes: body.bytes });
    };
    const socket = tls.connect(
      connectOptions(u, id, options),
      () =>
        resolve({
          exchange: (method, path, body) =>
            new Promise((res, rej) => {
              if (dead) return rej(dead);
              waiting = { resolve: res, reject: rej };
              const length = body ? Buffer.byteLength(body) : 0;
              socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/fhir+json\r\nContent-Length: ${length}\r\n\r\n`);
              if (body) socket.write(body);
            }),
          close: () => socket.destroy(),
        }),
    );
    // Like most HTTP clients: no Nagle delay, so the body follows its head at once.
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      tryParse();
    });
    socket.on('error', (e) => {
      fail(e);
      reject(e);
    });
    socket.on('close', () => fail(new Error('connexion fermée par la passerelle')));
  });
}
