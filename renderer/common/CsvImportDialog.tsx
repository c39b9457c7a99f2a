import UploadFile from '@mui/icons-material/UploadFile';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, type DialogProps, LinearProgress, Stack, Typography } from '@mui/material';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileToBase64, MAX_CSV_BYTES } from './file-base64';
import { useErrorText } from './states';

// A CSV import in two steps (regulators, directory): the preview says what the file would do and writes
// nothing, then « Importer » applies the file, only once the preview allows it.

export interface CsvFile {
  name: string;
  base64: string;
}

interface Options<P, I, D> {
  /** Where the texts are: `tooLarge` and `emptyFile` under this i18n key. */
  texts: string;
  /** Reads the file and writes nothing (the core's `….importPreview`). */
  preview(csvBase64: string): Promise<P>;
  /** Called with each new preview (to choose what it shows first). */
  onPreview?(preview: P): void;
  /** Whether this preview allows the import (no error, something to import). */
  importable(preview: P): boolean;
  /** The import's mutation, and its input for the file chosen. */
  run: { isPending: boolean; reset(): void; mutateAsync(input: I): Promise<D> };
  input(file: CsvFile): I;
}

export interface CsvImport<P, D> {
  file: CsvFile | null;
  preview: P | null;
  reading: boolean;
  pending: boolean;
  error: string | null;
  done: D | null;
  importable: boolean;
  choose(chosen: File | undefined): Promise<void>;
  confirm(): Promise<void>;
}

/** The import's state: a new file starts over (size checked here, then previewed); confirming imports that very file. */
export function useCsvImport<P, I, D>({ texts, preview: readPreview, onPreview, importable: allows, run, input }: Options<P, I, D>): CsvImport<P, D> {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<CsvFile | null>(null);
  const [preview, setPreview] = useState<P | null>(null);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<D | null>(null);

  const choose = async (chosen: File | undefined) => {
    setPreview(null);
    setFile(null);
    setDone(null);
    setError(null);
    run.reset();
    if (!chosen) return;
    if (chosen.size > MAX_CSV_BYTES) {
      setError(t(`${texts}.tooLarge`, { max: MAX_CSV_BYTES / 1024 / 1024 }));
      return;
    }
    if (chosen.size === 0) {
      setError(t(`${texts}.emptyFile`));
      return;
    }
    setReading(true);
    try {
      const base64 = await fileToBase64(chosen);
      const p = await readPreview(base64);
      setFile({ name: chosen.name, base64 });
      setPreview(p);
      onPreview?.(p);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setReading(false);
    }
  };

  const importable = preview !== null && file !== null && allows(preview);
  const confirm = async () => {
    if (!file || !importable) return;
    setError(null);
    try {
      setDone(await run.mutateAsync(input(file)));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return { file, preview, reading, pending: run.isPending, error, done, importable, choose, confirm };
}

interface DialogOptions<P, D> {
  csv: CsvImport<P, D>;
  /** The i18n key the texts are under: `title`, `choose`, `noFile`, `done`, `confirm` (with the count), `confirmIdle`. */
  texts: string;
  help: string;
  /** How many entries « Importer » would write. */
  count(preview: P): number;
  renderPreview(preview: P): ReactNode;
  /** Prefix of the test ids: `-dialog`, `-title` (its id), `-file-name`, `-error`, `-done`, `-confirm`; the file input's own. */
  testId: string;
  fileTestId: string;
  maxWidth: DialogProps['maxWidth'];
  onClose(): void;
}

/** The import's dialog: the file chooser, progress, error or result, the caller's preview, and the confirmation. */
export function CsvImportDialog<P, D extends Record<string, number>>({ csv, texts, help, count, renderPreview, testId, fileTestId, maxWidth, onClose }: DialogOptions<P, D>) {
  const { t } = useTranslation();
  const { file, preview, reading, pending, error, importable } = csv;
  const done: Record<string, number> | null = csv.done;
  return (
    <Dialog open onClose={pending ? undefined : onClose} maxWidth={maxWidth} fullWidth aria-labelledby={`${testId}-title`} data-testid={`${testId}-dialog`}>
      <DialogTitle id={`${testId}-title`}>{t(`${texts}.title`)}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{help}</Typography>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1.5 }}>
          <Button variant="outlined" component="label" startIcon={<UploadFile />} disabled={reading || pending}>
            {t(`${texts}.choose`)}
            <input
              hidden
              type="file"
              accept=".csv,text/csv,text/plain"
              data-testid={fileTestId}
              onChange={(e) => {
                void csv.choose(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </Button>
          <Typography data-testid={`${testId}-file-name`}>{file?.name ?? t(`${texts}.noFile`)}</Typography>
        </Stack>
        {(reading || pending) && <LinearProgress sx={{ mb: 1 }} />}
        {error && <Alert severity="error" sx={{ mb: 1 }} data-testid={`${testId}-error`}>{error}</Alert>}
        {done && <Alert severity="success" sx={{ mb: 1 }} data-testid={`${testId}-done`}>{t(`${texts}.done`, done)}</Alert>}
        {preview !== null && !done && renderPreview(preview)}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>{done ? t('common.close') : t('common.cancel')}</Button>
        {!done && (
          <Button variant="contained" onClick={() => void csv.confirm()} disabled={!importable || pending} data-testid={`${testId}-confirm`}>
            {preview !== null ? t(`${texts}.confirm`, { count: count(preview) }) : t(`${texts}.confirmIdle`)}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
