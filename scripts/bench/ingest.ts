import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { psAppointment } from '../../testing/fixtures';
import { startHeadless } from '../../testing/headless-process';

const CONNECTIONS = 16;

async function load(url: string, seconds: number) {
  // Every request creates a new appointment: a unique identifier spliced into one template.
  const template = JSON.stringify(psAppointment({ identifier: [{ system: 'urn:oid:1.2.250.1.999.9', value: '__ID__' }] }));
  const [head, tail] = template.split('__ID__');
  let n = 0;
  const run = autocannon({
    url: `${url}/Appointment`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/fhir+json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: `${head}bench-${process.pid}-${n++}${tail}` }) }],
  });
  const r = await run;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, total: r.requests.total };
}

async function measure(label: string, start: () => Promise<{ fhir: string; stop(): Promise<void> }>, seconds: number) {
  const server = await start();
  try {
    await load(server.fhir, 2); // warm-up (JIT, SQLite pages)
    const r = await load(server.fhir, seconds);
    console.log(`  ${label.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   (${r.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`);
    return r;
  } finally {
    await server.stop();
  }
}

export async function ingestBench(seconds = 15): Promise<void> {
  console.log(`\n== Gateway ingest on loopback (${CONNECTIONS} connections, ${seconds} s, server in its own process) ==`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-bench-ingest-'));
  const baseline = await measure('baseline: same listener, no validation/storage', () => startBaseline(), seconds);
  const ours = await measure('gateway: built-in rules + SQLite + journal', () => startHeadless(['--data-dir', dataDir]), seconds);
  console.log(`  ratio gateway / baseline: ${(ours.rps / baseline.rps).toFixed(2)}   (targets: ≥ 3000 req/s, p99 < 20 ms, ratio ≥ 0.5)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

function startBaseline(): Promise<{ fhir: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'baseline-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /^FHIR (\S+)$/m.exec(out)?.[1];
      if (url) resolve({ fhir: url, stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill(); }) });
    });
  });
}
