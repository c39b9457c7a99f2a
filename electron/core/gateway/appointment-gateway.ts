import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { parseStrictJson } from '../../../shared/fhir/strict-json';
import { hostNameOf, isLoopbackHost } from '../../../shared/domain/host-names';
import { PROFILE_URLS } from '../../../shared/fhir/appointment-profile';
import { type Finding, finding } from '../../../shared/fhir/findings';
import { MAX_APPOINTMENT_BODY_BYTES } from '../../../shared/fhir/ig';
import { asArray, isObject, type JsonObject, obj, shown, str } from '../../../shared/fhir/json';
import { type AppointmentStore, mayAccess, type WriteOutcome, type WriteTarget } from '../appointments/appointment-store';
import { type Caller, callerLabel, certificateOwner, type EditorDirectory, type PresentedCertificate } from '../editors/editor-directory';
import { journalHeaders } from '../journal/header-masking';
import { isDiskFull } from '../store/disk-space';
import { certificateIdentity } from './distinguished-name';
import { prepareAppointment } from '../appointments/prepare-appointment';
import type { ExchangeDraft, JournalStore } from '../journal/journal-store';
import type { IgPackage } from '../validation/ig-validator';
import { capabilityStatement } from './capability-statement';
import { isAcceptedMediaType, readBody } from './http-body';
import { outcomeFromFindings, simpleOutcome } from './operation-outcome';

/** What the gateway checks on each request, read from the settings as they are now. */
export interface GatewayPolicy {
  /** Host names the gateway answers to besides loopback names (Host header check). */
  hostNames: readonly string[];
  allowUnregisteredEditors: boolean;
}

/** How the gateway tells the core about the store's health, seen from the requests it serves. */
export interface GatewayHealth {
  /** A write failed because the disk is full (503 answered). */
  diskFull(): void;
  /** A write committed: the store takes writes again. */
  writeOk(): void;
  /** An exchange could not be journalled (answered all the same). */
  unjournalled(): void;
}

export interface GatewayDeps {
  appointments: AppointmentStore;
  journal: JournalStore;
  directory: EditorDirectory;
  ig: () => IgPackage | null;
  policy: () => GatewayPolicy;
  health?: GatewayHealth;
  productVersion: string;
  mtls: boolean;
  /** Told after every journalled request (and the appointment it wrote, if any): the event stream. */
  changed?: (appointmentId: string | null) => void;
}

