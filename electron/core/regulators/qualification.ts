// Qualification of an editor's INT_R02 endpoint: the ANS test kit's group 5 (regulator accounts, flux V1),
// played by the console against the editor's recette with throwaway identities, so that an editor can be
// checked before the SAS sends it real accounts. Each step keeps its requests (journalled like any INT_R02
// attempt) and a verdict in the kit's own success windows (test-kit.md §2.5).
import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../store/database';
import type { Topic } from '../../../shared/api/events';
import { failure } from '../../../shared/api/failure';
import type { QualificationRun, QualificationStep, QualificationVerdict } from '../../../shared/api/regulator-api';
import type { ExchangeDetail } from '../../../shared/api/types';
import type { JsonObject } from '../../../shared/fhir/json';
import { buildPractitionerRegul } from '../../../shared/regulators/practitioner-regul';
import {
  EMAIL,
  FR_V2_0203,
  NATIONAL_ID,
  NATIONAL_ID_SYSTEM,
  SAS_TECHNICAL_ID_SYSTEM,
  identifierToken,
  type RegulatorIdentifier,
} from '../../../shared/regulators/regulator-types';
import { ApiError } from '../api/api-error';
import type { EditorResponse } from '../editors/editor-client';
import type { EditorRecord, EditorStore } from '../editors/editor-store';
import type { ClientCertificateUsed, EditorFhirClient } from '../editors/fhir-client';
import type { Job, JobOutcome, JobQueue, Worker, WorkerContext } from '../jobs/job-queue';
import { journalHeaders } from '../journal/header-masking';
import type { JournalStore } from '../journal/journal-store';
import { outboundCompletion } from '../journal/outbound-completion';
import { operationOutcomeText } from './operation-outcome-text';
import { isDuplicateRefusal } from './provisioning';

export const QUALIFICATION_JOB = 'regulator.qualification';

export interface QualificationPayload {
  runId: string;
  nationalId: string;
  email: string;
}

interface Deps {
  db: Db;
  editors: EditorStore;
  client: EditorFhirClient;
  journal: JournalStore;
  jobs: JobQueue;
  emit: (topic: Topic, id?: string) => void;
}

/** The kit's success windows: create 201, update 200 ≤ s < 400, rejection 400 ≤ s < 600, PUT-as-create 200 or 201. */
type Window = 'create' | 'update' | 'reject' | 'put-create';

const WINDOW_TEXT: Record<Window, string> = {
  create: '201 Created',
  update: 'une réponse 2xx ou 3xx',
  reject: 'un refus 4xx ou 5xx',
  'put-create': '200 OK ou 201 Created',
};

function inWindow(w: Window, status: number): boolean {
  switch (w) {
    case 'create':
      return status === 201;
    case 'update':
      return status >= 200 && status < 400;
    case 'reject':
      return status >= 400 && status < 600;
    case 'put-create':
      return status === 200 || status === 201;
  }
}

/** One request of a step, as the kit sends it. */
interface Planned {
  method: 'POST' | 'PUT';
  /** The conditional update's `identifier` token (`system|value`, not yet URL-encoded); null for a create. */
  query: string | null;
  body: JsonObject;
  window: Window;
  /** How the detail names this request: « Le corps NO_TELECOM », « La déshabilitation (a) »… */
  what: string;
  /** For a body the editor must refuse: what it would accept by taking it (« un compte sans e-mail »). */
  mustRefuse?: string;
}

interface StepSpec {
  id: string;
  title: string;
  optional: boolean;
  expected: string;
  /**
   * The kit stops a test at its first failed assertion. Where the requests of a step build on each other (5.03's
   * duplicate needs the first create, 5.16's re-attribution the revocation and the new account), so do we: what
   * follows a failed request would test nothing. Independent requests (one per invalid body) are all played.
   */
  sequential: boolean;
  /** What the kit does differently from what its title says: kept in the detail whatever the verdict. */
  note?: string;
  requests: Planned[];
}

/** The throwaway identities of a run: every identifier is new, so a run never touches a real account. */
export interface QualificationIdentities {
  nationalId: string;
  nationalIdModif: string;
  email: string;
  emailModif: string;
  family: string;
  given: string;
  familyModif: string;
  givenModif: string;
}

