import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { AppError, commands } from '../ipc';
import { Form } from '../lib/form';
import type { Interaction, InteractionInput, InteractionKind, Person } from '../ipc';
import { Field } from '../ui/Field';
import { FormFooter } from './FormParts';
import { blankToNull, today, useFieldErrors, useRegisterOpenForm } from './formKit';
import { functionLabel, INTERACTION_KINDS, interactionKindLabel } from './labels';
import { useInvalidateAccount } from './queries';
import { useKeptState } from '../lib/keptState';
import { useRefresh } from '../lib/refresh';
import { showToast } from '../ui/toast';
import { PromiseDrafts } from '../commitments/PromiseDrafts';
import type { PromiseDraft } from '../commitments/PromiseDrafts';

type Values = {
  occurred_on: string;
  kind: InteractionKind;
  people: readonly string[];
  summary: string;
  outcomes: string;
  follow_ups: string;
  private: boolean;
};
type InteractionField = keyof Values;

const FIELDS: readonly InteractionField[] = [
  'occurred_on',
  'kind',
  'people',
  'summary',
  'outcomes',
  'follow_ups',
  'private',
];

function fromInteraction(i: Interaction | null): Values {
  return {
    occurred_on: i?.occurred_on ?? today(),
    kind: i?.kind ?? 'meeting',
    people: i?.people ?? [],
    summary: i?.summary ?? '',
    outcomes: i?.outcomes ?? '',
    follow_ups: i?.follow_ups ?? '',
    private: i?.private ?? false,
  };
}

function validate(v: Values): Partial<Record<InteractionField, string>> {
  const errors: Partial<Record<InteractionField, string>> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.occurred_on)) errors.occurred_on = 'Enter the date it happened.';
  if (v.summary.trim() === '') errors.summary = 'Summary is required: what was it about?';
  return errors;
}

