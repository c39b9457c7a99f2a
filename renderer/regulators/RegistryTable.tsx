import { Box, Chip, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { RegulatorRow } from '../../shared/api/regulator-api';
import { SelectableRow } from '../common/SelectableRow';
import { isSelected, type Selection } from '../common/selection';
import { SelectPageCheckbox, SelectRowCheckbox } from '../common/SelectionCheckboxes';
import { AccountsSummary } from './AccountsSummary';

interface Props {
  rows: RegulatorRow[];
  selection: Selection;
  onToggle(id: string): void;
  onTogglePage(ids: string[], checked: boolean): void;
}

/** The registry, one page (50 rows): who each regulator is, and where their accounts stand. */
export function RegistryTable({ rows, selection, onToggle, onTogglePage }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ids = rows.map((r) => r.technicalId);
  const open = (r: RegulatorRow) => navigate(`/regulators/${r.technicalId}`);
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ flex: 1, minHeight: 0 }}>
      <Table size="small" stickyHeader data-testid="regulators-table">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <SelectPageCheckbox ids={ids} selection={selection} onTogglePage={onTogglePage} label={t('regulators.selection.selectPage')} testId="select-page" />
            </TableCell>
            {(['familyName', 'givenName', 'email', 'nationalId', 'technicalId', 'samu', 'active', 'accounts', 'diagnostics'] as const).map((c) => (
              <TableCell key={c}>{t(`regulators.columns.${c}`)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => {
            const on = isSelected(selection, r.technicalId);
            return (
              <SelectableRow
                key={r.technicalId}
                selected={on}
                data-testid="regulator-row"
                data-technical-id={r.technicalId}
                onOpen={() => open(r)}
                onToggle={() => onToggle(r.technicalId)}
              >
                <TableCell padding="checkbox" onClick={(e) => e.stopPropagation()}>
                  <SelectRowCheckbox id={r.technicalId} selection={selection} onToggle={onToggle}
                    label={t('regulators.selection.selectRow', { name: `${r.givenName} ${r.familyName}` })} testId="select-row" />
                </TableCell>
                <TableCell sx={{ fontWeight: 600 }}>{r.familyName}</TableCell>
                <TableCell>{r.givenName}</TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>{r.email}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{r.nationalId ?? t('common.none')}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 11, whiteSpace: 'nowrap' }} title={r.technicalId}>{r.technicalId}</TableCell>
                <TableCell sx={{ fontSize: 12 }}>{r.samu ?? t('common.none')}</TableCell>
                <TableCell>
                  <Chip size="small" color={r.active ? 'success' : 'default'} variant={r.active ? 'filled' : 'outlined'} data-testid="habilitation" data-active={r.active}
                    label={r.active ? t('regulators.habilitation.active') : t('regulators.habilitation.inactive')} />
                </TableCell>
                <TableCell><AccountsSummary states={r.states} /></TableCell>
                <TableCell>
                  {r.blocking > 0 ? (
                    <Tooltip title={t('regulators.blockingHelp')}>
                      <Chip size="small" color="error" label={t('regulators.blocking', { count: r.blocking })} data-testid="blocking-badge" data-count={r.blocking} />
                    </Tooltip>
                  ) : (
                    <Box component="span" sx={{ color: 'text.secondary' }}>{t('regulators.noBlocking')}</Box>
                  )}
                </TableCell>
              </SelectableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
