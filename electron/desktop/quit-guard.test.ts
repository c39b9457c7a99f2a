import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdQuitUntilClosed } from './quit-guard';

/** Electron's app as far as quitting goes: quit() emits before-quit, and quits unless a listener prevented it. */
class FakeApp extends EventEmitter {
  quitted = 0;
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => void (prevented = true) });
    if (!prevented) this.quitted++;
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => void vi.useRealTimers());

describe('quit guard', () => {
  it('holds the quit until the core has closed, then quits once', async () => {
    const app = new FakeApp();
    const closing = deferred();
    const close = vi.fn(() => closing.promise);
    holdQuitUntilClosed(app, close);

    app.quit();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(0);

    app.quit(); // a second Cmd+Q or last window closing while the database closes
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(0);

    closing.resolve();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('quits anyway once the deadline passes, saying so', async () => {
    vi.useFakeTimers();
    const app = new FakeApp();
    const problems: string[] = [];
    holdQuitUntilClosed(app, () => new Promise<void>(() => {}), { deadlineMs: 10_000, onProblem: (m) => problems.push(m) });

    app.quit();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(app.quitted).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.quitted).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/interrompue après 10 s/)]);
  });

  it('quits when closing fails rather than staying open for good', async () => {
    const app = new FakeApp();
    const problems: string[] = [];
    holdQuitUntilClosed(app, () => Promise.reject(new Error('disque plein')), { onProblem: (m) => problems.push(m) });

    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(1));
    expect(problems).toEqual([expect.stringMatching(/disque plein/)]);
  });
});
