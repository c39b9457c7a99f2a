import ExpandMore from '@mui/icons-material/ExpandMore';
import {
  Accordion, AccordionDetails, AccordionSummary, Alert, Box, Button, Chip, type ChipProps, Paper, Stack, Table, TableBody, TableCell, TableRow, Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { AttemptState, TransmissionAttempt } from '../../shared/api/hub-api';
import { JsonView } from '../common/JsonView';
import { parisDateTime } from '../regulators/format';
import { ackText, attemptTimings, delayText } from './transmission-text';
import { HubErrorText } from './TransmissionProblem';

const ATTEMPT_COLORS: Record<AttemptState, NonNullable<ChipProps['color']>> = {
  pending: 'default',
  published: 'info',
  acknowledged: 'success',
  failed: 'error',
  lost: 'warning',
  unconfirmed: 'error',
  nacked: 'error',
};

/**
 * One attempt: why it was made, the message as sent (EDXL-DE envelope), when the broker confirmed it and when
 * the final acknowledgement or error came back (instants to the second, delays between them), and that answer
 * as received.
 */
export function AttemptCard({ attempt: a, number }: { attempt: TransmissionAttempt; number: number }) {
  const { t } = useTranslation();
  const { publishMs, outcomeMs } = attemptTimings(a);
  const when = (utc: number | null, delay: number | null, missing: string) =>
    utc === null ? <Typography variant="body2" color="text.secondary" component="span">{missing}</Typography> : (
      <span>{parisDateTime(utc)}{delay !== null && <Typography variant="body2" color="text.secondary" component="span">{` · ${t('transmissions.attempt.after', { delay: delayText(delay) })}`}</Typography>}</span>
    );
  const rows: [string, ReactNode][] = [
    [t('transmissions.attempt.reason'), a.reason === 'retry' ? t('transmissions.attempt.reasons.retry', { operator: a.operator ?? '', context: a.operator ? undefined : 'bare' }) : t(`transmissions.attempt.reasons.${a.reason}`)],
    [t('transmissions.attempt.created'), parisDateTime(a.createdUtc)],
    [t('transmissions.attempt.published'), when(a.publishedUtc, publishMs, t('transmissions.attempt.notPublished'))],
    [t('transmissions.attempt.outcome'), when(a.outcomeUtc, outcomeMs, t('transmissions.attempt.noOutcome'))],
    [t('transmissions.attempt.distributionId'), <Box component="span" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{a.distributionId}</Box>],
  ];
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid={`transmission-attempt-${a.id}`} data-state={a.state}>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 0.5, flexWrap: 'wrap' }} useFlexGap>
        <Typography fontWeight={600}>{t('transmissions.attempt.title', { id: number })}</Typography>
        <Chip size="small" color={ATTEMPT_COLORS[a.state]} label={t(`transmissions.attempt.states.${a.state}`)} title={t(`transmissions.attempt.stateHelp.${a.state}`)} data-testid="attempt-state" />
        <Chip size="small" variant="outlined" label={`${a.method} · ${t('transmissions.attempt.version', { version: a.version })}`} />
        <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>{a.samu}</Typography>
        <Box sx={{ flex: 1 }} />
        {a.exchangeId !== null && (
          <Button size="small" component={RouterLink} to={`/journal/${a.exchangeId}`}>{t('transmissions.attempt.openExchange')}</Button>
        )}
      </Stack>
      <Table size="small" sx={{ mb: 1 }}>
        <TableBody>
          {rows.map(([k, v]) => (
            <TableRow key={k}>
              <TableCell sx={{ width: 200, fontWeight: 600, borderBottom: 0, py: 0.25 }}>{k}</TableCell>
              <TableCell sx={{ borderBottom: 0, py: 0.25 }}>{v}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {a.error && <Alert severity="error" sx={{ mb: 1 }}><HubErrorText error={a.error} /></Alert>}
      {a.ack && <Alert severity={a.ack.refused ? 'warning' : 'success'} sx={{ mb: 1 }} data-testid="attempt-ack">{ackText(t, a.ack)}</Alert>}
      {a.state === 'unconfirmed' && <Alert severity="error" sx={{ mb: 1 }}>{t('transmissions.stateHelp.unconfirmed')}</Alert>}
      <Accordion disableGutters variant="outlined" slotProps={{ transition: { unmountOnExit: true } }}>
        <AccordionSummary expandIcon={<ExpandMore />}>{t('transmissions.attempt.envelope')}</AccordionSummary>
        <AccordionDetails><JsonView value={a.envelope} testId={`attempt-envelope-${a.id}`} /></AccordionDetails>
      </Accordion>
      <Accordion disableGutters variant="outlined" slotProps={{ transition: { unmountOnExit: true } }}>
        <AccordionSummary expandIcon={<ExpandMore />}>{t('transmissions.attempt.response')}</AccordionSummary>
        <AccordionDetails>
          {a.response === null ? <Typography color="text.secondary">{t('transmissions.attempt.noResponse')}</Typography> : <JsonView value={a.response} testId={`attempt-response-${a.id}`} />}
        </AccordionDetails>
      </Accordion>
    </Paper>
  );
}
