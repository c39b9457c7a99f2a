// A local stand-in for an editor's regulator-account management (INT_R02, CapabilityStatement
// SAS-GestionnaireStructure): the SAS platform creates accounts with POST [base]/Practitioner and updates,
// re-identifies or revokes them with the conditional PUT [base]/Practitioner?identifier=system|value. It
// answers as the IG and the ANS test kit expect an editor to (sas-ig.md §5, test-kit.md §2.5), over HTTPS
// with client certificates, and can be told to misbehave the ways real editors do (faults).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { asArray, isObject } from '../shared/fhir/json';
import { FR_V2_0203, NATIONAL_ID_SYSTEM, SAS_TECHNICAL_ID_SYSTEM } from '../shared/regulators/regulator-types';
import type { TestPki } from './pki';

export type RegulatorEditorFault =
  /** Answers this status with an OperationOutcome (and Retry-After if given) without applying the request. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Reads the request and never answers; the socket stays open until close(). */
  | { kind: 'timeout' }
  /** Applies the request fully, then destroys the socket without any answer. */
  | { kind: 'reset-after-apply' }
  /** Applies the request at once and answers normally after `ms`. */
  | { kind: 'slow'; ms: number };

export interface RegulatorEditorRequest {
  method: string;
  url: string;
  /** The decoded `identifier` parameter (`system|value`), or null when absent. */
  identifierQuery: string | null;
  contentType: string | undefined;
  accept: string | undefined;
  /** CN of the client certificate. */
  clientCn: string | null;
  /** The parsed JSON body, the raw text when it is not JSON, null when empty. */
  body: unknown;
  /** The status answered; null until answered, and for ever after a 'timeout' or 'reset-after-apply'. */
  status: number | null;
  fault: RegulatorEditorFault['kind'] | null;
  /** Date.now() when the request was fully read. */
  atMs: number;
}

export interface PractitionerAccount {
  id: string;
  versionId: number;
  resource: Record<string, unknown>;
  createdBy: 'POST' | 'PUT';
}

export interface RegulatorEditorOptions {
  pki: TestPki;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Every answer delayed by this (the "slow editor"); changes are applied on arrival. */
  delayMs?: number;
  /** Answer to a create whose identifier already exists; default 409 (OperationOutcome code 'duplicate'). */
  duplicateStatus?: 409 | 422 | 400;
  /** Answer to a conditional PUT that creates; default 201 (the IG leaves 200 or 201 open). */
  putCreateStatus?: 200 | 201;
  /** Default '/fhir'. */
  basePath?: string;
}

export interface RegulatorCounts {
  posts: number;
  puts: number;
  created: number;
  updated: number;
  /** Requests decided with a status ≥ 400 (injected 'status' faults included), answered or not. */
  refused: number;
}

export interface RegulatorEditor {
  /** `https://127.0.0.1:<port>/fhir` */
  base: string;
  received: RegulatorEditorRequest[];
  accounts(): PractitionerAccount[];
  find(system: string, value: string): PractitionerAccount | undefined;
  /** Faults are consumed in order by matching requests (method filter optional), `times` defaults to 1. */
  inject(fault: RegulatorEditorFault, options?: { method?: 'POST' | 'PUT'; times?: number }): void;
  clearFaults(): void;
  counts(): RegulatorCounts;
  /**
   * Identifiers created more than once (each extra creation counts) plus identifiers held by several accounts
   * at once: a client that provisions correctly keeps this at 0.
   */
  duplicates(): number;
  /** Resolves once `count` requests have been recorded (at once if they already have). */
  waitForRequests(count: number): Promise<void>;
  /** Forgets accounts, requests, faults and counters. */
  reset(): void;
  /** Also ends hanging 'timeout' sockets and pending delayed answers. */
  close(): Promise<void>;
}

interface Identifier {
  system: string;
  value: string;
}

interface Account {
  id: string;
  versionId: number;
  resource: Record<string, unknown>;
  createdBy: 'POST' | 'PUT';
  identifiers: Identifier[];
  email: string;
  active: boolean;
}

