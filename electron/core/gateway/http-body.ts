import type { IncomingMessage } from 'node:http';

export const ACCEPTED_MEDIA_TYPES = ['application/fhir+json', 'application/json+fhir', 'application/json'] as const;

/** Past this we stop reading and drop the connection: it is not an editor, it is a flood. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

export function mediaTypeOf(header: string | undefined): string | null {
  if (!header) return null;
  return header.split(';')[0].trim().toLowerCase();
}

export function isAcceptedMediaType(header: string | undefined): boolean {
  const t = mediaTypeOf(header);
  return t !== null && (ACCEPTED_MEDIA_TYPES as readonly string[]).includes(t);
}

export type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large'; bytes: number } | { kind: 'aborted' };

/**
 * Reads the body up to `limit` bytes. A larger body is drained (so the client reads our 413 instead
 * of a reset) but not kept.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (bytes > DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () => {
      resolve(tooLarge ? { kind: 'too-large', bytes } : { kind: 'ok', bytes: Buffer.concat(chunks) });
    });
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}
