import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../store/database';
import { type ExchangeDraft, JournalStore } from './journal-store';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-journal-'));
  db = openDatabase(dir);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base: Omit<ExchangeDraft, 'atUtc' | 'status' | 'requestBody'> = {
  direction: 'inbound', channel: 'fhir-gateway', peer: 'p', clientSubject: null, method: 'POST', url: '/fhir/Appointment', durationMs: 1,
  requestHeaders: {}, responseHeaders: {}, responseBody: '{"resourceType":"OperationOutcome"}', appointmentId: null,
};
const DAY = 86_400_000;

describe('retention of refused requests’ bodies', () => {
  it('drops them past the retention period, then beyond the size budget, oldest first; accepted requests are kept', () => {
    const j = new JournalStore(db);
    const now = Date.parse('2026-11-20T12:00:00Z');
    const old = j.record({ ...base, atUtc: now - 40 * DAY, status: 422, requestBody: 'x'.repeat(1000) });
    const recentA = j.record({ ...base, atUtc: now - 2 * DAY, status: 400, requestBody: 'y'.repeat(3000) });
    const recentB = j.record({ ...base, atUtc: now - DAY, status: 400, requestBody: 'z'.repeat(3000) });
    const accepted = j.record({ ...base, atUtc: now - 50 * DAY, status: 201, requestBody: 'ok'.repeat(500) });
    const outbound = j.record({ ...base, direction: 'outbound', atUtc: now - 50 * DAY, status: 500, requestBody: null, responseBody: 'editor error' });
    const r = j.purgeRefusedBodies(now, now - 30 * DAY, 4000);
    expect(r.purged).toBe(2);
    expect(j.get(old)!.requestBody).toBeNull();
    expect(j.get(old)!.bodyPurgedUtc).toBe(now);
    expect(j.get(recentA)!.requestBody).toBeNull(); // over budget: the oldest of the recent ones goes
    expect(j.get(recentB)!.requestBody).toBe('z'.repeat(3000));
    expect(j.get(recentB)!.bodyPurgedUtc).toBeNull();
    expect(j.get(accepted)!.requestBody).toBe('ok'.repeat(500));
    expect(j.get(outbound)!.responseBody).toBe('editor error'); // an editor's answer is evidence, not a refused request
    expect(r.keptBytes).toBe(3000 + base.responseBody!.length);
  });

  it('purges in batches a large backlog without leaving any past the period', () => {
    const j = new JournalStore(db);
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < 2_500; i++) j.record({ ...base, atUtc: now - 60 * DAY + i, status: 400, requestBody: 'b'.repeat(100) });
    })();
    const r = j.purgeRefusedBodies(now, now - 30 * DAY, 1024 * 1024 * 1024, 500);
    expect(r.purged).toBe(2_500);
    expect((db.prepare('SELECT count(*) AS n FROM exchanges WHERE request_body IS NOT NULL').get() as { n: number }).n).toBe(0);
  });
});
