import { describe, expect, it } from 'vitest';
import { UUID } from '../../../shared/domain/identifiers';
import { timeOrderedId } from './time-ordered-id';

describe('time-ordered ids', () => {
  it('are UUID v7 strings that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => timeOrderedId(1_700_000_000_000));
    for (const id of ids.slice(0, 10)) {
      expect(id).toMatch(UUID);
      expect(id[14]).toBe('7');
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(timeOrderedId(1_800_000_000_000) > ids[ids.length - 1]).toBe(true);
  });
});
