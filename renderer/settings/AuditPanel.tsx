import { Box, Chip, FormControlLabel, Paper, Stack, Switch, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatParis } from '../../shared/domain/instant';
import { useApiQuery } from '../api/ClientContext';
import { JsonView } from '../common/JsonView';
import { Empty, ErrorState, Loading } from '../common/states';

/** The audit trail: who did what, when, with the state before and after (newest first). */
export function AuditPanel() {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [securityOnly, setSecurityOnly] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const q = useApiQuery('audit.list', { filter: { action: action || undefined, securityOnly: securityOnly || undefined }, offset: 0, limit: 200 });
  return (
    <Box>
      <Typography variant="subtitle1" fontWeight={600} sx={{ mb: 1 }}>{t('audit.title')}</Typography>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        <TextField size="small" label={t('audit.action')} value={action} onChange={(e) => setAction(e.target.value)} />
        <FormControlLabel control={<Switch checked={securityOnly} onChange={(e) => setSecurityOnly(e.target.checked)} />} label={t('audit.securityOnly')} />
      </Stack>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : q.data.rows.length === 0 ? <Empty>{t('audit.empty')}</Empty> : (
        <Paper variant="outlined">
          <Table size="small" data-testid="audit-table">
            <TableHead>
              <TableRow>
                {(['at', 'actor', 'action', 'target', 'outcome', 'detail'] as const).map((c) => <TableCell key={c}>{t(`audit.columns.${c}`)}</TableCell>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {q.data.rows.map((r) => (
                <Fragment key={r.id}>
                  <TableRow hover data-testid="audit-row" onClick={() => setOpen(open === r.id ? null : r.id)} sx={{ cursor: 'pointer' }}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatParis(r.atUtc)}</TableCell>
                    <TableCell>{r.actor}<Typography variant="caption" color="text.secondary" component="div">{r.host}</Typography></TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>
                      {r.action} {r.security && <Chip size="small" color="warning" label={t('audit.security')} />}
                    </TableCell>
                    <TableCell sx={{ maxWidth: 260, wordBreak: 'break-all' }}>{r.target ?? '—'}</TableCell>
                    <TableCell>
                      <Chip size="small" color={r.outcome === 'ok' ? 'success' : r.outcome === 'refused' ? 'warning' : 'error'} label={t(`audit.outcomes.${r.outcome}`)} />
                    </TableCell>
                    <TableCell sx={{ maxWidth: 360 }}>{r.detail ?? ''}</TableCell>
                  </TableRow>
                  {open === r.id && (
                    <TableRow>
                      <TableCell colSpan={6}>
                        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2}>
                          <Box sx={{ flex: 1, minWidth: 0 }}>
                            <Typography variant="subtitle2">{t('audit.before')}</Typography>
                            <JsonView value={r.before === null ? '' : JSON.stringify(r.before, null, 2)} />
                          </Box>
                          <Box sx={{ flex: 1, minWidth: 0 }}>
                            <Typography variant="subtitle2">{t('audit.after')}</Typography>
                            <JsonView value={r.after === null ? '' : JSON.stringify(r.after, null, 2)} />
                          </Box>
                        </Stack>
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Box>
  );
}