interface Reply {
  status: number;
  body: JsonObject | null;
  headers?: Record<string, string>;
  appointmentId?: string | null;
  /** Why the request was refused by policy (journalled): `editor-unknown`, `not-owner`, `host`… */
  refusal?: string;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The certificate a TLS client presented, read once per connection (editors keep their connections open). */
const presentedBySocket = new WeakMap<TLSSocket, PresentedCertificate | null>();

function presentedCertificate(req: IncomingMessage): PresentedCertificate | null {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const known = presentedBySocket.get(socket);
  if (known !== undefined) return known;
  const raw = socket.getPeerCertificate()?.raw;
  const presented = raw ? certificateIdentity(raw) : null;
  presentedBySocket.set(socket, presented);
  return presented;
}

/** Parses `system|value`, `|value` or `value` (FHIR token). `null` system means "any system". */
export function parseToken(raw: string): { system: string | null; value: string } | null {
  const bar = raw.indexOf('|');
  if (bar < 0) return raw ? { system: null, value: raw } : null;
  const value = raw.slice(bar + 1);
  return value ? { system: raw.slice(0, bar), value } : null;
}

/** The FHIR server for INT_R03: routes, validation, storage and the journal of every exchange. */
export function createAppointmentGateway(deps: GatewayDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const atUtc = Date.now();
    const method = req.method ?? 'GET';
    let policy: GatewayPolicy = { hostNames: [], allowUnregisteredEditors: false };
    let hostName: string | null = null;
    let hostOk = false;
    let base = 'http://localhost/fhir';
    let url: URL | null = null;
    let presented: PresentedCertificate | null = null;
    let requestBody: string | null = null;

    const draft = (reply: Reply, headers: Record<string, string>, body: string | null): ExchangeDraft => ({
      atUtc,
      direction: 'inbound',
      channel: 'fhir-gateway',
      peer: `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
      clientSubject: presented?.subject ?? null,
      clientIssuer: presented?.issuer ?? null,
      clientFingerprint: presented?.fingerprint256 ?? null,
      refusal: reply.refusal ?? null,
      method,
      url: req.url ?? '/',
      status: reply.status,
      durationMs: performance.now() - started,
      requestHeaders: journalHeaders(req.headers),
      requestBody,
      responseHeaders: headers,
      responseBody: body,
      appointmentId: reply.appointmentId ?? null,
    });

    const send = (reply: Reply, recorded?: { headers: Record<string, string>; text: string | null }): void => {
      if (recorded) {
        // Journalled inside the write transaction: answer exactly what was recorded.
        res.writeHead(reply.status, recorded.headers);
        res.end(recorded.text ?? undefined);
        return;
      }
      const body = reply.body === null ? null : JSON.stringify(reply.body);
      const headers: Record<string, string> = { ...(reply.headers ?? {}) };
      if (body !== null) headers['content-type'] = FHIR_JSON;
      journalled(draft(reply, headers, body));
      res.writeHead(reply.status, headers);
      res.end(body ?? undefined);
    };

    /** Journals an exchange; a journal that cannot be written (full disk) must not stop the answer. */
    const journalled = (d: ExchangeDraft): number | null => {
      try {
        const id = deps.journal.record(d);
        deps.changed?.(null);
        return id;
      } catch (e) {
        if (isDiskFull(e)) deps.health?.diskFull();
        deps.health?.unjournalled();
        return null;
      }
    };

    /** A failure of ours: the editor gets an OperationOutcome pointing at the journal entry, never our internals. */
    const internalError = (e: unknown): void => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (isDiskFull(e)) {
        deps.health?.diskFull();
        return send({
          status: 503,
          headers: { 'retry-after': '60' },
          refusal: 'store-full',
          body: simpleOutcome('transient', "[GW-STORE-FULL] Disque plein côté SAS : le rendez-vous n'a pas été enregistré. Renvoyez-le plus tard (voir Retry-After).", undefined),
        });
      }
      const reply: Reply = { status: 500, body: null, refusal: `internal: ${String((e as Error)?.message ?? e).slice(0, 500)}` };
      const id = journalled(draft(reply, { 'content-type': FHIR_JSON }, null));
      const body = JSON.stringify(
        simpleOutcome(
          'exception',
          `[GW-INTERNAL] Erreur interne de la passerelle : la requête n'a pas été traitée. ${id === null ? '' : `Référence du journal : n° ${id} `}(à communiquer au support SAS).`,
        ),
      );
      if (id !== null) {
        try {
          deps.journal.setResponseBody(id, body);
        } catch {
          // the journal row stays without its body: the reference it carries is what matters
        }
      }
      res.writeHead(500, { 'content-type': FHIR_JSON });
      res.end(body);
    };

    /** With mTLS: the registered editor the certificate belongs to, an unregistered caller if allowed, else null. */
    const identify = (): Caller | null => {
      if (!deps.mtls) return { kind: 'anonymous', owner: 'anonymous' };
      if (!presented) return null;
      const editor = deps.directory.fromCertificate(presented);
      if (editor) return editor;
      return policy.allowUnregisteredEditors ? { kind: 'unregistered', owner: certificateOwner(presented.fingerprint256), certificate: presented } : null;
    };

