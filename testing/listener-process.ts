import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListenerEntryConfig } from './listener-entry';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ListenerProcess {
  child: ChildProcess;
  /** The FHIR base URL, e.g. https://127.0.0.1:43125/fhir */
  fhir: string;
  stop(): Promise<void>;
}

/**
 * Starts `testing/listener-entry.ts` as a real process, optionally limited to `fdLimit` open files
 * (`ulimit -n`, through bash), and waits for the address it prints.
 */
export function startListenerProcess(config: ListenerEntryConfig, options: { fdLimit?: number } = {}): Promise<ListenerProcess> {
  const node = [process.execPath, '--import', 'tsx', path.join(root, 'testing/listener-entry.ts'), JSON.stringify(config)];
  const child = options.fdLimit
    ? spawn('bash', ['-c', `ulimit -n ${options.fdLimit} && exec "$@"`, 'bash', ...node], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(node[0], node.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onExit = (code: number | null) => reject(new Error(`listener process exited (${code}) before listening: ${err || out}`));
    child.once('exit', onExit);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const fhir = /^FHIR (\S+)$/m.exec(out)?.[1];
      if (!fhir) return;
      child.off('exit', onExit);
      resolve({
        child,
        fhir,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            // Tests never need a graceful stop, and a listener holding hostile connections may take its time.
            child.kill('SIGKILL');
          }),
      });
    });
  });
}
