import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { BackupChoices } from '../backups/BackupChoices';
import { AppError, commands } from '../ipc';
import type { BackupList, VaultStatus } from '../ipc';
import { AuthLayout } from '../ui/AuthLayout';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { SecretInput } from '../ui/SecretInput';
import '../backups/backups.css';

/**
 * The first screen when the vault is missing or damaged and backups exist:
 * pick one (the newest is chosen), and Rust checks it and puts it in place.
 * The key comes from the keychain; when it has none (passphrase mode, a new
 * computer), the passphrase or recovery key is asked for.
 */
export function RestoreBackup({
  list,
  damage,
  onRestored,
  onCreateNew,
  onRetry,
}: {
  list: BackupList;
  /** Why the vault cannot be opened, when it is damaged rather than missing. */
  damage: string | null;
  onRestored: (status: VaultStatus) => void;
  /** Offered when the vault is missing: start again with an empty vault. */
  onCreateNew?: () => void;
  onRetry?: () => void;
}) {
  const [chosen, setChosen] = useState(list.backups[0]?.name ?? '');
  const [askSecret, setAskSecret] = useState(false);
  const [secret, setSecret] = useState('');
  const [secretError, setSecretError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);

  const restore = useMutation({
    mutationFn: ({ name, typed }: { name: string; typed: string | null }) => commands.backupRestore(name, typed),
    onSuccess: (status) => onRestored(status),
    onError: (failure) => {
      const error = AppError.from(failure);
      if (error.code === 'needs_secret' || error.code === 'wrong_secret' || error.field === 'passphrase') {
        setAskSecret(true);
        setSecretError(error.message);
        setFormError(null);
        window.setTimeout(() => secretRef.current?.focus(), 0);
      } else {
        setFormError(error.message);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (restore.isPending || !chosen) return;
    if (askSecret && secret.length === 0) {
      setSecretError('Enter the passphrase or the recovery key.');
      secretRef.current?.focus();
      return;
    }
    setSecretError(null);
    setFormError(null);
    restore.mutate({ name: chosen, typed: askSecret ? secret : null });
  };

  return (
    <AuthLayout testId="restore-screen" wide>
      <form className="stack" onSubmit={submit} noValidate>
        <header className="auth-header">
          <h1>{damage ? 'Your vault cannot be opened' : 'Restore from a backup'}</h1>
          <p className="lede">
            {damage
              ? 'Rapport keeps automatic backups. Restore the latest to get your book back; the damaged files are kept aside, not deleted.'
              : 'There is no vault here, but Rapport found backups of one. Restore a backup to get your book back.'}
          </p>
        </header>
        {damage && (
          <div className="callout" role="note" data-testid="restore-damage">
            {damage}
          </div>
        )}
        {list.backups.length === 0 ? (
          <p className="muted" data-testid="restore-none">
            No backups were found in {list.folder}.
          </p>
        ) : (
          <BackupChoices
            legend={`Backups in ${list.folder}, newest first`}
            name="backup"
            backups={list.backups}
            chosen={chosen}
            onChoose={setChosen}
            optionTestId="restore-option"
            markLatest
            testId="restore-list"
          />
        )}
        {askSecret && (
          <Field
            id="restore-secret"
            label="Passphrase or recovery key"
            hint="The one that opened the vault when this backup was taken."
            error={secretError}
            errorTestId="restore-secret-error"
            control={(a11y) => (
              <SecretInput
                {...a11y}
                ref={secretRef}
                testId="restore-secret-input"
                autoComplete="current-password"
                value={secret}
                onChange={setSecret}
              />
            )}
          />
        )}
        <FormError message={formError} testId="restore-error" />
        {list.backups.length > 0 && (
          <Button
            type="submit"
            variant="primary"
            size="lg"
            data-testid="restore-submit"
            pending={restore.isPending}
            pendingLabel="Checking and restoring…"
          >
            Restore this backup
          </Button>
        )}
        {onRetry && (
          <Button variant="ghost" data-testid="restore-retry" disabled={restore.isPending} onClick={onRetry}>
            Try opening the vault again
          </Button>
        )}
        {onCreateNew && (
          <Button variant="ghost" data-testid="restore-create-new" disabled={restore.isPending} onClick={onCreateNew}>
            Create a new, empty vault instead
          </Button>
        )}
      </form>
    </AuthLayout>
  );
}
