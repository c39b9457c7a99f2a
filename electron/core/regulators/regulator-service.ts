import type { Topic } from '../../../shared/api/events';
import type {
  AccountActionInput,
  AccountMatrix,
  AccountPlan,
  AccountView,
  RegulatorDetail,
  RegulatorFilter,
  RegulatorImportPreview,
  RegulatorRow,
} from '../../../shared/api/regulator-api';
import { isBlocking } from '../../../shared/diagnostics/diagnostic';
import { parseRegulatorCsv, regulatorsToCsv } from '../../../shared/regulators/regulator-csv';
import type { Regulator, RegulatorInput } from '../../../shared/regulators/regulator-types';
import { ApiError } from '../api/api-error';
import type { JobQueue } from '../jobs/job-queue';
import type { JournalStore } from '../journal/journal-store';
import type { Db } from '../store/database';
import { accountKey, PROVISION_JOB, type ProvisioningService } from './provisioning';
import type { AccountRecord, RegulatorStore, SaveResult } from './regulator-store';

interface Deps {
  db: Db;
  store: RegulatorStore;
  provisioning: ProvisioningService;
  jobs: JobQueue;
  journal: JournalStore;
  emit: (topic: Topic, id?: string) => void;
}

/** What the registry does for the console API: the registry itself, its imports and exports, and the triggers. */
export class RegulatorService {
  constructor(private readonly deps: Deps) {}

  private editorIds(): string[] {
    return this.deps.provisioning.targetEditors().map((e) => e.id);
  }

  list(filter: RegulatorFilter, offset: number, limit: number): { rows: RegulatorRow[]; total: number } {
    const editors = this.editorIds();
    const { rows, total } = this.deps.store.list(filter, editors, offset, limit);
    const states = this.deps.store.states(rows.map((r) => r.technicalId), editors);
    return {
      total,
      rows: rows.map((r) => {
        const counts: RegulatorRow['states'] = {};
        for (const e of editors) {
          const s = states.get(`${r.technicalId}|${e}`)?.state ?? 'never-sent';
          counts[s] = (counts[s] ?? 0) + 1;
        }
        return { ...r, blocking: this.deps.provisioning.body(r).diagnostics.filter(isBlocking).length, states: counts };
      }),
    };
  }

  matrix(filter: RegulatorFilter, offset: number, limit: number): AccountMatrix {
    const editors = this.deps.provisioning.targetEditors();
    const ids = editors.map((e) => e.id);
    const { rows, total } = this.deps.store.list(filter, ids, offset, limit);
    const states = this.deps.store.states(rows.map((r) => r.technicalId), ids);
    const pending = this.pendingJobs(rows.flatMap((r) => ids.map((e) => accountKey(r.technicalId, e))));
    return {
      editors: editors.map((e) => ({ id: e.id, name: e.name, environment: e.environment, enabled: e.enabled })),
      total,
      counts: this.deps.store.stateCounts(filter, ids),
      rows: rows.map((r) => ({
        regulator: r,
        blocking: this.deps.provisioning.body(r).diagnostics.filter(isBlocking).length,
        cells: Object.fromEntries(
          ids.map((e) => {
            const cell = states.get(`${r.technicalId}|${e}`);
            const job = pending.get(accountKey(r.technicalId, e));
            return [e, { state: cell?.state ?? 'never-sent', failure: cell?.account?.failure ?? null, nextAttemptUtc: job?.nextAttemptUtc ?? null }];
          }),
        ),
      })),
    };
  }

  private pendingJobs(keys: readonly string[]): Map<string, { state: 'queued' | 'running'; nextAttemptUtc: number }> {
    const out = new Map<string, { state: 'queued' | 'running'; nextAttemptUtc: number }>();
    if (keys.length === 0) return out;
    const rows = this.deps.db
      .prepare(`SELECT key, state, next_attempt_utc AS next FROM jobs WHERE kind = ? AND state IN ('queued', 'running')
        AND key IN (SELECT value FROM json_each(?))`)
      .all(PROVISION_JOB, JSON.stringify(keys)) as { key: string; state: 'queued' | 'running'; next: number }[];
    // A running attempt says more than the next one queued behind it.
    for (const r of rows) if (!out.has(r.key) || r.state === 'running') out.set(r.key, { state: r.state, nextAttemptUtc: r.next });
    return out;
  }

