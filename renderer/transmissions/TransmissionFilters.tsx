import { Autocomplete, Box, Button, Chip, MenuItem, TextField } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { HUB_ERROR_CLASSES, TRANSMISSION_STATES, type TransmissionFilter } from '../../shared/api/hub-api';
import { isoToParisLocal, parisLocalToIso } from '../../shared/domain/paris-time';
import { SAMU_ID } from '../../shared/regulators/regulator-types';
import { useApiQuery } from '../api/ClientContext';
import { TRANSMISSION_COLORS, TRANSMISSION_ICONS } from './TransmissionStateChip';
import { useDebouncedField } from '../common/use-debounced-field';

interface Props {
  filter: TransmissionFilter;
  onChange(filter: TransmissionFilter): void;
}

const ERROR_CODE = /^\d{1,5}$/;

/** State, SAMU, Hub error (code or class), period of the last change, appointment and editor. */
export function TransmissionFilters({ filter, onChange }: Props) {
  const { t } = useTranslation();
  const editors = useApiQuery('appointments.editors', {});
  const samu = useDebouncedField(filter.samu, (v) => onChange({ ...filter, samu: v }), (v) => SAMU_ID.test(v));
  const code = useDebouncedField(
    filter.errorCode === undefined ? undefined : String(filter.errorCode),
    (v) => onChange({ ...filter, errorCode: v === undefined ? undefined : Number(v) }),
    (v) => ERROR_CODE.test(v),
  );
  const appointment = useDebouncedField(filter.appointment, (v) => onChange({ ...filter, appointment: v }));
  const editor = useDebouncedField(filter.editor, (v) => onChange({ ...filter, editor: v }));

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start', mb: 1 }} data-testid="transmissions-filters">
      <Autocomplete
        multiple
        size="small"
        sx={{ minWidth: 280 }}
        options={[...TRANSMISSION_STATES]}
        value={filter.states ?? []}
        disableCloseOnSelect
        getOptionLabel={(s) => t(`transmissions.states.${s}`)}
        onChange={(_, v) => onChange({ ...filter, states: v.length ? v : undefined })}
        renderValue={(v, getItemProps) =>
          v.map((s, i) => (
            <Chip size="small" color={TRANSMISSION_COLORS[s]} icon={TRANSMISSION_ICONS[s]} label={t(`transmissions.states.${s}`)} {...getItemProps({ index: i })} key={s} />
          ))}
        renderInput={(p) => <TextField {...p} label={t('transmissions.filters.states')} inputProps={{ ...p.inputProps, 'data-testid': 'transmissions-filter-state' }} />}
      />
      <TextField
        size="small"
        sx={{ minWidth: 210 }}
        label={t('transmissions.filters.samu')}
        placeholder="fr.health.samu330"
        value={samu.text}
        onChange={(e) => samu.setText(e.target.value)}
        error={samu.invalid}
        helperText={samu.invalid ? t('transmissions.filters.samuInvalid') : undefined}
        slotProps={{ htmlInput: { 'data-testid': 'transmissions-filter-samu' } }}
      />
      <TextField
        size="small"
        sx={{ width: 140 }}
        label={t('transmissions.filters.errorCode')}
        placeholder="500"
        value={code.text}
        onChange={(e) => code.setText(e.target.value)}
        error={code.invalid}
        helperText={code.invalid ? t('transmissions.filters.errorCodeInvalid') : undefined}
        slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'transmissions-filter-code' } }}
      />
      <TextField
        select
        size="small"
        sx={{ minWidth: 220 }}
        label={t('transmissions.filters.errorClass')}
        value={filter.errorClass ?? ''}
        onChange={(e) => onChange({ ...filter, errorClass: (e.target.value || undefined) as TransmissionFilter['errorClass'] })}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'transmissions-filter-class' } }}
      >
        <MenuItem value="">{t('transmissions.filters.all')}</MenuItem>
        {HUB_ERROR_CLASSES.map((c) => <MenuItem key={c} value={c}>{t(`transmissions.errorClassName.${c}`)}</MenuItem>)}
      </TextField>
      {(['from', 'to'] as const).map((k) => (
        <TextField
          key={k}
          size="small"
          type="datetime-local"
          label={t(`transmissions.filters.${k}`)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `transmissions-filter-${k}` } }}
          value={filter[k] ? isoToParisLocal(filter[k]) : ''}
          onChange={(e) => onChange({ ...filter, [k]: e.target.value ? (parisLocalToIso(e.target.value) ?? undefined) : undefined })}
        />
      ))}
      <TextField
        size="small"
        sx={{ minWidth: 220 }}
        label={t('transmissions.filters.appointment')}
        value={appointment.text}
        onChange={(e) => appointment.setText(e.target.value)}
        slotProps={{ htmlInput: { 'data-testid': 'transmissions-filter-appointment' } }}
      />
      <Autocomplete
        freeSolo
        size="small"
        sx={{ minWidth: 220 }}
        options={editors.data ?? []}
        inputValue={editor.text}
        onInputChange={(_, v) => editor.setText(v)}
        renderInput={(p) => <TextField {...p} label={t('transmissions.filters.editor')} inputProps={{ ...p.inputProps, 'data-testid': 'transmissions-filter-editor' }} />}
      />
      <Button onClick={() => onChange({})} data-testid="transmissions-filter-clear">{t('transmissions.filters.clear')}</Button>
    </Box>
  );
}
