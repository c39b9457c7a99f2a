import type { TFunction } from 'i18next';
import type { Failure, FailureCode } from '../../shared/api/failure';
import { failureText, retryMessage } from '../common/failure-text';

// The shared failure sentences (`failures.<code>`) speak of « l'éditeur »: the network and TLS failures of the
// Hub connection are worded here for the broker instead (`hub.failures.<code>`), and the AMQP ones with their
// detail. Any other code keeps its shared sentence.

/** The codes worded for the Hub, and the parameter each quotes (the `_bare` wording without it). */
export const HUB_WORDED: Partial<Record<FailureCode, string | null>> = {
  'net.timeout': 'timeoutMs',
  'net.aborted': null,
  'net.unreachable': 'detail',
  'net.reset-after-send': null,
  'net.server-certificate': 'detail',
  'net.client-certificate': 'detail',
  'net.client-certificate-expired': 'validTo',
  'net.tls': 'detail',
  'net.protocol': 'detail',
  'amqp.access-refused': 'detail',
  'amqp.not-found': 'name',
  'amqp.closed': 'detail',
  'hub.not-configured': null,
};

/** What went wrong with the Hub connection, then whether (and when) the console tries again. */
export function hubFailureText(t: TFunction, failure: Failure, nextAttemptUtc?: number | null): string {
  const quoted = HUB_WORDED[failure.code];
  if (quoted === undefined) return failureText(t, failure, nextAttemptUtc);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(failure.params ?? {})) params[k] = typeof v === 'string' ? v.trim() : v;
  if (typeof params.timeoutMs === 'number') params.timeoutS = Math.round(params.timeoutMs / 100) / 10;
  const bare = quoted !== null && (params[quoted] === undefined || params[quoted] === '');
  const message = t(`hub.failures.${failure.code}`, { ...params, ...(bare ? { context: 'bare' } : {}) });
  return `${message}${/[.!?…»)]$/.test(message) ? '' : '.'} ${retryMessage(t, failure, nextAttemptUtc)}`;
}
