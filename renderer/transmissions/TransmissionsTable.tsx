import WarningAmber from '@mui/icons-material/WarningAmber';
import { Box, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { TransmissionRow } from '../../shared/api/hub-api';
import { formatParis } from '../../shared/domain/instant';
import { SelectableRow } from '../common/SelectableRow';
import { isSelected, type Selection } from '../common/selection';
import { SelectPageCheckbox, SelectRowCheckbox } from '../common/SelectionCheckboxes';
import { StatusChip } from '../common/StatusChip';
import { transmissionHref } from './filter-url';
import { rowSummary } from './transmission-text';
import { TransmissionStateChip } from './TransmissionStateChip';

interface Props {
  rows: TransmissionRow[];
  selection: Selection;
  onToggle(id: string): void;
  onTogglePage(ids: string[], checked: boolean): void;
}

const COLUMNS = ['state', 'appointment', 'editor', 'samu', 'version', 'attempts', 'detail', 'updated'] as const;

/** One page of transmissions: the appointment each carries, where it goes, and where it stands. */
export function TransmissionsTable({ rows, selection, onToggle, onTogglePage }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ids = rows.map((r) => r.appointmentId);
  const open = (r: TransmissionRow) => navigate(transmissionHref(r.appointmentId));
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ flex: 1, minHeight: 0 }}>
      <Table size="small" stickyHeader data-testid="transmissions-table">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <SelectPageCheckbox ids={ids} selection={selection} onTogglePage={onTogglePage} label={t('transmissions.selection.selectPage')} testId="transmissions-select-page" />
            </TableCell>
            {COLUMNS.map((c) => <TableCell key={c}>{t(`transmissions.columns.${c}`)}</TableCell>)}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <SelectableRow
              key={r.appointmentId}
              selected={isSelected(selection, r.appointmentId)}
              data-testid={`transmission-row-${r.appointmentId}`}
              data-state={r.state}
              onOpen={() => open(r)}
              onToggle={() => onToggle(r.appointmentId)}
            >
              <TableCell padding="checkbox" onClick={(e) => e.stopPropagation()}>
                <SelectRowCheckbox id={r.appointmentId} selection={selection} onToggle={onToggle}
                  label={t('transmissions.selection.selectRow', { id: r.appointmentIdentifier })} testId="transmission-select" />
              </TableCell>
              <TableCell><TransmissionStateChip state={r.state} refused={r.ack?.refused === true} /></TableCell>
              <TableCell>
                <Box sx={{ display: 'flex', gap: 0.75, alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography variant="body2" fontWeight={600} sx={{ fontFamily: 'monospace' }}>{r.appointmentIdentifier}</Typography>
                  <StatusChip status={r.appointmentStatus} />
                </Box>
                <Typography variant="caption" color="text.secondary">
                  {r.appointmentStartUtc !== null ? t('transmissions.startsAt', { at: formatParis(r.appointmentStartUtc) }) : t('transmissions.noStart')}
                </Typography>
              </TableCell>
              <TableCell>{r.editor}</TableCell>
              <TableCell sx={{ fontSize: 12, whiteSpace: 'nowrap' }}>{r.samu ?? t('common.none')}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <VersionCell row={r} />
              </TableCell>
              <TableCell align="right">{r.attempts}</TableCell>
              <TableCell sx={{ maxWidth: 420 }}>
                <Typography variant="body2" sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>
                  {rowSummary(t, r)}
                </Typography>
                {r.possibleDuplicates > 0 && (
                  <Typography variant="caption" color="warning.dark" data-testid="possible-duplicates">{t('transmissions.duplicates', { count: r.possibleDuplicates })}</Typography>
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatParis(r.updatedUtc)}</TableCell>
            </SelectableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** The version the LRM last received beside the latest one: a gap means an update has not gone yet. */
function VersionCell({ row }: { row: TransmissionRow }) {
  const { t } = useTranslation();
  const behind = row.sentVersion !== null && row.sentVersion < row.wantedVersion;
  const text = row.sentVersion === null ? t('transmissions.versionNotSent', { wanted: row.wantedVersion }) : t('transmissions.version', { sent: row.sentVersion, wanted: row.wantedVersion });
  return (
    <Tooltip title={behind ? t('transmissions.versionBehind', { wanted: row.wantedVersion }) : t('transmissions.versionHelp')}>
      <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, color: behind ? 'warning.dark' : undefined }}>
        {behind && <WarningAmber fontSize="inherit" />}
        {text}
      </Box>
    </Tooltip>
  );
}
