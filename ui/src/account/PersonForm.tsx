import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { commands } from '../ipc';
import { Form } from '../lib/form';
import type { DecisionRole, Disposition, Function, Person, PersonInput, Side } from '../ipc';
import { Field } from '../ui/Field';
import { FormFooter, NotesField } from './FormParts';
import { blankToNull, parseWhole, useFieldErrors, useRegisterOpenForm } from './formKit';
import { DECISION_ROLES, dispositionLabel, DISPOSITIONS, FUNCTIONS, functionLabel, roleLabel } from './labels';
import { useInvalidateAccount } from './queries';
import { useKeptState } from '../lib/keptState';

export const MAX_LEVEL = 12;

type Values = {
  name: string;
  title: string;
  function: Function | '';
  department: string;
  org_level: string;
  reports_to_id: string;
  decision_role: DecisionRole | '';
  disposition: Disposition | '';
  email: string;
  phone: string;
  notes: string;
};
type PersonField = keyof Values;

const FIELDS: readonly PersonField[] = [
  'name',
  'title',
  'function',
  'department',
  'org_level',
  'reports_to_id',
  'decision_role',
  'disposition',
  'email',
  'phone',
  'notes',
];

function fromPerson(p: Person | null): Values {
  return {
    name: p?.name ?? '',
    title: p?.title ?? '',
    function: p?.function ?? '',
    department: p?.department ?? '',
    org_level: p ? String(p.org_level) : '',
    reports_to_id: p?.reports_to_id ?? '',
    decision_role: p?.decision_role ?? '',
    disposition: p?.disposition ?? '',
    email: p?.email ?? '',
    phone: p?.phone ?? '',
    notes: p?.notes ?? '',
  };
}

/** The whole person as PersonInput: fields of the other side are sent empty. */
export function personInput(
  v: Values,
  side: Side,
  accountId: string,
  active: boolean,
): PersonInput {
  const theirs = side === 'theirs';
  const level = parseWhole(v.org_level);
  return {
    side,
    account_id: theirs ? accountId : null,
    name: v.name,
    title: blankToNull(v.title),
    function: !theirs && v.function ? v.function : null,
    department: theirs ? blankToNull(v.department) : null,
    org_level: typeof level === 'number' ? level : null,
    reports_to_id: theirs ? blankToNull(v.reports_to_id) : null,
    decision_role: theirs && v.decision_role ? v.decision_role : null,
    disposition: theirs && v.disposition ? v.disposition : null,
    email: blankToNull(v.email),
    phone: blankToNull(v.phone),
    notes: blankToNull(v.notes),
    active,
  };
}

/** A person as the core has them, back into PersonInput (to flip `active`, say). */
export function inputFromPerson(p: Person, patch: Partial<PersonInput> = {}): PersonInput {
  return { ...personInput(fromPerson(p), p.side, p.account_id ?? '', p.active), ...patch };
}

function validate(v: Values, side: Side): Partial<Record<PersonField, string>> {
  const errors: Partial<Record<PersonField, string>> = {};
  if (v.name.trim() === '') errors.name = 'Name is required.';
  const level = parseWhole(v.org_level);
  if (level === null) errors.org_level = `Org level is required: 1 (the top) to ${MAX_LEVEL}.`;
  else if (level === 'invalid' || level < 1 || level > MAX_LEVEL)
    errors.org_level = `Org level must be between 1 (the top) and ${MAX_LEVEL}.`;
  if (side === 'ours' && !v.function) errors.function = 'Choose the function they work in.';
  return errors;
}

