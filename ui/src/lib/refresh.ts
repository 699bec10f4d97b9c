// The one place that says which views a change refreshes. Every query key the
// book's data is cached under is named here; a write (the `book-changed` event
// from the core, or a mutation's own success) names the entity kinds it
// touched, and this map turns them into the queries to fetch again.
import { hashKey, useQueryClient } from '@tanstack/react-query';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { onBookChanged } from '../ipc';

export const accountKey = (accountId: string) => ['account', accountId] as const;
export const accountsKey = ['accounts'] as const;
/** Every people query; "Our people" (`peopleOurs`) is keyed under it. */
export const peopleKey = ['people'] as const;
export const ourPeopleKey = ['people', 'ours'] as const;
export const careKey = (accountId: string) => ['care', accountId] as const;
export const feedbackKey = (accountId: string) => ['feedback', accountId] as const;
export const storiesKey = (accountId: string) => ['stories', accountId] as const;
/** Every commitments list (a meeting's, an interaction's, an account's) is keyed under it. */
export const commitmentsKey = ['commitments'] as const;
export const todayKey = ['today'] as const;
export const portfolioKey = ['portfolio'] as const;
/** Every meeting query starts with this, so any write can refresh them all. */
export const meetingsKey = ['meetings'] as const;
export const blueprintsKey = ['blueprints'] as const;
export const trashKey = ['trash'] as const;
export const searchKey = ['search'] as const;

/** The change log's nouns (crates/core/src/changes.rs): one per book table. */
export type EntityKind =
  | 'account'
  | 'person'
  | 'person_roles'
  | 'connection'
  | 'interaction'
  | 'interaction_person'
  | 'meeting'
  | 'meeting_attendee'
  | 'meeting_event'
  | 'blueprint'
  | `blueprint_${string}`
  | 'feedback'
  | 'feedback_event'
  | 'story'
  | 'ownership_answer'
  | 'commitment';

/** What changed: entity kinds and, when known, the accounts they belong to (none: every account). */
export type Change = { entities: readonly string[]; account_ids?: readonly string[] };

type Keys = readonly QueryKey[];
/** Keys for one account, or for all of them when the change does not say which. */
const perAccount = (key: (id: string) => QueryKey, root: string, ids: readonly string[]): Keys =>
  ids.length === 0 ? [[root]] : ids.map(key);

// The account's page, the account list, its care (health), Today and the
// portfolio all read the same facts (contacts, owner, tier, revenue, ties).
const accountFacts = (ids: readonly string[]): Keys => [
  ...perAccount(accountKey, 'account', ids),
  accountsKey,
  ...perAccount(careKey, 'care', ids),
  todayKey,
  portfolioKey,
];

// Feedback and stories count towards health; briefs carry open feedback and recent stories.
const careFacts = (ids: readonly string[]): Keys => [
  ...perAccount(careKey, 'care', ids),
  ...perAccount(feedbackKey, 'feedback', ids),
  ...perAccount(storiesKey, 'stories', ids),
  todayKey,
  portfolioKey,
  [...meetingsKey, 'brief'],
];

const REFRESHES: Record<Exclude<EntityKind, `blueprint_${string}`>, (ids: readonly string[]) => Keys> = {
  // Meetings belong to accounts.
  account: (ids) => [...accountFacts(ids), searchKey, meetingsKey],
  // Meetings list attendees; "Our people" lists ours.
  person: (ids) => [...accountFacts(ids), peopleKey, searchKey, meetingsKey],
  // Someone moved: both accounts' people, their ties and their briefs.
  person_roles: (ids) => [...accountFacts(ids), peopleKey, meetingsKey],
  connection: accountFacts,
  interaction: (ids) => [...accountFacts(ids), searchKey],
  interaction_person: (ids) => [...accountFacts(ids), searchKey],
  // Today lists meetings; the portfolio and each account's care view show the next one.
  meeting: () => [meetingsKey, searchKey, todayKey, portfolioKey, ['care']],
  meeting_attendee: () => [meetingsKey, todayKey, portfolioKey, ['care']],
  meeting_event: () => [meetingsKey, todayKey, portfolioKey, ['care']],
  // Lists, comparisons and the account page (its map draws planned ties).
  blueprint: (ids) => [blueprintsKey, ...perAccount(accountKey, 'account', ids), searchKey],
  feedback: careFacts,
  feedback_event: careFacts,
  story: careFacts,
  ownership_answer: careFacts,
  // Promises count in health, show on Today, in the portfolio and in briefs.
  commitment: (ids) => [commitmentsKey, ...careFacts(ids)],
};

/** Every kind the change log knows (the trash can bring any of them back). */
export const EVERY_ENTITY: readonly EntityKind[] = Object.keys(REFRESHES) as EntityKind[];

/** The query keys a change refreshes (prefixes: each covers every query under it), without repeats. */
export function refreshKeys(change: Change): QueryKey[] {
  const ids = change.account_ids ?? [];
  const keys = new Map<string, QueryKey>();
  for (const entity of change.entities) {
    const kind = entity.startsWith('blueprint_') ? 'blueprint' : entity;
    const of = REFRESHES[kind as keyof typeof REFRESHES];
    // Something the map does not know yet (a new table): refresh everything rather than show stale rows.
    const found: Keys = of ? of(ids) : [[]];
    // Anything can go to the trash and come back.
    for (const key of [...found, trashKey]) keys.set(hashKey(key), key);
  }
  return [...keys.values()];
}

/**
 * Refetches what a change shows. `fresh` are keys the write's own answer
 * already filled in (setQueryData): they are not asked for again.
 */
export function refresh(queryClient: QueryClient, change: Change, fresh: readonly QueryKey[] = []): Promise<void> {
  const skip = new Set(fresh.map((key) => hashKey(key)));
  return Promise.all(
    refreshKeys(change).map((queryKey) =>
      queryClient.invalidateQueries({ queryKey, predicate: (query) => !skip.has(query.queryHash) }),
    ),
  ).then(() => undefined);
}

/** `refresh` bound to the app's query client, for a mutation's success. */
export function useRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    (change: Change, fresh: readonly QueryKey[] = []) => refresh(queryClient, change, fresh),
    [queryClient],
  );
}

/** While mounted (the unlocked app), every `book-changed` from the core refreshes what it names. */
export function useBookChanged(): void {
  const queryClient = useQueryClient();
  useEffect(() => onBookChanged((change) => void refresh(queryClient, change)), [queryClient]);
}
