import { useQuery } from '@tanstack/react-query';
import { commands } from '../ipc';
import type { CommitmentQuery } from '../ipc';
import { commitmentsKey } from '../lib/refresh';

export const commitmentListKey = (query: CommitmentQuery) => [...commitmentsKey, query] as const;

/** Commitments matching the query, late first then by the day they are due. */
export function useCommitments(query: CommitmentQuery) {
  return useQuery({ queryKey: commitmentListKey(query), queryFn: () => commands.commitmentList(query) });
}
