import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { AppError, commands } from '../ipc';
import type { Account, NewAccount, Tier } from '../ipc';
import { charCount } from '../lib/codepoints';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { TIERS } from './tier';

export const NAME_MAX = 200;

type Values = { name: string; tier: Tier; owner_name: string };
type FieldName = keyof Values;
type Errors = Partial<Record<FieldName, string>>;

const FIELDS: readonly string[] = ['name', 'tier', 'owner_name'] satisfies FieldName[];

function isFieldName(field: string | null): field is FieldName {
  return field !== null && FIELDS.includes(field);
}

export function validateAccount(values: Values): Errors {
  const errors: Errors = {};
  const name = values.name.trim();
  if (name.length === 0) errors.name = 'Name is required.';
  else if (charCount(name) > NAME_MAX) errors.name = `Name must be ${NAME_MAX} characters or fewer.`;
  return errors;
}

/** The inline "New account" panel above the list. */
export function AccountForm({
  onCreated,
  onCancel,
}: {
  onCreated: (account: Account) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Values>({ name: '', tier: 'key', owner_name: '' });
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const ownerRef = useRef<HTMLInputElement>(null);

  useEffect(() => nameRef.current?.focus(), []);

  const create = useMutation({
    mutationFn: (input: NewAccount) => commands.accountCreate(input),
    onSuccess: (created) => onCreated(created),
    onError: (error) => {
      const appError = AppError.from(error);
      if (isFieldName(appError.field)) {
        setServerErrors({ [appError.field]: appError.message });
        (appError.field === 'owner_name' ? ownerRef : nameRef).current?.focus();
      } else {
        setFormError(appError.message);
      }
    },
  });

  const clientErrors = validateAccount(values);
  const errorFor = (field: FieldName) =>
    serverErrors[field] ?? (touched[field] ? clientErrors[field] : undefined);

  const update = <K extends FieldName>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    // The user is fixing it; the old verdict no longer applies.
    setServerErrors((e) => ({ ...e, [field]: undefined }));
  };
  const blur = (field: FieldName) => setTouched((t) => ({ ...t, [field]: true }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    setTouched({ name: true, tier: true, owner_name: true });
    setServerErrors({});
    setFormError(null);
    if (clientErrors.name) {
      nameRef.current?.focus();
      return;
    }
    // Sent as typed: Rust trims and is the judge of what is valid.
    create.mutate({
      name: values.name,
      tier: values.tier,
      owner_name: values.owner_name === '' ? null : values.owner_name,
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || create.isPending) return;
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  };

  return (
    <form className="panel form-panel" aria-labelledby="new-account-title" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <h2 className="panel-title" id="new-account-title">
        New account
      </h2>
      <div className="form-grid">
        <Field
          id="account-name"
          label="Name"
          error={errorFor('name')}
          errorTestId="field-error-name"
          control={(a11y) => (
            <input
              {...a11y}
              ref={nameRef}
              className="input"
              data-testid="account-name-input"
              autoComplete="off"
              aria-required="true"
              placeholder="e.g. Northwind Health"
              value={values.name}
              onChange={(event) => update('name', event.target.value)}
              onBlur={() => blur('name')}
            />
          )}
        />
        <Field
          id="account-tier"
          label="Tier"
          error={errorFor('tier')}
          errorTestId="field-error-tier"
          control={(a11y) => (
            <select
              {...a11y}
              className="input select"
              data-testid="account-tier-select"
              value={values.tier}
              onChange={(event) => update('tier', event.target.value as Tier)}
            >
              {TIERS.map((tier) => (
                <option key={tier.value} value={tier.value}>
                  {tier.label}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          id="account-owner"
          label="Owner"
          optional
          error={errorFor('owner_name')}
          errorTestId="field-error-owner_name"
          control={(a11y) => (
            <input
              {...a11y}
              ref={ownerRef}
              className="input"
              data-testid="account-owner-input"
              autoComplete="off"
              placeholder="Who owns the relationship"
              value={values.owner_name}
              onChange={(event) => update('owner_name', event.target.value)}
              onBlur={() => blur('owner_name')}
            />
          )}
        />
      </div>
      <FormError message={formError} />
      <div className="form-actions">
        <Button data-testid="account-cancel" disabled={create.isPending} onClick={onCancel}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="primary"
          data-testid="account-save"
          pending={create.isPending}
          pendingLabel="Saving…"
        >
          Save account
        </Button>
      </div>
    </form>
  );
}
