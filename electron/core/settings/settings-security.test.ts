// Security-relevant settings: confirmation, pinning by the command line, and the audit trail of who changed what.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { type Core, startCore } from '../core';

const cores: { core: Core; dir: string }[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) {
    await c.core.close();
    fs.rmSync(c.dir, { recursive: true, force: true });
  }
});

async function core(options: Partial<Parameters<typeof startCore>[0]> = {}): Promise<Core> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-settings-'));
  const c = await startCore({ dataDir: dir, host: 'headless', ...options });
  cores.push({ core: c, dir });
  return c;
}

describe('security-relevant settings', () => {
  it('allowing unregistered editors needs a confirmation, is audited with before/after, and shows in the status', async () => {
    const c = await core();
    const refused = await dispatch(c.handlers, 'settings.update', { gateway: { allowUnregisteredEditors: true } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.body.error.code).toBe('confirmation-required');
      expect(refused.body.error.details).toEqual({ changes: ['unregistered-editors-allowed'] });
    }
    expect(c.settings.get().gateway.allowUnregisteredEditors).toBe(false);

    const done = await dispatch(c.handlers, 'settings.update', { gateway: { allowUnregisteredEditors: true }, confirmSecurityChanges: true });
    expect(done.ok).toBe(true);
    expect(c.info().security).toContain('unregistered-editors-allowed');
    const audit = c.audit.list({ action: 'settings.update' }, 0, 10).rows;
    expect(audit.map((a) => a.outcome)).toEqual(['ok', 'refused']);
    expect(audit[0].security).toBe(true);
    expect(audit[0].actor).toBe(os.userInfo().username);
    expect((audit[0].before as { gateway: { allowUnregisteredEditors: boolean } }).gateway.allowUnregisteredEditors).toBe(false);
    expect((audit[0].after as { gateway: { allowUnregisteredEditors: boolean } }).gateway.allowUnregisteredEditors).toBe(true);
  });

  it('records the configured operator name rather than the OS user', async () => {
    const c = await core();
    await dispatch(c.handlers, 'settings.update', { operatorName: 'Camille Support N2' });
    await dispatch(c.handlers, 'settings.update', { language: 'en' });
    expect(c.audit.list({}, 0, 1).rows[0].actor).toBe('Camille Support N2');
  });

  it('switching a TLS gateway to plain HTTP is a security change', async () => {
    const c = await core();
    c.settings.update({ gateway: { enabled: false, tlsCertFile: '/a.crt', tlsKeyFile: '/a.key', clientCaFile: '/ca.crt' } });
    // enabled with TLS files that do not exist: the listener fails, the settings are what matter here
    const r = await dispatch(c.handlers, 'settings.update', { gateway: { enabled: true, tlsCertFile: null, tlsKeyFile: null, clientCaFile: null } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.body.error.details).toEqual({ changes: ['gateway-tls-off'] });
  });

  it('a host started with its listener on the command line keeps it: settings cannot turn mTLS off', async () => {
    const notices: string[] = [];
    const c = await core({
      pinnedGateway: { enabled: true, host: '127.0.0.1', port: 0, tlsCertFile: null, tlsKeyFile: null, clientCaFile: null },
      onSecurityNotice: (n) => notices.push(n),
    });
    expect(c.info().gateway.pinned).toBe(true);
    const r = await dispatch(c.handlers, 'settings.update', { gateway: { host: '0.0.0.0' }, confirmSecurityChanges: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.body.error.code).toBe('forbidden');
    expect(c.info().gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // what is not pinned still changes, and security notices reach the host
    const ok = await dispatch(c.handlers, 'settings.update', { gateway: { allowUnregisteredEditors: true }, confirmSecurityChanges: true });
    expect(ok.ok).toBe(true);
    expect(notices.join('\n')).toMatch(/non enregistré/);
    expect(c.audit.list({ securityOnly: true }, 0, 10).rows.map((a) => a.outcome)).toEqual(['ok', 'refused']);
  });

  it('editors added and removed are audited without secrets', async () => {
    const c = await core();
    const saved = await dispatch(c.handlers, 'editors.save', {
      name: 'Agenda Test', baseUrl: 'https://lga.example.fr/fhir', environment: 'recette', flows: ['ps'], accept: 'application/fhir+json',
      timeoutMs: 5000, enabled: true, identity: null, caPem: null, identifierSystems: ['urn:oid:1.2.3'],
    });
    expect(saved.ok).toBe(true);
    const id = (saved as { ok: true; result: { id: string } }).result.id;
    await dispatch(c.handlers, 'editors.remove', { id });
    const rows = c.audit.list({ action: 'editors.' }, 0, 10).rows;
    expect(rows.map((r) => r.action)).toEqual(['editors.remove', 'editors.create']);
    expect((rows[0].before as { identifierSystems: string[] }).identifierSystems).toEqual(['urn:oid:1.2.3']);
  });
});
