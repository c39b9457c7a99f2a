import {
  Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow, Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubOrphan } from '../../shared/api/hub-api';
import { formatParis } from '../../shared/domain/instant';
import { useApiQuery } from '../api/ClientContext';
import { JsonView } from '../common/JsonView';
import { Empty, ErrorState, Loading } from '../common/states';

const PAGE_SIZE = 50;

/**
 * Messages read from the SAS queues (.ack, .info) that match no transmission, or could not be read: kept so
 * that nothing the Hub or an LRM said is lost (an error about a message this console did not send, an ack
 * arriving after its transmission was purged…).
 */
export function OrphansPanel() {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  const list = useApiQuery('hub.orphans', { offset: page * PAGE_SIZE, limit: PAGE_SIZE }, { placeholderData: (prev) => prev });
  const [open, setOpen] = useState<HubOrphan | null>(null);
  return (
    <Box data-testid="orphans-panel">
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('hub.orphans.help')}</Typography>
      {list.isPending ? <Loading /> : list.error ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : list.data.total === 0 ? (
        <Box data-testid="orphans-empty"><Empty>{t('hub.orphans.empty')}</Empty></Box>
      ) : (
        <>
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" data-testid="orphans-table">
              <TableHead>
                <TableRow>
                  {(['received', 'queue', 'kind', 'reference', 'reason'] as const).map((c) => <TableCell key={c}>{t(`hub.orphans.columns.${c}`)}</TableCell>)}
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {list.data.rows.map((o) => (
                  <TableRow key={o.id} hover data-testid="orphan-row" data-kind={o.kind}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatParis(o.receivedUtc)}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{o.queue}</TableCell>
                    <TableCell><Chip size="small" color={o.kind === 'error' ? 'error' : o.kind === 'unreadable' ? 'warning' : 'default'} label={t(`hub.orphans.kinds.${o.kind}`)} /></TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 11, wordBreak: 'break-all', maxWidth: 280 }}>{o.reference ?? t('common.none')}</TableCell>
                    <TableCell sx={{ maxWidth: 360 }}>{o.reason}</TableCell>
                    <TableCell><Button size="small" onClick={() => setOpen(o)} data-testid="orphan-open">{t('hub.orphans.show')}</Button></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <TablePagination component="div" count={list.data.total} page={page} rowsPerPage={PAGE_SIZE} rowsPerPageOptions={[PAGE_SIZE]} onPageChange={(_, p) => setPage(p)} />
        </>
      )}
      {open && (
        <Dialog open onClose={() => setOpen(null)} maxWidth="md" fullWidth aria-labelledby="orphan-title">
          <DialogTitle id="orphan-title">{t('hub.orphans.bodyTitle', { queue: open.queue, at: formatParis(open.receivedUtc) })}</DialogTitle>
          <DialogContent>
            <Typography variant="body2" sx={{ mb: 1 }}>{open.reason}</Typography>
            <JsonView value={open.body} testId="orphan-body" />
          </DialogContent>
          <DialogActions><Button onClick={() => setOpen(null)}>{t('common.close')}</Button></DialogActions>
        </Dialog>
      )}
    </Box>
  );
}
