import Add from '@mui/icons-material/Add';
import Download from '@mui/icons-material/Download';
import UploadFile from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Chip, Paper, Tab, TablePagination, Tabs, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ACCOUNT_STATES, type AccountMatrix, type RegulatorFilter } from '../../shared/api/regulator-api';
import { useApiQuery, useClient } from '../api/ClientContext';
import { Empty, ErrorState, Loading, useErrorText } from '../common/states';
import { STATE_COLORS, STATE_ICONS } from './account-state';
import { AccountActionDialog, type ActionRequest, REGULATOR_ACTIONS, type RegulatorAction } from './AccountActionDialog';
import { isEmptyFilter, locationFromParams, PAGE_SIZE, paramsFromLocation, type RegulatorsLocation, toggleState, VIEWS } from './filter-url';
import { ImportDialog } from './ImportDialog';
import { MatrixTable } from './MatrixTable';
import { QualificationPanel } from './QualificationPanel';
import { RegistryTable } from './RegistryTable';
import { RegulatorFilters } from './RegulatorFilters';
import { RegulatorFormDialog } from './RegulatorFormDialog';
import { NOTHING, type Selection, selectedCount, targetOf, toggle, togglePage } from './selection';

export function RegulatorsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
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
        <ExportButton filter={filter} />
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

function ExportButton({ filter }: { filter: RegulatorFilter }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { fileName, csv } = await client.call('regulators.export', { filter });
      await client.saveText(fileName, csv, 'text/csv;charset=utf-8');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="outlined" startIcon={<Download />} onClick={() => void run()} disabled={busy} data-testid="export-csv"
        title={isEmptyFilter(filter) ? t('regulators.exportAllHelp') : t('regulators.exportFilterHelp')}>
        {t('regulators.export')}
      </Button>
      {error && <Alert severity="error" sx={{ width: '100%' }} onClose={() => setError(null)} data-testid="export-error">{error}</Alert>}
    </>
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
  // A selection belongs to the filter it was made in.
  const filterKey = JSON.stringify(filter);
  const [kept, setKept] = useState<{ key: string; selection: Selection }>({ key: filterKey, selection: NOTHING });
  const selection = kept.key === filterKey ? kept.selection : NOTHING;
  const setSelection = (s: Selection) => setKept({ key: filterKey, selection: s });
  const [request, setRequest] = useState<ActionRequest | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const editors = matrix.data?.editors ?? [];
  const current = view === 'registry' ? list : matrix;
  const total = current.data?.total ?? 0;
  const count = selectedCount(selection, total);
  const pageIds = view === 'registry' ? (list.data?.rows.map((r) => r.technicalId) ?? []) : (matrix.data?.rows.map((r) => r.regulator.technicalId) ?? []);
  const pageAllChecked = selection.kind === 'ids' && pageIds.length > 0 && pageIds.every((id) => selection.ids.has(id));

  // A page past the end (regulators removed meanwhile, a hand-edited URL) falls back to the last one.
  const lastPage = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  useEffect(() => {
    if (current.data && page > lastPage) onPage(lastPage);
  }, [current.data, page, lastPage]); // eslint-disable-line react-hooks/exhaustive-deps -- onPage is a new function each render

  const ask = (action: RegulatorAction) => {
    const editor = filter.editorId ? editors.find((e) => e.id === filter.editorId) : undefined;
    const who = count > 0 ? t('regulators.selection.who', { count }) : t('regulators.selection.whoFilter', { count: total });
    setResult(null);
    setRequest({ action, target: targetOf(selection, filter), who, ...(editor ? { editors: [{ id: editor.id, name: editor.name }] } : {}) });
  };

  return (
    <>
      <RegulatorFilters filter={filter} editors={editors} onChange={onFilter} />
      {matrix.data && <StateCounts counts={matrix.data.counts} filter={filter} onFilter={onFilter} />}
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
      {result && <Alert severity="success" sx={{ mb: 1 }} onClose={() => setResult(null)} data-testid="action-result">{result}</Alert>}
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
      {total > 0 && (
        <TablePagination
          component="div"
          count={total}
          page={Math.min(page, lastPage)}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
          onPageChange={(_, p) => onPage(p)}
          data-testid="regulators-pagination"
        />
      )}
      {request && (
        <AccountActionDialog
          request={request}
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

/** Accounts per state over the whole filter; a chip toggles that state in the filter. */
function StateCounts({ counts, filter, onFilter }: { counts: AccountMatrix['counts']; filter: RegulatorFilter; onFilter(f: RegulatorFilter): void }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', gap: 0.75, alignItems: 'center', flexWrap: 'wrap', mb: 1 }} data-testid="state-counts">
      <Typography variant="body2" color="text.secondary">{t('regulators.counts')}</Typography>
      {ACCOUNT_STATES.map((s) => {
        const on = filter.states?.includes(s) ?? false;
        return (
          <Chip
            key={s}
            size="small"
            color={STATE_COLORS[s]}
            icon={STATE_ICONS[s]}
            variant={on ? 'filled' : 'outlined'}
            label={t('regulators.countItem', { state: t(`accounts.states.${s}`), count: counts[s] ?? 0 })}
            onClick={() => onFilter(toggleState(filter, s))}
            aria-pressed={on}
            data-testid={`state-count-${s}`}
            data-count={counts[s] ?? 0}
          />
        );
      })}
    </Box>
  );
}
