import { Box, Chip, Tooltip } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_STATES, type AccountState } from '../../shared/api/regulator-api';
import { STATE_COLORS, STATE_ICONS } from './account-state';

/** A regulator's accounts in one line: one small chip per state present, with its count. */
export function AccountsSummary({ states }: { states: Partial<Record<AccountState, number>> }) {
  const { t } = useTranslation();
  const present = ACCOUNT_STATES.filter((s) => (states[s] ?? 0) > 0);
  if (present.length === 0) return <Box component="span" sx={{ color: 'text.secondary' }}>{t('regulators.noAccount')}</Box>;
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }} data-testid="accounts-summary">
      {present.map((s) => {
        const label = t('regulators.summaryItem', { count: states[s], state: t(`accounts.states.${s}`) });
        return (
          <Tooltip key={s} title={label}>
            <Chip
              size="small"
              color={STATE_COLORS[s]}
              variant={s === 'never-sent' || s === 'deactivated' ? 'outlined' : 'filled'}
              icon={STATE_ICONS[s]}
              label={states[s]}
              aria-label={label}
              data-state={s}
              data-count={states[s]}
            />
          </Tooltip>
        );
      })}
    </Box>
  );
}
