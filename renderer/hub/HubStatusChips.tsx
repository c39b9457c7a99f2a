import { Box, Chip, type ChipProps, Tooltip, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import type { HubLinkState, HubStatus } from '../../shared/api/hub-api';
import { formatParis } from '../../shared/domain/instant';
import { useApiQuery } from '../api/ClientContext';
import { hubFailureText } from './hub-failure-text';
import { attentionHref } from '../transmissions/filter-url';

const LINK_COLORS: Record<HubLinkState, NonNullable<ChipProps['color']>> = {
  connected: 'success',
  connecting: 'info',
  disconnected: 'error',
  disabled: 'default',
};

/**
 * The status bar's part of the Hub Santé: the AMQP link (why it dropped, when it is tried again, in the
 * tooltip), the transmissions someone should look at, and the Hub messages nobody could match. Refreshed by
 * the core's events (`hub`, `transmissions`), not polled.
 */
export function HubStatusChips() {
  const { t } = useTranslation();
  const status = useApiQuery('hub.status', {});
  if (!status.data) return null;
  const s = status.data;
  return (
    <>
      <Tooltip title={<LinkDetails s={s} />}>
        <Chip
          size="small"
          color={LINK_COLORS[s.state]}
          variant={s.state === 'disabled' ? 'outlined' : 'filled'}
          component={NavLink}
          to="/settings?tab=hub"
          clickable
          label={t(`hub.status.state.${s.state}`)}
          data-testid="hub-status"
          data-state={s.state}
        />
      </Tooltip>
      <Chip
        size="small"
        color={s.attention > 0 ? 'warning' : 'default'}
        variant={s.attention > 0 ? 'filled' : 'outlined'}
        component={NavLink}
        to={attentionHref()}
        clickable
        title={t('hub.status.attentionHelp')}
        label={s.attention > 0 ? t('hub.status.attention', { count: s.attention }) : t('hub.status.noAttention')}
        data-testid="hub-attention"
        data-count={s.attention}
      />
      {s.orphans > 0 && (
        <Chip size="small" variant="outlined" color="warning" component={NavLink} to="/lrm?view=orphans" clickable
          label={t('hub.status.orphans', { count: s.orphans })} data-testid="hub-orphans" data-count={s.orphans} />
      )}
    </>
  );
}

function LinkDetails({ s }: { s: HubStatus }) {
  const { t } = useTranslation();
  return (
    <Box data-testid="hub-status-details">
      <Typography variant="caption" component="div">{t(`hub.status.help.${s.state}`)}</Typography>
      {s.url && <Typography variant="caption" component="div">{t('hub.status.url', { url: s.url, clientId: s.clientId ?? '' })}</Typography>}
      {s.since !== null && <Typography variant="caption" component="div">{t('hub.status.since', { at: formatParis(s.since) })}</Typography>}
      {s.failure && <Typography variant="caption" component="div" sx={{ fontWeight: 600 }}>{hubFailureText(t, s.failure, s.nextAttemptUtc)}</Typography>}
      {!s.failure && s.nextAttemptUtc !== null && <Typography variant="caption" component="div">{t('hub.status.nextAttempt', { at: formatParis(s.nextAttemptUtc) })}</Typography>}
      {s.inFlight > 0 && <Typography variant="caption" component="div">{t('hub.status.inFlight', { count: s.inFlight })}</Typography>}
    </Box>
  );
}
