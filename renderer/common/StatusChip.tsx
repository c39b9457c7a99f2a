import { Chip, type ChipProps } from '@mui/material';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, ChipProps['color']> = {
  booked: 'primary',
  fulfilled: 'success',
  noshow: 'warning',
  cancelled: 'error',
  pending: 'info',
};

export function StatusChip({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Chip size="small" color={COLORS[status] ?? 'default'} label={t(`appointmentStatus.${status}`, { defaultValue: status })} data-status={status} />;
}
