import type { BackupFile, BackupList } from '../ipc';

export function backupFile(overrides: Partial<BackupFile> = {}): BackupFile {
  return {
    name: 'rapport-2026-12-07T093000Z-manual.db',
    path: '/data/backups/rapport-2026-12-07T093000Z-manual.db',
    taken_at: '2026-12-07T09:30:00Z',
    reason: 'manual',
    bytes: 2_400_000,
    ...overrides,
  };
}

export function backupList(overrides: Partial<BackupList> = {}): BackupList {
  return {
    folder: '/data/backups',
    is_default: true,
    backups: [
      backupFile(),
      backupFile({
        name: 'rapport-2026-12-06T080000Z-daily.db',
        path: '/data/backups/rapport-2026-12-06T080000Z-daily.db',
        taken_at: '2026-12-06T08:00:00Z',
        reason: 'daily',
        bytes: 2_300_000,
      }),
    ],
    ...overrides,
  };
}
