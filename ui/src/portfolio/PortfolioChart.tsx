import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { Tier } from '../ipc';
import { TIERS, tierLabel } from '../accounts/tier';
import type { Entry } from './model';
import { formatAmount, trendText } from './model';

// The picture is drawn in these units and scaled to the width it is given.
const W = 880;
const H = 340;
const AXIS_L = 70;
/** A strip left of the log axis for accounts with no revenue (log 0 is nowhere). */
const GUTTER = 56;
const PLOT_L = AXIS_L + GUTTER;
const PLOT_R = W - 16;
const PLOT_T = 14;
/** A strip under 0 for accounts not scored yet. */
const UNSCORED = 26;
const PLOT_B = H - 44 - UNSCORED;
const R_MAX = 14;
const R_MIN = 2;
const R_HOLLOW = 3;

export type Point = {
  id: string;
  entry: Entry;
  x: number;
  y: number;
  r: number;
  /** No margin recorded (or none made): a small ring instead of a disc. */
  hollow: boolean;
};

type Scale = { from: number; to: number; ticks: number[] };

/** Whole decades around the revenues, so the ticks are 10K, 100K, 1M… */
function revenueScale(entries: readonly Entry[]): Scale {
  let min = Infinity;
  let max = -Infinity;
  for (const e of entries) {
    const r = e.row.revenue;
    if (r !== null && r > 0) {
      if (r < min) min = r;
      if (r > max) max = r;
    }
  }
  if (min === Infinity) return { from: 3, to: 7, ticks: [3, 4, 5, 6, 7] };
  let from = Math.floor(Math.log10(min));
  let to = Math.ceil(Math.log10(max));
  if (to - from < 2) {
    from -= 1;
    to = Math.max(to, from + 2);
  }
  const step = to - from > 8 ? 2 : 1;
  const ticks: number[] = [];
  for (let t = from; t <= to; t += step) ticks.push(t);
  return { from, to, ticks };
}

/** The same account lands in the same place every time: a small spread inside the "unknown" strips. */
function jitter(id: string, spread: number): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return ((Math.abs(h) % 1000) / 1000 - 0.5) * spread;
}

