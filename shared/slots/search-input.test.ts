import { describe, expect, it } from 'vitest';
import { parseSearchIds } from './search-input';

describe('search identifiers typed by an operator', () => {
  it('adds the national prefix where it is missing and keeps it where present', () => {
    const r = parseSearchIds('10012345678\n0123456789, 123456788', 'ps');
    expect(r.ids).toEqual(['810012345678', '0123456789', '0123456788']);
    expect(r.rejected).toEqual([]);
  });
  it('rejects malformed ids with the reason, and duplicates', () => {
    const r = parseSearchIds('8100123456 810012345678 10012345678', 'cpts');
    expect(r.ids).toEqual(['810012345678']);
    expect(r.rejected.map((x) => x.problem)).toEqual(['format', 'duplicate']);
    expect(r.rejected[0].reason).toContain('RPPS a 11 chiffres');
  });
  it('reads SIRET for SOS and caps the count at 10 (25 for PS)', () => {
    const many = Array.from({ length: 12 }, (_, i) => String(34173748400020 + i)).join(',');
    const r = parseSearchIds(many, 'sos');
    expect(r.ids).toHaveLength(10);
    expect(r.ids[0]).toBe('334173748400020');
    expect(r.rejected.filter((x) => x.problem === 'too-many')).toHaveLength(2);
    expect(parseSearchIds(Array.from({ length: 30 }, (_, i) => String(10012345600 + i)).join(' '), 'ps').ids).toHaveLength(25);
  });
  it('asks for at least one id', () => {
    expect(parseSearchIds('  ', 'ps').rejected[0].problem).toBe('none');
  });
});
