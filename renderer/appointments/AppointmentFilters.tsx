import { Autocomplete, Box, Button, Chip, TextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentFilter } from '../../shared/api/contract';
import { isoToParisLocal, parisLocalToIso } from '../../shared/domain/paris-time';
import { APPOINTMENT_CATEGORIES, SAS_APPOINTMENT_STATUSES } from '../../shared/fhir/ig';
import { useApiQuery } from '../api/ClientContext';

interface Props {
  filter: AppointmentFilter;
  onChange(filter: AppointmentFilter): void;
}

export function AppointmentFilters({ filter, onChange }: Props) {
  const { t } = useTranslation();
  const editors = useApiQuery('appointments.editors', {});
  const [text, setText] = useState(filter.text ?? '');
  useEffect(() => setText(filter.text ?? ''), [filter.text]);
  // Typing waits for a pause before it becomes a query (and a URL change).
  useEffect(() => {
    const handle = setTimeout(() => {
      if ((filter.text ?? '') !== text.trim()) onChange({ ...filter, text: text.trim() || undefined });
    }, 300);
    return () => clearTimeout(handle);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps -- only typing schedules a change

  const dateField = (key: 'startFrom' | 'startTo', label: string) => (
    <TextField
      size="small"
      type="datetime-local"
      label={label}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `filter-${key}` } }}
      value={filter[key] ? isoToParisLocal(filter[key]!) : ''}
      onChange={(e) => onChange({ ...filter, [key]: e.target.value ? parisLocalToIso(e.target.value) ?? undefined : undefined })}
    />
  );

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 1.5 }}>
      {dateField('startFrom', t('appointments.filters.from'))}
      {dateField('startTo', t('appointments.filters.to'))}
      <Autocomplete
        multiple
        size="small"
        sx={{ minWidth: 220 }}
        options={[...SAS_APPOINTMENT_STATUSES]}
        value={filter.status ?? []}
        getOptionLabel={(s) => t(`appointmentStatus.${s}`)}
        onChange={(_, v) => onChange({ ...filter, status: v.length ? (v as AppointmentFilter['status']) : undefined })}
        renderValue={(v, getItemProps) => v.map((s, i) => <Chip size="small" label={t(`appointmentStatus.${s}`)} {...getItemProps({ index: i })} key={s} />)}
        renderInput={(p) => <TextField {...p} label={t('appointments.filters.status')} inputProps={{ ...p.inputProps, 'data-testid': 'filter-status' }} />}
      />
      <Autocomplete
        multiple
        size="small"
        sx={{ minWidth: 170 }}
        options={[...APPOINTMENT_CATEGORIES]}
        value={filter.category ?? []}
        onChange={(_, v) => onChange({ ...filter, category: v.length ? v : undefined })}
        renderInput={(p) => <TextField {...p} label={t('appointments.filters.category')} />}
      />
      <Autocomplete
        multiple
        size="small"
        sx={{ minWidth: 200 }}
        options={editors.data ?? []}
        value={filter.editor ?? []}
        onChange={(_, v) => onChange({ ...filter, editor: v.length ? v : undefined })}
        renderInput={(p) => <TextField {...p} label={t('appointments.filters.editor')} />}
      />
      <TextField
        size="small"
        sx={{ minWidth: 300 }}
        label={t('appointments.filters.text')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        slotProps={{ htmlInput: { 'data-testid': 'filter-text' } }}
      />
      <Button onClick={() => onChange({})}>{t('appointments.filters.clear')}</Button>
    </Box>
  );
}
