import WarningAmber from '@mui/icons-material/WarningAmber';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountAction, AccountActionInput } from '../../shared/api/regulator-api';
import { useApiMutation, useApiQuery, useClient } from '../api/ClientContext';
import type { ConsoleClient } from '../api/console-client';
import { ErrorState, Loading, useErrorText } from '../common/states';
import { PlanSummary } from './PlanSummary';

/** The four actions the page offers: three on accounts, and the SAS platform's login signal. */
export type RegulatorAction = AccountAction | 'login';
export const REGULATOR_ACTIONS: readonly RegulatorAction[] = ['sync', 'revoke', 'retry', 'login'];

export interface ActionRequest {
  action: RegulatorAction;
  target: AccountActionInput['target'];
  /** Only these editors (all INT_R02 editors when absent); their names for the dialog. */
  editors?: { id: string; name: string }[];
  /** Who is concerned, in words ("3 régulateurs sélectionnés", "Jeanne Martin"). */
  who: string;
}

/** The regulators.login contract takes ids: a filter is resolved page by page (at most 5,000 regulators). */
const LOGIN_MAX = 5000;
async function idsOf(client: ConsoleClient, target: AccountActionInput['target']): Promise<string[] | null> {
  if ('technicalIds' in target) return target.technicalIds;
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await client.call('regulators.list', { filter: target.filter, offset, limit: 500 });
    if (page.total > LOGIN_MAX) return null;
    ids.push(...page.rows.map((r) => r.technicalId));
    if (page.rows.length < 500 || ids.length >= page.total) return ids;
  }
}

/**
 * Asks before acting: the plan (how many requests to which editors, who is left out and why) comes from
 * `accounts.plan`; confirming runs `accounts.act` (or `regulators.login`). Revocation is shown in red.
 */
export function AccountActionDialog({ request, onClose, onDone }: { request: ActionRequest; onClose(): void; onDone(message: string): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const { action, target, editors, who } = request;
  const editorIds = action !== 'login' && editors?.length ? editors.map((e) => e.id) : undefined;
  // A login brings every account up to date: its plan is the synchronisation's.
  const planInput: AccountActionInput = { action: action === 'login' ? 'sync' : action, target, ...(editorIds ? { editorIds } : {}) };
  const plan = useApiQuery('accounts.plan', planInput, { staleTime: 0 });
  const act = useApiMutation('accounts.act');
  const login = useApiMutation('regulators.login');
  const [error, setError] = useState<string | null>(null);
  const busy = act.isPending || login.isPending;
  const revoke = action === 'revoke';

  const confirm = async () => {
    setError(null);
    try {
      if (action === 'login') {
        const ids = await idsOf(client, target);
        if (!ids) {
          setError(t('accounts.login.tooMany', { max: LOGIN_MAX }));
          return;
        }
        const r = await login.mutateAsync({ technicalIds: ids });
        onDone(t('accounts.login.done', { regulators: r.regulators, enqueued: r.enqueued }) + (r.unknown.length ? ` ${t('accounts.login.unknown', { count: r.unknown.length })}` : ''));
      } else {
        const r = await act.mutateAsync(planInput);
        onDone(t(`accounts.done.${action}`, { enqueued: r.enqueued, editors: r.perEditor.filter((e) => e.requests > 0).length, regulators: r.regulators }));
      }
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="account-action-title" data-testid="action-dialog" data-action={action}
      slotProps={{ paper: { sx: revoke ? { borderTop: 6, borderColor: 'error.main' } : undefined } }}>
      <DialogTitle id="account-action-title" sx={revoke ? { color: 'error.main', display: 'flex', alignItems: 'center', gap: 1 } : undefined}>
        {revoke && <WarningAmber />}
        {t(`accounts.dialog.title.${action}`)}
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>{t(`accounts.dialog.intro.${action}`, { who })}</DialogContentText>
        {editorIds && editors && (
          <Typography variant="body2" sx={{ mb: 1 }} data-testid="action-editors">{t('accounts.dialog.onlyEditors', { editors: editors.map((e) => e.name).join(', ') })}</Typography>
        )}
        {revoke && (
          <Alert severity="error" variant="filled" sx={{ mb: 1.5 }} data-testid="revoke-warning">
            {t(editorIds ? 'accounts.dialog.revokeWarningSome' : 'accounts.dialog.revokeWarning')}
          </Alert>
        )}
        {plan.isPending ? <Loading /> : plan.error ? <ErrorState error={plan.error} onRetry={() => plan.refetch()} /> : <PlanSummary plan={plan.data} />}
        {action === 'login' && <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>{t('accounts.login.help')}</Typography>}
        {error && <Alert severity="error" sx={{ mt: 1 }} data-testid="action-error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus disabled={busy} data-testid="cancel-action">{t('common.cancel')}</Button>
        <Box sx={{ flex: 1 }} />
        <Button
          variant="contained"
          color={revoke ? 'error' : 'primary'}
          onClick={() => void confirm()}
          disabled={busy || !plan.data || plan.data.regulators === 0}
          data-testid="confirm-action"
        >
          {t(`accounts.dialog.confirm.${action}`, { count: plan.data?.requests ?? 0 })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
