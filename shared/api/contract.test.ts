import { describe, expect, it } from 'vitest';
import { appointmentFilterSchema, contract, operationNames } from './contract';

describe('console API contract', () => {
  it('declares every operation with a schema', () => {
    expect(operationNames.length).toBeGreaterThan(10);
    for (const name of operationNames) expect(typeof contract[name].input.safeParse).toBe('function');
  });
  it('accepts a full appointments filter and rejects unknown keys and bad values', () => {
    expect(
      appointmentFilterSchema.safeParse({
        startFrom: '2026-01-01T00:00:00+01:00',
        startTo: '2026-01-31T23:59:59Z',
        status: ['booked', 'cancelled'],
        category: ['SOS'],
        editor: ['Agendia Santé'],
        text: '8100',
      }).success,
    ).toBe(true);
    expect(appointmentFilterSchema.safeParse({ foo: 1 }).success).toBe(false);
    expect(appointmentFilterSchema.safeParse({ status: ['reserved'] }).success).toBe(false);
    expect(appointmentFilterSchema.safeParse({ startFrom: '2026-01-01' }).success).toBe(false);
    expect(appointmentFilterSchema.safeParse({ category: ['MSP'] }).success).toBe(false);
  });
  it('bounds page sizes', () => {
    const list = contract['appointments.list'].input;
    const base = { filter: {}, sort: { field: 'start', dir: 'asc' }, offset: 0 };
    expect(list.safeParse({ ...base, limit: 100 }).success).toBe(true);
    expect(list.safeParse({ ...base, limit: 100000 }).success).toBe(false);
    expect(list.safeParse({ ...base, limit: 10, sort: { field: 'rowid; DROP TABLE x', dir: 'asc' } }).success).toBe(false);
  });
});

import { OPERATION_NAMES, OPERATIONS } from './operations';

describe('operation metadata (what the preload exposes, what each operation reads or changes)', () => {
  it('names exactly the operations of the contract', () => {
    expect([...OPERATION_NAMES].sort()).toEqual([...operationNames].sort());
  });
  it('gives every query the topics it reads, so pushed changes refresh it', () => {
    const untouched = OPERATION_NAMES.filter((n) => OPERATIONS[n].kind === 'query' && OPERATIONS[n].topics.length === 0);
    // Only operations whose answer depends on no stored state.
    expect(untouched.sort()).toEqual(['editors.vault', 'regulators.importPreview']);
  });
});
