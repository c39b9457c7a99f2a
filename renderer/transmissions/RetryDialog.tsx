import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetryPlan, TransmissionSelection } from '../../shared/api/hub-api';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { ErrorState, Loading, useErrorText } from '../common/states';
import { plannedMessages } from './transmission-text';

/**
 * Asks before sending again: `transmissions.plan` says how many messages go to which SAMU, and which are
 * already acknowledged (their LRM will get them twice); confirming runs `transmissions.retry` on the very
 * same selection.
 */
export function RetryDialog({ selection, intro, onClose, onDone }: { selection: TransmissionSelection; intro: string; onClose(): void; onDone(message: string): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const plan = useApiQuery('transmissions.plan', { selection }, { staleTime: 0 });
  const retry = useApiMutation('transmissions.retry');
  const [error, setError] = useState<string | null>(null);
  const messages = plan.data ? plannedMessages(plan.data) : 0;

  const confirm = async () => {
    setError(null);
    try {
      const r = await retry.mutateAsync({ selection });
      onDone(t('transmissions.retry.done', { count: r.queued }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Dialog open onClose={retry.isPending ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="retry-title" data-testid="retry-dialog">
      <DialogTitle id="retry-title">{t('transmissions.retry.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>{intro}</DialogContentText>
        {plan.isPending ? <Loading /> : plan.error ? <ErrorState error={plan.error} onRetry={() => plan.refetch()} /> : <RetryPlanSummary plan={plan.data} messages={messages} />}
        {error && <Alert severity="error" sx={{ mt: 1 }} data-testid="retry-error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus disabled={retry.isPending} data-testid="retry-cancel">{t('common.cancel')}</Button>
        <Box sx={{ flex: 1 }} />
        <Button
          variant="contained"
          color={plan.data && plan.data.acknowledged > 0 ? 'warning' : 'primary'}
          onClick={() => void confirm()}
          disabled={retry.isPending || !plan.data || plan.data.total === 0}
          data-testid="retry-confirm"
        >
          {t('transmissions.retry.confirm', { count: messages })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Messages per SAMU, then what is sent twice, re-checked, or left alone. */
function RetryPlanSummary({ plan, messages }: { plan: RetryPlan; messages: number }) {
  const { t } = useTranslation();
  return (
    <Box data-testid="retry-plan" data-total={plan.total} data-messages={messages} data-acknowledged={plan.acknowledged}>
      <Typography sx={{ mb: 1 }} data-testid="retry-summary">
        {plan.total === 0 ? t('transmissions.retry.nothing') : t('transmissions.retry.summary', { count: messages, samus: plan.bySamu.filter((s) => s.samu && s.count > 0).length })}
      </Typography>
      {plan.bySamu.length > 0 && (
        <Paper variant="outlined" sx={{ mb: 1 }}>
          <Table size="small" data-testid="retry-samus">
            <TableHead>
              <TableRow>
                <TableCell>{t('transmissions.retry.samu')}</TableCell>
                <TableCell align="right">{t('transmissions.retry.messages')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {plan.bySamu.map((s) => (
                <TableRow key={s.samu ?? ''} data-testid="retry-samu" data-samu={s.samu ?? ''} data-count={s.count}>
                  <TableCell sx={{ fontFamily: s.samu ? 'monospace' : undefined }}>{s.samu ?? t('transmissions.retry.noSamu')}</TableCell>
                  <TableCell align="right">{s.count}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {plan.acknowledged > 0 && (
        <Alert severity="warning" sx={{ mb: 0.5 }} data-testid="retry-acknowledged" data-count={plan.acknowledged}>
          {t('transmissions.retry.acknowledged', { count: plan.acknowledged })}
        </Alert>
      )}
      {plan.blocked > 0 && (
        <Alert severity="info" sx={{ mb: 0.5 }} data-testid="retry-blocked" data-count={plan.blocked}>{t('transmissions.retry.blocked', { count: plan.blocked })}</Alert>
      )}
      {plan.inFlight > 0 && (
        <Alert severity="info" sx={{ mb: 0.5 }} data-testid="retry-in-flight" data-count={plan.inFlight}>{t('transmissions.retry.inFlight', { count: plan.inFlight })}</Alert>
      )}
    </Box>
  );
}
