import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';

export type Db = Database.Database;

/**
 * Opens (or creates) the console's SQLite file. WAL lets the UI read while the gateway writes;
 * synchronous=NORMAL keeps every committed transaction across a process crash (only an OS crash or
 * power loss can drop the last commits), which is what ingest at thousands of writes a second needs.
 */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'console.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
