import { describe, expect, it } from 'vitest';
import { directoryLocation, directoryParams, entryInput, formFromEntry, idSuitsKind } from './directory-form';

describe('directory entry form', () => {
  it('sends a practitioner with its codes, empty fields as none', () => {
    const form = { ...formFromEntry(null), id: '8 10001234567', name: 'Martin', firstName: 'Jeanne', specialtyCode: 'sm54', professionCode: '10' };
    expect(entryInput(form)).toEqual({
      input: { kind: 'practitioner', id: '810001234567', name: 'Martin', firstName: 'Jeanne', specialtyCode: 'SM54', professionCode: '10', postalCode: null },
      errors: [],
    });
  });

  it('keeps only what a structure has', () => {
    const form = { ...formFromEntry(null, { kind: 'organization', id: '312345678901234' }), name: 'CPTS Bordeaux', firstName: 'ignoré', postalCode: '33000' };
    expect(entryInput(form).input).toEqual({
      kind: 'organization', id: '312345678901234', name: 'CPTS Bordeaux', firstName: null, specialtyCode: null, professionCode: null, postalCode: '33000',
    });
  });

  it('names the fields to correct', () => {
    const form = { ...formFromEntry(null), id: '10001234567', specialtyCode: 'SM-54', postalCode: '3300' };
    expect(entryInput(form).errors).toEqual(['id', 'specialtyCode', 'postalCode']);
    expect(idSuitsKind('practitioner', '810001234567')).toBe(true);
    expect(idSuitsKind('practitioner', '1330000001')).toBe(false);
    expect(idSuitsKind('organization', '1330000001')).toBe(true);
  });

  it('keeps the search, kind and page in the URL', () => {
    const location = { filter: { text: 'martin', kind: 'practitioner' as const }, page: 2 };
    expect(directoryParams(location).toString()).toBe('view=directory&q=martin&kind=practitioner&page=2');
    expect(directoryLocation(directoryParams(location))).toEqual(location);
    expect(directoryLocation(new URLSearchParams('view=directory&kind=dentist&q=%20%20&page=x'))).toEqual({ filter: {}, page: 0 });
  });
});
