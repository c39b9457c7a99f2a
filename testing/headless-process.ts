import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface HeadlessProcess {
  child: ChildProcess;
  /** The gateway's base URL ('' for a review host, which has none). */
  fhir: string;
  console: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts the headless host as a real process and waits for the addresses it prints. */
export function startHeadless(args: string[]): Promise<HeadlessProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/headless/main.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onExit = (code: number | null) => reject(new Error(`headless exited (${code}) before starting: ${err || out}`));
    child.once('exit', onExit);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      // A review host (--review FILE) has no gateway: it prints REVIEW instead of FHIR.
      const fhir = /^FHIR (\S+)$/m.exec(out)?.[1] ?? (/^REVIEW /m.test(out) ? '' : undefined);
      const consoleUrl = /^CONSOLE (\S+)$/m.exec(out)?.[1];
      if (fhir !== undefined && consoleUrl) {
        child.off('exit', onExit);
        const url = new URL(consoleUrl);
        resolve({
          child,
          fhir,
          console: consoleUrl,
          token: url.searchParams.get('token') ?? '',
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}
