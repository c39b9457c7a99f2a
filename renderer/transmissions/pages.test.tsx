import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { OperationInput, OperationName, OperationResult } from '../../shared/api/contract';
import type { HubStatus, TransmissionDetail, TransmissionList, TransmissionRow } from '../../shared/api/hub-api';
import { ClientProvider } from '../api/ClientContext';
import type { ConsoleClient } from '../api/console-client';
import { HubStatusChips } from '../hub/HubStatusChips';
import { HubTestResult } from '../hub/HubTestResult';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { TransmissionPage } from './TransmissionPage';
import { TransmissionsPage } from './TransmissionsPage';

// The pages rendered once on the server with canned answers in the query cache: every state shows, and the
// test ids end-to-end tests drive are where they say.

const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ lng: 'fr', initAsync: false, interpolation: { escapeValue: false }, resources: { fr: { translation: fr }, en: { translation: en } } });

const noClient: ConsoleClient = {
  call: () => new Promise(() => undefined),
  saveExport: async () => undefined,
  saveText: async () => undefined,
  subscribe: () => () => undefined,
};

type Canned = { [N in OperationName]?: { input: OperationInput<N>; result: OperationResult<N> } };

function render(node: ReactNode, canned: Canned, path: string): string {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  for (const [name, { input, result }] of Object.entries(canned) as [string, { input: unknown; result: unknown }][]) {
    qc.setQueryData([name.split('.')[0], name, input], result);
  }
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={qc}>
        <ClientProvider client={noClient}>
          <MemoryRouter initialEntries={[path]}>{node}</MemoryRouter>
        </ClientProvider>
      </QueryClientProvider>
    </I18nextProvider>,
  ).replace(/<style[^>]*>.*?<\/style>/g, '');
}

const row = (patch: Partial<TransmissionRow>): TransmissionRow => ({
  appointmentId: 'a1', appointmentIdentifier: 'RDV-1', editor: 'Agenda', appointmentStatus: 'booked', appointmentStartUtc: Date.UTC(2026, 2, 10, 8),
  state: 'queued', inFlight: false, samu: 'fr.health.samu330', wantedVersion: 2, sentVersion: 1, method: 'CreateAppointment', attempts: 1,
  lastDistributionId: 'fr.health.ptfsas_1', blocked: [], error: null, ack: null, possibleDuplicates: 0, updatedUtc: Date.UTC(2026, 2, 10, 9), publishedUtc: null,
  acknowledgedUtc: null, ...patch,
});
const counts = { queued: 0, blocked: 1, published: 0, acknowledged: 3, failed: 1, unconfirmed: 0 };

