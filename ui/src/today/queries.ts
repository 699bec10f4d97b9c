import { useQuery } from '@tanstack/react-query';
import { commands } from '../ipc';

/** The Today screen; any write that can change what needs someone invalidates it. */
export const todayKey = ['today'] as const;

/**
 * Read afresh each time the page opens (what is due depends on the day as
 * well as on writes): the last view shows at once, then updates.
 */
export function useToday() {
  return useQuery({ queryKey: todayKey, queryFn: () => commands.todayView(), staleTime: 0 });
}
