import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { AppError, commands } from '../ipc';
import type { TrashKind } from '../ipc';
import { refresh } from '../lib/refresh';
import type { EntityKind } from '../lib/refresh';
import { showToast } from '../ui/toast';

/** `ourPeopleKey` is shared with the "Our people" page, which keys `peopleOurs` the same way. */
export { accountKey, ourPeopleKey } from '../lib/refresh';

/** After a write on this account: what shows the kinds it touched (lib/refresh says which views). */
export function useInvalidateAccount(accountId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    (...entities: readonly EntityKind[]) =>
      refresh(queryClient, { entities: entities.length > 0 ? entities : ['account'], account_ids: [accountId] }),
    [queryClient, accountId],
  );
}

/**
 * Moves something to the trash and offers Undo. Resolves once it is in the
 * trash; rejects with an AppError (also shown as a message) if it is not.
 * What shows the item is refreshed both ways (delete and Undo).
 */
export function useMoveToTrash(accountId: string) {
  const invalidate = useInvalidateAccount(accountId);
  return useCallback(
    async (kind: TrashKind, id: string, label: string) => {
      // The trash's kinds are the change log's nouns; meetings list attendees and belong to accounts.
      const touched: EntityKind[] = [kind, 'meeting'];
      try {
        await commands.trashDelete(kind, id);
      } catch (error) {
        const appError = AppError.from(error);
        showToast({ message: `Couldn't delete ${label}: ${appError.message}`, tone: 'error' });
        throw appError;
      }
      void invalidate(...touched);
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
            await invalidate(...touched);
          },
        },
      });
    },
    [invalidate],
  );
}
