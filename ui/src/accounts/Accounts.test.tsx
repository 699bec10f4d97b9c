import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AccountListRow, AccountPage, AccountQuery, Person } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcCall, IpcHandler } from '../ipc/testing';
import { account, accountRow, ourPerson } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { AccountsPage } from './AccountsPage';
import { OVERSCAN, ROW_HEIGHT } from './AccountsTable';
import { formatRelativeDay, formatRevenue } from './format';

const DANA = ourPerson({ id: 'p-dana', name: 'Dana Reyes', title: 'VP Sales' });
const SAM = ourPerson({ id: 'p-sam', name: 'Sam Okafor' });
const LEFT = ourPerson({ id: 'p-left', name: 'Aaron Left', active: false });
const PEOPLE: Person[] = [SAM, LEFT, DANA];

const ROWS: AccountListRow[] = [
  accountRow({
    id: 'a1',
    name: 'Umbrella Logistics',
    tier: 'growth',
    currency: 'EUR',
    annual_revenue: 12_500_000,
    connections: 7,
    people_theirs: 4,
    last_contact: '2026-01-10',
  }),
  accountRow({
    id: 'a2',
    name: 'Acme Robotics',
    tier: 'strategic',
    owner_id: null,
    owner_name: null,
    flags: ['no_owner', 'key_person', 'no_champion', 'bypass', 'coverage_gap'],
  }),
  accountRow({ id: 'a3', name: 'Northwind Health', tier: 'key', sponsor_id: null, sponsor_name: null, flags: ['no_sponsor'] }),
  accountRow({ id: 'a4', name: 'Globex', tier: 'strategic', flags: ['mostly_informal', 'single_thread'] }),
];

/** Answers account_query the way Rust does: filter, sort by name, one window. */
function fakeQuery(rows: readonly AccountListRow[]): IpcHandler {
  return (args) => {
    const query = (args?.query ?? {}) as AccountQuery;
    const text = query.text?.toLowerCase();
    const matching = rows
      .filter((row) => !text || row.name.toLowerCase().includes(text))
      .filter((row) => !query.tiers?.length || query.tiers.includes(row.tier))
      .filter((row) => !query.owner_id || row.owner_id === query.owner_id)
      .filter((row) => !query.sponsor_id || row.sponsor_id === query.sponsor_id)
      .filter((row) => !query.flags?.length || row.flags.some((f) => query.flags?.includes(f)))
      .sort((a, b) => a.name.localeCompare(b.name) * (query.descending ? -1 : 1));
    const offset = query.offset ?? 0;
    const page: AccountPage = { total: matching.length, offset, rows: matching.slice(offset, offset + (query.limit ?? 100)) };
    return page;
  };
}

/** A book of `total` accounts, made up one page at a time. */
function bigBook(total: number): IpcHandler {
  return (args) => {
    const { offset = 0, limit = 100 } = (args?.query ?? {}) as AccountQuery;
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) =>
      accountRow({ id: `big-${offset + i}`, name: `Account ${String(offset + i).padStart(5, '0')}` }),
    );
    return { total, offset, rows } satisfies AccountPage;
  };
}

function renderPage(handlers: Record<string, IpcHandler> = {}, props: { emptyExtra?: React.ReactNode } = {}) {
  const calls = mockCommands({
    account_query: fakeQuery(ROWS),
    people_ours: () => PEOPLE,
    ...handlers,
  });
  const onOpen = vi.fn<(id: string) => void>();
  const view = renderWithProviders(<AccountsPage onOpen={onOpen} {...props} />);
  return { ...view, calls, onOpen };
}

const queries = (calls: IpcCall[]) => callsTo(calls, 'account_query').map((call) => call.args?.query as AccountQuery);
const lastQuery = (calls: IpcCall[]) => queries(calls).at(-1);
const rowNames = () => screen.getAllByTestId('account-row').map((row) => within(row).getAllByRole('cell')[0]?.textContent);
const row = (id: string) => {
  const found = screen.getAllByTestId('account-row').find((r) => r.dataset.accountId === id);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
};

