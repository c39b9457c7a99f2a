import { Box, MenuItem, Paper, Table, TableBody, TableCell, TableHead, TablePagination, TableRow, TextField, Typography } from '@mui/material';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { refusalLabel } from './refusal-label';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { journalFilterSchema, type JournalFilter } from '../../shared/api/contract';
import { formatParis } from '../../shared/domain/instant';
import { isoToParisLocal, parisLocalToIso } from '../../shared/domain/paris-time';
import { useApiQuery } from '../api/ClientContext';
import { Empty, ErrorState, Loading } from '../common/states';

const PAGE = 50;

function filterOf(params: URLSearchParams): JournalFilter {
  const raw = Object.fromEntries(['direction', 'peer', 'status', 'from', 'to', 'appointmentId', 'operation', 'outcome'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : [])));
  const parsed = journalFilterSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export function JournalPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const page = Number(params.get('page') ?? 0) || 0;
  const list = useApiQuery('journal.list', { filter, offset: page * PAGE, limit: PAGE });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>{t('journal.title')}</Typography>
      <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', mb: 1.5 }}>
        <TextField select size="small" label={t('journal.filters.direction')} value={filter.direction ?? ''} onChange={(e) => set('direction', e.target.value || undefined)} sx={{ minWidth: 140 }}>
          <MenuItem value="">{t('journal.filters.all')}</MenuItem>
          <MenuItem value="inbound">{t('journal.direction.inbound')}</MenuItem>
          <MenuItem value="outbound">{t('journal.direction.outbound')}</MenuItem>
        </TextField>
        <TextField select size="small" label={t('journal.filters.status')} value={filter.status ?? ''} onChange={(e) => set('status', e.target.value || undefined)} sx={{ minWidth: 140 }}>
          <MenuItem value="">{t('journal.filters.all')}</MenuItem>
          {['2xx', '4xx', '5xx'].map((s) => <MenuItem key={s} value={s}>{s}</MenuItem>)}
          <MenuItem value="refused">{t('journal.refusedFilter')}</MenuItem>
        </TextField>
        <TextField select size="small" label={t('journal.filters.operation')} value={filter.operation ?? ''} onChange={(e) => set('operation', e.target.value || undefined)} sx={{ minWidth: 200 }}>
          <MenuItem value="">{t('journal.filters.all')}</MenuItem>
          {['regulator.', 'qualification.', 'slots.search', 'INT_L02.'].map((o) => <MenuItem key={o} value={o}>{t(`journal.operationFilter.${o.replace(/\.$/, '')}`)}</MenuItem>)}
        </TextField>
        <TextField select size="small" label={t('journal.filters.outcome')} value={filter.outcome ?? ''} onChange={(e) => set('outcome', e.target.value || undefined)} sx={{ minWidth: 160 }}>
          <MenuItem value="">{t('journal.filters.all')}</MenuItem>
          {(['ok', 'failed', 'unknown', 'pending'] as const).map((o) => <MenuItem key={o} value={o}>{t(`journal.outcomes.${o}`)}</MenuItem>)}
        </TextField>
        <TextField size="small" label={t('journal.filters.peer')} defaultValue={filter.peer ?? ''} onBlur={(e) => set('peer', e.target.value.trim() || undefined)} />
        {(['from', 'to'] as const).map((k) => (
          <TextField key={k} size="small" type="datetime-local" label={t(`journal.filters.${k}`)} slotProps={{ inputLabel: { shrink: true } }}
            value={filter[k] ? isoToParisLocal(filter[k]!) : ''} onChange={(e) => set(k, e.target.value ? parisLocalToIso(e.target.value) ?? undefined : undefined)} />
        ))}
      </Box>
      {list.isPending ? <Loading /> : list.error ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : list.data.rows.length === 0 ? <Empty>{t('journal.empty')}</Empty> : (
        <Paper variant="outlined">
          <Table size="small" data-testid="journal-table">
            <TableHead>
              <TableRow>
                {(['at', 'direction', 'operation', 'method', 'url', 'status', 'duration', 'peer', 'subject'] as const).map((c) => <TableCell key={c}>{t(`journal.columns.${c}`)}</TableCell>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {list.data.rows.map((e) => (
                <TableRow key={e.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/journal/${e.id}`)}>
                  <TableCell>{formatParis(e.atUtc)}</TableCell>
                  <TableCell>{t(`journal.direction.${e.direction}`)}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{e.operation ?? ''}</TableCell>
                  <TableCell>{e.method}</TableCell>
                  <TableCell sx={{ maxWidth: 380, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{e.url}</TableCell>
                  <TableCell sx={{ color: (e.status ?? 0) >= 400 || e.refusal ? 'error.main' : undefined, fontWeight: 600 }} title={e.refusal ?? undefined}>
                    {e.status ?? (e.refusal ? refusalLabel(t, e.refusal) : e.outcome ? t(`journal.outcomes.${e.outcome}`) : '')}
                  </TableCell>
                  <TableCell>{e.durationMs === null ? '' : t('journal.ms', { value: e.durationMs.toFixed(1) })}</TableCell>
                  <TableCell>{e.peer}</TableCell>
                  <TableCell>{e.clientSubject}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination component="div" count={list.data.total} page={page} rowsPerPage={PAGE} rowsPerPageOptions={[PAGE]} onPageChange={(_, p) => set('page', String(p))} />
        </Paper>
      )}
    </Box>
  );
}
