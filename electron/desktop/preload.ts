// Sandboxed preload: exposes one named function per console operation and the host bridge, nothing generic.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENTS_CHANNEL, type CoreEvent } from '../../shared/api/events';
import type { HostBridge } from '../../shared/api/host-contract';
import { OPERATION_NAMES } from '../../shared/api/operations';

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of OPERATION_NAMES) api[name] = (input: unknown) => ipcRenderer.invoke(name, input);

async function invokeHost(name: string, input: unknown): Promise<unknown> {
  const out = (await ipcRenderer.invoke(name, input)) as { ok: boolean; result?: unknown; error?: { message: string } };
  if (!out.ok) throw new Error(out.error?.message ?? name);
  return out.result;
}

const host = {
  saveExport: async (jobId: string) => {
    await invokeHost('exports.saveAs', { jobId });
  },
  saveText: async (fileName: string, text: string) => (await invokeHost('files.saveText', { fileName, text })) === true,
  onEvents: (listener: (event: CoreEvent) => void) => {
    const forward = (_e: IpcRendererEvent, event: CoreEvent) => listener(event);
    ipcRenderer.on(EVENTS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENTS_CHANNEL, forward);
    };
  },
} satisfies HostBridge;

contextBridge.exposeInMainWorld('sasConsole', { ...api, ...host });
