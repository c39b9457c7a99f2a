import type { OperationInput, OperationName, OperationResult } from '../../shared/api/contract';
import type { CoreEvent } from '../../shared/api/events';
import { TOPICS } from '../../shared/api/events';
import type { HostBridge } from '../../shared/api/host-contract';
import type { ExportJob } from '../../shared/api/types';

/** What the renderer knows of the core: one interface, two transports (Electron IPC or loopback HTTP). */
export interface ConsoleClient {
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationResult<N>>;
  /** Hands a finished export to the user (browser download, or the desktop's save dialog). */
  saveExport(job: ExportJob): Promise<void>;
  /** Hands a text file the page built (a CSV, a JSON report) to the user. */
  saveText(fileName: string, text: string, type: string): Promise<void>;
  /**
   * The core's event stream. After a reconnection (events may have been missed) the listener gets one event
   * naming every topic, so that everything shown is refreshed once.
   */
  subscribe(listener: (event: CoreEvent) => void): () => void;
}

/** Said after a gap in the stream: everything may have changed. */
function everything(seq: number): CoreEvent {
  return { seq, topics: [...TOPICS], refs: [] };
}

function download(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
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
    sasConsole?: DesktopBridge & Partial<HostBridge>;
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
    async saveText(fileName, text) {
      await bridge.saveText?.(fileName, text);
    },
    subscribe(listener) {
      let last = -1;
      return (
        bridge.onEvents?.((event) => {
          // A gap (a window that was busy, a core restarted) means some changes were not seen.
          listener(last >= 0 && event.seq !== last + 1 ? { ...event, topics: [...TOPICS] } : event);
          last = event.seq;
        }) ?? (() => undefined)
      );
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
      download(await res.blob(), job.fileName);
    },
    async saveText(fileName, text, type) {
      download(new Blob([text], { type }), fileName);
    },
    subscribe(listener) {
      return streamEvents(token, listener);
    },
  };
}

/**
 * Server-sent events read with fetch (so the token goes in a header), reconnecting with a growing delay; each
 * reconnection or gap in the sequence is told as "everything changed".
 */
function streamEvents(token: string, listener: (event: CoreEvent) => void): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let delay = 500;
  let last = -1;
  let connectedOnce = false;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch('./api/events', { headers: { 'x-console-token': token }, signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(String(res.status));
        if (connectedOnce) listener(everything(last + 1));
        connectedOnce = true;
        delay = 500;
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!data) continue;
            const parsed = JSON.parse(data) as CoreEvent | { seq: number };
            if (!('topics' in parsed)) {
              // hello: where the core's sequence stands now
              last = parsed.seq;
              continue;
            }
            listener(last >= 0 && parsed.seq !== last + 1 ? { ...parsed, topics: [...TOPICS] } : parsed);
            last = parsed.seq;
          }
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

export function createClient(): ConsoleClient {
  return window.sasConsole ? ipcClient(window.sasConsole) : httpClient();
}
