import UploadFile from '@mui/icons-material/UploadFile';
import { Alert, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubConnectionView } from '../../shared/api/hub-api';
import { CertificateLine } from '../editors/EditorsPanel';
import { fileToBase64 } from '../common/file-base64';
import type { HubForm, HubFormField, IdentityKind } from './hub-connection-form';

/** A PKCS#12 file is a few kilobytes; anything this large is not one. */
const MAX_PFX_BYTES = 256 * 1024;

interface Props {
  form: HubForm;
  view: HubConnectionView | null;
  /** The secrets of this kind are held by the console: empty fields keep them. */
  keep: boolean;
  /** Secrets typed or chosen here can be sealed by the OS store (not in headless mode). */
  canSeal: boolean;
  errors: ReadonlySet<HubFormField>;
  onChange(patch: Partial<HubForm>): void;
}

/**
 * The client certificate the broker maps to the SAS user (SASL EXTERNAL): PEM certificate and key, or a
 * PKCS#12 file, as the editors' identities are given (EditorsPanel keeps those fields inside its dialog,
 * so they are written again here). Secrets are never shown back: an empty field keeps the one held.
 */
export function HubIdentityFields({ form, view, keep, canSeal, errors, onChange }: Props) {
  const { t } = useTranslation();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const held = view?.identity && view.identity.kind === form.identityKind ? view.identity : null;
  const keepHelp = keep ? t('hub.connection.keepSecret') : undefined;

  const upload = async (file: File | undefined) => {
    setUploadError(null);
    if (!file) return;
    if (file.size === 0 || file.size > MAX_PFX_BYTES) {
      setUploadError(t('hub.connection.pfxUploadInvalid'));
      return;
    }
    onChange({ pfxUpload: { name: file.name, base64: await fileToBase64(file) }, pfxFile: '' });
  };

  return (
    <Stack spacing={1.5} data-testid="hub-identity">
      <TextField select size="small" label={t('hub.connection.identity')} value={form.identityKind}
        onChange={(e) => onChange({ identityKind: e.target.value as IdentityKind })} slotProps={{ htmlInput: { 'data-testid': 'hub-identity-kind' } }}>
        {(['none', 'pem', 'pkcs12'] as const).map((k) => <MenuItem key={k} value={k}>{t(`hub.connection.identityKinds.${k}`)}</MenuItem>)}
      </TextField>
      {held?.certificate && <CertificateLine info={held.certificate} />}
      {form.identityKind === 'none' && <Alert severity="warning">{t('hub.connection.identityNone')}</Alert>}
      {!canSeal && form.identityKind !== 'none' && <Alert severity="info">{t('hub.connection.headlessSecrets')}</Alert>}
      {form.identityKind === 'pem' && (
        <>
          <TextField multiline minRows={3} size="small" label={t('hub.connection.certPem')} value={form.certPem} onChange={(e) => onChange({ certPem: e.target.value })}
            error={errors.has('certPem')} helperText={errors.has('certPem') ? t('hub.connection.errors.certPem') : keep ? t('hub.connection.certPemAgain') : undefined}
            slotProps={{ htmlInput: { 'data-testid': 'hub-cert-pem' } }} />
          {canSeal && (
            <TextField multiline minRows={3} size="small" type="password" label={t('hub.connection.keyText')} value={form.keyText} onChange={(e) => onChange({ keyText: e.target.value })} />
          )}
          <TextField size="small" label={t('hub.connection.keyFile')} value={form.keyFile} onChange={(e) => onChange({ keyFile: e.target.value })}
            error={errors.has('key')} helperText={errors.has('key') ? t('hub.connection.errors.key') : keepHelp} slotProps={{ htmlInput: { 'data-testid': 'hub-key-file' } }} />
        </>
      )}
      {form.identityKind === 'pkcs12' && (
        <>
          <Stack direction="row" spacing={1} alignItems="flex-start">
            <TextField size="small" sx={{ flex: 1 }} label={t('hub.connection.pfxFile')} value={form.pfxUpload ? '' : form.pfxFile} disabled={!!form.pfxUpload}
              onChange={(e) => onChange({ pfxFile: e.target.value })} error={errors.has('pfx')}
              helperText={errors.has('pfx') ? t('hub.connection.errors.pfx') : form.pfxUpload ? t('hub.connection.pfxUploaded', { name: form.pfxUpload.name }) : keepHelp}
              slotProps={{ htmlInput: { 'data-testid': 'hub-pfx-file' } }} />
            {canSeal && (
              <Button variant="outlined" component="label" startIcon={<UploadFile />}>
                {t('hub.connection.pfxChoose')}
                <input hidden type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => { void upload(e.target.files?.[0]); e.target.value = ''; }} />
              </Button>
            )}
            {form.pfxUpload && <Button onClick={() => onChange({ pfxUpload: null })}>{t('hub.connection.pfxForget')}</Button>}
          </Stack>
          {uploadError && <Alert severity="error">{uploadError}</Alert>}
          {canSeal && (
            <TextField size="small" type="password" label={t('hub.connection.passphraseText')} value={form.passphraseText} onChange={(e) => onChange({ passphraseText: e.target.value })} />
          )}
          <TextField size="small" label={t('hub.connection.passphraseFile')} value={form.passphraseFile} onChange={(e) => onChange({ passphraseFile: e.target.value })}
            error={errors.has('passphrase')}
            helperText={held?.kind === 'pkcs12' && held.passphrase !== null ? t('hub.connection.keepSecret') : t('hub.connection.passphraseHelp')} />
        </>
      )}
      {form.identityKind !== 'none' && <Typography variant="caption" color="text.secondary">{t('hub.connection.identityHelp', { clientId: form.clientId || 'fr.health.ptfsas' })}</Typography>}
    </Stack>
  );
}
