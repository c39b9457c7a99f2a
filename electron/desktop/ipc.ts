// Electron transport of the console API: one ipcMain.handle per contract operation, each checking that
// the call comes from our own page (main frame, app:// origin) before its arguments are parsed.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { OPERATION_NAMES } from '../../shared/api/operations';
import { HOST_OPERATIONS, type HostOperationInput, type HostOperationName } from '../../shared/api/host-contract';
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

export type HostHandlers = { [N in HostOperationName]: (input: HostOperationInput<N>) => Promise<unknown> };

export function registerConsoleIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  host: Partial<HostHandlers> = {},
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
  for (const [name, fn] of Object.entries(host) as [HostOperationName, (input: unknown) => Promise<unknown>][]) {
    ipcMain.handle(name, async (event, input: unknown): Promise<IpcEnvelope> => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'Appel refusé : origine non autorisée.' } };
      // Host operations have their own schemas: arguments are checked like the console's.
      const parsed = HOST_OPERATIONS[name].safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: { code: 'invalid-input', message: 'Paramètres invalides pour cette opération.' } };
      try {
        return { ok: true, result: await fn(parsed.data) };
      } catch (e) {
        return { ok: false, error: { code: 'internal', message: (e as Error).message } };
      }
    });
    channels.push(name);
  }
  return channels;
}
