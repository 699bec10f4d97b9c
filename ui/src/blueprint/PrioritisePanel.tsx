import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { BlueprintView, ChartPoint, Idea } from '../ipc';
import { ProblemBanner, useAct, usePendingValues } from './act';
import type { Capture } from './capture';
import { ParticipantChips } from './ParticipantChips';
import { digitOf, kindShort, personName } from './labels';
import { useFreshView } from './queries';

/** Votes each participant may spend across all ideas (the core's VOTE_BUDGET). */
export const VOTE_BUDGET = 10;

/**
 * Scoring, voting and choosing, one idea at a time from the keyboard, with
 * the impact/effort chart beside it. The list keeps the order the ideas were
 * captured in (so scoring does not make rows jump); O sorts it by rank.
 */
export function PrioritisePanel({
  view,
  open,
  capture,
  onCapture,
}: {
  view: BlueprintView;
  open: boolean;
  capture: Capture;
  onCapture: (capture: Capture) => void;
}) {
  const base = useId();
  const { blueprint } = view;
  const { act, problem, setProblem } = useAct(blueprint.id);
  const [byRank, setByRank] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const live = useMemo(() => blueprint.ideas.filter((i) => i.merged_into === null), [blueprint.ideas]);
  const rank = useMemo(() => new Map(view.ranked.map((r) => [r.idea_id, r])), [view.ranked]);
  const rows = useMemo(() => {
    if (!byRank) return live;
    return [...live].sort((a, b) => (rank.get(a.id)?.rank ?? 0) - (rank.get(b.id)?.rank ?? 0));
  }, [live, byRank, rank]);
  const active = rows.find((r) => r.id === activeId) ?? rows[0] ?? null;
  const voter = capture.participantId;
  const spent = blueprint.ballots.filter((b) => b.participant_id === voter).reduce((n, b) => n + b.votes, 0);
  const myVotes = (ideaId: string) =>
    blueprint.ballots.find((b) => b.participant_id === voter && b.idea_id === ideaId)?.votes ?? 0;
  const fresh = useFreshView(blueprint.id);
  const sent = usePendingValues<Partial<Pick<Idea, 'impact' | 'effort' | 'chosen'>>>();
  const sentVotes = usePendingValues<number>();
  /** The idea as it will be once what was just sent lands. */
  const latest = (idea: Idea): Idea => ({
    ...(fresh()?.blueprint.ideas.find((i) => i.id === idea.id) ?? idea),
    ...sent.get(idea.id),
  });
  const latestVotes = (ideaId: string) =>
    (fresh()?.blueprint ?? blueprint).ballots.find((b) => b.participant_id === voter && b.idea_id === ideaId)?.votes ?? 0;

  // The keys work at once when the stage opens: no click needed to start scoring.
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.focus();
  }, []);

  useEffect(() => {
    if (active) document.getElementById(`${base}-${active.id}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, base]);

  const score = (idea: Idea, impact: number | null, effort: number | null) =>
    sent.track(idea.id, { ...sent.get(idea.id), impact, effort }, () =>
      act({ command: 'score_idea', id: idea.id, impact, effort }, idea.id),
    );

  const vote = (idea: Idea, by: 1 | -1) => {
    if (!voter) {
      setProblem({ message: 'Say who is voting first: Alt+1…9 picks them.', field: 'participant_id', about: idea.id });
      return;
    }
    const key = `${voter}:${idea.id}`;
    const votes = Math.max(0, (sentVotes.get(key) ?? latestVotes(idea.id)) + by);
    void sentVotes.track(key, votes, () =>
      act({ command: 'vote', participant_id: voter, idea_id: idea.id, votes }, idea.id),
    );
  };

  const move = (by: number) => {
    if (!active) return;
    const at = rows.findIndex((r) => r.id === active.id);
    setActiveId(rows[Math.min(rows.length - 1, Math.max(0, at + by))]?.id ?? null);
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey) return;
    const digit = digitOf(event);
    if (event.altKey) {
      if (digit === null) return;
      const p = digit === 0 ? null : blueprint.participants[digit - 1];
      if (p === undefined) return;
      event.preventDefault();
      onCapture({ ...capture, participantId: p?.person_id ?? null });
      return;
    }
    const key = event.key;
    let handled = true;
    if (key === 'ArrowDown') move(1);
    else if (key === 'ArrowUp') move(-1);
    else if (key === 'PageDown') move(10);
    else if (key === 'PageUp') move(-10);
    else if (key === 'Home') setActiveId(rows[0]?.id ?? null);
    else if (key === 'End') setActiveId(rows.at(-1)?.id ?? null);
    else if (key === 'o' || key === 'O') setByRank((b) => !b);
    else if (!open || !active) handled = false;
    else if (digit !== null && digit <= 5) {
      const now = latest(active);
      const value = digit === 0 ? null : digit;
      if (event.shiftKey) void score(active, now.impact, value);
      else void score(active, value, now.effort);
    } else if (key === 'v' || key === 'V') vote(active, event.shiftKey ? -1 : 1);
    else if (key === ' ' || key === 'x' || key === 'X') {
      const chosen = !latest(active).chosen;
      void sent.track(active.id, { ...sent.get(active.id), chosen }, () =>
        act({ command: 'choose_idea', id: active.id, chosen }, active.id),
      );
    } else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <div className="bp-panel bp-prioritise" data-testid="prioritise-panel">
      <div className="stack">
        <ParticipantChips
          view={view}
          current={voter}
          onChoose={(participantId) => onCapture({ ...capture, participantId })}
          label="Voting"
          ariaLabel="Who is voting"
          testId="voter"
          chipTestId="voter-chip"
        >
          {voter && (
            <span className="bp-votes-left" data-testid="votes-left">
              {VOTE_BUDGET - spent} of {VOTE_BUDGET} votes left
            </span>
          )}
        </ParticipantChips>
        <div className="section-head">
          <h2 className="panel-title">{byRank ? 'Ideas by rank' : 'Ideas in the order they came'}</h2>
          <button type="button" className="link-button" data-testid="sort-toggle" onClick={() => setByRank((b) => !b)}>
            {byRank ? 'Order they came' : 'Sort by rank'} <kbd>O</kbd>
          </button>
        </div>
        <div
          ref={listRef}
          role="listbox"
          tabIndex={0}
          className="bp-idea-list bp-score-list"
          aria-label="Ideas to score"
          aria-activedescendant={active ? `${base}-${active.id}` : undefined}
          aria-describedby={`${base}-keys`}
          data-testid="score-list"
          onKeyDown={onKeyDown}
        >
          {rows.map((idea) => {
            const r = rank.get(idea.id);
            const mine = myVotes(idea.id);
            return (
              <div
                key={idea.id}
                id={`${base}-${idea.id}`}
                role="option"
                aria-selected={idea.id === active?.id}
                className={[
                  'bp-idea bp-score-row',
                  idea.id === active?.id && 'bp-idea-active',
                  idea.chosen && 'bp-idea-chosen',
                ]
                  .filter(Boolean)
                  .join(' ')}
                data-testid="score-row"
                data-id={idea.id}
                data-chosen={idea.chosen}
                onClick={() => setActiveId(idea.id)}
              >
                <span className="bp-rank" data-testid="idea-rank" title="Rank">
                  {r ? `#${r.rank}` : ''}
                </span>
                <span className="bp-idea-text">
                  {idea.text}
                  <span className="bp-idea-meta">
                    <span className={`bp-tag bp-kind-${idea.kind}`}>{kindShort(idea.kind)}</span>
                    {idea.participant_id && <span className="bp-tag">{personName(view.people, idea.participant_id)}</span>}
                  </span>
                </span>
                <span className="bp-score" data-testid="idea-impact" title="Impact">
                  <span className="bp-score-label">Impact</span> {idea.impact ?? '–'}
                </span>
                <span className="bp-score" data-testid="idea-effort" title="Effort">
                  <span className="bp-score-label">Effort</span> {idea.effort ?? '–'}
                </span>
                <span className="bp-score" data-testid="idea-votes" title="Votes (yours)">
                  <span className="bp-score-label">Votes</span> {r?.votes ?? 0}
                  {voter && mine > 0 ? ` (${mine})` : ''}
                </span>
                <span className="bp-chosen" data-testid="idea-chosen" aria-label={idea.chosen ? 'chosen' : 'not chosen'}>
                  {idea.chosen ? '✓ chosen' : ''}
                </span>
              </div>
            );
          })}
          {rows.length === 0 && <p className="empty-note">No ideas yet: capture some first.</p>}
        </div>
        <ProblemBanner problem={problem} testId="score-refused" />
        <p className="bp-keys" id={`${base}-keys`} data-testid="score-keys">
          <kbd>↑</kbd> <kbd>↓</kbd> move
          {open && (
            <>
              {' '}
              · <kbd>1</kbd>…<kbd>5</kbd> impact · <kbd>Shift</kbd>+<kbd>1</kbd>…<kbd>5</kbd> effort · <kbd>0</kbd> /{' '}
              <kbd>Shift</kbd>+<kbd>0</kbd> clear · <kbd>V</kbd> vote, <kbd>Shift</kbd>+<kbd>V</kbd> take back ·{' '}
              <kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>9</kbd> who votes · <kbd>Space</kbd> or <kbd>X</kbd> choose
            </>
          )}{' '}
          · <kbd>O</kbd> sort · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> next stage
        </p>
      </div>
      <ImpactEffortChart points={view.chart} rank={rank} activeId={active?.id ?? null} onPick={setActiveId} />
    </div>
  );
}

