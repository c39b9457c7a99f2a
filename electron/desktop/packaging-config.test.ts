import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

// Without these fuses, anyone able to start the installed binary (ELECTRON_RUN_AS_NODE, NODE_OPTIONS=--require,
// --inspect, a patched app.asar) runs code as the app and can ask safeStorage to open the sealed editor keys.
const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder packaging configuration', () => {
  it('flips every hardening fuse, each to the safe side', () => {
    expect(config.electronFuses).toMatchObject(REQUIRED_FUSES);
  });

  it('passes electron-builder\'s own schema check, so a misspelt fuse fails here rather than at packaging', async () => {
    // Resolved from electron-builder itself: the validator is the one `npm run package` will run.
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
    const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, log: unknown): Promise<void>;
    };
    const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { ...(config.electronFuses as object), runAsNod: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it('packs the app into an asar (the integrity fuses check it), the native SQLite driver outside it', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
  });

  it('packages an Electron major still given security fixes (45, current in November 2026), locked as installed', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    const installed = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version as string;
    expect(manifest.devDependencies.electron).toMatch(/^\^45\./);
    expect(lock.packages['node_modules/electron'].version).toBe(installed);
    expect(Number(installed.split('.')[0])).toBeGreaterThanOrEqual(45);
  });
});
