import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { PROFILE_URLS } from '../../../shared/fhir/appointment-profile';
import { type Finding, finding } from '../../../shared/fhir/findings';
import { MAX_APPOINTMENT_BODY_BYTES } from '../../../shared/fhir/ig';
import { asArray, isObject, type JsonObject, obj, str } from '../../../shared/fhir/json';
import type { AppointmentStore, WriteOutcome, WriteTarget } from '../appointments/appointment-store';
import { prepareAppointment } from '../appointments/prepare-appointment';
import type { ExchangeDraft, JournalStore } from '../journal/journal-store';
import type { IgPackage } from '../validation/ig-validator';
import { capabilityStatement } from './capability-statement';
import { isAcceptedMediaType, readBody } from './http-body';
import { outcomeFromFindings, simpleOutcome } from './operation-outcome';

export interface GatewayDeps {
  appointments: AppointmentStore;
  journal: JournalStore;
  ig: () => IgPackage | null;
  productVersion: string;
  mtls: boolean;
}

interface Reply {
  status: number;
  body: JsonObject | null;
  headers?: Record<string, string>;
  appointmentId?: string | null;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function clientSubject(req: IncomingMessage): string | null {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return null;
  return Object.entries(cert.subject)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

/** The editor is named by its certificate (organisation, else common name); without mTLS it is unknown. */
function editorOf(req: IncomingMessage): string {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return 'unknown';
  const s = socket.getPeerCertificate()?.subject;
  const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return pick(s?.O) || pick(s?.CN) || 'unknown';
}

function safeHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k === 'authorization' || k === 'cookie' || k === 'proxy-authorization') out[k] = '[masqué]';
    else if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
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
    // Links we return are built on the Host the client used; anything odd in it falls back to localhost.
    const hostHeader = req.headers.host ?? '';
    const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(hostHeader) ? hostHeader : 'localhost';
    const proto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    const base = `${proto}://${host}/fhir`;
    const url = new URL(req.url ?? '/', 'http://gateway');
    const method = req.method ?? 'GET';
    let requestBody: string | null = null;

    const draft = (reply: Reply, headers: Record<string, string>, body: string | null): ExchangeDraft => ({
      atUtc,
      direction: 'inbound',
      channel: 'fhir-gateway',
      peer: `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
      clientSubject: clientSubject(req),
      method,
      url: req.url ?? '/',
      status: reply.status,
      durationMs: performance.now() - started,
      requestHeaders: safeHeaders(req.headers),
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
      deps.journal.record(draft(reply, headers, body));
      res.writeHead(reply.status, headers);
      res.end(body ?? undefined);
    };

    try {
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
        if (method === 'GET') return send(search(url, base));
        if (method === 'POST') return await write(req, { kind: 'create' }, base, send, draft, (b) => (requestBody = b));
        if (method === 'PUT') {
          const raw = url.searchParams.get('identifier');
          const token = raw === null ? null : parseToken(raw);
          if (!token) {
            return send({
              status: 400,
              body: simpleOutcome('required', "Mise à jour conditionnelle sans critère : utilisez PUT [base]/Appointment?identifier=<system>|<valeur>.", 'identifier'),
            });
          }
          return await write(req, { kind: 'conditional', ...token }, base, send, draft, (b) => (requestBody = b));
        }
        return send(methodNotAllowed(method, 'GET, POST, PUT'));
      }
      if (!ID.test(id)) {
        return send({ status: 400, body: simpleOutcome('invalid', `« ${id} » n'est pas un identifiant FHIR valide ([A-Za-z0-9-.]{1,64}).`) });
      }
      if (history === undefined) {
        if (method === 'GET') return send(read(id));
        if (method === 'PUT') return await write(req, { kind: 'id', id }, base, send, draft, (b) => (requestBody = b));
        return send(methodNotAllowed(method, 'GET, PUT'));
      }
      if (history === '_history' && method === 'GET') {
        if (vid === undefined) return send(historyOf(id, base));
        return send(vread(id, vid));
      }
      if (history === '_history') return send(methodNotAllowed(method, 'GET'));
      return send({ status: 404, body: simpleOutcome('not-found', `Chemin inconnu « ${url.pathname} ».`) });
    } catch (e) {
      return send({ status: 500, body: simpleOutcome('exception', `Erreur interne de la passerelle : ${(e as Error).message}`) });
    }
  };

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

  function search(url: URL, base: string): Reply {
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
    keepBody(body.text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch (e) {
      return send({ status: 400, body: simpleOutcome('structure', `JSON illisible : ${(e as Error).message}. Vérifiez la syntaxe du corps.`, 'Appointment') });
    }
    if (!isObject(parsed) || parsed.resourceType !== 'Appointment') {
      const found = isObject(parsed) ? String(parsed.resourceType ?? 'absent') : typeof parsed;
      return send({
        status: 400,
        body: simpleOutcome('invalid', `Ressource « ${found} » reçue : ce point d'accès n'accepte que des ressources Appointment.`, 'resourceType'),
      });
    }
    const resource = parsed;
    if (target.kind === 'id' && resource.id !== undefined && resource.id !== target.id) {
      return send({
        status: 400,
        body: simpleOutcome('invalid', `L'id du corps (« ${String(resource.id)} ») diffère de celui de l'URL (« ${target.id} »).`, 'Appointment.id'),
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

    if (target.kind === 'create' && deps.appointments.findByIdentifier(fields.identifierSystem, fields.identifierValue).length) {
      // Editors that re-POST instead of PUT: keep the data as a new version, and say so.
      findings.push(finding('APT-CREATE-EXISTING', 'warning', 'business-rule', 'Appointment.identifier'));
    }
    const prefer = String(req.headers.prefer ?? '');
    let recorded: { reply: Reply; headers: Record<string, string>; text: string | null } | null = null;
    await deps.appointments.writeGrouped(
      { target, resource, profile: choice.profile, fields, findings, editor: editorOf(req), receivedUtc: Date.now() },
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
    send(r.reply, r);
  }

  function knownAppointment(target: WriteTarget, resource: JsonObject): string | null {
    if (target.kind === 'id') return deps.appointments.getRow(target.id)?.id ?? null;
    const id = obj(asArray(resource.identifier)[0]);
    const system = target.kind === 'conditional' ? target.system : (str(id?.system) ?? null);
    const value = target.kind === 'conditional' ? target.value : str(id?.value);
    if (!value || system === null) return null;
    return deps.appointments.findByIdentifier(system, value)[0]?.id ?? null;
  }

  function replyFor(
    outcome: WriteOutcome,
    base: string,
    findings: Finding[],
    prefer: string,
    profileHeader: Record<string, string>,
  ): Reply {
    switch (outcome.kind) {
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