describe('account list', () => {
  it('asks Rust for the first page by name and shows the total and the columns', async () => {
    const { calls } = renderPage();
    await vi.waitFor(() => expect(screen.getByTestId('accounts-total')).toHaveTextContent('4 accounts'));
    expect(queries(calls)).toEqual([
      { text: null, tiers: [], owner_id: null, sponsor_id: null, flags: [], sort: 'name', descending: false, offset: 0, limit: 200 },
    ]);
    expect(rowNames()).toEqual(['Acme Robotics', 'Globex', 'Northwind Health', 'Umbrella Logistics']);

    const umbrella = row('a1');
    expect(within(umbrella).getByText('Growth')).toHaveClass('badge');
    expect(umbrella).toHaveTextContent('Dana Reyes');
    expect(umbrella).toHaveTextContent('Sam Okafor');
    expect(umbrella).toHaveTextContent(formatRevenue(12_500_000, 'EUR'));
    expect(formatRevenue(12_500_000, 'EUR')).toMatch(/€/);
    const contact = within(umbrella).getByText(formatRelativeDay('2026-01-10'));
    expect(contact.tagName).toBe('TIME');
    expect(contact).toHaveAttribute('title', new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2026, 0, 10)));
    expect(within(umbrella).getByText('7')).toHaveAttribute('title', '7 connections with 4 of their people');
    expect(within(row('a2')).getByText('Never')).toBeInTheDocument();
  });

  it('shows flags by name, with a missing owner or sponsor as the loudest warning', async () => {
    renderPage();
    await screen.findAllByTestId('account-row');

    const acme = row('a2');
    expect(within(acme).getByTestId('no-owner-flag')).toHaveTextContent('No owner');
    expect(within(acme).getByTestId('no-owner-flag')).toHaveClass('flag-critical');
    expect(acme).toHaveClass('row-critical');
    expect(within(acme).getAllByTestId('account-flag').map((f) => f.textContent)).toEqual([
      'Key-person risk',
      'Team may feel bypassed',
    ]);
    // The rest are behind "+2", still readable.
    expect(acme).toHaveTextContent('+2');
    expect(acme).toHaveTextContent('Decision-role gap, No champion');

    expect(within(row('a3')).getByTestId('no-sponsor-flag')).toHaveTextContent('No sponsor');
    expect(row('a3')).toHaveClass('row-critical');

    const globex = row('a4');
    expect(within(globex).getAllByTestId('account-flag').map((f) => f.textContent)).toEqual([
      'Mostly informal',
      'Single executive thread',
    ]);
    expect(within(globex).getAllByTestId('account-flag')[0]).toHaveClass('flag-warn');
    expect(globex).not.toHaveClass('row-critical');
    expect(screen.getAllByTestId('no-owner-flag')).toHaveLength(1);
  });

  it('sorts by a column header, and the same header again turns the order round', async () => {
    const { user, calls } = renderPage();
    await screen.findAllByTestId('account-row');
    const nameHeader = screen.getByTestId('accounts-sort-name').closest('th')!;
    expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByTestId('accounts-sort-revenue'));
    await vi.waitFor(() => expect(lastQuery(calls)).toMatchObject({ sort: 'revenue', descending: true, offset: 0 }));
    expect(screen.getByTestId('accounts-sort-revenue').closest('th')).toHaveAttribute('aria-sort', 'descending');
    expect(nameHeader).toHaveAttribute('aria-sort', 'none');

    screen.getByTestId('accounts-sort-revenue').focus();
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(lastQuery(calls)).toMatchObject({ sort: 'revenue', descending: false }));

    await user.click(screen.getByTestId('accounts-sort-name'));
    await user.click(screen.getByTestId('accounts-sort-name'));
    await vi.waitFor(() => expect(lastQuery(calls)).toMatchObject({ sort: 'name', descending: true }));
    await vi.waitFor(() => expect(rowNames()).toEqual(['Umbrella Logistics', 'Northwind Health', 'Globex', 'Acme Robotics']));

    for (const sort of ['tier', 'owner', 'last_contact', 'flags'] as const) {
      await user.click(screen.getByTestId(`accounts-sort-${sort}`));
      await vi.waitFor(() => expect(lastQuery(calls)?.sort).toBe(sort));
    }
  });

  it('sends the filters to Rust: name after a pause, tiers, owner, sponsor, flags', async () => {
    const { user, calls } = renderPage();
    await screen.findAllByTestId('account-row');

    await user.type(screen.getByTestId('accounts-filter-text'), 'north');
    await vi.waitFor(() => expect(rowNames()).toEqual(['Northwind Health']));
    // One query for the whole word, not one per key.
    expect(queries(calls).map((q) => q.text)).toEqual([null, 'north']);

    await user.clear(screen.getByTestId('accounts-filter-text'));
    await user.click(screen.getByTestId('accounts-filter-tier-strategic'));
    await user.click(screen.getByTestId('accounts-filter-tier-key'));
    expect(screen.getByTestId('accounts-filter-tier-strategic')).toHaveAttribute('aria-pressed', 'true');
    await vi.waitFor(() => expect(lastQuery(calls)).toMatchObject({ text: null, tiers: ['strategic', 'key'] }));
    await vi.waitFor(() => expect(rowNames()).toEqual(['Acme Robotics', 'Globex', 'Northwind Health']));

    await user.selectOptions(screen.getByTestId('accounts-filter-owner'), 'p-dana');
    await user.selectOptions(screen.getByTestId('accounts-filter-sponsor'), 'p-sam');
    await vi.waitFor(() => expect(lastQuery(calls)).toMatchObject({ owner_id: 'p-dana', sponsor_id: 'p-sam' }));

    await user.click(within(screen.getByTestId('accounts-filter-flags')).getByText('Flags'));
    await user.click(screen.getByTestId('accounts-filter-flag-single_thread'));
    await user.click(screen.getByTestId('accounts-filter-flag-no_owner'));
    await vi.waitFor(() => expect(lastQuery(calls)).toMatchObject({ flags: ['single_thread', 'no_owner'] }));
    await vi.waitFor(() => expect(rowNames()).toEqual(['Globex']));

    // Back to the unfiltered list (from the cache: no new call needed).
    await user.click(screen.getByTestId('accounts-clear-filters'));
    await vi.waitFor(() => expect(screen.getAllByTestId('account-row')).toHaveLength(4));
    expect(screen.getByTestId('accounts-filter-owner')).toHaveValue('');
    expect(screen.getByTestId('accounts-filter-tier-strategic')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('accounts-filter-flag-no_owner')).not.toBeChecked();
    expect(screen.queryByTestId('accounts-clear-filters')).not.toBeInTheDocument();
  });

  it('offers our people as owner and sponsor filters, those still with us first', async () => {
    renderPage();
    await screen.findAllByTestId('account-row');
    const owner = screen.getByTestId('accounts-filter-owner');
    await vi.waitFor(() =>
      expect(within(owner).getAllByRole('option').map((o) => o.textContent)).toEqual([
        'Any owner',
        'Dana Reyes',
        'Sam Okafor',
        'Aaron Left (left)',
      ]),
    );
  });
});