  get(technicalId: string): RegulatorDetail | null {
    const r = this.deps.store.get(technicalId);
    if (!r) return null;
    const { body, diagnostics } = this.deps.provisioning.body(r);
    const accounts: AccountView[] = this.deps.provisioning.accountsOf(r).map(({ editor, account, state, pending }) => ({
      ...accountFields(account),
      regulatorId: r.technicalId,
      editorId: editor.id,
      editorName: editor.name,
      state,
      pending: pending && (pending.state === 'queued' || pending.state === 'running') ? { state: pending.state, nextAttemptUtc: pending.nextAttemptUtc } : null,
    }));
    return { regulator: r, diagnostics, body, accounts, exchanges: this.deps.journal.forLink('regulator', technicalId) };
  }

  /**
   * Saves a regulator. Withdrawing the habilitation is sent at once to every editor holding the account (the IG:
   * "suppression ou retrait d'habilitation envoyé immédiatement"); other changes wait for the next login or an
   * operator's "synchroniser".
   */
  save(input: RegulatorInput): { result: SaveResult; plan: AccountPlan | null } {
    return this.deps.db.transaction(() => {
      const result = this.deps.store.save(input);
      let plan: AccountPlan | null = null;
      if (result.revoked) plan = this.deps.provisioning.request([result.regulator], 'revoke', 'revocation');
      this.deps.emit('regulators', result.regulator.technicalId);
      return { result, plan };
    })();
  }

  /** The SAS platform (or a script, or an operator) says these regulators logged in: their accounts are brought up to date. */
  login(technicalIds: readonly string[]): { regulators: number; enqueued: number; unknown: string[] } {
    const unknown: string[] = [];
    const found: Regulator[] = [];
    for (const id of technicalIds) {
      const r = this.deps.store.get(id);
      if (!r) unknown.push(id);
      else if (r.active) found.push(r);
    }
    const plan = this.deps.db.transaction(() => {
      const now = Date.now();
      for (const r of found) this.deps.store.markLogin(r.technicalId, now);
      return this.deps.provisioning.request(found, 'sync', 'login');
    })();
    if (found.length) this.deps.emit('regulators');
    return { regulators: found.length, enqueued: plan.enqueued, unknown };
  }

  private targets(input: AccountActionInput): Regulator[] {
    if ('technicalIds' in input.target) {
      return input.target.technicalIds.map((id) => {
        const r = this.deps.store.get(id);
        if (!r) throw new ApiError('not-found', `Régulateur ${id} introuvable : il a peut-être été retiré du registre.`);
        return r;
      });
    }
    return this.deps.store.all(input.target.filter, this.editorIds());
  }

  plan(input: AccountActionInput): AccountPlan {
    const regulators = this.targets(input);
    if (input.action === 'revoke') {
      // Revoking makes the regulators inactive first: plan against that state.
      return this.deps.provisioning.request(regulators.map((r) => (r.active ? { ...r, active: false, revision: r.revision + 1 } : r)), 'revoke', 'operator', input.editorIds, true);
    }
    return this.deps.provisioning.request(regulators, input.action, input.action === 'retry' ? 'retry' : 'operator', input.editorIds, true);
  }

  act(input: AccountActionInput): AccountPlan & { enqueued: number } {
    const regulators = this.targets(input);
    if (input.action === 'revoke') {
      return this.deps.db.transaction(() => {
        const revoked = regulators.map((r) => (r.active ? this.deps.store.save({ ...inputOf(r), active: false }).regulator : r));
        this.deps.emit('regulators');
        return this.deps.provisioning.request(revoked, 'revoke', 'revocation', input.editorIds);
      })();
    }
    return this.deps.provisioning.request(regulators, input.action, input.action === 'retry' ? 'retry' : 'operator', input.editorIds);
  }

  /** What an import would do, row by row: nothing is written. */
  importPreview(bytes: Uint8Array): RegulatorImportPreview {
    const parsed = parseRegulatorCsv(bytes);
    const rows = parsed.rows.map((row) => {
      const label = `${row.raw.prenom ?? ''} ${row.raw.nom ?? ''}`.trim() || `ligne ${row.line}`;
      if (!row.input) return { line: row.line, action: 'error' as const, technicalId: null, label, errors: row.errors };
      const existing = this.match(row.input);
      if (existing.error) return { line: row.line, action: 'error' as const, technicalId: null, label, errors: [existing.error] };
      if (!existing.regulator) return { line: row.line, action: 'create' as const, technicalId: row.input.technicalId ?? null, label, errors: [] };
      const same = sameInput(existing.regulator, row.input);
      return { line: row.line, action: same ? ('unchanged' as const) : ('update' as const), technicalId: existing.regulator.technicalId, label, errors: [] };
    });
    const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
    for (const r of rows) counts[r.action]++;
    return { encoding: parsed.encoding, delimiter: parsed.delimiter, headerErrors: parsed.headerErrors, warnings: parsed.warnings, rows, counts };
  }

