import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { callsTo, mockCommands } from '../ipc/testing';
import type { SearchHit, TrashItem } from '../ipc';
import { accountView } from '../account/fixtures';
import { accountRow, appClock, vaultStatus } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { todayView } from '../today/fixtures';
import { AppFrame } from './AppFrame';

const base = {
  vault_status: () => vaultStatus(),
  account_query: () => ({ total: 1, offset: 0, rows: [accountRow({ id: 'acc-1', name: 'Northwind Health' })] }),
  people_ours: () => [],
  today_view: () => todayView(),
  clock_now: () => appClock(),
  portfolio_score: () => 0,
};

function hit(overrides: Partial<SearchHit>): SearchHit {
  return {
    kind: 'person',
    id: 'p-1',
    blueprint_id: null,
    account_id: 'acc-1',
    account_name: 'Northwind Health',
    title: 'Ravi Menon',
    detail: 'Head of procurement',
    matched_in: 'title',
    snippet: [{ text: 'Ravi', matched: true }, { text: ' Menon', matched: false }],
    ...overrides,
  };
}

/** Types into the search box and waits for the results. */
async function searchFor(user: ReturnType<typeof renderWithProviders>['user'], text: string) {
  await user.type(screen.getByTestId('search-input'), text);
  return screen.findAllByTestId('search-hit');
}

