import { CssBaseline, ThemeProvider, createTheme } from '@mui/material';
import { frFR } from '@mui/material/locale';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import './i18n/index';
import { ClientProvider } from './api/ClientContext';
import { createClient } from './api/console-client';
import { AppointmentDetailPage } from './appointments/AppointmentDetailPage';
import { AppointmentsPage } from './appointments/AppointmentsPage';
import { ExchangePage } from './journal/ExchangePage';
import { JournalPage } from './journal/JournalPage';
import { RegulatorPage } from './regulators/RegulatorPage';
import { RegulatorsPage } from './regulators/RegulatorsPage';
import { SettingsPage } from './settings/SettingsPage';
import { SlotsPage } from './slots/SlotsPage';
import { AppShell } from './shell/AppShell';
import { StatsPage } from './stats/StatsPage';
import { TransmissionPage } from './transmissions/TransmissionPage';
import { TransmissionsPage } from './transmissions/TransmissionsPage';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: 1 } } });
const theme = createTheme({ palette: { primary: { main: '#1f4e8c' } } }, frFR);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <QueryClientProvider client={queryClient}>
        <ClientProvider client={createClient()}>
          <HashRouter>
            <Routes>
              <Route element={<AppShell />}>
                <Route index element={<Navigate to="/appointments" replace />} />
                <Route path="/appointments" element={<AppointmentsPage />} />
                <Route path="/appointments/:id" element={<AppointmentDetailPage />} />
                <Route path="/stats" element={<StatsPage />} />
                <Route path="/journal" element={<JournalPage />} />
                <Route path="/journal/:id" element={<ExchangePage />} />
                <Route path="/settings" element={<SettingsPage />} />
                <Route path="/slots" element={<SlotsPage />} />
                <Route path="/regulators" element={<RegulatorsPage />} />
                <Route path="/regulators/:technicalId" element={<RegulatorPage />} />
                <Route path="/lrm" element={<TransmissionsPage />} />
                <Route path="/lrm/:appointmentId" element={<TransmissionPage />} />
                <Route path="*" element={<Navigate to="/appointments" replace />} />
              </Route>
            </Routes>
          </HashRouter>
        </ClientProvider>
      </QueryClientProvider>
    </ThemeProvider>
  </StrictMode>,
);
