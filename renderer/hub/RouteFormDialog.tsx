import { Alert, Autocomplete, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROUTE_KINDS, type RouteKind, type RouteRule } from '../../shared/api/hub-api';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { useErrorText } from '../common/states';
import { routeInput, type RouteField } from './route-form';

/** Adds or edits one override: an editor (as appointments name it) or a department, and the SAMU it goes to. */
export function RouteFormDialog({ route, onClose }: { route: RouteRule | null; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const editors = useApiQuery('appointments.editors', {});
  const save = useApiMutation('routes.save');
  const [kind, setKind] = useState<RouteKind>(route?.kind ?? 'department');
  const [match, setMatch] = useState(route?.match ?? '');
  const [samu, setSamu] = useState(route?.samu ?? 'fr.health.samu');
  const [note, setNote] = useState(route?.note ?? '');
  const [errors, setErrors] = useState<ReadonlySet<RouteField>>(new Set());

  const submit = async () => {
    const { input, errors: wrong } = routeInput({ id: route?.id, kind, match, samu, note });
    setErrors(new Set(wrong));
    if (!input) return;
    try {
      await save.mutateAsync({ route: input });
      onClose();
    } catch {
      // shown from save.error
    }
  };
  const help = (f: RouteField, fallback?: string) => (errors.has(f) ? t(`hub.routes.errors.${f === 'match' ? `match_${kind}` : f}`) : fallback);

  return (
    <Dialog open onClose={save.isPending ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="route-title" data-testid="route-dialog">
      <DialogTitle id="route-title">{route ? t('hub.routes.editTitle') : t('hub.routes.addTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5} sx={{ mt: 1 }}>
          <TextField select size="small" label={t('hub.routes.columns.kind')} value={kind} onChange={(e) => setKind(e.target.value as RouteKind)}
            slotProps={{ htmlInput: { 'data-testid': 'route-kind' } }}>
            {ROUTE_KINDS.map((k) => <MenuItem key={k} value={k}>{t(`hub.routes.kinds.${k}`)}</MenuItem>)}
          </TextField>
          {kind === 'editor' ? (
            <Autocomplete
              freeSolo
              size="small"
              options={editors.data ?? []}
              inputValue={match}
              onInputChange={(_, v) => setMatch(v)}
              renderInput={(p) => (
                <TextField {...p} label={t('hub.routes.matchEditor')} error={errors.has('match')} helperText={help('match', t('hub.routes.matchEditorHelp'))}
                  inputProps={{ ...p.inputProps, 'data-testid': 'route-match' }} />
              )}
            />
          ) : (
            <TextField size="small" label={t('hub.routes.matchDepartment')} value={match} onChange={(e) => setMatch(e.target.value)}
              error={errors.has('match')} helperText={help('match', t('hub.routes.matchDepartmentHelp'))} slotProps={{ htmlInput: { 'data-testid': 'route-match' } }} />
          )}
          <TextField size="small" label={t('hub.routes.columns.samu')} value={samu} onChange={(e) => setSamu(e.target.value)}
            error={errors.has('samu')} helperText={help('samu', t('hub.routes.samuHelp'))} slotProps={{ htmlInput: { 'data-testid': 'route-samu' } }} />
          <TextField size="small" multiline minRows={2} label={t('hub.routes.columns.note')} value={note} onChange={(e) => setNote(e.target.value)}
            error={errors.has('note')} helperText={help('note', t('hub.routes.noteHelp'))} />
          {save.error && <Alert severity="error" data-testid="route-save-error">{errorText(save.error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={save.isPending}>{t('common.cancel')}</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={save.isPending} data-testid="route-save">{t('common.save')}</Button>
      </DialogActions>
    </Dialog>
  );
}
