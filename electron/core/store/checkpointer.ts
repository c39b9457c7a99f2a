import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Copying WAL pages back into the database (a checkpoint) costs as much as the writes themselves. A worker
// thread does it with its own connection, PASSIVE (never blocking the writer), so request handling on the
// main thread only appends to the WAL. The main connection keeps a high autocheckpoint as the reset point.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
parentPort.on('message', () => {
  let result = null;
  try { result = db.pragma('wal_checkpoint(PASSIVE)')[0]; } catch (e) { result = { error: String(e && e.message) }; }
  parentPort.postMessage(result);
});
`;

function driverPath(): string {
  const here = typeof __filename === 'string' ? __filename : import.meta.url;
  return createRequire(here).resolve('better-sqlite3');
}

export interface Checkpointer {
  close(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = 50): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: driverPath() } });
  let busy = false;
  worker.on('message', () => (busy = false));
  worker.on('error', () => (busy = true)); // a broken worker leaves checkpoints to the main connection
  worker.unref();
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    worker.postMessage('checkpoint');
  }, everyMs);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      await worker.terminate();
    },
  };
}
