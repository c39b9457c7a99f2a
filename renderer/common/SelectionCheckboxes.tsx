import { Checkbox } from '@mui/material';
import { isSelected, type Selection } from './selection';

/** A table's header checkbox: selects or clears the rows of this page. */
export function SelectPageCheckbox({ ids, selection, onTogglePage, label, testId }: {
  ids: string[];
  selection: Selection;
  onTogglePage(ids: string[], on: boolean): void;
  label: string;
  testId: string;
}) {
  const checked = ids.filter((id) => isSelected(selection, id)).length;
  return (
    <Checkbox
      size="small"
      checked={ids.length > 0 && checked === ids.length}
      indeterminate={checked > 0 && checked < ids.length}
      onChange={(e) => onTogglePage(ids, e.target.checked)}
      slotProps={{ input: { 'aria-label': label } }}
      data-testid={testId}
    />
  );
}

/** One row's checkbox; locked while "everything filtered" is the selection. */
export function SelectRowCheckbox({ id, selection, onToggle, label, testId }: { id: string; selection: Selection; onToggle(id: string): void; label: string; testId: string }) {
  return (
    <Checkbox
      size="small"
      checked={isSelected(selection, id)}
      disabled={selection.kind === 'filter'}
      onChange={() => onToggle(id)}
      slotProps={{ input: { 'aria-label': label } }}
      data-testid={testId}
    />
  );
}
