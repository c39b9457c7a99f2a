import { Box, Button, Chip, Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { AccountAction, AccountView } from '../../shared/api/regulator-api';
import { NATIONAL_ID_SYSTEM, type Regulator, SAS_TECHNICAL_ID_SYSTEM } from '../../shared/regulators/regulator-types';
import { failureMessage, retryMessage } from '../common/failure-text';
import { Empty } from '../common/states';
import { AccountStateChip } from './account-state';
import { parisDateTime } from './format';

/** `system|value` as the editor knows it: the value first, its system (IDNPS or SAS technical id) below. */
function IdentifierText({ token }: { token: string | null }) {
  const { t } = useTranslation();
  if (!token) return <>{t('common.none')}</>;
  const cut = token.lastIndexOf('|');
  const system = cut >= 0 ? token.slice(0, cut) : '';
  const value = cut >= 0 ? token.slice(cut + 1) : token;
  const kind = system === NATIONAL_ID_SYSTEM ? t('accounts.identifierNational') : system === SAS_TECHNICAL_ID_SYSTEM ? t('accounts.identifierTechnical') : system;
  return (
    <Box title={token} data-testid="account-identifier">
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{value}</Typography>
      {kind && <Typography variant="caption" component="div" color="text.secondary">{kind}</Typography>}
    </Box>
  );
}

/** The regulator's account at each INT_R02 editor, with what can be done at that editor alone. */
export function RegulatorAccounts({ regulator, accounts, onAction }: { regulator: Regulator; accounts: AccountView[]; onAction(action: AccountAction, account: AccountView): void }) {
  const { t } = useTranslation();
  if (accounts.length === 0) return <Box data-testid="regulator-accounts"><Empty>{t('regulators.noEditors')}</Empty></Box>;
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" data-testid="regulator-accounts">
        <TableHead>
          <TableRow>
            {(['editor', 'state', 'identifier', 'revision', 'attempts', 'lastAttempt', 'failure', 'nextAttempt', 'actions'] as const).map((c) => (
              <TableCell key={c}>{t(`accounts.columns.${c}`)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {accounts.map((a) => (
            <TableRow key={a.editorId} data-testid="account-row" data-editor-id={a.editorId} data-state={a.state} data-in-doubt={a.inDoubt}>
              <TableCell sx={{ fontWeight: 600 }}>{a.editorName}</TableCell>
              <TableCell>
                <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5, alignItems: 'flex-start' }}>
                  <Tooltip title={t(`accounts.stateHelp.${a.state}`)}>
                    <AccountStateChip state={a.state} testId="account-state" />
                  </Tooltip>
                  {a.pending && (
                    <Chip size="small" variant="outlined" color="info" label={t(`accounts.pending.${a.pending.state}`)} data-testid="account-pending" data-pending={a.pending.state} />
                  )}
                  {a.inDoubt && (
                    <Tooltip title={t('accounts.inDoubtHelp')}>
                      <Chip size="small" color="warning" label={t('accounts.inDoubt')} data-testid="account-in-doubt" tabIndex={0} />
                    </Tooltip>
                  )}
                </Box>
              </TableCell>
              <TableCell sx={{ maxWidth: 260 }}>
                <IdentifierText token={a.sentIdentifier} />
                {a.editorLocation && (
                  <Typography variant="caption" component="div" color="text.secondary" title={`${t('accounts.location')} : ${a.editorLocation}`}
                    sx={{ fontFamily: 'monospace', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {a.editorLocation}
                  </Typography>
                )}
                {a.inDoubt && <Typography variant="caption" component="div" color="warning.dark">{t('accounts.inDoubtNext')}</Typography>}
              </TableCell>
              <TableCell>
                {a.sentRevision === null ? t('common.none') : t('accounts.revisionOf', { sent: a.sentRevision, current: regulator.revision })}
                {a.sentActive !== null && (
                  <Typography variant="caption" component="div" color="text.secondary">{a.sentActive ? t('accounts.sentActive') : t('accounts.sentInactive')}</Typography>
                )}
              </TableCell>
              <TableCell>{a.attempts}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {a.lastAttemptUtc === null ? t('common.none') : a.lastExchangeId ? (
                  <Link component={RouterLink} to={`/journal/${a.lastExchangeId}`} data-testid="account-last-exchange">{parisDateTime(a.lastAttemptUtc)}</Link>
                ) : parisDateTime(a.lastAttemptUtc)}
              </TableCell>
              <TableCell sx={{ minWidth: 240, maxWidth: 380 }} data-testid="account-failure">
                {a.failure ? (
                  <>
                    <Typography variant="body2" color="error.main">{failureMessage(t, a.failure)}</Typography>
                    <Typography variant="caption" color="text.secondary">{retryMessage(t, a.failure, a.pending?.nextAttemptUtc)}</Typography>
                  </>
                ) : t('common.none')}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }} data-testid="account-next-attempt">
                {a.pending ? parisDateTime(a.pending.nextAttemptUtc) : t('common.none')}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start' }}>
                  <Button size="small" onClick={() => onAction('sync', a)} data-testid="account-sync">{t('accounts.accountActions.sync')}</Button>
                  <Button size="small" onClick={() => onAction('retry', a)} disabled={a.state !== 'failing' && !a.inDoubt} data-testid="account-retry">
                    {t('accounts.accountActions.retry')}
                  </Button>
                  <Button size="small" color="error" onClick={() => onAction('revoke', a)} data-testid="account-revoke">{t('accounts.accountActions.revoke')}</Button>
                </Box>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
