import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type HeadlessProcess, startHeadless } from '../../testing/headless-process';

const dirs: string[] = [];
const started: HeadlessProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

async function start(dataDir: string): Promise<HeadlessProcess> {
  const p = await startHeadless(['--data-dir', dataDir]);
  started.push(p);
  return p;
}

function settingsRows(dataDir: string): unknown[] {
  const db = new Database(path.join(dataDir, 'console.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT key, value FROM settings ORDER BY key').all();
  } finally {
    db.close();
  }
}

describe('one host per data folder', () => {
  it('refuses a second headless host on the same folder, in French, leaving the first one serving and its settings untouched', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-two-hosts-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    const before = settingsRows(dataDir);

    const second = start(dataDir);
    await expect(second).rejects.toThrow(
      new RegExp(
        `headless exited \\(1\\) before starting: Échec du démarrage : Une autre console \\(processus ${first.child.pid}, démarrée le [^)]+\\) utilise déjà le dossier de données ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} : fermez-la, ou choisissez un autre dossier\\.`,
      ),
    );

    expect((await fetch(`${first.fhir}/metadata`)).status).toBe(200);
    expect(settingsRows(dataDir)).toEqual(before);

    await first.stop();
    expect(fs.existsSync(path.join(dataDir, 'console.lock'))).toBe(false);
    const third = await start(dataDir);
    expect((await fetch(`${third.fhir}/metadata`)).status).toBe(200);
  }, 60_000);

  it('starts again after the host holding the folder was killed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-two-hosts-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'console.lock'), 'utf8')).pid).toBe(first.child.pid);
    const second = await start(dataDir);
    expect((await fetch(`${second.fhir}/metadata`)).status).toBe(200);
  }, 60_000);
});
