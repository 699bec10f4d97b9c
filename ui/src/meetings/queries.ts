import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { AppError, commands } from '../ipc';
import type { Exported, MeetingQuery, MeetingView } from '../ipc';
import { meetingsKey, refresh } from '../lib/refresh';
import { showToast } from '../ui/toast';

/** Every meeting query starts with `meetingsKey`, so any write can refresh them all. */
export { meetingsKey };
export const meetingListKey = (query: MeetingQuery) => [...meetingsKey, 'list', query] as const;
export const meetingViewKey = (id: string) => [...meetingsKey, 'view', id] as const;
export const briefKey = (id: string) => [...meetingsKey, 'brief', id] as const;
export const settingsKey = ['settings'] as const;
export const tripsKey = [...meetingsKey, 'trips'] as const;

/** The review inbox: what waits for the executive. */
export const WAITING_QUERY: MeetingQuery = { states: ['submitted'] };
export const CHALLENGED_QUERY: MeetingQuery = { states: ['challenged'] };

export function useMeetingList(query: MeetingQuery, enabled = true) {
  return useQuery({ queryKey: meetingListKey(query), queryFn: () => commands.meetingList(query), enabled });
}

export function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => commands.settingsGet() });
}

export function useTrips() {
  return useQuery({ queryKey: tripsKey, queryFn: () => commands.meetingTrips() });
}

/** After a write: lists, views, briefs, the review badge, and the account pages that list meetings. */
export function useInvalidateMeetings() {
  const queryClient = useQueryClient();
  return useCallback(
    async (view?: MeetingView) => {
      if (view) queryClient.setQueryData(meetingViewKey(view.meeting.id), view);
      await refresh(queryClient, { entities: ['meeting', 'meeting_attendee', 'meeting_event'] });
    },
    [queryClient],
  );
}

/** The last part of a path, whichever separator the system uses. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** "Saved Brief 2026-11-24 Board dinner.pdf (3 pages)", with Open. */
export function announceExport(exported: Exported): void {
  const name = fileName(exported.path);
  const count =
    exported.pages > 0
      ? `${exported.pages} ${exported.pages === 1 ? 'page' : 'pages'}`
      : `${exported.meetings} ${exported.meetings === 1 ? 'meeting' : 'meetings'}`;
  showToast({
    message: `Saved ${name} (${count})`,
    action: {
      label: 'Open',
      testId: 'export-open',
      run: async () => {
        try {
          await commands.exportOpen(exported.path);
        } catch (error) {
          showToast({ message: `Couldn't open ${name}: ${AppError.from(error).message}`, tone: 'error' });
        }
      },
    },
  });
}

/**
 * Runs an export that opens the save dialog in Rust. Null (the dialog was
 * closed) says nothing; a failure is shown as a message, not thrown.
 */
export async function runExport(what: string, run: () => Promise<Exported | null>): Promise<Exported | null> {
  try {
    const exported = await run();
    if (exported) announceExport(exported);
    return exported;
  } catch (error) {
    const appError = AppError.from(error);
    if (appError.code === 'cancelled') showToast({ message: `${what} cancelled. Nothing was saved.` });
    else showToast({ message: `Couldn't export the ${what.toLowerCase()}: ${appError.message}`, tone: 'error' });
    return null;
  }
}
