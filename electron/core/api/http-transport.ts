import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseStrictJson } from '../../../shared/fhir/strict-json';
import { hostNameOf, isLoopbackHost } from '../../../shared/domain/host-names';
import path from 'node:path';
import { readBody } from '../gateway/http-body';
import { HTTP_STATUS } from './api-error';
import { CONTENT_SECURITY_POLICY } from './csp';
import { dispatch } from './dispatch';
import type { Core } from '../core';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};


export interface ConsoleServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Serving beyond loopback: TLS, and the names the console is reached by (Host and Origin checks). */
export interface RemoteConsole {
  certFile: string;
  keyFile: string;
  names: string[];
}

/**
 * The console over loopback HTTP for the headless host: the renderer's static files, and
 * POST /api/<operation> with JSON, which requires the per-start token (x-console-token header).
 * Every request must name this console in Host (a loopback name, or a configured name when served remotely):
 * a page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) is refused; API calls must also
 * come from the console's own origin when the browser says where they come from.
 */
export async function startConsoleServer(
  core: Core,
  host: string,
  port: number,
  rendererDir: string,
  remote: RemoteConsole | null = null,
): Promise<ConsoleServer> {
  const token = randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const authorised = (req: http.IncomingMessage) => {
    const given = Buffer.from(String(req.headers['x-console-token'] ?? ''));
    return given.length === tokenBuf.length && timingSafeEqual(given, tokenBuf);
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  // Names, not ports, are what DNS rebinding changes: a tunnel or a proxy in front may well use another port.
  const remoteNames = remote?.names ?? [];
  const nameAllowed = (name: string | null) => name !== null && (isLoopbackHost(name) || remoteNames.includes(name));
  const hostAllowed = (req: http.IncomingMessage) => nameAllowed(hostNameOf(req.headers.host));
  const originAllowed = (req: http.IncomingMessage) => {
    // Browsers say where a request comes from; same-origin calls from the console page are the only ones allowed.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    try {
      const o = new URL(origin);
      return o.protocol === (remote ? 'https:' : 'http:') && nameAllowed(hostNameOf(o.host));
    } catch {
      return false;
    }
  };
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 'internal', message: (e as Error).message } });
      else res.destroy();
    });
  };
  const server = remote
    ? https.createServer({ cert: fs.readFileSync(remote.certFile), key: fs.readFileSync(remote.keyFile), minVersion: 'TLSv1.2' }, onRequest)
    : http.createServer(onRequest);
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Hôte « ${req.headers.host ?? ''} » refusé : ouvrez la console par l'adresse affichée au démarrage.`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://console');
    if (url.pathname.startsWith('/api/')) {
      if (!originAllowed(req)) return json(res, 403, { error: { code: 'forbidden', message: 'Appel refusé : il ne vient pas de la page de la console.' } });
      if (!authorised(req)) return json(res, 401, { error: { code: 'forbidden', message: 'Jeton de console absent ou invalide : ouvrez l’adresse affichée au démarrage.' } });
      if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(core, req, res);
      const exportMatch = /^\/api\/exports\/([0-9a-f-]{36})\/file$/.exec(url.pathname);
      if (exportMatch && req.method === 'GET') {
        const file = core.exports.filePath(exportMatch[1]);
        if (!file) return json(res, 404, { error: { code: 'not-found', message: 'Export introuvable ou pas encore terminé.' } });
        res.writeHead(200, {
          'content-type': file.fileName.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
          'content-disposition': `attachment; filename="${file.fileName}"`,
        });
        fs.createReadStream(file.path).pipe(res);
        return;
      }
      if (req.method !== 'POST') return json(res, 405, { error: { code: 'invalid-input', message: 'Utilisez POST.' } });
      const body = await readBody(req, 1024 * 1024);
      if (body.kind !== 'ok') return json(res, 413, { error: { code: 'invalid-input', message: 'Requête trop volumineuse.' } });
      let input: unknown = {};
      if (body.bytes.length > 0) {
        const parsed = parseStrictJson(body.bytes);
        if (!parsed.ok) return json(res, 400, { error: { code: 'invalid-input', message: `JSON refusé : ${parsed.error.message}` } });
        input = parsed.value;
      }
      const out = await dispatch(core.handlers, decodeURIComponent(url.pathname.slice('/api/'.length)), input);
      return out.ok ? json(res, 200, { result: out.result ?? null }) : json(res, HTTP_STATUS[out.body.error.code], out.body);
    }
    return serveStatic(rendererDir, url.pathname, res);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = remote ? remote.names[0] : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${remote ? 'https' : 'http'}://${shown}:${address.port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Keeps proxies and idle timers from closing a quiet stream. */
const EVENTS_HEARTBEAT_MS = 15_000;

/**
 * The core's event stream as server-sent events (one `data:` line of JSON per event, the sequence number as
 * `id:`). The browser reads it with fetch (the token travels in a header, never in the URL).
 */
function streamEvents(core: Core, req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  // The first line says where the sequence stands, so the client knows what "no gap" means.
  res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ seq: core.events.lastSeq })}\n\n`);
  const stop = core.events.subscribe((event) => {
    res.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), EVENTS_HEARTBEAT_MS);
  heartbeat.unref();
  const end = () => {
    clearInterval(heartbeat);
    stop();
  };
  req.on('close', end);
  res.on('error', end);
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  if (!file.startsWith(path.resolve(root) + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Introuvable');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    res.end(data);
  });
}
