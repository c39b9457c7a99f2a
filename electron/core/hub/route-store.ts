// Routing overrides (per editor, per department) as the operator set them.
import type { Db } from '../store/database';
import type { RouteInput, RouteKind, RouteRule } from '../../../shared/api/hub-api';
import { ApiError } from '../api/api-error';

interface Row {
  id: number;
  kind: RouteKind;
  match: string;
  samu: string;
  note: string | null;
  updated_utc: number;
}

const toRule = (r: Row): RouteRule => ({ id: r.id, kind: r.kind, match: r.match, samu: r.samu, note: r.note, updatedUtc: r.updated_utc });

export class RouteStore {
  /** Read for every message published: kept in memory, reloaded on change. */
  private rules: RouteRule[] | null = null;

  constructor(private readonly db: Db) {}

  list(): RouteRule[] {
    this.rules ??= (this.db.prepare('SELECT * FROM hub_routes ORDER BY kind, match').all() as Row[]).map(toRule);
    return this.rules;
  }

  find(kind: RouteKind, match: string): RouteRule | null {
    const key = kind === 'department' ? match.toUpperCase() : match.toLocaleLowerCase('fr');
    return this.list().find((r) => r.kind === kind && (kind === 'department' ? r.match : r.match.toLocaleLowerCase('fr')) === key) ?? null;
  }

  save(input: RouteInput, now = Date.now()): RouteRule {
    const match = input.kind === 'department' ? input.match.toUpperCase() : input.match;
    const clash = this.find(input.kind, match);
    if (clash && clash.id !== input.id) {
      throw new ApiError('conflict', `Une règle existe déjà pour ${input.kind === 'editor' ? 'l’éditeur' : 'le département'} « ${match} » (vers ${clash.samu}) : modifiez-la.`);
    }
    let id = input.id;
    if (id) {
      const r = this.db.prepare('UPDATE hub_routes SET kind = ?, match = ?, samu = ?, note = ?, updated_utc = ? WHERE id = ?')
        .run(input.kind, match, input.samu, input.note, now, id);
      if (r.changes === 0) throw new ApiError('not-found', 'Règle de routage introuvable : elle a peut-être été supprimée.');
    } else {
      id = Number(this.db.prepare('INSERT INTO hub_routes (kind, match, samu, note, updated_utc) VALUES (?, ?, ?, ?, ?)')
        .run(input.kind, match, input.samu, input.note, now).lastInsertRowid);
    }
    this.rules = null;
    return this.list().find((r) => r.id === id)!;
  }

  remove(id: number): boolean {
    const r = this.db.prepare('DELETE FROM hub_routes WHERE id = ?').run(id);
    this.rules = null;
    return r.changes > 0;
  }
}
