import { Box, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatParis } from '../../shared/domain/instant';
import { parisDayOf } from '../../shared/domain/paris-time';
import type { SlotView } from '../../shared/slots/slot-views';
import { ConfirmedExternalLink, ExternalLinkDialog } from '../common/ExternalLinkDialog';
import type { ExternalTarget } from '../../shared/links/external-url';
import { bookingLink } from './booking-url';

export const TYPE_COLORS: Record<string, string> = { PUBLIC: '#1565c0', PRO: '#6a1b9a', SNP: '#ef6c00', CPTS: '#2e7d32' };

/** Slots on a day grid, one row per practitioner (or association) and place, coloured by slot type. */
export function SlotGrid({ slots }: { slots: SlotView[] }) {
  const { t } = useTranslation();
  // The booking URL comes from the editor's answer: the operator sees where it leads before it opens.
  const [leaving, setLeaving] = useState<ExternalTarget | null>(null);
  const { days, rows } = useMemo(() => {
    const days = [...new Set(slots.filter((s) => s.startUtc !== null).map((s) => parisDayOf(s.startUtc!)))].sort();
    const rows = new Map<string, { label: string; cells: Map<string, SlotView[]> }>();
    for (const s of [...slots].sort((a, b) => (a.startUtc ?? 0) - (b.startUtc ?? 0))) {
      const key = s.placeKey ?? 'unresolved';
      const row = rows.get(key) ?? { label: `${s.ownerLabel || '—'} — ${s.placeLabel || '—'}`, cells: new Map() };
      const day = s.startUtc === null ? '' : parisDayOf(s.startUtc);
      row.cells.set(day, [...(row.cells.get(day) ?? []), s]);
      rows.set(key, row);
    }
    return { days, rows: [...rows.values()] };
  }, [slots]);

  return (
    <Box>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="caption">{t('slots.legend')} :</Typography>
        {Object.entries(TYPE_COLORS).map(([k, c]) => <Chip key={k} size="small" label={k} sx={{ bgcolor: c, color: 'white' }} />)}
      </Stack>
      <Paper variant="outlined" sx={{ overflow: 'auto', maxHeight: 560 }}>
        <Table size="small" stickyHeader data-testid="slot-grid">
          <TableHead>
            <TableRow>
              <TableCell />
              {days.map((d) => <TableCell key={d}>{d.split('-').reverse().join('/')}</TableCell>)}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.label}>
                <TableCell sx={{ minWidth: 220, fontSize: 12 }}>{r.label}</TableCell>
                {days.map((d) => (
                  <TableCell key={d} sx={{ verticalAlign: 'top' }}>
                    <Stack spacing={0.5}>
                      {(r.cells.get(d) ?? []).slice(0, 200).map((s) => {
                        const booking = s.bookingUrl ? bookingLink(s.bookingUrl) : null;
                        return (
                          <Tooltip key={s.key} title={[s.key, s.motifs.join(' · '), s.types.join(' + ')].filter(Boolean).join(' — ')}>
                            <Box data-testid="grid-slot" sx={{ borderLeft: 4, borderColor: TYPE_COLORS[s.types[0]] ?? 'grey.500', pl: 0.5, fontSize: 12, whiteSpace: 'nowrap' }}>
                              {formatParis(s.startUtc).slice(11)} {s.consultation.join('/')} {s.appointmentType}
                              {booking && (
                                <> · <ConfirmedExternalLink target={booking} onRequest={setLeaving}>{t('slots.book')}</ConfirmedExternalLink></>
                              )}
                            </Box>
                          </Tooltip>
                        );
                      })}
                    </Stack>
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      {leaving && <ExternalLinkDialog target={leaving} onClose={() => setLeaving(null)} />}
    </Box>
  );
}
