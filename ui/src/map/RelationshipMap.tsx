import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { BypassedGlyph, dashFor, FarAboveGlyph, KeyPersonGlyph, strokeFor } from './glyphs';
import { dimensionLabel, dispositionLabel, formatDay, roleLabel, sideLabel, truncate } from './labels';
import { fitToWidth, layoutMap, neighbour, normaliseLevel } from './layout';
import { useWidth } from '../lib/useWidth';
import type { Direction, EdgeGeometry, NodeBox } from './layout';
import { MapLegend } from './MapLegend';
import { TiePanel } from './TiePanel';
import type { MapPerson, MapRisks, MapTie } from './types';
import './map.css';

export interface RelationshipMapProps {
  people: MapPerson[];
  ties: MapTie[];
  risks: MapRisks;
  selectedId: string | null;
  /** A person's id, or null when the selection is cleared (Escape, or a click on the background). */
  onSelect: (id: string | null) => void;
  /** People per row within a level before it wraps; 3 fits a laptop window. */
  maxPerRow?: number;
}

const ARROWS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

const NAME_CHARS = 21;
const TITLE_CHARS = 25;

type Emphasis = 'selected' | 'related' | 'dimmed' | null;

function personLabel(person: MapPerson, flags: { keyPerson: boolean; bypassed: boolean; ties: number }): string {
  const parts = [person.name];
  if (person.title) parts.push(person.title);
  parts.push(`level ${normaliseLevel(person.level)}`, sideLabel(person.side));
  if (person.decision_role) parts.push(roleLabel(person.decision_role));
  if (person.disposition) parts.push(dispositionLabel(person.disposition));
  parts.push(flags.ties === 1 ? '1 tie' : `${flags.ties} ties`);
  if (flags.keyPerson) parts.push('key-person risk');
  if (flags.bypassed) parts.push('working level bypassed');
  if (!person.active) parts.push('has left');
  return parts.join(', ');
}

function tieTitle(edge: EdgeGeometry, byId: Map<string, MapPerson>, farAbove: boolean): string {
  const { tie } = edge;
  if (tie.planned) {
    const every = tie.planned.cadence_days === 1 ? 'every day' : `every ${tie.planned.cadence_days} days`;
    return [
      `${byId.get(tie.theirs_id)?.name ?? '?'} — ${byId.get(tie.ours_id)?.name ?? '?'}`,
      `Planned by the blueprint, ${every}`,
      `for: ${tie.planned.goal}`,
    ].join('\n');
  }
  const lines = [
    `${byId.get(tie.theirs_id)?.name ?? '?'} — ${byId.get(tie.ours_id)?.name ?? '?'}`,
    `${dimensionLabel(tie.dimension)}, strength ${tie.strength}/5`,
  ];
  if (tie.dimension === 'proxied' && tie.intermediary) lines.push(`via ${tie.intermediary}`);
  lines.push(tie.last_contact ? `last contact ${formatDay(tie.last_contact)}` : 'no contact yet');
  if (farAbove) lines.push('far above the working level');
  return lines.join('\n');
}

/** Long dashes: a tie that does not exist yet. */
const PLANNED_DASH = '10 6';

/**
 * Who knows whom: their people on the left, ours on the right, by org level,
 * with a line for each tie. Selecting a person brings out their ties and lists them below.
 */
