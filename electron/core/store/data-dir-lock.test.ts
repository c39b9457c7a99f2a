import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE } from './data-dir-lock';
import { openDatabase } from './database';
import { StoreOpenError } from './store-open-error';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

const dirs: string[] = [];
const children: ChildProcess[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  children.splice(0).forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'));
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

const lockFile = (dir: string) => path.join(dir, LOCK_FILE);
const readLock = (dir: string) => JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')) as Record<string, unknown>;

/** A pid that was a real process of this host and has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid;
}

function writeLock(dir: string, fields: Record<string, unknown>): void {
  const lock = { pid: process.pid, hostname: os.hostname(), startedUtc: '2025-03-12T09:42:05.000Z', host: 'headless', id: 'someone-else', ...fields };
  fs.writeFileSync(lockFile(dir), JSON.stringify(lock));
}

function refusal(fn: () => unknown): StoreOpenError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StoreOpenError);
    return e as StoreOpenError;
  }
  throw new Error('not refused');
}

describe('data folder lock', () => {
  it('writes who holds the folder and removes the lock on release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'desktop');
    expect(readLock(dir)).toMatchObject({ pid: process.pid, hostname: os.hostname(), host: 'desktop' });
    expect(Date.parse(readLock(dir).startedUtc as string)).not.toBeNaN();
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    lock.release();
  });

  it('refuses a second store on a folder already open in this process, until the first is closed', () => {
    const dir = tempDir();
    const first = openDatabase(dir, { host: 'headless' });
    const e = refusal(() => openDatabase(dir));
    expect(e.code).toBe('locked');
    expect(e.file).toBe(lockFile(dir));
    expect(e.message).toMatch(new RegExp(`^Une autre console \\(processus ${process.pid}, démarrée le .+\\) utilise déjà le dossier de données .+ : fermez-la, ou choisissez un autre dossier\\.$`));
    first.exec("INSERT INTO settings (key, value) VALUES ('still', 'writable')");
    first.close();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    openDatabase(dir).close();
  });

  it('refuses a folder held by a live process of this host, naming its pid and start time', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    children.push(holder);
    await new Promise((r) => holder.once('spawn', r));
    writeLock(dir, { pid: holder.pid });
    const e = refusal(() => acquireDataDirLock(dir));
    expect(e.code).toBe('locked');
    expect(e.message).toContain(`processus ${holder.pid}, démarrée le ${new Date('2025-03-12T09:42:05.000Z').toLocaleString('fr-FR')}`);
    expect(readLock(dir).pid).toBe(holder.pid);
  });

  it('refuses a folder held by a console on another computer, saying how to clear a stale lock', () => {
    const dir = tempDir();
    writeLock(dir, { hostname: 'poste-accueil-2', pid: 4242 });
    const e = refusal(() => acquireDataDirLock(dir));
    expect(e.code).toBe('locked');
    expect(e.message).toMatch(/poste « poste-accueil-2 », processus 4242/);
    expect(e.message).toContain(`supprimez le fichier ${lockFile(dir)}`);
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeLock(dir, { pid });
    const lock = acquireDataDirLock(dir, 'headless');
    expect(readLock(dir)).toMatchObject({ pid: process.pid, host: 'headless' });
    expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
    lock.release();
  });

  it('opens the store over a stale lock (crash, then restart)', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    writeLock(dir, { pid: deadPid() });
    const db = openDatabase(dir);
    expect(readLock(dir).pid).toBe(process.pid);
    db.close();
  });

  it('takes over an unparsable lock once it is not being written any more', () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), '{"pid": 12');
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile(dir), past, past);
    const lock = acquireDataDirLock(dir);
    expect(readLock(dir).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock naming our own pid that this process does not hold (container restarted as the same pid)', () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.pid, id: 'previous-life' });
    const lock = acquireDataDirLock(dir);
    expect(readLock(dir).id).not.toBe('previous-life');
    lock.release();
  });

  it('releases only a lock that is still its own', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    writeLock(dir, { pid: 1, id: 'new-owner' });
    lock.release();
    expect(readLock(dir).id).toBe('new-owner');
  });

  it('frees the folder when opening the store fails', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'console.sqlite'), '');
    expect(refusal(() => openDatabase(dir)).code).toBe('empty');
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('lets exactly one of several processes racing to take over a stale lock win', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: deadPid() });
    const script = path.join(dir, 'racer.ts');
    fs.writeFileSync(
      script,
      `import { acquireDataDirLock } from ${JSON.stringify(pathToFileURL(path.join(here, 'data-dir-lock.ts')).href)};
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  try {
    const lock = acquireDataDirLock(${JSON.stringify(dir)}, 'racer');
    process.stdout.write('acquired\\n');
    process.stdin.once('end', () => lock.release());
  } catch (e) {
    process.stdout.write('refused ' + e.code + '\\n');
  }
});
`,
    );
    const racers = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(child);
      let out = '';
      const line = (re: RegExp) =>
        new Promise<string>((resolve, reject) => {
          const check = () => {
            const m = re.exec(out);
            if (m) resolve(m[0]);
          };
          child.stdout!.on('data', (d) => {
            out += d;
            check();
          });
          child.once('exit', (code) => reject(new Error(`racer exited (${code}): ${out}`)));
          check();
        });
      return { child, ready: line(/^ready$/m), result: line(/^(acquired|refused \S+)$/m) };
    });
    await Promise.all(racers.map((r) => r.ready));
    racers.forEach((r) => r.child.stdin!.write('go\n'));
    const results = await Promise.all(racers.map((r) => r.result));
    expect(results.filter((r) => r === 'acquired')).toHaveLength(1);
    expect(results.filter((r) => r === 'refused locked')).toHaveLength(5);
    const winner = racers[results.indexOf('acquired')].child;
    expect(readLock(dir).pid).toBe(winner.pid);
    await Promise.all(
      racers.map(
        (r) =>
          new Promise((done) => {
            r.child.once('exit', done);
            r.child.stdin!.end();
          }),
      ),
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['racer.ts']);
  }, 60_000);
});
