import Replay from '@mui/icons-material/Replay';
import { Alert, Box, Button, Chip, Paper, TablePagination, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TRANSMISSION_STATES, type TransmissionFilter, type TransmissionList, type TransmissionSelection } from '../../shared/api/hub-api';
import { useApiQuery } from '../api/ClientContext';
import { Empty, ErrorState, Loading } from '../common/states';
import { NOTHING, type Selection, toggle, togglePage } from '../regulators/selection';
import { isEmptyFilter, PAGE_SIZE, toggleState } from './filter-url';
import { RetryDialog } from './RetryDialog';
import { TransmissionFilters } from './TransmissionFilters';
import { TRANSMISSION_COLORS, TRANSMISSION_ICONS } from './TransmissionStateChip';
import { TransmissionsTable } from './TransmissionsTable';

interface Props {
  filter: TransmissionFilter;
  page: number;
  onFilter(f: TransmissionFilter): void;
  onPage(p: number): void;
}

interface RetryRequest {
  selection: TransmissionSelection;
  intro: string;
}

/**
 * The list: counts per state over the filter, the filters, the rows of one page, and the retries (one row,
 * a selection, or everything filtered, as after an outage). Acks and errors arriving from the Hub refresh it
 * by themselves (the `transmissions` topic).
 */
export function TransmissionsList({ filter, page, onFilter, onPage }: Props) {
  const { t } = useTranslation();
  const list = useApiQuery('transmissions.list', { filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE }, { placeholderData: (prev) => prev });
  // A selection belongs to the filter it was made in.
  const filterKey = JSON.stringify(filter);
  const [kept, setKept] = useState<{ key: string; selection: Selection }>({ key: filterKey, selection: NOTHING });
  const selection = kept.key === filterKey ? kept.selection : NOTHING;
  const setSelection = (s: Selection) => setKept({ key: filterKey, selection: s });
  const [request, setRequest] = useState<RetryRequest | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const total = list.data?.total ?? 0;
  const selectedIds = selection.kind === 'ids' ? [...selection.ids] : [];
  const lastPage = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  // A page past the end (transmissions acknowledged meanwhile leave a filter on failures) falls back to the last one.
  useEffect(() => {
    if (list.data && page > lastPage) onPage(lastPage);
  }, [list.data, page, lastPage]); // eslint-disable-line react-hooks/exhaustive-deps -- onPage is a new function each render

  const retrySelected = () => {
    setResult(null);
    setRequest({ selection: { appointmentIds: selectedIds }, intro: t('transmissions.retry.intro.selected', { count: selectedIds.length }) });
  };
  const retryFiltered = () => {
    setResult(null);
    setRequest({
      selection: { filter },
      intro: isEmptyFilter(filter) ? t('transmissions.retry.intro.everything', { count: total }) : t('transmissions.retry.intro.filter', { count: total }),
    });
  };

  return (
    <>
      <TransmissionFilters filter={filter} onChange={onFilter} />
      {list.data && <StateCounts counts={list.data.counts} filter={filter} onFilter={onFilter} />}
      <Paper variant="outlined" sx={{ p: 1, mb: 1, display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }} data-testid="transmissions-actions">
        <Typography variant="body2" data-testid="transmissions-selection" data-count={selectedIds.length}>
          {selectedIds.length > 0 ? t('transmissions.selection.selected', { count: selectedIds.length }) : t('transmissions.selection.none', { count: total })}
        </Typography>
        {selectedIds.length > 0 && <Button size="small" onClick={() => setSelection(NOTHING)} data-testid="transmissions-selection-clear">{t('transmissions.selection.clear')}</Button>}
        <Box sx={{ flex: 1 }} />
        <Typography variant="caption" color="text.secondary">{t('transmissions.live')}</Typography>
        <Button size="small" variant="contained" disableElevation startIcon={<Replay />} disabled={selectedIds.length === 0} onClick={retrySelected} data-testid="retry-selected">
          {t('transmissions.retrySelected', { count: selectedIds.length })}
        </Button>
        <Button size="small" variant="outlined" startIcon={<Replay />} disabled={total === 0} onClick={retryFiltered} data-testid="retry-all-filtered"
          title={isEmptyFilter(filter) ? t('transmissions.retryAllHelp') : t('transmissions.retryFilteredHelp')}>
          {t('transmissions.retryAllFiltered', { count: total })}
        </Button>
      </Paper>
      {result && <Alert severity="success" sx={{ mb: 1 }} onClose={() => setResult(null)} data-testid="retry-result">{result}</Alert>}
      <ListBody list={list} filter={filter} selection={selection} setSelection={setSelection} />
      {total > 0 && (
        <TablePagination
          component="div"
          count={total}
          page={Math.min(page, lastPage)}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
          onPageChange={(_, p) => onPage(p)}
          data-testid="transmissions-pagination"
        />
      )}
      {request && (
        <RetryDialog
          selection={request.selection}
          intro={request.intro}
          onClose={() => setRequest(null)}
          onDone={(message) => {
            setRequest(null);
            setResult(message);
            setSelection(NOTHING);
          }}
        />
      )}
    </>
  );
}

function ListBody({ list, filter, selection, setSelection }: {
  list: { isPending: boolean; error: unknown; data: TransmissionList | undefined; refetch(): unknown };
  filter: TransmissionFilter;
  selection: Selection;
  setSelection(s: Selection): void;
}) {
  const { t } = useTranslation();
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (!list.data || list.data.total === 0) {
    return <Box data-testid="transmissions-empty"><Empty>{isEmptyFilter(filter) ? t('transmissions.emptyAll') : t('transmissions.empty')}</Empty></Box>;
  }
  return (
    <TransmissionsTable
      rows={list.data.rows}
      selection={selection}
      onToggle={(id) => setSelection(toggle(selection, id))}
      onTogglePage={(ids, on) => setSelection(togglePage(selection, ids, on))}
    />
  );
}

/** Transmissions per state over the whole filter (its state criterion aside); a chip toggles that state. */
function StateCounts({ counts, filter, onFilter }: { counts: TransmissionList['counts']; filter: TransmissionFilter; onFilter(f: TransmissionFilter): void }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', gap: 0.75, alignItems: 'center', flexWrap: 'wrap', mb: 1 }} data-testid="transmission-counts">
      <Typography variant="body2" color="text.secondary">{t('transmissions.counts')}</Typography>
      {TRANSMISSION_STATES.map((s) => {
        const on = filter.states?.includes(s) ?? false;
        return (
          <Chip
            key={s}
            size="small"
            color={TRANSMISSION_COLORS[s]}
            icon={TRANSMISSION_ICONS[s]}
            variant={on ? 'filled' : 'outlined'}
            label={t('transmissions.countItem', { state: t(`transmissions.states.${s}`), count: counts[s] ?? 0 })}
            title={t(`transmissions.stateHelp.${s}`)}
            onClick={() => onFilter(toggleState(filter, s))}
            aria-pressed={on}
            data-testid={`transmission-count-${s}`}
            data-count={counts[s] ?? 0}
          />
        );
      })}
    </Box>
  );
}
