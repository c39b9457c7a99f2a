import { Autocomplete, Box, Button, Chip, MenuItem, TextField } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_STATES, type MatrixEditor, type RegulatorFilter } from '../../shared/api/regulator-api';
import { SAMU_ID } from '../../shared/regulators/regulator-types';
import { useDebouncedField } from '../common/use-debounced-field';
import { STATE_COLORS, STATE_ICONS } from './account-state';

interface Props {
  filter: RegulatorFilter;
  editors: MatrixEditor[];
  onChange(filter: RegulatorFilter): void;
}

export function RegulatorFilters({ filter, editors, onChange }: Props) {
  const { t } = useTranslation();
  const text = useDebouncedField(filter.text, (v) => onChange({ ...filter, text: v }));
  const samu = useDebouncedField(filter.samu, (v) => onChange({ ...filter, samu: v }), (v) => SAMU_ID.test(v));
  const editorKnown = !filter.editorId || editors.some((e) => e.id === filter.editorId);

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start', mb: 1 }} data-testid="regulator-filters">
      <TextField
        size="small"
        sx={{ minWidth: 260 }}
        label={t('regulators.filters.text')}
        value={text.text}
        onChange={(e) => text.setText(e.target.value)}
        slotProps={{ htmlInput: { 'data-testid': 'filter-text' } }}
      />
      <TextField
        size="small"
        sx={{ minWidth: 220 }}
        label={t('regulators.filters.samu')}
        value={samu.text}
        onChange={(e) => samu.setText(e.target.value)}
        error={samu.invalid}
        helperText={samu.invalid ? t('regulators.filters.samuInvalid') : undefined}
        slotProps={{ htmlInput: { 'data-testid': 'filter-samu' } }}
      />
      <TextField
        select
        size="small"
        sx={{ minWidth: 160 }}
        label={t('regulators.filters.habilitation')}
        value={filter.active === undefined ? '' : filter.active ? 'yes' : 'no'}
        onChange={(e) => onChange({ ...filter, active: e.target.value === '' ? undefined : e.target.value === 'yes' })}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'filter-habilitation' } }}
      >
        <MenuItem value="">{t('regulators.filters.all')}</MenuItem>
        <MenuItem value="yes">{t('regulators.filters.active')}</MenuItem>
        <MenuItem value="no">{t('regulators.filters.inactive')}</MenuItem>
      </TextField>
      <Autocomplete
        multiple
        size="small"
        sx={{ minWidth: 260 }}
        options={[...ACCOUNT_STATES]}
        value={filter.states ?? []}
        disableCloseOnSelect
        getOptionLabel={(s) => t(`accounts.states.${s}`)}
        onChange={(_, v) => onChange({ ...filter, states: v.length ? v : undefined })}
        renderValue={(v, getItemProps) =>
          v.map((s, i) => <Chip size="small" color={STATE_COLORS[s]} icon={STATE_ICONS[s]} label={t(`accounts.states.${s}`)} {...getItemProps({ index: i })} key={s} />)}
        renderInput={(p) => <TextField {...p} label={t('regulators.filters.states')} inputProps={{ ...p.inputProps, 'data-testid': 'filter-states' }} />}
      />
      <TextField
        select
        size="small"
        sx={{ minWidth: 200 }}
        label={t('regulators.filters.editor')}
        value={filter.editorId ?? ''}
        onChange={(e) => onChange({ ...filter, editorId: e.target.value || undefined })}
        title={filter.editorId ? t('regulators.filters.editorHelp') : undefined}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'filter-editor' } }}
      >
        <MenuItem value="">{t('regulators.filters.allEditors')}</MenuItem>
        {!editorKnown && <MenuItem value={filter.editorId}>{t('regulators.filters.unknownEditor')}</MenuItem>}
        {editors.map((e) => (
          <MenuItem key={e.id} value={e.id}>{e.enabled ? e.name : t('regulators.matrix.disabledEditor', { name: e.name })}</MenuItem>
        ))}
      </TextField>
      <Button onClick={() => onChange({})} data-testid="filter-clear">{t('regulators.filters.clear')}</Button>
    </Box>
  );
}
