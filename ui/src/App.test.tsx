import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { callsTo, ipcFailure, mockCommands } from './ipc/testing';
import { accountRow, appClock, sessionState, vaultStatus } from './test/fixtures';
import { renderWithProviders } from './test/render';
import { todayView } from './today/fixtures';
import { backupFile, backupList } from './backups/fixtures';

/** The frame needs these once the vault is open: it lands on Today and scores health in the background. */
const openVault = {
  vault_status: () => vaultStatus(),
  account_query: () => ({ total: 1, offset: 0, rows: [accountRow({ name: 'Northwind Health' })] }),
  people_ours: () => [],
  today_view: () => todayView(),
  clock_now: () => appClock(),
  portfolio_score: () => 0,
  backup_auto: () => null,
};

/** Today is the home screen: it is what shows, and its sidebar item is the current one. */
async function expectToday() {
  expect(await screen.findByTestId('today-page')).toBeInTheDocument();
  expect(screen.getByTestId('nav-today')).toHaveAttribute('aria-current', 'page');
  expect(screen.getByTestId('nav-accounts')).not.toHaveAttribute('aria-current');
}

describe('start', () => {
  it('shows Create vault when there is no vault', async () => {
    const calls = mockCommands({ vault_state: () => sessionState({ lifecycle: 'missing', key_source: null }) });
    renderWithProviders(<App />);
    expect(await screen.findByTestId('create-vault')).toBeInTheDocument();
    // It looked for backups to offer first, and found none.
    expect(calls.map((c) => c.cmd)).toEqual(['vault_state', 'backup_list']);
  });

  it('unlocks a keychain vault silently, showing “Unlocking…” meanwhile, and opens on Today', async () => {
    let finish: (status: unknown) => void = () => {};
    const calls = mockCommands({
      vault_state: () => sessionState({ key_source: 'keychain', has_passphrase: false }),
      vault_unlock_keychain: () => new Promise((resolve) => (finish = resolve)),
      ...openVault,
    });
    renderWithProviders(<App />);

    expect(await screen.findByText('Unlocking…')).toBeInTheDocument();
    finish(vaultStatus({ key_source: 'keychain', unlocked_by: 'keychain' }));

    expect(await screen.findByTestId('app-frame')).toBeInTheDocument();
    expect(screen.queryByTestId('unlock-screen')).not.toBeInTheDocument();
    expect(callsTo(calls, 'vault_unlock_keychain')).toHaveLength(1);
    expect(callsTo(calls, 'vault_unlock')).toHaveLength(0);
    await expectToday();
    // Health is scored once, in the background.
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(1));
  });

  it('opens on Today after unlocking with the passphrase', async () => {
    const calls = mockCommands({
      vault_state: () => sessionState({ key_source: 'passphrase' }),
      vault_unlock: () => vaultStatus(),
      ...openVault,
    });
    const { user } = renderWithProviders(<App />);
    await user.type(await screen.findByTestId('unlock-secret-input'), 'salt wind over the quay');
    await user.click(screen.getByTestId('unlock-submit'));
    await expectToday();
    expect(callsTo(calls, 'today_view')).toHaveLength(1);
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(1));
  });

  it('falls back to Unlock with the keychain’s reason when it needs a secret', async () => {
    mockCommands({
      vault_state: () => sessionState({ key_source: 'keychain' }),
      vault_unlock_keychain: () => ipcFailure('needs_secret', 'The keychain entry for this vault is missing.'),
    });
    renderWithProviders(<App />);
    expect(await screen.findByTestId('unlock-screen')).toBeInTheDocument();
    expect(screen.getByText('The keychain entry for this vault is missing.')).toBeInTheDocument();
    expect(screen.queryByTestId('app-frame')).not.toBeInTheDocument();
  });

  it('asks for the passphrase without trying the keychain for a passphrase vault', async () => {
    const calls = mockCommands({ vault_state: () => sessionState({ key_source: 'passphrase' }) });
    renderWithProviders(<App />);
    expect(await screen.findByTestId('unlock-screen')).toBeInTheDocument();
    expect(callsTo(calls, 'vault_unlock_keychain')).toHaveLength(0);
  });

  it('goes straight to the app when the vault is already unlocked', async () => {
    mockCommands({ vault_state: () => sessionState({ lifecycle: 'unlocked' }), ...openVault });
    renderWithProviders(<App />);
    expect(await screen.findByTestId('app-frame')).toBeInTheDocument();
    const status = await screen.findByTestId('vault-status');
    await waitFor(() => expect(status).toHaveTextContent('Encrypted · SQLCipher 4.6.1'));
    await expectToday();
  });

  it('says so, and can retry, when the vault state cannot be read', async () => {
    let fail = true;
    mockCommands({
      vault_state: () => {
        if (fail) return ipcFailure('io', 'Permission denied reading the vault folder.');
        return sessionState({ lifecycle: 'missing' });
      },
    });
    const { user } = renderWithProviders(<App />);
    expect(await screen.findByText('Permission denied reading the vault folder.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('create-vault')).toBeInTheDocument();
  });
});

