import { useQuery } from '@tanstack/react-query';
import { commands } from '../ipc';

/** The Today screen; any write that can change what needs someone invalidates it. */
export const todayKey = ['today'] as const;

export function useToday() {
  return useQuery({ queryKey: todayKey, queryFn: () => commands.todayView() });
}
