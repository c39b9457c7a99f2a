import { describe, expect, it } from 'vitest';
import { filterFromParams, paramsFromFilter } from './filter-url';

describe('appointment filter in the URL', () => {
  it('round-trips a full filter and sort', () => {
    const filter = { startFrom: '2026-03-01T00:00:00+01:00', status: ['booked' as const, 'cancelled' as const], category: ['SOS' as const], editor: ['A, B'.replace(',', '')], text: '8101' };
    const sort = { field: 'start' as const, dir: 'asc' as const };
    expect(filterFromParams(paramsFromFilter(filter, sort))).toEqual({ filter, sort });
  });
  it('drops bad values but keeps the good ones, and defaults the sort', () => {
    const out = filterFromParams(new URLSearchParams('status=booked,bogus&category=PS&sort=nope'));
    expect(out).toEqual({ filter: { category: ['PS'] }, sort: { field: 'lastReceived', dir: 'desc' } });
  });

  it('opens a period of appointments in chronological order unless a sort was chosen', () => {
    expect(filterFromParams(new URLSearchParams('from=2026-03-01T00:00:00%2B01:00')).sort).toEqual({ field: 'start', dir: 'asc' });
    expect(filterFromParams(new URLSearchParams('from=2026-03-01T00:00:00%2B01:00&sort=editor&dir=asc')).sort).toEqual({ field: 'editor', dir: 'asc' });
    expect(paramsFromFilter({ startFrom: '2026-03-01T00:00:00+01:00' }, { field: 'start', dir: 'asc' }).has('sort')).toBe(false);
  });
});
