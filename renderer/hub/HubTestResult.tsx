import CheckCircle from '@mui/icons-material/CheckCircle';
import Cancel from '@mui/icons-material/Cancel';
import { Alert, Box, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HubConnectionTest } from '../../shared/api/hub-api';
import { hubFailureText } from './hub-failure-text';

/** A check's name: tls, auth, exchange, or `queue:<name>` (a passive declaration of one of the SAS queues). */
export function checkLabel(t: TFunction, step: string): string {
  if (step.startsWith('queue:')) return t('hub.checks.queue', { name: step.slice('queue:'.length) });
  return t(`hub.checks.${step}`, { defaultValue: step });
}

/** « Tester la connexion »: each check ok or not, with why; the certificates both sides presented. */
export function HubTestResult({ test }: { test: HubConnectionTest }) {
  const { t } = useTranslation();
  return (
    <Box data-testid="hub-test-result" data-ok={test.ok}>
      <Alert severity={test.ok ? 'success' : 'error'} sx={{ mb: 1 }}>
        {test.ok ? t('hub.checks.allOk', { ms: Math.round(test.durationMs) }) : t('hub.checks.someKo', { ms: Math.round(test.durationMs) })}
      </Alert>
      <Stack component="ul" spacing={0.5} sx={{ listStyle: 'none', p: 0, m: 0, mb: 1 }}>
        {test.checks.map((c) => (
          <Box component="li" key={c.step} data-testid={`hub-check-${c.step}`} data-ok={c.ok} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
            {c.ok ? <CheckCircle fontSize="small" color="success" /> : <Cancel fontSize="small" color="error" />}
            <Box sx={{ minWidth: 0 }}>
              <Typography variant="body2" fontWeight={600}>
                {checkLabel(t, c.step)} : {c.ok ? t('hub.checks.ok') : t('hub.checks.ko')}
              </Typography>
              {c.detail && <Typography variant="caption" component="div" sx={{ wordBreak: 'break-word' }}>{c.detail}</Typography>}
              {c.failure && <Typography variant="body2" color="error.main">{hubFailureText(t, c.failure)}</Typography>}
            </Box>
          </Box>
        ))}
      </Stack>
      {(test.serverCertificate || test.clientCertificate) && (
        <Table size="small" sx={{ maxWidth: 900 }}>
          <TableBody>
            {([['server', test.serverCertificate], ['client', test.clientCertificate]] as const).map(([k, c]) => c && (
              <TableRow key={k}>
                <TableCell sx={{ width: 220, fontWeight: 600 }}>{t(`hub.checks.${k}Certificate`)}</TableCell>
                <TableCell sx={{ wordBreak: 'break-word' }}>{t('hub.checks.certificate', { subject: c.subject, issuer: c.issuer, validTo: c.validTo.slice(0, 10) })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
