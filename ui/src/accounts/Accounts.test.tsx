import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AppFrame } from '../frame/AppFrame';
import type { Account } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { account, vaultStatus } from '../test/fixtures';
import { renderWithProviders } from '../test/render';

const ACCOUNTS: Account[] = [
  account({ id: 'a1', name: 'Umbrella Logistics', tier: 'growth', owner_name: null }),
  account({ id: 'a2', name: 'acme Robotics', tier: 'strategic', owner_name: 'Priya Natarajan' }),
  account({ id: 'a3', name: 'Northwind Health', tier: 'key', owner_name: null, created_at: '2026-01-05T12:00:00Z' }),
  account({ id: 'a4', name: 'Globex', tier: 'strategic', owner_name: '   ' }),
];

function renderFrame(accounts: Account[], handlers: Record<string, IpcHandler> = {}) {
  const calls = mockCommands({
    vault_status: () => vaultStatus(),
    account_list: () => accounts,
    ...handlers,
  });
  const view = renderWithProviders(<AppFrame initialStatus={vaultStatus()} onLocked={vi.fn()} />);
  return { ...view, calls };
}

const rowNames = () => screen.getAllByTestId('account-row').map((row) => within(row).getAllByRole('cell')[0]?.textContent);
const rowFor = (name: string) => screen.getAllByTestId('account-row').find((row) => row.textContent?.includes(name));

