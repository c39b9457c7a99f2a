import { createContext, useContext, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { OperationInput, OperationName, OperationResult } from '../../shared/api/contract';
import type { ConsoleClient } from './console-client';

const ClientContext = createContext<ConsoleClient | null>(null);

export function ClientProvider({ client, children }: { client: ConsoleClient; children: ReactNode }) {
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

export function useApiMutation<N extends OperationName>(name: N, invalidates: string[] = []) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation<OperationResult<N>, Error, OperationInput<N>>({
    mutationFn: (input) => client.call(name, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((domain) => qc.invalidateQueries({ queryKey: [domain] })));
    },
  });
}
