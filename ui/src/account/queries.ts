import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { AppError, commands } from '../ipc';
import type { TrashKind } from '../ipc';
import { careKey } from '../care/queries';
import { portfolioKey } from '../portfolio/queries';
import { todayKey } from '../today/queries';
import { showToast } from '../ui/toast';

export const accountKey = (accountId: string) => ['account', accountId] as const;
/** Shared with the "Our people" page, which keys `peopleOurs` the same way. */
export const ourPeopleKey = ['people', 'ours'] as const;

/** After any write: this page's view, the account list, and what else shows the same rows. */
export function useInvalidateAccount(accountId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    (...extra: readonly (readonly string[])[]) =>
      Promise.all(
        // Health, Today and the portfolio read the same facts (contacts, owner, tier, revenue).
        [accountKey(accountId), ['accounts'], careKey(accountId), todayKey, portfolioKey, ...extra].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
    [queryClient, accountId],
  );
}

/**
 * Moves something to the trash and offers Undo. Resolves once it is in the
 * trash; rejects with an AppError (also shown as a message) if it is not.
 * `refresh` names further queries that show the item (both ways: delete and Undo).
 */
export function useMoveToTrash(accountId: string) {
  const invalidate = useInvalidateAccount(accountId);
  return useCallback(
    async (kind: TrashKind, id: string, label: string, refresh: readonly (readonly string[])[] = []) => {
      // Meetings list attendees and belong to accounts: refresh them too.
      const extra = [['trash'], ['search'], ['meetings'], ...(kind === 'person' ? [['people']] : []), ...refresh];
      try {
        await commands.trashDelete(kind, id);
      } catch (error) {
        const appError = AppError.from(error);
        showToast({ message: `Couldn't delete ${label}: ${appError.message}`, tone: 'error' });
        throw appError;
      }
      void invalidate(...extra);
      showToast({
        message: `${label} moved to the trash.`,
        action: {
          label: 'Undo',
          testId: 'undo-button',
          run: async () => {
            try {
              await commands.trashRestore(kind, id);
              showToast({ message: `${label} restored.` });
            } catch (error) {
              showToast({ message: `Couldn't restore ${label}: ${AppError.from(error).message}`, tone: 'error' });
            }
            await invalidate(...extra);
          },
        },
      });
    },
    [invalidate],
  );
}
