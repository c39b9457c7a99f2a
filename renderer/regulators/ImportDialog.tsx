import { Alert, Box, Chip, FormControlLabel, Stack, Switch, Typography } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegulatorImportPreview } from '../../shared/api/regulator-api';
import { REGULATOR_CSV_COLUMNS } from '../../shared/regulators/regulator-csv';
import { useApiMutation, useClient } from '../api/ClientContext';
import { CsvImportDialog, useCsvImport } from '../common/CsvImportDialog';

type Row = RegulatorImportPreview['rows'][number];
const ACTION_COLORS: Record<Row['action'], 'success' | 'info' | 'default' | 'error'> = { create: 'success', update: 'info', unchanged: 'default', error: 'error' };
const GRID = '70px 130px minmax(160px, 1fr) minmax(240px, 2fr)';

/**
 * Imports a CSV of regulators in two steps: the preview says what each row would do (nothing is written),
 * then « Importer » applies the whole file at once, only when no row has an error.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [onlyErrors, setOnlyErrors] = useState(false);
  const csv = useCsvImport({
    texts: 'regulators.import',
    preview: (csvBase64) => client.call('regulators.importPreview', { csvBase64 }),
    onPreview: (p) => setOnlyErrors(p.counts.error > 0),
    importable: (p) => p.headerErrors.length === 0 && p.counts.error === 0 && p.rows.length > 0,
    run: useApiMutation('regulators.import'),
    input: (file) => ({ csvBase64: file.base64 }),
  });
  const { preview } = csv;
  const rows = useMemo(() => (preview ? (onlyErrors ? preview.rows.filter((r) => r.action === 'error') : preview.rows) : []), [preview, onlyErrors]);

  return (
    <CsvImportDialog csv={csv} texts="regulators.import" help={t('regulators.import.help', { columns: REGULATOR_CSV_COLUMNS.join(' ; ') })}
      count={(p) => p.counts.create + p.counts.update} testId="import" fileTestId="import-file-input" maxWidth="lg" onClose={onClose}
      renderPreview={(p) => <PreviewBody preview={p} rows={rows} onlyErrors={onlyErrors} onOnlyErrors={setOnlyErrors} />} />
  );
}

function PreviewBody({ preview, rows, onlyErrors, onOnlyErrors }: { preview: RegulatorImportPreview; rows: Row[]; onlyErrors: boolean; onOnlyErrors(v: boolean): void }) {
  const { t } = useTranslation();
  const c = preview.counts;
  return (
    <Box data-testid="import-preview">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('regulators.import.format', { encoding: preview.encoding, delimiter: preview.delimiter === '\t' ? t('regulators.import.tab') : preview.delimiter })}
      </Typography>
      {preview.headerErrors.length > 0 && (
        <Alert severity="error" sx={{ mb: 1 }} data-testid="import-header-errors">
          <Typography fontWeight={600}>{t('regulators.import.headerErrors')}</Typography>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>{preview.headerErrors.map((e, i) => <li key={i}>{e}</li>)}</Box>
        </Alert>
      )}
      {preview.warnings.length > 0 && (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="import-warnings">
          <Box component="ul" sx={{ m: 0, pl: 2 }}>{preview.warnings.map((e, i) => <li key={i}>{e}</li>)}</Box>
        </Alert>
      )}
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1, flexWrap: 'wrap' }} data-testid="import-counts">
        {(['create', 'update', 'unchanged', 'error'] as const).map((k) => (
          <Chip key={k} size="small" color={ACTION_COLORS[k]} variant={k === 'unchanged' ? 'outlined' : 'filled'} data-testid={`import-count-${k}`} data-count={c[k]}
            label={t(`regulators.import.counts.${k}`, { count: c[k] })} />
        ))}
        <Box sx={{ flex: 1 }} />
        <FormControlLabel control={<Switch size="small" checked={onlyErrors} onChange={(e) => onOnlyErrors(e.target.checked)} />} label={t('regulators.import.onlyErrors')} />
      </Stack>
      {c.error > 0 && <Alert severity="error" sx={{ mb: 1 }}>{t('regulators.import.fixFirst', { count: c.error })}</Alert>}
      {preview.headerErrors.length === 0 && c.error === 0 && preview.rows.length > 0 && (
        <Alert severity="info" sx={{ mb: 1 }}>{t('regulators.import.nothingWritten')}</Alert>
      )}
      {preview.rows.length > 0 && <PreviewRows rows={rows} />}
    </Box>
  );
}

/** Up to 20,000 rows: virtualised. */
function PreviewRows({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  const parent = useRef<HTMLDivElement>(null);
  // Rows with errors are taller: measured as they render.
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 36, overscan: 10 });
  return (
    <Box role="table" data-testid="import-rows" aria-rowcount={rows.length} sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Box role="row" sx={{ display: 'grid', gridTemplateColumns: GRID, bgcolor: 'grey.100', borderBottom: 1, borderColor: 'divider', fontWeight: 600, fontSize: 13 }}>
        {(['line', 'action', 'label', 'errors'] as const).map((k) => <Box role="columnheader" key={k} sx={{ px: 1, py: 0.75 }}>{t(`regulators.import.columns.${k}`)}</Box>)}
      </Box>
      <Box ref={parent} sx={{ maxHeight: 380, overflow: 'auto' }}>
        {rows.length === 0 && <Typography sx={{ p: 2, color: 'text.secondary' }}>{t('regulators.import.noRow')}</Typography>}
        <Box sx={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const r = rows[item.index];
            return (
              <Box
                key={`${r.line}-${item.index}`}
                role="row"
                data-index={item.index}
                ref={virtual.measureElement}
                data-testid="import-row"
                data-action={r.action}
                data-line={r.line}
                sx={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)`, display: 'grid', gridTemplateColumns: GRID,
                  alignItems: 'start', borderBottom: 1, borderColor: 'divider', fontSize: 13, py: 0.5 }}
              >
                <Box role="cell" sx={{ px: 1 }}>{r.line}</Box>
                <Box role="cell" sx={{ px: 1 }}>
                  <Chip size="small" color={ACTION_COLORS[r.action]} variant={r.action === 'unchanged' ? 'outlined' : 'filled'} label={t(`regulators.import.actions.${r.action}`)} />
                </Box>
                <Box role="cell" sx={{ px: 1, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {r.label}
                  {r.technicalId && <Typography variant="caption" component="div" color="text.secondary" sx={{ fontFamily: 'monospace' }}>{r.technicalId}</Typography>}
                </Box>
                <Box role="cell" sx={{ px: 1, color: 'error.main' }}>
                  {r.errors.map((e, i) => <div key={i}>{e}</div>)}
                </Box>
              </Box>
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}