export function layoutPoints(entries: readonly Entry[]): { points: Point[]; scale: Scale } {
  const scale = revenueScale(entries);
  let maxMargin = 0;
  for (const e of entries) if (e.row.margin !== null && e.row.margin > maxMargin) maxMargin = e.row.margin;
  const span = scale.to - scale.from;
  const points = entries.map((entry): Point => {
    const { account_id: id, revenue, health, margin } = entry.row;
    const x =
      revenue !== null && revenue > 0
        ? PLOT_L + ((Math.log10(revenue) - scale.from) / span) * (PLOT_R - PLOT_L)
        : AXIS_L + GUTTER / 2 + jitter(id, GUTTER - 16);
    const y =
      health !== null
        ? PLOT_B - (Math.min(100, Math.max(0, health)) / 100) * (PLOT_B - PLOT_T)
        : PLOT_B + UNSCORED / 2 + 2 + jitter(`${id}:y`, UNSCORED - 12);
    const hollow = margin === null || margin <= 0 || maxMargin <= 0;
    // Area in proportion to margin.
    const r = hollow ? R_HOLLOW : Math.max(R_MIN, R_MAX * Math.sqrt(margin / maxMargin));
    return { id, entry, x, y, r, hollow };
  });
  // Big discs first, so the small ones stay on top and can be pointed at.
  points.sort((a, b) => b.r - a.r);
  return { points, scale };
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

function yOf(health: number): number {
  return PLOT_B - (health / 100) * (PLOT_B - PLOT_T);
}

/** Axes, ticks, the health bands and the two "unknown" strips. Drawn once per scale. */
/** One currency's code, several (`mixed`: not converted, so the scale is only roughly shared), or none known. */
type AxisCurrency = { code: string } | 'mixed' | null;

const Axes = memo(function Axes({ scale, currency }: { scale: Scale; currency: AxisCurrency }) {
  const span = scale.to - scale.from;
  const xOf = (decade: number) => PLOT_L + ((decade - scale.from) / span) * (PLOT_R - PLOT_L);
  return (
    <g className="chart-axes" aria-hidden="true">
      <rect className="chart-band chart-band-poor" x={PLOT_L} y={yOf(40)} width={PLOT_R - PLOT_L} height={yOf(0) - yOf(40)} />
      <rect className="chart-band chart-band-fair" x={PLOT_L} y={yOf(70)} width={PLOT_R - PLOT_L} height={yOf(40) - yOf(70)} />
      <rect className="chart-band chart-band-good" x={PLOT_L} y={yOf(100)} width={PLOT_R - PLOT_L} height={yOf(70) - yOf(100)} />
      <rect className="chart-unknown" x={AXIS_L} y={PLOT_T} width={GUTTER - 6} height={PLOT_B + UNSCORED - PLOT_T} />
      <rect className="chart-unknown" x={AXIS_L} y={PLOT_B + 4} width={PLOT_R - AXIS_L} height={UNSCORED - 4} />
      {[0, 20, 40, 60, 80, 100].map((h) => (
        <g key={h} className="chart-tick">
          <line x1={PLOT_L} x2={PLOT_R} y1={yOf(h)} y2={yOf(h)} />
          <text x={AXIS_L - 6} y={yOf(h)} textAnchor="end" dominantBaseline="middle">
            {h}
          </text>
        </g>
      ))}
      {scale.ticks.map((t) => (
        <g key={t} className="chart-tick">
          <line x1={xOf(t)} x2={xOf(t)} y1={PLOT_T} y2={PLOT_B} />
          <text x={xOf(t)} y={PLOT_B + UNSCORED + 16} textAnchor="middle">
            {compact.format(10 ** t)}
          </text>
        </g>
      ))}
      <text className="chart-unknown-label" x={AXIS_L + (GUTTER - 6) / 2} y={PLOT_B + UNSCORED + 16} textAnchor="middle">
        none
      </text>
      <text className="chart-unknown-label" x={AXIS_L - 6} y={PLOT_B + UNSCORED / 2 + 2} textAnchor="end" dominantBaseline="middle">
        unscored
      </text>
      <text className="chart-axis-title" x={(PLOT_L + PLOT_R) / 2} y={H - 6} textAnchor="middle">
        {`Annual revenue${currency === 'mixed' ? ' (mixed currencies, not converted)' : currency ? ` (${currency.code})` : ''}, log scale`}
      </text>
      <text
        className="chart-axis-title"
        x={-(PLOT_T + PLOT_B) / 2}
        y={14}
        transform="rotate(-90)"
        textAnchor="middle"
      >
        Health (0–100)
      </text>
    </g>
  );
});

/**
 * Every account as a circle, keyed by account. Memoised on the points alone:
 * hovering and keyboard moves redraw only the layer above, never these.
 */
const Points = memo(function Points({ points }: { points: readonly Point[] }) {
  return (
    <g className="chart-points">
      {points.map((p, i) => (
        <circle
          key={p.id}
          className={`chart-point chart-${p.entry.row.tier}${p.hollow ? ' chart-point-hollow' : ''}`}
          cx={p.x}
          cy={p.y}
          r={p.r}
          data-i={i}
          data-testid="chart-point"
          data-account-id={p.id}
        />
      ))}
    </g>
  );
});

function detailLines(p: Point): string[] {
  const { row } = p.entry;
  return [
    row.name,
    `${tierLabel(row.tier as Tier)} · revenue ${formatAmount(row.revenue, row.currency)}`,
    row.health === null ? 'Health not scored yet' : `Health ${row.health}${row.trend !== null ? ` (${trendText(row.trend)})` : ''}`,
    row.margin === null ? 'Margin not recorded' : `Margin ${formatAmount(row.margin, row.currency)}`,
  ];
}

/** Widest card, and the width of a character (the title is bold) as the card estimates it. */
const CARD_MAX = 320;
const CHAR_W = 6.4;
const TITLE_CHAR_W = 7.4;

/** A line cut with an ellipsis to what the card can hold, so no text runs past its edge. */
export function fitLine(line: string, charWidth: number): string {
  const room = Math.floor((CARD_MAX - 20) / charWidth);
  const chars = Array.from(line);
  return chars.length <= room ? line : `${chars.slice(0, room - 1).join('').trimEnd()}…`;
}

/** The ring around the point in question and a card with its numbers. */
function HoverLayer({ point }: { point: Point | null }) {
  if (!point) return null;
  const lines = detailLines(point).map((line, i) => fitLine(line, i === 0 ? TITLE_CHAR_W : CHAR_W));
  const width = Math.min(
    CARD_MAX,
    Math.max(...lines.map((l, i) => Array.from(l).length * (i === 0 ? TITLE_CHAR_W : CHAR_W))) + 20,
  );
  const height = lines.length * 16 + 12;
  const right = point.x + point.r + 8 + width <= W;
  const x = right ? point.x + point.r + 8 : point.x - point.r - 8 - width;
  const y = Math.min(Math.max(point.y - height / 2, 2), H - height - 2);
  return (
    <g className="chart-hover" aria-hidden="true" data-testid="chart-hover">
      <circle className="chart-hover-ring" cx={point.x} cy={point.y} r={point.r + 3} />
      <rect className="chart-card" x={x} y={y} width={width} height={height} rx={6} />
      {lines.map((line, i) => (
        <text key={i} className={i === 0 ? 'chart-card-title' : 'chart-card-line'} x={x + 10} y={y + 20 + i * 16}>
          {line}
        </text>
      ))}
    </g>
  );
}

/**
 * Revenue (log) against health, one circle per account, its area the
 * margin, its colour the tier. Hover or focus shows the numbers; a click or
 * Enter opens the account. From the keyboard the chart is one tab stop:
 * ←/→ step by revenue, ↑/↓ by health.
 */
export function PortfolioChart({ entries, onOpen }: { entries: readonly Entry[]; onOpen: (accountId: string) => void }) {
  const titleId = useId();
  const { points, scale } = useMemo(() => layoutPoints(entries), [entries]);
  const currency = useMemo((): AxisCurrency => {
    const codes = new Set(entries.map((e) => e.row.currency).filter((c): c is string => c !== null));
    const [only] = codes;
    return codes.size > 1 ? 'mixed' : only ? { code: only } : null;
  }, [entries]);
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);

  const byId = useMemo(() => new Map(points.map((p) => [p.id, p])), [points]);
  // Orders for the arrow keys, built when first needed.
  const orders = useRef<{ points: readonly Point[]; byX: Point[]; byY: Point[] } | null>(null);
  const order = (axis: 'x' | 'y') => {
    if (orders.current?.points !== points) {
      const byX = [...points].sort((a, b) => a.x - b.x || b.y - a.y);
      const byY = [...points].sort((a, b) => b.y - a.y || a.x - b.x);
      orders.current = { points, byX, byY };
    }
    return axis === 'x' ? orders.current.byX : orders.current.byY;
  };

  const openRef = useRef(onOpen);
  useEffect(() => {
    openRef.current = onOpen;
  }, [onOpen]);

  const pointAt = useCallback(
    (target: EventTarget): Point | null => {
      const i = (target as Element).getAttribute?.('data-i');
      return i === null || i === undefined ? null : (points[Number(i)] ?? null);
    },
    [points],
  );

  const onMouseOver = (event: MouseEvent<SVGSVGElement>) => {
    const p = pointAt(event.target);
    setHovered(p ? p.id : null);
  };
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const p = pointAt(event.target);
    if (p) openRef.current(p.id);
  };

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || points.length === 0) return;
    const current = focused ? byId.get(focused) : undefined;
    if (event.key === 'Enter' || event.key === ' ') {
      if (current) {
        event.preventDefault();
        openRef.current(current.id);
      }
      return;
    }
    if (event.key === 'Escape') {
      setFocused(null);
      return;
    }
    const axis = event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End' ? 'x' : 'y';
    const list = order(axis);
    const at = current ? list.indexOf(current) : -1;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        next = at + 1;
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        next = at === -1 ? 0 : at - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = list.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const p = list[Math.max(0, Math.min(list.length - 1, next))];
    if (p) setFocused(p.id);
  };

  // A point filtered out since it was pointed at is no longer shown.
  const shown = (hovered ? byId.get(hovered) : undefined) ?? (focused ? byId.get(focused) : undefined) ?? null;
  const focusedPoint = focused ? (byId.get(focused) ?? null) : null;

  return (
    <figure className="panel portfolio-chart" data-testid="portfolio-chart-figure">
      <figcaption className="chart-head">
        <span className="panel-title" id={titleId}>
          Revenue and health
        </span>
        <ul className="chart-legend" aria-label="Legend">
          {TIERS.map((t) => (
            <li key={t.value}>
              <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
                <circle className={`chart-point chart-${t.value}`} cx={6} cy={6} r={5} />
              </svg>
              {t.label}
            </li>
          ))}
          <li>
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
              <circle className="chart-point chart-point-hollow chart-key" cx={6} cy={6} r={4} />
            </svg>
            No margin recorded
          </li>
          <li className="muted">Circle area: margin</li>
        </ul>
      </figcaption>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-labelledby={titleId}
        aria-describedby={`${titleId}-readout`}
        tabIndex={0}
        data-testid="portfolio-chart"
        data-count={points.length}
        onMouseOver={onMouseOver}
        onMouseLeave={() => setHovered(null)}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onBlur={() => setFocused(null)}
      >
        <Axes scale={scale} currency={currency} />
        <Points points={points} />
        <HoverLayer point={shown} />
      </svg>
      <p className="chart-readout" id={`${titleId}-readout`} aria-live="polite" data-testid="chart-readout">
        {focusedPoint
          ? `${detailLines(focusedPoint).join('. ')}. Enter opens it.`
          : points.length > 0
            ? 'Point at a circle for its numbers; click to open the account. From the keyboard: arrows move, Enter opens.'
            : 'No account matches the filters.'}
      </p>
    </figure>
  );
}
