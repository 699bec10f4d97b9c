import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { commands } from '../ipc';
import type { BlueprintView, FieldChange, Goal, PlanPerson } from '../ipc';
import { formatDay, personName } from './labels';
import { blueprintCompareKey } from './queries';

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  owner: 'Owner',
  counterpart: 'Counterpart',
  target_date: 'Target date',
  metric: 'Measure',
  unit: 'Unit',
  baseline: 'Baseline',
  target: 'Target',
  ideas: 'Ideas',
  involve: 'Involved',
  connections: 'Connections',
};

/**
 * A field's value as the reader knows it: people and ideas by name (the core
 * compares ids, which are stable across revisions).
 */
export function readable(field: string, value: string | null, people: readonly PlanPerson[], ideaText: (id: string) => string): string {
  if (value === null) return '—';
  const name = (id: string) => personName(people, id);
  switch (field) {
    case 'owner':
    case 'counterpart':
      return name(value);
    case 'target_date':
      return formatDay(value);
    case 'ideas':
      return value.split('; ').map(ideaText).join('; ');
    case 'involve':
      return value
        .split('; ')
        .map((item) => {
          const m = /^(.+) \((ours|theirs)\)$/.exec(item);
          return m ? `${name(m[1] ?? '')} (${m[2]})` : item;
        })
        .join('; ');
    case 'connections':
      return value
        .split('; ')
        .map((item) => {
          const m = /^(.+) with (.+) every (\d+) days$/.exec(item);
          return m ? `${name(m[1] ?? '')} ↔ ${name(m[2] ?? '')} every ${m[3]} days` : item;
        })
        .join('; ');
    default:
      return value;
  }
}

/** Any two revisions side by side: goals added, removed, and what changed in the others. */
export function RevisionCompare({ view }: { view: BlueprintView }) {
  const base = useId();
  const { blueprint } = view;
  const frozen = blueprint.stage === 'track';
  const approved = blueprint.revisions.map((r) => r.revision);
  const last = approved.at(-1) ?? 1;
  const [from, setFrom] = useState<number>(frozen ? (approved.at(-2) ?? last) : last);
  const [to, setTo] = useState<number>(frozen ? last : 0);
  const diff = useQuery({
    queryKey: blueprintCompareKey(blueprint.id, from, to, view.updated_at),
    queryFn: () => commands.blueprintCompare(blueprint.id, from, to),
  });
  const ideaText = (id: string) => blueprint.ideas.find((i) => i.id === id)?.text ?? id;
  const revisionName = (n: number) => (n === 0 ? `Revision ${blueprint.revision} (working)` : `Revision ${n}`);
  const options = [...approved.map((n) => ({ n, label: `Revision ${n}` })), ...(frozen ? [] : [{ n: 0, label: revisionName(0) }])];

  const goalLine = (g: Goal) =>
    [
      personName(view.people, g.owner_id),
      g.target_date && `by ${formatDay(g.target_date)}`,
      g.measure && `${g.measure.metric}: ${g.measure.baseline ?? ''} → ${g.measure.target ?? ''} ${g.measure.unit}`,
    ]
      .filter(Boolean)
      .join(' · ');

  const select = (label: string, value: number, onChange: (n: number) => void, testId: string) => (
    <label className="bp-compare-pick">
      <span className="field-label">{label}</span>
      <select className="input select" data-testid={testId} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((o) => (
          <option key={o.n} value={o.n}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="panel details" aria-labelledby={`${base}-title`} data-testid="revision-compare">
      <h2 className="panel-title" id={`${base}-title`}>
        Compare revisions
      </h2>
      <div className="bp-inline-form">
        {select('From', from, setFrom, 'compare-from')}
        {select('To', to, setTo, 'compare-to')}
      </div>
      {diff.isError && (
        <p className="form-error" role="alert">
          {diff.error.message}
        </p>
      )}
      {diff.data && (
        <div className="bp-diff" data-testid="revision-diff">
          {diff.data.added.length + diff.data.removed.length + diff.data.changed.length === 0 && (
            <p className="empty-note" data-testid="diff-same">
              {revisionName(from)} and {revisionName(to).toLowerCase()} have the same goals.
            </p>
          )}
          {diff.data.added.length > 0 && (
            <section>
              <h3 className="details-subhead">Added in {revisionName(to).toLowerCase()}</h3>
              <ul className="bp-plain-list">
                {diff.data.added.map((g) => (
                  <li key={g.id} className="bp-diff-added" data-testid="diff-added">
                    <strong>{g.title}</strong> <span className="muted">{goalLine(g)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {diff.data.removed.length > 0 && (
            <section>
              <h3 className="details-subhead">Removed</h3>
              <ul className="bp-plain-list">
                {diff.data.removed.map((g) => (
                  <li key={g.id} className="bp-diff-removed" data-testid="diff-removed">
                    <strong>{g.title}</strong> <span className="muted">{goalLine(g)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {diff.data.changed.length > 0 && (
            <section>
              <h3 className="details-subhead">Changed</h3>
              {diff.data.changed.map((c) => (
                <div key={c.goal_id} className="bp-diff-changed" data-testid="diff-changed">
                  <strong>{c.title}</strong>
                  <table className="table table-compact">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">{revisionName(from)}</th>
                        <th scope="col">{revisionName(to)}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.fields.map((f: FieldChange) => (
                        <tr key={f.field} data-testid="diff-field" data-field={f.field}>
                          <th scope="row">{FIELD_LABELS[f.field] ?? f.field}</th>
                          <td className="bp-diff-before">{readable(f.field, f.before, view.people, ideaText)}</td>
                          <td className="bp-diff-after">{readable(f.field, f.after, view.people, ideaText)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
            </section>
          )}
        </div>
      )}
    </section>
  );
}
