import { Alert, AppBar, Box, Chip, Drawer, List, ListItemButton, ListItemText, Toolbar, Typography } from '@mui/material';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { formatParis } from '../../shared/domain/instant';
import { useApiQuery } from '../api/ClientContext';
import { HubStatusChips } from '../hub/HubStatusChips';

const NAV = [
  { to: '/appointments', key: 'appointments', shortcut: '1' },
  { to: '/stats', key: 'stats', shortcut: '2' },
  { to: '/slots', key: 'slots', shortcut: '3' },
  { to: '/regulators', key: 'regulators', shortcut: '4' },
  { to: '/lrm', key: 'lrm', shortcut: '5' },
  { to: '/journal', key: 'journal', shortcut: '6' },
  { to: '/settings', key: 'settings', shortcut: '7' },
] as const;
const DRAWER = 220;

export function AppShell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const info = useApiQuery('system.info', {}, { refetchInterval: 10_000 });
  const settings = useApiQuery('settings.get', {});
  useEffect(() => {
    if (settings.data && settings.data.language !== i18n.language) void i18n.changeLanguage(settings.data.language);
  }, [settings.data, i18n]);
  // Alt+1…7 jump between the main pages.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const item = e.altKey ? NAV.find((n) => n.shortcut === e.key) : undefined;
      if (item) {
        e.preventDefault();
        navigate(item.to);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const g = info.data?.gateway;
  return (
    <Box sx={{ display: 'flex', height: '100vh', flexDirection: 'column' }}>
      <AppBar position="static" elevation={0}>
        <Toolbar variant="dense">
          <Typography variant="h6" component="div">{t('app.title')}</Typography>
        </Toolbar>
      </AppBar>
      {/* Always in sight in review mode: what is shown is a package read from a file, not a live console. */}
      {info.data?.review && (
        <Alert severity={info.data.review.integrity.verdict === 'altered' ? 'error' : 'info'} variant="filled" square sx={{ py: 0 }}
          data-testid="review-banner" data-integrity={info.data.review.integrity.verdict}>
          {t('review.banner', { file: info.data.review.file })}{' '}
          {info.data.review.exported && t('review.exported', {
            by: info.data.review.exported.by, at: formatParis(info.data.review.exported.atUtc), console: info.data.review.exported.console,
          })}{' '}
          {t(`review.integrity.${info.data.review.integrity.verdict}`, { tables: info.data.review.integrity.altered.join(', ') })}
        </Alert>
      )}
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Drawer variant="permanent" sx={{ width: DRAWER, '& .MuiDrawer-paper': { width: DRAWER, position: 'static' } }}>
          <List component="nav" aria-label="navigation">
            {NAV.map((n) => (
              <ListItemButton key={n.to} component={NavLink} to={n.to} sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 600 } }} title={`Alt+${n.shortcut}`}>
                <ListItemText primary={t(`nav.${n.key}`)} />
              </ListItemButton>
            ))}
          </List>
        </Drawer>
        <Box component="main" sx={{ flex: 1, p: 2, overflow: 'auto', minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <Outlet />
        </Box>
      </Box>
      <Box component="footer" role="status" data-testid="status-bar" sx={{ display: 'flex', gap: 1, alignItems: 'center', px: 2, py: 0.5, borderTop: 1, borderColor: 'divider', bgcolor: 'grey.50', fontSize: 13 }}>
        {info.data && <Typography variant="caption">{t(`status.host.${info.data.host}`)}</Typography>}
        {g && (
          <Chip size="small" color={info.data?.store.diskFullSinceUtc != null ? 'error' : g.listening ? 'success' : 'default'} label={g.listening ? t('status.gatewayOn', { url: g.url }) : t('status.gatewayOff')} />
        )}
        {g?.mtls && <Chip size="small" label={t('status.gatewayMtls')} />}
        {g?.pinned && <Typography variant="caption" color="text.secondary">({t('status.pinned')})</Typography>}
        {info.data?.store.diskFullSinceUtc != null && (
          <Chip size="small" color="error" data-testid="status-disk-full" label={t('status.diskFull', { at: formatParis(info.data.store.diskFullSinceUtc) })} />
        )}
        {info.data?.store.lastCheck && !info.data.store.lastCheck.ok && (
          <Chip size="small" color="error" component={NavLink} to="/settings" clickable label={t('status.storeProblems')} />
        )}
        {(info.data?.store.unjournalled ?? 0) > 0 && <Chip size="small" color="warning" label={t('status.unjournalled', { count: info.data!.store.unjournalled })} />}
        {info.data?.security.map((s) => (
          <Chip key={s} size="small" color="warning" data-testid={`status-security-${s}`} label={t(`security.${s}`)} />
        ))}
        {(g?.refusedHandshakes ?? 0) > 0 && (
          <Chip size="small" variant="outlined" color="warning" component={NavLink} to="/journal?status=refused" clickable data-testid="status-refused-handshakes"
            label={t('status.refusedHandshakes', { count: g!.refusedHandshakes })} />
        )}
        {(g?.refusedConnections ?? 0) > 0 && <Chip size="small" variant="outlined" color="warning" label={t('status.refusedConnections', { count: g!.refusedConnections })} />}
        <HubStatusChips />
        {info.data && (
          <Typography variant="caption" color="text.secondary">
            {info.data.igPackage.loaded ? t('status.ig', { count: info.data.igPackage.profiles }) : t('status.noIg')}
          </Typography>
        )}
      </Box>
    </Box>
  );
}

export function ComingSoon() {
  const { t } = useTranslation();
  return <Typography color="text.secondary">{t('common.comingSoon')}</Typography>;
}
