import type { TFunction } from 'i18next';
import type { Regulator, RegulatorInput } from '../../shared/regulators/regulator-types';
import { regulatorInputSchema } from '../../shared/regulators/regulator-types';

/** The form as typed: text fields, optional ones empty when unknown. */
export interface RegulatorForm {
  nationalId: string;
  familyName: string;
  givenName: string;
  email: string;
  samu: string;
  active: boolean;
}
export type RegulatorField = keyof RegulatorForm;

export function formOf(r: Regulator | null): RegulatorForm {
  return {
    nationalId: r?.nationalId ?? '',
    familyName: r?.familyName ?? '',
    givenName: r?.givenName ?? '',
    email: r?.email ?? '',
    samu: r?.samu ?? '',
    active: r?.active ?? true,
  };
}

export function inputOf(form: RegulatorForm, technicalId: string | undefined): RegulatorInput {
  return {
    ...(technicalId ? { technicalId } : {}),
    nationalId: form.nationalId.trim() || null,
    familyName: form.familyName,
    givenName: form.givenName,
    email: form.email,
    active: form.active,
    samu: form.samu.trim() || null,
  };
}

/**
 * Checks the form with the contract's own schema (the rules the core applies) and words each problem in the
 * operator's language, next to its field. Empty when the form can be sent.
 */
export function formErrors(t: TFunction, form: RegulatorForm, technicalId?: string): Partial<Record<RegulatorField | 'technicalId', string>> {
  const parsed = regulatorInputSchema.safeParse(inputOf(form, technicalId));
  if (parsed.success) return {};
  const out: Partial<Record<RegulatorField | 'technicalId', string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '') as RegulatorField | 'technicalId';
    if (out[field]) continue;
    if (issue.code === 'too_small') out[field] = t('regulators.form.errors.required');
    else if (issue.code === 'too_big') out[field] = t('regulators.form.errors.tooLong', { max: Number(issue.maximum) });
    else if (issue.code === 'invalid_format') out[field] = t(`regulators.form.errors.format.${field}`, { defaultValue: issue.message });
    else out[field] = issue.message;
  }
  return out;
}
