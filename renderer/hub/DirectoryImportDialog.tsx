import { Alert, Box, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { DirectoryImportPreview } from '../../shared/api/hub-api';
import { useApiMutation, useClient } from '../api/ClientContext';
import { CsvImportDialog, useCsvImport } from '../common/CsvImportDialog';

/** Errors shown at once; the count says how many more there are. */
const SHOWN_ERRORS = 200;

/**
 * Imports a CSV into the directory in two steps, as the regulators' import: the preview says how many entries
 * would be created or updated and which lines are wrong (nothing is written), then « Importer » applies the
 * file, only once no line is wrong.
 */
export function DirectoryImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const csv = useCsvImport({
    texts: 'hub.directory.import',
    preview: (csvBase64) => client.call('directory.importPreview', { csvBase64 }),
    importable: (p) => p.errors.length === 0 && p.valid > 0,
    run: useApiMutation('directory.import'),
    input: (file) => ({ csvBase64: file.base64, fileName: file.name.slice(0, 255) }),
  });
  return (
    <CsvImportDialog csv={csv} texts="hub.directory.import" help={t('hub.directory.import.help')} count={(p) => p.creates + p.updates}
      renderPreview={(p) => <PreviewBody preview={p} />} testId="directory-import" fileTestId="directory-import-file" maxWidth="md" onClose={onClose} />
  );
}

function PreviewBody({ preview }: { preview: DirectoryImportPreview }) {
  const { t } = useTranslation();
  const counts = { rows: preview.rows, creates: preview.creates, updates: preview.updates, errors: preview.errors.length };
  return (
    <Box data-testid="directory-import-preview">
      <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap' }} useFlexGap>
        {(Object.keys(counts) as (keyof typeof counts)[]).map((k) => (
          <Chip key={k} size="small" color={k === 'errors' && counts.errors > 0 ? 'error' : k === 'creates' ? 'success' : k === 'updates' ? 'info' : 'default'}
            label={t(`hub.directory.import.counts.${k}`, { count: counts[k] })} data-testid={`directory-import-count-${k}`} data-count={counts[k]} />
        ))}
      </Stack>
      {preview.errors.length > 0 ? (
        <>
          <Alert severity="error" sx={{ mb: 1 }}>{t('hub.directory.import.fixFirst', { count: preview.errors.length })}</Alert>
          <Paper variant="outlined" sx={{ maxHeight: 320, overflow: 'auto' }}>
            <Table size="small" stickyHeader data-testid="directory-import-errors">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: 90 }}>{t('hub.directory.import.line')}</TableCell>
                  <TableCell>{t('hub.directory.import.problem')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {preview.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                  <TableRow key={`${e.line}-${i}`} data-line={e.line}>
                    <TableCell>{e.line}</TableCell>
                    <TableCell sx={{ color: 'error.main' }}>{e.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
          {preview.errors.length > SHOWN_ERRORS && (
            <Typography variant="caption" color="text.secondary">{t('hub.directory.import.moreErrors', { count: preview.errors.length - SHOWN_ERRORS })}</Typography>
          )}
        </>
      ) : preview.valid > 0 ? (
        <Alert severity="info">{t('hub.directory.import.nothingWritten')}</Alert>
      ) : (
        <Alert severity="warning">{t('hub.directory.import.noRow')}</Alert>
      )}
    </Box>
  );
}
