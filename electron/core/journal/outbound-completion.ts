import type { EditorResponse } from '../editors/editor-client';
import type { ClientCertificateUsed } from '../editors/fhir-client';
import { journalHeaders } from './header-masking';
import type { ExchangeCompletion } from './journal-store';

/**
 * What the journal keeps of an editor's answer to an outbound attempt: an answer with a status is ok or failed;
 * no answer after the request left is an unknown outcome (the editor may have applied it); no answer before it
 * left is a failure. The client certificate presented goes with the TLS details.
 */
export function outboundCompletion(response: EditorResponse, clientCertificate: ClientCertificateUsed | null): ExchangeCompletion {
  const answered = response.status !== null;
  return {
    status: response.status,
    durationMs: response.timings.totalMs,
    responseHeaders: journalHeaders(response.headers),
    responseBody: response.body ?? null,
    outcome: answered ? (response.status! < 400 ? 'ok' : 'failed') : response.requestSent ? 'unknown' : 'failed',
    failure: response.failure,
    timings: response.timings,
    tls: { ...(response.tls ?? {}), clientCertificate, reusedConnection: response.reusedConnection },
  };
}
