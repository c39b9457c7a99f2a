import { Box, TableSortLabel, Typography } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentSort, AppointmentSortField } from '../../shared/api/contract';
import type { AppointmentRow } from '../../shared/api/types';
import { formatParis } from '../../shared/domain/instant';
import { StatusChip } from '../common/StatusChip';

const COLUMNS: { field: AppointmentSortField; width: string; render: (r: AppointmentRow) => React.ReactNode }[] = [
  { field: 'start', width: '130px', render: (r) => formatParis(r.startUtc) },
  { field: 'created', width: '130px', render: (r) => formatParis(r.createdUtc) },
  { field: 'status', width: '110px', render: (r) => <StatusChip status={r.status} /> },
  { field: 'category', width: '80px', render: (r) => r.category },
  { field: 'practitioner', width: '120px', render: (r) => r.practitionerId },
  { field: 'organisation', width: '140px', render: (r) => r.organisationId },
  { field: 'regulator', width: '150px', render: (r) => r.regulatorId },
  { field: 'editor', width: '130px', render: (r) => r.editor },
  { field: 'identifier', width: 'minmax(160px, 1fr)', render: (r) => r.identifierValue },
  { field: 'versions', width: '70px', render: (r) => r.versions },
  { field: 'lastReceived', width: '130px', render: (r) => formatParis(r.lastReceivedUtc) },
];
const GRID = COLUMNS.map((c) => c.width).join(' ');
const ROW_HEIGHT = 40;

interface Props {
  rows: AppointmentRow[];
  total: number;
  sort: AppointmentSort;
  onSort(sort: AppointmentSort): void;
  onOpen(row: AppointmentRow): void;
  onNeedMore(): void;
}

/** A virtualised grid: only the visible rows are in the DOM, so a million-row result scrolls like ten. */
export function AppointmentTable({ rows, total, sort, onSort, onOpen, onNeedMore }: Props) {
  const { t } = useTranslation();
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= rows.length - 20 && rows.length < total) onNeedMore();
  }, [last, rows.length, total, onNeedMore]);

  return (
    <Box role="table" aria-rowcount={total} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
      <Box role="row" sx={{ display: 'grid', gridTemplateColumns: GRID, bgcolor: 'grey.100', borderBottom: 1, borderColor: 'divider' }}>
        {COLUMNS.map((c) => (
          <Box role="columnheader" key={c.field} sx={{ px: 1, py: 1, fontWeight: 600, fontSize: 13 }}>
            <TableSortLabel
              active={sort.field === c.field}
              direction={sort.field === c.field ? sort.dir : 'asc'}
              onClick={() => onSort({ field: c.field, dir: sort.field === c.field && sort.dir === 'asc' ? 'desc' : 'asc' })}
            >
              {t(`appointments.columns.${c.field}`)}
            </TableSortLabel>
          </Box>
        ))}
      </Box>
      <Box ref={parent} sx={{ overflow: 'auto', flex: 1, minHeight: 200 }} data-testid="appointment-rows">
        <Box sx={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const r = rows[item.index];
            return (
              <Box
                key={r.id}
                role="row"
                data-testid="appointment-row"
                tabIndex={0}
                onClick={() => onOpen(r)}
                onKeyDown={(e) => e.key === 'Enter' && onOpen(r)}
                sx={{
                  position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)`,
                  display: 'grid', gridTemplateColumns: GRID, alignItems: 'center', cursor: 'pointer', borderBottom: 1, borderColor: 'divider',
                  '&:hover, &:focus': { bgcolor: 'action.hover', outline: 'none' },
                }}
              >
                {COLUMNS.map((c) => (
                  <Box role="cell" key={c.field} sx={{ px: 1, fontSize: 13, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {c.render(r)}
                  </Box>
                ))}
              </Box>
            );
          })}
        </Box>
        {rows.length === 0 && <Typography sx={{ p: 3, color: 'text.secondary' }}>{t('appointments.empty')}</Typography>}
      </Box>
    </Box>
  );
}
