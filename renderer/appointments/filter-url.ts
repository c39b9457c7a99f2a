import {
  appointmentFilterSchema,
  appointmentSortFields,
  type AppointmentFilter,
  type AppointmentSort,
} from '../../shared/api/contract';

import { defaultSortFor } from '../../shared/api/default-sort';

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : undefined);

/** The list's filter and sort live in the URL, so a view can be bookmarked, shared and restored. */
export function filterFromParams(params: URLSearchParams): { filter: AppointmentFilter; sort: AppointmentSort } {
  const raw = {
    startFrom: params.get('from') ?? undefined,
    startTo: params.get('to') ?? undefined,
    status: list(params.get('status')),
    category: list(params.get('category')),
    editor: list(params.get('editor')),
    text: params.get('q') ?? undefined,
  };
  // A hand-edited URL with one bad value keeps the rest of the filter.
  const filter: AppointmentFilter = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const one = appointmentFilterSchema.safeParse({ [key]: value });
    if (one.success) Object.assign(filter, one.data);
  }
  const field = params.get('sort');
  const dir = params.get('dir');
  const sort: AppointmentSort =
    field && (appointmentSortFields as readonly string[]).includes(field)
      ? { field: field as AppointmentSort['field'], dir: dir === 'asc' ? 'asc' : 'desc' }
      : defaultSortFor(filter);
  return { filter, sort };
}

export function paramsFromFilter(filter: AppointmentFilter, sort: AppointmentSort): URLSearchParams {
  const p = new URLSearchParams();
  if (filter.startFrom) p.set('from', filter.startFrom);
  if (filter.startTo) p.set('to', filter.startTo);
  if (filter.status?.length) p.set('status', filter.status.join(','));
  if (filter.category?.length) p.set('category', filter.category.join(','));
  if (filter.editor?.length) p.set('editor', filter.editor.join(','));
  if (filter.text) p.set('q', filter.text);
  const byDefault = defaultSortFor(filter);
  if (sort.field !== byDefault.field || sort.dir !== byDefault.dir) {
    p.set('sort', sort.field);
    p.set('dir', sort.dir);
  }
  return p;
}
