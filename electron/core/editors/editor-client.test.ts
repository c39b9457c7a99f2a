import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../testing/pki';
import { type EditorServer, startEditorServer } from '../../../testing/editor-server';
import { requestEditor, type TlsIdentity } from './editor-client';

let pki: TestPki;
let editor: EditorServer;
let trusted: TlsIdentity;

beforeAll(async () => {
  pki = createTestPki();
  editor = await startEditorServer(pki, { slowMs: 1500 });
  trusted = { certPem: fs.readFileSync(pki.clientCert, 'utf8'), keyPem: fs.readFileSync(pki.clientKey, 'utf8'), caPem: fs.readFileSync(pki.caCert, 'utf8') };
});
afterAll(async () => {
  await editor.close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

describe('editor client (HTTPS + mTLS)', () => {
  it('reaches a trusted editor with our client certificate, reporting TLS and timings', async () => {
    const r = await requestEditor({ url: `${editor.url('healthy')}/metadata`, accept: 'application/json+fhir', identity: trusted, timeoutMs: 5000 });
    expect(r.error).toBeNull();
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body!).resourceType).toBe('CapabilityStatement');
    expect(r.tls).toMatchObject({ serverTrusted: true, protocol: expect.stringMatching(/^TLSv1\.[23]$/) });
    expect(r.tls!.serverSubject).toContain('CN=127.0.0.1');
    const t = r.timings;
    expect(t.connectMs).not.toBeNull();
    expect(t.tlsMs!).toBeGreaterThanOrEqual(t.connectMs!);
    expect(t.firstByteMs!).toBeGreaterThanOrEqual(t.tlsMs!);
    expect(t.totalMs).toBeGreaterThanOrEqual(t.firstByteMs!);
    expect(editor.received.at(-1)).toMatchObject({ accept: 'application/json+fhir', clientSubject: 'lga.editeur-test.fr' });
  });

  it('refuses an editor whose server certificate is not from a trusted CA', async () => {
    const rogueCa = fs.readFileSync(`${pki.dir}/rogue-ca.crt`, 'utf8');
    const r = await requestEditor({ url: `${editor.url('healthy')}/metadata`, accept: 'application/fhir+json', identity: { ...trusted, caPem: rogueCa }, timeoutMs: 5000 });
    expect(r.error?.kind).toBe('server-certificate');
    expect(r.error?.message).toMatch(/Certificat du serveur de l'éditeur non reconnu/);
  });

  it('says when the editor refuses our client certificate (untrusted CA, or none)', async () => {
    const untrusted = { ...trusted, certPem: fs.readFileSync(pki.untrustedClientCert, 'utf8'), keyPem: fs.readFileSync(pki.untrustedClientKey, 'utf8') };
    for (const identity of [untrusted, { caPem: trusted.caPem }]) {
      const r = await requestEditor({ url: `${editor.url('healthy')}/metadata`, accept: 'application/fhir+json', identity, timeoutMs: 5000 });
      expect(r.error?.kind, JSON.stringify(r.error)).toBe('client-certificate');
      expect(r.error?.message).toMatch(/refusé notre certificat client/);
    }
  });

  it('gives up at its deadline and can be cancelled', async () => {
    const slow = await requestEditor({ url: `${editor.url('slow')}/metadata`.replace('/metadata', '/Slot?status=free'), accept: 'application/fhir+json', identity: trusted, timeoutMs: 300 });
    expect(slow.error?.kind).toBe('timeout');
    expect(slow.timings.totalMs).toBeLessThan(1400);
    const controller = new AbortController();
    const pending = requestEditor({ url: `${editor.url('slow')}/Slot?status=free`, accept: 'application/fhir+json', identity: trusted, timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    expect((await pending).error?.kind).toBe('aborted');
  });

  it('reports an unreachable editor', async () => {
    const r = await requestEditor({ url: 'https://127.0.0.1:1/fhir/metadata', accept: 'application/fhir+json', identity: trusted, timeoutMs: 2000 });
    expect(r.error?.kind).toBe('unreachable');
  });

  it('keeps non-2xx answers and their bodies', async () => {
    const r = await requestEditor({ url: `${editor.url('error500')}/Slot?status=free`, accept: 'application/fhir+json', identity: trusted, timeoutMs: 5000 });
    expect(r.status).toBe(500);
    expect(r.error).toBeNull();
    expect(JSON.parse(r.body!).resourceType).toBe('OperationOutcome');
  });
});
