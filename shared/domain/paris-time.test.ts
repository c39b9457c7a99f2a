import { describe, expect, it } from 'vitest';
import { isoToParisLocal, parisInstant, parisLocalToIso } from './paris-time';
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
});