describe('accounts list', () => {
  it('lists accounts by name, with tier, owner and created date', async () => {
    renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');
    expect(rowNames()).toEqual(['acme Robotics', 'Globex', 'Northwind Health', 'Umbrella Logistics']);

    const acme = rowFor('acme Robotics')!;
    expect(within(acme).getByText('Strategic')).toHaveClass('badge');
    expect(acme).toHaveTextContent('Priya Natarajan');

    const northwind = rowFor('Northwind Health')!;
    const created = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date('2026-01-05T12:00:00Z'));
    expect(northwind).toHaveTextContent(created);
  });

  it('flags strategic and key accounts without an owner, not growth ones', async () => {
    renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');
    expect(within(rowFor('Northwind Health')!).getByText('No owner')).toBeInTheDocument();
    expect(within(rowFor('Globex')!).getByText('No owner')).toBeInTheDocument();
    expect(within(rowFor('Umbrella Logistics')!).queryByText('No owner')).not.toBeInTheDocument();
    expect(within(rowFor('acme Robotics')!).queryByText('No owner')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('no-owner-flag')).toHaveLength(2);
  });

  it('invites to add the first account when there are none', async () => {
    const { user } = renderFrame([]);
    expect(await screen.findByTestId('accounts-empty')).toHaveTextContent('No accounts yet');
    expect(screen.queryByTestId('accounts-list')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('accounts-empty-new'));
    expect(screen.getByTestId('account-name-input')).toHaveFocus();
  });

  it('shows the vault status line', async () => {
    renderFrame([]);
    expect(await screen.findByTestId('vault-status')).toHaveTextContent('Encrypted · SQLCipher 4.6.1');
  });

  it('says so when the list cannot be read', async () => {
    renderFrame([], {
      account_list: () => ipcFailure('locked', 'The vault is locked.'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('The vault is locked.');
  });
});

describe('search', () => {
  it('filters by name and owner, Ctrl+K focuses it, Escape clears it', async () => {
    const { user } = renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');
    const search = screen.getByTestId('search-input');

    await user.keyboard('{Control>}k{/Control}');
    expect(search).toHaveFocus();

    await user.keyboard('north');
    expect(rowNames()).toEqual(['Northwind Health']);

    await user.clear(search);
    await user.keyboard('priya');
    expect(rowNames()).toEqual(['acme Robotics']);

    await user.clear(search);
    await user.keyboard('nothing like it');
    expect(screen.queryByTestId('account-row')).not.toBeInTheDocument();
    expect(screen.getByTestId('accounts-no-match')).toBeInTheDocument();

    await user.keyboard('{Escape}');
    expect(search).toHaveValue('');
    expect(screen.getAllByTestId('account-row')).toHaveLength(4);
  });

  it('Cmd+K focuses it too', async () => {
    renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');
    fireEvent.keyDown(window, { key: 'k', metaKey: true });
    expect(screen.getByTestId('search-input')).toHaveFocus();
  });
});

describe('new account', () => {
  it('sends what the user typed and shows the new row', async () => {
    const created = account({ id: 'new', name: 'Initech', tier: 'strategic', owner_name: 'Bill Lumbergh' });
    let list = [...ACCOUNTS];
    const { user, calls } = renderFrame([], {
      account_list: () => list,
      account_create: () => {
        list = [...list, created];
        return created;
      },
    });
    await screen.findByTestId('accounts-list');

    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), ' Initech ');
    await user.selectOptions(screen.getByTestId('account-tier-select'), 'strategic');
    await user.type(screen.getByTestId('account-owner-input'), 'Bill Lumbergh');
    await user.click(screen.getByTestId('account-save'));

    const row = await vi.waitFor(() => {
      const found = rowFor('Initech');
      expect(found).toBeDefined();
      return found!;
    });
    expect(callsTo(calls, 'account_create')).toEqual([
      { cmd: 'account_create', args: { input: { name: ' Initech ', tier: 'strategic', owner_name: 'Bill Lumbergh' } } },
    ]);
    expect(row).toHaveClass('row-new');
    expect(screen.queryByTestId('account-name-input')).not.toBeInTheDocument();
    expect(screen.getByTestId('account-new')).toHaveFocus();
  });

  it('defaults to tier key and sends no owner as null', async () => {
    const { user, calls } = renderFrame([], {
      account_create: (args) => account({ ...(args?.input as object), id: 'x' }),
    });
    await screen.findByTestId('accounts-empty');
    await user.click(screen.getByTestId('account-new'));
    expect(screen.getByTestId('account-tier-select')).toHaveValue('key');
    await user.type(screen.getByTestId('account-name-input'), 'Hooli{Enter}');
    await vi.waitFor(() =>
      expect(callsTo(calls, 'account_create')[0]?.args).toEqual({
        input: { name: 'Hooli', tier: 'key', owner_name: null },
      }),
    );
  });

  it('puts a name error from Rust under the name field and keeps the typing', async () => {
    const { user } = renderFrame(ACCOUNTS, {
      account_create: () => ipcFailure('validation', 'An account named “Globex” already exists.', 'name'),
    });
    await screen.findByTestId('accounts-list');
    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), 'Globex');
    await user.type(screen.getByTestId('account-owner-input'), 'Hank Scorpio');
    await user.click(screen.getByTestId('account-save'));

    expect(await screen.findByTestId('field-error-name')).toHaveTextContent('An account named “Globex” already exists.');
    expect(screen.getByTestId('account-name-input')).toHaveValue('Globex');
    expect(screen.getByTestId('account-name-input')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('account-owner-input')).toHaveValue('Hank Scorpio');
    expect(screen.queryByTestId('form-error')).not.toBeInTheDocument();
  });

  it('puts an owner error under the owner field', async () => {
    const { user } = renderFrame(ACCOUNTS, {
      account_create: () => ipcFailure('validation', 'Owner name is too long.', 'owner_name'),
    });
    await screen.findByTestId('accounts-list');
    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), 'Soylent');
    await user.type(screen.getByTestId('account-owner-input'), 'Someone{Enter}');
    expect(await screen.findByTestId('field-error-owner_name')).toHaveTextContent('Owner name is too long.');
    expect(screen.getByTestId('account-owner-input')).toHaveFocus();
  });

  it('shows an error about no field as a form message', async () => {
    const { user } = renderFrame(ACCOUNTS, {
      account_create: () => ipcFailure('io', 'Disk is full.'),
    });
    await screen.findByTestId('accounts-list');
    await user.click(screen.getByTestId('account-new'));
    await user.type(screen.getByTestId('account-name-input'), 'Soylent{Enter}');
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Disk is full.');
    expect(screen.getByTestId('account-name-input')).toHaveValue('Soylent');
  });

  it('checks the name on blur and on submit without calling Rust', async () => {
    const { user, calls } = renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');
    await user.click(screen.getByTestId('account-new'));

    await user.type(screen.getByTestId('account-name-input'), '   ');
    await user.tab();
    expect(screen.getByTestId('field-error-name')).toHaveTextContent('Name is required.');

    await user.click(screen.getByTestId('account-name-input'));
    await user.paste('x'.repeat(201));
    await user.click(screen.getByTestId('account-save'));
    expect(screen.getByTestId('field-error-name')).toHaveTextContent('200 characters or fewer');
    expect(callsTo(calls, 'account_create')).toEqual([]);
  });

  it('opens with N, not while typing, and closes with Escape', async () => {
    const { user } = renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');

    await user.click(screen.getByTestId('search-input'));
    await user.keyboard('n');
    expect(screen.queryByTestId('account-name-input')).not.toBeInTheDocument();
    expect(screen.getByTestId('search-input')).toHaveValue('n');
    await user.keyboard('{Escape}');

    screen.getByTestId('search-input').blur();
    await user.keyboard('n');
    const name = screen.getByTestId('account-name-input');
    expect(name).toHaveFocus();
    expect(name).toHaveValue('');

    await user.keyboard('Partial{Escape}');
    expect(screen.queryByTestId('account-name-input')).not.toBeInTheDocument();
    expect(screen.getByTestId('account-new')).toHaveFocus();
  });

  it('has a label on every input', async () => {
    const { user } = renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');
    await user.click(screen.getByTestId('account-new'));
    expect(screen.getByLabelText('Name')).toBe(screen.getByTestId('account-name-input'));
    expect(screen.getByLabelText('Tier')).toBe(screen.getByTestId('account-tier-select'));
    expect(screen.getByLabelText(/Owner/)).toBe(screen.getByTestId('account-owner-input'));
    expect(screen.getByLabelText('Search accounts')).toBe(screen.getByTestId('search-input'));
  });

  it('Cancel closes the form', async () => {
    const { user } = renderFrame(ACCOUNTS);
    await screen.findByTestId('accounts-list');
    await user.click(screen.getByTestId('account-new'));
    await user.click(screen.getByTestId('account-cancel'));
    expect(screen.queryByTestId('account-name-input')).not.toBeInTheDocument();
  });
});
