import type { TFunction } from 'i18next';
import type { Failure, FailureCode } from '../../shared/api/failure';
import { formatParis } from '../../shared/domain/instant';

// Failures come from the core as data (code, params, retryable); they are worded here, in the operator's
// language, from the `failures.<code>` keys (`failures.net.timeout`, `failures.http.status`…).

/** The parameter a code's sentence quotes: when the core did not give it, the `_bare` wording is used. */
const QUOTED: Partial<Record<FailureCode, string>> = {
  'net.timeout': 'timeoutMs',
  'net.unreachable': 'detail',
  'net.server-certificate': 'detail',
  'net.client-certificate': 'detail',
  'net.client-certificate-expired': 'validTo',
  'net.tls': 'detail',
  'net.protocol': 'detail',
  'http.status': 'detail',
  'editor.duplicate': 'detail',
  'editor.answer': 'detail',
  'editor.disabled': 'editor',
  'regulator.invalid': 'rules',
  internal: 'detail',
};

/** What went wrong, as one sentence. */
export function failureMessage(t: TFunction, failure: Failure): string {
  const params: Record<string, string | number> = { ...(failure.params ?? {}) };
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') params[k] = v.trim();
  const quoted = QUOTED[failure.code];
  let context: string | undefined;
  if (failure.code === 'editor.duplicate' && params.detail === 'reconciliation') context = 'reconciliation';
  else if (failure.code === 'http.status' && params.status === undefined) context = 'nostatus';
  else if (quoted && (params[quoted] === undefined || params[quoted] === '')) context = 'bare';
  if (typeof params.timeoutMs === 'number') params.timeoutS = Math.round(params.timeoutMs / 100) / 10;
  return t(`failures.${failure.code}`, {
    ...params,
    ...(context ? { context } : {}),
    defaultValue: t('failures.unknownCode', { code: failure.code }),
  });
}

/** Whether the console will try again by itself, and when if known. */
export function retryMessage(t: TFunction, failure: Pick<Failure, 'retryable'>, nextAttemptUtc?: number | null): string {
  if (!failure.retryable) return t('failures.retry.no');
  return nextAttemptUtc ? t('failures.retry.at', { at: formatParis(nextAttemptUtc) }) : t('failures.retry.yes');
}

/** The cause, then whether (and when) it will be retried. */
export function failureText(t: TFunction, failure: Failure, nextAttemptUtc?: number | null): string {
  const message = failureMessage(t, failure);
  // The editor's own text may end without a full stop: the two sentences stay apart.
  return `${message}${/[.!?…»)]$/.test(message) ? '' : '.'} ${retryMessage(t, failure, nextAttemptUtc)}`;
}
