import { useId, useState } from 'react';
import type { Person } from '../ipc';
import { functionLabel } from '../account/labels';

const byRank = (a: Person, b: Person) => a.org_level - b.org_level || a.name.localeCompare(b.name);

function matches(p: Person, words: string[]): boolean {
  const text = [p.name, p.title, p.department, p.function ? functionLabel(p.function) : null]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

/** One side's checkbox list, with a box that narrows it by name or title. */
function Side({
  title,
  side,
  people,
  chosen,
  loading,
  emptyText,
  onToggle,
}: {
  title: string;
  side: 'ours' | 'theirs';
  people: readonly Person[];
  chosen: ReadonlySet<string>;
  loading: boolean;
  emptyText: string;
  onToggle: (id: string, on: boolean) => void;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const listed = people.filter((p) => p.active || chosen.has(p.id)).sort(byRank);
  const shown = listed.filter((p) => chosen.has(p.id) || matches(p, words));
  const count = listed.filter((p) => chosen.has(p.id)).length;

  return (
    <fieldset className="attendee-side" data-testid={`attendees-${side}`}>
      <legend className="field-label">
        {title} <span className="muted">{count === 0 ? 'nobody yet' : `${count} chosen`}</span>
      </legend>
      <input
        type="search"
        className="input attendee-filter"
        aria-label={`Filter ${title.toLowerCase()}`}
        aria-controls={id}
        placeholder="Filter by name or title"
        data-testid={`attendees-${side}-filter`}
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && filter) {
            event.preventDefault();
            event.stopPropagation();
            setFilter('');
          }
        }}
      />
      <div className="attendee-list" id={id}>
        {loading && <p className="muted">Loading…</p>}
        {!loading && listed.length === 0 && <p className="muted">{emptyText}</p>}
        {!loading && listed.length > 0 && shown.length === 0 && <p className="muted">Nobody matches “{filter}”.</p>}
        {shown.map((p) => (
          <label key={p.id} className="checkbox attendee">
            <input
              type="checkbox"
              checked={chosen.has(p.id)}
              data-testid={`attendee-${p.id}`}
              data-side={side}
              onChange={(event) => onToggle(p.id, event.target.checked)}
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
        ))}
      </div>
    </fieldset>
  );
}

/** Who attends, on both sides: our people, and the customer's people of this account. */
export function AttendeePicker({
  ours,
  theirs,
  chosen,
  oursLoading,
  theirsLoading,
  hasAccount,
  onChange,
}: {
  ours: readonly Person[];
  theirs: readonly Person[];
  chosen: readonly string[];
  oursLoading: boolean;
  theirsLoading: boolean;
  hasAccount: boolean;
  onChange: (next: string[]) => void;
}) {
  const set = new Set(chosen);
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen.filter((p) => p !== id), id] : chosen.filter((p) => p !== id));
  return (
    <div className="attendee-sides">
      <Side
        title="Ours"
        side="ours"
        people={ours}
        chosen={set}
        loading={oursLoading}
        emptyText="None of our people are recorded yet."
        onToggle={toggle}
      />
      <Side
        title="Theirs"
        side="theirs"
        people={theirs}
        chosen={set}
        loading={hasAccount && theirsLoading}
        emptyText={hasAccount ? 'Nobody at this account is recorded yet.' : 'Choose the account first.'}
        onToggle={toggle}
      />
    </div>
  );
}
