// Runs N regulator-account editors (testing/regulator-editor.ts) in a child process for benchmarks: their
// TLS and JSON work then lands on another core than the console's.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestPki } from './pki';
import type { RegulatorCounts } from './regulator-editor';
import type { RegulatorEditorsEntryConfig, RegulatorEditorsMessage, RegulatorEditorsRequest } from './regulator-editors-entry';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RegulatorEditorsProcess {
  child: ChildProcess;
  /** One FHIR base per editor, e.g. https://127.0.0.1:43125/fhir */
  bases: string[];
  counts(): Promise<RegulatorCounts[]>;
  /** Per editor: identifiers created twice or shared by two accounts (must be 0). */
  duplicates(): Promise<number[]>;
  close(): Promise<void>;
}

/** A child that does not leave after it was asked to is killed after this long. */
const CLOSE_GRACE_MS = 10_000;

export function startRegulatorEditorsProcess(options: {
  pki: TestPki;
  count: number;
  slow?: { index: number; delayMs: number };
}): Promise<RegulatorEditorsProcess> {
  const config: RegulatorEditorsEntryConfig = { pki: options.pki, count: options.count, slow: options.slow };
  // execArgv set explicitly: the test runner's own flags (inspector, its loaders) must not leak into the child.
  const child = fork(path.join(root, 'testing/regulator-editors-entry.ts'), [JSON.stringify(config)], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (m: Extract<RegulatorEditorsMessage, { type: 'reply' }>) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let gone: Error | null = null;

  child.once('exit', (code, signal) => {
    gone = new Error(`regulator editors process exited (${code ?? signal}): ${stderr}`);
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  });

  const ask = (op: RegulatorEditorsRequest['op']) =>
    new Promise<Extract<RegulatorEditorsMessage, { type: 'reply' }>>((resolve, reject) => {
      if (gone) return reject(gone);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, op } satisfies RegulatorEditorsRequest);
    });

  return new Promise((resolve, reject) => {
    const onExit = () => reject(gone ?? new Error('regulator editors process exited before listening'));
    child.once('exit', onExit);
    child.on('message', (m: RegulatorEditorsMessage) => {
      if (m.type === 'reply') {
        pending.get(m.id)?.resolve(m);
        pending.delete(m.id);
        return;
      }
      child.off('exit', onExit);
      resolve({
        child,
        bases: m.bases,
        counts: async () => (await ask('counts')).counts ?? [],
        duplicates: async () => (await ask('duplicates')).duplicates ?? [],
        close: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const kill = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
          await ask('close').catch(() => undefined);
          await exited;
          clearTimeout(kill);
        },
      });
    });
  });
}
