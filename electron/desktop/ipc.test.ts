import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../shared/api/operations';
import { startTestCore, type TestCore } from '../../testing/test-core';
import { isTrustedSender, registerConsoleIpc, type IpcEnvelope } from './ipc';

type Listener = (event: unknown, input: unknown) => Promise<IpcEnvelope>;

let t: TestCore;
const table = new Map<string, Listener>();
beforeAll(async () => {
  t = await startTestCore();
  registerConsoleIpc({ handle: (channel: string, fn: Listener) => void table.set(channel, fn) } as never, t.core.handlers, {
    'exports.saveAs': async () => 'saved',
    'files.saveText': async ({ fileName }) => fileName,
  });
});
afterAll(async () => t.stop());

const ours = { senderFrame: { url: 'app://console/index.html#/appointments', parent: null } };

describe('Electron IPC handler table', () => {
  it('registers one named channel per contract operation, and the glue extras', () => {
    expect([...table.keys()].sort()).toEqual([...OPERATION_NAMES, 'exports.saveAs', 'files.saveText'].sort());
  });

  it('serves calls from the app page through the same handlers as HTTP', async () => {
    const out = await table.get('appointments.count')!(ours, { filter: {} });
    expect(out).toEqual({ ok: true, result: 0 });
    expect(await table.get('exports.saveAs')!(ours, { jobId: '6b1f0c6e-3c2a-4d8e-9a51-0f6f2c9d1e20' })).toEqual({ ok: true, result: 'saved' });
    expect(await table.get('files.saveText')!(ours, { fileName: 'regulateurs.csv', text: 'x' })).toEqual({ ok: true, result: 'regulateurs.csv' });
  });

  it('checks host operations against their own schemas', async () => {
    expect(await table.get('exports.saveAs')!(ours, {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await table.get('files.saveText')!(ours, { fileName: '../../etc/passwd', text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('parses arguments with the contract schema', async () => {
    const out = await table.get('appointments.list')!(ours, { filter: {}, sort: { field: 'x', dir: 'asc' }, offset: 0, limit: 1 });
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses foreign origins, sub-frames and missing frames', async () => {
    for (const event of [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'app://console/index.html', parent: {} } },
      { senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { senderFrame: null },
    ]) {
      expect(isTrustedSender(event as never)).toBe(false);
      expect(await table.get('system.info')!(event, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(isTrustedSender(ours as never)).toBe(true);
  });
});
