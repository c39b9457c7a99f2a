// The directory as operators use it: edit one entry, import a CSV (preview, then all or nothing), export, and
// learn from editors' slot answers. Every write says where its values came from and when.
import type { Db } from '../store/database';
import type { DirectoryEntry, DirectoryEntryInput, DirectoryFilter, DirectoryImportPreview } from '../../../shared/api/hub-api';
import { directoryToCsv, parseDirectoryCsv } from '../../../shared/hub/directory-csv';
import { directoryFromSlotBundle } from '../../../shared/hub/directory-from-slots';
import { ApiError } from '../api/api-error';
import type { DirectoryStore } from './directory-store';

export class DirectoryService {
  constructor(
    private readonly db: Db,
    private readonly store: DirectoryStore,
    private readonly changed: () => void,
  ) {}

  save(input: DirectoryEntryInput, operator: string, now = Date.now()): DirectoryEntry {
    const { kind, id, ...values } = input;
    if ((kind === 'practitioner') !== id.startsWith('8')) {
      throw new ApiError('invalid-input', kind === 'practitioner'
        ? 'Un praticien est identifié par son RPPS préfixé de 8 (8 suivi de 11 chiffres).'
        : 'Une structure est identifiée par son SIRET préfixé de 3 ou son FINESS préfixé de 1.');
    }
    this.store.put(kind, id, values, { source: 'operator', detail: operator, atUtc: now });
    return this.store.get(kind, id)!;
  }

  importPreview(bytes: Uint8Array): DirectoryImportPreview {
    const parsed = parseDirectoryCsv(bytes);
    let creates = 0;
    for (const e of parsed.entries) if (!this.store.get(e.entry.kind, e.entry.id)) creates++;
    return { rows: parsed.rows, valid: parsed.entries.length, errors: parsed.errors.slice(0, 500), creates, updates: parsed.entries.length - creates };
  }

  /** All or nothing: a file with any invalid row changes nothing, and says which rows to fix. */
  import(bytes: Uint8Array, fileName: string | null, now = Date.now()): { created: number; updated: number } {
    const parsed = parseDirectoryCsv(bytes);
    if (parsed.errors.length > 0) {
      throw new ApiError('invalid-input', `Fichier refusé, rien n’a été importé : ${parsed.errors.length} ligne(s) à corriger (${parsed.errors.slice(0, 3).map((e) => `ligne ${e.line} : ${e.message}`).join(' ; ')}).`, { errors: parsed.errors.slice(0, 500) });
    }
    let created = 0;
    let updated = 0;
    this.db.transaction(() => {
      for (const { entry } of parsed.entries) {
        const { kind, id, ...values } = entry;
        const r = this.store.put(kind, id, values, { source: 'csv', detail: fileName, atUtc: now });
        if (r.created) created++;
        else if (r.changed) updated++;
      }
    }).immediate();
    if (created + updated > 0) this.changed();
    return { created, updated };
  }

  export(filter: DirectoryFilter): { fileName: string; csv: string } {
    const entries = [...this.store.iterate(filter)];
    return { fileName: `annuaire-${new Date().toISOString().slice(0, 10)}.csv`, csv: directoryToCsv(entries) };
  }

  /** What an editor's slot answer says of practitioners and structures: fills gaps, never overrides an operator. */
  learnFromSlots(bundle: unknown, editorName: string, now = Date.now()): number {
    const drafts = directoryFromSlotBundle(bundle);
    if (drafts.length === 0) return 0;
    let changed = 0;
    this.db.transaction(() => {
      for (const { kind, id, ...values } of drafts) {
        if (this.store.put(kind, id, values, { source: 'slots', detail: editorName, atUtc: now }).changed) changed++;
      }
    }).immediate();
    if (changed > 0) this.changed();
    return changed;
  }
}
