import { useQuery } from '@tanstack/react-query';
import { commands } from '../ipc';

/** The Today screen; any write that can change what needs someone refreshes it (lib/refresh). */
export { todayKey } from '../lib/refresh';
import { todayKey } from '../lib/refresh';

/**
 * Read afresh each time the page opens (what is due depends on the day as
 * well as on writes): the last view shows at once, then updates.
 */
export function useToday() {
  return useQuery({ queryKey: todayKey, queryFn: () => commands.todayView(), staleTime: 0 });
}