describe('a big book', () => {
  it('keeps only the rows in view in the DOM and fetches the next page near the end', async () => {
    const { calls } = renderPage({ account_query: bigBook(10_000) });
    await vi.waitFor(() =>
      expect(screen.getByTestId('accounts-total')).toHaveTextContent(`${new Intl.NumberFormat().format(10_000)} accounts`),
    );
    const list = screen.getByTestId('accounts-list');
    expect(list).toHaveAttribute('aria-rowcount', '10001');

    const rendered = () => screen.getAllByTestId('account-row');
    const bound = Math.ceil(640 / ROW_HEIGHT) + 1 + 2 * OVERSCAN;
    expect(rendered().length).toBeGreaterThan(5);
    expect(rendered().length).toBeLessThanOrEqual(bound);
    expect(rendered()[0]).toHaveTextContent('Account 00000');
    expect(queries(calls).map((q) => [q.offset, q.limit])).toEqual([[0, 200]]);

    // The spacers stand in for the rows that are not rendered.
    const spacers = list.querySelectorAll<HTMLTableCellElement>('.spacer-row td');
    expect(spacers[0].style.height).toBe('0px');
    expect(spacers[1].style.height).toBe(`${(200 - rendered().length) * ROW_HEIGHT}px`);

    // Scroll to the middle of the first page.
    const scroller = list.parentElement!;
    scroller.scrollTop = 100 * ROW_HEIGHT;
    fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(row('big-100')).toBeInTheDocument());
    expect(rendered().length).toBeLessThanOrEqual(bound);
    expect(screen.queryByText('Account 00000')).not.toBeInTheDocument();
    expect(spacers[0].style.height).toBe(`${(100 - OVERSCAN) * ROW_HEIGHT}px`);
    expect(queries(calls)).toHaveLength(1);

    // Near the end of what is loaded, the next page is asked for.
    scroller.scrollTop = 180 * ROW_HEIGHT;
    fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(queries(calls).map((q) => q.offset)).toEqual([0, 200]));
    scroller.scrollTop = 250 * ROW_HEIGHT;
    fireEvent.scroll(scroller);
    await vi.waitFor(() => expect(row('big-250')).toBeInTheDocument());
    expect(rendered().length).toBeLessThanOrEqual(bound);
  });
});