const INTERRUPTED = 'Exécution interrompue : relancez la qualification.';
const FAMILY = 'Qualification';
const GIVEN = 'Régulateur';

/** `8` followed by 11 digits: the shape of an RPPS-based IDNPS, as the kit's checks of national ids expect. */
export function randomNationalId(): string {
  let digits = '8';
  for (let i = 0; i < 11; i++) digits += String(randomInt(10));
  return digits;
}

/** The kit's modified e-mail: `sebastien.loridon@test.com` becomes `sebastien.loridon.modif@test.com`. */
function modifiedEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}.modif${email.slice(at)}`;
}

interface Person {
  email: string;
  family: string;
  given: string;
}

/** A valid FrPractitionerRegul, the console's own body (no `id`: the editor owns its resource ids). */
function valid(identifier: RegulatorIdentifier, p: Person, active = true): JsonObject {
  return buildPractitionerRegul({ technicalId: identifier.value, nationalId: null, familyName: p.family, givenName: p.given, email: p.email, active }, identifier);
}

function withCode(b: JsonObject, code: string): JsonObject {
  const [first] = b.identifier as JsonObject[];
  return { ...b, identifier: [{ ...first, type: { coding: [{ system: FR_V2_0203, code }] } }] };
}

function without(b: JsonObject, key: string): JsonObject {
  const copy = { ...b };
  delete copy[key];
  return copy;
}

const intrn = (value: string): RegulatorIdentifier => ({ system: SAS_TECHNICAL_ID_SYSTEM, value });
const idnps = (value: string): RegulatorIdentifier => ({ system: NATIONAL_ID_SYSTEM, value });

/**
 * The kit's four incomplete bodies (5.04, 5.13, 5.14). The kit writes them by hand with an IDNPS system holding
 * a UUID and e-mails such as `<uuid> + jean.dupont@example.com`, so an editor could refuse them for a reason other
 * than the missing element. Here each is a valid body minus exactly one element: a refusal then can only be
 * for that element, and an editor that accepts it really accepted an account without it.
 */
function incomplete(validBody: () => JsonObject, method: 'POST' | 'PUT', query: string | null): Planned[] {
  const one = (name: string, key: string, mustRefuse: string): Planned => ({ method, query, body: without(validBody(), key), window: 'reject', what: `Le corps ${name}`, mustRefuse });
  return [
    one('NO_IDENTIFIER', 'identifier', 'un compte sans identifiant'),
    one('NO_NAME', 'name', 'un compte sans nom'),
    one('NO_TELECOM', 'telecom', 'un compte sans e-mail'),
    one('NO_ACTIVE', 'active', 'un compte sans habilitation (active absent)'),
  ];
}

/** Every request of a run, in the kit's order (flux_v1_group.rb), with its identities already drawn. */
export function qualificationPlan(ids: QualificationIdentities, uuid: () => string = randomUUID): StepSpec[] {
  const mail = ids.email;
  const base: Person = { email: mail, family: ids.family, given: ids.given };
  const modif: Person = { email: ids.emailModif, family: ids.family, given: ids.given };
  const n = ids.nationalId;
  const n2 = ids.nationalIdModif;
  const u1 = uuid();
  const u2 = uuid();
  const u3 = uuid();
  const u4 = uuid();
  const u5 = uuid();
  const token = (i: RegulatorIdentifier) => identifierToken(i);
  const prefixed = (u: string, separator = ''): Person => ({ email: `${u}${separator}${mail}`, family: `${u}${ids.family}`, given: `${u}${ids.given}` });
  const put = (query: RegulatorIdentifier, body: JsonObject, what: string, window: Window = 'update'): Planned => ({ method: 'PUT', query: token(query), body, window, what });
  const post = (body: JsonObject, what: string, window: Window = 'create'): Planned => ({ method: 'POST', query: null, body, window, what });
  const afterModif: Person = { email: ids.emailModif, family: ids.familyModif, given: ids.given };
  const afterGiven: Person = { email: ids.emailModif, family: ids.familyModif, given: ids.givenModif };
  const fresh = (): RegulatorIdentifier => intrn(uuid());
  const freshPerson = (i: RegulatorIdentifier): Person => ({ ...base, email: `${i.value}${mail}` });
  const invalidValues = (): Planned[] => {
    const reject = (name: string, body: JsonObject, mustRefuse: string): Planned => ({ method: 'POST', query: null, body, window: 'reject', what: `Le corps ${name}`, mustRefuse });
    const i1 = fresh();
    const i2 = fresh();
    const i3 = fresh();
    const i4 = idnps(randomNationalId());
    const i5 = fresh();
    const b3 = valid(i3, freshPerson(i3));
    return [
      reject('EMPTY_NAME', { ...valid(i1, freshPerson(i1)), name: [{ family: '', given: [ids.given] }] }, 'un compte dont le nom de famille est vide'),
      reject('EMPTY_MAIL', valid(i2, { ...base, email: '' }), "un compte dont l'e-mail est vide"),
      reject('WRONG_TELECOM_SYSTEM', { ...b3, telecom: [{ system: 'phone', value: `${i3.value}${mail}` }] }, 'un compte dont le contact est un téléphone et non un e-mail'),
      reject('WRONG_CODE_FOR_IDNPS_SYSTEM', withCode(valid(i4, { ...base, email: `${i4.value}${mail}` }), 'INTRN'), "un identifiant national (IDNPS) typé INTRN"),
      reject('WRONG_CODE_FOR_INTRN_SYSTEM', withCode(valid(i5, freshPerson(i5)), 'IDNPS'), 'un identifiant technique SAS (INTRN) typé IDNPS'),
    ];
  };
  // Creates: each incomplete body gets its own new identity, so that a lax editor's acceptance cannot be
  // hidden by a duplicate refusal of an identifier an earlier body already created.
  const freshValid = (): JsonObject => {
    const i = fresh();
    return valid(i, freshPerson(i));
  };
  const duplicate = valid(intrn(u2), prefixed(u2));
  return [
    {
      id: '5.01',
      title: "Création d'un compte régulateur avec identifiant IDNPS",
      optional: false,
      expected: '201 Created attendu',
      sequential: true,
      requests: [post(valid(idnps(n), base), 'La création (POST)')],
    },
    {
      id: '5.02',
      title: "Création d'un compte régulateur avec identifiant UUID",
      optional: false,
      expected: '201 Created attendu',
      sequential: true,
      requests: [post(valid(intrn(u1), prefixed(u1)), 'La création (POST)')],
    },
    {
      id: '5.03',
      title: 'Création en double : rejet de la seconde requête POST',
      optional: false,
      expected: '201 Created pour la première requête, puis refus 4xx ou 5xx pour la seconde, identique',
      sequential: true,
      requests: [
        post(duplicate, 'La première création (POST)'),
        { ...post(duplicate, 'Le second POST identique', 'reject'), mustRefuse: 'la seconde création du même compte (409 ou 422 attendu) : il a créé un doublon' },
      ],
    },
    {
      id: '5.04',
      title: 'Créations avec champs obligatoires manquants',
      optional: false,
      expected: 'refus 4xx ou 5xx attendu pour chacun des 4 corps incomplets',
      sequential: false,
      requests: incomplete(freshValid, 'POST', null),
    },
    {
      id: '5.05',
      title: 'Créations avec valeurs invalides (facultatif)',
      optional: true,
      expected: 'refus 4xx ou 5xx attendu pour chacun des 5 corps invalides (étape facultative : un écart est un avertissement)',
      sequential: false,
      requests: invalidValues(),
    },
    {
      id: '5.06',
      title: "Retrait d'habilitation d'un régulateur",
      optional: false,
      expected: 'réponse 2xx ou 3xx attendue',
      sequential: true,
      requests: [put(idnps(n), valid(idnps(n), base, false), 'La déshabilitation (PUT, active=false)')],
    },
    {
      id: '5.07',
      title: "Habilitation d'un régulateur",
      optional: false,
      expected: 'réponse 2xx ou 3xx attendue',
      sequential: true,
      requests: [put(idnps(n), valid(idnps(n), base), "L'habilitation (PUT, active=true)")],
    },
    {
      id: '5.08',
      title: "Modification de l'e-mail d'un compte régulateur",
      optional: false,
      expected: 'réponse 2xx ou 3xx attendue',
      sequential: true,
      requests: [put(idnps(n), valid(idnps(n), modif), "La modification de l'e-mail (PUT)")],
    },
    {
      id: '5.09',
      title: "Modification de l'identifiant d'un compte régulateur",
      optional: false,
      expected: 'réponse 2xx ou 3xx attendue (ancien identifiant dans la requête, nouveau dans le corps)',
      sequential: true,
      requests: [put(idnps(n), valid(idnps(n2), modif), "La modification de l'identifiant national (PUT)")],
    },
    {
      id: '5.10',
      title: "Conversion de l'identifiant du compte régulateur (UUID → IDNPS)",
      optional: false,
      expected: 'réponse 2xx ou 3xx attendue',
      sequential: true,
      // The kit's code, not its title: the IDNPS system with 5.02's UUID in the query, the UUID system with the
      // national id in the body. The kit reuses 5.02's e-mail; an editor that keeps e-mails unique among active
      // accounts (they are the regulators' logins) would refuse it for that alone, so the address differs here.
      note:
        "Particularité du kit : le code ne correspond pas au titre. La requête cible le système IDNPS avec l'UUID de 5.02 et le corps porte le système UUID (INTRN) avec l'identifiant national : pour l'éditeur, c'est en général une création par PUT. L'adresse e-mail diffère de celle de 5.02 pour qu'un refus ne puisse pas venir de l'unicité des e-mails.",
      requests: [put(idnps(u1), valid(intrn(n), { ...base, email: `${u1}.${mail}` }), 'La conversion (PUT)')],
    },
    {
      id: '5.11',
      title: 'Modification du nom',
      optional: false,
      expected: 'réponse 2xx ou 3xx attendue',
      sequential: true,
      requests: [put(idnps(n2), valid(idnps(n2), afterModif), 'La modification du nom (PUT)')],
    },
    {
      id: '5.12',
      title: 'Modification du prénom',
      optional: false,
      expected: 'réponse 2xx ou 3xx attendue',
      sequential: true,
      requests: [put(idnps(n2), valid(idnps(n2), afterGiven), 'La modification du prénom (PUT)')],
    },
    {
      id: '5.13',
      title: 'Modifications avec champs obligatoires manquants',
      optional: false,
      expected: 'refus 4xx ou 5xx attendu pour chacun des 4 corps incomplets',
      sequential: false,
      requests: incomplete(() => valid(idnps(n2), afterGiven), 'PUT', token(idnps(n2))),
    },
    {
      id: '5.14',
      title: 'Créations par PUT avec champs obligatoires manquants',
      optional: false,
      expected: 'refus 4xx ou 5xx attendu pour chacun des 4 corps incomplets',
      sequential: false,
      requests: incomplete(() => valid(intrn(u3), prefixed(u3)), 'PUT', token(intrn(u3))),
    },
    {
      id: '5.15',
      title: "Création d'un compte régulateur par PUT",
      optional: false,
      expected: '200 OK ou 201 Created attendu',
      sequential: true,
      requests: [put(intrn(u4), valid(intrn(u4), prefixed(u4)), 'La création par PUT', 'put-create')],
    },
    {
      id: '5.16',
      title: "Réattribution d'un IDNPS après déshabilitation du compte d'origine",
      optional: false,
      expected: '2xx ou 3xx pour la déshabilitation (a), 201 Created pour la nouvelle création (b), puis 2xx ou 3xx pour la réattribution (c)',
      sequential: true,
      note: "Particularité du kit : depuis 5.09, l'identifiant national d'origine n'est plus celui du compte de 5.01 ; la déshabilitation (a) est donc souvent une création par PUT d'un compte inactif.",
      requests: [
        put(idnps(n), valid(idnps(n), base, false), 'La déshabilitation (a)'),
        post(valid(intrn(u5), prefixed(u5, '.')), 'La nouvelle création (b)'),
        put(intrn(u5), valid(idnps(n), prefixed(u5, '.')), 'La réattribution (c)'),
      ],
    },
  ];
}

/** The steps of a run before it is played: « skipped » with no request and no detail reads as « pending ». */
function pendingSteps(specs: readonly StepSpec[]): QualificationStep[] {
  return specs.map((s) => ({ id: s.id, title: s.title, optional: s.optional, verdict: 'skipped', expected: s.expected, requests: [], detail: null }));
}

/** Undecided: not played yet, or being played (verdict still the placeholder, no detail). */
const undecided = (s: QualificationStep) => s.verdict === 'skipped' && s.detail === null;

interface Row {
  id: string;
  editor_id: string;
  editor_name: string;
  base_url: string;
  started_utc: number;
  finished_utc: number | null;
  steps: string;
}

function summaryOf(steps: readonly QualificationStep[], finished: boolean): QualificationRun['summary'] {
  const summary: Partial<Record<QualificationVerdict, number>> = {};
  // While the run plays, steps still waiting are no verdict yet: they are not counted as skipped.
  for (const s of steps) if (finished || !undecided(s)) summary[s.verdict] = (summary[s.verdict] ?? 0) + 1;
  return summary;
}

function toRun(r: Row): QualificationRun {
  const steps = JSON.parse(r.steps) as QualificationStep[];
  return {
    id: r.id,
    editorId: r.editor_id,
    editorName: r.editor_name,
    baseUrl: r.base_url,
    startedUtc: r.started_utc,
    finishedUtc: r.finished_utc,
    steps,
    summary: summaryOf(steps, r.finished_utc !== null),
  };
}

/**
 * Plays the kit's group 5 against an editor and keeps what happened. Runs are jobs (one at a time per editor,
 * never retried: a second attempt would replay creates on identities the editor already holds), and a run the
 * process could not finish is closed with its remaining steps skipped, never left « en cours ».
 */
export class QualificationService {
  private readonly stmts;

  constructor(private readonly deps: Deps) {
    const { db } = deps;
    this.stmts = {
      insert: db.prepare(`INSERT INTO qualification_runs (id, editor_id, editor_name, base_url, started_utc, finished_utc, steps)
        VALUES (@id, @editorId, @editorName, @baseUrl, @startedUtc, NULL, @steps)`),
      get: db.prepare('SELECT * FROM qualification_runs WHERE id = ?'),
      save: db.prepare('UPDATE qualification_runs SET steps = @steps, finished_utc = @finishedUtc WHERE id = @id'),
      all: db.prepare('SELECT * FROM qualification_runs ORDER BY started_utc DESC, id LIMIT ?'),
      byEditor: db.prepare('SELECT * FROM qualification_runs WHERE editor_id = ? ORDER BY started_utc DESC, id LIMIT ?'),
      unfinished: db.prepare('SELECT id FROM qualification_runs WHERE finished_utc IS NULL'),
    };
  }

  worker(): Worker<QualificationPayload> {
    return {
      kind: QUALIFICATION_JOB,
      perLane: 1,
      total: 2,
      maxAttempts: 1,
      // Renewed after every request: a run is some thirty requests, each up to the editor's timeout.
      leaseMs: 120_000,
      run: (job, ctx) => this.play(job, ctx),
      settled: (job, outcome) => {
        // Failed (a crash found at start, an abort) or cancelled before it ran: close what was not played.
        if (outcome.kind !== 'done') this.finalize(job.payload.runId, INTERRUPTED);
        this.deps.emit('qualifications', job.payload.runId);
      },
    };
  }

  start(editorId: string, inputs: { nationalId?: string; email?: string }): QualificationRun {
    const editor = this.deps.editors.get(editorId);
    if (!editor) throw new ApiError('not-found', 'Éditeur inconnu : il a peut-être été supprimé.');
    if (!editor.flows.includes('regulators')) {
      throw new ApiError('invalid-input', `L'éditeur « ${editor.name} » ne reçoit pas les comptes régulateurs (flux INT_R02) : activez ce flux dans Paramètres → Éditeurs avant de le qualifier.`);
    }
    let protocol: string;
    try {
      protocol = new URL(editor.baseUrl).protocol;
    } catch {
      protocol = '';
    }
    if (protocol !== 'https:' && protocol !== 'http:') {
      throw new ApiError('invalid-input', `L'adresse de l'éditeur « ${editor.name} » n'est pas une URL http ou https : corrigez-la dans Paramètres → Éditeurs.`);
    }
    // The run creates accounts that nobody will use and cannot delete (INT_R02 has no DELETE): never in production.
    if (editor.environment === 'production') {
      throw new ApiError('invalid-input', `La qualification crée des comptes de test chez l'éditeur : elle se joue sur un environnement de recette ou de préproduction, pas sur « ${editor.name} » (production).`);
    }
    const nationalId = inputs.nationalId?.trim() || randomNationalId();
    if (!NATIONAL_ID.test(nationalId)) throw new ApiError('invalid-input', `Identifiant national « ${nationalId} » invalide : 6 à 40 chiffres, lettres ou « / » attendus.`);
    const email = inputs.email?.trim() || `qualification.${randomUUID().slice(0, 8)}@console-sas.invalid`;
    if (!EMAIL.test(email) || email.length > 200) throw new ApiError('invalid-input', `Adresse e-mail « ${email} » invalide.`);

    const id = randomUUID();
    const startedUtc = Date.now();
    const steps = pendingSteps(qualificationPlan(this.identities(nationalId, email)));
    this.deps.db.transaction(() => {
      this.stmts.insert.run({ id, editorId: editor.id, editorName: editor.name, baseUrl: editor.baseUrl, startedUtc, steps: JSON.stringify(steps) });
      this.deps.jobs.enqueue<QualificationPayload>(QUALIFICATION_JOB, id, { lane: editor.id, payload: { runId: id, nationalId, email }, maxAttempts: 1 });
    })();
    this.deps.emit('qualifications', id);
    return this.load(id)!;
  }

  run(id: string): QualificationRun | null {
    this.closeOrphans();
    return this.load(id);
  }

  runs(editorId?: string, limit = 50): QualificationRun[] {
    this.closeOrphans();
    const n = Math.max(1, Math.min(500, Math.floor(limit)));
    const rows = (editorId ? this.stmts.byEditor.all(editorId, n) : this.stmts.all.all(n)) as Row[];
    return rows.map(toRun);
  }

  /** JSON document of a run for a support ticket: the run plus, per request, the journalled request and response (headers and bodies). */
  exportRun(id: string): unknown {
    const run = this.run(id);
    if (!run) throw new ApiError('not-found', 'Qualification inconnue : elle a peut-être été purgée.');
    const exchange = (exchangeId: number | null) => {
      const x: ExchangeDetail | null = exchangeId === null ? null : this.deps.journal.get(exchangeId);
      if (!x) return null;
      return {
        id: x.id,
        at: x.atRaw,
        correlationId: x.correlationId,
        operation: x.operation,
        outcome: x.outcome,
        durationMs: x.durationMs,
        request: { method: x.method, url: x.url, headers: x.requestHeaders, body: x.requestBody },
        response: { status: x.status, headers: x.responseHeaders, body: x.responseBody },
        bodiesPurgedAt: x.bodyPurgedUtc === null ? null : new Date(x.bodyPurgedUtc).toISOString(),
        failure: x.failure,
        timings: x.timings,
        tls: x.tls,
      };
    };
    return {
      format: 'console-sas.qualification-int-r02',
      version: 1,
      exportedAt: new Date().toISOString(),
      source: 'Kit de test ANS (interop-outil-fhir-sas-test-kit), groupe 5 : gestion des comptes régulateurs, flux V1',
      run: {
        id: run.id,
        editorId: run.editorId,
        editorName: run.editorName,
        baseUrl: run.baseUrl,
        startedAt: new Date(run.startedUtc).toISOString(),
        finishedAt: run.finishedUtc === null ? null : new Date(run.finishedUtc).toISOString(),
        summary: run.summary,
      },
      steps: run.steps.map((s) => ({
        id: s.id,
        title: s.title,
        optional: s.optional,
        verdict: s.verdict,
        expected: s.expected,
        detail: s.detail,
        requests: s.requests.map((r) => ({ method: r.method, url: r.url, status: r.status, failure: r.failure, exchange: exchange(r.exchangeId) })),
      })),
    };
  }

  private identities(nationalId: string, email: string): QualificationIdentities {
    let nationalIdModif = randomNationalId();
    while (nationalIdModif === nationalId) nationalIdModif = randomNationalId();
    return {
      nationalId,
      nationalIdModif,
      email,
      emailModif: modifiedEmail(email),
      family: FAMILY,
      given: GIVEN,
      familyModif: `${FAMILY}-modif`,
      givenModif: `${GIVEN}-modif`,
    };
  }

  private load(id: string): QualificationRun | null {
    const r = this.stmts.get.get(id) as Row | undefined;
    return r ? toRun(r) : null;
  }

  private save(run: QualificationRun): void {
    this.stmts.save.run({ id: run.id, steps: JSON.stringify(run.steps), finishedUtc: run.finishedUtc });
  }

  /** Closes a run: the steps still undecided are skipped with `detail`. Nothing for a run already closed. */
  private finalize(runId: string, detail: string): void {
    const run = this.load(runId);
    if (!run || run.finishedUtc !== null) return;
    for (const s of run.steps) {
      if (undecided(s)) s.detail = detail;
    }
    run.finishedUtc = Date.now();
    this.save(run);
  }

  /**
   * Runs whose job ended without the worker being told (it was not registered when a restart failed the job, or
   * the job row was removed): closed here, so that no run stays « en cours » for ever.
   */
  private closeOrphans(): void {
    for (const { id } of this.stmts.unfinished.all() as { id: string }[]) {
      const job = this.deps.jobs.latest(QUALIFICATION_JOB, id);
      if (job && (job.state === 'queued' || job.state === 'running')) continue;
      this.finalize(id, INTERRUPTED);
      this.deps.emit('qualifications', id);
    }
  }

  private interrupted(runId: string): JobOutcome {
    this.finalize(runId, INTERRUPTED);
    this.deps.emit('qualifications', runId);
    return { kind: 'fail', failure: failure('job.interrupted', false) };
  }

  private async play(job: Job<QualificationPayload>, ctx: WorkerContext): Promise<JobOutcome> {
    const { runId, nationalId, email } = job.payload;
    const run = this.load(runId);
    if (!run) return { kind: 'fail', failure: failure('internal', false, { detail: `qualification ${runId} absente` }) };
    if (run.finishedUtc !== null) return { kind: 'done', result: { alreadyFinished: true } };
    // A second attempt would replay the creates on identities the editor may already hold: close instead.
    if (job.attempts > 1 || run.steps.some((s) => !undecided(s) || s.requests.length > 0)) return this.interrupted(runId);
    const editor = this.deps.editors.get(run.editorId);
    if (!editor) {
      this.finalize(runId, "L'éditeur a été supprimé avant la fin de la qualification.");
      this.deps.emit('qualifications', runId);
      return { kind: 'fail', failure: failure('editor.unknown', false) };
    }

    const specs = qualificationPlan(this.identities(nationalId, email));
    for (const [i, spec] of specs.entries()) {
      const step = run.steps[i];
      const problems: string[] = [];
      const notes: string[] = [];
      for (const [k, planned] of spec.requests.entries()) {
        if (ctx.signal.aborted) return this.interrupted(runId);
        const response = await this.send(run, editor, spec, k, planned, step, ctx);
        if (ctx.signal.aborted) return this.interrupted(runId);
        const judged = judge(spec, planned, response);
        if (judged.note) notes.push(judged.note);
        if (!judged.problem) continue;
        problems.push(judged.problem);
        if (spec.sequential && k < spec.requests.length - 1) {
          problems.push('Les requêtes suivantes de cette étape ne sont pas envoyées, comme le fait le kit.');
          break;
        }
      }
      step.verdict = problems.length === 0 ? 'pass' : spec.optional ? 'warning' : 'fail';
      const detail = [...problems, ...notes, ...(spec.note ? [spec.note] : [])].join(' ');
      // A passed step with nothing to say keeps detail null: its verdict, no longer the placeholder, says it was played.
      step.detail = detail || null;
      this.save(run);
      this.deps.emit('qualifications', runId);
    }
    run.finishedUtc = Date.now();
    this.save(run);
    this.deps.emit('qualifications', runId);
    return { kind: 'done', result: { summary: summaryOf(run.steps, true) } };
  }

  /** Journals the request as pending, records it on the step, sends it, then completes both (as provisioning does). */
  private async send(
    run: QualificationRun,
    editor: EditorRecord,
    spec: StepSpec,
    index: number,
    planned: Planned,
    step: QualificationStep,
    ctx: WorkerContext,
  ): Promise<EditorResponse> {
    const base = run.baseUrl.replace(/\/+$/, '');
    const url = planned.query ? `${base}/Practitioner?identifier=${encodeURIComponent(planned.query)}` : `${base}/Practitioner`;
    const text = JSON.stringify(planned.body);
    const exchangeId = this.deps.journal.record({
      atUtc: Date.now(),
      direction: 'outbound',
      channel: 'editor-regulators',
      peer: editor.name,
      clientSubject: null,
      method: planned.method,
      url,
      status: null,
      durationMs: null,
      requestHeaders: journalHeaders({ accept: editor.accept, 'content-type': 'application/fhir+json' }),
      requestBody: text,
      responseHeaders: {},
      responseBody: null,
      appointmentId: null,
      operation: `qualification.${spec.id}`,
      correlationId: `${run.id}.${spec.id}.${index + 1}`,
      outcome: 'pending',
      links: [
        { kind: 'qualification', ref: run.id },
        { kind: 'editor', ref: editor.id },
      ],
    });
    // On the step before it leaves: a crash mid-request still shows which exchange was out.
    const entry: QualificationStep['requests'][number] = { method: planned.method, url, status: null, exchangeId, failure: null };
    step.requests.push(entry);
    this.save(run);
    this.deps.emit('journal');
    this.deps.emit('qualifications', run.id);

    const response = await this.deps.client.request(editor, { method: planned.method, url, body: text, signal: ctx.signal });
    const answered = response.status !== null;
    this.deps.journal.complete(exchangeId, outboundCompletion(response, this.certificateOf(editor)));
    entry.status = response.status;
    entry.failure = answered ? null : (response.failure ?? failure('net.protocol', true));
    this.save(run);
    ctx.heartbeat();
    this.deps.emit('journal');
    return response;
  }

  /** The certificate shown in the journal; an identity that cannot be loaded already failed the request itself. */
  private certificateOf(editor: EditorRecord): ClientCertificateUsed | null {
    try {
      return this.deps.client.clientCertificate(editor);
    } catch {
      return null;
    }
  }
}