interface Validated {
  resource: Record<string, unknown>;
  identifiers: Identifier[];
  email: string;
  active: boolean;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

/** The type code each known system must carry (fr-v2-0203); the kit sends the wrong one on purpose (5.05). */
const TYPE_CODE: Record<string, string> = { [NATIONAL_ID_SYSTEM]: 'IDNPS', [SAS_TECHNICAL_ID_SYSTEM]: 'INTRN' };
const FHIR_JSON = new Set(['application/fhir+json', 'application/json+fhir', 'application/json']);
/** Far above any Practitioner; only there so that a runaway client cannot fill the test's memory. */
const MAX_BODY_BYTES = 1024 * 1024;

const tokenOf = (i: Identifier) => `${i.system}|${i.value}`;
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function outcome(status: number, code: string, diagnostics: string, expression?: string): Answer {
  return {
    status,
    body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics, ...(expression ? { expression: [expression] } : {}) }] },
  };
}

function injectedCode(status: number): string {
  if (status === 429) return 'throttled';
  if (status === 503 || status === 504) return 'transient';
  if (status >= 500) return 'exception';
  return 'processing';
}

function isNonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/** Checks a body against FrPractitionerRegul as the kit's groups 5.04/5.05 expect an editor to. */
function validate(body: unknown): Validated | Answer {
  if (!isObject(body)) return outcome(400, 'structure', 'le corps doit être un objet JSON', 'Practitioner');
  if (body.resourceType !== 'Practitioner') return outcome(400, 'invalid', `resourceType Practitioner attendu`, 'Practitioner.resourceType');
  const ids = body.identifier;
  if (!Array.isArray(ids) || ids.length === 0) return outcome(400, 'required', 'au moins un identifiant est requis', 'Practitioner.identifier');
  const identifiers: Identifier[] = [];
  const systems = new Set<string>();
  for (const [k, i] of ids.entries()) {
    const at = `Practitioner.identifier[${k}]`;
    if (!isObject(i)) return outcome(400, 'structure', 'identifiant mal formé', at);
    if (!isNonEmpty(i.system)) return outcome(400, 'required', 'identifier.system est requis', `${at}.system`);
    if (!isNonEmpty(i.value)) return outcome(400, 'required', 'identifier.value est requis', `${at}.value`);
    // The IG slices identifier by system with max 1 per slice: two national ids make no sense.
    if (systems.has(i.system)) return outcome(400, 'value', `deux identifiants du système ${i.system}`, at);
    systems.add(i.system);
    const expected = TYPE_CODE[i.system];
    if (expected) {
      const coding = asArray(isObject(i.type) ? i.type.coding : undefined).filter((c) => isObject(c) && c.system === FR_V2_0203);
      if (coding.length === 0) return outcome(400, 'required', `identifier.type (${FR_V2_0203}#${expected}) est requis`, `${at}.type`);
      const wrong = coding.find((c) => isObject(c) && c.code !== expected);
      if (wrong && isObject(wrong)) {
        return outcome(400, 'value', `le code ${String(wrong.code)} ne correspond pas au système ${i.system} (attendu ${expected})`, `${at}.type.coding`);
      }
    }
    identifiers.push({ system: i.system, value: i.value });
  }
  if (typeof body.active !== 'boolean') return outcome(400, 'required', 'active (booléen) est requis', 'Practitioner.active');
  // The IG allows 0..* names but the kit's NO_NAME must be refused: an account needs a name.
  const names = asArray(body.name);
  if (names.length === 0) return outcome(400, 'required', 'le nom est requis', 'Practitioner.name');
  for (const [k, n] of names.entries()) {
    const at = `Practitioner.name[${k}]`;
    if (!isObject(n)) return outcome(400, 'structure', 'nom mal formé', at);
    if (!isNonEmpty(n.family)) return outcome(400, 'required', 'name.family est requis et non vide', `${at}.family`);
    const given = asArray(n.given);
    if (given.length !== 1 || !isNonEmpty(given[0])) return outcome(400, 'value', 'name.given doit contenir exactement un prénom non vide', `${at}.given`);
  }
  const telecom = asArray(body.telecom);
  if (telecom.length === 0) return outcome(400, 'required', 'une adresse e-mail est requise', 'Practitioner.telecom');
  let email: string | null = null;
  for (const [k, t] of telecom.entries()) {
    const at = `Practitioner.telecom[${k}]`;
    // telecom.system has the pattern `email` in FrPractitionerRegul: any other system is a wrong body.
    if (!isObject(t) || t.system !== 'email') return outcome(400, 'value', 'telecom.system doit être email', `${at}.system`);
    if (!isNonEmpty(t.value)) return outcome(400, 'required', "l'adresse e-mail est vide", `${at}.value`);
    email ??= t.value;
  }
  return { resource: body, identifiers, email: email ?? '', active: body.active };
}

