import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database';
import type { Failure } from '../../../shared/api/failure';
import type { AccountState, RegulatorFilter } from '../../../shared/api/regulator-api';
import { identifierToken, primaryIdentifier, type Regulator, type RegulatorInput } from '../../../shared/regulators/regulator-types';
import { ApiError } from '../api/api-error';

interface RegulatorRow {
  technical_id: string;
  national_id: string | null;
  family_name: string;
  given_name: string;
  email: string;
  active: number;
  samu: string | null;
  revision: number;
  created_utc: number;
  updated_utc: number;
  last_login_utc: number | null;
}

export interface AccountRecord {
  regulatorId: string;
  editorId: string;
  requestedRevision: number | null;
  sentRevision: number | null;
  sentIdentifier: string | null;
  sentActive: boolean | null;
  editorLocation: string | null;
  doubtIdentifier: string | null;
  attempts: number;
  lastAttemptUtc: number | null;
  lastExchangeId: number | null;
  failure: Failure | null;
  updatedUtc: number;
}

interface AccountRow {
  regulator_id: string;
  editor_id: string;
  requested_revision: number | null;
  sent_revision: number | null;
  sent_identifier: string | null;
  sent_active: number | null;
  editor_location: string | null;
  doubt_identifier: string | null;
  attempts: number;
  last_attempt_utc: number | null;
  last_exchange_id: number | null;
  failure: string | null;
  updated_utc: number;
}

function toRegulator(r: RegulatorRow): Regulator {
  return {
    technicalId: r.technical_id,
    nationalId: r.national_id,
    familyName: r.family_name,
    givenName: r.given_name,
    email: r.email,
    active: !!r.active,
    samu: r.samu,
    revision: r.revision,
    createdUtc: r.created_utc,
    updatedUtc: r.updated_utc,
    lastLoginUtc: r.last_login_utc,
  };
}

function toAccount(r: AccountRow): AccountRecord {
  return {
    regulatorId: r.regulator_id,
    editorId: r.editor_id,
    requestedRevision: r.requested_revision,
    sentRevision: r.sent_revision,
    sentIdentifier: r.sent_identifier,
    sentActive: r.sent_active === null ? null : !!r.sent_active,
    editorLocation: r.editor_location,
    doubtIdentifier: r.doubt_identifier,
    attempts: r.attempts,
    lastAttemptUtc: r.last_attempt_utc,
    lastExchangeId: r.last_exchange_id,
    failure: r.failure ? (JSON.parse(r.failure) as Failure) : null,
    updatedUtc: r.updated_utc,
  };
}

/**
 * Where an account stands, from what the editor acknowledged against the regulator's current revision. The
 * same rule as `STATE_SQL`, for one account in memory.
 */
export function accountState(regulator: Pick<Regulator, 'revision' | 'active'>, a: AccountRecord | null): AccountState {
  if (!a) return 'never-sent';
  if (a.failure) return 'failing';
  if (a.sentRevision !== null && a.sentRevision === regulator.revision) return regulator.active ? 'in-sync' : 'deactivated';
  if (a.sentRevision === null && a.doubtIdentifier === null && a.requestedRevision === null) return 'never-sent';
  return a.sentRevision === null ? 'to-create' : 'to-update';
}

/** `accountState` in SQL, over `r` (regulators) LEFT JOIN `a` (regulator_accounts). */
const STATE_SQL = `CASE
  WHEN a.regulator_id IS NULL THEN 'never-sent'
  WHEN a.failure IS NOT NULL THEN 'failing'
  WHEN a.sent_revision IS NOT NULL AND a.sent_revision = r.revision THEN CASE WHEN r.active THEN 'in-sync' ELSE 'deactivated' END
  WHEN a.sent_revision IS NULL AND a.doubt_identifier IS NULL AND a.requested_revision IS NULL THEN 'never-sent'
  WHEN a.sent_revision IS NULL THEN 'to-create'
  ELSE 'to-update' END`;