export function RelationshipMap({ people, ties, risks, selectedId, onSelect, maxPerRow = 3 }: RelationshipMapProps) {
  const helpId = useId();
  const [showInactive, setShowInactive] = useState(false);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const nodeRefs = useRef(new Map<string, SVGGElement>());

  const peopleById = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const shownPeople = useMemo(() => people.filter((p) => showInactive || p.active), [people, showInactive]);
  const inactiveCount = people.length - people.filter((p) => p.active).length;
  // Both sides in view at the window's width: fewer people per row and a
  // narrower gutter before the picture scrolls (its 1px border each side).
  const { ref: frameRef, width: frameWidth } = useWidth<HTMLDivElement>();
  const fit = useMemo(
    () => (frameWidth === null ? { maxPerRow } : fitToWidth(shownPeople, maxPerRow, frameWidth - 2)),
    [shownPeople, maxPerRow, frameWidth],
  );
  const layout = useMemo(() => layoutMap(shownPeople, ties, fit), [shownPeople, ties, fit]);

  const keyPeople = useMemo(() => new Set(risks.key_person_ids), [risks.key_person_ids]);
  const farAbove = useMemo(() => new Set(risks.far_above_tie_ids), [risks.far_above_tie_ids]);
  const bypassed = useMemo(() => new Set(risks.bypassed_ids), [risks.bypassed_ids]);

  const degree = useMemo(() => {
    const counts = new Map<string, number>();
    for (const { tie } of layout.edges) {
      if (tie.planned) continue;
      counts.set(tie.theirs_id, (counts.get(tie.theirs_id) ?? 0) + 1);
      counts.set(tie.ours_id, (counts.get(tie.ours_id) ?? 0) + 1);
    }
    return counts;
  }, [layout]);

  const selectedOnMap = selectedId !== null && layout.nodes.has(selectedId) ? selectedId : null;
  const { related, activeEdges } = useMemo(() => {
    const relatedIds = new Set<string>();
    const edgeIds = new Set<string>();
    if (selectedOnMap) {
      for (const { tie } of layout.edges) {
        if (tie.ours_id === selectedOnMap || tie.theirs_id === selectedOnMap) {
          edgeIds.add(tie.id);
          relatedIds.add(tie.ours_id === selectedOnMap ? tie.theirs_id : tie.ours_id);
        }
      }
    }
    return { related: relatedIds, activeEdges: edgeIds };
  }, [layout, selectedOnMap]);

  useEffect(() => {
    // A selection made elsewhere (the org chart) may be off screen in a big map. jsdom has no scrollIntoView.
    if (selectedOnMap) nodeRefs.current.get(selectedOnMap)?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [selectedOnMap]);

  const readingOrder = [...layout.order.theirs, ...layout.order.ours];
  // One tab stop for the whole map (roving tabindex); arrows move within it.
  const tabbableId =
    focusedId !== null && layout.nodes.has(focusedId) ? focusedId : (selectedOnMap ?? readingOrder[0] ?? null);

  const emphasisOf = (id: string): Emphasis => {
    if (!selectedOnMap) return null;
    if (id === selectedOnMap) return 'selected';
    return related.has(id) ? 'related' : 'dimmed';
  };

  const moveFocus = (id: string | null | undefined) => {
    if (!id) return;
    setFocusedId(id);
    nodeRefs.current.get(id)?.focus();
  };

  const onNodeKeyDown = (event: KeyboardEvent<SVGGElement>, id: string) => {
    const direction = ARROWS[event.key];
    if (direction) {
      event.preventDefault();
      moveFocus(neighbour(layout, id, direction));
    } else if (event.key === 'Home') {
      event.preventDefault();
      moveFocus(readingOrder[0]);
    } else if (event.key === 'End') {
      event.preventDefault();
      moveFocus(readingOrder[readingOrder.length - 1]);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onSelect(null);
    }
  };

  const selectedPerson = selectedId !== null ? peopleById.get(selectedId) : undefined;
  const keyPersonNames = risks.key_person_ids.flatMap((id) => peopleById.get(id) ?? []);
  const bypassedNames = risks.bypassed_ids.flatMap((id) => peopleById.get(id) ?? []);
  const farAboveCount = ties.filter((t) => farAbove.has(t.id)).length;

  const renderNode = (node: NodeBox) => {
    const person = peopleById.get(node.id)!;
    const emphasis = emphasisOf(node.id);
    const isKey = keyPeople.has(node.id);
    const isBypassed = bypassed.has(node.id);
    const classes = [
      'map-node',
      `map-node-${person.side}`,
      emphasis && `is-${emphasis}`,
      !person.active && 'is-inactive',
      isKey && 'has-key-risk',
      isBypassed && 'has-bypassed-risk',
    ]
      .filter(Boolean)
      .join(' ');
    return (
      <g
        key={node.id}
        ref={(el) => {
          if (el) nodeRefs.current.set(node.id, el);
          else nodeRefs.current.delete(node.id);
        }}
        className={classes}
        transform={`translate(${node.x} ${node.y})`}
        role="button"
        tabIndex={node.id === tabbableId ? 0 : -1}
        aria-pressed={node.id === selectedOnMap}
        aria-label={personLabel(person, { keyPerson: isKey, bypassed: isBypassed, ties: degree.get(node.id) ?? 0 })}
        data-testid="map-person"
        data-person-id={node.id}
        data-emphasis={emphasis ?? undefined}
        onClick={() => {
          setFocusedId(node.id);
          onSelect(node.id);
        }}
        onFocus={() => setFocusedId(node.id)}
        onKeyDown={(event) => onNodeKeyDown(event, node.id)}
      >
        <title>{[person.name, person.title, person.active ? null : 'has left'].filter(Boolean).join('\n')}</title>
        {isKey && (
          <rect className="map-ring-key" x={-4} y={-4} width={node.width + 8} height={node.height + 8} rx={11} />
        )}
        <rect className="map-node-box" width={node.width} height={node.height} rx={8} />
        {person.side === 'theirs' && person.disposition && (
          <rect
            className={`map-disposition map-disposition-${person.disposition}`}
            x={0}
            y={0}
            width={5}
            height={node.height}
            rx={2}
          />
        )}
        <rect className="map-node-focus" x={-3} y={-3} width={node.width + 6} height={node.height + 6} rx={10} />
        <text className="map-node-name" x={12} y={18}>
          {truncate(person.name, NAME_CHARS)}
        </text>
        {person.title && (
          <text className="map-node-title" x={12} y={33}>
            {truncate(person.title, TITLE_CHARS)}
          </text>
        )}
        {isKey && (
          <g transform={`translate(${node.width - 2} 1)`} data-testid="risk-key-person">
            <KeyPersonGlyph />
          </g>
        )}
        {isBypassed && (
          <g transform={`translate(${node.width - 2} 1)`} data-testid="risk-bypassed">
            <BypassedGlyph />
          </g>
        )}
      </g>
    );
  };

  const renderEdge = (edge: EdgeGeometry) => {
    const { tie } = edge;
    const state = !selectedOnMap ? '' : activeEdges.has(tie.id) ? ' is-active' : ' is-dimmed';
    return (
      <path
        key={tie.id}
        className={`map-edge ${tie.planned ? 'map-edge-planned' : `map-edge-${tie.dimension}`}${farAbove.has(tie.id) ? ' is-far-above' : ''}${state}`}
        d={edge.path}
        strokeWidth={strokeFor(tie.strength)}
        strokeDasharray={tie.planned ? PLANNED_DASH : dashFor(tie.dimension, strokeFor(tie.strength))}
        data-testid={tie.planned ? 'map-planned-tie' : 'map-tie'}
        data-tie-id={tie.id}
      >
        <title>{tieTitle(edge, peopleById, farAbove.has(tie.id))}</title>
      </path>
    );
  };

  // Emphasised lines last, so they are drawn over the dimmed ones.
  const edgesBehind = layout.edges.filter((e) => !activeEdges.has(e.tie.id));
  const edgesInFront = layout.edges.filter((e) => activeEdges.has(e.tie.id));
  const farMarkers = layout.edges.filter((e) => farAbove.has(e.tie.id));

  return (
    <div className="rmap" data-testid="relationship-map" ref={frameRef}>
      <div className="map-toolbar">
        <MapLegend workingLevel={risks.working_level} planned={ties.some((t) => t.planned)} />
        {inactiveCount > 0 && (
          <label className="checkbox map-toggle">
            <input
              type="checkbox"
              checked={showInactive}
              onChange={(event) => setShowInactive(event.target.checked)}
              data-testid="map-show-inactive"
            />
            Show people who left ({inactiveCount})
          </label>
        )}
      </div>

      {(keyPersonNames.length > 0 || farAboveCount > 0 || bypassedNames.length > 0) && (
        <ul className="map-risks" data-testid="map-risks">
          {keyPersonNames.length > 0 && (
            <li>
              <span className="map-risk-label">Key-person risk:</span>{' '}
              <PersonLinks people={keyPersonNames} onSelect={onSelect} />
              <span className="muted"> — much of the relationship runs through them.</span>
            </li>
          )}
          {farAboveCount > 0 && (
            <li>
              <span className="map-risk-label">Far above working level:</span>{' '}
              {farAboveCount === 1 ? '1 executive tie' : `${farAboveCount} executive ties`}
              {risks.working_level !== null && <span className="muted"> (working level is {risks.working_level})</span>}
              .
            </li>
          )}
          {bypassedNames.length > 0 && (
            <li>
              <span className="map-risk-label">May feel bypassed:</span>{' '}
              <PersonLinks people={bypassedNames} onSelect={onSelect} />
              <span className="muted"> — their team has no working-level tie beneath this contact.</span>
            </li>
          )}
        </ul>
      )}

      {layout.nodes.size === 0 ? (
        <p className="map-empty muted" data-testid="map-empty">
          No people on this account yet.
        </p>
      ) : (
        <div className="map-scroll">
          <svg
            className="map-svg"
            width={layout.width}
            height={layout.height}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            role="group"
            aria-label="Relationship map: their people on the left, ours on the right, by org level"
            aria-describedby={helpId}
            data-testid="map-svg"
          >
            <rect className="map-bg" width={layout.width} height={layout.height} onClick={() => onSelect(null)} />
            {layout.bands.map((band, i) => {
              const working = band.level === risks.working_level;
              return (
                <g key={band.level} className={`map-band${i % 2 ? ' map-band-odd' : ''}${working ? ' is-working' : ''}`}>
                  <rect
                    className="map-band-fill"
                    y={band.y}
                    width={layout.width}
                    height={band.height}
                    onClick={() => onSelect(null)}
                  />
                  <text className="map-band-label" x={14} y={band.y + 22}>
                    Level {band.level}
                  </text>
                  {working && (
                    <text className="map-band-note" x={14} y={band.y + 38}>
                      working
                    </text>
                  )}
                </g>
              );
            })}
            <text
              className="map-column-head"
              x={layout.columns.theirs.x + layout.columns.theirs.width / 2}
              y={layout.headerHeight - 12}
              textAnchor="middle"
            >
              Their people
            </text>
            <text
              className="map-column-head"
              x={layout.columns.ours.x + layout.columns.ours.width / 2}
              y={layout.headerHeight - 12}
              textAnchor="middle"
            >
              Our people
            </text>
            <g className="map-edges">
              {edgesBehind.map(renderEdge)}
              {edgesInFront.map(renderEdge)}
            </g>
            <g className="map-markers">
              {farMarkers.map((edge) => (
                <g
                  key={edge.tie.id}
                  className={`map-far-marker${selectedOnMap && !activeEdges.has(edge.tie.id) ? ' is-dimmed' : ''}`}
                  transform={`translate(${edge.midX} ${edge.midY})`}
                  data-testid="risk-far-above"
                  data-tie-id={edge.tie.id}
                >
                  <title>Far above the working level</title>
                  <FarAboveGlyph />
                </g>
              ))}
            </g>
            <g className="map-nodes">{readingOrder.map((id) => renderNode(layout.nodes.get(id)!))}</g>
          </svg>
        </div>
      )}
      <p id={helpId} className="map-help muted">
        Tab to the map, arrow keys to move between people, Enter to select, Escape to clear.
      </p>

      <p className="map-sr" aria-live="polite" data-testid="map-status">
        {selectedPerson ? `${selectedPerson.name} selected, ${tieCountLabel(ties, selectedPerson.id)}` : ''}
      </p>
      <section className="map-panel" aria-label="Selected person's ties" data-testid="map-ties-panel">
        {selectedPerson ? (
          <TiePanel person={selectedPerson} ties={ties} peopleById={peopleById} farAbove={farAbove} />
        ) : (
          <p className="muted">Select a person to see their ties.</p>
        )}
      </section>
    </div>
  );
}

function tieCountLabel(ties: MapTie[], id: string): string {
  const count = ties.filter((t) => !t.planned && (t.ours_id === id || t.theirs_id === id)).length;
  return count === 1 ? '1 tie' : `${count} ties`;
}

function PersonLinks({ people, onSelect }: { people: MapPerson[]; onSelect: (id: string) => void }) {
  return people.map((person, i) => (
    <span key={person.id}>
      {i > 0 && ', '}
      <button type="button" className="map-link" onClick={() => onSelect(person.id)}>
        {person.name}
      </button>
    </span>
  ));
}
