// Conversions between Europe/Paris wall-clock time (what operators type) and instants.

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });

// Paris changes offset only on whole UTC hours, so one lookup per hour is exact; Intl is slow on hot paths.
const offsetByHour = new Map<number, number>();

/** Europe/Paris offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function parisOffsetMinutes(utcMs: number): number {
  const hour = Math.floor(utcMs / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const tz = offsetFormat.formatToParts(new Date(hour * 3_600_000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(tz);
    offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The Europe/Paris calendar day (YYYY-MM-DD) of an instant, used to group statistics. */
export function parisDayOf(utcMs: number): string {
  return new Date(utcMs + parisOffsetMinutes(utcMs) * 60_000).toISOString().slice(0, 10);
}

function offsetText(min: number): string {
  const abs = Math.abs(min);
  return `${min >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2026-03-10T09:00" typed in Paris → "2026-03-10T09:00:00+01:00". Null when the text is not a local date-time. */
export function parisLocalToIso(local: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local);
  if (!m) return null;
  const asUtc = Date.parse(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`);
  if (Number.isNaN(asUtc)) return null;
  // The offset depends on the instant, which depends on the offset: two rounds settle it (DST edges included).
  let offset = parisOffsetMinutes(asUtc);
  offset = parisOffsetMinutes(asUtc - offset * 60_000);
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}${offsetText(offset)}`;
}

/** An instant as Paris wall-clock "YYYY-MM-DDTHH:mm", for datetime-local inputs. */
export function isoToParisLocal(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + parisOffsetMinutes(ms) * 60_000).toISOString().slice(0, 16);
}

/** An instant written in Paris time with its offset, as editors send them. */
export function parisInstant(utcMs: number): string {
  const offset = parisOffsetMinutes(utcMs);
  return `${new Date(utcMs + offset * 60_000).toISOString().slice(0, 19)}${offsetText(offset)}`;
}
