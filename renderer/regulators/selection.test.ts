import { describe, expect, it } from 'vitest';
import { NOTHING, toggle } from '../common/selection';
import { targetOf } from './selection';

describe('regulator selection', () => {
  it('acts on the ids chosen, or on the filter when none are', () => {
    const filter = { text: 'martin' };
    expect(targetOf(NOTHING, filter)).toEqual({ filter });
    const one = toggle(NOTHING, 'a');
    expect(targetOf(one, filter)).toEqual({ technicalIds: ['a'] });
    expect(targetOf(toggle(one, 'a'), filter)).toEqual({ filter });
    expect(targetOf({ kind: 'filter' }, filter)).toEqual({ filter });
  });
});
