import { describe, expect, it } from 'vitest';
import { isEmptyFilter, locationFromParams, paramsFromLocation, toggleState } from './filter-url';

const editor = '3f1c0c64-8c0e-4f35-9d5e-0a5b0b8d2f11';

describe('regulators view in the URL', () => {
  it('round-trips the view, a full filter and the page', () => {
    const location = {
      view: 'matrix' as const,
      filter: { text: 'dupont', samu: 'fr.health.samu330', active: false, states: ['failing' as const, 'to-create' as const], editorId: editor },
      page: 3,
    };
    expect(locationFromParams(paramsFromLocation(location))).toEqual(location);
  });

  it('gives a plain URL for the plain page', () => {
    expect(paramsFromLocation({ view: 'registry', filter: {}, page: 0 }).toString()).toBe('');
    expect(locationFromParams(new URLSearchParams())).toEqual({ view: 'registry', filter: {}, page: 0 });
  });

  it('drops bad values and keeps the good ones', () => {
    const out = locationFromParams(new URLSearchParams('view=nope&samu=samu33&states=failing,bogus&editor=not-a-uuid&habilitation=oui&page=-2&q=%20martin%20'));
    expect(out).toEqual({ view: 'registry', filter: { text: 'martin', states: ['failing'], active: true }, page: 0 });
  });

  it('keeps the qualification run across filter changes', () => {
    const p = paramsFromLocation({ view: 'qualification', filter: {}, page: 0 }, new URLSearchParams(`run=${editor}&page=4`));
    expect(p.get('run')).toBe(editor);
    expect(p.get('page')).toBeNull();
  });

  it('toggles account states and knows an empty filter', () => {
    const once = toggleState({}, 'failing');
    expect(once).toEqual({ states: ['failing'] });
    expect(toggleState(once, 'failing')).toEqual({ states: undefined });
    expect(isEmptyFilter({ states: undefined })).toBe(true);
    expect(isEmptyFilter({ active: false })).toBe(false);
  });
});
