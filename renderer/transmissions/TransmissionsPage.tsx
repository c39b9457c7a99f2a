import { Box, Tab, Tabs, Typography } from '@mui/material';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { DirectoryPage } from '../hub/DirectoryPage';
import { OrphansPanel } from '../hub/OrphansPanel';
import { RoutesPanel } from '../hub/RoutesPanel';
import { locationFromParams, LRM_VIEWS, paramsFromLocation, type TransmissionsLocation } from './filter-url';
import { TransmissionsList } from './TransmissionsList';

/**
 * « Transmissions LRM »: the appointments forwarded to the SAMU through the Hub Santé, and the three things
 * that decide them: the routing overrides, the practitioner and structure directory, and the Hub's messages
 * the console could not match (orphans). The tab is kept in the URL.
 */
export function TransmissionsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const location = useMemo(() => locationFromParams(params), [params]);
  const go = (next: Partial<TransmissionsLocation>) => setParams(paramsFromLocation({ ...location, ...next }));

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Typography variant="h5" component="h1" sx={{ mb: 0.5 }}>{t('transmissions.title')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('transmissions.intro')}</Typography>
      <Tabs
        value={location.view}
        // Each tab owns its own parameters: a change of tab starts from a plain view.
        onChange={(_, v: TransmissionsLocation['view']) => setParams(paramsFromLocation({ view: v, filter: {}, page: 0 }))}
        sx={{ mb: 1.5 }}
      >
        {LRM_VIEWS.map((v) => <Tab key={v} value={v} label={t(`transmissions.tabs.${v}`)} data-testid={`lrm-tab-${v}`} />)}
      </Tabs>
      {location.view === 'transmissions' && (
        <TransmissionsList filter={location.filter} page={location.page} onFilter={(f) => go({ filter: f, page: 0 })} onPage={(p) => go({ page: p })} />
      )}
      {location.view === 'routes' && <RoutesPanel />}
      {location.view === 'directory' && <DirectoryPage />}
      {location.view === 'orphans' && <OrphansPanel />}
    </Box>
  );
}
