import { describe, expect, it } from 'vitest';
import { isSelected, NOTHING, selectedCount, targetOf, toggle, togglePage } from './selection';

describe('regulator selection', () => {
  it('acts on the ids chosen, or on the filter when none are', () => {
    const filter = { text: 'martin' };
    expect(targetOf(NOTHING, filter)).toEqual({ filter });
    const one = toggle(NOTHING, 'a');
    expect(targetOf(one, filter)).toEqual({ technicalIds: ['a'] });
    expect(targetOf(toggle(one, 'a'), filter)).toEqual({ filter });
    expect(targetOf({ kind: 'filter' }, filter)).toEqual({ filter });
  });

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
