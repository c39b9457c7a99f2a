import { Alert, Box, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { AccountPlan } from '../../shared/api/regulator-api';

/** What an action would send, said before it is sent: requests per editor, regulators left out and why. */
export function PlanSummary({ plan }: { plan: AccountPlan }) {
  const { t } = useTranslation();
  return (
    <Box data-testid="action-plan" data-requests={plan.requests} data-regulators={plan.regulators}>
      <Typography sx={{ mb: 1 }} data-testid="plan-summary">
        {plan.requests === 0
          ? t('accounts.plan.noRequest', { count: plan.regulators })
          : t('accounts.plan.summary', { requests: plan.requests, editors: plan.perEditor.filter((e) => e.requests > 0).length, regulators: plan.regulators })}
      </Typography>
      {plan.perEditor.length > 0 && (
        <Paper variant="outlined" sx={{ mb: 1 }}>
          <Table size="small" data-testid="plan-editors">
            <TableHead>
              <TableRow>
                <TableCell>{t('accounts.plan.editor')}</TableCell>
                <TableCell align="right">{t('accounts.plan.requests')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {plan.perEditor.map((e) => (
                <TableRow key={e.editorId} data-testid="plan-editor" data-editor-id={e.editorId}>
                  <TableCell>{e.editorName}</TableCell>
                  <TableCell align="right">{e.requests}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {plan.skipped.invalid > 0 && (
        <Alert severity="warning" sx={{ mb: 0.5 }} data-testid="plan-skipped-invalid">{t('accounts.plan.skippedInvalid', { count: plan.skipped.invalid })}</Alert>
      )}
      {plan.skipped.nothingToDo > 0 && (
        <Alert severity="info" sx={{ mb: 0.5 }} data-testid="plan-skipped-nothing">{t(`accounts.plan.skippedNothing.${plan.action}`, { count: plan.skipped.nothingToDo })}</Alert>
      )}
    </Box>
  );
}
