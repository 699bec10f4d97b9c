import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsTo, mockCommands } from '../ipc/testing';
import type { SearchHit, TrashItem } from '../ipc';
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
    account_id: 'acc-1',
    account_name: 'Northwind Health',
    title: 'Ravi Menon',
    snippet: 'Head of procurement',
    ...overrides,
  };
}

describe('global search', () => {
  it('finds people and interactions and opens their account with the keyboard', async () => {
    const calls = mockCommands({
      ...base,
      search: () => [
        hit({}),
        hit({ kind: 'interaction', id: 'i-1', title: 'Walked the turbine hall', snippet: 'predictive maintenance' }),
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
    expect(hits[0]).toHaveTextContent('Northwind Health');
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
