import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { BackupChoices } from '../backups/BackupChoices';
import { AppError, commands } from '../ipc';
import type { BackupList, VaultStatus } from '../ipc';
import { Form, useForm } from '../lib/form';
import { AuthLayout } from '../ui/AuthLayout';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { SecretInput } from '../ui/SecretInput';
import '../backups/backups.css';

const FIELDS = ['passphrase'] as const;

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
  const form = useForm(FIELDS);

  const restore = useMutation({
    mutationFn: ({ name, typed }: { name: string; typed: string | null }) => commands.backupRestore(name, typed),
    onSuccess: (status) => onRestored(status),
    onError: (failure) => {
      const error = AppError.from(failure);
      if (error.code === 'needs_secret' || error.code === 'wrong_secret' || error.field === 'passphrase') {
        // The box appears with this render; the message goes under it and focus follows.
        setAskSecret(true);
        form.fail(new AppError(error.code, error.message, 'passphrase'));
      } else {
        form.fail(error);
      }
    },
  });

  const submit = () => {
    if (!chosen) return;
    form.reset();
    if (askSecret && form.reject({ passphrase: secret.length === 0 ? 'Enter the passphrase or the recovery key.' : undefined })) {
      return;
    }
    restore.mutate({ name: chosen, typed: askSecret ? secret : null });
  };

  return (
    <AuthLayout testId="restore-screen" wide>
      <Form form={form} className="stack" busy={restore.isPending} onSubmit={submit}>
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
            error={form.errors.passphrase}
            errorTestId="restore-secret-error"
            control={(a11y) => (
              <SecretInput
                {...a11y}
                ref={form.bind('passphrase')}
                testId="restore-secret-input"
                autoComplete="current-password"
                value={secret}
                onChange={(value) => {
                  setSecret(value);
                  form.clear('passphrase');
                }}
              />
            )}
          />
        )}
        <FormError message={form.formError} testId="restore-error" />
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
      </Form>
    </AuthLayout>
  );
}
