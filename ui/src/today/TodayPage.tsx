import { useId, useRef } from 'react';
import type { ReactNode } from 'react';
import type { TodayItem, TodayList, TodayView } from '../ipc';
import { isTypingTarget } from '../lib/keyboard';
import { stepOf, useKeydown } from '../lib/shortcuts';
import { formatDay } from '../map/labels';
import { formatDayHeading, splitLocal } from '../meetings/time';
import { Button } from '../ui/Button';
import { CheckIcon } from '../ui/icons';
import { useToday } from './queries';
import './today.css';

export type TodaySectionKey = keyof Omit<TodayView, 'today'>;

/** The sections in the order a morning is worked through, with what an empty one says. */
export const TODAY_SECTIONS: readonly { key: TodaySectionKey; title: string; empty: string; hideEmpty?: boolean }[] = [
  { key: 'awaiting_review', title: 'Visits awaiting your review', empty: 'No visit is waiting for a review.' },
  // Part of the review queue, waiting on the team rather than on you: only there when there are some.
  { key: 'challenged', title: 'Visits you challenged', empty: 'No challenged visit.', hideEmpty: true },
  { key: 'upcoming', title: 'Meetings in the next 7 days', empty: 'No meetings in the next week.' },
  { key: 'feedback', title: 'Feedback to reconsider or thank for', empty: 'No feedback is waiting on us.' },
  { key: 'goals_overdue', title: 'Overdue goals', empty: 'No blueprint goal is past its date.' },
  // Your promises (the name in Settings) still owed, late first: only there when there are some.
  { key: 'promises', title: 'Promises you owe', empty: 'You owe no promise.', hideEmpty: true },
  { key: 'overdue_accounts', title: 'Accounts overdue for contact', empty: 'Every account is within its cadence.' },
  { key: 'overdue_ties', title: 'Ties overdue for contact', empty: 'Every tie is within its cadence.' },
  { key: 'reviews', title: 'Annual customer reviews coming up', empty: 'No annual customer review is due soon.' },
];

/** "14 Mar 2026", or "14 Mar 2026, 09:30" for a meeting's local start. */
export function formatWhen(when: string): string {
  const { date, time } = splitLocal(when);
  const day = formatDay(date);
  return time ? `${day}, ${time}` : day;
}

const ITEM_SELECTOR = '[data-testid="today-item"]';

/**
 * The home screen: what needs someone today, across the whole book, most
 * pressing kind first. Every item opens where it can be dealt with. Tab
 * reaches the items; J/K or ↓/↑ move between them and Enter opens one.
 */
export function TodayPage({
  onOpen,
  emptyBook = null,
}: {
  onOpen: (item: TodayItem) => void;
  /** Shown instead of "All clear" when the book has no accounts at all (where to start). */
  emptyBook?: ReactNode;
}) {
  const today = useToday();
  const pageRef = useRef<HTMLDivElement>(null);

  // Captured first, so a hidden page under this one does not see these keys.
  useKeydown(
    (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const page = pageRef.current;
      // Mounted but not on screen (a hidden page keeps its place): the keys belong to the page in view.
      if (!page || page.closest('[hidden]')) return;
      if (isTypingTarget(event.target)) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const by = stepOf(event);
      if (by === 0) return;
      const active = document.activeElement;
      // Arrows scroll elsewhere on the page; they move between items only from an item or from nowhere.
      const fromItem = active instanceof HTMLElement && active.matches(ITEM_SELECTOR) && page.contains(active);
      const fromNowhere = active === null || active === document.body;
      if (key.startsWith('Arrow') && !fromItem && !fromNowhere) return;
      const items = Array.from(page.querySelectorAll<HTMLElement>(ITEM_SELECTOR));
      if (items.length === 0) return;
      event.preventDefault();
      const index = fromItem ? items.indexOf(active) : -1;
      const next = index === -1 ? items[0] : items[Math.min(Math.max(index + by, 0), items.length - 1)];
      next?.focus();
    },
    { capture: true },
  );

  const view = today.data;
  const allClear = view !== undefined && TODAY_SECTIONS.every((s) => view[s.key].total === 0);

  return (
    <div className="page today-page" data-testid="today-page" ref={pageRef}>
      <header className="page-header">
        <div>
          <h1 className="page-title">Today</h1>
          <p className="page-subtitle" data-testid="today-date">
            {view ? formatDayHeading(view.today) : ''}
          </p>
        </div>
        <p className="today-keys" aria-hidden="true">
          <kbd>J</kbd>/<kbd>K</kbd> move <kbd>↵</kbd> open
        </p>
      </header>

      {today.isPending && (
        <div className="panel panel-loading" aria-busy="true">
          Gathering what needs you today…
        </div>
      )}
      {today.error && (
        <div className="panel panel-error" role="alert" data-testid="today-error">
          <p>{today.error.message}</p>
          <Button size="sm" onClick={() => void today.refetch()}>
            Retry
          </Button>
        </div>
      )}

      {allClear && emptyBook}
      {allClear && !emptyBook && (
        <div className="empty" data-testid="today-all-clear">
          <div className="empty-icon" aria-hidden="true">
            <CheckIcon width={24} height={24} />
          </div>
          <h2>All clear</h2>
          <p>Nothing needs you today: no visit to review, no meeting this week, nothing overdue.</p>
        </div>
      )}

      {view && !allClear && (
        <div className="today-sections">
          {TODAY_SECTIONS.filter((section) => !section.hideEmpty || view[section.key].total > 0).map((section) => (
            <TodaySection
              key={section.key}
              sectionKey={section.key}
              title={section.title}
              empty={section.empty}
              list={view[section.key]}
              onOpen={onOpen}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function TodaySection({
  sectionKey,
  title,
  empty,
  list,
  onOpen,
}: {
  sectionKey: TodaySectionKey;
  title: string;
  empty: string;
  list: TodayList;
  onOpen: (item: TodayItem) => void;
}) {
  const id = useId();
  const more = list.total - list.items.length;
  if (list.total === 0) {
    // One line: the section is there, so the user knows it was looked at.
    return (
      <section className="today-section today-section-empty" aria-labelledby={id} data-testid={`today-section-${sectionKey}`}>
        <h2 className="today-section-title" id={id}>
          {title}
        </h2>
        <p className="muted">{empty}</p>
      </section>
    );
  }
  return (
    <section className="panel today-section" aria-labelledby={id} data-testid={`today-section-${sectionKey}`}>
      <h2 className="today-section-title" id={id}>
        {title} <span className="today-count" data-testid="today-count">{list.total}</span>
      </h2>
      <ul className="today-items">
        {list.items.map((item, index) => (
          // Ties of one account share its id: the place in the list tells them apart.
          <li key={`${item.open}-${item.id}-${index}`}>
            <button
              type="button"
              className="today-item"
              data-testid="today-item"
              data-open={item.open}
              data-id={item.id}
              onClick={() => onOpen(item)}
            >
              <span className="today-item-main">
                <span className="today-item-title">{item.title}</span>
                {item.account_name !== item.title && <span className="today-item-account">{item.account_name}</span>}
              </span>
              <span className="today-item-detail">{item.detail}</span>
              {item.when && (
                <time className="today-item-when" dateTime={item.when}>
                  {formatWhen(item.when)}
                </time>
              )}
            </button>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <p className="today-more muted" data-testid="today-more">
          {more} more not shown
        </p>
      )}
    </section>
  );
}
