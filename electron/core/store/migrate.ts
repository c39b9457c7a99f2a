import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { type Migration, migrations as builtIn } from './migrations/index';

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Applies pending migrations, each in its own transaction with its record, so a failure leaves the
 * database at the previous version. Refuses to start on an edited migration or a newer database.
 */
export function migrate(db: Database.Database, list: readonly Migration[] = builtIn): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT version, name, checksum FROM schema_migrations').all() as AppliedRow[]).map((r) => [r.version, r]),
  );
  const known = new Set(list.map((m) => m.version));
  for (const row of applied.values()) {
    if (!known.has(row.version)) {
      throw new MigrationError(
        `La base de données a été mise à jour par une version plus récente de la console (migration ${row.version} « ${row.name} » inconnue). Installez la dernière version de la console.`,
      );
    }
  }
  const done: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    const sum = checksum(m.sql);
    const row = applied.get(m.version);
    if (row) {
      if (row.checksum !== sum) {
        throw new MigrationError(
          `La migration ${m.version} « ${m.name} » a été modifiée après avoir été appliquée à cette base (somme de contrôle ${row.checksum.slice(0, 12)}… attendue, ${sum.slice(0, 12)}… trouvée). Une migration livrée ne doit jamais être modifiée : restaurez son texte et ajoutez une nouvelle migration.`,
        );
      }
      continue;
    }
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(
        m.version,
        m.name,
        sum,
        new Date().toISOString(),
      );
    })();
    done.push(m.version);
  }
  return done;
}
