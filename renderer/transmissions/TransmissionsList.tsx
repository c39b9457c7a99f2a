import Replay from '@mui/icons-material/Replay';
import { Alert, Box, Button, Paper, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { TRANSMISSION_STATES, type TransmissionFilter, type TransmissionList, type TransmissionSelection } from '../../shared/api/hub-api';
import { useApiQuery } from '../api/ClientContext';
import { PageFooter, useLastPageFallback } from '../common/paging';
import { NOTHING, type Selection, toggle, togglePage } from '../common/selection';
import { StateCountChips } from '../common/StateCountChips';
import { Empty, ErrorState, Loading } from '../common/states';
import { useConfirmedAction } from '../common/use-confirmed-action';
import { useFilterScopedState } from '../common/use-filter-scoped-state';
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
  const [selection, setSelection] = useFilterScopedState(filter, NOTHING);
  const retry = useConfirmedAction<RetryRequest>(() => setSelection(NOTHING));

  const total = list.data?.total ?? 0;
  const selectedIds = selection.kind === 'ids' ? [...selection.ids] : [];
  // Transmissions acknowledged meanwhile leave a filter on failures: the page may now be past the end.
  useLastPageFallback({ data: list.data, total, page, pageSize: PAGE_SIZE, onPage });

  const retrySelected = () => {
    retry.ask({ selection: { appointmentIds: selectedIds }, intro: t('transmissions.retry.intro.selected', { count: selectedIds.length }) });
  };
  const retryFiltered = () => {
    retry.ask({
      selection: { filter },
      intro: isEmptyFilter(filter) ? t('transmissions.retry.intro.everything', { count: total }) : t('transmissions.retry.intro.filter', { count: total }),
    });
  };

  return (
    <>
      <TransmissionFilters filter={filter} onChange={onFilter} />
      {list.data && (
        <StateCountChips states={TRANSMISSION_STATES} counts={list.data.counts} selected={filter.states} onToggle={(s) => onFilter(toggleState(filter, s))}
          colors={TRANSMISSION_COLORS} icons={TRANSMISSION_ICONS} heading={t('transmissions.counts')}
          label={(s, count) => t('transmissions.countItem', { state: t(`transmissions.states.${s}`), count })} help={(s) => t(`transmissions.stateHelp.${s}`)}
          testId="transmission-counts" chipTestId="transmission-count" />
      )}
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
      {retry.result && <Alert severity="success" sx={{ mb: 1 }} onClose={retry.dismiss} data-testid="retry-result">{retry.result}</Alert>}
      <ListBody list={list} filter={filter} selection={selection} setSelection={setSelection} />
      <PageFooter total={total} page={page} pageSize={PAGE_SIZE} onPage={onPage} testId="transmissions-pagination" />
      {retry.request && <RetryDialog selection={retry.request.selection} intro={retry.request.intro} onClose={retry.cancel} onDone={retry.done} />}
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
