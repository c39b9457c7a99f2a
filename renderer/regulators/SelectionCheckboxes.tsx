import { Checkbox } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { isSelected, type Selection } from './selection';

/** The header checkbox of a regulators table: selects or clears the rows of this page. */
export function SelectPageCheckbox({ ids, selection, onTogglePage }: { ids: string[]; selection: Selection; onTogglePage(ids: string[], on: boolean): void }) {
  const { t } = useTranslation();
  const checked = ids.filter((id) => isSelected(selection, id)).length;
  return (
    <Checkbox
      size="small"
      checked={ids.length > 0 && checked === ids.length}
      indeterminate={checked > 0 && checked < ids.length}
      onChange={(e) => onTogglePage(ids, e.target.checked)}
      slotProps={{ input: { 'aria-label': t('regulators.selection.selectPage') } }}
      data-testid="select-page"
    />
  );
}

/** One row's checkbox; locked while "everything filtered" is the selection. */
export function SelectRowCheckbox({ id, name, selection, onToggle }: { id: string; name: string; selection: Selection; onToggle(id: string): void }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      size="small"
      checked={isSelected(selection, id)}
      disabled={selection.kind === 'filter'}
      onChange={() => onToggle(id)}
      slotProps={{ input: { 'aria-label': t('regulators.selection.selectRow', { name }) } }}
      data-testid="select-row"
    />
  );
}
