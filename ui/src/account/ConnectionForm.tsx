import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { DIMENSIONS, commands } from '../ipc';
import { Form } from '../lib/form';
import type { Connection, ConnectionInput, Dimension, Person } from '../ipc';
import { Field } from '../ui/Field';
import { FormFooter, NotesField } from './FormParts';
import { blankToNull, parseWhole, useFieldErrors, useRegisterOpenForm } from './formKit';
import { dimensionHint, dimensionLabel, functionLabel } from './labels';
import { useInvalidateAccount } from './queries';
import { useKeptState } from '../lib/keptState';

const STRENGTHS = [1, 2, 3, 4, 5] as const;
const STRENGTH_WORDS: Record<number, string> = { 1: 'weak', 3: 'fair', 5: 'strong' };

type Values = {
  ours_id: string;
  theirs_id: string;
  dimension: Dimension;
  intermediary: string;
  strength: number;
  cadence_days: string;
  notes: string;
};
type ConnectionField = keyof Values;

const FIELDS: readonly ConnectionField[] = [
  'ours_id',
  'theirs_id',
  'dimension',
  'intermediary',
  'strength',
  'cadence_days',
  'notes',
];

export type ConnectionPreset = { ours_id?: string; theirs_id?: string };

function fromConnection(c: Connection | null, preset: ConnectionPreset): Values {
  return {
    ours_id: c?.ours_id ?? preset.ours_id ?? '',
    theirs_id: c?.theirs_id ?? preset.theirs_id ?? '',
    dimension: c?.dimension ?? 'formal',
    intermediary: c?.intermediary ?? '',
    strength: c?.strength ?? 3,
    cadence_days: c?.cadence_days === null || c?.cadence_days === undefined ? '' : String(c.cadence_days),
    notes: c?.notes ?? '',
  };
}

function validate(v: Values): Partial<Record<ConnectionField, string>> {
  const errors: Partial<Record<ConnectionField, string>> = {};
  if (!v.ours_id) errors.ours_id = 'Choose one of our people.';
  if (!v.theirs_id) errors.theirs_id = 'Choose one of their people.';
  if (v.dimension === 'proxied' && v.intermediary.trim() === '')
    errors.intermediary = 'Name who the proxied tie runs through.';
  const cadence = parseWhole(v.cadence_days);
  if (cadence === 'invalid' || (typeof cadence === 'number' && cadence < 1))
    errors.cadence_days = 'Enter a number of days, e.g. 30, or leave it empty.';
  return errors;
}

function toInput(v: Values): ConnectionInput {
  const cadence = parseWhole(v.cadence_days);
  return {
    ours_id: v.ours_id,
    theirs_id: v.theirs_id,
    dimension: v.dimension,
    // Only a proxied tie has an intermediary.
    intermediary: v.dimension === 'proxied' ? blankToNull(v.intermediary) : null,
    strength: v.strength,
    cadence_days: typeof cadence === 'number' ? cadence : null,
    notes: blankToNull(v.notes),
  };
}

function describe(p: Person): string {
  const detail = p.title ?? (p.function ? functionLabel(p.function) : p.department);
  return `${p.name}${detail ? ` — ${detail}` : ''} (level ${p.org_level})${p.active ? '' : ' — has left'}`;
}

