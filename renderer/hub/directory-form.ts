import type { TFunction } from 'i18next';
import {
  DIRECTORY_KINDS, type DirectoryEntry, type DirectoryEntryInput, directoryEntryInputSchema, type DirectoryField, type DirectoryFilter,
  type DirectoryKind, type DirectoryValueSource,
} from '../../shared/api/hub-api';
import { formatParis } from '../../shared/domain/instant';

// The directory's entry as its dialog edits it, and the directory tab's own URL parameters.

export type DirectoryForm = Record<'id' | DirectoryField, string> & { kind: DirectoryKind };

/** What a structure has: no first name, specialty or profession. */
export const FIELDS_OF: Record<DirectoryKind, readonly DirectoryField[]> = {
  practitioner: ['name', 'firstName', 'specialtyCode', 'professionCode', 'postalCode'],
  organization: ['name', 'postalCode'],
};

export function formFromEntry(entry: DirectoryEntry | null, seed?: { kind?: DirectoryKind; id?: string }): DirectoryForm {
  return {
    kind: entry?.kind ?? seed?.kind ?? 'practitioner',
    id: entry?.id ?? seed?.id ?? '',
    name: entry?.name ?? '',
    firstName: entry?.firstName ?? '',
    specialtyCode: entry?.specialtyCode ?? '',
    professionCode: entry?.professionCode ?? '',
    postalCode: entry?.postalCode ?? '',
  };
}

/** The entry to save (empty fields are none; codes in capitals), or the fields to correct. */
export function entryInput(form: DirectoryForm): { input: DirectoryEntryInput | null; errors: ('id' | DirectoryField)[] } {
  const own = new Set(FIELDS_OF[form.kind]);
  const value = (f: DirectoryField) => {
    const v = own.has(f) ? form[f].trim() : '';
    return v === '' ? null : f === 'specialtyCode' ? v.toUpperCase() : v;
  };
  const parsed = directoryEntryInputSchema.safeParse({
    kind: form.kind,
    id: form.id.replace(/\s/g, ''),
    name: value('name'),
    firstName: value('firstName'),
    specialtyCode: value('specialtyCode'),
    professionCode: value('professionCode'),
    postalCode: value('postalCode'),
  });
  if (parsed.success) return { input: parsed.data, errors: [] };
  const wrong = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  return { input: null, errors: (['id', 'name', 'firstName', 'specialtyCode', 'professionCode', 'postalCode'] as const).filter((f) => wrong.has(f)) };
}

/** Whether a national id suits the kind: 8+RPPS for a practitioner, 3+SIRET or 1+FINESS for a structure. */
export function idSuitsKind(kind: DirectoryKind, id: string): boolean {
  return kind === 'practitioner' ? id.startsWith('8') : id.startsWith('3') || id.startsWith('1');
}

/** Where a value came from, and when: « Réponse de créneaux de Agenda Santé, le 04/09/2026 15:00 ». */
export function sourceText(t: TFunction, s: DirectoryValueSource): string {
  return t(`hub.directory.sources.${s.source}`, { detail: s.detail ?? '', at: formatParis(s.atUtc), context: s.detail ? undefined : 'bare' });
}

export interface DirectoryLocation {
  filter: DirectoryFilter;
  page: number;
}

/** The directory tab's search, kind and page, from `?view=directory&q=…&kind=…&page=…`. */
export function directoryLocation(params: URLSearchParams): DirectoryLocation {
  const kind = params.get('kind');
  const text = params.get('q')?.trim().slice(0, 200);
  const filter: DirectoryFilter = {};
  if (kind && (DIRECTORY_KINDS as readonly string[]).includes(kind)) filter.kind = kind as DirectoryKind;
  if (text) filter.text = text;
  return { filter, page: Math.max(0, Math.floor(Number(params.get('page') ?? 0)) || 0) };
}

export function directoryParams({ filter, page }: DirectoryLocation): URLSearchParams {
  const p = new URLSearchParams({ view: 'directory' });
  if (filter.text) p.set('q', filter.text);
  if (filter.kind) p.set('kind', filter.kind);
  if (page > 0) p.set('page', String(page));
  return p;
}
