import { parisOffsetMinutes } from '../../shared/domain/paris-time';

/** "04/09/2022 15:00:07" in Europe/Paris, whatever the machine's zone: attempts seconds apart stay apart. */
export function parisDateTime(utcMs: number | null | undefined, withSeconds = true): string {
  if (utcMs === null || utcMs === undefined) return '';
  const iso = new Date(utcMs + parisOffsetMinutes(utcMs) * 60_000).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, withSeconds ? 19 : 16)}`;
}

/** Milliseconds as the journal shows them. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A file name part from a free text (an editor's name): letters, digits and dashes. */
export function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'editeur';
}