describe('keyboard', () => {
  it('moves the active row with the arrows, Home, End and the page keys, and Enter opens it', async () => {
    const { user, onOpen } = renderPage({ account_query: bigBook(1_000) });
    await screen.findAllByTestId('account-row');
    const list = screen.getByTestId('accounts-list');
    const active = () => document.getElementById(list.getAttribute('aria-activedescendant') ?? '');

    await user.click(screen.getByTestId('accounts-filter-text'));
    await user.keyboard('{ArrowDown}');
    expect(list).toHaveFocus();
    expect(active()).toHaveAttribute('data-account-id', 'big-0');

    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}{ArrowDown}');
    expect(active()).toHaveAttribute('data-account-id', 'big-2');
    expect(active()).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledWith('big-2');

    const page = Math.floor(640 / ROW_HEIGHT) - 1;
    await user.keyboard('{PageDown}');
    expect(active()).toHaveAttribute('data-account-id', `big-${2 + page}`);
    await user.keyboard('{PageUp}{PageUp}');
    expect(active()).toHaveAttribute('data-account-id', 'big-0');

    // End goes to the last loaded row and scrolls it into the window.
    await user.keyboard('{End}');
    await vi.waitFor(() => expect(active()).toHaveAttribute('data-account-id', 'big-199'));
    expect(list.parentElement!.scrollTop).toBe(200 * ROW_HEIGHT - 640);
    await user.keyboard('{Home}');
    expect(active()).toHaveAttribute('data-account-id', 'big-0');
    expect(list.parentElement!.scrollTop).toBe(0);
    await user.keyboard('{ArrowUp}');
    expect(active()).toHaveAttribute('data-account-id', 'big-0');
  });

  it('opens an account on click', async () => {
    const { user, onOpen } = renderPage();
    await screen.findAllByTestId('account-row');
    await user.click(within(row('a3')).getByText('Northwind Health'));
    expect(onOpen).toHaveBeenCalledWith('a3');
  });
});

