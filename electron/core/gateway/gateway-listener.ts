import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ListenOptions {
  host: string;
  port: number;
  tls?: { certFile: string; keyFile: string; clientCaFile: string } | null;
}

export interface Listener {
  url: string;
  mtls: boolean;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Starts the gateway on HTTP, or on HTTPS with client certificates required and verified against the
 * trusted CAs (mTLS, TLS ≥ 1.2): a client without a certificate, or with one from another CA, is
 * refused during the handshake and never reaches the handler.
 */
export async function listen(options: ListenOptions, handler: Handler, basePath = '/fhir'): Promise<Listener> {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // A handler failure must cost one request, never the process.
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
  };
  const server = options.tls
    ? https.createServer(
        {
          cert: fs.readFileSync(options.tls.certFile),
          key: fs.readFileSync(options.tls.keyFile),
          ca: fs.readFileSync(options.tls.clientCaFile),
          requestCert: true,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
        },
        onRequest,
      )
    : http.createServer(onRequest);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}${basePath}`,
    mtls: !!options.tls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
