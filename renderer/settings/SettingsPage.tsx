import {
  Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Paper, Stack, Switch, Tab, Tabs,
  TextField, Typography,
} from '@mui/material';
import { useSearchParams } from 'react-router-dom';
import { EditorsPanel } from '../editors/EditorsPanel';
import { HubConnectionPanel } from '../hub/HubConnectionPanel';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityChange } from '../../shared/api/audit-types';
import type { GatewayLimitsSettings, Settings } from '../../shared/api/settings';
import { formatParis } from '../../shared/domain/instant';
import { ConsoleError } from '../api/console-client';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { ErrorState, Loading, useErrorText } from '../common/states';
import { AuditPanel } from './AuditPanel';

const TABS = ['general', 'editors', 'hub', 'audit'] as const;

export function SettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof TABS)[number]) : 'general';
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>{t('settings.title')}</Typography>
      <Tabs value={tab} onChange={(_, v: string) => setParams(v === 'general' ? {} : { tab: v })} sx={{ mb: 2 }}>
        <Tab value="general" label={t('settings.general')} />
        <Tab value="editors" label={t('editors.title')} />
        <Tab value="hub" label={t('hub.connection.tab')} data-testid="settings-tab-hub" />
        <Tab value="audit" label={t('settings.audit')} />
      </Tabs>
      {tab === 'general' ? <GeneralSettings /> : tab === 'editors' ? <EditorsPanel /> : tab === 'hub' ? <HubConnectionPanel /> : <AuditPanel />}
    </Box>
  );
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function GeneralSettings() {
  const { t, i18n } = useTranslation();
  const current = useApiQuery('settings.get', {});
  const info = useApiQuery('system.info', {});
  const save = useApiMutation('settings.update', ['settings', 'system', 'appointments', 'audit']);
  const check = useApiMutation('store.check', ['system', 'audit']);
  const demo = useApiMutation('demo.load', ['appointments', 'journal', 'editors', 'audit']);
  const errorText = useErrorText();
  const [draft, setDraft] = useState<Settings | null>(null);
  const [demoCount, setDemoCount] = useState(200);
  const [confirming, setConfirming] = useState<SecurityChange[] | null>(null);
  useEffect(() => {
    if (current.data) setDraft(current.data);
  }, [current.data]);

  if (current.isPending || !draft) return current.error ? <ErrorState error={current.error} /> : <Loading />;
  const g = draft.gateway;
  const pinned = info.data?.gateway.pinned ?? false;
  const setG = (patch: Partial<Settings['gateway']>) => setDraft({ ...draft, gateway: { ...g, ...patch } });
  const setLimit = (k: keyof GatewayLimitsSettings, v: number) => setG({ limits: { ...g.limits, [k]: v } });
  const file = (key: 'tlsCertFile' | 'tlsKeyFile' | 'clientCaFile', label: string) => (
    <TextField size="small" fullWidth label={label} value={g[key] ?? ''} disabled={pinned} onChange={(e) => setG({ [key]: e.target.value || null })} />
  );
  const submit = async (confirmSecurityChanges = false) => {
    // A host whose listener is fixed by its command line refuses any change to it: send only what may change.
    const { enabled, host, port, tlsCertFile, tlsKeyFile, clientCaFile, ...gatewayRest } = draft.gateway;
    const gateway = pinned ? gatewayRest : { enabled, host, port, tlsCertFile, tlsKeyFile, clientCaFile, ...gatewayRest };
    try {
      const next = await save.mutateAsync({ ...draft, gateway, confirmSecurityChanges });
      setConfirming(null);
      await i18n.changeLanguage(next.language);
    } catch (e) {
      if (e instanceof ConsoleError && e.code === 'confirmation-required') {
        setConfirming(((e.details as { changes?: SecurityChange[] } | undefined)?.changes) ?? []);
      }
    }
  };
  const lastCheck = info.data?.store.lastCheck;
  return (
    <Box sx={{ maxWidth: 860 }}>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600}>{t('settings.gateway')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('settings.gatewayHelp')}</Typography>
        {pinned && <Alert severity="info" sx={{ mb: 1 }}>{t('settings.pinned')}</Alert>}
        <FormControlLabel control={<Switch checked={g.enabled} disabled={pinned} onChange={(e) => setG({ enabled: e.target.checked })} />} label={t('settings.enabled')} />
        <Stack direction="row" spacing={2} sx={{ my: 1 }}>
          <TextField size="small" label={t('settings.host')} value={g.host} disabled={pinned} onChange={(e) => setG({ host: e.target.value })} />
          <TextField size="small" type="number" label={t('settings.port')} value={g.port} disabled={pinned} onChange={(e) => setG({ port: Number(e.target.value) })} />
        </Stack>
        <Stack spacing={1}>
          {file('tlsCertFile', t('settings.tlsCert'))}
          {file('tlsKeyFile', t('settings.tlsKey'))}
          {file('clientCaFile', t('settings.clientCa'))}
          <TextField size="small" fullWidth multiline minRows={1} label={t('settings.crlFiles')} value={g.crlFiles.join('\n')}
            onChange={(e) => setG({ crlFiles: lines(e.target.value) })} />
          <TextField size="small" fullWidth multiline minRows={1} label={t('settings.publicNames')} helperText={t('settings.publicNamesHelp')}
            value={g.publicNames.join('\n')} onChange={(e) => setG({ publicNames: lines(e.target.value) })} inputProps={{ 'data-testid': 'public-names' }} />
          <FormControlLabel
            control={<Switch checked={g.allowUnregisteredEditors} onChange={(e) => setG({ allowUnregisteredEditors: e.target.checked })} inputProps={{ 'aria-label': t('settings.allowUnregistered') }} />}
            label={t('settings.allowUnregistered')}
          />
          <Typography variant="caption" color="text.secondary">{t('settings.allowUnregisteredHelp')}</Typography>
        </Stack>
        <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>{t('settings.limits')}</Typography>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 1.5 }}>
          {(Object.keys(g.limits) as (keyof GatewayLimitsSettings)[]).map((k) => (
            <TextField key={k} size="small" type="number" label={t(`settings.limitNames.${k}`)} value={g.limits[k]} onChange={(e) => setLimit(k, Number(e.target.value))} />
          ))}
        </Box>
        {info.data?.gateway.error && <Alert severity="error" sx={{ mt: 1 }}>{info.data.gateway.error}</Alert>}
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600}>{t('settings.ig')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('settings.igHelp')}</Typography>
        <TextField size="small" fullWidth label={t('settings.igDir')} value={draft.igPackageDir ?? ''} onChange={(e) => setDraft({ ...draft, igPackageDir: e.target.value || null })} />
        {info.data?.igPackage.error && <Alert severity="error" sx={{ mt: 1 }}>{info.data.igPackage.error}</Alert>}
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600} sx={{ mb: 1 }}>{t('settings.journal')}</Typography>
        <Stack direction="row" spacing={2}>
          <TextField size="small" type="number" label={t('settings.refusedBodyDays')} value={draft.journal.refusedBodyDays}
            onChange={(e) => setDraft({ ...draft, journal: { ...draft.journal, refusedBodyDays: Number(e.target.value) } })} />
          <TextField size="small" type="number" label={t('settings.refusedBodyMaxMb')} value={draft.journal.refusedBodyMaxMb}
            onChange={(e) => setDraft({ ...draft, journal: { ...draft.journal, refusedBodyMaxMb: Number(e.target.value) } })} />
        </Stack>
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600} sx={{ mb: 1 }}>{t('settings.operator')}</Typography>
        <Stack direction="row" spacing={2}>
          <TextField size="small" label={t('settings.operatorName')} value={draft.operatorName ?? ''} sx={{ minWidth: 320 }}
            helperText={t('settings.operatorNameHelp', { user: info.data?.operator ?? '' })}
            onChange={(e) => setDraft({ ...draft, operatorName: e.target.value.trim() ? e.target.value : null })} />
          <TextField select size="small" label={t('settings.language')} value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value as Settings['language'] })} sx={{ minWidth: 200 }}>
            <MenuItem value="fr">Français</MenuItem>
            <MenuItem value="en">English</MenuItem>
          </TextField>
        </Stack>
      </Paper>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 3 }}>
        <Button variant="contained" onClick={() => void submit()} disabled={save.isPending}>{t('common.apply')}</Button>
        <Button onClick={() => current.data && setDraft(current.data)}>{t('common.reset')}</Button>
        {save.isSuccess && <Typography color="success.main">{t('settings.saved')}</Typography>}
        {save.error && !(save.error instanceof ConsoleError && save.error.code === 'confirmation-required') && <Alert severity="error">{errorText(save.error)}</Alert>}
      </Stack>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600}>{t('settings.store')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1, wordBreak: 'break-all' }}>{t('settings.storeFile', { file: info.data?.store.file ?? '' })}</Typography>
        <Button variant="outlined" onClick={() => check.mutate({})} disabled={check.isPending}>{t('settings.storeCheck')}</Button>
        {lastCheck && (lastCheck.ok
          ? <Alert severity="success" sx={{ mt: 1 }} data-testid="store-check">{t('settings.storeCheckOk', { ms: Math.round(lastCheck.durationMs), at: formatParis(lastCheck.atUtc) })}</Alert>
          : (
            <Alert severity="error" sx={{ mt: 1 }} data-testid="store-check">
              {t('settings.storeCheckProblems', { at: formatParis(lastCheck.atUtc) })}
              <Box component="pre" sx={{ m: 0, mt: 1, fontSize: 12, whiteSpace: 'pre-wrap' }}>{lastCheck.problems.slice(0, 20).join('\n')}</Box>
            </Alert>
          ))}
        {check.error && <Alert severity="error" sx={{ mt: 1 }}>{errorText(check.error)}</Alert>}
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="subtitle1" fontWeight={600}>{t('settings.demo')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('settings.demoHelp')}</Typography>
        <Stack direction="row" spacing={2} alignItems="center">
          <TextField size="small" type="number" label={t('settings.demoCount')} value={demoCount} onChange={(e) => setDemoCount(Math.min(5000, Math.max(1, Number(e.target.value))))} />
          <Button variant="outlined" onClick={() => demo.mutate({ count: demoCount })} disabled={demo.isPending}>{t('appointments.loadDemo')}</Button>
        </Stack>
        {demo.data && <Alert severity="success" sx={{ mt: 1 }}>{t('appointments.demoDone', { ...demo.data })}</Alert>}
        {demo.error && <Alert severity="error" sx={{ mt: 1 }}>{errorText(demo.error)}</Alert>}
      </Paper>
      <Dialog open={confirming !== null} onClose={() => setConfirming(null)}>
        <DialogTitle>{t('settings.confirmTitle')}</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 1 }}>{t('settings.confirmBody')}</Typography>
          <ul>{(confirming ?? []).map((c) => <li key={c}>{t(`security.${c}`)}</li>)}</ul>
        </DialogContent>
        <DialogActions>
          <Button autoFocus onClick={() => setConfirming(null)}>{t('common.cancel')}</Button>
          <Button color="warning" variant="contained" onClick={() => void submit(true)} disabled={save.isPending}>{t('settings.confirm')}</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
