import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { VAULT_PATH } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { RecoveryKey } from './RecoveryKey';

const KEY = 'RK-7Q2M-XW4P-93HD-LK2A-PX7V-2M9C';

function renderRecovery() {
  const onContinue = vi.fn();
  const view = renderWithProviders(
    <RecoveryKey recoveryKey={KEY} path={VAULT_PATH} createdAt={new Date('2026-05-01T10:00:00Z')} onContinue={onContinue} />,
  );
  return { ...view, onContinue };
}

describe('RecoveryKey', () => {
  it('shows exactly the key, the vault path, and why it matters', () => {
    renderRecovery();
    expect(screen.getByTestId('recovery-key').textContent).toBe(KEY);
    expect(screen.getByText(VAULT_PATH)).toBeInTheDocument();
    expect(screen.getByText(/cannot recover it/)).toBeInTheDocument();
  });

  it('needs the checkbox before Continue works', async () => {
    const { user, onContinue } = renderRecovery();
    const next = screen.getByTestId('recovery-key-continue');
    expect(next).toBeDisabled();
    await user.click(next);
    expect(onContinue).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('recovery-key-ack'));
    expect(next).toBeEnabled();
    await user.click(next);
    expect(onContinue).toHaveBeenCalledTimes(1);
  });

  it('copies the key and says so', async () => {
    const { user } = renderRecovery();
    await user.click(screen.getByTestId('recovery-key-copy'));
    expect(await navigator.clipboard.readText()).toBe(KEY);
    expect(screen.getByTestId('recovery-key-copy')).toHaveTextContent('Copied');
  });

  it('explains what to do when the clipboard refuses', async () => {
    const { user } = renderRecovery();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    await user.click(screen.getByTestId('recovery-key-copy'));
    expect(await screen.findByText(/Copying is not available here/)).toBeInTheDocument();
    expect(screen.getByTestId('recovery-key-copy')).not.toHaveTextContent('Copied');
    expect(window.getSelection()?.toString()).toBe(KEY);
  });

  it('prints', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    const { user } = renderRecovery();
    await user.click(screen.getByTestId('recovery-key-print'));
    expect(print).toHaveBeenCalledTimes(1);
  });
});