describe('new account', () => {
  it('opens with N, saves with Enter, stays open for the next one and announces it', async () => {
    let rows = [...ROWS];
    const created = account({ id: 'new', name: 'Initech', tier: 'strategic' });
    const { user, calls } = renderPage({
      account_query: (args) => fakeQuery(rows)(args),
      account_create: () => {
        rows = [...rows, accountRow({ id: 'new', name: 'Initech', tier: 'strategic' })];
        return created;
      },
    });
    await screen.findAllByTestId('account-row');

    await user.keyboard('n');
    const name = screen.getByTestId('account-name-input');
    expect(name).toHaveFocus();
    expect(screen.getByTestId('account-form')).toBeInTheDocument();
    // Only our active people can own or sponsor a new account.
    expect(within(screen.getByTestId('account-owner-select')).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'No owner yet',
      'Dana Reyes — VP Sales',
      'Sam Okafor',
    ]);

    await user.type(name, ' Initech ');
    await user.selectOptions(screen.getByTestId('account-tier-select'), 'strategic');
    await user.selectOptions(screen.getByTestId('account-owner-select'), 'p-dana');
    await user.selectOptions(screen.getByTestId('account-sponsor-select'), 'p-sam');
    await user.type(screen.getByTestId('account-industry-input'), 'Software{Enter}');

    await vi.waitFor(() =>
      expect(callsTo(calls, 'account_create')).toEqual([
        {
          cmd: 'account_create',
          args: {
            input: { name: ' Initech ', tier: 'strategic', owner_id: 'p-dana', sponsor_id: 'p-sam', industry: 'Software' },
          },
        },
      ]),
    );
    expect(await screen.findByTestId('accounts-announce')).toHaveTextContent('Added Initech');
    await vi.waitFor(() => expect(row('new')).toBeInTheDocument());
    expect(screen.getByTestId('accounts-total')).toHaveTextContent('5 accounts');
    expect(screen.getByTestId('account-name-input')).toHaveValue('');
    expect(screen.getByTestId('account-name-input')).toHaveFocus();
    expect(screen.getByTestId('account-owner-select')).toHaveValue('');
    expect(screen.getByTestId('account-tier-select')).toHaveValue('key');
  });

  it('sends an account with only a name with no owner, sponsor or industry', async () => {
    const { user, calls } = renderPage({ account_create: () => account({ name: 'Hooli' }) });
    await screen.findAllByTestId('account-row');
    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), 'Hooli{Enter}');
    await vi.waitFor(() =>
      expect(callsTo(calls, 'account_create')[0]?.args).toEqual({
        input: { name: 'Hooli', tier: 'key', owner_id: null, sponsor_id: null, industry: null },
      }),
    );
  });

  it('puts an error from Rust under the field it names, keeps the typing and focuses that field', async () => {
    const { user } = renderPage({
      account_create: () => ipcFailure('validation', 'owner_id: that person has left', 'owner_id'),
    });
    await screen.findAllByTestId('account-row');
    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), 'Soylent');
    await user.selectOptions(screen.getByTestId('account-owner-select'), 'p-sam');
    await user.click(screen.getByTestId('account-save'));

    expect(await screen.findByTestId('field-error-owner_id')).toHaveTextContent('Owner_id: that person has left');
    const owner = screen.getByTestId('account-owner-select');
    expect(owner).toHaveFocus();
    expect(owner).toHaveAttribute('aria-invalid', 'true');
    expect(owner).toHaveAccessibleDescription('Owner_id: that person has left');
    expect(owner).toHaveValue('p-sam');
    expect(screen.getByTestId('account-name-input')).toHaveValue('Soylent');
    expect(screen.queryByTestId('field-error-name')).not.toBeInTheDocument();
    expect(screen.queryByTestId('form-error')).not.toBeInTheDocument();
  });

  it('puts a name error under the name', async () => {
    const { user } = renderPage({
      account_create: () => ipcFailure('validation', 'An account named “Globex” already exists.', 'name'),
    });
    await screen.findAllByTestId('account-row');
    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), 'Globex{Enter}');
    expect(await screen.findByTestId('field-error-name')).toHaveTextContent('An account named “Globex” already exists.');
    expect(screen.getByTestId('account-name-input')).toHaveValue('Globex');
    expect(screen.getByTestId('account-name-input')).toHaveFocus();
  });

  it('shows an error about no field as a form message', async () => {
    const { user } = renderPage({ account_create: () => ipcFailure('io', 'Disk is full.') });
    await screen.findAllByTestId('account-row');
    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), 'Soylent{Enter}');
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Disk is full.');
    expect(screen.getByTestId('account-name-input')).toHaveValue('Soylent');
  });

  it('requires a name without calling Rust', async () => {
    const { user, calls } = renderPage();
    await screen.findAllByTestId('account-row');
    await user.click(screen.getByTestId('account-new'));
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('field-error-name')).toHaveTextContent('Name is required.');
    expect(callsTo(calls, 'account_create')).toEqual([]);
  });

  it('N does nothing while typing; Escape closes the form and returns to the list', async () => {
    const { user } = renderPage();
    await screen.findAllByTestId('account-row');

    await user.click(screen.getByTestId('accounts-filter-text'));
    await user.keyboard('n');
    expect(screen.queryByTestId('account-form')).not.toBeInTheDocument();
    expect(screen.getByTestId('accounts-filter-text')).toHaveValue('n');

    screen.getByTestId('accounts-list').focus();
    await user.keyboard('n');
    expect(screen.getByTestId('account-name-input')).toHaveFocus();
    await user.keyboard('Partial{Escape}');
    expect(screen.queryByTestId('account-form')).not.toBeInTheDocument();
    expect(screen.getByTestId('accounts-list')).toHaveFocus();

    // Escape also closes it when the focus went back to the list meanwhile.
    await user.click(screen.getByTestId('account-new'));
    screen.getByTestId('accounts-list').focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('account-form')).not.toBeInTheDocument();
  });

  it('has a label on every input', async () => {
    const { user } = renderPage();
    await screen.findAllByTestId('account-row');
    await user.click(screen.getByTestId('account-new'));
    const form = screen.getByTestId('account-form');
    expect(within(form).getByLabelText('Name')).toBe(screen.getByTestId('account-name-input'));
    expect(within(form).getByLabelText('Tier')).toBe(screen.getByTestId('account-tier-select'));
    expect(within(form).getByLabelText(/Owner/)).toBe(screen.getByTestId('account-owner-select'));
    expect(within(form).getByLabelText(/Sponsor/)).toBe(screen.getByTestId('account-sponsor-select'));
    expect(within(form).getByLabelText(/Industry/)).toBe(screen.getByTestId('account-industry-input'));
    await user.click(screen.getByTestId('account-cancel'));
    expect(screen.queryByTestId('account-form')).not.toBeInTheDocument();
  });
});

