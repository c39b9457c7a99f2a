import type { OperationInput, OperationName, OperationResult } from '../../shared/api/contract';
import type { ExportJob } from '../../shared/api/types';

/** What the renderer knows of the core: one interface, two transports (Electron IPC or loopback HTTP). */
export interface ConsoleClient {
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationResult<N>>;
  /** Hands a finished export to the user (browser download, or the desktop's save dialog). */
  saveExport(job: ExportJob): Promise<void>;
}

/** An error from the core, with a French message meant for the operator. */
export class ConsoleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface DesktopBridge {
  [op: string]: ((input: unknown) => Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } }>) | undefined;
}

declare global {
  interface Window {
    sasConsole?: DesktopBridge & { saveExport?: (jobId: string) => Promise<void> };
  }
}

export function ipcClient(bridge: NonNullable<Window['sasConsole']>): ConsoleClient {
  return {
    async call(name, input) {
      const fn = bridge[name];
      if (!fn) throw new ConsoleError('not-found', `Opération indisponible : ${name}`);
      const out = await fn(input);
      if (!out.ok) throw new ConsoleError(out.error.code, out.error.message, out.error.details);
      return out.result as never;
    },
    async saveExport(job) {
      await bridge.saveExport?.(job.id);
    },
  };
}

const TOKEN_KEY = 'sas-console-token';

export function httpClient(): ConsoleClient {
  // The headless host prints a URL carrying ?token=…; keep it for this tab and take it out of the address bar.
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return {
    async call(name, input) {
      let res: Response;
      try {
        res = await fetch(`./api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-console-token': token },
          body: JSON.stringify(input),
        });
      } catch {
        throw new ConsoleError('unavailable', 'La console ne répond pas : vérifiez que le processus headless tourne toujours.');
      }
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new ConsoleError(body?.error?.code ?? 'internal', body?.error?.message ?? `Erreur HTTP ${res.status}`, body?.error?.details);
      return body.result;
    },
    async saveExport(job) {
      const res = await fetch(`./api/exports/${job.id}/file`, { headers: { 'x-console-token': token } });
      if (!res.ok) throw new ConsoleError('not-found', 'Export introuvable : relancez-le.');
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = job.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    },
  };
}

export function createClient(): ConsoleClient {
  return window.sasConsole ? ipcClient(window.sasConsole) : httpClient();
}
