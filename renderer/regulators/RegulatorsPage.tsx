import Add from '@mui/icons-material/Add';
import UploadFile from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Paper, Tab, Tabs, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ACCOUNT_STATES, type RegulatorFilter } from '../../shared/api/regulator-api';
import { useApiQuery, useClient } from '../api/ClientContext';
import { CsvExportButton } from '../common/CsvExportButton';
import { PageFooter, useLastPageFallback } from '../common/paging';
import { NOTHING, selectedCount, toggle, togglePage } from '../common/selection';
import { StateCountChips } from '../common/StateCountChips';
import { Empty, ErrorState, Loading } from '../common/states';
import { useConfirmedAction } from '../common/use-confirmed-action';
import { useFilterScopedState } from '../common/use-filter-scoped-state';
import { STATE_COLORS, STATE_ICONS } from './account-state';
import { AccountActionDialog, type ActionRequest, REGULATOR_ACTIONS, type RegulatorAction } from './AccountActionDialog';
import { isEmptyFilter, locationFromParams, PAGE_SIZE, paramsFromLocation, type RegulatorsLocation, toggleState, VIEWS } from './filter-url';
import { ImportDialog } from './ImportDialog';
import { MatrixTable } from './MatrixTable';
import { QualificationPanel } from './QualificationPanel';
import { RegistryTable } from './RegistryTable';
import { RegulatorFilters } from './RegulatorFilters';
import { RegulatorFormDialog } from './RegulatorFormDialog';
import { targetOf } from './selection';

export function RegulatorsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const location = useMemo(() => locationFromParams(params), [params]);
  const { view, filter, page } = location;
  const go = (next: Partial<RegulatorsLocation>) => setParams(paramsFromLocation({ ...location, ...next }, params));
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">{t('regulators.title')}</Typography>
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)} data-testid="regulator-new">{t('regulators.new')}</Button>
        <Button variant="outlined" startIcon={<UploadFile />} onClick={() => setImporting(true)} data-testid="import-open">{t('regulators.import.open')}</Button>
        <CsvExportButton load={() => client.call('regulators.export', { filter })} label={t('regulators.export')}
          title={isEmptyFilter(filter) ? t('regulators.exportAllHelp') : t('regulators.exportFilterHelp')} testId="export-csv" errorTestId="export-error" />
      </Box>
      <Tabs value={view} onChange={(_, v: RegulatorsLocation['view']) => go({ view: v, page: view === 'qualification' || v === 'qualification' ? 0 : page })} sx={{ mb: 1.5 }}>
        {VIEWS.map((v) => <Tab key={v} value={v} label={t(`regulators.tabs.${v}`)} data-testid={`tab-${v}`} />)}
      </Tabs>
      {view === 'qualification' ? (
        <QualificationPanel />
      ) : (
        <RegistryView view={view} filter={filter} page={page} onFilter={(f) => go({ filter: f, page: 0 })} onPage={(p) => go({ page: p })}
          onCreate={() => setCreating(true)} onImport={() => setImporting(true)} />
      )}
      {creating && <RegulatorFormDialog regulator={null} onClose={() => setCreating(false)} onSaved={(r) => navigate(`/regulators/${r.technicalId}`)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </Box>
  );
}

interface ViewProps {
  view: 'registry' | 'matrix';
  filter: RegulatorFilter;
  page: number;
  onFilter(f: RegulatorFilter): void;
  onPage(p: number): void;
  onCreate(): void;
  onImport(): void;
}

