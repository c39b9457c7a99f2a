import { Box, Paper, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { DayCount } from '../../shared/api/types';
import { useApiQuery } from '../api/ClientContext';
import { AppointmentFilters } from '../appointments/AppointmentFilters';
import { filterFromParams, paramsFromFilter } from '../appointments/filter-url';
import { Empty, ErrorState, Loading } from '../common/states';

function pivot(counts: DayCount[]) {
  const days = [...new Set(counts.map((c) => c.day))].sort();
  const keys = [...new Set(counts.map((c) => c.key))].sort();
  const index = new Map(counts.map((c) => [`${c.day}|${c.key}`, c.count]));
  return { days, series: keys.map((k) => ({ key: k, data: days.map((d) => index.get(`${d}|${k}`) ?? 0) })) };
}

// The same colours as the status chips of the list.
const STATUS_COLORS: Record<string, string> = { booked: '#1f4e8c', fulfilled: '#2e7d32', noshow: '#ed6c02', cancelled: '#d32f2f', pending: '#0288d1' };

function DayChart({ title, counts, label, colors = {} }: { title: string; counts: DayCount[]; label: (k: string) => string; colors?: Record<string, string> }) {
  const { days, series } = useMemo(() => pivot(counts), [counts]);
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
      <Typography variant="subtitle1" fontWeight={600}>{title}</Typography>
      <BarChart
        height={300}
        skipAnimation
        xAxis={[{ scaleType: 'band', data: days.map((d) => d.split('-').reverse().join('/')) }]}
        series={series.map((s) => ({ id: s.key, label: label(s.key), data: s.data, stack: 'total', color: colors[s.key] }))}
      />
    </Paper>
  );
}

/** Coordinators' view: counts per Paris day by status and by category over the filtered period. */
export function StatsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { filter, sort } = useMemo(() => filterFromParams(params), [params]);
  const stats = useApiQuery('appointments.stats', { filter });
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>{t('stats.title')}</Typography>
      <AppointmentFilters filter={filter} onChange={(f) => setParams(paramsFromFilter(f, sort))} />
      {stats.isPending ? <Loading /> : stats.error ? <ErrorState error={stats.error} onRetry={() => stats.refetch()} /> : stats.data.total === 0 ? <Empty>{t('stats.empty')}</Empty> : (
        <>
          <Typography color="text.secondary" sx={{ mb: 1 }} data-testid="stats-total">{t('stats.total', { count: stats.data.total })}</Typography>
          <DayChart title={t('stats.byStatus')} counts={stats.data.byStatus} label={(k) => t(`appointmentStatus.${k}`, { defaultValue: k })} colors={STATUS_COLORS} />
          <DayChart title={t('stats.byCategory')} counts={stats.data.byCategory} label={(k) => k} />
        </>
      )}
    </Box>
  );
}
