import { Chip, type ChipProps, Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import type { ExchangeOutcome, ExchangeSummary } from '../../shared/api/types';
import { failureMessage } from '../common/failure-text';
import { Empty } from '../common/states';
import { duration, parisDateTime } from './format';

const OUTCOME_COLORS: Record<ExchangeOutcome, NonNullable<ChipProps['color']>> = { ok: 'success', failed: 'error', pending: 'info', unknown: 'warning' };

/** Every attempt made for this regulator, newest first; each opens the journal's page of the exchange. */
export function RegulatorExchanges({ exchanges }: { exchanges: ExchangeSummary[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (exchanges.length === 0) return <Empty>{t('regulators.exchanges.empty')}</Empty>;
  const sorted = [...exchanges].sort((a, b) => b.atUtc - a.atUtc || b.id - a.id);
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ maxHeight: 520 }}>
      <Table size="small" stickyHeader data-testid="regulator-exchanges">
        <TableHead>
          <TableRow>
            {(['at', 'operation', 'method', 'url', 'status', 'outcome', 'duration', 'failure'] as const).map((c) => (
              <TableCell key={c}>{t(`regulators.exchanges.columns.${c}`)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map((e) => (
            <TableRow key={e.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/journal/${e.id}`)} data-testid="exchange-row" data-exchange-id={e.id} data-outcome={e.outcome ?? ''}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Link component={RouterLink} to={`/journal/${e.id}`} onClick={(ev) => ev.stopPropagation()}>{parisDateTime(e.atUtc)}</Link>
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{e.operation ?? t('common.none')}</TableCell>
              <TableCell>{e.method}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, maxWidth: 340, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={e.url ?? undefined}>
                {e.url}
              </TableCell>
              <TableCell sx={{ fontWeight: 600, color: (e.status ?? 0) >= 400 ? 'error.main' : undefined }}>{e.status ?? t('common.none')}</TableCell>
              <TableCell>
                {e.outcome ? <Chip size="small" color={OUTCOME_COLORS[e.outcome]} label={t(`regulators.exchanges.outcomes.${e.outcome}`)} /> : t('common.none')}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{duration(e.durationMs)}</TableCell>
              <TableCell sx={{ maxWidth: 320 }}>
                {e.failure ? <Typography variant="caption">{failureMessage(t, e.failure)}</Typography> : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
