import { Alert, Box, Button, LinearProgress, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentFilter, AppointmentSort } from '../../shared/api/contract';
import { useApiQuery, useClient } from '../api/ClientContext';
import { useErrorText } from '../common/states';

/** Starts an export of the current filter, shows its progress, and hands the file over when done. */
export function ExportMenu({ filter, sort }: { filter: AppointmentFilter; sort: AppointmentSort }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saved = useRef<string | null>(null);
  // The core pushes an 'exports' event as the job progresses: the query refreshes by itself, nothing is polled.
  const job = useApiQuery('exports.status', { id: jobId ?? '' }, { enabled: !!jobId });
  useEffect(() => {
    const j = job.data;
    if (j?.state === 'done' && saved.current !== j.id) {
      saved.current = j.id;
      client.saveExport(j).catch((e: unknown) => setError(errorText(e)));
    }
  }, [job.data, client, errorText]);

  const start = async (format: 'csv' | 'ndjson') => {
    setError(null);
    try {
      const j = await client.call('exports.start', { format, filter, sort });
      setJobId(j.id);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const j = job.data;
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
      <Button variant="outlined" size="small" onClick={() => start('csv')} disabled={j?.state === 'running'}>{t('appointments.export.csv')}</Button>
      <Button variant="outlined" size="small" onClick={() => start('ndjson')} disabled={j?.state === 'running'}>{t('appointments.export.ndjson')}</Button>
      {j?.state === 'running' && (
        <Box sx={{ minWidth: 240 }} data-testid="export-progress">
          <Typography variant="caption">{t('appointments.export.running', { written: j.rowsWritten, total: j.rowsTotal })}</Typography>
          <LinearProgress variant={j.rowsTotal ? 'determinate' : 'indeterminate'} value={j.rowsTotal ? (100 * j.rowsWritten) / j.rowsTotal : 0} />
        </Box>
      )}
      {j?.state === 'done' && <Typography variant="caption" data-testid="export-done">{t('appointments.export.done', { file: j.fileName })}</Typography>}
      {(j?.state === 'failed' || error) && <Alert severity="error">{t('appointments.export.failed', { error: j?.error ?? error })}</Alert>}
    </Box>
  );
}
