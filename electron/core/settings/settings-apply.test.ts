import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, startCore } from '../core';

let core: Core;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-settings-'));
  core = await startCore({ dataDir, host: 'desktop' });
});
afterAll(async () => {
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('settings apply without restart', () => {
  it('keeps the gateway off by default on the desktop', () => {
    expect(core.info().gateway).toMatchObject({ listening: false, url: null });
  });

  it('starts, moves and stops the gateway as settings change', async () => {
    await core.handlers['settings.update']({ gateway: { enabled: true, port: 0 } });
    const first = core.info().gateway.url!;
    expect((await fetch(`${first}/metadata`)).status).toBe(200);
    await core.handlers['settings.update']({ gateway: { host: '127.0.0.1', port: 0, tlsCertFile: '/nonexistent.pem' } });
    expect(core.info().gateway).toMatchObject({ listening: false });
    expect(core.info().gateway.error).toMatch(/TLS incomplet/);
    await core.handlers['settings.update']({ gateway: { enabled: false, tlsCertFile: null } });
    expect(core.info().gateway.listening).toBe(false);
    await expect(fetch(`${first}/metadata`)).rejects.toThrow();
  });

  it('reports an IG package folder it cannot use, in French', async () => {
    await core.handlers['settings.update']({ igPackageDir: dataDir });
    expect(core.info().igPackage).toMatchObject({ loaded: false });
    expect(core.info().igPackage.error).toMatch(/Aucune StructureDefinition/);
    await core.handlers['settings.update']({ igPackageDir: null });
    expect(core.info().igPackage).toMatchObject({ loaded: false, error: null });
  });

  it('persists settings in the store', async () => {
    await core.handlers['settings.update']({ language: 'en' });
    expect(core.settings.get().language).toBe('en');
  });
});
