import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { commands } from '../ipc';
import type { AccountListRow, AccountQuery, AccountSort, Flag, Person, Tier } from '../ipc';

/** Every account list query starts with `accountsKey`, so any write can refresh them all (lib/refresh). */
export { accountsKey, ourPeopleKey } from '../lib/refresh';
import { accountsKey, ourPeopleKey } from '../lib/refresh';

export const PAGE_SIZE = 200;

export type Filters = {
  text: string;
  tiers: Tier[];
  owner_id: string | null;
  sponsor_id: string | null;
  flags: Flag[];
};

export const NO_FILTERS: Filters = { text: '', tiers: [], owner_id: null, sponsor_id: null, flags: [] };

export type Sort = { by: AccountSort; descending: boolean };

export function hasFilters(filters: Filters): boolean {
  return (
    filters.text.trim() !== '' ||
    filters.tiers.length > 0 ||
    filters.owner_id !== null ||
    filters.sponsor_id !== null ||
    filters.flags.length > 0
  );
}

export function toQuery(filters: Filters, sort: Sort, offset: number): AccountQuery {
  const text = filters.text.trim();
  return {
    text: text === '' ? null : text,
    tiers: filters.tiers,
    owner_id: filters.owner_id,
    sponsor_id: filters.sponsor_id,
    flags: filters.flags,
    sort: sort.by,
    descending: sort.descending,
    offset,
    limit: PAGE_SIZE,
  };
}

/** The filtered, sorted list, a page of 200 at a time. */
export function useAccountList(filters: Filters, sort: Sort) {
  const query = useInfiniteQuery({
    queryKey: [...accountsKey, 'list', filters, sort],
    queryFn: ({ pageParam }) => commands.accountQuery(toQuery(filters, sort, pageParam)),
    initialPageParam: 0,
    getNextPageParam: (last) => {
      const next = last.offset + last.rows.length;
      return last.rows.length > 0 && next < last.total ? next : undefined;
    },
    // While a new filter or sort is on its way, the old rows stay instead of a spinner.
    placeholderData: keepPreviousData,
  });
  const rows = useMemo<AccountListRow[]>(() => query.data?.pages.flatMap((page) => page.rows) ?? [], [query.data]);
  const total = query.data?.pages.at(-1)?.total;
  return { query, rows, total };
}

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Our people, the ones still with us first, each group by name. */
export function useOurPeople() {
  const query = useQuery({ queryKey: ourPeopleKey, queryFn: () => commands.peopleOurs() });
  const people = useMemo<Person[]>(
    () =>
      [...(query.data ?? [])].sort(
        (a, b) => Number(b.active) - Number(a.active) || byName.compare(a.name, b.name),
      ),
    [query.data],
  );
  return { query, people };
}
