import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { AppError, commands } from '../ipc';
import type { CreateVaultInput, KeyMode, SessionState, VaultCreated } from '../ipc';
import { charCount } from '../lib/codepoints';
import { AuthLayout } from '../ui/AuthLayout';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { SecretInput } from '../ui/SecretInput';

export const MIN_PASSPHRASE = 8;

type Errors = { passphrase?: string; confirm?: string };

export function validatePassphrase(passphrase: string, confirm: string): Errors {
  const errors: Errors = {};
  if (charCount(passphrase) < MIN_PASSPHRASE) {
    errors.passphrase = `Use at least ${MIN_PASSPHRASE} characters.`;
  }
  if (confirm !== passphrase) {
    errors.confirm = 'The two passphrases do not match.';
  }
  return errors;
}

export function CreateVault({
  session,
  onCreated,
}: {
  session: SessionState;
  onCreated: (created: VaultCreated) => void;
}) {
  const keychain = session.keychain_available;
  const [mode, setMode] = useState<KeyMode>(keychain ? 'keychain' : 'passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState({ passphrase: false, confirm: false });
  const [serverError, setServerError] = useState<AppError | null>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const create = useMutation({
    mutationFn: (input: CreateVaultInput) => commands.vaultCreate(input),
    onSuccess: (created) => onCreated(created),
    onError: (error) => {
      const appError = AppError.from(error);
      setServerError(appError);
      if (appError.field === 'passphrase') passphraseRef.current?.focus();
    },
  });

  const usePassphrase = mode === 'passphrase';
  const errors = usePassphrase ? validatePassphrase(passphrase, confirm) : {};
  const passphraseServerError = serverError?.field === 'passphrase' ? serverError.message : null;
  const formError = serverError && serverError.field !== 'passphrase' ? serverError.message : null;
  const passphraseError = passphraseServerError ?? (touched.passphrase ? errors.passphrase : undefined);
  // "Do not match" is noise while the user is still typing the first field.
  const confirmError = touched.confirm ? errors.confirm : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    setServerError(null);
    if (usePassphrase) {
      setTouched({ passphrase: true, confirm: true });
      if (errors.passphrase) return passphraseRef.current?.focus();
      if (errors.confirm) return confirmRef.current?.focus();
    }
    create.mutate({ mode, passphrase: usePassphrase ? passphrase : null });
  };

  return (
    <AuthLayout testId="create-vault">
      <form className="stack" onSubmit={submit} noValidate>
        <header className="auth-header">
          <h1>Create your vault</h1>
          <p className="lede">
            Rapport keeps everything on this computer, in a single encrypted file. Nothing is sent
            anywhere, so only you can open it.
          </p>
          <p className="path" title={session.path}>
            {session.path}
          </p>
        </header>

        <fieldset className="choice-group" disabled={create.isPending}>
          <legend className="field-label">How should Rapport unlock it?</legend>
          <label className={keychain ? 'choice' : 'choice choice-disabled'}>
            <input
              type="radio"
              name="mode"
              value="keychain"
              data-testid="mode-keychain"
              checked={mode === 'keychain'}
              disabled={!keychain}
              onChange={() => setMode('keychain')}
            />
            <span className="choice-text">
              <span className="choice-title">Keep the key in the system keychain</span>
              <span className="choice-detail">No typing at start. Your login protects it.</span>
            </span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name="mode"
              value="passphrase"
              data-testid="mode-passphrase"
              checked={usePassphrase}
              onChange={() => setMode('passphrase')}
            />
            <span className="choice-text">
              <span className="choice-title">Protect with a passphrase</span>
              <span className="choice-detail">You type it each time Rapport starts.</span>
            </span>
          </label>
          {!keychain && (
            <p className="note" role="note">
              The system keychain is not available on this computer, so the vault needs a
              passphrase.
            </p>
          )}
        </fieldset>

        {usePassphrase && (
          <div className="stack-sm">
            <Field
              id="passphrase"
              label="Passphrase"
              error={passphraseError}
              errorTestId="field-error-passphrase"
              hint={`At least ${MIN_PASSPHRASE} characters. A few unrelated words work well.`}
              control={(a11y) => (
                <SecretInput
                  {...a11y}
                  ref={passphraseRef}
                  testId="passphrase-input"
                  autoComplete="new-password"
                  value={passphrase}
                  disabled={create.isPending}
                  onChange={(value) => {
                    setPassphrase(value);
                    if (passphraseServerError) setServerError(null);
                  }}
                  onBlur={() => setTouched((t) => ({ ...t, passphrase: true }))}
                />
              )}
            />
            <Field
              id="passphrase-confirm"
              label="Confirm passphrase"
              error={confirmError}
              errorTestId="field-error-passphrase_confirm"
              control={(a11y) => (
                <SecretInput
                  {...a11y}
                  ref={confirmRef}
                  testId="passphrase-confirm-input"
                  autoComplete="new-password"
                  value={confirm}
                  disabled={create.isPending}
                  onChange={setConfirm}
                  onBlur={() => setTouched((t) => ({ ...t, confirm: true }))}
                />
              )}
            />
          </div>
        )}

        <FormError message={formError} />

        <Button
          type="submit"
          variant="primary"
          size="lg"
          data-testid="create-vault-submit"
          pending={create.isPending}
          pendingLabel="Creating vault…"
        >
          Create vault
        </Button>
      </form>
    </AuthLayout>
  );
}
