// A log package: one SQLite file of the console's own schema holding a subset of a live store (the appointments a
// filter selects, with their versions, the exchanges that concern them, their LRM transmissions, the regulators,
// directory entries and routes they involve, and the audit trail of the period), plus a manifest and a content
// hash per table, so that review mode can say whether the file changed since it was exported.
// The copy runs inside SQLite (INSERT … SELECT from the attached store): a million appointments are not carried
// through JavaScript one by one.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AppointmentFilter } from '../../../shared/api/contract';
import { buildWhere } from '../appointments/appointment-store';
import { migrate } from '../store/migrate';

export const PACKAGE_FORMAT = 'sas-console-log-package/1';

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  productVersion: string;
  schemaVersion: number;
  exportedBy: string;
  exportedAtUtc: number;
  /** `<host>@<machine>` of the console that exported it. */
  console: string;
  filter: AppointmentFilter;
  /** Audit entries of [from, to) are included. */
  period: { fromUtc: number | null; toUtc: number | null };
  counts: Record<string, number>;
  /** sha256 of each table's rows in key order. */
  hashes: Record<string, string>;
  pseudonymised: false;
}

/** What review mode says of a package's integrity. */
export interface PackageIntegrity {
  verdict: 'intact' | 'altered' | 'no-manifest';
  /** Tables whose content no longer matches the manifest. */
  altered: string[];
}

/** Each table of a package with the order its hash reads it in (a key, so that the hash does not depend on the file's layout). */
const TABLE_ORDER: Record<string, string> = {
  appointments: 'id',
  appointment_versions: 'appointment_id, version',
  exchanges: 'id',
  exchange_links: 'kind, ref, exchange_id',
  transmissions: 'appointment_id',
  transmission_attempts: 'id',
  hub_orphans: 'id',
  hub_routes: 'id',
  directory: 'kind, id',
  regulators: 'technical_id',
  regulator_accounts: 'regulator_id, editor_id',
  audit_log: 'id',
};

export const PACKAGE_TABLES = Object.keys(TABLE_ORDER);

function tableHash(db: Database.Database, table: string): { hash: string; rows: number } {
  const hash = createHash('sha256');
  let rows = 0;
  const stmt = db.prepare(`SELECT * FROM ${table} ORDER BY ${TABLE_ORDER[table]}`).raw(true);
  for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
    hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? v.toString() : v)));
    hash.update('\n');
    rows++;
  }
  return { hash: hash.digest('hex'), rows };
}

export interface ExportRequest {
  /** The live store's file. */
  source: string;
  target: string;
  filter: AppointmentFilter;
  exportedBy: string;
  console: string;
  productVersion: string;
}

/**
 * Writes the package next to `target` under a temporary name and renames it into place once complete: a file at
 * `target` is always a whole package.
 */
