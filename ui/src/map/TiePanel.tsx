import { FarAboveGlyph, DimensionSwatch } from './glyphs';
import { dimensionLabel, formatDay, sideLabel } from './labels';
import { normaliseLevel } from './layout';
import type { MapPerson, MapTie } from './types';

interface TiePanelProps {
  person: MapPerson;
  ties: MapTie[];
  peopleById: Map<string, MapPerson>;
  farAbove: Set<string>;
}

/** The selected person's ties, in words: who, how, how strong, how recent. */
export function TiePanel({ person, ties, peopleById, farAbove }: TiePanelProps) {
  const mine = ties.filter((t) => t.ours_id === person.id || t.theirs_id === person.id);
  const planned = mine.filter((t) => t.planned);
  const rows = mine
    .filter((t) => !t.planned)
    .map((tie) => ({ tie, other: peopleById.get(person.side === 'ours' ? tie.theirs_id : tie.ours_id) }))
    .sort(
      (a, b) =>
        b.tie.strength - a.tie.strength || (a.other?.name ?? '').localeCompare(b.other?.name ?? ''),
    );

  return (
    <>
      <div className="map-panel-head">
        <h3>Ties of {person.name}</h3>
        <p className="muted">
          {[person.title, `level ${normaliseLevel(person.level)}`, sideLabel(person.side)]
            .filter(Boolean)
            .join(' · ')}
          {!person.active && ' · has left'}
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="muted" data-testid="map-ties-empty">
          No ties recorded for {person.name} yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table map-ties-table" data-testid="map-ties-list">
            <thead>
              <tr>
                <th scope="col">{person.side === 'ours' ? 'Their person' : 'Our person'}</th>
                <th scope="col" className="map-col-dimension">
                  Dimension
                </th>
                <th scope="col" className="map-col-strength">
                  Strength
                </th>
                <th scope="col" className="map-col-date">
                  Last contact
                </th>
                <th scope="col">Intermediary</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ tie, other }) => (
                <tr key={tie.id} data-testid="map-tie-row" data-tie-id={tie.id}>
                  <td className="cell-name">
                    {other?.name ?? 'Unknown person'}
                    {other && !other.active && <span className="muted"> (left)</span>}
                    {other?.title && <span className="map-cell-sub">{other.title}</span>}
                  </td>
                  <td>
                    <span className="map-dimension">
                      <DimensionSwatch dimension={tie.dimension} strength={tie.strength} />
                      {dimensionLabel(tie.dimension)}
                    </span>
                    {farAbove.has(tie.id) && (
                      <span className="map-cell-sub map-flag-far" data-testid="map-tie-far-above">
                        <svg width="12" height="12" viewBox="-8 -8 16 16" aria-hidden="true" focusable="false">
                          <FarAboveGlyph />
                        </svg>
                        Far above working level
                      </span>
                    )}
                  </td>
                  <td aria-label={`${tie.strength} of 5`}>{tie.strength}/5</td>
                  <td>
                    {tie.last_contact ? (
                      <time dateTime={tie.last_contact}>{formatDay(tie.last_contact)}</time>
                    ) : (
                      <span className="muted">Never</span>
                    )}
                  </td>
                  <td>
                    {tie.dimension === 'proxied' && tie.intermediary?.trim() ? (
                      `via ${tie.intermediary}`
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {planned.length > 0 && (
        <div data-testid="map-planned-list">
          <h4>Planned by the blueprint</h4>
          <ul className="map-planned-list">
            {planned.map((tie) => (
              <li key={tie.id}>
                {peopleById.get(person.side === 'ours' ? tie.theirs_id : tie.ours_id)?.name ?? 'Unknown person'}, every{' '}
                {tie.planned?.cadence_days} days — {tie.planned?.goal}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
