import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'tls', 'crypto', 'child_process', 'url', 'stream', 'worker_threads', 'better-sqlite3'];

// Process boundaries (product brief §4): the renderer never reaches Node or Electron; shared/ is pure;
// the core under electron/ never imports Electron (only electron/desktop/ does).
export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, 'electron'], message: 'The renderer runs sandboxed: no Node, no Electron. Go through the console client.' },
          { group: ['**/electron/**'], message: 'The renderer talks to the core only through the console API contract (shared/api).' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, 'electron', 'react', 'react-dom', '@mui/*'], message: 'shared/ is used by both sides: neither Node nor DOM.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing of the hosts.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/desktop/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'The core must run without Electron: only electron/desktop/ may import it.' },
          { group: ['**/renderer/**'], message: 'The core never imports the renderer.' },
        ],
      }],
    },
  },
);
