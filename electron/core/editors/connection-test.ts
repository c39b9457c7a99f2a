import type { ConnectionTest } from '../../../shared/api/editor-types';
import { requestEditor } from './editor-client';
import type { EditorRecord, EditorStore } from './editor-store';

/** "Tester la connexion": TLS handshake and GET [base]/metadata, saying which side failed if one did. */
export async function testConnection(store: EditorStore, editor: EditorRecord): Promise<ConnectionTest> {
  const url = `${editor.baseUrl}/metadata`;
  const r = await requestEditor({ url, accept: editor.accept, identity: store.tlsIdentity(editor), timeoutMs: editor.timeoutMs });
  const secure = url.startsWith('https:');
  const clientAccepted = !secure ? null : r.error?.kind === 'client-certificate' ? false : r.status !== null ? true : null;
  let message: string;
  if (r.error) message = r.error.message;
  else if (r.status !== 200) message = `Le serveur répond ${r.status} à GET [base]/metadata : vérifiez l'URL de base FHIR.`;
  else {
    let capability = false;
    try {
      capability = JSON.parse(r.body ?? '').resourceType === 'CapabilityStatement';
    } catch {
      capability = false;
    }
    message = capability
      ? `Connexion réussie${secure ? ` (${r.tls?.protocol}, certificat client accepté)` : ' (sans TLS)'} en ${Math.round(r.timings.totalMs)} ms.`
      : "Le serveur répond mais GET [base]/metadata ne renvoie pas de CapabilityStatement : l'URL de base FHIR est-elle la bonne ?";
  }
  return {
    ok: !r.error && r.status === 200,
    url,
    tlsProtocol: r.tls?.protocol ?? null,
    serverTrusted: secure ? (r.error?.kind === 'server-certificate' ? false : (r.tls?.serverTrusted ?? null)) : null,
    serverSubject: r.tls?.serverSubject ?? null,
    serverIssuer: r.tls?.serverIssuer ?? null,
    clientCertificateAccepted: clientAccepted,
    httpStatus: r.status,
    latencyMs: r.timings.totalMs,
    timings: r.timings,
    message,
  };
}