function publicView(a: Account): PractitionerAccount {
  return { id: a.id, versionId: a.versionId, resource: structuredClone(a.resource), createdBy: a.createdBy };
}

export async function startRegulatorEditor(options: RegulatorEditorOptions): Promise<RegulatorEditor> {
  const host = options.host ?? '127.0.0.1';
  const basePath = `/${(options.basePath ?? '/fhir').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const duplicateStatus = options.duplicateStatus ?? 409;
  const putCreateStatus = options.putCreateStatus ?? 201;
  const received: RegulatorEditorRequest[] = [];
  let accounts: Account[] = [];
  let faults: Array<{ fault: RegulatorEditorFault; method?: 'POST' | 'PUT'; left: number }> = [];
  let counters: RegulatorCounts = { posts: 0, puts: 0, created: 0, updated: 0, refused: 0 };
  let creations = new Map<string, number>();
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const hanging = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let base = '';

  // Indexed like a real editor's database: the benchmark provisions thousands of accounts per editor.
  let holders = new Map<string, Account>();
  let byEmail = new Map<string, Set<Account>>();
  const emailKey = (e: string) => e.trim().toLowerCase();
  const index = (a: Account) => {
    for (const i of a.identifiers) holders.set(tokenOf(i), a);
    const k = emailKey(a.email);
    byEmail.set(k, (byEmail.get(k) ?? new Set()).add(a));
  };
  const unindex = (a: Account) => {
    for (const i of a.identifiers) if (holders.get(tokenOf(i)) === a) holders.delete(tokenOf(i));
    byEmail.get(emailKey(a.email))?.delete(a);
  };
  const holderOf = (i: Identifier) => holders.get(tokenOf(i));
  const emailTakenBy = (email: string, except: Account | undefined) =>
    [...(byEmail.get(emailKey(email)) ?? [])].find((a) => a !== except && a.active && sameEmail(a.email, email));
  const location = (a: Account) => `${base}/Practitioner/${a.id}/_history/${a.versionId}`;
  const stamp = (a: Account, resource: Record<string, unknown>) => {
    const meta = isObject(resource.meta) ? resource.meta : {};
    // The server owns id and meta: the kit sends its own `id`, which FHIR says to ignore on create.
    a.resource = { ...resource, id: a.id, meta: { ...meta, versionId: String(a.versionId), lastUpdated: new Date().toISOString() } };
  };
  const saved = (status: number, a: Account): Answer => ({
    status,
    body: a.resource,
    headers: { location: location(a), etag: `W/"${a.versionId}"` },
  });

  function create(v: Validated, by: 'POST' | 'PUT'): Answer {
    for (const i of v.identifiers) {
      const holder = holderOf(i);
      if (holder) return outcome(duplicateStatus, 'duplicate', `l'identifiant ${tokenOf(i)} est déjà attribué (compte ${holder.id})`, 'Practitioner.identifier');
    }
    const other = v.active ? emailTakenBy(v.email, undefined) : undefined;
    if (other) return outcome(422, 'business-rule', `l'adresse ${v.email} est déjà utilisée par le compte actif ${other.id}`, 'Practitioner.telecom');
    const a: Account = { id: randomUUID(), versionId: 1, resource: {}, createdBy: by, identifiers: v.identifiers, email: v.email, active: v.active };
    stamp(a, v.resource);
    accounts.push(a);
    index(a);
    for (const i of v.identifiers) creations.set(tokenOf(i), (creations.get(tokenOf(i)) ?? 0) + 1);
    counters.created++;
    return saved(by === 'POST' ? 201 : putCreateStatus, a);
  }

  function update(target: Account, v: Validated): Answer {
    const moved: Array<{ from: Account; identifier: Identifier }> = [];
    for (const i of v.identifiers) {
      const holder = holderOf(i);
      if (!holder || holder === target) continue;
      // Kit 5.16: a revoked account's national id goes to the regulator's new account; an active one keeps it.
      if (holder.active) return outcome(422, 'business-rule', `l'identifiant ${tokenOf(i)} appartient au compte actif ${holder.id}`, 'Practitioner.identifier');
      moved.push({ from: holder, identifier: i });
    }
    const other = v.active ? emailTakenBy(v.email, target) : undefined;
    if (other) return outcome(422, 'business-rule', `l'adresse ${v.email} est déjà utilisée par le compte actif ${other.id}`, 'Practitioner.telecom');
    for (const { from, identifier } of moved) {
      unindex(from);
      from.identifiers = from.identifiers.filter((x) => tokenOf(x) !== tokenOf(identifier));
      index(from);
      from.versionId++;
      stamp(from, { ...from.resource, identifier: asArray(from.resource.identifier).filter((x) => !(isObject(x) && x.system === identifier.system && x.value === identifier.value)) });
    }
    unindex(target);
    target.identifiers = v.identifiers;
    target.email = v.email;
    target.active = v.active;
    index(target);
    target.versionId++;
    stamp(target, v.resource);
    counters.updated++;
    return saved(200, target);
  }

  function decide(method: string, url: URL, contentType: string | undefined, text: string | null): Answer {
    if (url.pathname !== `${basePath}/Practitioner` || (method !== 'POST' && method !== 'PUT')) {
      return outcome(404, 'not-found', `${method} ${url.pathname} n'existe pas`);
    }
    let query: Identifier | null = null;
    if (method === 'PUT') {
      const tokens = url.searchParams.getAll('identifier');
      if (tokens.length === 0) return outcome(400, 'required', 'mise à jour conditionnelle sans paramètre identifier');
      if (tokens.length > 1) return outcome(412, 'multiple-matches', 'un seul paramètre identifier est attendu');
      const bar = tokens[0].indexOf('|');
      if (bar <= 0 || bar === tokens[0].length - 1) return outcome(400, 'invalid', `identifier=${tokens[0]}: système|valeur attendu`);
      query = { system: tokens[0].slice(0, bar), value: tokens[0].slice(bar + 1) };
    }
    const mediaType = contentType?.split(';')[0].trim().toLowerCase();
    if (!mediaType || !FHIR_JSON.has(mediaType)) return outcome(415, 'not-supported', `Content-Type ${contentType ?? '(absent)'} non pris en charge`);
    if (text === null) return outcome(413, 'too-costly', `corps de plus de ${MAX_BODY_BYTES} octets`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return outcome(400, 'structure', 'le corps n\'est pas du JSON');
    }
    const v = validate(body);
    if ('status' in v) return v;
    if (method === 'POST') return create(v, 'POST');
    const target = query ? holderOf(query) : undefined;
    // updateCreate = true: an unknown account is created, with all the checks of a create (IG §5.2).
    return target ? update(target, v) : create(v, 'PUT');
  }

  function takeFault(method: string): RegulatorEditorFault | null {
    const at = faults.findIndex((f) => !f.method || f.method === method);
    if (at < 0) return null;
    const entry = faults[at];
    if (--entry.left <= 0) faults.splice(at, 1);
    return entry.fault;
  }

  function later(ms: number, run: () => void): void {
    if (ms <= 0) return run();
    const t = setTimeout(() => {
      timers.delete(t);
      run();
    }, ms);
    timers.add(t);
  }

  function send(res: ServerResponse, record: RegulatorEditorRequest, a: Answer): void {
    if (res.destroyed || res.socket?.destroyed) return;
    const text = JSON.stringify(a.body);
    res.writeHead(a.status, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(text), ...a.headers });
    res.end(text);
    record.status = a.status;
  }

  function handle(req: IncomingMessage, res: ServerResponse, text: string | null): void {
    const url = new URL(req.url ?? '/', 'https://editor');
    const method = req.method ?? 'GET';
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const record: RegulatorEditorRequest = {
      method,
      url: req.url ?? '/',
      identifierQuery: url.searchParams.get('identifier'),
      contentType: req.headers['content-type'],
      accept: req.headers.accept,
      clientCn: peer?.subject?.CN ? String(peer.subject.CN) : null,
      body,
      status: null,
      fault: null,
      atMs: Date.now(),
    };
    received.push(record);
    if (method === 'POST') counters.posts++;
    if (method === 'PUT') counters.puts++;
    const due = waiters.filter((w) => received.length >= w.count);
    waiters = waiters.filter((w) => received.length < w.count);
    for (const w of due) w.resolve();

    const fault = takeFault(method);
    record.fault = fault?.kind ?? null;
    const delay = fault?.kind === 'slow' ? fault.ms : (options.delayMs ?? 0);
    if (fault?.kind === 'timeout') {
      hanging.add(req.socket);
      req.socket.once('close', () => hanging.delete(req.socket));
      return;
    }
    let answer: Answer;
    if (fault?.kind === 'status') {
      answer = outcome(fault.status, injectedCode(fault.status), `panne simulée (${fault.status})`);
      if (fault.retryAfter !== undefined) answer.headers = { 'retry-after': fault.retryAfter };
    } else {
      answer = decide(method, url, req.headers['content-type'], text);
    }
    if (answer.status >= 400) counters.refused++;
    if (fault?.kind === 'reset-after-apply') return later(delay, () => req.socket.destroy());
    later(delay, () => send(res, record, answer));
  }

  const server = https.createServer(
    {
      cert: fs.readFileSync(options.pki.serverCert),
      key: fs.readFileSync(options.pki.serverKey),
      ca: fs.readFileSync(options.pki.caCert),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY_BYTES) chunks.push(c);
      });
      req.on('end', () => handle(req, res, size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
      // The client went away mid-request: there is no one left to answer.
      req.on('error', () => {});
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  base = `https://${host.includes(':') ? `[${host}]` : host}:${port}${basePath}`;

  return {
    base,
    received,
    accounts: () => accounts.map(publicView),
    find: (system, value) => {
      const a = holderOf({ system, value });
      return a ? publicView(a) : undefined;
    },
    inject: (fault, o = {}) => {
      faults.push({ fault, method: o.method, left: o.times ?? 1 });
    },
    clearFaults: () => {
      faults = [];
    },
    counts: () => ({ ...counters }),
    duplicates: () => {
      let n = 0;
      for (const times of creations.values()) n += times - 1;
      const held = new Map<string, number>();
      for (const a of accounts) for (const i of a.identifiers) held.set(tokenOf(i), (held.get(tokenOf(i)) ?? 0) + 1);
      for (const times of held.values()) n += times - 1;
      return n;
    },
    waitForRequests: (count) =>
      new Promise<void>((resolve) => {
        if (received.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    reset: () => {
      accounts = [];
      holders = new Map();
      byEmail = new Map();
      received.length = 0;
      faults = [];
      counters = { posts: 0, puts: 0, created: 0, updated: 0, refused: 0 };
      creations = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of hanging) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
