// A local stand-in for editors' scheduling software (LGA): HTTPS with client certificates required, answering
// the SAS slot searches (PS, CPTS, SOS) from their real query parameters with our own bundles. Each path
// prefix selects a behaviour: /healthy, /fault/<name> (one per diagnostic), /slow, /error500, /html, /big,
// /paged, /empty.
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '../shared/fhir/json';
import type { SlotKind } from '../shared/slots/ig-slots';
import type { TestPki } from './pki';
import { FAULTS, slotBundle } from './slot-fixtures';

export interface ReceivedRequest {
  path: string;
  url: string;
  accept: string | undefined;
  clientSubject: string | null;
}

export interface EditorServer {
  base: string;
  /** `${base}/<variant>/fhir` */
  url(variant: string): string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

function parseIds(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((t) => t.split('|')[1]).filter(Boolean);
}

function instant(v: string | undefined, prefix: string): number | null {
  if (!v?.startsWith(prefix)) return null;
  const ms = Date.parse(v.slice(prefix.length));
  return Number.isNaN(ms) ? null : ms;
}

export async function startEditorServer(pki: TestPki, options: { slowMs?: number } = {}): Promise<EditorServer> {
  const received: ReceivedRequest[] = [];
  const server = https.createServer(
    {
      cert: fs.readFileSync(pki.serverCert),
      key: fs.readFileSync(pki.serverKey),
      ca: fs.readFileSync(pki.caCert),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://editor');
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      received.push({ path: url.pathname, url: req.url ?? '/', accept: req.headers.accept, clientSubject: peer?.subject ? String(peer.subject.CN) : null });
      const send = (status: number, body: unknown, type = 'application/fhir+json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      const parts = url.pathname.split('/').filter(Boolean);
      const fhirAt = parts.indexOf('fhir');
      const variant = parts.slice(0, fhirAt).join('/');
      const resource = parts[fhirAt + 1];
      if (fhirAt < 0) return send(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'unknown path' }] });
      if (resource === 'metadata') {
        return send(200, { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['application/fhir+json'],
          rest: [{ mode: 'server', resource: [{ type: 'Slot', interaction: [{ code: 'search-type' }] }, { type: 'Schedule', interaction: [{ code: 'search-type' }] }] }] });
      }
      const sos = resource === 'Schedule';
      const kind: SlotKind = sos ? 'sos' : url.searchParams.getAll('_include').includes('Slot:service-type-reference') ? 'cpts' : 'ps';
      const ids = parseIds(url.searchParams.getAll(sos ? 'actor:Location.organization.identifier' : 'schedule.actor:Practitioner.identifier'));
      const starts = url.searchParams.getAll(sos ? '_has:Slot:schedule:start' : 'start');
      const from = starts.map((s) => instant(s, 'ge')).find((x) => x !== null) ?? Date.now();
      const bundleFor = (k: SlotKind, n = 3) => slotBundle({ kind: k, ids, start: Math.max(from, Date.now()) + 3_600_000, slotsPerOwner: n, base: `https://${req.headers.host}/${variant}/fhir` });
      const respond = () => {
        if (variant === 'error500') return send(500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'Base de données des agendas indisponible' }] });
        if (variant === 'html') return send(200, '<html><body>Maintenance en cours</body></html>', 'text/html');
        if (variant === 'empty') {
          // The FAQ's empty answer: the flow's bundle profile, total 0 and the self link.
          const { meta } = bundleFor(kind, 0);
          return send(200, { resourceType: 'Bundle', meta, type: 'searchset', total: 0, link: [{ relation: 'self', url: `https://${req.headers.host}${req.url}` }] });
        }
        if (variant === 'big') return send(200, bundleFor(kind, Math.ceil(10_000 / Math.max(1, ids.length))));
        const b: JsonObject = bundleFor(kind);
        (b.link as JsonObject[])[0].url = `https://${req.headers.host}${req.url}`;
        if (variant === 'paged') (b.link as JsonObject[]).push({ relation: 'next', url: `https://${req.headers.host}${req.url}&page=2` });
        if (variant.startsWith('fault/')) {
          const fault = FAULTS[variant.slice('fault/'.length)];
          if (!fault) return send(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'unknown fault' }] });
          fault.mutate(b);
        }
        return send(200, b);
      };
      if (variant === 'slow') setTimeout(respond, options.slowMs ?? 9000);
      else respond();
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (variant) => `${base}/${variant}/fhir`,
    received,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