/** What one answer says about its step: a problem (out of the kit's window) and/or a note worth reading. */
function judge(spec: StepSpec, planned: Planned, res: EditorResponse): { problem: string | null; note: string | null } {
  if (res.status === null) {
    const why = (res.error?.message ?? 'aucune réponse').trim();
    return { problem: `${planned.what} n'a pas reçu de réponse : ${why}${why.endsWith('.') ? '' : '.'}`, note: null };
  }
  const status = res.status;
  const oo = operationOutcomeText(res.body, 300);
  if (inWindow(planned.window, status)) {
    // The kit accepts any 5xx as a refusal; the IG expects 400 or 422 with an OperationOutcome.
    if (planned.window === 'reject' && status >= 500) {
      return { problem: null, note: `${planned.what} a été refusé par une erreur serveur (${status}) : le kit l'admet, mais l'IG attend 400 ou 422 avec un OperationOutcome.` };
    }
    return { problem: null, note: null };
  }
  if (planned.window === 'reject' && status >= 200 && status < 400) {
    return { problem: `${planned.what} a été accepté (${status}) : l'éditeur doit refuser ${planned.mustRefuse ?? 'ce corps'}.`, note: null };
  }
  let text = `${planned.what} a reçu ${status} au lieu de ${WINDOW_TEXT[planned.window]}${oo ? ` (${oo})` : ''}.`;
  if (spec.id === '5.01' && isDuplicateRefusal(status, res.body)) {
    text += " L'identifiant national existe déjà chez l'éditeur (une qualification précédente ?) : relancez avec un autre identifiant national, ou sans en donner.";
  }
  return { problem: text, note: null };
}

