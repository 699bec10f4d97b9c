import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { Function as OurFunction, Person, PersonInput } from '../ipc';
import { Form, useForm } from '../lib/form';
import { ourPeopleKey, refresh } from '../lib/refresh';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { PlusIcon } from '../ui/icons';
import { FUNCTIONS, functionLabel } from '../account/labels';

export { ourPeopleKey };


type Draft = { name: string; title: string; function: OurFunction; level: string; email: string; phone: string };

const EMPTY: Draft = { name: '', title: '', function: 'sales', level: '3', email: '', phone: '' };

function toInput(draft: Draft, active: boolean): PersonInput {
  const level = Number.parseInt(draft.level, 10);
  return {
    side: 'ours',
    account_id: null,
    name: draft.name,
    title: draft.title || null,
    function: draft.function,
    department: null,
    org_level: Number.isFinite(level) ? level : null,
    reports_to_id: null,
    decision_role: null,
    disposition: null,
    email: draft.email || null,
    phone: draft.phone || null,
    notes: null,
    active,
  };
}

function fromPerson(person: Person): Draft {
  return {
    name: person.name,
    title: person.title ?? '',
    function: person.function ?? 'other',
    level: String(person.org_level),
    email: person.email ?? '',
    phone: person.phone ?? '',
  };
}

/** Our side: the people who own, sponsor and hold the ties across every account. */
/** The fields the core may name in a refusal, as the form shows them. */
const OUR_FIELDS = ['name', 'function', 'org_level', 'title', 'email', 'phone'] as const;
type OurField = (typeof OUR_FIELDS)[number];

export function OurPeoplePage() {
  const queryClient = useQueryClient();
  const people = useQuery({ queryKey: ourPeopleKey, queryFn: () => commands.peopleOurs() });
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const nameRef = useRef<HTMLInputElement>(null);

  const invalidate = () => refresh(queryClient, { entities: ['person'] });

  const form = useForm(OUR_FIELDS);
  const save = useMutation({
    mutationFn: async (input: { person: Person | 'new'; active: boolean }) =>
      input.person === 'new'
        ? commands.personCreate(toInput(draft, true))
        : commands.personUpdate(input.person.id, toInput(draft, input.active)),
    onSuccess: async () => {
      setEditing(null);
      setDraft(EMPTY);
      await invalidate();
    },
    onMutate: () => form.reset(),
    onError: (error: AppError) => void form.failNow(error),
  });
  const toggleActive = useMutation({
    mutationFn: (person: Person) =>
      commands.personUpdate(person.id, toInput(fromPerson(person), !person.active)),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (person: Person) => commands.trashDelete('person', person.id),
    onSuccess: invalidate,
  });

  const open = (target: Person | 'new') => {
    save.reset();
    form.reset();
    setEditing(target);
    setDraft(target === 'new' ? EMPTY : fromPerson(target));
    window.setTimeout(() => nameRef.current?.focus(), 0);
  };
  const submit = () => {
    if (editing) save.mutate({ person: editing, active: editing === 'new' ? true : editing.active });
  };
  const fieldError = (field: OurField) => form.errors[field] ?? null;
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const list = people.data ?? [];
  return (
    <section className="page" aria-labelledby="people-title" data-testid="our-people-page">
      <header className="page-header">
        <div>
          <h1 id="people-title" className="page-title">
            Our people
          </h1>
          <p className="page-subtitle">
            Everyone on our side who owns, sponsors or holds a relationship. Level 1 is the CEO.
          </p>
        </div>
        <Button variant="primary" onClick={() => open('new')} data-testid="add-our-person-global">
          <PlusIcon />
          Add person
        </Button>
      </header>

      {editing && (
        <Form
          form={form}
          className="panel form-panel"
          busy={save.isPending}
          onSubmit={submit}
          onCancel={() => setEditing(null)}
          aria-labelledby="our-person-form-title"
          data-testid="our-person-form"
        >
          <h2 className="panel-title" id="our-person-form-title">
            {editing === 'new' ? 'Add one of our people' : `Edit ${editing.name}`}
          </h2>
          <div className="form-grid">
            <Field
              id="our-name"
              label="Name"
              error={fieldError('name')}
              control={(p) => (
                <input
                  {...p}
                  ref={(el) => {
                    nameRef.current = el;
                    form.bind('name')(el);
                  }}
                  className="input"
                  value={draft.name} onChange={(e) => set('name')(e.target.value)} />
              )}
            />
            <Field
              id="our-function"
              label="Function"
              error={fieldError('function')}
              control={(p) => (
                <select {...p} ref={form.bind('function')} className="select" value={draft.function} onChange={(e) => set('function')(e.target.value)}>
                  {FUNCTIONS.map((value) => (
                    <option key={value} value={value}>
                      {functionLabel(value)}
                    </option>
                  ))}
                </select>
              )}
            />
            <Field
              id="our-org_level"
              label="Level"
              hint="1 = CEO"
              error={fieldError('org_level')}
              control={(p) => (
                <input
                  {...p}
                  ref={form.bind('org_level')}
                  className="input"
                  type="number"
                  min={1}
                  max={12}
                  value={draft.level}
                  onChange={(e) => set('level')(e.target.value)}
                />
              )}
            />
            <Field
              id="our-title"
              label="Title"
              optional
              error={fieldError('title')}
              control={(p) => <input {...p} ref={form.bind('title')} className="input" value={draft.title} onChange={(e) => set('title')(e.target.value)} />}
            />
            <Field
              id="our-email"
              label="Email"
              optional
              error={fieldError('email')}
              control={(p) => (
                <input {...p} ref={form.bind('email')} className="input" type="email" value={draft.email} onChange={(e) => set('email')(e.target.value)} />
              )}
            />
            <Field
              id="our-phone"
              label="Phone"
              optional
              error={fieldError('phone')}
              control={(p) => <input {...p} ref={form.bind('phone')} className="input" value={draft.phone} onChange={(e) => set('phone')(e.target.value)} />}
            />
          </div>
          <FormError message={form.formError} />
          <div className="button-row">
            <Button type="submit" variant="primary" pending={save.isPending} data-testid="our-person-submit">
              {editing === 'new' ? 'Add person' : 'Save'}
            </Button>
            <Button variant="ghost" onClick={() => setEditing(null)}>
              Cancel
            </Button>
          </div>
        </Form>
      )}

      <FormError message={toggleActive.error?.message ?? remove.error?.message ?? null} />
      {people.isPending && <p className="status-line">Loading…</p>}
      {people.isError && <FormError message={people.error.message} />}
      {people.isSuccess && list.length === 0 && (
        <p className="empty-note">Nobody yet. Add the people who own and hold your key relationships.</p>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Function</th>
                <th scope="col">Level</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((person) => (
                <tr key={person.id} className={person.active ? undefined : 'row-muted'} data-testid="our-person-row">
                  <td className="cell-name">
                    {person.name}
                    {!person.active && <span className="badge"> Left</span>}
                  </td>
                  <td>{person.title ?? '—'}</td>
                  <td>{person.function ? functionLabel(person.function) : '—'}</td>
                  <td>{person.org_level}</td>
                  {/* The buttons sit in a row inside the cell: a flex cell leaves the table's rows. */}
                  <td className="cell-actions">
                    <div className="button-row">
                      <Button size="sm" variant="ghost" onClick={() => open(person)}>
                        Edit
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => toggleActive.mutate(person)}>
                        {person.active ? 'Mark as left' : 'Back'}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => remove.mutate(person)}>
                        Delete
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
