import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { psAppointment, identifierOf } from '../../testing/fixtures';
import { startHeadless } from '../../testing/headless-process';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-crash-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('crash safety', () => {
  it('keeps every acknowledged appointment after SIGKILL during a stream of creates', async () => {
    const first = await startHeadless(['--data-dir', dataDir]);
    const acknowledged: { system: string; value: string }[] = [];
    let stop = false;
    const writers = Array.from({ length: 6 }, async () => {
      while (!stop) {
        const a = psAppointment();
        try {
          const res = await fetch(`${first.fhir}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(a) });
          await res.arrayBuffer();
          if (res.status === 201) acknowledged.push(identifierOf(a));
        } catch {
          return; // the process died under us: this request got no answer, so it was never acknowledged
        }
      }
    });
    // Kill once a good number of creates were acknowledged, while the writers are still sending.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (acknowledged.length >= 300) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(writers);

    const second = await startHeadless(['--data-dir', dataDir]);
    try {
      const missing: string[] = [];
      for (const id of acknowledged) {
        const res = await fetch(`${second.fhir}/Appointment?identifier=${encodeURIComponent(`${id.system}|${id.value}`)}`);
        const bundle = await res.json();
        if (bundle.total !== 1) missing.push(id.value);
      }
      expect(missing).toEqual([]);
    } finally {
      await second.stop();
    }
    const db = new Database(path.join(dataDir, 'console.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 60_000);
});
