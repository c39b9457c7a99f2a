// Failures as data: the core says what went wrong with a code and its parameters, and whether trying again
// may help; the renderer words it (i18n `failures.<code>`), in the operator's language.

export const FAILURE_CODES = [
  /** No complete answer within the deadline (params: timeoutMs). The request may have been applied. */
  'net.timeout',
  'net.aborted',
  /** Connection refused, DNS, routing, or a reset before any byte was sent (params: detail). */
  'net.unreachable',
  /** The connection broke after the request was sent and before the answer: the outcome is unknown. */
  'net.reset-after-send',
  'net.server-certificate',
  'net.client-certificate',
  'net.client-certificate-expired',
  'net.tls',
  'net.too-large',
  'net.protocol',
  /** An HTTP answer outside 2xx (params: status, detail = the OperationOutcome's text when there is one). */
  'http.status',
  /** The editor already holds an account with this identifier (a duplicate create). */
  'editor.duplicate',
  /** The editor answered 2xx but not as the IG says (params: detail). */
  'editor.answer',
  /** The body the console would send breaks FrPractitionerRegul (params: rules): never sent. */
  'regulator.invalid',
  'regulator.unknown',
  'editor.unknown',
  /** The editor is disabled, or does not serve the flow any more. */
  'editor.disabled',
  /** The broker refused our login (SASL EXTERNAL: no user for the certificate's CN) or an action (params: detail). */
  'amqp.access-refused',
  /** A passive check found no such exchange or queue (params: name). */
  'amqp.not-found',
  /** The broker closed the connection or the channel (params: detail). */
  'amqp.closed',
  /** No Hub connection is configured, or it is switched off. */
  'hub.not-configured',
  /** The process stopped while the job ran (crash, kill, power loss). */
  'job.interrupted',
  'internal',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export interface Failure {
  code: FailureCode;
  params?: Record<string, string | number>;
  /** True when the same request may succeed later without anyone changing anything. */
  retryable: boolean;
}

export function failure(code: FailureCode, retryable: boolean, params?: Record<string, string | number>): Failure {
  return params ? { code, params, retryable } : { code, retryable };
}
