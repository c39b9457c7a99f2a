import { describe, expect, it } from 'vitest';
import { HUB_ERROR_CLASSES } from '../api/hub-api';
import { classifyHubError, HUB_ERROR_CODES, hubErrorDiagnostic } from './hub-errors';

describe('classifyHubError', () => {
  it.each([
    [100, 'fix-message'],
    [101, 'fix-message'],
    [102, 'fix-message'],
    [200, 'fix-message'],
    [300, 'fix-message'],
    [301, 'fix-message'],
    [400, 'retry'],
    [500, 'retry'],
    [501, 'routing'],
    [600, 'hub'],
    [700, 'refused'],
    [702, 'refused'],
    [703, 'refused'],
    [704, 'refused'],
    [404, 'refused'],
    [999, 'refused'],
    [0, 'refused'],
  ] as const)('%i → %s whatever the method', (code, expected) => {
    for (const method of ['CreateAppointment', 'UpdateAppointment', null] as const) expect(classifyHubError(code, method)).toBe(expected);
  });

  it('counts "already exists" as delivered for a create only', () => {
    for (const code of [409, 701]) {
      expect(classifyHubError(code, 'CreateAppointment')).toBe('already-there');
      expect(classifyHubError(code, 'UpdateAppointment')).toBe('refused');
      expect(classifyHubError(code, null)).toBe('refused');
    }
  });

  it('only answers classes the console API knows', () => {
    for (const code of [...Object.keys(HUB_ERROR_CODES).map(Number), 409, 12345]) {
      expect(HUB_ERROR_CLASSES).toContain(classifyHubError(code, 'CreateAppointment'));
    }
  });
});

describe('HUB_ERROR_CODES', () => {
  it('is the Hub table, with the string the Hub sends for 500', () => {
    expect(Object.keys(HUB_ERROR_CODES).map(Number)).toEqual([100, 101, 102, 200, 300, 301, 400, 500, 501, 600, 700, 701, 702, 703, 704]);
    expect(HUB_ERROR_CODES[300]).toBe('INVALID_MESSAGE');
    expect(HUB_ERROR_CODES[500]).toBe('DEAD_LETTER_QUEUED');
    expect(HUB_ERROR_CODES[701]).toBe('CASE_ALREADY_EXISTS');
    expect(HUB_ERROR_CODES[409]).toBeUndefined();
  });
});

describe('hubErrorDiagnostic', () => {
  it('words a schema error with its cause, as an error to fix', () => {
    const d = hubErrorDiagnostic({ code: 300, statusString: 'INVALID_MESSAGE', cause: 'appointment.orientationCategory: does not have a value in the enumeration' }, 'CreateAppointment');
    expect(d).toMatchObject({ family: 'hub-error', ruleId: 'HUB-ERR-300', severity: 'error', params: { code: 300, class: 'fix-message' } });
    expect(d.diagnostics).toMatch(/^Erreur 300 \(INVALID_MESSAGE\) : le message ne respecte pas le schéma/);
    expect(d.diagnostics).toContain('orientationCategory');
  });

  it('tells a duplicate create apart from a refusal', () => {
    const create = hubErrorDiagnostic({ code: 409, statusString: 'CONFLICT', cause: 'existe déjà' }, 'CreateAppointment');
    expect(create).toMatchObject({ ruleId: 'HUB-ERR-409', severity: 'information', params: { class: 'already-there' } });
    expect(create.diagnostics).toContain('compté comme transmis');
    const update = hubErrorDiagnostic({ code: 409, statusString: 'CONFLICT', cause: '' }, 'UpdateAppointment');
    expect(update).toMatchObject({ severity: 'error', params: { class: 'refused' } });
    expect(update.diagnostics).not.toContain('Cause transmise');
  });

  it('words codes it does not know, and falls back to the Hub name when the string is empty', () => {
    expect(hubErrorDiagnostic({ code: 418, statusString: 'TEAPOT', cause: 'x' }, null).diagnostics).toMatch(/^Erreur 418 \(TEAPOT\) : refus du destinataire/);
    expect(hubErrorDiagnostic({ code: 500, statusString: '', cause: '' }, null).diagnostics).toMatch(/^Erreur 500 \(DEAD_LETTER_QUEUED\) : le LRM n'a pas pris/);
  });

  it('has a distinct explanation for every Hub code', () => {
    const texts = Object.keys(HUB_ERROR_CODES).map((c) => hubErrorDiagnostic({ code: Number(c), statusString: '', cause: '' }, 'UpdateAppointment').diagnostics.replace(/^Erreur \d+ \([A-Z_]+\) : /, ''));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('keeps a long cause short', () => {
    const d = hubErrorDiagnostic({ code: 300, statusString: 'INVALID_MESSAGE', cause: 'x'.repeat(5_000) }, null);
    expect(d.diagnostics.length).toBeLessThan(1_000);
  });
});
