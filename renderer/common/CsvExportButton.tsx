import Download from '@mui/icons-material/Download';
import { Alert, Button } from '@mui/material';
import { useState } from 'react';
import { useClient } from '../api/ClientContext';
import { useErrorText } from './states';

interface Props {
  /** Makes the export (the core's `….export` operation for the current filter). */
  load(): Promise<{ fileName: string; csv: string }>;
  label: string;
  title: string;
  testId: string;
  errorTestId: string;
}

/** Exports a list as CSV and saves it where the operator chooses; a failure shows under the button until closed. */
export function CsvExportButton({ load, label, title, testId, errorTestId }: Props) {
  const client = useClient();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { fileName, csv } = await load();
      await client.saveText(fileName, csv, 'text/csv;charset=utf-8');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="outlined" startIcon={<Download />} onClick={() => void run()} disabled={busy} data-testid={testId} title={title}>
        {label}
      </Button>
      {error && <Alert severity="error" sx={{ width: '100%' }} onClose={() => setError(null)} data-testid={errorTestId}>{error}</Alert>}
    </>
  );
}
