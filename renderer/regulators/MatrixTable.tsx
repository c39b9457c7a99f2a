import { Box, Chip, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { AccountMatrix, MatrixCell } from '../../shared/api/regulator-api';
import { formatParis } from '../../shared/domain/instant';
import { failureMessage, retryMessage } from '../common/failure-text';
import { STATE_COLORS, STATE_ICONS } from './account-state';
import { isSelected, type Selection } from '../common/selection';
import { SelectPageCheckbox, SelectRowCheckbox } from '../common/SelectionCheckboxes';

interface Props {
  matrix: AccountMatrix;
  selection: Selection;
  onToggle(id: string): void;
  onTogglePage(ids: string[], checked: boolean): void;
}

function CellTip({ cell }: { cell: MatrixCell }) {
  const { t } = useTranslation();
  return (
    <Box sx={{ maxWidth: 380 }}>
      <Typography variant="body2" fontWeight={700}>{t(`accounts.states.${cell.state}`)}</Typography>
      <Typography variant="caption" component="div">{t(`accounts.stateHelp.${cell.state}`)}</Typography>
      {cell.failure && (
        <>
          <Typography variant="caption" component="div" sx={{ mt: 0.5 }}>{failureMessage(t, cell.failure)}</Typography>
          <Typography variant="caption" component="div" sx={{ mt: 0.5, fontStyle: 'italic' }}>{retryMessage(t, cell.failure, cell.nextAttemptUtc)}</Typography>
        </>
      )}
      {!cell.failure && cell.nextAttemptUtc && (
        <Typography variant="caption" component="div" sx={{ mt: 0.5 }}>{t('accounts.nextAttemptAt', { at: formatParis(cell.nextAttemptUtc) })}</Typography>
      )}
    </Box>
  );
}

/** Regulators × INT_R02 editors: one coloured state per account, explained on hover or focus. */
export function MatrixTable({ matrix, selection, onToggle, onTogglePage }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ids = matrix.rows.map((r) => r.regulator.technicalId);
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ flex: 1, minHeight: 0 }}>
      <Table size="small" stickyHeader data-testid="accounts-matrix">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <SelectPageCheckbox ids={ids} selection={selection} onTogglePage={onTogglePage} label={t('regulators.selection.selectPage')} testId="select-page" />
            </TableCell>
            <TableCell sx={{ minWidth: 220 }}>{t('regulators.columns.regulator')}</TableCell>
            {matrix.editors.map((e) => (
              <TableCell key={e.id} align="center" data-testid="matrix-editor" data-editor-id={e.id} sx={{ minWidth: 130 }}>
                <Typography variant="body2" fontWeight={600} color={e.enabled ? undefined : 'text.disabled'}>{e.name}</Typography>
                <Typography variant="caption" color="text.secondary">
                  {t(`editors.environments.${e.environment}`, { defaultValue: e.environment })}{e.enabled ? '' : ` · ${t('regulators.matrix.disabled')}`}
                </Typography>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {matrix.rows.map(({ regulator: r, blocking, cells }) => {
            const on = isSelected(selection, r.technicalId);
            const open = () => navigate(`/regulators/${r.technicalId}`);
            return (
              <TableRow key={r.technicalId} hover selected={on} data-testid="matrix-row" data-technical-id={r.technicalId}>
                <TableCell padding="checkbox">
                  <SelectRowCheckbox id={r.technicalId} selection={selection} onToggle={onToggle}
                    label={t('regulators.selection.selectRow', { name: `${r.givenName} ${r.familyName}` })} testId="select-row" />
                </TableCell>
                <TableCell>
                  <Box
                    component="button"
                    type="button"
                    onClick={open}
                    sx={{ all: 'unset', cursor: 'pointer', display: 'block', '&:hover, &:focus-visible': { textDecoration: 'underline' }, '&:focus-visible': { outline: 2, outlineColor: 'primary.main' } }}
                  >
                    <Typography variant="body2" fontWeight={600}>{r.familyName} {r.givenName}</Typography>
                    <Typography variant="caption" color="text.secondary">{r.email}</Typography>
                  </Box>
                  <Box sx={{ display: 'flex', gap: 0.5, mt: 0.25 }}>
                    {!r.active && <Chip size="small" variant="outlined" label={t('regulators.habilitation.inactive')} />}
                    {blocking > 0 && <Chip size="small" color="error" label={t('regulators.blocking', { count: blocking })} data-testid="blocking-badge" />}
                  </Box>
                </TableCell>
                {matrix.editors.map((e) => {
                  const cell = cells[e.id] ?? { state: 'never-sent' as const, failure: null, nextAttemptUtc: null };
                  return (
                    <TableCell key={e.id} align="center" data-testid={`matrix-cell-${r.technicalId}-${e.id}`} data-state={cell.state}
                      data-retryable={cell.failure ? String(cell.failure.retryable) : undefined}>
                      <Tooltip title={<CellTip cell={cell} />} describeChild>
                        <Chip
                          size="small"
                          color={STATE_COLORS[cell.state]}
                          variant={cell.state === 'never-sent' || cell.state === 'deactivated' ? 'outlined' : 'filled'}
                          icon={STATE_ICONS[cell.state]}
                          label={t(`accounts.states.${cell.state}`)}
                          onClick={open}
                          tabIndex={0}
                        />
                      </Tooltip>
                      {cell.nextAttemptUtc && (
                        <Typography variant="caption" component="div" color="text.secondary" data-testid="next-attempt">
                          {t('accounts.nextAttemptShort', { at: formatParis(cell.nextAttemptUtc) })}
                        </Typography>
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
