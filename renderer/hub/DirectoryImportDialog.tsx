import UploadFile from '@mui/icons-material/UploadFile';
import {
  Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryImportPreview } from '../../shared/api/hub-api';
import { useApiMutation, useClient } from '../api/ClientContext';
import { useErrorText } from '../common/states';
import { fileToBase64, MAX_CSV_BYTES } from '../regulators/file-base64';

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
  const errorText = useErrorText();
  const run = useApiMutation('directory.import');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<DirectoryImportPreview | null>(null);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ created: number; updated: number } | null>(null);

  const choose = async (chosen: File | undefined) => {
    setPreview(null);
    setFile(null);
    setDone(null);
    setError(null);
    run.reset();
    if (!chosen) return;
    if (chosen.size > MAX_CSV_BYTES) {
      setError(t('hub.directory.import.tooLarge', { max: MAX_CSV_BYTES / 1024 / 1024 }));
      return;
    }
    if (chosen.size === 0) {
      setError(t('hub.directory.import.emptyFile'));
      return;
    }
    setReading(true);
    try {
      const base64 = await fileToBase64(chosen);
      setPreview(await client.call('directory.importPreview', { csvBase64: base64 }));
      setFile({ name: chosen.name, base64 });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setReading(false);
    }
  };

  const importable = !!preview && !!file && preview.errors.length === 0 && preview.valid > 0;
  const confirm = async () => {
    if (!file || !importable) return;
    setError(null);
    try {
      setDone(await run.mutateAsync({ csvBase64: file.base64, fileName: file.name.slice(0, 255) }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Dialog open onClose={run.isPending ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="directory-import-title" data-testid="directory-import-dialog">
      <DialogTitle id="directory-import-title">{t('hub.directory.import.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('hub.directory.import.help')}</Typography>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1.5 }}>
          <Button variant="outlined" component="label" startIcon={<UploadFile />} disabled={reading || run.isPending}>
            {t('hub.directory.import.choose')}
            <input hidden type="file" accept=".csv,text/csv,text/plain" data-testid="directory-import-file"
              onChange={(e) => { void choose(e.target.files?.[0]); e.target.value = ''; }} />
          </Button>
          <Typography data-testid="directory-import-file-name">{file?.name ?? t('hub.directory.import.noFile')}</Typography>
        </Stack>
        {(reading || run.isPending) && <LinearProgress sx={{ mb: 1 }} />}
        {error && <Alert severity="error" sx={{ mb: 1 }} data-testid="directory-import-error">{error}</Alert>}
        {done && <Alert severity="success" sx={{ mb: 1 }} data-testid="directory-import-done">{t('hub.directory.import.done', done)}</Alert>}
        {preview && !done && <PreviewBody preview={preview} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={run.isPending}>{done ? t('common.close') : t('common.cancel')}</Button>
        {!done && (
          <Button variant="contained" onClick={() => void confirm()} disabled={!importable || run.isPending} data-testid="directory-import-confirm">
            {preview ? t('hub.directory.import.confirm', { count: preview.creates + preview.updates }) : t('hub.directory.import.confirmIdle')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
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
