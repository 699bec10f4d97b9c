import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { VaultStatus } from '../ipc';
import { Form, useForm } from '../lib/form';
import { AuthLayout } from '../ui/AuthLayout';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { SecretInput } from '../ui/SecretInput';

/** What the unlock screen knows about the vault it is opening. */
export type LockedVault = {
  path: string | null;
  keySource: string | null;
  hasPassphrase: boolean;
};

const FIELDS = ['secret'] as const;

export function Unlock({
  vault,
  reason,
  onUnlocked,
  onVaultMissing,
  onDamaged,
}: {
  vault: LockedVault;
  /** Why the user is asked, e.g. the keychain could not give the key. */
  reason: string | null;
  onUnlocked: (status: VaultStatus) => void;
  onVaultMissing: () => void;
  /** The vault's files are damaged: the app offers its backups instead. */
  onDamaged?: (error: AppError) => void;
}) {
  const [secret, setSecret] = useState('');
  const form = useForm(FIELDS);
  const inputRef = useRef<HTMLInputElement | null>(null);

  const onFailure = (failure: unknown) => {
    const appError = AppError.from(failure);
    if (appError.code === 'vault_missing') return onVaultMissing();
    if (appError.code === 'corrupt' && onDamaged) return onDamaged(appError);
    // Every refusal here is about what was typed: it goes under the box.
    form.report(new AppError(appError.code, appError.message, 'secret'), 'now');
    // Keep what was typed, so a typo can be fixed rather than retyped.
    inputRef.current?.focus();
    inputRef.current?.select();
  };

  const unlock = useMutation({
    mutationFn: (value: string) => commands.vaultUnlock(value),
    onSuccess: (status) => onUnlocked(status),
    onError: onFailure,
  });
  const keychain = useMutation({
    mutationFn: () => commands.vaultUnlockKeychain(),
    onSuccess: (status) => onUnlocked(status),
    onError: onFailure,
  });
  const pending = unlock.isPending || keychain.isPending;

  const submit = () => {
    form.reset();
    if (form.reject({ secret: secret.length === 0 ? 'Enter your passphrase or recovery key.' : undefined })) return;
    unlock.mutate(secret);
  };

  const hint = vault.hasPassphrase
    ? 'Your passphrase, or the recovery key you saved when the vault was created.'
    : 'This vault has no passphrase. Enter the recovery key you saved when it was created.';

  return (
    <AuthLayout testId="unlock-screen">
      <Form form={form} className="stack" busy={pending} onSubmit={submit}>
        <header className="auth-header">
          <h1>Unlock your vault</h1>
          {vault.path && (
            <p className="path" title={vault.path}>
              {vault.path}
            </p>
          )}
        </header>

        {reason && (
          <div className="callout" role="note">
            {reason}
          </div>
        )}

        <Field
          id="unlock-secret"
          label="Passphrase or recovery key"
          hint={hint}
          error={form.errors.secret}
          errorTestId="unlock-error"
          control={(a11y) => (
            <SecretInput
              {...a11y}
              ref={(el) => {
                form.bind('secret')(el);
                inputRef.current = el;
              }}
              testId="unlock-secret-input"
              autoComplete="current-password"
              autoFocus
              value={secret}
              onChange={setSecret}
            />
          )}
        />

        <Button
          type="submit"
          variant="primary"
          size="lg"
          data-testid="unlock-submit"
          pending={unlock.isPending}
          pendingLabel="Unlocking…"
          disabled={keychain.isPending}
        >
          Unlock
        </Button>
        {vault.keySource === 'keychain' && (
          <Button
            variant="ghost"
            data-testid="unlock-keychain"
            pending={keychain.isPending}
            pendingLabel="Asking the keychain…"
            disabled={unlock.isPending}
            onClick={() => {
              form.reset();
              keychain.mutate();
            }}
          >
            Unlock with the system keychain
          </Button>
        )}
      </Form>
    </AuthLayout>
  );
}