describe('global search', () => {
  it('finds people and interactions and opens their account with the keyboard', async () => {
    const calls = mockCommands({
      ...base,
      search: () => [
        hit({}),
        hit({
          kind: 'interaction',
          id: 'i-1',
          title: 'Walked the turbine hall',
          detail: '',
          matched_in: 'text',
          snippet: [{ text: 'predictive maintenance', matched: false }],
        }),
      ],
      account_view: () => new Promise(() => {}),
    });
    const { user } = renderWithProviders(<AppFrame initialStatus={null} onLocked={() => {}} />);
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.getByTestId('search-input')).toHaveFocus();
    await user.keyboard('ravi');

    const hits = await screen.findAllByTestId('search-hit');
    expect(hits).toHaveLength(2);
    expect(hits[0]).toHaveTextContent('Ravi Menon');
    expect(hits[0]).toHaveTextContent('Northwind Health · Head of procurement');
    expect(callsTo(calls, 'search').at(-1)?.args).toEqual({ text: 'ravi' });

    await user.keyboard('{ArrowDown}');
    expect(hits[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(callsTo(calls, 'account_view')[0]?.args).toEqual({ id: 'acc-1' });
  });

  it('says when nothing matches and treats operators as text', async () => {
    mockCommands({ ...base, search: () => [] });
    const { user } = renderWithProviders(<AppFrame initialStatus={null} onLocked={() => {}} />);
    await user.type(screen.getByTestId('search-input'), '"unbalanced (');
    expect(await screen.findByText('Nothing matches “"unbalanced (”.')).toBeInTheDocument();
  });

  it('says what each result is and whose, and marks the words where they matched', async () => {
    mockCommands({
      ...base,
      search: () => [
        hit({
          kind: 'meeting',
          id: 'm-1',
          title: 'Turbine hall walkthrough',
          detail: '2026-11-26 · Kiel yard',
          snippet: [
            { text: 'Turbine hall ', matched: false },
            { text: 'walkthrough', matched: true },
          ],
        }),
        hit({
          kind: 'feedback',
          id: 'f-1',
          title: '2026-11-10 · Invoices never carry our PO',
          detail: 'Invoicing',
          matched_in: 'text',
          snippet: [
            { text: '…never carry our ', matched: false },
            { text: 'walk', matched: true },
            { text: ' <b>order</b> <img src=x onerror=alert(1)>', matched: false },
          ],
        }),
      ],
    });
    const { user } = renderWithProviders(<AppFrame initialStatus={null} onLocked={() => {}} />);
    const hits = await searchFor(user, 'walk');

    expect(within(hits[0]).getByText('Meeting')).toBeInTheDocument();
    expect(within(hits[0]).getByTestId('search-hit-title')).toHaveTextContent('Turbine hall walkthrough');
    expect(within(hits[0]).getByTestId('search-mark')).toHaveTextContent('walkthrough');
    expect(within(hits[0]).getByTestId('search-hit-detail')).toHaveTextContent('Northwind Health · 2026-11-26 · Kiel yard');
    expect(within(hits[0]).queryByTestId('search-hit-snippet')).toBeNull();

    expect(within(hits[1]).getByText('Feedback')).toBeInTheDocument();
    expect(within(hits[1]).getByTestId('search-hit-title')).toHaveTextContent('2026-11-10 · Invoices never carry our PO');
    expect(within(hits[1]).getByTestId('search-hit-detail')).toHaveTextContent('Northwind Health · Invoicing');
    const snippet = within(hits[1]).getByTestId('search-hit-snippet');
    expect(within(snippet).getByTestId('search-mark')).toHaveTextContent('walk');
    // User text is text: the markup in it shows as typed and builds no elements.
    expect(snippet).toHaveTextContent('…never carry our walk <b>order</b> <img src=x onerror=alert(1)>');
    expect(snippet.querySelector('b, img')).toBeNull();
  });

  const opens: [string, Partial<SearchHit>, string, Record<string, unknown>][] = [
    ['a meeting on its page', { kind: 'meeting', id: 'm-1' }, 'meeting_view', { id: 'm-1' }],
    ['a blueprint on its page', { kind: 'blueprint', id: 'b-1', blueprint_id: 'b-1' }, 'blueprint_view', { id: 'b-1' }],
    ['a goal on its blueprint', { kind: 'goal', id: 'g1', blueprint_id: 'b-1' }, 'blueprint_view', { id: 'b-1' }],
  ];
  it.each(opens)('opens %s', async (_, overrides, command, args) => {
    const calls = mockCommands({
      ...base,
      search: () => [hit(overrides)],
      meeting_view: () => new Promise(() => {}),
      blueprint_view: () => new Promise(() => {}),
    });
    const { user } = renderWithProviders(<AppFrame initialStatus={null} onLocked={() => {}} />);
    const [first] = await searchFor(user, 'walk');
    await user.click(first);
    await vi.waitFor(() => expect(callsTo(calls, command)[0]?.args).toMatchObject(args));
  });

  const tabs: [string, Partial<SearchHit>, string][] = [
    ['feedback on its account’s feedback tab', { kind: 'feedback', id: 'f-1' }, 'tab-feedback'],
    ['a story on its account’s feedback and stories tab', { kind: 'story', id: 's-1' }, 'tab-feedback'],
    ['a person on their account’s people tab', { kind: 'person', id: 'p-1' }, 'tab-people'],
    ['an interaction on its account’s log', { kind: 'interaction', id: 'i-1' }, 'tab-interactions'],
  ];
  it.each(tabs)('opens %s', async (_, overrides, tab) => {
    mockCommands({ ...base, search: () => [hit(overrides)], account_view: () => accountView() });
    const { user } = renderWithProviders(<AppFrame initialStatus={null} onLocked={() => {}} />);
    await searchFor(user, 'walk');
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId(tab)).toHaveAttribute('aria-selected', 'true');
  });
});

describe('trash', () => {
  it('lists deleted items and restores one', async () => {
    const item: TrashItem = {
      kind: 'person',
      id: 'p-9',
      label: 'Hanna Berg — Head of Operations',
      account_name: 'Northwind Health',
      deleted_at: '2026-11-23T09:30:00.000Z',
    };
    let items = [item];
    const calls = mockCommands({
      ...base,
      trash_list: () => ({ items, listed_total: items.length, rows_total: items.length }),
      trash_restore: () => {
        items = [];
        return null;
      },
    });
    const { user } = renderWithProviders(<AppFrame initialStatus={null} onLocked={() => {}} />);
    await user.click(screen.getByTestId('nav-trash'));
    const row = await screen.findByTestId('trash-item');
    expect(within(row).getByText('Hanna Berg — Head of Operations')).toBeInTheDocument();
    await user.click(within(row).getByTestId('trash-restore'));
    expect(callsTo(calls, 'trash_restore')[0]?.args).toEqual({ kind: 'person', id: 'p-9' });
    expect(await screen.findByText('The trash is empty.')).toBeInTheDocument();
  });
});
