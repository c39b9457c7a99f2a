import type { AppointmentFilter, AppointmentSort } from './contract';

/**
 * The order a list opens in when the operator has not chosen one: the latest received first, or, once a
 * period of appointment start is chosen, the appointments of that period in chronological order.
 */
export function defaultSortFor(filter: AppointmentFilter): AppointmentSort {
  return filter.startFrom || filter.startTo ? { field: 'start', dir: 'asc' } : { field: 'lastReceived', dir: 'desc' };
}