describe('first run', () => {
  it('creates a vault, shows the key once, and opens the app', async () => {
    const key = 'RK-7Q2M-XW4P-93HD-LK2A-PX7V';
    const calls = mockCommands({
      vault_state: () => sessionState({ lifecycle: 'missing', key_source: null }),
      vault_create: () => ({ recovery_key: key, status: vaultStatus({ unlocked_by: 'created', key_source: 'keychain' }) }),
      ...openVault,
    });
    const { user } = renderWithProviders(<App />);
    await user.click(await screen.findByTestId('create-vault-submit'));

    expect(await screen.findByTestId('recovery-key')).toHaveTextContent(key);
    expect(callsTo(calls, 'vault_create')[0]?.args).toEqual({ input: { mode: 'keychain', passphrase: null } });

    await user.click(screen.getByTestId('recovery-key-ack'));
    await user.click(screen.getByTestId('recovery-key-continue'));

    expect(await screen.findByTestId('app-frame')).toBeInTheDocument();
    expect(screen.queryByText(key)).not.toBeInTheDocument();
    await expectToday();
  });
});

describe('lock', () => {
  it('locks, forgets the accounts, and shows Unlock', async () => {
    const calls = mockCommands({
      vault_state: () => sessionState({ lifecycle: 'unlocked' }),
      vault_lock: () => null,
      ...openVault,
    });
    const { user, queryClient } = renderWithProviders(<App />);
    await user.click(await screen.findByTestId('nav-accounts'));
    expect(await screen.findByText('Northwind Health')).toBeInTheDocument();

    await user.click(screen.getByTestId('lock-button'));

    expect(await screen.findByTestId('unlock-screen')).toBeInTheDocument();
    expect(callsTo(calls, 'vault_lock')).toHaveLength(1);
    expect(screen.queryByText('Northwind Health')).not.toBeInTheDocument();
    await waitFor(() => expect(queryClient.getQueryCache().findAll({ queryKey: ['accounts'] })).toHaveLength(0));
  });
});

describe('restore from a backup', () => {
  it('offers the backups when the vault is gone, restores the chosen one with the keychain key, and opens the app', async () => {
    const calls = mockCommands({
      vault_state: () => sessionState({ lifecycle: 'missing', key_source: null }),
      backup_list: () => backupList(),
      backup_restore: () => vaultStatus({ key_source: 'keychain', unlocked_by: 'keychain' }),
      ...openVault,
    });
    const { user } = renderWithProviders(<App />);
    expect(await screen.findByTestId('restore-screen')).toHaveTextContent('Restore from a backup');
    const options = screen.getAllByTestId('restore-option');
    expect(options).toHaveLength(2);
    expect(options[0]).toHaveTextContent('Backed up by you');
    expect(options[0]).toHaveTextContent('latest');
    expect(screen.getAllByRole('radio')[0]).toBeChecked();

    await user.click(screen.getByTestId('restore-submit'));
    await expectToday();
    expect(callsTo(calls, 'backup_restore')[0]?.args).toEqual({ name: backupFile().name, secret: null });
  });

  it('can still create a new vault instead', async () => {
    mockCommands({
      vault_state: () => sessionState({ lifecycle: 'missing', key_source: null }),
      backup_list: () => backupList(),
    });
    const { user } = renderWithProviders(<App />);
    await user.click(await screen.findByTestId('restore-create-new'));
    expect(await screen.findByTestId('create-vault')).toBeInTheDocument();
  });

  it('says the vault is damaged, and asks for the passphrase when the keychain has no key', async () => {
    const calls = mockCommands({
      vault_state: () => ipcFailure('corrupt', 'the database /data/rapport.db is missing but its header is present'),
      backup_list: () => backupList(),
      backup_restore: (args) =>
        args?.secret === null
          ? ipcFailure('needs_secret', 'the keychain holds no key for this backup: enter the passphrase or the recovery key')
          : args?.secret === 'a long walk home'
            ? vaultStatus()
            : ipcFailure('wrong_secret', 'that passphrase or recovery key does not open this vault'),
      ...openVault,
    });
    const { user } = renderWithProviders(<App />);
    expect(await screen.findByTestId('restore-damage')).toHaveTextContent('missing but its header is present');
    expect(screen.getByTestId('restore-retry')).toBeInTheDocument();
    expect(screen.queryByTestId('restore-create-new')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('restore-submit'));
    expect(await screen.findByTestId('restore-secret-error')).toHaveTextContent('The keychain holds no key');
    await user.type(screen.getByTestId('restore-secret-input'), 'wrong one');
    await user.click(screen.getByTestId('restore-submit'));
    expect(await screen.findByTestId('restore-secret-error')).toHaveTextContent('does not open this vault');
    await user.clear(screen.getByTestId('restore-secret-input'));
    await user.type(screen.getByTestId('restore-secret-input'), 'a long walk home');
    await user.click(screen.getByTestId('restore-submit'));
    await expectToday();
    expect(callsTo(calls, 'backup_restore').map((c) => c.args?.secret)).toEqual([null, 'wrong one', 'a long walk home']);
  });

  it('turns a damaged vault found while unlocking into the restore screen', async () => {
    mockCommands({
      vault_state: () => sessionState({ key_source: 'keychain', has_passphrase: false }),
      vault_unlock_keychain: () => ipcFailure('corrupt', 'the database file is damaged; restore it from a backup'),
      backup_list: () => backupList({ backups: [] }),
    });
    renderWithProviders(<App />);
    expect(await screen.findByTestId('restore-damage')).toHaveTextContent('The database file is damaged');
    expect(screen.getByTestId('restore-none')).toHaveTextContent('No backups were found');
  });
});
