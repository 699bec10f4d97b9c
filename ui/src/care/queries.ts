import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { commands } from '../ipc';
import type { AccountCare } from '../ipc';
import { meetingsKey } from '../meetings/queries';
import { portfolioKey } from '../portfolio/queries';
import { todayKey } from '../today/queries';

/** One account's cadence, health and ownership check. */
export const careKey = (accountId: string) => ['care', accountId] as const;
/** One account's feedback; its items' histories sit under it, so they refresh together. */
export const feedbackKey = (accountId: string) => ['feedback', accountId] as const;
export const feedbackHistoryKey = (accountId: string, id: string) => [...feedbackKey(accountId), 'history', id] as const;
/** One account's stories, and the by-department counts under it. */
export const storiesKey = (accountId: string) => ['stories', accountId] as const;
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
      const keys: readonly (readonly string[])[] = [
        todayKey,
        portfolioKey,
        ...(care ? [] : [careKey(accountId)]),
        feedbackKey(accountId),
        storiesKey(accountId),
        [...meetingsKey, 'brief'],
      ];
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
    [queryClient, accountId],
  );
}

/** What shows a piece of feedback or a story besides the account page: refreshed when one goes to (or comes back from) the trash. */
export function careRefreshKeys(accountId: string): readonly (readonly string[])[] {
  return [feedbackKey(accountId), storiesKey(accountId), careKey(accountId), todayKey, portfolioKey];
}
