import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DIRECTORY_KINDS, type DirectoryEntry, type DirectoryField, type DirectoryKind } from '../../shared/api/hub-api';
import { useApiMutation } from '../api/ClientContext';
import { useErrorText } from '../common/states';
import { entryInput, FIELDS_OF, formFromEntry, idSuitsKind, sourceText, type DirectoryForm } from './directory-form';

/**
 * Adds or corrects one practitioner or structure. The kind and national id are the entry's key: fixed once it
 * exists. A value typed here is recorded as the operator's, and releases transmissions blocked for want of it.
 */
export function DirectoryEntryDialog({ entry, seed, onClose }: { entry: DirectoryEntry | null; seed?: { kind?: DirectoryKind; id?: string }; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useApiMutation('directory.save');
  const remove = useApiMutation('directory.remove');
  const [form, setForm] = useState<DirectoryForm>(() => formFromEntry(entry, seed));
  const [errors, setErrors] = useState<ReadonlySet<string>>(new Set());
  const [confirmRemove, setConfirmRemove] = useState(false);
  const busy = save.isPending || remove.isPending;
  const set = (patch: Partial<DirectoryForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async () => {
    const { input, errors: wrong } = entryInput(form);
    setErrors(new Set(wrong));
    if (!input) return;
    try {
      await save.mutateAsync({ entry: input });
      onClose();
    } catch {
      // shown from save.error
    }
  };
  const drop = async () => {
    if (!entry) return;
    try {
      await remove.mutateAsync({ kind: entry.kind, id: entry.id });
      onClose();
    } catch {
      // shown from remove.error
    }
  };
  const id = form.id.replace(/\s/g, '');
  const field = (f: DirectoryField) => {
    const source = entry?.sources[f];
    return (
      <TextField key={f} size="small" label={t(`hub.directory.columns.${f}`)} value={form[f]} onChange={(e) => set({ [f]: e.target.value })}
        error={errors.has(f)} helperText={errors.has(f) ? t(`hub.directory.errors.${f}`) : source ? sourceText(t, source) : t(`hub.directory.fieldHelp.${f}`)}
        slotProps={{ htmlInput: { 'data-testid': `directory-field-${f}` } }} />
    );
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="directory-entry-title" data-testid="directory-dialog">
      <DialogTitle id="directory-entry-title">{entry ? t('hub.directory.editTitle') : t('hub.directory.addTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5} sx={{ mt: 1 }}>
          <TextField select size="small" label={t('hub.directory.kind')} value={form.kind} disabled={!!entry} onChange={(e) => set({ kind: e.target.value as DirectoryKind })}
            slotProps={{ htmlInput: { 'data-testid': 'directory-field-kind' } }}>
            {DIRECTORY_KINDS.map((k) => <MenuItem key={k} value={k}>{t(`hub.directory.kinds.${k}`)}</MenuItem>)}
          </TextField>
          <TextField size="small" label={t('hub.directory.columns.id')} value={form.id} disabled={!!entry} onChange={(e) => set({ id: e.target.value })}
            error={errors.has('id')} helperText={errors.has('id') ? t('hub.directory.errors.id') : t(`hub.directory.idHelp.${form.kind}`)}
            slotProps={{ htmlInput: { 'data-testid': 'directory-field-id' } }} />
          {!entry && id.length > 0 && !errors.has('id') && !idSuitsKind(form.kind, id) && (
            <Alert severity="warning">{t(`hub.directory.idKindMismatch.${form.kind}`)}</Alert>
          )}
          {FIELDS_OF[form.kind].map(field)}
          {entry && <Typography variant="caption" color="text.secondary">{t('hub.directory.operatorValue')}</Typography>}
          {save.error && <Alert severity="error" data-testid="directory-save-error">{errorText(save.error)}</Alert>}
          {remove.error && <Alert severity="error">{errorText(remove.error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        {entry && (confirmRemove ? (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography variant="body2">{t('hub.directory.removeConfirm')}</Typography>
            <Button color="error" variant="contained" disableElevation onClick={() => void drop()} disabled={busy} data-testid="directory-remove-confirm">{t('hub.directory.remove')}</Button>
          </Box>
        ) : (
          <Button color="error" onClick={() => setConfirmRemove(true)} disabled={busy} data-testid="directory-remove">{t('hub.directory.remove')}</Button>
        ))}
        <Box sx={{ flex: 1 }} />
        <Button onClick={onClose} disabled={busy}>{t('common.cancel')}</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={busy} data-testid="directory-save">{t('common.save')}</Button>
      </DialogActions>
    </Dialog>
  );
}
