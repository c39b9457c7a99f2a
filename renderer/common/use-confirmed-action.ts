import { useState } from 'react';

/**
 * An action confirmed in a dialog (retries, account actions): what was asked, while its dialog is open, then
 * the dialog's message once done, shown until dismissed or until the next request. `onDone` runs after it
 * succeeds (to clear a selection).
 */
export function useConfirmedAction<R>(onDone?: () => void) {
  const [request, setRequest] = useState<R | null>(null);
  const [result, setResult] = useState<string | null>(null);
  return {
    request,
    result,
    ask: (r: R) => {
      setResult(null);
      setRequest(r);
    },
    cancel: () => setRequest(null),
    done: (message: string) => {
      setRequest(null);
      setResult(message);
      onDone?.();
    },
    dismiss: () => setResult(null),
  };
}
