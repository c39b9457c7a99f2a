import { describe, expect, it } from 'vitest';
import { isSelected, NOTHING, selectedCount, toggle, togglePage } from './selection';

describe('row selection', () => {
  it('checks a page and keeps what other pages chose', () => {
    const s = togglePage(toggle(NOTHING, 'x'), ['a', 'b'], true);
    expect(selectedCount(s, 99)).toBe(3);
    expect(selectedCount(togglePage(s, ['a', 'b'], false), 99)).toBe(1);
    expect(isSelected({ kind: 'filter' }, 'anything')).toBe(true);
    expect(selectedCount({ kind: 'filter' }, 99)).toBe(99);
    // While the whole filter is selected, rows are locked; unchecking the page clears it.
    expect(toggle({ kind: 'filter' }, 'a')).toEqual({ kind: 'filter' });
    expect(togglePage({ kind: 'filter' }, ['a'], false)).toEqual(NOTHING);
  });
});
