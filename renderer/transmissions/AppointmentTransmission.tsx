import { Box, Button, Paper, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { useApiQuery } from '../api/ClientContext';
import { ErrorState, Loading } from '../common/states';
import { transmissionHref } from './filter-url';
import { TransmissionProblem } from './TransmissionProblem';
import { TransmissionStateChip } from './TransmissionStateChip';

/** The appointment page's « Transmissions LRM » section: where its transmission to the SAMU stands. */
export function AppointmentTransmission({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation();
  const detail = useApiQuery('transmissions.get', { appointmentId });
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mt: 2 }} component="section" data-testid="appointment-transmission" data-state={detail.data?.row.state ?? ''}>
      <Typography variant="subtitle1" fontWeight={600} component="h2" sx={{ mb: 1 }}>{t('transmissions.appointmentSection.title')}</Typography>
      {detail.isPending ? <Loading /> : detail.error ? <ErrorState error={detail.error} onRetry={() => detail.refetch()} /> : !detail.data ? (
        <Typography color="text.secondary" data-testid="appointment-transmission-none">{t('transmissions.appointmentSection.none')}</Typography>
      ) : (
        <Box>
          <Stack direction="row" spacing={1.5} alignItems="center" useFlexGap sx={{ mb: 1, flexWrap: 'wrap' }}>
            <TransmissionStateChip state={detail.data.row.state} refused={detail.data.row.ack?.refused === true} />
            <Typography variant="body2">
              {detail.data.row.samu ? t('transmissions.appointmentSection.samu', { samu: detail.data.row.samu }) : t('transmissions.appointmentSection.noSamu')}
            </Typography>
            <Typography variant="body2" color="text.secondary">{t('transmissions.appointmentSection.attempts', { count: detail.data.row.attempts })}</Typography>
            <Box sx={{ flex: 1 }} />
            <Button size="small" variant="outlined" component={RouterLink} to={transmissionHref(appointmentId)} data-testid="appointment-transmission-open">
              {t('transmissions.appointmentSection.open')}
            </Button>
          </Stack>
          <TransmissionProblem row={detail.data.row} diagnostics={detail.data.preview.diagnostics} />
        </Box>
      )}
    </Paper>
  );
}
