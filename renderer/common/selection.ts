/** Rows chosen by hand (ids, kept across pages), or every row the filter finds. */
export type Selection = { kind: 'ids'; ids: ReadonlySet<string> } | { kind: 'filter' };

export const NOTHING: Selection = { kind: 'ids', ids: new Set() };

/** Row checkboxes: while the whole filter is selected they are all checked and locked (clear the selection first). */
export function toggle(selection: Selection, id: string): Selection {
  if (selection.kind === 'filter') return selection;
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { kind: 'ids', ids };
}

/** Checks or unchecks a whole page. */
export function togglePage(selection: Selection, pageIds: readonly string[], checked: boolean): Selection {
  if (selection.kind === 'filter') return checked ? selection : NOTHING;
  const ids = new Set(selection.ids);
  for (const id of pageIds) {
    if (checked) ids.add(id);
    else ids.delete(id);
  }
  return { kind: 'ids', ids };
}

export function isSelected(selection: Selection, id: string): boolean {
  return selection.kind === 'filter' || selection.ids.has(id);
}

export function selectedCount(selection: Selection, total: number): number {
  return selection.kind === 'filter' ? total : selection.ids.size;
}
