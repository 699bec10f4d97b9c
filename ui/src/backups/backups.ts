// The automatic backups, as the settings panel and the first screen show them.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { commands } from '../ipc';
import type { BackupFile, BackupReason } from '../ipc';
import { formatDateTime, formatSize } from '../lib/format';

export const backupsKey = ['backups'] as const;

/** The backup folder and its backups, newest first. */
export function useBackups() {
  return useQuery({ queryKey: backupsKey, queryFn: () => commands.backupList() });
}

const REASONS: Record<BackupReason, string> = {
  daily: 'Daily',
  manual: 'Backed up by you',
  before_import: 'Before an import',
  before_restore: 'Before a restore',
  before_migration: 'Before an update',
};

export function reasonLabel(reason: BackupReason): string {
  return REASONS[reason];
}

/** "7 December 2026 at 09:30" where the user is. */
export function backupTime(backup: BackupFile): string {
  return formatDateTime(new Date(backup.taken_at));
}

/** A backup's size, or a dash when it could not be read. */
export function backupSize(bytes: number | null): string {
  return bytes === null ? '—' : formatSize(bytes);
}

const HOUR = 60 * 60 * 1000;

/**
 * The daily backup: asked for once when the vault opens, then every hour
 * while it stays open; Rust backs up only when the newest backup is a day
 * old, in the background (the UI never waits for it). A failure is only
 * logged here: the settings panel shows when the last backup was.
 */
export function useDailyBackup(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let stopped = false;
    const run = async () => {
      try {
        const written = await commands.backupAuto();
        if (written && !stopped) void queryClient.invalidateQueries({ queryKey: backupsKey });
      } catch (error) {
        console.warn('automatic backup failed', error);
      }
    };
    void run();
    const timer = window.setInterval(() => void run(), HOUR);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [queryClient]);
}
