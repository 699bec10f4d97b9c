import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backupFile, backupList } from '../backups/fixtures';
import type { BackupList } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import { reloadApp } from '../lib/reload';
import { vaultStatus } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { BackupPanel } from './BackupPanel';

vi.mock('../lib/reload', () => ({ reloadApp: vi.fn() }));

beforeEach(() => vi.mocked(reloadApp).mockClear());

function renderPanel(initial: BackupList = backupList()) {
  let stored = initial;
  const calls = mockCommands({
    backup_list: () => stored,
    backup_now: () => {
      const written = backupFile({ name: 'rapport-2026-12-07T110000Z-manual.db', taken_at: '2026-12-07T11:00:00Z' });
      stored = { ...stored, backups: [written, ...stored.backups] };
      return written;
    },
    backup_check: (args) =>
      args?.name === backupFile().name
        ? { name: args.name, ok: true, detail: 'ok' }
        : { name: args?.name, ok: false, detail: 'page 3 failed its HMAC' },
    backup_folder_choose: () => {
      stored = { ...stored, folder: '/mnt/usb/rapport', is_default: false };
      return stored;
    },
    backup_folder_reset: () => {
      stored = { ...stored, folder: '/data/backups', is_default: true };
      return stored;
    },
    backup_restore: () => vaultStatus(),
  });
  return { ...renderWithProviders(<BackupPanel />), calls };
}

describe('backup panel', () => {
  it('shows the last backup and the folder, and backs up now with feedback', async () => {
    const { user, calls } = renderPanel();
    expect(await screen.findByTestId('backup-last')).toHaveTextContent('Backed up by you');
    expect(screen.getByTestId('backup-last')).toHaveTextContent('2.3 MB');
    expect(screen.getByTestId('backup-folder')).toHaveTextContent('/data/backups');
    expect(screen.getAllByTestId('backup-row')).toHaveLength(2);

    await user.click(screen.getByTestId('backup-now'));
    expect(await screen.findByTestId('backup-now-status')).toHaveTextContent(
      'Backed up: rapport-2026-12-07T110000Z-manual.db',
    );
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(3));
    expect(callsTo(calls, 'backup_now')).toHaveLength(1);
  });

  it('says why a backup failed', async () => {
    mockCommands({
      backup_list: () => backupList({ backups: [] }),
      backup_now: () => ipcFailure('io', 'creating the backup folder /mnt/usb: permission denied'),
    });
    const { user } = renderWithProviders(<BackupPanel />);
    expect(await screen.findByTestId('backup-last')).toHaveTextContent('None yet');
    await user.click(screen.getByTestId('backup-now'));
    expect(await screen.findByTestId('backup-now-error')).toHaveTextContent('permission denied');
  });

  it('picks a folder, and goes back to the default', async () => {
    const { user } = renderPanel();
    await user.click(await screen.findByTestId('backup-folder-choose'));
    expect(await screen.findByTestId('backup-folder')).toHaveTextContent('/mnt/usb/rapport');
    await user.click(screen.getByTestId('backup-folder-reset'));
    await waitFor(() => expect(screen.getByTestId('backup-folder')).toHaveTextContent('/data/backups'));
    expect(screen.queryByTestId('backup-folder-reset')).not.toBeInTheDocument();
  });

  it('checks a backup on demand', async () => {
    const { user } = renderPanel();
    const rows = await screen.findAllByTestId('backup-row');
    await user.click(within(rows[0]).getByRole('button', { name: 'Check' }));
    expect(await within(rows[0]).findByTestId('backup-verdict')).toHaveTextContent('Intact');
    await user.click(within(rows[1]).getByRole('button', { name: 'Check' }));
    expect(await within(rows[1]).findByText(/Damaged: page 3/)).toBeInTheDocument();
  });

  it('restores a chosen backup after confirming, then reloads the app', async () => {
    const { user, calls } = renderPanel();
    await user.click(await screen.findByTestId('backup-restore-open'));
    const options = screen.getAllByTestId('backup-restore-option');
    await user.click(within(options[1]).getByRole('radio'));
    await user.click(screen.getByTestId('backup-restore-next'));
    expect(screen.getByTestId('backup-restore-question')).toHaveTextContent('backed up first');
    expect(callsTo(calls, 'backup_restore')).toHaveLength(0);

    await user.click(screen.getByTestId('backup-restore-confirm'));
    await waitFor(() => expect(reloadApp).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'backup_restore')[0]?.args).toEqual({
      name: 'rapport-2026-12-06T080000Z-daily.db',
      secret: null,
    });
  });

  it('cancelling the restore changes nothing', async () => {
    const { user, calls } = renderPanel();
    await user.click(await screen.findByTestId('backup-restore-open'));
    await user.click(screen.getByTestId('backup-restore-next'));
    await user.click(screen.getByTestId('backup-restore-cancel'));
    expect(screen.queryByTestId('backup-restore')).not.toBeInTheDocument();
    expect(callsTo(calls, 'backup_restore')).toHaveLength(0);
    expect(reloadApp).not.toHaveBeenCalled();
  });
});
