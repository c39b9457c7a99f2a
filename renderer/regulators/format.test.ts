import { describe, expect, it } from 'vitest';
import { duration, parisDateTime, slug } from './format';

describe('regulator page formats', () => {
  it('writes instants in Paris time, winter and summer', () => {
    expect(parisDateTime(Date.parse('2026-01-15T08:30:05Z'))).toBe('15/01/2026 09:30:05');
    expect(parisDateTime(Date.parse('2026-07-15T08:30:05Z'), false)).toBe('15/07/2026 10:30');
    expect(parisDateTime(null)).toBe('');
  });
  it('writes durations and file names', () => {
    expect(duration(12.4)).toBe('12 ms');
    expect(duration(2345)).toBe('2.35 s');
    expect(duration(null)).toBe('');
    expect(slug('Agenda Éditeur (recette)')).toBe('agenda-editeur-recette');
  });
});
