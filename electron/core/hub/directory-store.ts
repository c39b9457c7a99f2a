// The practitioner and structure directory: what an RS-SAS-RDV message needs beyond the appointment (names,
// specialty, profession), with where each value came from and when.
import type { Db } from '../store/database';
import {
  DIRECTORY_FIELDS,
  type DirectoryEntry,
  type DirectoryEntryInput,
  type DirectoryField,
  type DirectoryFilter,
  type DirectoryKind,
  type DirectorySource,
  type DirectoryValueSource,
} from '../../../shared/api/hub-api';

interface Row {
  kind: DirectoryKind;
  id: string;
  name: string | null;
  first_name: string | null;
  specialty_code: string | null;
  profession_code: string | null;
  postal_code: string | null;
  sources: string;
  updated_utc: number;
}

function toEntry(r: Row): DirectoryEntry {
  return {
    kind: r.kind,
    id: r.id,
    name: r.name,
    firstName: r.first_name,
    specialtyCode: r.specialty_code,
    professionCode: r.profession_code,
    postalCode: r.postal_code,
    sources: JSON.parse(r.sources) as DirectoryEntry['sources'],
    updatedUtc: r.updated_utc,
  };
}

/** Values an operator set (by hand or by importing a file) are not overwritten by what editors' slot answers say. */
const DELIBERATE: readonly DirectorySource[] = ['operator', 'csv'];

export type DirectoryValues = Pick<DirectoryEntryInput, DirectoryField>;

export class DirectoryStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      get: db.prepare('SELECT * FROM directory WHERE kind = ? AND id = ?'),
      upsert: db.prepare(`INSERT INTO directory (kind, id, name, first_name, specialty_code, profession_code, postal_code, sources, updated_utc)
        VALUES (@kind, @id, @name, @firstName, @specialtyCode, @professionCode, @postalCode, @sources, @now)
        ON CONFLICT(kind, id) DO UPDATE SET name = excluded.name, first_name = excluded.first_name, specialty_code = excluded.specialty_code,
        profession_code = excluded.profession_code, postal_code = excluded.postal_code, sources = excluded.sources, updated_utc = excluded.updated_utc`),
    };
  }

  get(kind: DirectoryKind, id: string): DirectoryEntry | null {
    const r = this.s.get.get(kind, id) as Row | undefined;
    return r ? toEntry(r) : null;
  }

  private where(filter: DirectoryFilter): { clause: string; params: Record<string, string> } {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (filter.kind) {
      where.push('kind = @kind');
      params.kind = filter.kind;
    }
    if (filter.text) {
      where.push("(id LIKE @text ESCAPE '\\' OR name LIKE @text ESCAPE '\\' OR first_name LIKE @text ESCAPE '\\')");
      params.text = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  list(filter: DirectoryFilter, offset: number, limit: number): { rows: DirectoryEntry[]; total: number } {
    const w = this.where(filter);
    const rows = (this.db.prepare(`SELECT * FROM directory ${w.clause} ORDER BY kind DESC, name, first_name, id LIMIT @limit OFFSET @offset`)
      .all({ ...w.params, limit, offset }) as Row[]).map(toEntry);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM directory ${w.clause}`).get(w.params) as { n: number }).n;
    return { rows, total };
  }

  *iterate(filter: DirectoryFilter): Generator<DirectoryEntry> {
    const w = this.where(filter);
    for (const r of this.db.prepare(`SELECT * FROM directory ${w.clause} ORDER BY kind DESC, id`).iterate(w.params) as IterableIterator<Row>) yield toEntry(r);
  }

  /**
   * Writes the given values. `deliberate` writes (operator, CSV) set every field as given (null clears);
   * learnt values (slot answers) only fill empty fields or refresh values that were learnt too.
   * Returns whether anything changed, and whether the entry is new.
   */
  put(kind: DirectoryKind, id: string, values: Partial<DirectoryValues>, source: DirectoryValueSource): { changed: boolean; created: boolean } {
    const existing = this.get(kind, id);
    const next: Record<DirectoryField, string | null> = {
      name: existing?.name ?? null,
      firstName: existing?.firstName ?? null,
      specialtyCode: existing?.specialtyCode ?? null,
      professionCode: existing?.professionCode ?? null,
      postalCode: existing?.postalCode ?? null,
    };
    const sources = { ...(existing?.sources ?? {}) };
    const deliberate = DELIBERATE.includes(source.source);
    let changed = !existing;
    for (const field of DIRECTORY_FIELDS) {
      if (!(field in values)) continue;
      const value = values[field] ?? null;
      if (!deliberate) {
        if (value === null) continue;
        const held = sources[field];
        if (next[field] !== null && held && DELIBERATE.includes(held.source)) continue;
      }
      if (next[field] === value && (value === null || sources[field]?.source === source.source)) continue;
      next[field] = value;
      if (value === null) delete sources[field];
      else sources[field] = source;
      changed = true;
    }
    if (!changed) return { changed: false, created: false };
    this.s.upsert.run({ kind, id, ...next, sources: JSON.stringify(sources), now: source.atUtc });
    return { changed: true, created: !existing };
  }

  remove(kind: DirectoryKind, id: string): boolean {
    return this.db.prepare('DELETE FROM directory WHERE kind = ? AND id = ?').run(kind, id).changes > 0;
  }
}
