// A full disk: writes answer 503 with an OperationOutcome, reads keep working, the status says so, and once
// space is back writes resume by themselves, with every acknowledged appointment there.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifierOf, psAppointment } from '../../../testing/fixtures';
import { releaseFullDisk, simulateFullDisk, type SmallDisk, withSmallDisk } from '../../../testing/small-disk';
import { type Core, startCore } from '../core';

let disk: SmallDisk;
let core: Core;
let fhir: string;
const filler = () => path.join(disk.dir, 'filler.bin');

beforeAll(async () => {
  disk = withSmallDisk(8 * 1024 * 1024);
  if (!disk.supported) console.log(`disk-full test: no small tmpfs here (${disk.reason}); falling back to a simulated full disk (SQLite max_page_count)`);
  core = await startCore({ dataDir: path.join(disk.dir, 'data'), host: 'headless' });
  core.settings.update({ gateway: { enabled: true, host: '127.0.0.1', port: 0 } });
  await core.apply();
  fhir = core.info().gateway.url!;
});
afterAll(async () => {
  await core.close();
  disk.dispose();
});

/** Takes all the free space (a real full disk), or caps the store's size when no small disk could be mounted. */
function fillDisk(): void {
  if (!disk.supported) return simulateFullDisk(core.db);
  const fd = fs.openSync(filler(), 'w');
  const chunk = Buffer.alloc(64 * 1024, 7);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
}

function freeDisk(): void {
  if (!disk.supported) return releaseFullDisk(core.db);
  fs.rmSync(filler());
}

const post = async (body: object) => {
  const res = await fetch(`${fhir}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { resourceType: string; issue?: { code: string; diagnostics: string }[] } };
};

describe('disk full', () => {
  it('answers 503 with an OperationOutcome, keeps reads up, flags the status, and resumes once space is back with nothing acknowledged lost', async () => {
    const acknowledged: { system: string; value: string }[] = [];
    const warm = psAppointment();
    expect((await post(warm)).status).toBe(201);
    acknowledged.push(identifierOf(warm));

    fillDisk();
    // Writes go on until the store needs room it cannot get (the WAL may still have some): bounded.
    let refused: Awaited<ReturnType<typeof post>> | null = null;
    for (let i = 0; i < 5000 && !refused; i++) {
      const a = psAppointment({ comment: 'x'.repeat(2000) });
      const r = await post(a);
      if (r.status === 201) acknowledged.push(identifierOf(a));
      else refused = r;
    }
    expect(refused, 'the disk never filled up').not.toBeNull();
    expect(refused!.status).toBe(503);
    expect(refused!.headers.get('retry-after')).toBe('60');
    expect(refused!.json.resourceType).toBe('OperationOutcome');
    expect(refused!.json.issue![0].code).toBe('transient');
    expect(refused!.json.issue![0].diagnostics).toContain('Disque plein');
    expect(core.info().store.diskFullSinceUtc).not.toBeNull();

    // Reads and metadata still answer (their journal entry may be lost, and is counted).
    const meta = await fetch(`${fhir}/metadata`);
    expect(meta.status).toBe(200);
    await meta.arrayBuffer();
    const search = await fetch(`${fhir}/Appointment?identifier=${encodeURIComponent(`${acknowledged[0].system}|${acknowledged[0].value}`)}`);
    expect(search.status).toBe(200);
    expect(((await search.json()) as { total: number }).total).toBe(1);

    freeDisk();
    const after = psAppointment();
    const ok = await post(after);
    expect(ok.status).toBe(201);
    acknowledged.push(identifierOf(after));
    expect(core.info().store.diskFullSinceUtc).toBeNull();

    const missing = acknowledged.filter((id) => core.appointments.findByIdentifier(id.system, id.value).length !== 1);
    expect(missing).toEqual([]);
    expect((await core.checkStore()).ok).toBe(true);
  }, 120_000);
});
