// Test-only entry: the gateway listener alone in its own process, with a trivial handler. Some defects
// only show across processes: a file-descriptor limit (ulimit) and the event-loop timing between an
// editor and the gateway. Prints `FHIR <url>` when listening, like the headless host.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, type ListenOptions, type Listener } from '../electron/core/gateway/gateway-listener';

export interface ListenerEntryConfig {
  options: ListenOptions;
  /**
   * 'small': answers `ok` at once. 'deferred-large': answers 20–40 KiB after setImmediate, like the
   * gateway's group commit, then keeps the event loop busy for `workBytes` of hashing, as the commit of
   * the other requests of the batch would.
   */
  handler: 'small' | 'deferred-large';
  workBytes?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ListenerEntryConfig;
const work = Buffer.alloc(config.workBytes ?? 0);
let listener: Listener | null = null;

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    req.on('data', () => {});
    req.on('end', resolve);
    req.on('error', reject);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await drain(req);
  // Lets tests read the counters of a listener that lives in this process.
  if (req.url === '/fhir/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listener?.stats() ?? null));
    return;
  }
  if (config.handler === 'small') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  setImmediate(() => {
    const padding = 20 * 1024 + Math.floor(Math.random() * 20 * 1024);
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify({ resourceType: 'Appointment', comment: 'x'.repeat(padding) }));
    if (work.length) createHash('sha256').update(work).digest();
  });
}

listener = await listen(config.options, handle);
console.log(`FHIR ${listener.url}`);
