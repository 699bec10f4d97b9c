import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { Account, Connection, Move, Person, Relationship } from '../ipc';
import { Button } from '../ui/Button';
import { PlusIcon } from '../ui/icons';
import { showToast } from '../ui/toast';
import { useKeptState } from '../lib/keptState';
import { ConnectionForm } from './ConnectionForm';
import type { ConnectionPreset } from './ConnectionForm';
import { dimensionLabel, dispositionLabel, formatDay, functionLabel, roleLabel } from './labels';
import { MoveForm } from './MoveForm';
import { inputFromPerson, PersonForm } from './PersonForm';
import { accountKey, ourPeopleKey, useInvalidateAccount, useMoveToTrash } from './queries';

type PersonEditor = { side: 'theirs' | 'ours'; person: Person | null };
type ConnectionEditor = { connection: Connection | null; preset: ConnectionPreset };

const byLevel = (a: Person, b: Person) => a.org_level - b.org_level || a.name.localeCompare(b.name);

const monthYear = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "COO at Halvorsen until May 2026": the role someone left. */
export function roleLeft(m: Move): string {
  const where = m.from.account_name ?? 'us';
  return `${m.from.title ? `${m.from.title} at ` : 'At '}${where} until ${monthYear(m.on)}`;
}

/** "CFO at Nordhavn since May 2026" or "joined us (Head of Finance) in May 2026": where they went. */
export function whereNow(m: Move): string {
  if (m.to.account_id === null) return `joined us${m.to.title ? ` (${m.to.title})` : ''} in ${monthYear(m.on)}`;
  return `now ${m.to.title ? `${m.to.title} at ` : 'at '}${m.to.account_name ?? 'another account'} since ${monthYear(m.on)}`;
}