/** Add or edit one tie between one of ours and one of theirs. */
export function ConnectionForm({
  accountId,
  connection,
  preset = {},
  ourPeople,
  theirPeople,
  onDone,
  onCancel,
}: {
  accountId: string;
  connection: Connection | null;
  preset?: ConnectionPreset;
  /** Candidates on our side (active ones; the current one is kept even if they left). */
  ourPeople: readonly Person[];
  theirPeople: readonly Person[];
  onDone: (saved: Connection) => void;
  onCancel: () => void;
}) {
  useRegisterOpenForm();
  const base = useId();
  const invalidate = useInvalidateAccount(accountId);
  // What was typed outlives leaving the form (another tab or page); Cancel or a save drops it.
  const [values, setValues, forgetValues] = useKeptState<Values>(
    `connection:${connection?.id ?? `new:${accountId}:${preset.ours_id ?? ''}:${preset.theirs_id ?? ''}`}`,
    () => fromConnection(connection, preset),
  );
  const cancel = () => {
    forgetValues();
    onCancel();
  };
  const form = useFieldErrors(FIELDS);
  const { errors, formError, bind, reject, fail, clear, reset } = form;
  const firstRef = useRef<HTMLSelectElement | null>(null);

  useEffect(() => firstRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: (input: ConnectionInput) =>
      connection ? commands.connectionUpdate(connection.id, input) : commands.connectionCreate(input),
    onSuccess: (saved) => {
      void invalidate('connection');
      forgetValues();
      onDone(saved);
    },
    onError: fail,
  });

  const update = <K extends ConnectionField>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };

  const submit = () => {
    if (save.isPending) return;
    reset();
    if (reject(validate(values))) return;
    save.mutate(toInput(values));
  };

  const candidates = (people: readonly Person[], current: string) =>
    people
      .filter((p) => p.active || p.id === current)
      .sort((a, b) => a.org_level - b.org_level || a.name.localeCompare(b.name));
  const ours = candidates(ourPeople, values.ours_id);
  const theirs = candidates(theirPeople, values.theirs_id);

  const personSelect = (field: 'ours_id' | 'theirs_id', label: string, people: Person[], testId: string) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      error={errors[field]}
      errorTestId={`connection-error-${field}`}
      hint={people.length === 0 ? (field === 'ours_id' ? 'Add one of our people first.' : 'Add one of their people first.') : undefined}
      control={(a11y) => (
        <select
          {...a11y}
          ref={(el) => {
            bind(field)(el);
            if (field === 'ours_id') firstRef.current = el;
          }}
          className="input select"
          aria-required="true"
          data-testid={testId}
          value={values[field]}
          onChange={(event) => update(field, event.target.value)}
        >
          <option value="">Choose…</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {describe(p)}
            </option>
          ))}
        </select>
      )}
    />
  );

  const errorId = (field: ConnectionField) => (errors[field] ? `${base}-${field}-error` : undefined);

  return (
    <Form
      form={form}
      className="panel form-panel"
      aria-labelledby={`${base}-title`}
      data-testid="connection-form"
      onSubmit={submit}
      busy={save.isPending}
      onCancel={cancel}
    >
      <h3 className="panel-title" id={`${base}-title`}>
        {connection ? 'Edit tie' : 'Add a tie'}
      </h3>
      <div className="entity-grid entity-grid-2">
        {personSelect('ours_id', 'Our person', ours, 'connection-ours-select')}
        {personSelect('theirs_id', 'Their person', theirs, 'connection-theirs-select')}
      </div>

      <fieldset
        ref={bind('dimension')}
        className="choice-group"
        aria-describedby={errorId('dimension')}
        aria-invalid={Boolean(errors.dimension)}
      >
        <legend className="field-label">How the tie is held</legend>
        <div className="segmented-choices">
          {DIMENSIONS.map((d) => (
            <label key={d} className="choice choice-compact">
              <input
                type="radio"
                name={`${base}-dimension`}
                value={d}
                checked={values.dimension === d}
                data-testid={`connection-dimension-${d}`}
                onChange={() => update('dimension', d)}
              />
              <span className="choice-text">
                <span className="choice-title">{dimensionLabel(d)}</span>
                <span className="choice-detail">{dimensionHint(d)}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.dimension && (
          <p className="field-error" id={`${base}-dimension-error`} role="alert" data-testid="connection-error-dimension">
            {errors.dimension}
          </p>
        )}
      </fieldset>

      {values.dimension === 'proxied' && (
        <Field
          id={`${base}-intermediary`}
          label="Through whom"
          hint="The intermediary the tie runs through, e.g. a consultant or a board member."
          error={errors.intermediary}
          errorTestId="connection-error-intermediary"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('intermediary')}
              className="input"
              autoComplete="off"
              aria-required="true"
              data-testid="connection-intermediary-input"
              value={values.intermediary}
              onChange={(event) => update('intermediary', event.target.value)}
            />
          )}
        />
      )}

      <div className="entity-grid entity-grid-2">
        <fieldset
          ref={bind('strength')}
          className="choice-group"
          aria-describedby={errorId('strength')}
          aria-invalid={Boolean(errors.strength)}
        >
          <legend className="field-label">Strength</legend>
          <div className="segmented" data-testid="connection-strength">
            {STRENGTHS.map((n) => (
              <label key={n} className="segment" title={STRENGTH_WORDS[n]}>
                <input
                  type="radio"
                  name={`${base}-strength`}
                  value={n}
                  checked={values.strength === n}
                  aria-label={`${n} of 5${STRENGTH_WORDS[n] ? ` (${STRENGTH_WORDS[n]})` : ''}`}
                  data-testid={`connection-strength-${n}`}
                  onChange={() => update('strength', n)}
                />
                <span aria-hidden="true">{n}</span>
              </label>
            ))}
          </div>
          {errors.strength && (
            <p className="field-error" id={`${base}-strength-error`} role="alert" data-testid="connection-error-strength">
              {errors.strength}
            </p>
          )}
        </fieldset>

        <Field
          id={`${base}-cadence`}
          label="Target cadence (days)"
          optional
          hint="How often they should be in touch."
          error={errors.cadence_days}
          errorTestId="connection-error-cadence_days"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('cadence_days')}
              className="input"
              type="number"
              min={1}
              inputMode="numeric"
              data-testid="connection-cadence-input"
              value={values.cadence_days}
              onChange={(event) => update('cadence_days', event.target.value)}
            />
          )}
        />
      </div>

      <NotesField
        id={`${base}-notes`}
        testPrefix="connection"
        error={errors.notes}
        value={values.notes}
        onChange={(value) => update('notes', value)}
        inputRef={bind('notes')}
      />
      <FormFooter
        testPrefix="connection"
        formError={formError}
        pending={save.isPending}
        onCancel={cancel}
        submitLabel={connection ? 'Save tie' : 'Add tie'}
      />
    </Form>
  );
}