  /** Applies a file whose preview had no error, all rows in one transaction: all or nothing. */
  import(bytes: Uint8Array): { created: number; updated: number; unchanged: number; revoked: number } {
    const preview = this.importPreview(bytes);
    if (preview.headerErrors.length || preview.counts.error > 0) {
      throw new ApiError('invalid-input', `Le fichier contient ${preview.headerErrors.length + preview.counts.error} erreur(s) : corrigez-les (voir l'aperçu) puis importez-le à nouveau. Rien n'a été enregistré.`, {
        headerErrors: preview.headerErrors,
        rows: preview.rows.filter((r) => r.action === 'error'),
      });
    }
    const parsed = parseRegulatorCsv(bytes);
    return this.deps.db.transaction(() => {
      const out = { created: 0, updated: 0, unchanged: 0, revoked: 0 };
      for (const row of parsed.rows) {
        const input = row.input!;
        const existing = this.match(input).regulator;
        if (existing && sameInput(existing, input)) {
          out.unchanged++;
          continue;
        }
        const { result } = this.save({ ...input, technicalId: existing?.technicalId ?? input.technicalId });
        if (existing) out.updated++;
        else out.created++;
        if (result.revoked) out.revoked++;
      }
      this.deps.emit('regulators');
      return out;
    })();
  }

  export(filter: RegulatorFilter): { fileName: string; csv: string } {
    const list = this.deps.store.all(filter, this.editorIds());
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    return { fileName: `regulateurs-${stamp}.csv`, csv: regulatorsToCsv(list) };
  }

  /**
   * The regulator a row updates: by technical id, else by national id, else by e-mail. Two rows of the
   * registry matched by different keys would merge two people: refused.
   */
  private match(input: RegulatorInput): { regulator: Regulator | null; error?: string } {
    const byTech = input.technicalId ? this.deps.store.get(input.technicalId) : null;
    const byNat = input.nationalId ? this.deps.store.byNationalId(input.nationalId) : null;
    const byMail = this.deps.store.byEmail(input.email);
    const found = [byTech, byNat, byMail].filter((r): r is Regulator => !!r);
    const distinct = new Set(found.map((r) => r.technicalId));
    if (distinct.size > 1) {
      return { regulator: null, error: `Cette ligne désigne plusieurs régulateurs du registre (${[...distinct].join(', ')}) : identifiant technique, identifiant national et e-mail doivent désigner la même personne.` };
    }
    if (input.technicalId && !byTech && found.length) {
      return { regulator: null, error: `L'identifiant technique ${input.technicalId} ne correspond pas au régulateur ${found[0].technicalId} qui a cet identifiant national ou cet e-mail.` };
    }
    return { regulator: found[0] ?? null };
  }
}

function sameInput(r: Regulator, i: RegulatorInput): boolean {
  return r.nationalId === i.nationalId && r.familyName === i.familyName && r.givenName === i.givenName && r.email === i.email && r.active === i.active && r.samu === i.samu;
}

function inputOf(r: Regulator): RegulatorInput {
  return { technicalId: r.technicalId, nationalId: r.nationalId, familyName: r.familyName, givenName: r.givenName, email: r.email, active: r.active, samu: r.samu };
}

function accountFields(a: AccountRecord | null): Omit<AccountView, 'regulatorId' | 'editorId' | 'editorName' | 'state' | 'pending'> {
  return {
    sentRevision: a?.sentRevision ?? null,
    sentIdentifier: a?.sentIdentifier ?? null,
    sentActive: a?.sentActive ?? null,
    editorLocation: a?.editorLocation ?? null,
    inDoubt: !!a?.doubtIdentifier,
    attempts: a?.attempts ?? 0,
    lastAttemptUtc: a?.lastAttemptUtc ?? null,
    lastExchangeId: a?.lastExchangeId ?? null,
    failure: a?.failure ?? null,
  };
}
