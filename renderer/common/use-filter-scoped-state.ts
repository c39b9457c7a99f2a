import { useState } from 'react';

/**
 * State that belongs to the filter it was set under (a selection of rows): under another filter it reads
 * `initial` again, and coming back does not bring the old value back.
 */
export function useFilterScopedState<T>(filter: unknown, initial: T): [T, (value: T) => void] {
  const key = JSON.stringify(filter);
  const [kept, setKept] = useState<{ key: string; value: T }>({ key, value: initial });
  return [kept.key === key ? kept.value : initial, (value: T) => setKept({ key, value })];
}
