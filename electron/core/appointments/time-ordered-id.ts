import { randomUUID } from 'node:crypto';

let last = 0;
let seq = 0;

/**
 * A UUID version 7 (RFC 9562): 48-bit millisecond time, then random bits, with a counter so ids made in
 * the same millisecond still sort in creation order. Indexes on such ids grow at their end.
 */
export function timeOrderedId(now = Date.now()): string {
  if (now <= last) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) last++;
    now = last;
  } else {
    last = now;
    seq = 0;
  }
  // randomUUID draws from a cached entropy pool: its variant and random tail are reused as they are.
  const random = randomUUID();
  const t = now.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${seq.toString(16).padStart(3, '0')}-${random.slice(19)}`;
}