describe('Transmissions LRM pages', () => {
  it('lists transmissions with their counts, states and actions', () => {
    const filter = { states: ['blocked' as const, 'failed' as const] };
    const list: TransmissionList = {
      total: 2,
      counts,
      rows: [
        row({ appointmentId: 'a1', state: 'blocked', blocked: [{ code: 'practitioner.unknown', params: { id: '810001234567' } }] }),
        row({ appointmentId: 'a2', state: 'failed', error: { code: 500, statusString: 'DEAD_LETTER_QUEUED', cause: 'expired', class: 'retry', sender: 'fr.health.hub' } }),
      ],
    };
    const html = render(<Routes><Route path="/lrm" element={<TransmissionsPage />} /></Routes>, {
      'transmissions.list': { input: { filter, offset: 0, limit: 50 }, result: list },
      'appointments.editors': { input: {}, result: ['Agenda'] },
    }, '/lrm?states=blocked,failed');
    for (const id of ['transmissions-table', 'transmission-count-blocked', 'transmissions-filter-state', 'retry-selected', 'retry-all-filtered']) expect(html, id).toContain(`data-testid="${id}"`);
    expect(html).toMatch(/data-testid="transmission-row-a1"[^>]*data-state="blocked"/);
    expect(html).toMatch(/data-testid="transmission-count-acknowledged"[^>]*data-count="3"/);
    expect(html).toContain('Praticien 810001234567 absent de l’annuaire');
    expect(html).toContain('500 DEAD_LETTER_QUEUED — Non délivré à temps : à renvoyer.');
    expect(html).toContain('Tout renvoyer (2 filtrées)');
  });

  it('says when nothing matches', () => {
    const html = render(<Routes><Route path="/lrm" element={<TransmissionsPage />} /></Routes>, {
      'transmissions.list': { input: { filter: {}, offset: 0, limit: 50 }, result: { total: 0, counts, rows: [] } },
    }, '/lrm');
    expect(html).toContain('data-testid="transmissions-empty"');
  });

  it('shows one transmission: its problem, attempts, versions, route and journal', () => {
    const detail: TransmissionDetail = {
      row: row({ state: 'acknowledged', ack: { step: 'INTEGRE', refused: true }, attempts: 2 }),
      attempts: [
        { id: 7, distributionId: 'fr.health.ptfsas_7', version: 1, method: 'CreateAppointment', samu: 'fr.health.samu330', state: 'acknowledged', reason: 'retry', operator: 'Jeanne',
          createdUtc: 1000, publishedUtc: 1250, outcomeUtc: 61_250, envelope: { distributionID: 'fr.health.ptfsas_7' }, response: null, error: null, ack: { step: 'INTEGRE', refused: true }, exchangeId: 12 },
      ],
      versions: [{ version: 1, receivedUtc: 0, receivedRaw: '', editor: 'Agenda', profile: 'p', status: 'booked', startRaw: null, endRaw: null, practitionerId: null, findings: [], exchangeId: null }],
      exchanges: [],
      route: { appointmentId: 'a1', samu: 'fr.health.samu330', decidedBy: 'regulator', steps: [{ rule: 'editor-override', matched: false, detail: {} }, { rule: 'regulator', matched: true, detail: { regulator: 'r1' } }], blocked: [] },
      preview: { envelope: null, diagnostics: [] },
    };
    const html = render(<Routes><Route path="/lrm/:appointmentId" element={<TransmissionPage />} /></Routes>, {
      'transmissions.get': { input: { appointmentId: 'a1' }, result: detail },
    }, '/lrm/a1');
    expect(html).toMatch(/data-testid="transmission-attempt-7"[^>]*data-state="acknowledged"/);
    expect(html).toContain('Acquittée par le LRM (étape : intégré). Attention : le LRM indique avoir refusé ce message.');
    expect(html).toContain('Renvoi demandé par Jeanne');
    expect(html).toContain('après 1 min 00 s');
    expect(html).toContain('Ce rendez-vous irait à fr.health.samu330 parce que c’est le SAMU de son régulateur.');
    expect(html).toContain('Envoyée par la tentative n° 1');
    expect(html).toContain('Tentative n° 1');
  });

  it('puts the Hub link and the transmissions to handle in the status bar', () => {
    const status: HubStatus = {
      state: 'disconnected', url: 'amqps://hub:5671/hubsante', clientId: 'fr.health.ptfsas', since: 0, nextAttemptUtc: null, inFlight: 0, attention: 4, counts, orphans: 0,
      failure: { code: 'net.unreachable', params: { detail: 'ECONNREFUSED' }, retryable: true },
    };
    const html = render(<HubStatusChips />, { 'hub.status': { input: {}, result: status } }, '/');
    expect(html).toMatch(/data-testid="hub-status"[^>]*data-state="disconnected"|data-state="disconnected"[^>]*data-testid="hub-status"/);
    expect(html).toMatch(/href="\/lrm\?attention=1"/);
    expect(html).toContain('LRM : 4 transmissions à traiter');
  });

  it('shows each check of a connection test', () => {
    const html = render(<HubTestResult test={{
      ok: false, durationMs: 812, serverCertificate: null, clientCertificate: null,
      checks: [
        { step: 'tls', ok: true, detail: 'TLSv1.3', failure: null },
        { step: 'queue:fr.health.ptfsas.ack', ok: false, detail: null, failure: { code: 'amqp.not-found', params: { name: 'fr.health.ptfsas.ack' }, retryable: false } },
      ],
    }} />, {}, '/');
    expect(html).toMatch(/data-testid="hub-check-tls" data-ok="true"/);
    expect(html).toContain('File fr.health.ptfsas.ack (vérification passive) : échec');
    expect(html).toContain('Introuvable sur le Hub : fr.health.ptfsas.ack.');
  });
});
