import type { TFunction } from 'i18next';

/** `tls:<code>:<reason>`, `not-owner`, `internal: …` → the operator's words for it. */
export function refusalLabel(t: TFunction, refusal: string | null): string {
  if (!refusal) return '';
  if (refusal.startsWith('tls:')) return t('refusals.tls', { code: refusal.split(':')[1] ?? '' });
  if (refusal.startsWith('internal')) return t('refusals.internal');
  return t(`refusals.${refusal}`, { defaultValue: refusal });
}
