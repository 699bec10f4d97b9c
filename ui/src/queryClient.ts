import { QueryClient } from '@tanstack/react-query';

/**
 * Calls go to a local process, not a network: a failure is an answer (locked,
 * validation, …) that retrying will not change, and window focus says nothing
 * about staleness.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
