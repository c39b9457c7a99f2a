import { useInfiniteQuery } from '@tanstack/react-query';
import type { AppointmentFilter, AppointmentSort } from '../../shared/api/contract';
import { useClient } from '../api/ClientContext';

export const PAGE_SIZE = 100;

/** Pages of the server-side filtered and sorted list, fetched as the virtual list scrolls. */
export function usePagedAppointments(filter: AppointmentFilter, sort: AppointmentSort) {
  const client = useClient();
  return useInfiniteQuery({
    queryKey: ['appointments', 'appointments.list', filter, sort],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => client.call('appointments.list', { filter, sort, offset: pageParam, limit: PAGE_SIZE }),
    getNextPageParam: (last, pages) => (last.length < PAGE_SIZE ? undefined : pages.length * PAGE_SIZE),
  });
}