export function exportLogPackage(req: ExportRequest): PackageManifest {
  const tmp = path.join(path.dirname(req.target), `.${path.basename(req.target)}.${process.pid}.tmp`);
  fs.rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = OFF'); // a file under construction: the rename is what makes it exist
    db.pragma('synchronous = OFF');
    migrate(db);
    db.prepare('ATTACH DATABASE ? AS src').run(req.source);
    const w = buildWhere(req.filter);
    const copy = db.transaction(() => {
      db.exec('CREATE TEMP TABLE sel (id TEXT PRIMARY KEY) WITHOUT ROWID');
      db.prepare(`INSERT INTO temp.sel SELECT id FROM src.appointments ${w.clause}`).run(w.params);
      db.exec(`
        INSERT INTO main.appointments SELECT * FROM src.appointments WHERE id IN (SELECT id FROM temp.sel);
        INSERT INTO main.appointment_versions SELECT * FROM src.appointment_versions WHERE appointment_id IN (SELECT id FROM temp.sel);
        INSERT INTO main.regulators SELECT * FROM src.regulators r WHERE r.national_id IN (SELECT regulator_id FROM main.appointments)
          OR r.technical_id IN (SELECT lower(regulator_id) FROM main.appointments);
        INSERT INTO main.regulator_accounts SELECT * FROM src.regulator_accounts WHERE regulator_id IN (SELECT technical_id FROM main.regulators);
        INSERT INTO main.exchanges SELECT * FROM src.exchanges WHERE appointment_id IN (SELECT id FROM temp.sel)
          OR id IN (SELECT exchange_id FROM main.appointment_versions WHERE exchange_id IS NOT NULL)
          OR id IN (SELECT exchange_id FROM src.exchange_links WHERE kind = 'regulator' AND ref IN (SELECT technical_id FROM main.regulators));
        INSERT INTO main.exchange_links SELECT * FROM src.exchange_links WHERE exchange_id IN (SELECT id FROM main.exchanges);
        INSERT INTO main.transmissions SELECT * FROM src.transmissions WHERE appointment_id IN (SELECT id FROM temp.sel);
        INSERT INTO main.transmission_attempts SELECT * FROM src.transmission_attempts WHERE appointment_id IN (SELECT id FROM temp.sel);
        INSERT INTO main.directory SELECT * FROM src.directory WHERE (kind = 'practitioner' AND id IN (SELECT practitioner_id FROM main.appointments))
          OR (kind = 'organization' AND id IN (SELECT organisation_id FROM main.appointments));
        INSERT INTO main.hub_routes SELECT * FROM src.hub_routes;
      `);
      const period = db.prepare('SELECT min(first_received_utc) AS fromUtc, max(last_received_utc) AS toUtc FROM main.appointments').get() as { fromUtc: number | null; toUtc: number | null };
      if (period.fromUtc !== null) {
        db.prepare('INSERT INTO main.audit_log SELECT * FROM src.audit_log WHERE at_utc >= ? AND at_utc <= ?').run(period.fromUtc, period.toUtc);
        db.prepare('INSERT INTO main.hub_orphans SELECT * FROM src.hub_orphans WHERE received_utc >= ? AND received_utc <= ?').run(period.fromUtc, period.toUtc);
      }
      return period;
    });
    const period = copy();
    db.exec('DETACH DATABASE src');
    const counts: Record<string, number> = {};
    const hashes: Record<string, string> = {};
    for (const table of PACKAGE_TABLES) {
      const h = tableHash(db, table);
      counts[table] = h.rows;
      hashes[table] = h.hash;
    }
    const schemaVersion = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v;
    const manifest: PackageManifest = {
      format: PACKAGE_FORMAT,
      productVersion: req.productVersion,
      schemaVersion,
      exportedBy: req.exportedBy,
      exportedAtUtc: Date.now(),
      console: req.console,
      filter: req.filter,
      period,
      counts,
      hashes,
      pseudonymised: false,
    };
    db.exec('CREATE TABLE package_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    db.prepare("INSERT INTO package_manifest (key, value) VALUES ('manifest', ?)").run(JSON.stringify(manifest));
    db.close();
    fs.renameSync(tmp, req.target);
    return manifest;
  } catch (e) {
    if (db.open) db.close();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The manifest of a package, or null for a plain store (no manifest table). */
export function readManifest(db: Database.Database): PackageManifest | null {
  const has = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'package_manifest'").get();
  if (!has) return null;
  const row = db.prepare("SELECT value FROM package_manifest WHERE key = 'manifest'").get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as PackageManifest) : null;
}

/**
 * Recomputes every table's hash and compares with the manifest. Run on the file as exported (before any migration
 * of the private copy changes its tables), read-only.
 */
export function checkIntegrity(file: string): { manifest: PackageManifest | null; integrity: PackageIntegrity } {
  if (!fs.existsSync(file)) throw new Error(`Dossier de journaux introuvable : ${file}. Vérifiez le chemin du fichier.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    throw new Error(`${file} n’est pas un dossier de journaux de la console (${(e as Error).message}).`);
  }
  try {
    const manifest = readManifest(db);
    if (!manifest) return { manifest: null, integrity: { verdict: 'no-manifest', altered: [] } };
    const altered = PACKAGE_TABLES.filter((t) => manifest.hashes[t] !== undefined && tableHash(db, t).hash !== manifest.hashes[t]);
    return { manifest, integrity: { verdict: altered.length ? 'altered' : 'intact', altered } };
  } finally {
    db.close();
  }
}

/** A file name for a package exported now. */
export function packageFileName(now = Date.now()): string {
  return `journaux-sas-${new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-')}.sqlite`;
}

