import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psAppointment } from '../../../testing/fixtures';
import { startTestCore, type TestCore } from '../../../testing/test-core';

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore();
  for (const a of [psAppointment(), psAppointment({ status: 'cancelled' }), psAppointment({ start: '2026-03-11T09:00:00+01:00', end: '2026-03-11T09:20:00+01:00' })]) {
    await fetch(`${t.fhir}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(a) });
  }
});
afterAll(async () => t.stop());

describe('exports', () => {
  it('writes a CSV with BOM, French headers, ; separators and one line per appointment of the filter', async () => {
    const job = await t.core.exports.runToCompletion('csv', { status: ['booked'] }, { field: 'start', dir: 'asc' });
    expect(job).toMatchObject({ state: 'done', rowsWritten: 2, rowsTotal: 2 });
    const text = fs.readFileSync(job.path, 'utf8');
    expect(text.startsWith('\uFEFFDébut (Europe/Paris);')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(';booked;PS;810012345678;');
    expect(lines[1]).toContain('10/03/2026 09:00');
  });

  it('writes NDJSON of the current FHIR resources', async () => {
    const job = await t.core.exports.runToCompletion('ndjson', {}, { field: 'lastReceived', dir: 'desc' });
    const lines = fs.readFileSync(job.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.every((r) => r.resourceType === 'Appointment' && r.meta.versionId === '1')).toBe(true);
  });
});