describe('empty, loading and error', () => {
  it('invites to add the first account when the book is empty, with the slot for more', async () => {
    const { user } = renderPage({ account_query: fakeQuery([]) }, { emptyExtra: <p>Or load the sample book</p> });
    const empty = await screen.findByTestId('accounts-empty');
    expect(empty).toHaveTextContent('No accounts yet');
    expect(empty).toHaveTextContent('Or load the sample book');
    expect(screen.queryByTestId('accounts-list')).not.toBeInTheDocument();
    expect(screen.queryByTestId('accounts-filters')).not.toBeInTheDocument();
    expect(screen.getByTestId('accounts-total')).toHaveTextContent('0 accounts');
    await user.click(screen.getByTestId('accounts-empty-new'));
    expect(screen.getByTestId('account-name-input')).toHaveFocus();
  });

  it('says when no account matches the filters, and clears them', async () => {
    const { user } = renderPage();
    await screen.findAllByTestId('account-row');
    await user.type(screen.getByTestId('accounts-filter-text'), 'nothing like it');
    expect(await screen.findByTestId('accounts-no-match')).toHaveTextContent('No accounts match');
    expect(screen.queryByTestId('account-row')).not.toBeInTheDocument();
    expect(screen.queryByTestId('accounts-empty')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('accounts-no-match-clear'));
    await vi.waitFor(() => expect(screen.getAllByTestId('account-row')).toHaveLength(4));
    expect(screen.getByTestId('accounts-filter-text')).toHaveValue('');
  });

  it('shows loading, then the error with Retry', async () => {
    let fail = true;
    const { user } = renderPage({
      account_query: (args) => (fail ? ipcFailure('locked', 'The vault is locked.') : fakeQuery(ROWS)(args)),
    });
    expect(screen.getByTestId('accounts-loading')).toHaveTextContent('Loading accounts…');
    expect(await screen.findByRole('alert')).toHaveTextContent('The vault is locked.');
    fail = false;
    await user.click(screen.getByTestId('accounts-retry'));
    await vi.waitFor(() => expect(screen.getAllByTestId('account-row')).toHaveLength(4));
    expect(screen.queryByTestId('accounts-error')).not.toBeInTheDocument();
  });

  it('still lists accounts when our people cannot be read', async () => {
    renderPage({ people_ours: () => ipcFailure('internal', 'No.') });
    expect(await screen.findAllByTestId('account-row')).toHaveLength(4);
  });
});

describe('formatting', () => {
  it('writes revenue compactly with its currency', () => {
    expect(formatRevenue(null, 'EUR')).toBe('—');
    expect(formatRevenue(12_500_000, 'USD')).toBe(
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 }).format(12_500_000),
    );
    expect(formatRevenue(1_000, 'NOT-A-CODE')).toMatch(/NOT-A-CODE$/);
    // A prospect's zero, and round millions, carry no decimals.
    expect(formatRevenue(0, 'EUR')).not.toMatch(/[.,]\d/);
    expect(formatRevenue(12_000_000, 'EUR')).not.toMatch(/[.,]\d/);
    expect(formatRevenue(2_000_000, null)).toBe(new Intl.NumberFormat(undefined, { notation: 'compact' }).format(2_000_000));
  });

  it('says how long ago the last contact was', () => {
    const now = new Date(2026, 2, 14, 15, 0);
    const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
    expect(formatRelativeDay('2026-03-14', now)).toBe(rtf.format(0, 'day'));
    expect(formatRelativeDay('2026-03-13', now)).toBe(rtf.format(-1, 'day'));
    expect(formatRelativeDay('2026-02-28', now)).toBe(rtf.format(-2, 'week'));
    expect(formatRelativeDay('2025-11-14', now)).toBe(rtf.format(-3, 'month'));
    expect(formatRelativeDay('2023-01-01', now)).toBe(rtf.format(-3, 'year'));
    expect(formatRelativeDay('garbage', now)).toBe('garbage');
  });
});