/** Fields editors hear about: a change of any of them makes a new revision to send. */
function sentFieldsDiffer(a: Regulator, b: Omit<Regulator, 'revision' | 'createdUtc' | 'updatedUtc' | 'lastLoginUtc' | 'technicalId'>): boolean {
  return a.nationalId !== b.nationalId || a.familyName !== b.familyName || a.givenName !== b.givenName || a.email !== b.email || a.active !== b.active;
}

export interface SaveResult {
  regulator: Regulator;
  before: Regulator | null;
  /** Editors must hear about this change (a new revision). */
  revised: boolean;
  /** Habilitation withdrawn by this save: sent at once to every editor holding the account. */
  revoked: boolean;
}

/** The regulators registry and the per-editor account records. SQL lives here; decisions in the services. */
export class RegulatorStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      get: db.prepare('SELECT * FROM regulators WHERE technical_id = ?'),
      byNational: db.prepare('SELECT * FROM regulators WHERE national_id = ?'),
      byEmail: db.prepare('SELECT * FROM regulators WHERE email_key = ?'),
      insert: db.prepare(`INSERT INTO regulators (technical_id, national_id, family_name, given_name, email, email_key, active, samu,
        revision, created_utc, updated_utc) VALUES (@technicalId, @nationalId, @familyName, @givenName, @email, @emailKey, @active,
        @samu, 1, @now, @now)`),
      update: db.prepare(`UPDATE regulators SET national_id = @nationalId, family_name = @familyName, given_name = @givenName,
        email = @email, email_key = @emailKey, active = @active, samu = @samu, revision = revision + @bump, updated_utc = @now
        WHERE technical_id = @technicalId`),
      login: db.prepare('UPDATE regulators SET last_login_utc = ? WHERE technical_id = ?'),
      account: db.prepare('SELECT * FROM regulator_accounts WHERE regulator_id = ? AND editor_id = ?'),
      accountsOf: db.prepare('SELECT * FROM regulator_accounts WHERE regulator_id = ?'),
      ensureAccount: db.prepare(`INSERT INTO regulator_accounts (regulator_id, editor_id, updated_utc) VALUES (?, ?, ?)
        ON CONFLICT (regulator_id, editor_id) DO NOTHING`),
      request: db.prepare(`UPDATE regulator_accounts SET requested_revision = max(coalesce(requested_revision, 0), @revision),
        updated_utc = @now WHERE regulator_id = @regulatorId AND editor_id = @editorId`),
      beforeSend: db.prepare(`UPDATE regulator_accounts SET doubt_identifier = @doubt, attempts = attempts + 1, last_attempt_utc = @now,
        last_exchange_id = @exchangeId, updated_utc = @now WHERE regulator_id = @regulatorId AND editor_id = @editorId`),
      acknowledged: db.prepare(`UPDATE regulator_accounts SET sent_revision = @revision, sent_identifier = @identifier,
        sent_active = @active, editor_location = coalesce(@location, editor_location), doubt_identifier = NULL, failure = NULL,
        updated_utc = @now WHERE regulator_id = @regulatorId AND editor_id = @editorId`),
      failed: db.prepare(`UPDATE regulator_accounts SET doubt_identifier = @doubt, failure = @failure, updated_utc = @now
        WHERE regulator_id = @regulatorId AND editor_id = @editorId`),
      clearFailure: db.prepare(`UPDATE regulator_accounts SET failure = NULL, updated_utc = @now
        WHERE regulator_id = @regulatorId AND editor_id = @editorId`),
    };
  }

  get(technicalId: string): Regulator | null {
    const r = this.s.get.get(technicalId) as RegulatorRow | undefined;
    return r ? toRegulator(r) : null;
  }

  byNationalId(nationalId: string): Regulator | null {
    const r = this.s.byNational.get(nationalId) as RegulatorRow | undefined;
    return r ? toRegulator(r) : null;
  }

  byEmail(email: string): Regulator | null {
    const r = this.s.byEmail.get(email.toLowerCase()) as RegulatorRow | undefined;
    return r ? toRegulator(r) : null;
  }

  /**
   * Creates (technical id generated when absent) or updates by technical id. The national id and the e-mail
   * name one regulator each: an editor would otherwise hold two accounts for one login.
   */
  save(input: RegulatorInput, now = Date.now()): SaveResult {
    const technicalId = input.technicalId ?? randomUUID();
    const before = this.get(technicalId);
    if (input.nationalId) {
      const other = this.byNationalId(input.nationalId);
      if (other && other.technicalId !== technicalId) {
        throw new ApiError('conflict', `L'identifiant national ${input.nationalId} est déjà celui de ${other.givenName} ${other.familyName} (${other.technicalId}).`);
      }
    }
    const sameEmail = this.byEmail(input.email);
    if (sameEmail && sameEmail.technicalId !== technicalId) {
      throw new ApiError('conflict', `L'adresse ${input.email} est déjà celle de ${sameEmail.givenName} ${sameEmail.familyName} : c'est l'identifiant de connexion au SAS, elle doit être unique.`);
    }
    const fields = {
      technicalId,
      nationalId: input.nationalId,
      familyName: input.familyName,
      givenName: input.givenName,
      email: input.email,
      emailKey: input.email.toLowerCase(),
      active: input.active ? 1 : 0,
      samu: input.samu,
      now,
    };
    let revised: boolean;
    if (!before) {
      this.s.insert.run(fields);
      revised = true;
    } else {
      revised = sentFieldsDiffer(before, { ...input, nationalId: input.nationalId, samu: input.samu });
      if (!revised && before.samu === input.samu) return { regulator: before, before, revised: false, revoked: false };
      this.s.update.run({ ...fields, bump: revised ? 1 : 0 });
    }
    const regulator = this.get(technicalId)!;
    return { regulator, before, revised, revoked: !!before?.active && !regulator.active };
  }

  markLogin(technicalId: string, now = Date.now()): void {
    this.s.login.run(now, technicalId);
  }

  account(regulatorId: string, editorId: string): AccountRecord | null {
    const r = this.s.account.get(regulatorId, editorId) as AccountRow | undefined;
    return r ? toAccount(r) : null;
  }

  accountsOf(regulatorId: string): AccountRecord[] {
    return (this.s.accountsOf.all(regulatorId) as AccountRow[]).map(toAccount);
  }

  /** Someone asked for this revision to reach the editor (a login, an operator): the account is to create or update. */
  requestSync(regulatorId: string, editorId: string, revision: number, now = Date.now()): void {
    this.s.ensureAccount.run(regulatorId, editorId, now);
    this.s.request.run({ regulatorId, editorId, revision, now });
  }

  /** Written before a request leaves, with its journal entry: if the process dies, the doubt survives it. */
  beforeSend(regulatorId: string, editorId: string, doubt: string | null, exchangeId: number | null, now = Date.now()): void {
    this.s.ensureAccount.run(regulatorId, editorId, now);
    this.s.beforeSend.run({ regulatorId, editorId, doubt, exchangeId, now });
  }

  acknowledged(regulatorId: string, editorId: string, a: { revision: number; identifier: string; active: boolean; location: string | null }, now = Date.now()): void {
    this.s.acknowledged.run({ regulatorId, editorId, revision: a.revision, identifier: a.identifier, active: a.active ? 1 : 0, location: a.location, now });
  }

  failed(regulatorId: string, editorId: string, doubt: string | null, failure: Failure, now = Date.now()): void {
    this.s.ensureAccount.run(regulatorId, editorId, now);
    this.s.failed.run({ regulatorId, editorId, doubt, failure: JSON.stringify(failure), now });
  }

  clearFailure(regulatorId: string, editorId: string, now = Date.now()): void {
    this.s.clearFailure.run({ regulatorId, editorId, now });
  }

  /** WHERE clause and parameters of a registry filter, over `r`; `editors` are the INT_R02 editors. */
  private where(filter: RegulatorFilter, editors: readonly string[]): { clause: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.text) {
      // Names, e-mail and ids; case-insensitive for ASCII (SQLite's LIKE), exact prefix for ids.
      where.push(`(r.family_name LIKE @text ESCAPE '\\' OR r.given_name LIKE @text ESCAPE '\\' OR r.email LIKE @text ESCAPE '\\'
        OR r.national_id LIKE @prefix ESCAPE '\\' OR r.technical_id LIKE @prefix ESCAPE '\\')`);
      const escaped = filter.text.replace(/[\\%_]/g, (c) => `\\${c}`);
      params.text = `%${escaped}%`;
      params.prefix = `${escaped.toLowerCase()}%`;
    }
    if (filter.samu) {
      where.push('r.samu = @samu');
      params.samu = filter.samu;
    }
    if (filter.active !== undefined) {
      where.push('r.active = @active');
      params.active = filter.active ? 1 : 0;
    }
    if (filter.states?.length) {
      const scope = filter.editorId ? [filter.editorId] : editors;
      where.push(`EXISTS (SELECT 1 FROM json_each(@scope) e LEFT JOIN regulator_accounts a ON a.regulator_id = r.technical_id
        AND a.editor_id = e.value WHERE (${STATE_SQL}) IN (SELECT value FROM json_each(@states)))`);
      params.scope = JSON.stringify(scope);
      params.states = JSON.stringify(filter.states);
    }
    return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  list(filter: RegulatorFilter, editors: readonly string[], offset: number, limit: number): { rows: Regulator[]; total: number } {
    const { clause, params } = this.where(filter, editors);
    const rows = this.db
      .prepare(`SELECT r.* FROM regulators r ${clause} ORDER BY r.family_name, r.given_name, r.technical_id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as RegulatorRow[];
    const { n } = this.db.prepare(`SELECT count(*) AS n FROM regulators r ${clause}`).get(params) as { n: number };
    return { rows: rows.map(toRegulator), total: n };
  }

  /** Technical ids of every regulator a filter selects (bulk actions), in registry order. */
  ids(filter: RegulatorFilter, editors: readonly string[]): string[] {
    const { clause, params } = this.where(filter, editors);
    return (this.db.prepare(`SELECT r.technical_id AS id FROM regulators r ${clause} ORDER BY r.family_name, r.given_name`).all(params) as { id: string }[]).map((x) => x.id);
  }

  all(filter: RegulatorFilter, editors: readonly string[]): Regulator[] {
    const { clause, params } = this.where(filter, editors);
    return (this.db.prepare(`SELECT r.* FROM regulators r ${clause} ORDER BY r.family_name, r.given_name`).all(params) as RegulatorRow[]).map(toRegulator);
  }

  /** Account states of the given regulators at the given editors (cells of the matrix). */
  states(regulatorIds: readonly string[], editors: readonly string[]): Map<string, { state: AccountState; account: AccountRecord | null }> {
    const out = new Map<string, { state: AccountState; account: AccountRecord | null }>();
    if (regulatorIds.length === 0 || editors.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT r.technical_id AS rid, e.value AS eid, ${STATE_SQL} AS state, a.*
        FROM json_each(@regs) x JOIN regulators r ON r.technical_id = x.value CROSS JOIN json_each(@editors) e
        LEFT JOIN regulator_accounts a ON a.regulator_id = r.technical_id AND a.editor_id = e.value`)
      .all({ regs: JSON.stringify(regulatorIds), editors: JSON.stringify(editors) }) as (AccountRow & { rid: string; eid: string; state: AccountState })[];
    for (const r of rows) out.set(`${r.rid}|${r.eid}`, { state: r.state, account: r.regulator_id ? toAccount(r) : null });
    return out;
  }

  /** Accounts per state over a filter, at the given editors. */
  stateCounts(filter: RegulatorFilter, editors: readonly string[]): Partial<Record<AccountState, number>> {
    if (editors.length === 0) return {};
    const { clause, params } = this.where(filter, editors);
    const rows = this.db
      .prepare(`SELECT ${STATE_SQL} AS state, count(*) AS n FROM regulators r CROSS JOIN json_each(@editorList) e
        LEFT JOIN regulator_accounts a ON a.regulator_id = r.technical_id AND a.editor_id = e.value ${clause} GROUP BY 1`)
      .all({ ...params, editorList: JSON.stringify(filter.editorId ? [filter.editorId] : editors) }) as { state: AccountState; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}

/** The token (`system|value`) an editor knows a regulator by today. */
export function desiredToken(r: Regulator): string {
  return identifierToken(primaryIdentifier(r));
}
