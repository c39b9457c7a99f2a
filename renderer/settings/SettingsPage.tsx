import { Alert, Box, Button, FormControlLabel, MenuItem, Paper, Stack, Switch, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useSearchParams } from 'react-router-dom';
import { EditorsPanel } from '../editors/EditorsPanel';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../shared/api/settings';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { ErrorState, Loading, useErrorText } from '../common/states';

export function SettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'editors' ? 'editors' : 'general';
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>{t('settings.title')}</Typography>
      <Tabs value={tab} onChange={(_, v: string) => setParams(v === 'general' ? {} : { tab: v })} sx={{ mb: 2 }}>
        <Tab value="general" label={t('settings.general')} />
        <Tab value="editors" label={t('editors.title')} />
      </Tabs>
      {tab === 'general' ? <GeneralSettings /> : <EditorsPanel />}
    </Box>
  );
}

function GeneralSettings() {
  const { t, i18n } = useTranslation();
  const current = useApiQuery('settings.get', {});
  const info = useApiQuery('system.info', {});
  const save = useApiMutation('settings.update', ['settings', 'system', 'appointments']);
  const demo = useApiMutation('demo.load', ['appointments', 'journal']);
  const errorText = useErrorText();
  const [draft, setDraft] = useState<Settings | null>(null);
  const [demoCount, setDemoCount] = useState(200);
  useEffect(() => {
    if (current.data) setDraft(current.data);
  }, [current.data]);

  if (current.isPending || !draft) return current.error ? <ErrorState error={current.error} /> : <Loading />;
  const g = draft.gateway;
  const setG = (patch: Partial<Settings['gateway']>) => setDraft({ ...draft, gateway: { ...g, ...patch } });
  const file = (key: 'tlsCertFile' | 'tlsKeyFile' | 'clientCaFile', label: string) => (
    <TextField size="small" fullWidth label={label} value={g[key] ?? ''} onChange={(e) => setG({ [key]: e.target.value || null })} />
  );
  const submit = async () => {
    const next = await save.mutateAsync(draft);
    await i18n.changeLanguage(next.language);
  };
  return (
    <Box sx={{ maxWidth: 820 }}>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600}>{t('settings.gateway')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('settings.gatewayHelp')}</Typography>
        <FormControlLabel control={<Switch checked={g.enabled} onChange={(e) => setG({ enabled: e.target.checked })} />} label={t('settings.enabled')} />
        <Stack direction="row" spacing={2} sx={{ my: 1 }}>
          <TextField size="small" label={t('settings.host')} value={g.host} onChange={(e) => setG({ host: e.target.value })} />
          <TextField size="small" type="number" label={t('settings.port')} value={g.port} onChange={(e) => setG({ port: Number(e.target.value) })} />
        </Stack>
        <Stack spacing={1}>
          {file('tlsCertFile', t('settings.tlsCert'))}
          {file('tlsKeyFile', t('settings.tlsKey'))}
          {file('clientCaFile', t('settings.clientCa'))}
        </Stack>
        {info.data?.gateway.error && <Alert severity="error" sx={{ mt: 1 }}>{info.data.gateway.error}</Alert>}
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600}>{t('settings.ig')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('settings.igHelp')}</Typography>
        <TextField size="small" fullWidth label={t('settings.igDir')} value={draft.igPackageDir ?? ''} onChange={(e) => setDraft({ ...draft, igPackageDir: e.target.value || null })} />
        {info.data?.igPackage.error && <Alert severity="error" sx={{ mt: 1 }}>{info.data.igPackage.error}</Alert>}
      </Paper>
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <TextField select size="small" label={t('settings.language')} value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value as Settings['language'] })} sx={{ minWidth: 200 }}>
          <MenuItem value="fr">Français</MenuItem>
          <MenuItem value="en">English</MenuItem>
        </TextField>
      </Paper>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 3 }}>
        <Button variant="contained" onClick={() => void submit()} disabled={save.isPending}>{t('common.apply')}</Button>
        <Button onClick={() => current.data && setDraft(current.data)}>{t('common.reset')}</Button>
        {save.isSuccess && <Typography color="success.main">{t('settings.saved')}</Typography>}
        {save.error && <Alert severity="error">{errorText(save.error)}</Alert>}
      </Stack>
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
    </Box>
  );
}
