import WarningAmber from '@mui/icons-material/WarningAmber';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControlLabel, Stack, Switch, TextField, Typography,
} from '@mui/material';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountPlan } from '../../shared/api/regulator-api';
import type { Regulator } from '../../shared/regulators/regulator-types';
import { ConsoleError } from '../api/console-client';
import { useApiMutation } from '../api/ClientContext';
import { useErrorText } from '../common/states';
import { PlanSummary } from './PlanSummary';
import { type RegulatorField, type RegulatorForm, formErrors, formOf, inputOf } from './regulator-form';

const TEXT_FIELDS: { key: Exclude<RegulatorField, 'active'>; required: boolean; testId: string }[] = [
  { key: 'familyName', required: true, testId: 'regulator-family-name' },
  { key: 'givenName', required: true, testId: 'regulator-given-name' },
  { key: 'email', required: true, testId: 'regulator-email' },
  { key: 'nationalId', required: false, testId: 'regulator-national-id' },
  { key: 'samu', required: false, testId: 'regulator-samu' },
];

/**
 * Creates or edits a regulator. The technical id is the console's (generated on create, never changed);
 * withdrawing the habilitation of an active regulator is confirmed against the plan of deactivations it sends.
 */
export function RegulatorFormDialog({ regulator, onClose, onSaved }: { regulator: Regulator | null; onClose(): void; onSaved(r: Regulator): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useApiMutation('regulators.save');
  const [form, setForm] = useState<RegulatorForm>(() => formOf(regulator));
  const [submitted, setSubmitted] = useState(false);
  const [confirming, setConfirming] = useState<{ message: string; plan: AccountPlan | null } | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const errors = useMemo(() => formErrors(t, form, regulator?.technicalId), [t, form, regulator?.technicalId]);
  const hasErrors = Object.keys(errors).length > 0;
  const set = (patch: Partial<RegulatorForm>) => setForm((f) => ({ ...f, ...patch }));
  const withdrawing = !!regulator?.active && !form.active;

  const submit = async (confirmRevocation = false) => {
    setSubmitted(true);
    setServerError(null);
    if (hasErrors) return;
    try {
      const saved = await save.mutateAsync({ ...inputOf(form, regulator?.technicalId), ...(confirmRevocation ? { confirmRevocation: true } : {}) });
      setConfirming(null);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ConsoleError && e.code === 'confirmation-required') {
        setConfirming({ message: e.message, plan: (e.details as { plan?: AccountPlan } | undefined)?.plan ?? null });
      } else {
        setConfirming(null);
        setServerError(errorText(e));
      }
    }
  };

  return (
    <>
      <Dialog open onClose={save.isPending ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="regulator-form-title" data-testid="regulator-form">
        <DialogTitle id="regulator-form-title">{regulator ? t('regulators.form.editTitle', { name: `${regulator.givenName} ${regulator.familyName}` }) : t('regulators.form.createTitle')}</DialogTitle>
        <DialogContent>
          <Stack
            component="form"
            spacing={1.5}
            sx={{ mt: 1 }}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <TextField
              size="small"
              label={t('regulators.columns.technicalId')}
              value={regulator?.technicalId ?? ''}
              placeholder={t('regulators.form.generated')}
              helperText={regulator ? t('regulators.form.technicalIdFixed') : t('regulators.form.technicalIdGenerated')}
              slotProps={{ input: { readOnly: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'regulator-technical-id', 'aria-readonly': true } }}
              sx={{ '& input': { fontFamily: 'monospace' } }}
            />
            {TEXT_FIELDS.map((f) => {
              const error = submitted || form[f.key] !== formOf(regulator)[f.key] ? errors[f.key] : undefined;
              return (
                <TextField
                  key={f.key}
                  size="small"
                  required={f.required}
                  autoFocus={f.key === 'familyName'}
                  label={t(`regulators.form.fields.${f.key}`)}
                  value={form[f.key]}
                  onChange={(e) => set({ [f.key]: e.target.value })}
                  error={!!error}
                  helperText={error ?? t(`regulators.form.help.${f.key}`)}
                  slotProps={{ htmlInput: { 'data-testid': f.testId } }}
                />
              );
            })}
            <FormControlLabel
              control={<Switch checked={form.active} onChange={(e) => set({ active: e.target.checked })} slotProps={{ input: { 'data-testid': 'regulator-active' } as object }} />}
              label={form.active ? t('regulators.habilitation.active') : t('regulators.habilitation.inactive')}
            />
            <Typography variant="caption" color={withdrawing ? 'error' : 'text.secondary'}>
              {withdrawing ? t('regulators.form.withdrawHelp') : t('regulators.form.activeHelp')}
            </Typography>
            {!regulator && <Typography variant="caption" color="text.secondary">{t('regulators.form.afterCreate')}</Typography>}
            {serverError && <Alert severity="error" data-testid="regulator-form-error">{serverError}</Alert>}
            {/* Enter in a field submits. */}
            <button type="submit" hidden aria-hidden tabIndex={-1} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={save.isPending}>{t('common.cancel')}</Button>
          <Button variant="contained" color={withdrawing ? 'error' : 'primary'} onClick={() => void submit()} disabled={save.isPending || (submitted && hasErrors)} data-testid="regulator-save">
            {t('common.save')}
          </Button>
        </DialogActions>
      </Dialog>
      {confirming && (
        <Dialog open onClose={() => setConfirming(null)} maxWidth="sm" fullWidth aria-labelledby="revocation-title" data-testid="revocation-dialog"
          slotProps={{ paper: { sx: { borderTop: 6, borderColor: 'error.main' } } }}>
          <DialogTitle id="revocation-title" sx={{ color: 'error.main', display: 'flex', alignItems: 'center', gap: 1 }}>
            <WarningAmber />
            {t('regulators.form.revocationTitle')}
          </DialogTitle>
          <DialogContent>
            <Alert severity="error" variant="filled" sx={{ mb: 1.5 }}>{confirming.message}</Alert>
            <DialogContentText sx={{ mb: 1 }}>{t('regulators.form.revocationBody')}</DialogContentText>
            {confirming.plan && <PlanSummary plan={confirming.plan} />}
          </DialogContent>
          <DialogActions>
            <Button autoFocus onClick={() => setConfirming(null)} disabled={save.isPending}>{t('common.cancel')}</Button>
            <Button variant="contained" color="error" onClick={() => void submit(true)} disabled={save.isPending} data-testid="confirm-revocation">
              {t('regulators.form.revocationConfirm')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
