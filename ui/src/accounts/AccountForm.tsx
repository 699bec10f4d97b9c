import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { commands } from '../ipc';
import type { Account, AccountInput, Person, Tier } from '../ipc';
import { charCount } from '../lib/codepoints';
import { Form, useForm } from '../lib/form';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { TIERS } from './tier';

export const NAME_MAX = 200;

type Values = { name: string; tier: Tier; owner_id: string; sponsor_id: string; industry: string };
type FieldName = keyof Values;
type Errors = Partial<Record<FieldName, string>>;

const EMPTY: Values = { name: '', tier: 'key', owner_id: '', sponsor_id: '', industry: '' };
const FIELDS: readonly FieldName[] = ['name', 'tier', 'owner_id', 'sponsor_id', 'industry'];

export function validateAccount(values: Values): Errors {
  const errors: Errors = {};
  const name = values.name.trim();
  if (name.length === 0) errors.name = 'Name is required.';
  else if (charCount(name) > NAME_MAX) errors.name = `Name must be ${NAME_MAX} characters or fewer.`;
  return errors;
}

function toInput(values: Values): AccountInput {
  const orNull = (text: string) => (text.trim() === '' ? null : text);
  // Sent as typed: Rust trims and is the judge of what is valid.
  return {
    name: values.name,
    tier: values.tier,
    owner_id: values.owner_id || null,
    sponsor_id: values.sponsor_id || null,
    industry: orNull(values.industry),
  };
}

/**
 * The inline "New account" panel above the list, made for entering several in
 * a row: after a save it clears and stays open with the cursor in Name.
 */
export function AccountForm({
  people,
  onCreated,
  onCancel,
}: {
  /** Our active people, offered as owner and sponsor. */
  people: Person[];
  onCreated: (account: Account) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Values>(EMPTY);
  const form = useForm(FIELDS);
  const nameRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => nameRef.current?.focus(), []);

  const create = useMutation({
    mutationFn: (input: AccountInput) => commands.accountCreate(input),
    onSuccess: (created) => {
      setValues(EMPTY);
      form.reset();
      nameRef.current?.focus();
      onCreated(created);
    },
    // What was typed stays; the message goes under the field the core names.
    onError: form.fail,
  });

  const clientErrors = validateAccount(values);
  const errorFor = (field: FieldName) => form.errorOf(field, clientErrors);

  const update = <K extends FieldName>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    form.clear(field);
  };

  const submit = () => {
    form.reset();
    if (form.reject(clientErrors)) return;
    create.mutate(toInput(values));
  };

  const personOptions = people.map((person) => (
    <option key={person.id} value={person.id}>
      {person.title ? `${person.name} — ${person.title}` : person.name}
    </option>
  ));

  return (
    <Form
      form={form}
      className="panel form-panel"
      aria-labelledby="new-account-title"
      data-testid="account-form"
      busy={create.isPending}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="account-form-head">
        <h2 className="panel-title" id="new-account-title">
          New account
        </h2>
        <p className="muted account-form-hint">
          Enter saves and starts the next one · <kbd>Esc</kbd> closes
        </p>
      </div>
      <div className="account-form-grid">
        <Field
          id="account-name"
          label="Name"
          error={errorFor('name')}
          errorTestId="field-error-name"
          control={(a11y) => (
            <input
              {...a11y}
              ref={(el) => {
                form.bind('name')(el);
                nameRef.current = el;
              }}
              className="input"
              data-testid="account-name-input"
              autoComplete="off"
              aria-required="true"
              placeholder="e.g. Northwind Health"
              value={values.name}
              onChange={(event) => update('name', event.target.value)}
              onBlur={() => form.touch('name')}
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
              ref={form.bind('tier')}
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
          error={errorFor('owner_id')}
          errorTestId="field-error-owner_id"
          control={(a11y) => (
            <select
              {...a11y}
              ref={form.bind('owner_id')}
              className="input select"
              data-testid="account-owner-select"
              value={values.owner_id}
              onChange={(event) => update('owner_id', event.target.value)}
            >
              <option value="">No owner yet</option>
              {personOptions}
            </select>
          )}
        />
        <Field
          id="account-sponsor"
          label="Sponsor"
          optional
          error={errorFor('sponsor_id')}
          errorTestId="field-error-sponsor_id"
          control={(a11y) => (
            <select
              {...a11y}
              ref={form.bind('sponsor_id')}
              className="input select"
              data-testid="account-sponsor-select"
              value={values.sponsor_id}
              onChange={(event) => update('sponsor_id', event.target.value)}
            >
              <option value="">No sponsor yet</option>
              {personOptions}
            </select>
          )}
        />
        <Field
          id="account-industry"
          label="Industry"
          optional
          error={errorFor('industry')}
          errorTestId="field-error-industry"
          control={(a11y) => (
            <input
              {...a11y}
              ref={form.bind('industry')}
              className="input"
              data-testid="account-industry-input"
              autoComplete="off"
              placeholder="e.g. Healthcare"
              value={values.industry}
              onChange={(event) => update('industry', event.target.value)}
            />
          )}
        />
      </div>
      <FormError message={form.formError} />
      <div className="form-actions">
        <Button data-testid="account-cancel" disabled={create.isPending} onClick={onCancel}>
          Close
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
    </Form>
  );
}
