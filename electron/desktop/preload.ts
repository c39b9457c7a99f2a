// Sandboxed preload: exposes one named function per console operation, nothing generic.
import { contextBridge, ipcRenderer } from 'electron';
import { OPERATION_NAMES } from '../../shared/api/operations';

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of OPERATION_NAMES) api[name] = (input: unknown) => ipcRenderer.invoke(name, input);

contextBridge.exposeInMainWorld('sasConsole', {
  ...api,
  saveExport: async (jobId: string) => {
    const out = (await ipcRenderer.invoke('exports.saveAs', { jobId })) as { ok: boolean; error?: { message: string } };
    if (!out.ok) throw new Error(out.error?.message ?? 'export');
  },
});
