import { parisOffsetMinutes } from './paris-time';

// FHIR instants and dateTimes: keep the editor's original string, derive a UTC epoch for sorting.

/** FHIR R4 `instant`: full date, time and a time zone are mandatory. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** FHIR R4 `dateTime`: year, year-month, date, or date-time with a zone. */
const DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT.exec(value);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export function parseDateTime(value: unknown): number | null {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return null;
  const ms = Date.parse(value.length === 4 ? `${value}-01-01` : value);
  return Number.isNaN(ms) ? null : ms;
}

/** "04/09/2022 15:00" in Europe/Paris, whatever the machine's zone (built by hand: Intl is slow in exports). */
export function formatParis(utcMs: number | null | undefined): string {
  if (utcMs === null || utcMs === undefined) return '';
  const iso = new Date(utcMs + parisOffsetMinutes(utcMs) * 60_000).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
