import { describe, expect, it } from 'vitest';
import { isoToParisLocal, parisDayOf, parisInstant, parisLocalToIso } from './paris-time';
import { formatParis } from './instant';

describe('Europe/Paris time', () => {
  it('turns typed wall-clock time into an instant with the right offset, winter and summer', () => {
    expect(parisLocalToIso('2026-01-15T09:30')).toBe('2026-01-15T09:30:00+01:00');
    expect(parisLocalToIso('2026-07-15T09:30')).toBe('2026-07-15T09:30:00+02:00');
    expect(parisLocalToIso('nope')).toBeNull();
  });
  it('round-trips and formats in Paris whatever the machine zone', () => {
    expect(isoToParisLocal('2026-07-15T07:30:00Z')).toBe('2026-07-15T09:30');
    expect(parisInstant(Date.parse('2026-01-15T08:30:00Z'))).toBe('2026-01-15T09:30:00+01:00');
    expect(formatParis(Date.parse('2022-09-04T14:00:00+01:00'))).toBe('04/09/2022 15:00');
  });

  it('gives the Paris calendar day, across midnight and DST changes', () => {
    expect(parisDayOf(Date.parse('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // 00:30 in Paris (winter)
    expect(parisDayOf(Date.parse('2026-07-14T21:59:00Z'))).toBe('2026-07-14'); // 23:59 in Paris (summer)
    expect(parisDayOf(Date.parse('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
    expect(parisDayOf(Date.parse('2026-10-25T00:30:00Z'))).toBe('2026-10-25'); // 02:30 CEST, just before the change
  });
});
