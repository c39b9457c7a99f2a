import type { EditorStore } from '../editors/editor-store';
import { DEMO_EDITORS } from './demo-generator';

/**
 * The demo's editors in the registry, each declaring the identifier system of its appointments, so that
 * demo data is attributed to them (Éditeur column and filter) rather than to "non identifié".
 * Returns editor name → id. Existing editors of the same name are kept, their system added if missing.
 */
export function registerDemoEditors(editors: EditorStore): Map<string, string> {
  const ids = new Map<string, string>();
  const existing = editors.list();
  for (const demo of DEMO_EDITORS) {
    const found = existing.find((e) => e.name === demo.name);
    if (found) {
      if (!found.identifierSystems.includes(demo.system)) {
        editors.save({
          ...editorInputOf(found),
          identifierSystems: [...found.identifierSystems, demo.system],
        });
      }
      ids.set(demo.name, found.id);
      continue;
    }
    const host = demo.name.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
    const saved = editors.save({
      name: demo.name,
      baseUrl: `https://${host}.demo.invalid/fhir`,
      environment: 'recette',
      flows: [],
      accept: 'application/fhir+json',
      timeoutMs: 10_000,
      enabled: false,
      identity: null,
      caPem: null,
      identifierSystems: [demo.system],
    });
    ids.set(demo.name, saved.id);
  }
  return ids;
}

function editorInputOf(e: ReturnType<EditorStore['list']>[number]) {
  return {
    id: e.id,
    name: e.name,
    baseUrl: e.baseUrl,
    environment: e.environment,
    flows: e.flows,
    accept: e.accept,
    timeoutMs: e.timeoutMs,
    enabled: e.enabled,
    // Keep the identity as it is: only the identifier systems change.
    identity: e.identity ? (e.identity.kind === 'pem' ? { kind: 'pem' as const, certPem: e.identity.certPem, key: { keep: true as const } } : { kind: 'pkcs12' as const, pfx: { keep: true as const }, passphrase: e.identity.passphrase ? { keep: true as const } : null }) : null,
    caPem: e.caPem,
  };
}
