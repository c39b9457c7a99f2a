import type { OperationInput, OperationName, OperationResult } from '../shared/api/contract';
import type { CoreEvent } from '../shared/api/events';
import type { HeadlessProcess } from './headless-process';

export interface ConsoleApi {
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationResult<N>>;
  /**
   * Resolves when `check` holds, checked now and after each event the console pushes (server-sent events):
   * no fixed sleep, no polling.
   */
  until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs?: number): Promise<T>;
}

/** The console API of a headless host, as a script or the SAS platform would call it. */
export function consoleApi(host: Pick<HeadlessProcess, 'console' | 'token'>): ConsoleApi {
  const origin = new URL(host.console).origin;
  const call = async <N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationResult<N>> => {
    const res = await fetch(`${origin}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-console-token': host.token },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { result?: unknown; error?: { code: string; message: string } };
    if (!res.ok) throw Object.assign(new Error(body.error?.message ?? String(res.status)), { code: body.error?.code });
    return body.result as OperationResult<N>;
  };
  const until = async <T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetch(`${origin}/api/events`, { headers: { 'x-console-token': host.token }, signal: controller.signal });
      const reader = res.body!.getReader();
      const first = await check();
      if (first) return first;
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buffer += decoder.decode(value, { stream: true });
        if (!buffer.includes('\n\n')) continue;
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
        const v = await check();
        if (v) return v;
      }
    } catch (e) {
      if (controller.signal.aborted) throw new Error(`condition not reached in ${timeoutMs} ms`);
      throw e;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };
  return { call, until };
}

export type { CoreEvent };
