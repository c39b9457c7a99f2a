import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { type QueryClient, useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { OperationInput, OperationName, OperationResult } from '../../shared/api/contract';
import type { Topic } from '../../shared/api/events';
import { OPERATIONS } from '../../shared/api/operations';
import type { ConsoleClient } from './console-client';

const ClientContext = createContext<ConsoleClient | null>(null);

/** Refreshes every cached query whose operation reads one of these topics (contract metadata). */
export function invalidateTopics(qc: QueryClient, topics: readonly Topic[]): Promise<void> {
  const changed = new Set(topics);
  return qc.invalidateQueries({
    predicate: (q) => {
      const meta = OPERATIONS[q.queryKey[1] as OperationName] as (typeof OPERATIONS)[OperationName] | undefined;
      return !!meta && meta.kind === 'query' && meta.topics.some((t) => changed.has(t));
    },
  });
}

/** Pushed changes refresh the pages at most this often: a bulk sync must not turn into a refetch storm on the core. */
const REFRESH_EVERY_MS = 300;

/** Also subscribes to the core's events: what changed is refreshed, nothing is polled. */
export function ClientProvider({ client, children }: { client: ConsoleClient; children: ReactNode }) {
  const qc = useQueryClient();
  useEffect(() => {
    let pending = new Set<Topic>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = client.subscribe((event) => {
      for (const t of event.topics) pending.add(t);
      timer ??= setTimeout(() => {
        const topics = [...pending];
        pending = new Set();
        timer = null;
        void invalidateTopics(qc, topics);
      }, REFRESH_EVERY_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [client, qc]);
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): ConsoleClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('ClientProvider missing');
  return c;
}

/** Query keys start with the domain (`appointments`, `journal`…) so a mutation can invalidate one domain. */
export function useApiQuery<N extends OperationName>(
  name: N,
  input: OperationInput<N>,
  options: Omit<UseQueryOptions<OperationResult<N>>, 'queryKey' | 'queryFn'> = {},
) {
  const client = useClient();
  return useQuery<OperationResult<N>>({
    queryKey: [name.split('.')[0], name, input],
    queryFn: () => client.call(name, input),
    ...options,
  });
}

/** A command: once it succeeds, the topics its contract metadata says it changes are refreshed (and `invalidates` domains). */
export function useApiMutation<N extends OperationName>(name: N, invalidates: string[] = []) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation<OperationResult<N>, Error, OperationInput<N>>({
    mutationFn: (input) => client.call(name, input),
    onSuccess: async () => {
      await Promise.all([
        invalidateTopics(qc, OPERATIONS[name].topics),
        ...invalidates.map((domain) => qc.invalidateQueries({ queryKey: [domain] })),
      ]);
    },
  });
}
