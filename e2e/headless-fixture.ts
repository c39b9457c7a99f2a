import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { type HeadlessProcess, startHeadless } from '../testing/headless-process';

/** Each test gets its own headless host: own data dir, own ports, so tests run in parallel safely. */
export const test = base.extend<{ host: HeadlessProcess }>({
  host: async ({}, use) => { // eslint-disable-line no-empty-pattern -- Playwright fixture signature
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-e2e-'));
    const host = await startHeadless(['--data-dir', dataDir]);
    await use(host);
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
