import Block from '@mui/icons-material/Block';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorOutline from '@mui/icons-material/ErrorOutline';
import HelpOutline from '@mui/icons-material/HelpOutline';
import Schedule from '@mui/icons-material/Schedule';
import Send from '@mui/icons-material/Send';
import { Chip, type ChipProps, Tooltip } from '@mui/material';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransmissionState } from '../../shared/api/hub-api';

export const TRANSMISSION_COLORS: Record<TransmissionState, NonNullable<ChipProps['color']>> = {
  queued: 'default',
  blocked: 'warning',
  published: 'info',
  acknowledged: 'success',
  failed: 'error',
  unconfirmed: 'error',
};

// The icon keeps the state readable without colour.
export const TRANSMISSION_ICONS: Record<TransmissionState, ReactElement> = {
  queued: <Schedule fontSize="small" />,
  blocked: <Block fontSize="small" />,
  published: <Send fontSize="small" />,
  acknowledged: <CheckCircle fontSize="small" />,
  failed: <ErrorOutline fontSize="small" />,
  unconfirmed: <HelpOutline fontSize="small" />,
};

/** A transmission's state; the tooltip says what it means for the SAMU. */
export function TransmissionStateChip({ state, refused, testId }: { state: TransmissionState; refused?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`transmissions.stateHelp.${state}`)}>
      <Chip
        size="small"
        color={refused ? 'warning' : TRANSMISSION_COLORS[state]}
        icon={TRANSMISSION_ICONS[state]}
        variant={state === 'queued' ? 'outlined' : 'filled'}
        label={refused ? t('transmissions.states.refused') : t(`transmissions.states.${state}`)}
        data-state={state}
        data-testid={testId}
      />
    </Tooltip>
  );
}