const SIZE = 360;
const PAD = 36;
const CELL = (SIZE - PAD * 1.5) / 5;
const x = (effort: number) => PAD + (effort - 0.5) * CELL;
const y = (impact: number) => SIZE - PAD - (impact - 0.5) * CELL;

/** Where several ideas share a cell, they sit side by side in it. */
function offsets(points: readonly ChartPoint[]): Map<string, [number, number]> {
  const byCell = new Map<string, ChartPoint[]>();
  for (const p of points) {
    const key = `${p.impact}:${p.effort}`;
    byCell.set(key, [...(byCell.get(key) ?? []), p]);
  }
  const out = new Map<string, [number, number]>();
  for (const group of byCell.values()) {
    const per = Math.ceil(Math.sqrt(group.length));
    const step = Math.min(22, (CELL - 16) / Math.max(1, per - 1 || 1));
    group.forEach((p, i) => {
      const col = i % per;
      const row = Math.floor(i / per);
      const shift = ((per - 1) * step) / 2;
      out.set(p.idea_id, [col * step - shift, row * step - shift]);
    });
  }
  return out;
}

/** Impact up, effort across: the quick wins are top left. */
export function ImpactEffortChart({
  points,
  rank,
  activeId,
  onPick,
}: {
  points: readonly ChartPoint[];
  rank: ReadonlyMap<string, { rank: number }>;
  activeId: string | null;
  onPick: (id: string) => void;
}) {
  const placed = offsets(points);
  const mid = PAD + 2.5 * CELL;
  const midY = SIZE - PAD - 2.5 * CELL;
  return (
    <figure className="panel bp-chart" data-testid="impact-effort-chart">
      <svg viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={`Impact and effort of ${points.length} scored ideas`}>
        <rect x={PAD} y={PAD / 2} width={CELL * 5} height={CELL * 5} className="bp-chart-frame" />
        <line x1={mid} x2={mid} y1={PAD / 2} y2={SIZE - PAD} className="bp-chart-mid" />
        <line x1={PAD} x2={PAD + CELL * 5} y1={midY} y2={midY} className="bp-chart-mid" />
        <text x={PAD + 6} y={PAD / 2 + 14} className="bp-chart-quadrant">
          Quick wins
        </text>
        <text x={PAD + CELL * 5 - 6} y={PAD / 2 + 14} textAnchor="end" className="bp-chart-quadrant">
          Big bets
        </text>
        <text x={PAD + 6} y={SIZE - PAD - 6} className="bp-chart-quadrant">
          Fill-ins
        </text>
        <text x={PAD + CELL * 5 - 6} y={SIZE - PAD - 6} textAnchor="end" className="bp-chart-quadrant">
          Money pits
        </text>
        {[1, 2, 3, 4, 5].map((n) => (
          <g key={n}>
            <text x={x(n)} y={SIZE - PAD + 16} textAnchor="middle" className="bp-chart-tick">
              {n}
            </text>
            <text x={PAD - 10} y={y(n) + 4} textAnchor="middle" className="bp-chart-tick">
              {n}
            </text>
          </g>
        ))}
        <text x={PAD + 2.5 * CELL} y={SIZE - 4} textAnchor="middle" className="bp-chart-axis">
          Effort →
        </text>
        <text x={10} y={PAD / 2 + 2.5 * CELL} textAnchor="middle" className="bp-chart-axis" transform={`rotate(-90 10 ${PAD / 2 + 2.5 * CELL})`}>
          Impact →
        </text>
        {points.map((p) => {
          const [dx, dy] = placed.get(p.idea_id) ?? [0, 0];
          const cx = x(p.effort) + dx;
          const cy = y(p.impact) + dy;
          const classes = ['bp-point', p.chosen && 'bp-point-chosen', p.idea_id === activeId && 'bp-point-active']
            .filter(Boolean)
            .join(' ');
          return (
            <g key={p.idea_id} className={classes} data-testid="chart-point" data-id={p.idea_id} onClick={() => onPick(p.idea_id)}>
              <title>{`${p.text} (impact ${p.impact}, effort ${p.effort}${p.chosen ? ', chosen' : ''})`}</title>
              <circle cx={cx} cy={cy} r={10} />
              <text x={cx} y={cy + 4} textAnchor="middle">
                {rank.get(p.idea_id)?.rank ?? ''}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">Numbers are ranks. Filled: chosen.</figcaption>
    </figure>
  );
}
