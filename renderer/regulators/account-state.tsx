import AddCircleOutline from '@mui/icons-material/AddCircleOutline';
import Block from '@mui/icons-material/Block';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorOutline from '@mui/icons-material/ErrorOutline';
import RadioButtonUnchecked from '@mui/icons-material/RadioButtonUnchecked';
import Sync from '@mui/icons-material/Sync';
import { Chip, type ChipProps } from '@mui/material';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountState } from '../../shared/api/regulator-api';

export const STATE_COLORS: Record<AccountState, NonNullable<ChipProps['color']>> = {
  'never-sent': 'default',
  'to-create': 'info',
  'to-update': 'warning',
  'in-sync': 'success',
  deactivated: 'secondary',
  failing: 'error',
};

export const STATE_ICONS: Record<AccountState, ReactElement> = {
  'never-sent': <RadioButtonUnchecked fontSize="small" />,
  'to-create': <AddCircleOutline fontSize="small" />,
  'to-update': <Sync fontSize="small" />,
  'in-sync': <CheckCircle fontSize="small" />,
  deactivated: <Block fontSize="small" />,
  failing: <ErrorOutline fontSize="small" />,
};

/** One account's state: colour, icon and words (the icon keeps it readable without colour). */
export function AccountStateChip({ state, testId, ...rest }: { state: AccountState; testId?: string } & Omit<ChipProps, 'color' | 'label'>) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      color={STATE_COLORS[state]}
      icon={STATE_ICONS[state]}
      label={t(`accounts.states.${state}`)}
      data-state={state}
      data-testid={testId}
      variant={state === 'never-sent' || state === 'deactivated' ? 'outlined' : 'filled'}
      {...rest}
    />
  );
}
