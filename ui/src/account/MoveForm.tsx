import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { commands } from '../ipc';
import type { Function, MoveInput, Person } from '../ipc';
import { Form } from '../lib/form';
import { refresh } from '../lib/refresh';
import { Field } from '../ui/Field';
import { FormFooter } from './FormParts';
import { today, useFieldErrors, useRegisterOpenForm } from './formKit';
import { FUNCTIONS, functionLabel } from './labels';

/** The destination select's value for "joined us". */
export const JOINED_US = 'us';

type Values = { to: string; title: string; on_date: string; function: Function | '' };
type MoveField = 'to_account_id' | 'title' | 'on_date' | 'function';
const FIELDS: readonly MoveField[] = ['to_account_id', 'title', 'on_date', 'function'];

/** What the dialog sends: "joined us" is no account, and only then a function. */
export function moveInput(v: Values): MoveInput {
  const us = v.to === JOINED_US;
  return {
    to_account_id: us ? null : v.to,
    title: v.title,
    on_date: v.on_date,
    function: us && v.function ? v.function : null,
    org_level: null,
  };
}

function validate(v: Values): Partial<Record<MoveField, string>> {
  const errors: Partial<Record<MoveField, string>> = {};
  if (v.to === '') errors.to_account_id = 'Choose where they went.';
  if (v.title.trim() === '') errors.title = 'Their title there is required.';
  if (v.on_date === '') errors.on_date = 'The day they moved is required.';
  if (v.to === JOINED_US && !v.function) errors.function = 'Choose the function they work in with us.';
  return errors;
}

/**
 * "Moved to another organisation…": one of their people left this account for
 * another customer, or joined us. They keep their history and our ties to them.
 */
export function MoveForm({
  person,
  accountId,
  onDone,
  onCancel,
}: {
  person: Person;
  accountId: string;
  onDone: (moved: Person, where: string) => void;
  onCancel: () => void;
}) {
  useRegisterOpenForm();
  const base = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => ({ to: '', title: '', on_date: today(), function: '' }));
  const form = useFieldErrors(FIELDS);
  const { errors, formError, bind, reject, fail, clear, reset } = form;
  const firstRef = useRef<HTMLSelectElement | null>(null);
  useEffect(() => firstRef.current?.focus(), []);

  const accounts = useQuery({
    queryKey: ['accounts', 'picker', 'move'],
    queryFn: () => commands.accountQuery({ text: null, sort: 'name', offset: 0, limit: 500 }),
    staleTime: 10_000,
  });
  const others = (accounts.data?.rows ?? []).filter((row) => row.id !== accountId);
  const whereName = (to: string) => (to === JOINED_US ? 'us' : (others.find((row) => row.id === to)?.name ?? 'the new account'));

  const save = useMutation({
    mutationFn: (input: MoveInput) => commands.personMove(person.id, input),
    onSuccess: (moved, input) => {
      const touched = [accountId, ...(input.to_account_id ? [input.to_account_id] : [])];
      void refresh(queryClient, { entities: ['person', 'connection', 'person_roles'], account_ids: touched });
      onDone(moved, whereName(values.to));
    },
    onError: fail,
  });

  const update = <K extends keyof Values>(key: K, value: Values[K], field: MoveField) => {
    setValues((v) => ({ ...v, [key]: value }));
    clear(field);
  };

  const submit = () => {
    if (save.isPending) return;
    reset();
    if (reject(validate(values))) return;
    save.mutate(moveInput(values));
  };

  return (
    <Form
      form={form}
      className="panel form-panel"
      aria-labelledby={`${base}-title`}
      data-testid="move-form"
      onSubmit={submit}
      busy={save.isPending}
      onCancel={onCancel}
    >
      <h3 className="panel-title" id={`${base}-title`}>
        {person.name} moved to another organisation
      </h3>
      <p className="section-sub">They keep their history with us, and our ties to them go with them.</p>
      <div className="entity-grid">
        <Field
          id={`${base}-to`}
          label="Where they went"
          error={errors.to_account_id}
          errorTestId="move-error-to_account_id"
          control={(a11y) => (
            <select
              {...a11y}
              ref={(el) => {
                bind('to_account_id')(el);
                firstRef.current = el;
              }}
              className="input select"
              data-testid="move-to-select"
              aria-required
              value={values.to}
              onChange={(event) => update('to', event.target.value, 'to_account_id')}
            >
              <option value="">Choose…</option>
              <option value={JOINED_US}>Joined us</option>
              {others.map((row) => (
                <option key={row.id} value={row.id}>
                  {row.name}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          id={`${base}-title-input`}
          label="Their title there"
          error={errors.title}
          errorTestId="move-error-title"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('title')}
              className="input"
              autoComplete="off"
              placeholder="e.g. CFO"
              aria-required
              data-testid="move-title-input"
              value={values.title}
              onChange={(event) => update('title', event.target.value, 'title')}
            />
          )}
        />
        <Field
          id={`${base}-date`}
          label="The day they moved"
          error={errors.on_date}
          errorTestId="move-error-on_date"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('on_date')}
              className="input"
              type="date"
              aria-required
              data-testid="move-date-input"
              value={values.on_date}
              onChange={(event) => update('on_date', event.target.value, 'on_date')}
            />
          )}
        />
        {values.to === JOINED_US && (
          <Field
            id={`${base}-function`}
            label="Function with us"
            error={errors.function}
            errorTestId="move-error-function"
            control={(a11y) => (
              <select
                {...a11y}
                ref={bind('function')}
                className="input select"
                data-testid="move-function-select"
                aria-required
                value={values.function}
                onChange={(event) => update('function', event.target.value as Function | '', 'function')}
              >
                <option value="">Choose…</option>
                {FUNCTIONS.map((f) => (
                  <option key={f} value={f}>
                    {functionLabel(f)}
                  </option>
                ))}
              </select>
            )}
          />
        )}
      </div>
      <FormFooter testPrefix="move" formError={formError} pending={save.isPending} onCancel={onCancel} submitLabel="Record the move" />
    </Form>
  );
}
