import { Alert, Box, Breadcrumbs, Button, Link, Paper, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { formatParis } from '../../shared/domain/instant';
import { useApiQuery } from '../api/ClientContext';
import { JsonView } from '../common/JsonView';
import { ErrorState, Loading } from '../common/states';
import { refusalLabel } from './refusal-label';
import { ExchangeAttempt } from './ExchangeAttempt';
import { OperationOutcomeView } from './OperationOutcomeView';

function Headers({ headers }: { headers: Record<string, string> | null }) {
  return (
    <Table size="small">
      <TableBody>
        {Object.entries(headers ?? {}).map(([k, v]) => (
          <TableRow key={k}>
            <TableCell sx={{ fontFamily: 'monospace', width: 220 }}>{k}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ExchangePage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const q = useApiQuery('journal.get', { id }, { enabled: Number.isInteger(id) && id > 0 });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  if (!q.data) return <Alert severity="warning">{t('journal.empty')}</Alert>;
  const e = q.data;
  return (
    <Box>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link component={RouterLink} to="/journal">{t('nav.journal')}</Link>
        <Typography color="text.primary">#{e.id}</Typography>
      </Breadcrumbs>
      <Typography variant="h6" component="h1" sx={{ fontFamily: 'monospace', mb: 1 }}>
        {e.method} {e.url} → {e.status ?? (e.outcome ? t(`journal.outcomes.${e.outcome}`) : '—')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {formatParis(e.atUtc)} · {e.peer} · {e.clientSubject ?? '—'}{e.durationMs !== null ? ` · ${e.durationMs.toFixed(1)} ms` : ''}
      </Typography>
      {(e.refusal || e.clientFingerprint) && (
        <Table size="small" sx={{ mb: 1, maxWidth: 900 }} data-testid="exchange-identity">
          <TableBody>
            {e.refusal && (
              <TableRow><TableCell sx={{ width: 220 }}>{t('journal.refusal')}</TableCell><TableCell>{refusalLabel(t, e.refusal)} <code>{e.refusal}</code></TableCell></TableRow>
            )}
            {e.clientIssuer && <TableRow><TableCell>{t('journal.issuer')}</TableCell><TableCell sx={{ fontFamily: 'monospace' }}>{e.clientIssuer}</TableCell></TableRow>}
            {e.clientFingerprint && <TableRow><TableCell>{t('journal.fingerprint')}</TableCell><TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{e.clientFingerprint}</TableCell></TableRow>}
          </TableBody>
        </Table>
      )}
      <ExchangeAttempt e={e} />
      {e.bodyPurgedUtc !== null && <Alert severity="info" sx={{ mb: 1 }}>{t('journal.purged', { at: formatParis(e.bodyPurgedUtc) })}</Alert>}
      {e.producedVersions.length > 0 && (
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 2 }}>
          <Typography>{t('journal.produced')} :</Typography>
          {e.producedVersions.map((v) => (
            <Button key={`${v.appointmentId}-${v.version}`} size="small" variant="outlined" component={RouterLink} to={`/appointments/${v.appointmentId}?tab=versions`}>
              {t('journal.openAppointment')} (v{v.version})
            </Button>
          ))}
        </Stack>
      )}
      {e.producedVersions.length === 0 && e.appointmentId && (
        <Button size="small" sx={{ mb: 2 }} component={RouterLink} to={`/appointments/${e.appointmentId}`}>{t('journal.openAppointment')}</Button>
      )}
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2}>
        {([['request', e.requestHeaders, e.requestBody], ['response', e.responseHeaders, e.responseBody]] as const).map(([k, h, b]) => (
          <Paper key={k} variant="outlined" sx={{ p: 1.5, flex: 1, minWidth: 0 }}>
            <Typography variant="subtitle1" fontWeight={600}>{t(`journal.${k}`)}</Typography>
            <Typography variant="subtitle2" sx={{ mt: 1 }}>{t('journal.headers')}</Typography>
            <Headers headers={h} />
            <Typography variant="subtitle2" sx={{ mt: 1 }}>{t('journal.body')}</Typography>
            {k === 'response' && <OperationOutcomeView body={b} />}
            <JsonView value={b ?? ''} testId={`exchange-${k}-body`} />
          </Paper>
        ))}
      </Stack>
    </Box>
  );
}
