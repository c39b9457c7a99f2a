// Electron transport of the console API: one ipcMain.handle per contract operation, each checking that
// the call comes from our own page (main frame, app:// origin) before its arguments are parsed.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { OPERATION_NAMES } from '../../shared/api/operations';
import { dispatch } from '../core/api/dispatch';
import type { Handlers } from '../core/api/handlers';

export const APP_ORIGIN = 'app://console';

/** Compared by parts: URL.origin is "null" for custom schemes outside Electron's registry. */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'app:' && u.host === 'console';
  } catch {
    return false;
  }
}

export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Only the top frame of a page served from app://console may call the core. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export function registerConsoleIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  extra: Record<string, (input: unknown) => Promise<unknown>> = {},
): string[] {
  const channels: string[] = [];
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(name, async (event, input: unknown): Promise<IpcEnvelope> => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'Appel refusé : origine non autorisée.' } };
      const out = await dispatch(handlers, name, input);
      return out.ok ? { ok: true, result: out.result } : { ok: false, error: out.body.error };
    });
    channels.push(name);
  }
  for (const [name, fn] of Object.entries(extra)) {
    ipcMain.handle(name, async (event, input: unknown): Promise<IpcEnvelope> => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'Appel refusé : origine non autorisée.' } };
      try {
        return { ok: true, result: await fn(input) };
      } catch (e) {
        return { ok: false, error: { code: 'internal', message: (e as Error).message } };
      }
    });
    channels.push(name);
  }
  return channels;
}
