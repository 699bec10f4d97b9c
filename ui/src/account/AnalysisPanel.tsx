import { useId } from 'react';
import type { Analysis, Person } from '../ipc';
import { FINDING_GROUPS, formatPercent, functionLabel, roleLabel } from './labels';
import './account.css';

const MIX = [
  { key: 'formal', label: 'Formal' },
  { key: 'personal', label: 'Personal' },
  { key: 'proxied', label: 'Proxied' },
] as const;

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The relationship analysis in words: findings by question, the dimension mix, level and coverage. */
export function AnalysisPanel({
  analysis,
  people,
  onSelectPerson,
}: {
  analysis: Analysis;
  /** Everyone on the account, to name the people a finding is about. */
  people: ReadonlyMap<string, Pick<Person, 'id' | 'name'>>;
  /** Shows that person on the map. */
  onSelectPerson: (id: string) => void;
}) {
  const titleId = useId();
  const { dimension_mix: mix, coverage, findings, working_level } = analysis;
  const known = new Set(FINDING_GROUPS.flatMap((g) => g.kinds));
  const groups = [
    ...FINDING_GROUPS.map((g) => ({ title: g.title, items: findings.filter((f) => g.kinds.includes(f.kind)) })),
    { title: 'Other', items: findings.filter((f) => !known.has(f.kind)) },
  ].filter((g) => g.items.length > 0);

  const shares = MIX.map((m) => ({ ...m, share: mix[m.key] ?? 0 })).map((s, i, all) => ({
    ...s,
    // Where this share's bar starts: the sum of those before it.
    start: all.slice(0, i).reduce((sum, before) => sum + before.share, 0),
  }));
  const hasTies = mix.total_strength > 0;

  return (
    <section className="panel analysis" aria-labelledby={titleId} data-testid="analysis">
      <h2 className="panel-title" id={titleId}>
        Relationship analysis
      </h2>

      <div className="findings" data-testid="findings">
        {groups.length === 0 ? (
          <p className="muted" data-testid="no-findings">
            Nothing to flag: the ties are spread, at the right levels, and cover their decision roles.
          </p>
        ) : (
          groups.map((group) => (
            <div key={group.title} className="finding-group">
              <h3 className="finding-group-title">{group.title}</h3>
              <ul className="finding-list">
                {group.items.map((finding, i) => (
                  <li key={`${finding.kind}-${i}`} className="finding" data-testid="finding" data-kind={finding.kind}>
                    <p>{finding.message}</p>
                    {finding.people.some((id) => people.has(id)) && (
                      <p className="finding-people">
                        <span className="muted">Show on map: </span>
                        {finding.people
                          .filter((id) => people.has(id))
                          .map((id, j) => (
                            <span key={id}>
                              {j > 0 && ', '}
                              <button
                                type="button"
                                className="link-button"
                                data-testid="finding-person"
                                onClick={() => onSelectPerson(id)}
                              >
                                {people.get(id)?.name}
                              </button>
                            </span>
                          ))}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </div>

      <dl className="analysis-facts">
        <div>
          <dt>Dimension mix</dt>
          <dd data-testid="dimension-mix">
            {hasTies ? (
              <>
                <svg className="mix-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                  {shares.map((s) => (
                    <rect key={s.key} className={`mix-${s.key}`} x={s.start * 100} y={0} width={s.share * 100} height={8} />
                  ))}
                </svg>
                <span className="mix-legend">
                  {shares.map((s) => (
                    <span key={s.key} className="mix-item">
                      <span className={`mix-swatch mix-${s.key}`} aria-hidden="true" />
                      {s.label} {formatPercent(s.share)}
                    </span>
                  ))}
                  <span className="muted">of total strength {mix.total_strength}</span>
                </span>
              </>
            ) : (
              <span className="muted">No ties yet.</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Working level</dt>
          <dd data-testid="working-level">
            {working_level !== null ? (
              `Level ${working_level}: most interactions happen there. Executive ties fit one or two levels above it.`
            ) : (
              <span className="muted">Not known yet: log interactions to find it.</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Decision roles</dt>
          <dd data-testid="coverage-roles">
            {coverage.roles_connected.length > 0
              ? `Connected: ${joinWords(coverage.roles_connected.map(roleLabel))}.`
              : 'None connected.'}
            {coverage.roles_unconnected.length > 0 && (
              <span className="coverage-gap"> Not connected: {joinWords(coverage.roles_unconnected.map(roleLabel))}.</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Our functions</dt>
          <dd data-testid="coverage-functions">
            {coverage.functions_connected.length > 0
              ? `${joinWords(coverage.functions_connected.map(functionLabel))}.`
              : 'None of our functions is connected yet.'}
          </dd>
        </div>
        <div>
          <dt>Champion</dt>
          <dd data-testid="coverage-champion">
            {coverage.champion_connected ? 'Yes: we are connected to a champion.' : 'No: nobody we know there argues our case.'}
          </dd>
        </div>
      </dl>
    </section>
  );
}
