import { describe, expect, it } from 'vitest';
import { routeInput } from './route-form';

describe('routing rule form', () => {
  it('writes departments in capitals and drops an empty note', () => {
    expect(routeInput({ kind: 'department', match: ' 2a ', samu: ' fr.health.samu2a ', note: '  ' })).toEqual({
      input: { kind: 'department', match: '2A', samu: 'fr.health.samu2a', note: null },
      errors: [],
    });
  });

  it('keeps an editor name as appointments carry it, and the id of an edited rule', () => {
    expect(routeInput({ id: 4, kind: 'editor', match: ' Agenda Santé ', samu: 'fr.health.test.samu330', note: 'recette' }).input).toEqual({
      id: 4, kind: 'editor', match: 'Agenda Santé', samu: 'fr.health.test.samu330', note: 'recette',
    });
  });

  it('names the fields to correct', () => {
    expect(routeInput({ kind: 'department', match: '96', samu: 'samu33', note: '' }).errors).toEqual(['match', 'samu']);
    expect(routeInput({ kind: 'editor', match: '', samu: 'fr.health.samu330', note: 'x'.repeat(501) }).errors).toEqual(['match', 'note']);
  });
});
