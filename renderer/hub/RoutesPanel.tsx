import Add from '@mui/icons-material/Add';
import { Alert, Box, Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteRule } from '../../shared/api/hub-api';
import { formatParis } from '../../shared/domain/instant';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { Empty, ErrorState, Loading, useErrorText } from '../common/states';
import { RouteExplanationView } from './RouteExplanationView';
import { RouteFormDialog } from './RouteFormDialog';

/**
 * Routing: by default an appointment goes to its regulator's SAMU; these rules override that, by editor or by
 * department. The box below says where one appointment would go, and why.
 */
export function RoutesPanel() {
  const { t } = useTranslation();
  const routes = useApiQuery('routes.list', {});
  const [editing, setEditing] = useState<RouteRule | 'new' | null>(null);
  return (
    <Box data-testid="routes-panel">
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 1 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>{t('hub.routes.help')}</Typography>
        <Button variant="contained" startIcon={<Add />} onClick={() => setEditing('new')} data-testid="route-new">{t('hub.routes.add')}</Button>
      </Stack>
      {routes.isPending ? <Loading /> : routes.error ? <ErrorState error={routes.error} onRetry={() => routes.refetch()} /> : routes.data.length === 0 ? (
        <Box data-testid="routes-empty"><Empty>{t('hub.routes.empty')}</Empty></Box>
      ) : (
        <RoutesTable routes={routes.data} onEdit={setEditing} />
      )}
      <ExplainBox />
      {editing && <RouteFormDialog route={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Box>
  );
}

function RoutesTable({ routes, onEdit }: { routes: RouteRule[]; onEdit(r: RouteRule): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const remove = useApiMutation('routes.remove');
  const [confirming, setConfirming] = useState<number | null>(null);
  // Editor rules are looked at before department rules: shown in that order.
  const sorted = [...routes].sort((a, b) => (a.kind === b.kind ? a.match.localeCompare(b.match, 'fr') : a.kind === 'editor' ? -1 : 1));
  return (
    <Paper variant="outlined" sx={{ mb: 2 }}>
      <Table size="small" data-testid="routes-table">
        <TableHead>
          <TableRow>
            {(['kind', 'match', 'samu', 'note', 'updated'] as const).map((c) => <TableCell key={c}>{t(`hub.routes.columns.${c}`)}</TableCell>)}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map((r) => (
            <TableRow key={r.id} data-testid="route-row" data-route-id={r.id} data-kind={r.kind}>
              <TableCell><Chip size="small" variant="outlined" label={t(`hub.routes.kinds.${r.kind}`)} /></TableCell>
              <TableCell sx={{ fontWeight: 600 }}>{r.match}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{r.samu}</TableCell>
              <TableCell sx={{ maxWidth: 320 }}>{r.note ?? ''}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatParis(r.updatedUtc)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }} align="right">
                {confirming === r.id ? (
                  <>
                    <Typography component="span" variant="body2" sx={{ mr: 1 }}>{t('hub.routes.removeConfirm')}</Typography>
                    <Button size="small" color="error" variant="contained" disableElevation disabled={remove.isPending}
                      onClick={() => remove.mutate({ id: r.id }, { onSettled: () => setConfirming(null) })} data-testid="route-remove-confirm">
                      {t('hub.routes.remove')}
                    </Button>
                    <Button size="small" onClick={() => setConfirming(null)}>{t('common.cancel')}</Button>
                  </>
                ) : (
                  <>
                    <Button size="small" onClick={() => onEdit(r)} data-testid="route-edit">{t('hub.routes.edit')}</Button>
                    <Button size="small" color="error" onClick={() => setConfirming(r.id)} data-testid="route-remove">{t('hub.routes.remove')}</Button>
                  </>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {remove.error && <Alert severity="error" sx={{ m: 1 }}>{errorText(remove.error)}</Alert>}
    </Paper>
  );
}

/** « Où irait ce rendez-vous ? »: routes.explain for one appointment id, refreshed when rules change. */
function ExplainBox() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const explain = useApiQuery('routes.explain', { appointmentId: asked ?? '' }, { enabled: !!asked });
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="route-explain">
      <Typography variant="subtitle1" fontWeight={600}>{t('hub.routes.explain.title')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('hub.routes.explain.help')}</Typography>
      <Stack direction="row" spacing={1} component="form" onSubmit={(e) => { e.preventDefault(); setAsked(text.trim() || null); }}>
        <TextField size="small" sx={{ minWidth: 360 }} label={t('hub.routes.explain.input')} value={text} onChange={(e) => setText(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 64, 'data-testid': 'route-explain-input' } }} />
        <Button type="submit" variant="outlined" disabled={!text.trim()} data-testid="route-explain-run">{t('hub.routes.explain.run')}</Button>
      </Stack>
      {asked && (
        <Box sx={{ mt: 1.5 }} data-testid="route-explain-result" data-state={explain.isPending ? 'loading' : explain.error ? 'error' : explain.data ? 'found' : 'not-found'}>
          {explain.isPending ? <Loading /> : explain.error ? <ErrorState error={explain.error} onRetry={() => explain.refetch()} /> : !explain.data ? (
            <Alert severity="warning">{t('hub.routes.explain.notFound', { id: asked })}</Alert>
          ) : (
            <RouteExplanationView route={explain.data} />
          )}
        </Box>
      )}
    </Paper>
  );
}
