import { describe, expect, it } from 'vitest';
import { diffJson } from './json-diff';

describe('diffJson', () => {
  it('lists changed, added and removed elements with their paths, ignoring server metadata', () => {
    const before = { meta: { versionId: '1', lastUpdated: 'a', profile: ['p'] }, status: 'booked', participant: [{ actor: { value: '8' } }], comment: 'x' };
    const after = { meta: { versionId: '2', lastUpdated: 'b', profile: ['p'] }, status: 'cancelled', participant: [{ actor: { value: '9' } }], end: 'e' };
    expect(diffJson(before, after)).toEqual([
      { path: 'status', kind: 'changed', before: 'booked', after: 'cancelled' },
      { path: 'participant[0].actor.value', kind: 'changed', before: '8', after: '9' },
      { path: 'comment', kind: 'removed', before: 'x' },
      { path: 'end', kind: 'added', after: 'e' },
    ]);
  });
  it('finds nothing between equal documents', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
