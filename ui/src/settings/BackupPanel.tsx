import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { BackupChoices } from '../backups/BackupChoices';
import { backupSize, backupTime, backupsKey, reasonLabel, useBackups } from '../backups/backups';
import { AppError, commands } from '../ipc';
import type { BackupCheck, BackupFile, BackupList } from '../ipc';
import { reloadApp } from '../lib/reload';
import { Button } from '../ui/Button';
import { FormError } from '../ui/Field';
import '../backups/backups.css';

/**
 * Backups on the settings page: when the last one was taken, where they go,
 * "Back up now", a check of any one, and "Restore…" (pick, confirm, and the
 * app starts again on the restored book).
 */
export function BackupPanel() {
  const base = useId();
  const backups = useBackups();
  return (
    <section className="panel details backup-panel" aria-labelledby={`${base}-title`} data-testid="backup-panel">
      <div className="section-head">
        <h2 className="panel-title" id={`${base}-title`}>
          Backups
        </h2>
      </div>
      <p className="muted">
        Encrypted copies of the vault, taken every day, before every import and restore, and before an update changes
        the vault. Rapport keeps 7 daily, 4 weekly and 12 monthly ones.
      </p>
      {backups.isPending && (
        <p aria-busy="true" className="muted">
          Looking for backups…
        </p>
      )}
      {backups.isError && (
        <div role="alert">
          <p>{backups.error.message}</p>
          <Button size="sm" onClick={() => void backups.refetch()}>
            Try again
          </Button>
        </div>
      )}
      {backups.data && <BackupDetails list={backups.data} />}
    </section>
  );
}

function BackupDetails({ list }: { list: BackupList }) {
  const queryClient = useQueryClient();
  const latest = list.backups[0];
  const [restoring, setRestoring] = useState(false);
  const [checks, setChecks] = useState<Record<string, BackupCheck | 'checking' | { failed: string }>>({});

  const update = (next: BackupList) => queryClient.setQueryData(backupsKey, next);

  const now = useMutation({
    mutationFn: () => commands.backupNow(),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: backupsKey }),
  });
  const choose = useMutation({
    mutationFn: () => commands.backupFolderChoose(),
    onSuccess: (next) => next && update(next),
  });
  const reset = useMutation({ mutationFn: () => commands.backupFolderReset(), onSuccess: update });

  const check = async (backup: BackupFile) => {
    setChecks((c) => ({ ...c, [backup.name]: 'checking' }));
    try {
      const verdict = await commands.backupCheck(backup.name);
      setChecks((c) => ({ ...c, [backup.name]: verdict }));
    } catch (error) {
      setChecks((c) => ({ ...c, [backup.name]: { failed: AppError.from(error).message } }));
    }
  };

  const folderError = choose.error ?? reset.error;

  return (
    <div className="stack backup-details">
      <dl className="backup-facts">
        <dt>Last backup</dt>
        <dd data-testid="backup-last">
          {latest ? `${backupTime(latest)} · ${backupSize(latest.bytes)} · ${reasonLabel(latest.reason)}` : 'None yet'}
        </dd>
        <dt>Folder</dt>
        <dd>
          <span className="path" data-testid="backup-folder" title={list.folder}>
            {list.folder}
          </span>
          {list.is_default && <span className="muted"> (next to the vault)</span>}
        </dd>
      </dl>
      <div className="backup-actions">
        <Button
          variant="primary"
          data-testid="backup-now"
          pending={now.isPending}
          pendingLabel="Backing up…"
          onClick={() => now.mutate()}
        >
          Back up now
        </Button>
        <Button data-testid="backup-folder-choose" pending={choose.isPending} onClick={() => choose.mutate()}>
          Choose folder…
        </Button>
        {!list.is_default && (
          <Button variant="ghost" data-testid="backup-folder-reset" pending={reset.isPending} onClick={() => reset.mutate()}>
            Use the default folder
          </Button>
        )}
        {list.backups.length > 0 && !restoring && (
          <Button variant="ghost" data-testid="backup-restore-open" onClick={() => setRestoring(true)}>
            Restore…
          </Button>
        )}
      </div>
      <p className="save-state" role="status" aria-live="polite" data-testid="backup-now-status">
        {now.isSuccess && `Backed up: ${now.data.name}`}
      </p>
      <FormError message={now.error ? AppError.from(now.error).message : null} testId="backup-now-error" />
      <FormError message={folderError ? AppError.from(folderError).message : null} testId="backup-folder-error" />
      {restoring && <RestoreChoice list={list} onCancel={() => setRestoring(false)} />}
      {list.backups.length > 0 && (
        <table className="table backup-table" data-testid="backup-list">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Why</th>
              <th scope="col">Size</th>
              <th scope="col">Integrity</th>
            </tr>
          </thead>
          <tbody>
            {list.backups.map((backup) => {
              const verdict = checks[backup.name];
              return (
                <tr key={backup.name} data-testid="backup-row">
                  <td title={backup.name}>{backupTime(backup)}</td>
                  <td>{reasonLabel(backup.reason)}</td>
                  <td>{backupSize(backup.bytes)}</td>
                  <td data-testid="backup-verdict">
                    {verdict === undefined && (
                      <Button size="sm" variant="ghost" onClick={() => void check(backup)}>
                        Check
                      </Button>
                    )}
                    {verdict === 'checking' && <span className="muted">Checking…</span>}
                    {typeof verdict === 'object' && 'ok' in verdict && (verdict.ok ? 'Intact' : `Damaged: ${verdict.detail}`)}
                    {typeof verdict === 'object' && 'failed' in verdict && verdict.failed}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Pick a backup, confirm, restore; the app then starts again on the restored book. */
function RestoreChoice({ list, onCancel }: { list: BackupList; onCancel: () => void }) {
  const [chosen, setChosen] = useState(list.backups[0]?.name ?? '');
  const [confirming, setConfirming] = useState(false);
  const restore = useMutation({
    mutationFn: (name: string) => commands.backupRestore(name, null),
    onSuccess: () => reloadApp(),
    // The vault closed during a failed swap: start again at the unlock screen.
    onError: (error) => AppError.from(error).code === 'locked' && reloadApp(),
  });
  const picked = list.backups.find((b) => b.name === chosen);

  return (
    <div className="callout stack" data-testid="backup-restore">
      {!confirming ? (
        <>
          <BackupChoices
            legend="Restore which backup?"
            name="restore-backup"
            backups={list.backups}
            chosen={chosen}
            onChoose={setChosen}
            optionTestId="backup-restore-option"
          />
          <div className="backup-actions">
            <Button variant="primary" data-testid="backup-restore-next" disabled={!picked} onClick={() => setConfirming(true)}>
              Restore…
            </Button>
            <Button variant="ghost" data-testid="backup-restore-cancel" onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="backup-restore-question">
            Replace the whole book with the backup of {picked ? backupTime(picked) : chosen}? Everything changed since
            then is backed up first, so this can be undone by restoring that backup.
          </p>
          <FormError message={restore.error ? AppError.from(restore.error).message : null} testId="backup-restore-error" />
          <div className="backup-actions">
            <Button
              variant="primary"
              data-testid="backup-restore-confirm"
              pending={restore.isPending}
              pendingLabel="Restoring…"
              onClick={() => restore.mutate(chosen)}
            >
              Restore this backup
            </Button>
            <Button variant="ghost" data-testid="backup-restore-cancel" disabled={restore.isPending} onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
