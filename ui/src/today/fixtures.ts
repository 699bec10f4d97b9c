// The Today view as the core sends it, for tests.
import type { TodayItem, TodayList, TodayView } from '../ipc';

let nextId = 1;

export function todayItem(overrides: Partial<TodayItem> = {}): TodayItem {
  const id = overrides.id ?? `t-${nextId++}`;
  return {
    open: 'account',
    id,
    account_id: 'acc-1',
    account_name: 'Brightwater Foods',
    title: 'Brightwater Foods',
    detail: 'last contact 90 days ago; the target is every 30 days, so 60 days overdue',
    when: '2026-08-25',
    ...overrides,
  };
}

export function todayList(items: TodayItem[], total = items.length): TodayList {
  return { items, total };
}

const none = (): TodayList => ({ items: [], total: 0 });

export function todayView(overrides: Partial<TodayView> = {}): TodayView {
  return {
    today: '2026-11-23',
    awaiting_review: none(),
    challenged: none(),
    upcoming: none(),
    overdue_accounts: none(),
    overdue_ties: none(),
    feedback: none(),
    goals_overdue: none(),
    reviews: none(),
    promises: none(),
    ...overrides,
  };
}
