import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import { vaultStatus } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { Unlock } from './Unlock';
import type { LockedVault } from './Unlock';

const passphraseVault: LockedVault = { path: '/v/vault.rapport', keySource: 'passphrase', hasPassphrase: true };

function renderUnlock(vault = passphraseVault, reason: string | null = null) {
  const onUnlocked = vi.fn();
  const onVaultMissing = vi.fn();
  const view = renderWithProviders(
    <Unlock vault={vault} reason={reason} onUnlocked={onUnlocked} onVaultMissing={onVaultMissing} />,
  );
  return { ...view, onUnlocked, onVaultMissing };
}

describe('Unlock', () => {
  it('on a wrong secret, says so and keeps the text focused and selected', async () => {
    mockCommands({
      vault_unlock: () => ipcFailure('wrong_secret', 'That passphrase or recovery key does not open this vault.'),
    });
    const { user, onUnlocked } = renderUnlock();
    const input = screen.getByTestId<HTMLInputElement>('unlock-secret-input');
    await user.type(input, 'hunter22');
    await user.click(screen.getByTestId('unlock-submit'));

    expect(await screen.findByTestId('unlock-error')).toHaveTextContent(
      'That passphrase or recovery key does not open this vault.',
    );
    expect(input).toHaveValue('hunter22');
    expect(input).toHaveFocus();
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'hunter22'.length]);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it('unlocks on Enter with exactly what was typed', async () => {
    const status = vaultStatus({ unlocked_by: 'recovery_key' });
    const calls = mockCommands({ vault_unlock: () => status });
    const { user, onUnlocked } = renderUnlock();
    await user.type(screen.getByTestId('unlock-secret-input'), ' RK-1234-ABCD {Enter}');
    await vi.waitFor(() => expect(onUnlocked).toHaveBeenCalledWith(status));
    expect(callsTo(calls, 'vault_unlock')[0]?.args).toEqual({ secret: ' RK-1234-ABCD ' });
  });

  it('shows a pending button while unlocking', async () => {
    mockCommands({ vault_unlock: () => new Promise(() => {}) });
    const { user } = renderUnlock();
    await user.type(screen.getByTestId('unlock-secret-input'), 'something long');
    await user.click(screen.getByTestId('unlock-submit'));
    expect(screen.getByTestId('unlock-submit')).toBeDisabled();
    expect(screen.getByTestId('unlock-submit')).toHaveTextContent('Unlocking…');
  });

  it('does not call Rust with an empty field', async () => {
    const calls = mockCommands({});
    const { user } = renderUnlock();
    await user.click(screen.getByTestId('unlock-submit'));
    expect(screen.getByTestId('unlock-error')).toHaveTextContent('Enter your passphrase or recovery key.');
    expect(calls).toEqual([]);
  });

  it('shows and hides the secret', async () => {
    mockCommands({});
    const { user } = renderUnlock();
    const input = screen.getByTestId('unlock-secret-input');
    expect(input).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(input).toHaveAttribute('type', 'text');
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(input).toHaveAttribute('type', 'password');
  });

  it('shows why the keychain did not unlock, and can try it again', async () => {
    const status = vaultStatus({ key_source: 'keychain', unlocked_by: 'keychain' });
    const calls = mockCommands({ vault_unlock_keychain: () => status });
    const { user, onUnlocked } = renderUnlock(
      { path: '/v/vault.rapport', keySource: 'keychain', hasPassphrase: false },
      'The keychain is locked.',
    );
    expect(screen.getByText('The keychain is locked.')).toBeInTheDocument();
    expect(screen.getByText(/has no passphrase/)).toBeInTheDocument();
    await user.click(screen.getByTestId('unlock-keychain'));
    await vi.waitFor(() => expect(onUnlocked).toHaveBeenCalledWith(status));
    expect(callsTo(calls, 'vault_unlock_keychain')).toHaveLength(1);
  });
});
