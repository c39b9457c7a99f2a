import { describe, expect, it } from 'vitest';
import {
  attentionHref, isEmptyFilter, locationFromParams, paramsFromLocation, toggleState, transmissionHref, transmissionsHref,
} from './filter-url';

describe('transmissions view in the URL', () => {
  it('round-trips the view, a full filter and the page', () => {
    const location = {
      view: 'transmissions' as const,
      filter: {
        states: ['failed' as const, 'unconfirmed' as const],
        samu: 'fr.health.samu330',
        errorCode: 500,
        errorClass: 'retry' as const,
        from: '2026-03-10T08:00:00+01:00',
        to: '2026-03-11T00:00:00+01:00',
        appointment: 'rdv-42',
        editor: 'Agenda Santé',
      },
      page: 2,
    };
    expect(locationFromParams(paramsFromLocation(location))).toEqual(location);
  });

  it('gives a plain URL for the plain page', () => {
    expect(paramsFromLocation({ view: 'transmissions', filter: {}, page: 0 }).toString()).toBe('');
    expect(locationFromParams(new URLSearchParams())).toEqual({ view: 'transmissions', filter: {}, page: 0 });
    expect(transmissionsHref()).toBe('/lrm');
  });

  it('drops bad values and keeps the good ones', () => {
    const out = locationFromParams(
      new URLSearchParams('view=nope&samu=samu33&states=failed,bogus,failed&code=5x&class=oops&from=hier&appointment=%20%20&editor=%20Doctolib%20&page=-1'),
    );
    expect(out).toEqual({ view: 'transmissions', filter: { states: ['failed'], editor: 'Doctolib' }, page: 0 });
  });

  it('keeps the other tabs', () => {
    expect(locationFromParams(new URLSearchParams('view=directory')).view).toBe('directory');
    expect(paramsFromLocation({ view: 'orphans', filter: {}, page: 0 }).toString()).toBe('view=orphans');
  });

  it('toggles states and knows an empty filter', () => {
    const once = toggleState({}, 'blocked');
    expect(once).toEqual({ states: ['blocked'] });
    expect(toggleState(once, 'blocked')).toEqual({ states: undefined });
    expect(isEmptyFilter({ states: undefined })).toBe(true);
    expect(isEmptyFilter({ errorCode: 0 })).toBe(false);
  });

  it('links the status bar to what needs attention, and a transmission to its page', () => {
    expect(attentionHref()).toBe('/lrm?attention=1');
    expect(locationFromParams(new URLSearchParams(attentionHref().split('?')[1])).filter).toEqual({ attention: true });
    expect(transmissionHref('a/b c')).toBe('/lrm/a%2Fb%20c');
  });
});
