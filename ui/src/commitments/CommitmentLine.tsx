import { useId, useState } from 'react';
import type { CommitmentInput, Side } from '../ipc';
import { Form, useForm } from '../lib/form';
import { Button } from '../ui/Button';
import { SIDE_LABEL } from './labels';

/** Someone who can make or receive a promise. */
export type PromiseParty = { id: string; name: string; side: Side };

type Values = { side: Side; by_person_id: string; to_person_id: string; what: string; due_on: string };
type LineField = keyof Values;
const FIELDS: readonly LineField[] = ['side', 'by_person_id', 'to_person_id', 'what', 'due_on'];
const BLANK: Values = { side: 'ours', by_person_id: '', to_person_id: '', what: '', due_on: '' };

/** The line as the core takes it, for a place (meeting or interaction) and a day. */
export function lineInput(
  v: Values,
  where: { accountId: string; meetingId?: string | null; interactionId?: string | null; madeOn?: string | null },
): CommitmentInput {
  return {
    account_id: where.accountId,
    side: v.side,
    by_person_id: v.by_person_id || null,
    to_person_id: v.to_person_id || null,
    what: v.what,
    made_on: where.madeOn ?? '',
    due_on: v.due_on || null,
    meeting_id: where.meetingId ?? null,
    interaction_id: where.interactionId ?? null,
  };
}

/**
 * One promise in one line: "We / They · who · promised · to whom · what · by when · Add".
 * The core's refusal shows under the field it names; the line clears once saved.
 */
export function CommitmentLine({
  people,
  onAdd,
  testPrefix = 'commitment',
}: {
  people: readonly PromiseParty[];
  /** Sends the line; resolves when it is recorded. */
  onAdd: (values: Values) => Promise<unknown>;
  testPrefix?: string;
}) {
  const base = useId();
  const [values, setValues] = useState<Values>(BLANK);
  const form = useForm(FIELDS);
  const { errors, formError, bind, reject, clear, reset } = form;
  const other: Side = values.side === 'ours' ? 'theirs' : 'ours';
  const makers = people.filter((p) => p.side === values.side);
  const receivers = people.filter((p) => p.side === other);

  const update = <K extends LineField>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };

  const submit = async () => {
    reset();
    if (reject(values.what.trim() === '' ? { what: 'Say what was promised.' } : {})) return;
    await onAdd(values);
    setValues((v) => ({ ...BLANK, side: v.side }));
  };

  const error = FIELDS.map((f) => errors[f]).find(Boolean) ?? formError;
  return (
    <Form form={form} className="commitment-line" aria-label="Record a promise" data-testid={`${testPrefix}-line`} onSubmit={submit}>
      <select
        ref={bind('side')}
        className="input select commitment-side"
        aria-label="Who promised"
        aria-invalid={Boolean(errors.side)}
        data-testid={`${testPrefix}-side`}
        value={values.side}
        onChange={(event) => {
          const side = event.target.value as Side;
          setValues((v) => ({ ...v, side, by_person_id: '', to_person_id: '' }));
          clear('side');
        }}
      >
        <option value="ours">{SIDE_LABEL.ours}</option>
        <option value="theirs">{SIDE_LABEL.theirs}</option>
      </select>
      <select
        ref={bind('by_person_id')}
        className="input select"
        aria-label="Who, by name"
        aria-invalid={Boolean(errors.by_person_id)}
        data-testid={`${testPrefix}-by`}
        value={values.by_person_id}
        onChange={(event) => update('by_person_id', event.target.value)}
      >
        <option value="">{values.side === 'ours' ? 'one of us' : 'one of them'}</option>
        {makers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <span className="commitment-word">promised</span>
      <select
        ref={bind('to_person_id')}
        className="input select"
        aria-label="To whom"
        aria-invalid={Boolean(errors.to_person_id)}
        data-testid={`${testPrefix}-to`}
        value={values.to_person_id}
        onChange={(event) => update('to_person_id', event.target.value)}
      >
        <option value="">{values.side === 'ours' ? 'them' : 'us'}</option>
        {receivers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <input
        ref={bind('what')}
        className="input commitment-what"
        aria-label="What was promised"
        aria-invalid={Boolean(errors.what)}
        aria-describedby={error ? `${base}-error` : undefined}
        placeholder="what, in a few words"
        data-testid={`${testPrefix}-what`}
        value={values.what}
        onChange={(event) => update('what', event.target.value)}
      />
      <span className="commitment-word">by</span>
      <input
        ref={bind('due_on')}
        type="date"
        className="input commitment-due"
        aria-label="By when (optional)"
        aria-invalid={Boolean(errors.due_on)}
        data-testid={`${testPrefix}-due`}
        value={values.due_on}
        onChange={(event) => update('due_on', event.target.value)}
      />
      <Button type="submit" size="sm" pending={form.pending} data-testid={`${testPrefix}-add`}>
        Add
      </Button>
      {error && (
        <p className="field-error commitment-error" id={`${base}-error`} role="alert" data-testid={`${testPrefix}-error`}>
          {error}
        </p>
      )}
    </Form>
  );
}

export type CommitmentLineValues = Values;
