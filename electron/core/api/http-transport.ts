import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

/**
 * The console over loopback HTTP for the headless host: the renderer's static files, and
 * POST /api/<operation> with JSON, which requires the per-start token (x-console-token header).
 */
export async function startConsoleServer(core: Core, host: string, port: number, rendererDir: string): Promise<ConsoleServer> {
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

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 'internal', message: (e as Error).message } });
      else res.destroy();
    });
  });
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req)) return json(res, 401, { error: { code: 'forbidden', message: 'Jeton de console absent ou invalide : ouvrez l’adresse affichée au démarrage.' } });
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
      let input: unknown;
      try {
        input = body.text ? JSON.parse(body.text) : {};
      } catch {
        return json(res, 400, { error: { code: 'invalid-input', message: 'JSON illisible.' } });
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
  return {
    url: `http://${address.address}:${address.port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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
