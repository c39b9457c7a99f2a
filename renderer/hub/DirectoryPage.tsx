import Add from '@mui/icons-material/Add';
import UploadFile from '@mui/icons-material/UploadFile';
import {
  Alert, Box, Button, Chip, MenuItem, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Tooltip, Typography,
} from '@mui/material';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { DIRECTORY_KINDS, type DirectoryEntry, type DirectoryField, type DirectoryFilter, type DirectoryKind } from '../../shared/api/hub-api';
import { formatParis } from '../../shared/domain/instant';
import { useApiQuery, useClient } from '../api/ClientContext';
import { CsvExportButton } from '../common/CsvExportButton';
import { PageFooter, useLastPageFallback } from '../common/paging';
import { Empty, ErrorState, Loading } from '../common/states';
import { useDebouncedField } from '../common/use-debounced-field';
import { DirectoryEntryDialog } from './DirectoryEntryDialog';
import { DirectoryImportDialog } from './DirectoryImportDialog';
import { directoryLocation, directoryParams, sourceText } from './directory-form';

const PAGE_SIZE = 50;
const COLUMNS: readonly DirectoryField[] = ['name', 'firstName', 'specialtyCode', 'professionCode', 'postalCode'];

/**
 * The practitioners and structures directory that fills the messages to the LRM (names, specialty, profession):
 * learnt from the editors' slot answers, imported from a CSV, or typed here. Each value says where it came from.
 */
export function DirectoryPage() {
  const { t } = useTranslation();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const { filter, page } = useMemo(() => directoryLocation(params), [params]);
  const go = (next: { filter?: DirectoryFilter; page?: number }) => setParams(directoryParams({ filter: next.filter ?? filter, page: next.page ?? (next.filter ? 0 : page) }));
  const list = useApiQuery('directory.list', { filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE }, { placeholderData: (prev) => prev });
  const [editing, setEditing] = useState<DirectoryEntry | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const text = useDebouncedField(filter.text, (v) => go({ filter: { ...filter, text: v } }));
  const total = list.data?.total ?? 0;
  useLastPageFallback({ data: list.data, total, page, pageSize: PAGE_SIZE, onPage: (p) => go({ page: p }) });
  // Opened from a blocked transmission (« Praticien … absent de l'annuaire »): the search holds the missing id.
  const missingId = filter.text && /^(8\d{11}|3\d{14}|1\d{9})$/.test(filter.text) && list.data?.total === 0 ? filter.text : null;

  return (
    <Box data-testid="directory-page" sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap', mb: 1 }}>
        <TextField size="small" sx={{ minWidth: 300 }} label={t('hub.directory.search')} value={text.text} onChange={(e) => text.setText(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'directory-search' } }} />
        <TextField select size="small" sx={{ minWidth: 180 }} label={t('hub.directory.kind')} value={filter.kind ?? ''}
          onChange={(e) => go({ filter: { ...filter, kind: (e.target.value || undefined) as DirectoryKind | undefined } })}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'directory-kind' } }}>
          <MenuItem value="">{t('hub.directory.allKinds')}</MenuItem>
          {DIRECTORY_KINDS.map((k) => <MenuItem key={k} value={k}>{t(`hub.directory.kinds.${k}`)}</MenuItem>)}
        </TextField>
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" startIcon={<Add />} onClick={() => setEditing('new')} data-testid="directory-new">{t('hub.directory.add')}</Button>
        <Button variant="outlined" startIcon={<UploadFile />} onClick={() => setImporting(true)} data-testid="directory-import-open">{t('hub.directory.import.open')}</Button>
        <CsvExportButton load={() => client.call('directory.export', { filter })} label={t('hub.directory.export')}
          title={filter.text || filter.kind ? t('hub.directory.exportFilterHelp') : t('hub.directory.exportAllHelp')} testId="directory-export" errorTestId="directory-export-error" />
      </Box>
      {missingId && (
        <Alert severity="info" sx={{ mb: 1 }} action={<Button onClick={() => setEditing('new')}>{t('hub.directory.add')}</Button>} data-testid="directory-missing">
          {t('hub.directory.missing', { id: missingId })}
        </Alert>
      )}
      {list.isPending ? <Loading /> : list.error ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : total === 0 ? (
        <Box data-testid="directory-empty"><Empty>{filter.text || filter.kind ? t('hub.directory.empty') : t('hub.directory.emptyAll')}</Empty></Box>
      ) : (
        <DirectoryTable rows={list.data!.rows} onEdit={setEditing} />
      )}
      <PageFooter total={total} page={page} pageSize={PAGE_SIZE} onPage={(p) => go({ page: p })} testId="directory-pagination" />
      {editing && (
        <DirectoryEntryDialog
          entry={editing === 'new' ? null : editing}
          seed={editing === 'new' && missingId ? { id: missingId, kind: missingId.startsWith('8') ? 'practitioner' : 'organization' } : undefined}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <DirectoryImportDialog onClose={() => setImporting(false)} />}
    </Box>
  );
}

function DirectoryTable({ rows, onEdit }: { rows: DirectoryEntry[]; onEdit(e: DirectoryEntry): void }) {
  const { t } = useTranslation();
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ flex: 1, minHeight: 0 }}>
      <Table size="small" stickyHeader data-testid="directory-table">
        <TableHead>
          <TableRow>
            <TableCell>{t('hub.directory.kind')}</TableCell>
            <TableCell>{t('hub.directory.columns.id')}</TableCell>
            {COLUMNS.map((c) => <TableCell key={c}>{t(`hub.directory.columns.${c}`)}</TableCell>)}
            <TableCell>{t('hub.directory.columns.updated')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((e) => (
            <TableRow key={`${e.kind}:${e.id}`} hover data-testid="directory-row" data-id={e.id} data-kind={e.kind}>
              <TableCell><Chip size="small" variant="outlined" label={t(`hub.directory.kinds.${e.kind}`)} /></TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{e.id}</TableCell>
              {COLUMNS.map((c) => <ValueCell key={c} entry={e} field={c} />)}
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatParis(e.updatedUtc)}</TableCell>
              <TableCell><Button size="small" onClick={() => onEdit(e)} data-testid="directory-edit">{t('hub.directory.edit')}</Button></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** A value with where it came from (slot answer, CSV, operator) and when, in a tooltip and a small caption. */
function ValueCell({ entry, field }: { entry: DirectoryEntry; field: DirectoryField }) {
  const { t } = useTranslation();
  const value = entry[field];
  const source = entry.sources[field];
  if (value === null) return <TableCell sx={{ color: 'text.secondary' }}>{t('common.none')}</TableCell>;
  return (
    <TableCell data-field={field} data-source={source?.source ?? ''}>
      <Tooltip title={source ? sourceText(t, source) : ''}>
        <span>{value}</span>
      </Tooltip>
      {source && (
        <Typography variant="caption" component="div" color="text.secondary" sx={{ lineHeight: 1.2 }}>
          {t(`hub.directory.sourceShort.${source.source}`)}
        </Typography>
      )}
    </TableCell>
  );
}