/** Log or edit one interaction. */
export function InteractionForm({
  accountId,
  interaction,
  ourPeople,
  theirPeople,
  onDone,
  onCancel,
}: {
  accountId: string;
  interaction: Interaction | null;
  ourPeople: readonly Person[];
  theirPeople: readonly Person[];
  onDone: (saved: Interaction) => void;
  onCancel: () => void;
}) {
  useRegisterOpenForm();
  const base = useId();
  const invalidate = useInvalidateAccount(accountId);
  // What was typed outlives leaving the form (another tab or page); Cancel or a save drops it.
  const [values, setValues, forgetValues] = useKeptState<Values>(
    `interaction:${interaction?.id ?? `new:${accountId}`}`,
    () => fromInteraction(interaction),
  );
  // Promises made in it, one line each, recorded with it (see PromiseDrafts).
  const [promises, setPromises, forgetPromises] = useKeptState<PromiseDraft[]>(
    `interaction-promises:${interaction?.id ?? `new:${accountId}`}`,
    () => [],
  );
  const refresh = useRefresh();
  const cancel = () => {
    forgetValues();
    forgetPromises();
    onCancel();
  };
  const form = useFieldErrors(FIELDS);
  const { errors, formError, bind, reject, fail, clear, reset } = form;
  const firstRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => firstRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: async (input: InteractionInput) => {
      const saved = interaction
        ? await commands.interactionUpdate(interaction.id, input)
        : await commands.interactionCreate(input);
      const lines = promises.filter((p) => p.what.trim() !== '');
      if (lines.length > 0) {
        try {
          await commands.commitmentCreateMany(
            lines.map((p) => ({
              account_id: accountId,
              side: p.side,
              by_person_id: null,
              to_person_id: null,
              what: p.what,
              made_on: input.occurred_on,
              due_on: p.due_on || null,
              meeting_id: null,
              interaction_id: saved.id,
            })),
          );
          void refresh({ entities: ['commitment'], account_ids: [accountId] });
        } catch (error) {
          // The interaction is logged; the promises wait to be typed again at the account.
          showToast({ message: `Interaction saved, but not its promises: ${AppError.from(error).message}`, tone: 'error' });
        }
      }
      return saved;
    },
    onSuccess: (saved) => {
      void invalidate('interaction');
      forgetValues();
      forgetPromises();
      onDone(saved);
    },
    onError: fail,
  });

  const update = <K extends InteractionField>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };

  const togglePerson = (id: string, on: boolean) => {
    const next = on ? [...values.people.filter((p) => p !== id), id] : values.people.filter((p) => p !== id);
    update('people', next);
  };

  const submit = () => {
    if (save.isPending) return;
    reset();
    if (reject(validate(values))) return;
    save.mutate({
      account_id: accountId,
      occurred_on: values.occurred_on,
      kind: values.kind,
      people: [...values.people],
      summary: values.summary,
      outcomes: blankToNull(values.outcomes),
      follow_ups: blankToNull(values.follow_ups),
      private: values.private,
    });
  };

  const chosen = new Set(values.people);
  const list = (people: readonly Person[]) =>
    people
      .filter((p) => p.active || chosen.has(p.id))
      .sort((a, b) => a.org_level - b.org_level || a.name.localeCompare(b.name));
  const ours = list(ourPeople);
  const theirs = list(theirPeople);

  const group = (title: string, people: Person[], side: 'ours' | 'theirs') => (
    <fieldset className="people-picker-group">
      <legend className="field-label">{title}</legend>
      {people.length === 0 ? (
        <p className="muted">Nobody yet.</p>
      ) : (
        people.map((p) => (
          <label key={p.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.has(p.id)}
              data-testid={`interaction-person-${p.id}`}
              data-side={side}
              onChange={(event) => togglePerson(p.id, event.target.checked)}
            />
            <span>
              {p.name}
              <span className="muted">
                {' '}
                {[p.title ?? (p.function ? functionLabel(p.function) : p.department), p.active ? null : 'has left']
                  .filter(Boolean)
                  .join(', ')}
              </span>
            </span>
          </label>
        ))
      )}
    </fieldset>
  );

  const textArea = (field: 'summary' | 'outcomes' | 'follow_ups', label: string, testId: string, optional: boolean) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      optional={optional}
      error={errors[field]}
      errorTestId={`interaction-error-${field}`}
      hint={field === 'summary' ? 'Ctrl+Enter saves.' : undefined}
      control={(a11y) => (
        <textarea
          {...a11y}
          ref={bind(field)}
          className="input textarea"
          rows={field === 'summary' ? 3 : 2}
          aria-required={!optional || undefined}
          data-testid={testId}
          value={values[field]}
          onChange={(event) => update(field, event.target.value)}
        />
      )}
    />
  );

  return (
    <Form
      form={form}
      className="panel form-panel"
      aria-labelledby={`${base}-title`}
      data-testid="interaction-form"
      onSubmit={submit}
      busy={save.isPending}
      onCancel={cancel}
    >
      <h3 className="panel-title" id={`${base}-title`}>
        {interaction ? 'Edit interaction' : 'Log an interaction'}
      </h3>
      <div className="entity-grid entity-grid-2">
        <Field
          id={`${base}-date`}
          label="Date"
          error={errors.occurred_on}
          errorTestId="interaction-error-occurred_on"
          control={(a11y) => (
            <input
              {...a11y}
              ref={(el) => {
                bind('occurred_on')(el);
                firstRef.current = el;
              }}
              type="date"
              className="input"
              aria-required="true"
              max={today()}
              data-testid="interaction-date-input"
              value={values.occurred_on}
              onChange={(event) => update('occurred_on', event.target.value)}
            />
          )}
        />
        <Field
          id={`${base}-kind`}
          label="Kind"
          error={errors.kind}
          errorTestId="interaction-error-kind"
          control={(a11y) => (
            <select
              {...a11y}
              ref={bind('kind')}
              className="input select"
              data-testid="interaction-kind-select"
              value={values.kind}
              onChange={(event) => update('kind', event.target.value as InteractionKind)}
            >
              {INTERACTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {interactionKindLabel(k)}
                </option>
              ))}
            </select>
          )}
        />
      </div>
      <fieldset
        ref={bind('people')}
        className="people-picker"
        aria-describedby={errors.people ? `${base}-people-error` : undefined}
        data-testid="interaction-people"
      >
        <legend className="field-label">Who was there</legend>
        <div className="people-picker-groups">
          {group('Ours', ours, 'ours')}
          {group('Theirs', theirs, 'theirs')}
        </div>
        {errors.people && (
          <p className="field-error" id={`${base}-people-error`} role="alert" data-testid="interaction-error-people">
            {errors.people}
          </p>
        )}
      </fieldset>
      {textArea('summary', 'Summary', 'interaction-summary-input', false)}
      <div className="entity-grid entity-grid-2">
        {textArea('outcomes', 'Outcomes', 'interaction-outcomes-input', true)}
        {textArea('follow_ups', 'Follow-ups', 'interaction-followups-input', true)}
      </div>
      <label className="checkbox" title="Left out of internal and customer documents: only the executive's own copy shows it">
        <input
          type="checkbox"
          ref={bind('private')}
          checked={values.private}
          data-testid="interaction-private"
          onChange={(event) => update('private', event.target.checked)}
        />
        <span>
          Private <span className="muted">Only in the executive's own briefs and packs</span>
        </span>
      </label>
      <PromiseDrafts drafts={promises} onChange={setPromises} />
      <FormFooter
        testPrefix="interaction"
        formError={formError}
        pending={save.isPending}
        onCancel={cancel}
        submitLabel={interaction ? 'Save' : 'Log interaction'}
      />
    </Form>
  );
}
