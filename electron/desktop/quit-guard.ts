// Quitting waits for the core to close: the SQLite WAL is checkpointed and the checkpointer worker stopped,
// instead of the process being cut in the middle of either.

export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export const QUIT_DEADLINE_MS = 10_000;

/**
 * Holds the first quit until `close` settles, or until the deadline passes (a hung close must not keep a
 * console nobody can quit), then quits for real. Quit requests that arrive meanwhile wait for the same close.
 */
export function holdQuitUntilClosed(
  app: QuittingApp,
  close: () => Promise<void>,
  options: { deadlineMs?: number; onProblem?: (message: string) => void } = {},
): void {
  const deadlineMs = options.deadlineMs ?? QUIT_DEADLINE_MS;
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.onProblem?.(`Fermeture de la base de données interrompue après ${deadlineMs / 1000} s.`);
        resolve();
      }, deadlineMs);
    });
    const closed = close().catch((e: unknown) => options.onProblem?.(`Fermeture de la base de données en erreur : ${(e as Error).message}`));
    void Promise.race([closed, deadline]).then(() => {
      clearTimeout(timer);
      state = 'closed';
      app.quit();
    });
  });
}
