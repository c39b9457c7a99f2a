import { Alert, AlertTitle, Box, Button, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { BlockReason, HubErrorView, TransmissionRow } from '../../shared/api/hub-api';
import type { Diagnostic } from '../../shared/diagnostics/diagnostic';
import { DiagnosticsList } from '../common/DiagnosticsList';
import { ackText, blockFixHref, blockText, hubErrorText } from './transmission-text';

/**
 * What a transmission's state means for the SAMU and what to do, in the operator's words: each block reason
 * with its fix (and a link to where it is made), the Hub's error and its class, a refused acknowledgement, or
 * a message never confirmed.
 */
export function TransmissionProblem({ row, diagnostics }: { row: TransmissionRow; diagnostics?: Diagnostic[] }) {
  const { t } = useTranslation();
  switch (row.state) {
    case 'blocked':
      return (
        <Alert severity="warning" data-testid="transmission-problem" data-state="blocked">
          <AlertTitle>{t('transmissions.stateHelp.blocked')}</AlertTitle>
          <BlockReasons reasons={row.blocked} diagnostics={diagnostics} />
        </Alert>
      );
    case 'failed':
      return (
        <Alert severity="error" data-testid="transmission-problem" data-state="failed">
          <AlertTitle>{t('transmissions.stateHelp.failed')}</AlertTitle>
          {row.error ? <HubErrorText error={row.error} /> : null}
        </Alert>
      );
    case 'unconfirmed':
      return (
        <Alert severity="error" variant="filled" data-testid="transmission-problem" data-state="unconfirmed">
          {t('transmissions.stateHelp.unconfirmed')}
        </Alert>
      );
    case 'acknowledged':
      return (
        <Alert severity={row.ack?.refused ? 'warning' : 'success'} data-testid="transmission-problem" data-state="acknowledged" data-refused={row.ack?.refused === true}>
          {row.ack ? ackText(t, row.ack) : t('transmissions.ack.plain')}
        </Alert>
      );
    case 'published':
      return (
        <Alert severity="info" data-testid="transmission-problem" data-state="published">
          {row.inFlight ? t('transmissions.summary.inFlight') : t('transmissions.stateHelp.published')}
        </Alert>
      );
    default:
      return (
        <Alert severity="info" data-testid="transmission-problem" data-state={row.state}>{t(`transmissions.stateHelp.${row.state}`)}</Alert>
      );
  }
}

/** Each reason with its fix; a message refused by the local schema check lists its diagnostics. */
export function BlockReasons({ reasons, diagnostics }: { reasons: BlockReason[]; diagnostics?: Diagnostic[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <Stack component="ul" spacing={0.75} sx={{ listStyle: 'none', p: 0, m: 0 }} data-testid="block-reasons">
      {reasons.map((r, i) => {
        const href = blockFixHref(r);
        return (
          <Box component="li" key={`${r.code}-${i}`} data-testid="block-reason" data-code={r.code}>
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="body2">{blockText(t, r)}</Typography>
              {href && <Button size="small" component={RouterLink} to={href} data-testid="block-fix">{t('transmissions.fix')}</Button>}
            </Box>
            {r.code === 'message.invalid' && diagnostics && diagnostics.length > 0 && (
              <Box sx={{ mt: 0.5 }}><DiagnosticsList diagnostics={diagnostics} testId="message-diagnostics" /></Box>
            )}
          </Box>
        );
      })}
    </Stack>
  );
}

/** The error as received (code, status, sender, cause), then what its class asks of the operator. */
export function HubErrorText({ error }: { error: HubErrorView }) {
  const { t } = useTranslation();
  const { said, action } = hubErrorText(t, error);
  return (
    <Box data-testid="hub-error" data-code={error.code} data-class={error.class}>
      <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>{said}</Typography>
      <Typography variant="body2" fontWeight={600}>{action}</Typography>
    </Box>
  );
}
