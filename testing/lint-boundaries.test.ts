import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function rulesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.ruleId}`);
}

describe('process boundaries are enforced by lint', () => {
  it('forbids Node and Electron in the renderer', async () => {
    expect(await rulesFor('renderer/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await rulesFor('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toContain('no-restricted-imports');
    expect(await rulesFor('renderer/x.ts', "import { startCore } from '../electron/core/core';\nexport const a = startCore;\n")).toContain('no-restricted-imports');
  });
  it('forbids Node and DOM in shared/', async () => {
    expect(await rulesFor('shared/x.ts', "import path from 'node:path';\nexport const a = path;\n")).toContain('no-restricted-imports');
    expect(await rulesFor('shared/x.ts', 'export const a = document.title;\n')).toContain('no-restricted-globals');
  });
  it('forbids Electron in the core but allows it in the desktop glue', async () => {
    expect(await rulesFor('electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await rulesFor('electron/desktop/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
