import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { commands } from '../ipc';
import type { AccountCare } from '../ipc';
import { careKey, feedbackKey, refresh, storiesKey } from '../lib/refresh';

/** One account's cadence, health and ownership check (`careKey`), feedback and stories: keyed in lib/refresh. */
export { careKey, feedbackKey, storiesKey };
/** One account's feedback; its items' histories sit under it, so they refresh together. */
export const feedbackHistoryKey = (accountId: string, id: string) => [...feedbackKey(accountId), 'history', id] as const;
/** One account's stories, and the by-department counts under it. */
export const storyDepartmentsKey = (accountId: string) => [...storiesKey(accountId), 'departments'] as const;

export function useCare(accountId: string) {
  return useQuery({ queryKey: careKey(accountId), queryFn: () => commands.accountCare(accountId) });
}

export function useFeedbackList(accountId: string) {
  return useQuery({ queryKey: feedbackKey(accountId), queryFn: () => commands.feedbackList(accountId) });
}

export function useFeedbackHistory(accountId: string, id: string) {
  return useQuery({ queryKey: feedbackHistoryKey(accountId, id), queryFn: () => commands.feedbackHistory(id) });
}

export function useStories(accountId: string) {
  return useQuery({ queryKey: storiesKey(accountId), queryFn: () => commands.storyList(accountId) });
}

export function useStoryDepartments(accountId: string) {
  return useQuery({ queryKey: storyDepartmentsKey(accountId), queryFn: () => commands.storyDepartments(accountId) });
}

/**
 * After any feedback, story or care write: Today, the portfolio, and this account's care,
 * feedback and stories (the health score counts all three). Briefs carry
 * open feedback and recent stories, so they are refreshed too. A write that
 * returns the account's care hands it in: it is shown at once and not asked
 * for again.
 */
export function useInvalidateCare(accountId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    async (care?: AccountCare) => {
      if (care) {
        // A read started before this change must not land after it with older numbers.
        await queryClient.cancelQueries({ queryKey: careKey(accountId) });
        queryClient.setQueryData(careKey(accountId), care);
      }
      await refresh(queryClient, { entities: ['feedback', 'story'], account_ids: [accountId] }, care ? [careKey(accountId)] : []);
    },
    [queryClient, accountId],
  );
}
