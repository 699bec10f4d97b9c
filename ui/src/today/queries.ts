import { useQuery } from '@tanstack/react-query';
import { commands } from '../ipc';

/** The Today screen; any write that can change what needs someone refreshes it (lib/refresh). */
export { todayKey } from '../lib/refresh';
import { todayKey } from '../lib/refresh';

/**
 * Read afresh each time the page opens (what is due depends on the day as
 * well as on writes): the last view shows at once, then updates. The
 * sidebar's Review badge reads it too; a view read in the last few seconds
 * (by the badge, as the vault opens on Today) is not read twice.
 */
export function useToday() {
  return useQuery({ queryKey: todayKey, queryFn: () => commands.todayView(), staleTime: FRESH_MS });
}

const FRESH_MS = 5_000;
