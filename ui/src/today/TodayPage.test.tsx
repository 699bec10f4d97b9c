import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TodayItem } from '../ipc';
import { mockCommands } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { todayItem, todayList, todayView } from './fixtures';
import { TodayPage } from './TodayPage';

const REVIEW = todayItem({
  open: 'meeting',
  id: 'm-1',
  title: 'Board dinner',
  detail: 'waiting for your review',
  when: '2026-11-24T19:00',
});
const FEEDBACK = todayItem({
  open: 'feedback',
  id: 'f-1',
  title: 'Lars Berg: Invoices never carry our PO number',
  detail: 'told us 5 days ago and nobody has thanked them yet',
  when: '2026-11-18',
});
const OVERDUE = todayItem({ open: 'account', id: 'acc-2', account_id: 'acc-2', account_name: 'Nordlys Energi', title: 'Nordlys Energi' });

function renderToday(view = todayView()) {
  const calls = mockCommands({ today_view: () => view });
  const onOpen = vi.fn<(item: TodayItem) => void>();
  const rendered = renderWithProviders(<TodayPage onOpen={onOpen} />);
  return { ...rendered, calls, onOpen };
}

describe('Today', () => {
  it('shows the sections in order, with their items, reasons and dates, and says how many more there are', async () => {
    renderToday(
      todayView({
        awaiting_review: todayList([REVIEW]),
        feedback: todayList([FEEDBACK]),
        overdue_accounts: todayList([OVERDUE], 57),
      }),
    );
    const page = await screen.findByTestId('today-page');
    await within(page).findAllByTestId('today-item');
    const order = Array.from(page.querySelectorAll('[data-testid^="today-section-"]')).map((s) =>
      s.getAttribute('data-testid')?.replace('today-section-', ''),
    );
    expect(order).toEqual(['awaiting_review', 'upcoming', 'feedback', 'goals_overdue', 'overdue_accounts', 'overdue_ties', 'reviews']);

    const review = within(screen.getByTestId('today-section-awaiting_review')).getByTestId('today-item');
    expect(review).toHaveAttribute('data-open', 'meeting');
    expect(review).toHaveAttribute('data-id', 'm-1');
    expect(review).toHaveTextContent('Board dinner');
    expect(review).toHaveTextContent('Brightwater Foods');
    expect(review).toHaveTextContent('waiting for your review');
    expect(review).toHaveTextContent('19:00');

    const accounts = screen.getByTestId('today-section-overdue_accounts');
    expect(within(accounts).getByTestId('today-count')).toHaveTextContent('57');
    expect(within(accounts).getByTestId('today-more')).toHaveTextContent('56 more');
    expect(within(accounts).getByTestId('today-item')).toHaveTextContent('60 days overdue');

    // Empty sections shrink to one line and have no items.
    const upcoming = screen.getByTestId('today-section-upcoming');
    expect(upcoming).toHaveTextContent('No meetings in the next week.');
    expect(within(upcoming).queryByTestId('today-item')).not.toBeInTheDocument();
    expect(screen.queryByTestId('today-all-clear')).not.toBeInTheDocument();
  });

  it('opens an item with a click, or with J/K and Enter', async () => {
    const { user, onOpen } = renderToday(
      todayView({ awaiting_review: todayList([REVIEW]), feedback: todayList([FEEDBACK]), reviews: todayList([OVERDUE]) }),
    );
    const items = await screen.findAllByTestId('today-item');
    expect(items).toHaveLength(3);

    await user.click(items[1]);
    expect(onOpen).toHaveBeenLastCalledWith(FEEDBACK);

    await user.click(document.body);
    await user.keyboard('j');
    expect(items[0]).toHaveFocus();
    await user.keyboard('jj');
    expect(items[2]).toHaveFocus();
    await user.keyboard('j');
    expect(items[2]).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(items[1]).toHaveFocus();
    await user.keyboard('k');
    expect(items[0]).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenLastCalledWith(REVIEW);
    expect(onOpen).toHaveBeenCalledTimes(2);
  });

  it('says all clear when nothing needs anyone', async () => {
    renderToday(todayView());
    expect(await screen.findByTestId('today-all-clear')).toHaveTextContent('All clear');
    expect(screen.queryByTestId('today-section-upcoming')).not.toBeInTheDocument();
  });

  it('shows where to start instead of all clear when the book is empty', async () => {
    mockCommands({ today_view: () => todayView() });
    renderWithProviders(<TodayPage onOpen={() => {}} emptyBook={<p data-testid="first-run">Add an account</p>} />);
    expect(await screen.findByTestId('first-run')).toHaveTextContent('Add an account');
    expect(screen.queryByTestId('today-all-clear')).not.toBeInTheDocument();
  });
});
