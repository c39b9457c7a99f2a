import { Alert, Box, Button, Typography } from '@mui/material';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { AppointmentFilter, AppointmentSort } from '../../shared/api/contract';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { ErrorState, Loading, useErrorText } from '../common/states';
import { AppointmentFilters } from './AppointmentFilters';
import { AppointmentTable } from './AppointmentTable';
import { ExportMenu } from './ExportMenu';
import { filterFromParams, paramsFromFilter } from './filter-url';
import { usePagedAppointments } from './use-paged-rows';

export function AppointmentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { filter, sort } = useMemo(() => filterFromParams(params), [params]);
  const setView = (f: AppointmentFilter, s: AppointmentSort) => setParams(paramsFromFilter(f, s));
  const count = useApiQuery('appointments.count', { filter });
  const pages = usePagedAppointments(filter, sort);
  const rows = useMemo(() => pages.data?.pages.flat() ?? [], [pages.data]);
  const demo = useApiMutation('demo.load', ['appointments', 'journal']);
  const errorText = useErrorText();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const needMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const noFilter = Object.keys(filter).length === 0;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">{t('appointments.title')}</Typography>
        <Typography color="text.secondary" data-testid="appointment-total">
          {count.data !== undefined ? t('appointments.total', { count: count.data }) : ''}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <ExportMenu filter={filter} sort={sort} />
      </Box>
      <AppointmentFilters filter={filter} onChange={(f) => setView(f, sort)} />
      {count.error && <ErrorState error={count.error} onRetry={() => count.refetch()} />}
      {noFilter && count.data === 0 && (
        <Alert
          severity="info"
          sx={{ mb: 1 }}
          action={<Button onClick={() => demo.mutate({ count: 200 })} disabled={demo.isPending}>{t('appointments.loadDemo')}</Button>}
        >
          {t('appointments.emptyStore')}
        </Alert>
      )}
      {demo.error && <Alert severity="error" sx={{ mb: 1 }}>{errorText(demo.error)}</Alert>}
      {demo.data && <Alert severity="success" sx={{ mb: 1 }}>{t('appointments.demoDone', { ...demo.data })}</Alert>}
      {pages.isPending ? (
        <Loading />
      ) : pages.error ? (
        <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
      ) : (
        <AppointmentTable
          rows={rows}
          total={count.data ?? rows.length}
          sort={sort}
          onSort={(s) => setView(filter, s)}
          onOpen={(r) => navigate(`/appointments/${r.id}`)}
          onNeedMore={needMore}
        />
      )}
    </Box>
  );
}
