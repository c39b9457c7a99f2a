// TEMPORARY (dedup check): renders pages to HTML for a before/after comparison. Deleted afterwards.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18next from 'i18next';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { it } from 'vitest';
import type { TransmissionRow } from '../shared/api/hub-api';
import type { Regulator } from '../shared/regulators/regulator-types';
import { ClientProvider } from './api/ClientContext';
import type { ConsoleClient } from './api/console-client';
import { AppointmentDetailPage } from './appointments/AppointmentDetailPage';
import { fr } from './i18n/fr';
import { RegulatorsPage } from './regulators/RegulatorsPage';
import { TransmissionPage } from './transmissions/TransmissionPage';
import { TransmissionsPage } from './transmissions/TransmissionsPage';
import { directoryLocation } from './hub/directory-form';

const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ lng: 'fr', initAsync: false, interpolation: { escapeValue: false }, resources: { fr: { translation: fr } } });
const noClient: ConsoleClient = { call: () => new Promise(() => undefined), saveExport: async () => undefined, saveText: async () => undefined, subscribe: () => () => undefined };
function render(node: ReactNode, canned: [string, unknown, unknown][], path: string): string {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  for (const [name, input, result] of canned) qc.setQueryData([name.split('.')[0], name, input], result);
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}><QueryClientProvider client={qc}><ClientProvider client={noClient}>
      <MemoryRouter initialEntries={[path]}>{node}</MemoryRouter>
    </ClientProvider></QueryClientProvider></I18nextProvider>,
  ).replace(/></g, '>\n<');
}
const row = (patch: Partial<TransmissionRow>): TransmissionRow => ({
  appointmentId: 'a1', appointmentIdentifier: 'RDV-1', editor: 'Agenda', appointmentStatus: 'booked', appointmentStartUtc: Date.UTC(2026, 2, 10, 8),
  state: 'queued', inFlight: false, samu: 'fr.health.samu330', wantedVersion: 2, sentVersion: 1, method: 'CreateAppointment', attempts: 1,
  lastDistributionId: 'fr.health.ptfsas_1', blocked: [], error: null, ack: null, possibleDuplicates: 0, updatedUtc: Date.UTC(2026, 2, 10, 9), publishedUtc: null,
  acknowledgedUtc: null, ...patch,
});
const counts = { queued: 0, blocked: 1, published: 0, acknowledged: 3, failed: 1, unconfirmed: 0 };
const reg = (id: string): Regulator => ({ technicalId: id, nationalId: null, familyName: 'Durand', givenName: 'Anne', email: 'a@b.fr', active: true, samu: null, revision: 1, createdUtc: 0, updatedUtc: 0, lastLoginUtc: null });
const lrm = <Routes><Route path="/lrm" element={<TransmissionsPage />} /></Routes>;
const regs = <Routes><Route path="/regulators" element={<RegulatorsPage />} /></Routes>;
const list = { total: 2, counts, rows: [row({ appointmentId: 'a1', state: 'blocked' }), row({ appointmentId: 'a2', state: 'failed' })] };
const matrix = { editors: [{ id: 'e1', name: 'Ed', environment: 'prod', enabled: true }], total: 60, counts: { 'in-sync': 2, failing: 1 },
  rows: [{ regulator: reg('r1'), blocking: 0, cells: { e1: { state: 'in-sync', failure: null, nextAttemptUtc: null } } }] };
const regList = { total: 60, rows: [{ ...reg('r1'), blocking: 1, states: { 'in-sync': 1 } }, { ...reg('r2'), blocking: 0, states: {} }] };
const entry = { kind: 'practitioner', id: '810001234567', name: 'Martin', firstName: null, specialtyCode: null, professionCode: '10', postalCode: null, sources: { name: { source: 'csv', atUtc: 0 } }, updatedUtc: 0 };
const cases: Record<string, () => string> = {
  lrmList: () => render(lrm, [['transmissions.list', { filter: { states: ['blocked', 'failed'] }, offset: 0, limit: 50 }, list]], '/lrm?states=blocked,failed'),
  lrmPast: () => render(lrm, [['transmissions.list', { filter: {}, offset: 250, limit: 50 }, list]], '/lrm?page=5'),
  lrmEmpty: () => render(lrm, [['transmissions.list', { filter: {}, offset: 0, limit: 50 }, { total: 0, counts, rows: [] }]], '/lrm'),
  lrmPending: () => render(lrm, [], '/lrm'),
  directory: () => render(lrm, [['directory.list', { filter: directoryLocation(new URLSearchParams()).filter, offset: 0, limit: 50 }, { total: 1, rows: [entry] }]], '/lrm?view=directory'),
  directoryEmpty: () => render(lrm, [['directory.list', { filter: directoryLocation(new URLSearchParams()).filter, offset: 0, limit: 50 }, { total: 0, rows: [] }]], '/lrm?view=directory'),
  registry: () => render(regs, [['accounts.matrix', { filter: {}, offset: 50, limit: 50 }, matrix], ['regulators.list', { filter: {}, offset: 50, limit: 50 }, regList]], '/regulators?page=1'),
  matrix: () => render(regs, [['accounts.matrix', { filter: { states: ['failing'] }, offset: 0, limit: 50 }, matrix]], '/regulators?view=matrix&states=failing'),
  regEmpty: () => render(regs, [['accounts.matrix', { filter: {}, offset: 0, limit: 50 }, { ...matrix, total: 0, rows: [] }], ['regulators.list', { filter: {}, offset: 0, limit: 50 }, { total: 0, rows: [] }]], '/regulators'),
  detail: () => render(<Routes><Route path="/lrm/:appointmentId" element={<TransmissionPage />} /></Routes>, [['transmissions.get', { appointmentId: 'a1' }, {
    row: row({ state: 'acknowledged', ack: { step: 'INTEGRE', refused: true }, attempts: 2 }), attempts: [], versions: [], exchanges: [],
    route: { appointmentId: 'a1', samu: null, decidedBy: 'none', steps: [], blocked: [] }, preview: { envelope: null, diagnostics: [] } }]], '/lrm/a1'),
  appointment: () => render(<Routes><Route path="/appointments/:id" element={<AppointmentDetailPage />} /></Routes>, [['appointments.get', { id: 'x1' }, {
    row: { id: 'x1', identifierSystem: 's', identifierValue: 'V1', status: 'booked', category: 'x', profile: 'p', startRaw: null, startUtc: 0, endRaw: null, createdRaw: null, createdUtc: null,
      practitionerId: null, organisationId: 'o', regulatorId: null, editor: 'Ed', owner: null, versions: 1, lastReceivedUtc: 0 }, versions: [], exchanges: [] }]], '/appointments/x1'),
};
it('snapshots', () => {
  const dir = process.env.SNAP_DIR ?? '/tmp/snap';
  mkdirSync(dir, { recursive: true });
  for (const [k, f] of Object.entries(cases)) writeFileSync(`${dir}/${k}.html`, f());
});
