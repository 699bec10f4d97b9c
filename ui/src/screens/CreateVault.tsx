import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { commands } from '../ipc';
import type { CreateVaultInput, KeyMode, SessionState, VaultCreated } from '../ipc';
import { charCount } from '../lib/codepoints';
import { Form, useForm } from '../lib/form';
import { AuthLayout } from '../ui/AuthLayout';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { SecretInput } from '../ui/SecretInput';

export const MIN_PASSPHRASE = 8;

type Errors = { passphrase?: string; confirm?: string };
const FIELDS = ['passphrase', 'confirm'] as const;

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
  const form = useForm(FIELDS);

  const create = useMutation({
    mutationFn: (input: CreateVaultInput) => commands.vaultCreate(input),
    onSuccess: (created) => onCreated(created),
    onError: form.fail,
  });

  const usePassphrase = mode === 'passphrase';
  const errors = usePassphrase ? validatePassphrase(passphrase, confirm) : {};
  // Each shows once its field is left: "do not match" is noise while the user is still typing the first.
  const passphraseError = form.errorOf('passphrase', errors);
  const confirmError = form.errorOf('confirm', errors);

  const submit = () => {
    form.reset();
    if (usePassphrase && form.reject(errors)) return;
    create.mutate({ mode, passphrase: usePassphrase ? passphrase : null });
  };

  return (
    <AuthLayout testId="create-vault">
      <Form form={form} className="stack" busy={create.isPending} onSubmit={submit}>
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
                  ref={form.bind('passphrase')}
                  testId="passphrase-input"
                  autoComplete="new-password"
                  value={passphrase}
                  disabled={create.isPending}
                  onChange={(value) => {
                    setPassphrase(value);
                    form.clear('passphrase');
                  }}
                  onBlur={() => form.touch('passphrase')}
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
                  ref={form.bind('confirm')}
                  testId="passphrase-confirm-input"
                  autoComplete="new-password"
                  value={confirm}
                  disabled={create.isPending}
                  onChange={(value) => {
                    setConfirm(value);
                    form.clear('confirm');
                  }}
                  onBlur={() => form.touch('confirm')}
                />
              )}
            />
          </div>
        )}

        <FormError message={form.formError} />

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
      </Form>
    </AuthLayout>
  );
}
