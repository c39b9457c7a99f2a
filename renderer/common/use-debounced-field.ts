import { useEffect, useState } from 'react';

/**
 * A text field bound to a filter value: typing waits for a pause before it becomes a query (and a URL
 * change), and a change from outside (back button, « Effacer ») shows in the field. Values `valid` refuses
 * stay in the field, marked, and are not applied.
 */
export function useDebouncedField(current: string | undefined, apply: (v: string | undefined) => void, valid: (v: string) => boolean = () => true) {
  const [text, setText] = useState(current ?? '');
  useEffect(() => setText(current ?? ''), [current]);
  useEffect(() => {
    const handle = setTimeout(() => {
      const v = text.trim();
      if ((current ?? '') !== v && (v === '' || valid(v))) apply(v || undefined);
    }, 300);
    return () => clearTimeout(handle);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps -- only typing schedules a change
  const invalid = text.trim() !== '' && !valid(text.trim());
  return { text, setText, invalid };
}
