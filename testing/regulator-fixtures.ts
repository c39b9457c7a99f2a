import fs from 'node:fs';
import type { EditorInput } from '../shared/api/editor-types';
import type { Core } from '../electron/core/core';
import type { TestPki } from './pki';

/** An editor that receives regulator accounts (INT_R02) at `base`, reached with the test PKI's client identity. */
export function regulatorEditorInput(pki: TestPki, base: string, name: string, patch: Partial<EditorInput> = {}): EditorInput {
  return {
    name,
    baseUrl: base,
    environment: 'recette',
    flows: ['regulators'],
    accept: 'application/fhir+json',
    timeoutMs: 2_000,
    enabled: true,
    identity: { kind: 'pem', certPem: fs.readFileSync(pki.clientCert, 'utf8'), key: { file: pki.clientKey } },
    caPem: fs.readFileSync(pki.caCert, 'utf8'),
    ...patch,
  };
}

/**
 * Resolves when `check` holds, checking after each event the core pushes (no fixed sleep); rejects with the
 * last state seen after `timeoutMs`.
 */
export function until<T>(core: Core, check: () => T | null | undefined | false, timeoutMs = 20_000, explain?: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const attempt = () => {
      if (settled) return;
      const v = check();
      if (v) {
        settled = true;
        stop();
        clearTimeout(timer);
        resolve(v);
      }
    };
    const stop = core.events.subscribe(attempt);
    const timer = setTimeout(() => {
      settled = true;
      stop();
      reject(new Error(`condition not reached in ${timeoutMs} ms${explain ? `: ${explain()}` : ''}`));
    }, timeoutMs);
    attempt();
  });
}