function RegistryView({ view, filter, page, onFilter, onPage, onCreate, onImport }: ViewProps) {
  const { t } = useTranslation();
  const paging = { filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE };
  // The matrix gives the INT_R02 editors and the counts per state over the whole filter, whatever the tab.
  const matrix = useApiQuery('accounts.matrix', paging, { placeholderData: (prev) => prev });
  const list = useApiQuery('regulators.list', paging, { enabled: view === 'registry', placeholderData: (prev) => prev });
  const [selection, setSelection] = useFilterScopedState(filter, NOTHING);
  const action = useConfirmedAction<ActionRequest>(() => setSelection(NOTHING));

  const editors = matrix.data?.editors ?? [];
  const current = view === 'registry' ? list : matrix;
  const total = current.data?.total ?? 0;
  const count = selectedCount(selection, total);
  const pageIds = view === 'registry' ? (list.data?.rows.map((r) => r.technicalId) ?? []) : (matrix.data?.rows.map((r) => r.regulator.technicalId) ?? []);
  const pageAllChecked = selection.kind === 'ids' && pageIds.length > 0 && pageIds.every((id) => selection.ids.has(id));

  // Regulators removed meanwhile may leave the page past the end.
  useLastPageFallback({ data: current.data, total, page, pageSize: PAGE_SIZE, onPage });

  const ask = (a: RegulatorAction) => {
    const editor = filter.editorId ? editors.find((e) => e.id === filter.editorId) : undefined;
    const who = count > 0 ? t('regulators.selection.who', { count }) : t('regulators.selection.whoFilter', { count: total });
    action.ask({ action: a, target: targetOf(selection, filter), who, ...(editor ? { editors: [{ id: editor.id, name: editor.name }] } : {}) });
  };

  return (
    <>
      <RegulatorFilters filter={filter} editors={editors} onChange={onFilter} />
      {matrix.data && (
        <StateCountChips states={ACCOUNT_STATES} counts={matrix.data.counts} selected={filter.states} onToggle={(s) => onFilter(toggleState(filter, s))}
          colors={STATE_COLORS} icons={STATE_ICONS} heading={t('regulators.counts')}
          label={(s, count) => t('regulators.countItem', { state: t(`accounts.states.${s}`), count })} testId="state-counts" chipTestId="state-count" />
      )}
      {matrix.data && editors.length === 0 && <Alert severity="info" sx={{ mb: 1 }} data-testid="no-int-r02-editor">{t('regulators.noEditors')}</Alert>}
      <Paper variant="outlined" sx={{ p: 1, mb: 1, display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }} data-testid="action-bar">
        <Typography variant="body2" data-testid="selection-summary" data-count={count}>
          {selection.kind === 'filter'
            ? t('regulators.selection.allFiltered', { count: total })
            : count > 0
              ? t('regulators.selection.selected', { count })
              : t('regulators.selection.none', { count: total })}
        </Typography>
        {pageAllChecked && total > selection.ids.size && (
          <Button size="small" onClick={() => setSelection({ kind: 'filter' })} data-testid="select-filtered">{t('regulators.selection.selectFiltered', { count: total })}</Button>
        )}
        {count > 0 && <Button size="small" onClick={() => setSelection(NOTHING)} data-testid="selection-clear">{t('regulators.selection.clear')}</Button>}
        <Box sx={{ flex: 1 }} />
        {REGULATOR_ACTIONS.map((a) => (
          <Button
            key={a}
            size="small"
            variant={a === 'revoke' ? 'outlined' : 'contained'}
            color={a === 'revoke' ? 'error' : 'primary'}
            disableElevation
            disabled={total === 0 || (a !== 'login' && editors.length === 0)}
            onClick={() => ask(a)}
            data-testid={`action-${a}`}
          >
            {t(`accounts.actions.${a}`)}
          </Button>
        ))}
      </Paper>
      {action.result && <Alert severity="success" sx={{ mb: 1 }} onClose={action.dismiss} data-testid="action-result">{action.result}</Alert>}
      {current.isPending ? (
        <Loading />
      ) : current.error ? (
        <ErrorState error={current.error} onRetry={() => current.refetch()} />
      ) : total === 0 ? (
        isEmptyFilter(filter) ? (
          <Box sx={{ textAlign: 'center' }} data-testid="regulators-empty">
            <Empty>{t('regulators.emptyRegistry')}</Empty>
            <Button onClick={onCreate}>{t('regulators.new')}</Button>
            <Button onClick={onImport}>{t('regulators.import.open')}</Button>
          </Box>
        ) : (
          <Box data-testid="regulators-empty"><Empty>{t('regulators.empty')}</Empty></Box>
        )
      ) : view === 'registry' && list.data ? (
        <RegistryTable rows={list.data.rows} selection={selection} onToggle={(id) => setSelection(toggle(selection, id))}
          onTogglePage={(ids, on) => setSelection(togglePage(selection, ids, on))} />
      ) : matrix.data ? (
        editors.length === 0 ? null : (
          <MatrixTable matrix={matrix.data} selection={selection} onToggle={(id) => setSelection(toggle(selection, id))}
            onTogglePage={(ids, on) => setSelection(togglePage(selection, ids, on))} />
        )
      ) : null}
      <PageFooter total={total} page={page} pageSize={PAGE_SIZE} onPage={onPage} testId="regulators-pagination" />
      {action.request && <AccountActionDialog request={action.request} onClose={action.cancel} onDone={action.done} />}
    </>
  );
}
