import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formErrors, formOf, inputOf } from './regulator-form';

const t = ((key: string, o?: Record<string, unknown>) => (o && 'max' in o ? `${key}:${o.max}` : key)) as unknown as TFunction;

describe('regulator form', () => {
  it('sends empty optional fields as null and accepts a valid regulator', () => {
    const form = { ...formOf(null), familyName: 'Martin', givenName: 'Jeanne', email: 'jeanne.martin@samu.fr' };
    expect(inputOf(form, undefined)).toEqual({ nationalId: null, familyName: 'Martin', givenName: 'Jeanne', email: 'jeanne.martin@samu.fr', active: true, samu: null });
    expect(formErrors(t, form)).toEqual({});
  });

  it('names each bad field with its rule', () => {
    const form = { nationalId: 'x', familyName: ' ', givenName: 'J'.repeat(201), email: 'pas-un-email', samu: 'samu33', active: true };
    expect(formErrors(t, form)).toEqual({
      nationalId: 'regulators.form.errors.format.nationalId',
      familyName: 'regulators.form.errors.required',
      givenName: 'regulators.form.errors.tooLong:200',
      email: 'regulators.form.errors.format.email',
      samu: 'regulators.form.errors.format.samu',
    });
  });
});