    try {
      policy = deps.policy();
      // Links we return are built on the Host the client used, once it is known to be one of ours.
      hostName = hostNameOf(req.headers.host);
      hostOk = hostName !== null && (isLoopbackHost(hostName) || policy.hostNames.includes(hostName));
      base = `${(req.socket as TLSSocket).encrypted ? 'https' : 'http'}://${hostOk ? req.headers.host : 'localhost'}/fhir`;
      presented = deps.mtls ? presentedCertificate(req) : null;
      try {
        url = new URL(req.url ?? '/', 'http://gateway');
      } catch {
        return send({ status: 400, body: simpleOutcome('invalid', '[GW-URL] Adresse de requête illisible : vérifiez le chemin et les paramètres de la requête.') });
      }
      if (!hostOk) {
        return send({
          status: hostName === null ? 400 : 421,
          refusal: 'host',
          body: simpleOutcome(
            'forbidden',
            hostName === null
              ? '[GW-HOST] En-tête Host absent ou mal formé : indiquez le nom de la passerelle.'
              : `[GW-HOST] Nom d'hôte « ${hostName} » inconnu de cette passerelle (noms acceptés : ${[...policy.hostNames, 'localhost', '127.0.0.1'].join(', ')}). Utilisez l'adresse communiquée par le SAS.`,
          ),
        });
      }
      const caller = identify();
      if (!caller) {
        return send({
          status: 403,
          refusal: 'editor-unknown',
          body: simpleOutcome(
            'forbidden',
            presented
              ? `[GW-EDITOR-UNKNOWN] Certificat client non enregistré (sujet « ${presented.subject} », émetteur « ${presented.issuer} », empreinte SHA-256 ${presented.fingerprint256}) : aucun éditeur du registre SAS ne le déclare. Demandez au support SAS de l'ajouter à votre éditeur (Paramètres → Éditeurs → identité entrante).`
              : '[GW-EDITOR-UNKNOWN] Aucun certificat client présenté : la passerelle exige un certificat enregistré.',
          ),
        });
      }
      const segments = url.pathname.split('/').filter(Boolean);
      if (segments[0] !== 'fhir') {
        return send({ status: 404, body: simpleOutcome('not-found', `Chemin inconnu « ${url.pathname} » : la base FHIR est ${base}.`) });
      }
      const [, type, id, history, vid] = segments;
      if (segments.length > 5) {
        return send({ status: 404, body: simpleOutcome('not-found', `Chemin inconnu « ${url.pathname} ».`) });
      }
      if (type === 'metadata' && segments.length === 2) {
        if (method !== 'GET') return send(methodNotAllowed(method, 'GET'));
        return send({
          status: 200,
          body: capabilityStatement(base, deps.productVersion, deps.mtls, deps.ig() !== null),
        });
      }
      if (type !== 'Appointment') {
        return send({
          status: 404,
          body: simpleOutcome('not-supported', `Type de ressource « ${type ?? ''} » non pris en charge : seule Appointment est acceptée.`),
        });
      }
      const format = url.searchParams.get('_format');
      if (format && !/json/i.test(format)) {
        return send({ status: 415, body: simpleOutcome('not-supported', `_format=${format} non pris en charge : seul JSON est accepté.`) });
      }

      if (id === undefined) {
        if (method === 'GET') return send(search(url, base, caller));
        if (method === 'POST') return await write(req, { kind: 'create' }, base, caller, send, draft, (b) => (requestBody = b));
        if (method === 'PUT') {
          const raw = url.searchParams.get('identifier');
          const token = raw === null ? null : parseToken(raw);
          if (!token) {
            return send({
              status: 400,
              body: simpleOutcome('required', "Mise à jour conditionnelle sans critère : utilisez PUT [base]/Appointment?identifier=<system>|<valeur>.", 'identifier'),
            });
          }
          return await write(req, { kind: 'conditional', ...token }, base, caller, send, draft, (b) => (requestBody = b));
        }
        return send(methodNotAllowed(method, 'GET, POST, PUT'));
      }
      if (!ID.test(id)) {
        return send({ status: 400, body: simpleOutcome('invalid', `« ${id} » n'est pas un identifiant FHIR valide ([A-Za-z0-9-.]{1,64}).`) });
      }
      if (history === undefined) {
        if (method === 'GET') return send(denied(id, caller) ?? read(id));
        if (method === 'PUT') return await write(req, { kind: 'id', id }, base, caller, send, draft, (b) => (requestBody = b));
        return send(methodNotAllowed(method, 'GET, PUT'));
      }
      if (history === '_history' && method === 'GET') {
        if (vid === undefined) return send(denied(id, caller) ?? historyOf(id, base));
        return send(denied(id, caller) ?? vread(id, vid));
      }
      if (history === '_history') return send(methodNotAllowed(method, 'GET'));
      return send({ status: 404, body: simpleOutcome('not-found', `Chemin inconnu « ${url.pathname} ».`) });
    } catch (e) {
      return internalError(e);
    }
  };

  /** Whether the caller may act on an appointment through the gateway (only with mTLS: plain HTTP has no identity). */
  function allowed(row: { owner: string | null; identifierSystem: string }, caller: Caller): boolean {
    if (!deps.mtls) return true;
    return mayAccess(row.owner, caller.owner, mayClaim(caller, row.identifierSystem));
  }

  /** An appointment without owner (older than editor identities) goes to the editor that declared its system. */
  function mayClaim(caller: Caller, system: string): boolean {
    return caller.kind === 'editor' && deps.directory.fromSystem(system)?.editorId === caller.editorId;
  }

  function notOwner(id: string): Reply {
    return {
      status: 403,
      refusal: 'not-owner',
      appointmentId: id,
      body: simpleOutcome(
        'forbidden',
        "[GW-NOT-OWNER] Ce rendez-vous a été créé par un autre éditeur : seul l'éditeur qui l'a créé peut le lire ou le modifier.",
        'Appointment',
      ),
    };
  }

  /** A 403 for another editor's appointment, or null when the caller may read it (or it does not exist). */
  function denied(id: string, caller: Caller): Reply | null {
    if (!deps.mtls) return null;
    const row = deps.appointments.getRow(id);
    return row && !allowed(row, caller) ? notOwner(id) : null;
  }

  function methodNotAllowed(method: string, allow: string): Reply {
    return {
      status: 405,
      headers: { allow },
      body: simpleOutcome('not-supported', `Méthode ${method} non prise en charge ici (autorisées : ${allow}).`),
    };
  }

  function read(id: string): Reply {
    const resource = deps.appointments.currentResource(id);
    if (!resource) return { status: 404, body: simpleOutcome('not-found', `Rendez-vous ${id} inconnu.`) };
    const meta = obj(resource.meta);
    return {
      status: 200,
      body: resource,
      appointmentId: id,
      headers: { etag: `W/"${str(meta?.versionId) ?? ''}"`, 'last-modified': new Date(str(meta?.lastUpdated) ?? 0).toUTCString() },
    };
  }

  function vread(id: string, vid: string): Reply {
    const v = Number(vid);
    const resource = Number.isInteger(v) && v > 0 ? deps.appointments.versionResource(id, v) : null;
    if (!resource) return { status: 404, body: simpleOutcome('not-found', `Version ${vid} du rendez-vous ${id} inconnue.`) };
    return { status: 200, body: resource, appointmentId: id, headers: { etag: `W/"${v}"` } };
  }

  function historyOf(id: string, base: string): Reply {
    const versions = deps.appointments.versions(id);
    if (versions.length === 0) return { status: 404, body: simpleOutcome('not-found', `Rendez-vous ${id} inconnu.`) };
    const entries = [...versions].reverse().map((v) => ({
      fullUrl: `${base}/Appointment/${id}`,
      resource: deps.appointments.versionResource(id, v.version),
      request: { method: v.version === 1 ? 'POST' : 'PUT', url: v.version === 1 ? 'Appointment' : `Appointment/${id}` },
      response: { status: v.version === 1 ? '201 Created' : '200 OK', lastModified: v.receivedRaw, etag: `W/"${v.version}"` },
    }));
    return {
      status: 200,
      appointmentId: id,
      body: {
        resourceType: 'Bundle',
        type: 'history',
        total: entries.length,
        link: [{ relation: 'self', url: `${base}/Appointment/${id}/_history` }],
        entry: entries as unknown as JsonObject[],
      },
    };
  }

  function search(url: URL, base: string, caller: Caller): Reply {
    const identifier = url.searchParams.get('identifier');
    const idParam = url.searchParams.get('_id');
    let rows = [] as ReturnType<AppointmentStore['findByIdentifier']>;
    const self = new URLSearchParams();
    if (identifier !== null) {
      const token = parseToken(identifier);
      if (!token) return { status: 400, body: simpleOutcome('invalid', 'Paramètre identifier vide : attendu <system>|<valeur>.', 'identifier') };
      rows = deps.appointments.findByIdentifier(token.system, token.value);
      self.set('identifier', identifier);
    } else if (idParam !== null) {
      const row = deps.appointments.getRow(idParam);
      rows = row ? [row] : [];
      self.set('_id', idParam);
    } else {
      return {
        status: 400,
        body: simpleOutcome('not-supported', 'Recherche sans critère non prise en charge : utilisez identifier=<system>|<valeur> ou _id.'),
      };
    }
    // A search only ever finds the caller's own appointments.
    rows = rows.filter((r) => allowed(r, caller));
    const entry = rows.map((r) => ({
      fullUrl: `${base}/Appointment/${r.id}`,
      resource: deps.appointments.currentResource(r.id),
      search: { mode: 'match' },
    }));
    return {
      status: 200,
      appointmentId: rows.length === 1 ? rows[0].id : null,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        total: entry.length,
        link: [{ relation: 'self', url: `${base}/Appointment?${self.toString()}` }],
        entry: entry as unknown as JsonObject[],
      },
    };
  }

  async function write(
    req: IncomingMessage,
    target: WriteTarget,
    base: string,
    caller: Caller,
    send: (reply: Reply, recorded?: { headers: Record<string, string>; text: string | null }) => void,
    draft: (reply: Reply, headers: Record<string, string>, body: string | null) => ExchangeDraft,
    keepBody: (body: string) => void,
  ): Promise<void> {
    if (!isAcceptedMediaType(req.headers['content-type'])) {
      await readBody(req, 0);
      return send({
        status: 415,
        body: simpleOutcome(
          'not-supported',
          `Content-Type « ${req.headers['content-type'] ?? 'absent'} » non accepté : envoyez application/fhir+json (ou application/json+fhir, application/json).`,
        ),
      });
    }
    const body = await readBody(req, MAX_APPOINTMENT_BODY_BYTES);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') {
      return send({
        status: 413,
        headers: { connection: 'close' },
        body: simpleOutcome('too-costly', `Corps de ${body.bytes} octets : la limite est de ${MAX_APPOINTMENT_BODY_BYTES} octets (1 Mio) par rendez-vous.`, 'Appointment'),
      });
    }
    // Decoded once: the text is both what is journalled and what is parsed. Invalid UTF-8 is journalled as the
    // lenient decoding shows it, and the bytes go to the parser, which names the offending byte.
    const text = utf8OrNull(body.bytes);
    keepBody(text ?? body.bytes.toString('utf8'));
    // Strict at the door: depth cap, no prototype-named or duplicate keys, valid UTF-8 without lone surrogates.
    const strict = parseStrictJson(text ?? body.bytes);
    if (!strict.ok) {
      return send({ status: 400, body: simpleOutcome('structure', `JSON refusé : ${strict.error.message}`, 'Appointment') });
    }
    const parsed: unknown = strict.value;
    if (!isObject(parsed) || parsed.resourceType !== 'Appointment') {
      const found = isObject(parsed) ? (parsed.resourceType === undefined ? 'absent' : shown(parsed.resourceType)) : Array.isArray(parsed) ? 'tableau' : typeof parsed;
      return send({
        status: 400,
        body: simpleOutcome('invalid', `Ressource « ${found} » reçue : ce point d'accès n'accepte que des ressources Appointment.`, 'resourceType'),
      });
    }
    const resource = parsed;
    if (target.kind === 'id' && resource.id !== undefined && resource.id !== target.id) {
      return send({
        status: 400,
        body: simpleOutcome('invalid', `L'id du corps (« ${shown(resource.id)} ») diffère de celui de l'URL (« ${target.id} »).`, 'Appointment.id'),
      });
    }
    const prepared = prepareAppointment(resource, deps.ig());
    const { choice, findings } = prepared;
    const profileHeader = { 'x-profile-applied': PROFILE_URLS[choice.profile] };
    if (!prepared.ok) {
      // A refused update of a known appointment is journalled next to it: operators see what did not land.
      return send({ status: 422, headers: profileHeader, body: outcomeFromFindings(findings), appointmentId: knownAppointment(target, resource) });
    }
    const fields = prepared.fields;
    if (target.kind === 'conditional') {
      const systemOk = target.system === null || target.system === fields.identifierSystem;
      if (!systemOk || target.value !== fields.identifierValue) {
        return send({
          status: 400,
          body: simpleOutcome(
            'business-rule',
            `L'identifiant du corps (${fields.identifierSystem}|${fields.identifierValue}) diffère de celui de la requête (${target.system ?? '*'}|${target.value}). Le changement d'identifiant d'un rendez-vous n'est pas autorisé.`,
            'Appointment.identifier',
          ),
        });
      }
    }

    // Who this write is from: the certificate's editor (mTLS), else the editor that declared the identifier system.
    const systemEditor = deps.directory.fromSystem(fields.identifierSystem);
    if (deps.mtls && systemEditor && (caller.kind !== 'editor' || systemEditor.editorId !== caller.editorId)) {
      return send({
        status: 403,
        refusal: 'system-of-other-editor',
        appointmentId: knownAppointment(target, resource),
        body: simpleOutcome(
          'forbidden',
          `[GW-SYSTEM-OTHER-EDITOR] Le système d'identifiant « ${fields.identifierSystem} » est déclaré par un autre éditeur : identifiez vos rendez-vous avec le système de votre logiciel.`,
          'Appointment.identifier.system',
        ),
      });
    }
    const sender: Caller = deps.mtls ? caller : (systemEditor ?? caller);

    if (target.kind === 'create' && deps.appointments.findByIdentifier(fields.identifierSystem, fields.identifierValue).length) {
      // Editors that re-POST instead of PUT: keep the data as a new version, and say so.
      findings.push(finding('APT-CREATE-EXISTING', 'warning', 'business-rule', 'Appointment.identifier'));
    }
    const prefer = String(req.headers.prefer ?? '');
    let recorded: { reply: Reply; headers: Record<string, string>; text: string | null } | null = null;
    await deps.appointments.writeGrouped(
      {
        target,
        resource,
        profile: choice.profile,
        fields,
        findings,
        editor: callerLabel(sender),
        owner: sender.owner,
        enforceOwner: deps.mtls,
        mayClaimUnowned: mayClaim(sender, fields.identifierSystem),
        receivedUtc: Date.now(),
      },
      (outcome: WriteOutcome) => {
        const reply = replyFor(outcome, base, findings, prefer, profileHeader);
        const text = reply.body === null ? null : JSON.stringify(reply.body);
        const headers = { ...(reply.headers ?? {}), ...(text !== null ? { 'content-type': FHIR_JSON } : {}) };
        recorded = { reply, headers, text };
        const isVersion = reply.body !== null && reply.body === (outcome as { stored?: JsonObject }).stored;
        return deps.journal.record({ ...draft(reply, headers, text), responseIsVersion: isVersion });
      },
    );
    const r = recorded as { reply: Reply; headers: Record<string, string>; text: string | null } | null;
    if (!r) throw new Error('the store produced no outcome');
    deps.health?.writeOk();
    deps.changed?.(r.reply.appointmentId ?? null);
    send(r.reply, r);
  }

  function knownAppointment(target: WriteTarget, resource: JsonObject): string | null {
    if (target.kind === 'id') return deps.appointments.getRow(target.id)?.id ?? null;
    const id = obj(asArray(resource.identifier)[0]);
    const system = target.kind === 'conditional' ? target.system : (str(id?.system) ?? null);
    const value = target.kind === 'conditional' ? target.value : str(id?.value);
    if (!value) return null;
    const matches = deps.appointments.findByIdentifier(system, value);
    return matches.length === 1 ? matches[0].id : null;
  }

  function replyFor(
    outcome: WriteOutcome,
    base: string,
    findings: Finding[],
    prefer: string,
    profileHeader: Record<string, string>,
  ): Reply {
    switch (outcome.kind) {
      case 'forbidden':
        return notOwner(outcome.id);
      case 'multiple-matches':
        return {
          status: 412,
          body: simpleOutcome(
            'multiple-matches',
            `${outcome.count} rendez-vous correspondent à ce critère : précisez le system de l'identifiant (identifier=<system>|<valeur>).`,
            'identifier',
          ),
        };
      case 'identifier-mismatch':
        return {
          status: 400,
          body: simpleOutcome(
            'business-rule',
            `Ce rendez-vous a l'identifiant ${outcome.existing.system}|${outcome.existing.value} : le changement d'identifiant n'est pas autorisé.`,
            'Appointment.identifier',
          ),
        };
      case 'identifier-taken':
        return {
          status: 400,
          appointmentId: outcome.ownerId,
          body: simpleOutcome(
            'business-rule',
            `Cet identifiant appartient déjà au rendez-vous ${outcome.ownerId} : mettez à jour ce rendez-vous (PUT ?identifier=…).`,
            'Appointment.identifier',
          ),
        };
      default: {
        const location = `${base}/Appointment/${outcome.id}/_history/${outcome.version}`;
        const headers = {
          ...profileHeader,
          location,
          'content-location': location,
          etag: `W/"${outcome.version}"`,
          'last-modified': new Date(str(obj(outcome.stored.meta)?.lastUpdated) ?? Date.now()).toUTCString(),
        };
        const status = outcome.kind === 'created' ? 201 : 200;
        if (/return=minimal/.test(prefer)) return { status, headers, body: null, appointmentId: outcome.id };
        if (/return=OperationOutcome/i.test(prefer)) {
          return { status, headers, body: outcomeFromFindings(findings), appointmentId: outcome.id };
        }
        return { status, headers, body: outcome.stored, appointmentId: outcome.id };
      }
    }
  }
}