/** Add or edit one person, theirs or ours. */
export function PersonForm({
  side,
  accountId,
  person,
  theirPeople,
  onDone,
  onCancel,
}: {
  side: Side;
  accountId: string;
  /** The person being edited; absent to add one. */
  person: Person | null;
  /** This account's people, for "reports to". */
  theirPeople: readonly Person[];
  onDone: (saved: Person, created: boolean) => void;
  onCancel: () => void;
}) {
  useRegisterOpenForm();
  const base = useId();
  const invalidate = useInvalidateAccount(accountId);
  // What was typed outlives leaving the form (another tab or page); Cancel or a save drops it.
  const [values, setValues, forgetValues] = useKeptState<Values>(
    `person:${person?.id ?? `new:${side}:${accountId}`}`,
    () => fromPerson(person),
  );
  const cancel = () => {
    forgetValues();
    onCancel();
  };
  const form = useFieldErrors(FIELDS);
  const { errors, formError, bind, reject, fail, clear, reset } = form;
  const nameRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => nameRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: (input: PersonInput) =>
      person ? commands.personUpdate(person.id, input) : commands.personCreate(input),
    onSuccess: (saved) => {
      void invalidate('person');
      forgetValues();
      onDone(saved, person === null);
    },
    onError: fail,
  });

  const update = <K extends PersonField>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };

  const submit = () => {
    if (save.isPending) return;
    reset();
    if (reject(validate(values, side))) return;
    save.mutate(personInput(values, side, accountId, person?.active ?? true));
  };

  const theirs = side === 'theirs';
  const managers = theirPeople
    .filter((p) => p.id !== person?.id && (p.active || p.id === values.reports_to_id))
    .sort((a, b) => a.org_level - b.org_level || a.name.localeCompare(b.name));
  const title = person ? `Edit ${person.name}` : theirs ? 'Add one of their people' : 'Add one of our people';

  const input = (
    field: PersonField,
    label: string,
    opts: { optional?: boolean; type?: string; placeholder?: string; hint?: string; testId?: string } = {},
  ) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      optional={opts.optional}
      hint={opts.hint}
      error={errors[field]}
      errorTestId={`person-error-${field}`}
      control={(a11y) => (
        <input
          {...a11y}
          ref={(el) => {
            bind(field)(el);
            if (field === 'name') nameRef.current = el;
          }}
          className="input"
          type={opts.type ?? 'text'}
          inputMode={field === 'org_level' ? 'numeric' : undefined}
          min={field === 'org_level' ? 1 : undefined}
          max={field === 'org_level' ? MAX_LEVEL : undefined}
          autoComplete="off"
          placeholder={opts.placeholder}
          aria-required={!opts.optional || undefined}
          data-testid={opts.testId ?? `person-${field}-input`}
          value={values[field]}
          onChange={(event) => update(field, event.target.value)}
        />
      )}
    />
  );

  const select = <K extends 'function' | 'reports_to_id' | 'decision_role' | 'disposition'>(
    field: K,
    label: string,
    options: readonly { value: string; label: string }[],
    testId: string,
    optional = true,
  ) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      optional={optional}
      error={errors[field]}
      errorTestId={`person-error-${field}`}
      control={(a11y) => (
        <select
          {...a11y}
          ref={bind(field)}
          className="input select"
          data-testid={testId}
          aria-required={!optional || undefined}
          value={values[field]}
          onChange={(event) => update(field, event.target.value as Values[K])}
        >
          <option value="">{optional ? '—' : 'Choose…'}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );

  return (
    <Form
      form={form}
      className="panel form-panel"
      aria-labelledby={`${base}-title`}
      data-testid="person-form"
      data-side={side}
      onSubmit={submit}
      busy={save.isPending}
      onCancel={cancel}
    >
      <h3 className="panel-title" id={`${base}-title`}>
        {title}
      </h3>
      <div className="entity-grid">
        {input('name', 'Name', { placeholder: 'Full name' })}
        {input('title', 'Title', { optional: true, placeholder: theirs ? 'e.g. Head of Procurement' : 'e.g. Account Manager' })}
        {theirs
          ? input('department', 'Department', { optional: true })
          : select('function', 'Function', FUNCTIONS.map((f) => ({ value: f, label: functionLabel(f) })), 'person-function-select', false)}
        {input('org_level', 'Org level', {
          type: 'number',
          hint: `1 = CEO, up to ${MAX_LEVEL}`,
          testId: 'person-level-input',
        })}
        {theirs &&
          select(
            'reports_to_id',
            'Reports to',
            managers.map((p) => ({ value: p.id, label: `${p.name} (level ${p.org_level})${p.active ? '' : ' — has left'}` })),
            'person-reports-to-select',
          )}
        {theirs &&
          select('decision_role', 'Role in decisions', DECISION_ROLES.map((r) => ({ value: r, label: roleLabel(r) })), 'person-role-select')}
        {theirs &&
          select(
            'disposition',
            'Disposition',
            DISPOSITIONS.map((d) => ({ value: d, label: dispositionLabel(d) })),
            'person-disposition-select',
          )}
        {input('email', 'Email', { optional: true, type: 'email' })}
        {input('phone', 'Phone', { optional: true, type: 'tel' })}
      </div>
      <NotesField
        id={`${base}-notes`}
        testPrefix="person"
        error={errors.notes}
        value={values.notes}
        onChange={(value) => update('notes', value)}
        inputRef={bind('notes')}
      />
      <FormFooter
        testPrefix="person"
        formError={formError}
        pending={save.isPending}
        onCancel={cancel}
        submitLabel={person ? 'Save' : 'Add person'}
      />
    </Form>
  );
}