/** Their people, ours on this account, and the ties between them, with forms to add and change each. */
export function PeopleTab({
  account,
  relationship,
  selectedId,
  onSelect,
}: {
  account: Account;
  relationship: Relationship;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const invalidate = useInvalidateAccount(account.id);
  const moveToTrash = useMoveToTrash(account.id);
  const ourPeople = useQuery({ queryKey: ourPeopleKey, queryFn: () => commands.peopleOurs() });
  // Who moved in or out: under the account's key, so any write to it reads them again.
  const moves = useQuery({ queryKey: [...accountKey(account.id), 'moves'], queryFn: () => commands.accountMoves(account.id) });
  const former = (moves.data ?? []).filter((m) => m.from.account_id === account.id);
  const cameFrom = new Map((moves.data ?? []).filter((m) => m.to.account_id === account.id).map((m) => [m.person_id, m]));
  const [moving, setMoving] = useState<Person | null>(null);

  // Which forms are open is kept with what was typed in them (lib/keptState).
  const [personEditor, setPersonEditor] = useKeptState<PersonEditor | null>(`person-editor:${account.id}`, null);
  const [connectionEditor, setConnectionEditor] = useKeptState<ConnectionEditor | null>(
    `connection-editor:${account.id}`,
    null,
  );
  // Ours added here, offered for a tie even before peopleOurs is read again.
  const [addedOurs, setAddedOurs] = useState<readonly Person[]>([]);
  const addTheirsRef = useRef<HTMLButtonElement>(null);
  const addOursRef = useRef<HTMLButtonElement>(null);
  const addTieRef = useRef<HTMLButtonElement>(null);

  const { ours, theirs, connections } = relationship;
  const everyone = new Map<string, Person>();
  for (const p of [...(ourPeople.data ?? []), ...ours, ...theirs]) everyone.set(p.id, p);
  const nameOf = (id: string | null) => (id ? (everyone.get(id)?.name ?? 'Unknown') : '—');
  const theirsSorted = [...theirs].sort(byLevel);
  const oursSorted = [...ours].sort(byLevel);
  const tiesOf = (id: string) => connections.filter((c) => c.ours_id === id || c.theirs_id === id).length;
  // Candidates for a tie: every active one of ours, plus those already on this account.
  const ourCandidates = [...new Map([...addedOurs, ...ours, ...(ourPeople.data ?? [])].map((p) => [p.id, p])).values()];

  const toggleActive = useMutation({
    mutationFn: (person: Person) => commands.personUpdate(person.id, inputFromPerson(person, { active: !person.active })),
    onSuccess: (saved) => {
      void invalidate('person');
      showToast({ message: saved.active ? `${saved.name} is marked as back.` : `${saved.name} is marked as having left.` });
    },
    onError: (error) => showToast({ message: `Couldn't change it: ${AppError.from(error).message}`, tone: 'error' }),
  });

  const closePerson = (side: 'theirs' | 'ours') => {
    setPersonEditor(null);
    (side === 'theirs' ? addTheirsRef : addOursRef).current?.focus();
  };

  const personDone = (saved: Person, created: boolean) => {
    setPersonEditor(null);
    if (saved.side === 'ours') {
      if (created) {
        setAddedOurs((list) => [...list, saved]);
        // One of ours belongs on this account through a tie: go straight to making it.
        setConnectionEditor({ connection: null, preset: { ours_id: saved.id } });
        showToast({ message: `${saved.name} added. Now choose who they know on the customer's side.` });
        return;
      }
    }
    showToast({ message: created ? `${saved.name} added.` : `${saved.name} saved.` });
    (saved.side === 'theirs' ? addTheirsRef : addOursRef).current?.focus();
  };

  const closeConnection = () => {
    setConnectionEditor(null);
    addTieRef.current?.focus();
  };

  const openPerson = (editor: PersonEditor) => {
    setMoving(null);
    setConnectionEditor(null);
    setPersonEditor(editor);
  };
  const openConnection = (editor: ConnectionEditor) => {
    setPersonEditor(null);
    setConnectionEditor(editor);
  };

  const personForm = (side: 'theirs' | 'ours') =>
    personEditor?.side === side && (
      <PersonForm
        key={personEditor.person?.id ?? `new-${side}`}
        side={side}
        accountId={account.id}
        person={personEditor.person}
        theirPeople={theirs}
        onDone={personDone}
        onCancel={() => closePerson(side)}
      />
    );

  return (
    <div className="stack">
      <section className="section" aria-labelledby="their-people-title">
        <div className="section-head">
          <h2 id="their-people-title">Their people</h2>
          <Button
            ref={addTheirsRef}
            size="sm"
            data-testid="add-their-person"
            aria-expanded={personEditor?.side === 'theirs' && !personEditor.person}
            onClick={() => openPerson({ side: 'theirs', person: null })}
          >
            <PlusIcon />
            Add their person
          </Button>
        </div>
        {personForm('theirs')}
        {moving && (
          <MoveForm
            key={moving.id}
            person={moving}
            accountId={account.id}
            onCancel={() => setMoving(null)}
            onDone={(moved, where) => {
              setMoving(null);
              showToast({ message: `${moved.name} moved to ${where}; their history and ties went with them.` });
              addTheirsRef.current?.focus();
            }}
          />
        )}
        {theirsSorted.length === 0 ? (
          <p className="empty empty-compact">Nobody recorded at {account.name} yet. Start with the person who decides.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" data-testid="their-people">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Department</th>
                  <th scope="col" className="col-num col-level">
                    Level
                  </th>
                  <th scope="col">Reports to</th>
                  <th scope="col">Role</th>
                  <th scope="col">Disposition</th>
                  <th scope="col" className="col-actions">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {theirsSorted.map((p) => (
                  <tr
                    key={p.id}
                    data-testid="their-person-row"
                    data-person-id={p.id}
                    className={[!p.active && 'row-inactive', p.id === selectedId && 'row-selected'].filter(Boolean).join(' ') || undefined}
                  >
                    <td className="cell-name">
                      <button type="button" className="link-button" onClick={() => onSelect(p.id)} title="Show on the map">
                        {p.name}
                      </button>
                      {p.title && <span className="cell-sub">{p.title}</span>}
                      {cameFrom.has(p.id) && (
                        <span className="cell-sub" data-testid="person-came-from">
                          Before: {roleLeft(cameFrom.get(p.id)!)}
                        </span>
                      )}
                      {!p.active && <span className="badge badge-muted">Left</span>}
                    </td>
                    <td>{p.department ?? <span className="muted">—</span>}</td>
                    <td className="col-num">{p.org_level}</td>
                    <td>{p.reports_to_id ? nameOf(p.reports_to_id) : <span className="muted">—</span>}</td>
                    <td>{p.decision_role ? roleLabel(p.decision_role) : <span className="muted">—</span>}</td>
                    <td>
                      {p.disposition ? (
                        <span className={`disposition disposition-${p.disposition}`}>{dispositionLabel(p.disposition)}</span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="col-actions">
                      <div className="row-actions">
                        <Button size="sm" variant="ghost" data-testid="person-edit" aria-label={`Edit ${p.name}`} onClick={() => openPerson({ side: 'theirs', person: p })}>
                          Edit
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          data-testid="person-move"
                          aria-label={`${p.name} moved to another organisation`}
                          title="Moved to another organisation…"
                          onClick={() => {
                            setPersonEditor(null);
                            setConnectionEditor(null);
                            setMoving(p);
                          }}
                        >
                          Moved…
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          data-testid="person-toggle-active"
                          aria-label={p.active ? `Mark ${p.name} as left` : `Mark ${p.name} as back`}
                          disabled={toggleActive.isPending}
                          onClick={() => toggleActive.mutate(p)}
                        >
                          {p.active ? 'Mark as left' : 'Back'}
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          data-testid="person-delete"
                          aria-label={`Delete ${p.name}`}
                          onClick={() => void moveToTrash('person', p.id, p.name).catch(() => {})}
                        >
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

      {former.length > 0 && (
        <section className="section" aria-labelledby="former-people-title">
          <div className="section-head">
            <h2 id="former-people-title">Former</h2>
          </div>
          <ul className="stack" data-testid="former-people">
            {former.map((m) => (
              <li key={`${m.person_id}-${m.on}`} data-testid="former-person" data-person-id={m.person_id}>
                <span className="cell-name">{m.name}</span> <span className="badge badge-muted">Former</span>{' '}
                <span className="cell-sub">
                  {roleLeft(m)}; {whereNow(m)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="section" aria-labelledby="our-people-title">
        <div className="section-head">
          <div>
            <h2 id="our-people-title">Our people on this account</h2>
            <p className="section-sub">The owner, the sponsor and everyone of ours with a tie here.</p>
          </div>
          <Button
            ref={addOursRef}
            size="sm"
            data-testid="add-our-person"
            aria-expanded={personEditor?.side === 'ours' && !personEditor.person}
            onClick={() => openPerson({ side: 'ours', person: null })}
          >
            <PlusIcon />
            Add our person
          </Button>
        </div>
        {personForm('ours')}
        {oursSorted.length === 0 ? (
          <p className="empty empty-compact">None of our people is on this account yet.</p>
        ) : (
          <ul className="people-cards" data-testid="our-people">
            {oursSorted.map((p) => (
              <li key={p.id} className={p.id === selectedId ? 'person-card is-selected' : 'person-card'} data-testid="our-person">
                <button type="button" className="link-button person-card-name" onClick={() => onSelect(p.id)} title="Show on the map">
                  {p.name}
                </button>
                <span className="cell-sub">
                  {[p.title, p.function ? functionLabel(p.function) : null, `level ${p.org_level}`].filter(Boolean).join(' · ')}
                </span>
                <span className="person-card-meta">
                  {p.id === account.owner_id && <span className="badge badge-accent">Owner</span>}
                  {p.id === account.sponsor_id && <span className="badge badge-accent">Sponsor</span>}
                  {!p.active && <span className="badge badge-muted">Left</span>}
                  <span className="muted">{tiesOf(p.id) === 1 ? '1 tie' : `${tiesOf(p.id)} ties`}</span>
                </span>
                <Button size="sm" variant="ghost" data-testid="our-person-edit" aria-label={`Edit ${p.name}`} onClick={() => openPerson({ side: 'ours', person: p })}>
                  Edit
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="ties-title">
        <div className="section-head">
          <h2 id="ties-title">Ties</h2>
          <Button
            ref={addTieRef}
            size="sm"
            data-testid="add-connection"
            aria-expanded={connectionEditor !== null && !connectionEditor.connection}
            onClick={() => openConnection({ connection: null, preset: {} })}
          >
            <PlusIcon />
            Add tie
          </Button>
        </div>
        {connectionEditor && (
          <ConnectionForm
            key={connectionEditor.connection?.id ?? `new-${connectionEditor.preset.ours_id ?? ''}`}
            accountId={account.id}
            connection={connectionEditor.connection}
            preset={connectionEditor.preset}
            ourPeople={ourCandidates}
            theirPeople={theirs}
            onDone={(saved) => {
              showToast({ message: `Tie ${nameOf(saved.ours_id)} ↔ ${nameOf(saved.theirs_id)} saved.` });
              closeConnection();
            }}
            onCancel={closeConnection}
          />
        )}
        {connections.length === 0 ? (
          <p className="empty empty-compact">No ties yet. Add one: who of ours knows whom of theirs?</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" data-testid="connections">
              <thead>
                <tr>
                  <th scope="col">Ours ↔ theirs</th>
                  <th scope="col">Dimension</th>
                  <th scope="col" className="col-num">
                    Strength
                  </th>
                  <th scope="col" className="col-num">
                    Cadence
                  </th>
                  <th scope="col">Last contact</th>
                  <th scope="col" className="col-num" title="Interactions logged with both of them">
                    Logged
                  </th>
                  <th scope="col">Notes</th>
                  <th scope="col" className="col-actions">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {connections.map((c) => {
                  const label = `${nameOf(c.ours_id)} ↔ ${nameOf(c.theirs_id)}`;
                  return (
                    <tr key={c.id} data-testid="connection-row" data-connection-id={c.id}>
                      <td className="cell-name">{label}</td>
                      <td>
                        {dimensionLabel(c.dimension)}
                        {c.dimension === 'proxied' && c.intermediary && <span className="cell-sub">via {c.intermediary}</span>}
                      </td>
                      <td className="col-num">
                        <span className="strength" aria-label={`${c.strength} of 5`}>
                          {c.strength}/5
                        </span>
                      </td>
                      <td className="col-num">{c.cadence_days ? `${c.cadence_days} d` : <span className="muted">—</span>}</td>
                      <td>{c.last_contact ? formatDay(c.last_contact) : <span className="muted">Never</span>}</td>
                      <td className="col-num">{c.interactions}</td>
                      <td className="cell-notes">{c.notes ?? <span className="muted">—</span>}</td>
                      <td className="col-actions">
                        <div className="row-actions">
                          <Button size="sm" variant="ghost" data-testid="connection-edit" aria-label={`Edit tie ${label}`} onClick={() => openConnection({ connection: c, preset: {} })}>
                            Edit
                          </Button>
                          <Button
                            size="sm"
                            variant="ghost"
                            data-testid="connection-delete"
                            aria-label={`Delete tie ${label}`}
                            onClick={() => void moveToTrash('connection', c.id, `The tie ${label}`).catch(() => {})}
                          >
                            Delete
                          </Button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
