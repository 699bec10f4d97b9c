import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import { VAULT_PATH, sessionState, vaultStatus } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { CreateVault } from './CreateVault';

const missing = (keychain_available = true) =>
  sessionState({ lifecycle: 'missing', key_source: null, has_passphrase: false, keychain_available });

function renderCreate(keychain = true) {
  const onCreated = vi.fn();
  const view = renderWithProviders(<CreateVault session={missing(keychain)} onCreated={onCreated} />);
  return { ...view, onCreated };
}

describe('CreateVault', () => {
  it('defaults to the keychain and shows where the vault will live', () => {
    mockCommands({});
    renderCreate();
    expect(screen.getByTestId('mode-keychain')).toBeChecked();
    expect(screen.getByText(VAULT_PATH)).toBeInTheDocument();
    expect(screen.queryByTestId('passphrase-input')).not.toBeInTheDocument();
  });

  it('forces a passphrase, and says why, when there is no keychain', () => {
    mockCommands({});
    renderCreate(false);
    expect(screen.getByTestId('mode-keychain')).toBeDisabled();
    expect(screen.getByTestId('mode-passphrase')).toBeChecked();
    expect(screen.getByText(/keychain is not available/)).toBeInTheDocument();
    expect(screen.getByTestId('passphrase-input')).toBeInTheDocument();
  });

  it('rejects a short passphrase and a mismatch without calling Rust', async () => {
    const calls = mockCommands({});
    const { user } = renderCreate();
    await user.click(screen.getByTestId('mode-passphrase'));

    await user.type(screen.getByTestId('passphrase-input'), 'short');
    await user.type(screen.getByTestId('passphrase-confirm-input'), 'short');
    await user.click(screen.getByTestId('create-vault-submit'));
    expect(screen.getByTestId('field-error-passphrase')).toHaveTextContent('at least 8 characters');
    expect(screen.getByTestId('passphrase-input')).toHaveFocus();

    await user.clear(screen.getByTestId('passphrase-input'));
    await user.type(screen.getByTestId('passphrase-input'), 'long enough words');
    await user.clear(screen.getByTestId('passphrase-confirm-input'));
    await user.type(screen.getByTestId('passphrase-confirm-input'), 'long enough wordz');
    await user.click(screen.getByTestId('create-vault-submit'));
    expect(screen.queryByTestId('field-error-passphrase')).not.toBeInTheDocument();
    expect(screen.getByTestId('field-error-passphrase_confirm')).toHaveTextContent('do not match');

    expect(calls).toEqual([]);
  });

  it('drops "do not match" as soon as the first field is fixed to match, and keeps both typed', async () => {
    mockCommands({});
    const { user } = renderCreate();
    await user.click(screen.getByTestId('mode-passphrase'));
    await user.type(screen.getByTestId('passphrase-input'), 'long enough wordz');
    await user.type(screen.getByTestId('passphrase-confirm-input'), 'long enough words');
    await user.click(screen.getByTestId('create-vault-submit'));
    expect(screen.getByTestId('field-error-passphrase_confirm')).toHaveTextContent('do not match');
    expect(screen.getByTestId('passphrase-confirm-input')).toHaveFocus();
    expect(screen.getByTestId('passphrase-confirm-input')).toHaveAttribute('aria-invalid', 'true');

    await user.type(screen.getByTestId('passphrase-input'), '{Backspace}s');
    expect(screen.queryByTestId('field-error-passphrase_confirm')).not.toBeInTheDocument();
    expect(screen.getByTestId('passphrase-input')).toHaveValue('long enough words');
    expect(screen.getByTestId('passphrase-confirm-input')).toHaveValue('long enough words');
  });

  it('sends the passphrase and hands over the recovery key', async () => {
    const created = { recovery_key: 'RK-1', status: vaultStatus({ unlocked_by: 'created' }) };
    const calls = mockCommands({ vault_create: () => created });
    const { user, onCreated } = renderCreate();
    await user.click(screen.getByTestId('mode-passphrase'));
    await user.type(screen.getByTestId('passphrase-input'), 'correct horse battery');
    await user.type(screen.getByTestId('passphrase-confirm-input'), 'correct horse battery{Enter}');

    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    expect(callsTo(calls, 'vault_create')).toEqual([
      { cmd: 'vault_create', args: { input: { mode: 'passphrase', passphrase: 'correct horse battery' } } },
    ]);
  });

  it('shows a pending button while the key is derived', async () => {
    let finish: (value: unknown) => void = () => {};
    mockCommands({ vault_create: () => new Promise((resolve) => (finish = resolve)) });
    const { user } = renderCreate();
    await user.click(screen.getByTestId('create-vault-submit'));
    const button = screen.getByTestId('create-vault-submit');
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Creating vault…');
    finish({ recovery_key: 'RK', status: vaultStatus() });
  });

  it('puts a passphrase error from Rust beside the passphrase field', async () => {
    mockCommands({
      vault_create: () => ipcFailure('validation', 'Passphrase is too common.', 'passphrase'),
    });
    const { user, onCreated } = renderCreate();
    await user.click(screen.getByTestId('mode-passphrase'));
    await user.type(screen.getByTestId('passphrase-input'), 'password123');
    await user.type(screen.getByTestId('passphrase-confirm-input'), 'password123');
    await user.click(screen.getByTestId('create-vault-submit'));

    expect(await screen.findByTestId('field-error-passphrase')).toHaveTextContent('Passphrase is too common.');
    expect(screen.getByTestId('passphrase-input')).toHaveValue('password123');
    expect(screen.queryByTestId('form-error')).not.toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('shows other failures as a form message', async () => {
    mockCommands({
      vault_create: () => ipcFailure('vault_exists', 'A vault already exists at this path.'),
    });
    const { user } = renderCreate();
    await user.click(screen.getByTestId('create-vault-submit'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('A vault already exists at this path.');
  });
});
