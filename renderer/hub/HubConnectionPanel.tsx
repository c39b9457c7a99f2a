import { Alert, Autocomplete, Box, Button, FormControlLabel, Paper, Stack, Switch, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HUB_CLIENT_IDS, type HubConnectionTest, type HubConnectionView } from '../../shared/api/hub-api';
import { formatParis } from '../../shared/domain/instant';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { ErrorState, Loading, useErrorText } from '../common/states';
import { connectionInput, formFromView, type HubForm, type HubFormField, keepsSecrets } from './hub-connection-form';
import { HubIdentityFields } from './HubIdentityFields';
import { HubTestResult } from './HubTestResult';

/** Settings › Hub Santé: the connection the appointments leave by, and its test. */
export function HubConnectionPanel() {
  const connection = useApiQuery('hub.connection', {});
  if (connection.isPending) return <Loading />;
  if (connection.error) return <ErrorState error={connection.error} onRetry={() => connection.refetch()} />;
  return <HubConnectionForm view={connection.data} />;
}

function HubConnectionForm({ view }: { view: HubConnectionView | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const vault = useApiQuery('editors.vault', {});
  const save = useApiMutation('hub.saveConnection');
  const [form, setForm] = useState<HubForm>(() => formFromView(view));
  const [errors, setErrors] = useState<ReadonlySet<HubFormField>>(new Set());
  const [saved, setSaved] = useState(false);
  // A connection saved elsewhere (another window, the CLI) replaces the form only while it is untouched.
  const [base, setBase] = useState(view);
  const pristine = JSON.stringify(form) === JSON.stringify(formFromView(base));
  useEffect(() => {
    if (view !== base && pristine) {
      setBase(view);
      setForm(formFromView(view));
    }
  }, [view]); // eslint-disable-line react-hooks/exhaustive-deps -- only a new view from the core resets the form
  const set = (patch: Partial<HubForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const keep = keepsSecrets(form, view);

  const submit = async () => {
    const { input, errors: wrong } = connectionInput(form, view);
    setErrors(new Set(wrong));
    if (!input) return;
    try {
      const next = await save.mutateAsync({ connection: input });
      setBase(next);
      setForm(formFromView(next));
      setSaved(true);
    } catch {
      // shown from save.error
    }
  };
  const fieldError = (f: HubFormField) => (errors.has(f) ? t(`hub.connection.errors.${f}`) : undefined);

  return (
    <Box sx={{ maxWidth: 860 }} data-testid="hub-connection">
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="subtitle1" fontWeight={600}>{t('hub.connection.title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('hub.connection.help')}</Typography>
        <FormControlLabel
          control={<Switch checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} slotProps={{ input: { 'aria-label': t('hub.connection.enabled') } }} data-testid="hub-enabled" />}
          label={t('hub.connection.enabled')}
        />
        <Stack spacing={1.5} sx={{ mt: 1 }}>
          <TextField size="small" fullWidth label={t('hub.connection.url')} value={form.url} onChange={(e) => set({ url: e.target.value })}
            error={errors.has('url')} helperText={fieldError('url') ?? t('hub.connection.urlHelp')} slotProps={{ htmlInput: { 'data-testid': 'hub-url' } }} />
          <Autocomplete
            freeSolo
            size="small"
            options={[...HUB_CLIENT_IDS]}
            inputValue={form.clientId}
            onInputChange={(_, v) => set({ clientId: v })}
            renderOption={(props, option) => (
              <li {...props} key={option}>
                <Box>
                  <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>{option}</Typography>
                  <Typography variant="caption" color="text.secondary">{t(`hub.connection.clientIds.${option === 'fr.health.ptfsas' ? 'production' : 'test'}`)}</Typography>
                </Box>
              </li>
            )}
            renderInput={(p) => (
              <TextField {...p} label={t('hub.connection.clientId')} error={errors.has('clientId')} helperText={fieldError('clientId') ?? t('hub.connection.clientIdHelp')}
                inputProps={{ ...p.inputProps, 'data-testid': 'hub-client-id' }} />
            )}
          />
          <HubIdentityFields form={form} view={view} keep={keep} canSeal={vault.data?.canSeal ?? false} errors={errors} onChange={set} />
          <TextField multiline minRows={2} size="small" fullWidth label={t('hub.connection.caPem')} value={form.caPem} onChange={(e) => set({ caPem: e.target.value })}
            error={errors.has('caPem')} helperText={fieldError('caPem') ?? t('hub.connection.caPemHelp')} slotProps={{ htmlInput: { 'data-testid': 'hub-ca-pem' } }} />
          <FormControlLabel
            control={<Switch checked={form.verifyHostName} onChange={(e) => set({ verifyHostName: e.target.checked })} data-testid="hub-verify-host" />}
            label={t('hub.connection.verifyHostName')}
          />
          {!form.verifyHostName && <Alert severity="warning" data-testid="hub-verify-host-off">{t('hub.connection.verifyHostNameOff')}</Alert>}
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextField size="small" type="number" label={t('hub.connection.unconfirmedAfterMinutes')} value={form.unconfirmedAfterMinutes}
              onChange={(e) => set({ unconfirmedAfterMinutes: e.target.value })} error={errors.has('unconfirmedAfterMinutes')}
              helperText={fieldError('unconfirmedAfterMinutes') ?? t('hub.connection.unconfirmedHelp')} slotProps={{ htmlInput: { min: 1, max: 1440, 'data-testid': 'hub-unconfirmed' } }} sx={{ flex: 1 }} />
            <TextField size="small" type="number" label={t('hub.connection.expiresAfterHours')} value={form.expiresAfterHours}
              onChange={(e) => set({ expiresAfterHours: e.target.value })} error={errors.has('expiresAfterHours')}
              helperText={fieldError('expiresAfterHours') ?? t('hub.connection.expiresHelp')} slotProps={{ htmlInput: { min: 1, max: 24, 'data-testid': 'hub-expires' } }} sx={{ flex: 1 }} />
          </Stack>
        </Stack>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 2, flexWrap: 'wrap' }} useFlexGap>
          <Button variant="contained" onClick={() => void submit()} disabled={save.isPending} data-testid="hub-save">{t('common.save')}</Button>
          <Button onClick={() => { setErrors(new Set()); setForm(formFromView(view)); }} disabled={pristine}>{t('common.reset')}</Button>
          {saved && <Typography color="success.main" data-testid="hub-saved">{t('hub.connection.saved')}</Typography>}
          {view?.updatedUtc != null && <Typography variant="caption" color="text.secondary">{t('hub.connection.updated', { at: formatParis(view.updatedUtc) })}</Typography>}
        </Stack>
        {errors.size > 0 && <Alert severity="error" sx={{ mt: 1 }} data-testid="hub-form-errors">{t('hub.connection.fixFields')}</Alert>}
        {save.error && <Alert severity="error" sx={{ mt: 1 }} data-testid="hub-save-error">{errorText(save.error)}</Alert>}
      </Paper>
      <ConnectionTestBox configured={view !== null} dirty={!pristine} />
    </Box>
  );
}

/** Tests the saved connection, not the form: say so when the form has changes. */
function ConnectionTestBox({ configured, dirty }: { configured: boolean; dirty: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const test = useApiMutation('hub.test');
  const [result, setResult] = useState<HubConnectionTest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setResult(null);
    setError(null);
    try {
      setResult(await test.mutateAsync({}));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
      <Typography variant="subtitle1" fontWeight={600}>{t('hub.checks.title')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('hub.checks.help')}</Typography>
      {dirty && <Alert severity="info" sx={{ mb: 1 }}>{t('hub.checks.saveFirst')}</Alert>}
      <Button variant="outlined" onClick={() => void run()} disabled={!configured || test.isPending} data-testid="hub-test-connection">
        {test.isPending ? t('hub.checks.running') : t('hub.checks.run')}
      </Button>
      {!configured && <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>{t('hub.checks.notConfigured')}</Typography>}
      {error && <Alert severity="error" sx={{ mt: 1 }} data-testid="hub-test-error">{error}</Alert>}
      {result && <Box sx={{ mt: 1.5 }}><HubTestResult test={result} /></Box>}
    </Paper>
  );
}
