// Positions for the relationship map, without React, so they can be tested as numbers.
//
// Their people stand on the left, ours on the right, both in bands by org level
// (level 1 at the top). A band holds as many rows as its fuller side needs, so
// the same level sits at the same height on both sides and a line that climbs
// steeply is a tie across levels. Within a level people wrap into rows of
// `maxPerRow`, and are ordered by the barycentre heuristic (Sugiyama et al.):
// each person moves towards the mean height of the people they are tied to,
// which removes most crossings in a few sweeps.

import type { MapPerson, MapTie, Side } from './types';

export const NODE_W = 160;
export const NODE_H = 42;
const COL_GAP = 12;
const ROW_GAP = 12;
const BAND_PAD = 14;
const LABEL_W = 84;
const HEADER_H = 36;
const GUTTER = 280;
const MARGIN = 16;
/** How far the curve's control points reach out of a node, horizontally. */
const CURVE = 110;
/** Vertical spread between parallel ties of one pair, so both stay visible. */
const PARALLEL_GAP = 5;

export interface LayoutOptions {
  /** People per row within one level and side, before the row wraps. */
  maxPerRow?: number;
  /** Barycentre sweeps (each sweep reorders both sides once). */
  sweeps?: number;
  /** Room between the two sides, where the ties run. */
  gutter?: number;
}

/** The narrowest the room between the sides gets before a row holds fewer people. */
export const MIN_GUTTER = 120;

/**
 * The layout options that fit the map into `available` pixels: the most
 * people per row (up to `maxPerRow`) whose map fits with the narrowest
 * gutter, then the gutter as wide as the room left allows (up to its full
 * width). When even one per row is too wide, one per row (the map scrolls).
 */
export function fitToWidth(
  people: MapPerson[],
  maxPerRow: number,
  available: number,
): Required<Pick<LayoutOptions, 'maxPerRow' | 'gutter'>> {
  for (let perRow = Math.max(1, Math.floor(maxPerRow)); perRow >= 1; perRow -= 1) {
    const width = layoutMap(people, [], { maxPerRow: perRow, sweeps: 0, gutter: MIN_GUTTER }).width;
    if (width <= available || perRow === 1) {
      return { maxPerRow: perRow, gutter: Math.max(MIN_GUTTER, Math.min(GUTTER, MIN_GUTTER + available - width)) };
    }
  }
  return { maxPerRow: 1, gutter: MIN_GUTTER };
}

export interface NodeBox {
  id: string;
  side: Side;
  level: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Row within the person's level band, 0 = top. */
  row: number;
  /** Column within the row, 0 = next to the gutter. */
  col: number;
}

export interface LevelBand {
  level: number;
  y: number;
  height: number;
}

export interface EdgeGeometry {
  tie: MapTie;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Cubic Bézier from their person (left) to ours (right). */
  path: string;
  /** The curve's midpoint, where a marker sits. */
  midX: number;
  midY: number;
}

export interface MapLayout {
  nodes: Map<string, NodeBox>;
  /** Each side in reading order: by level, then row, then from the gutter out. */
  order: Record<Side, string[]>;
  bands: LevelBand[];
  edges: EdgeGeometry[];
  columns: Record<Side, { x: number; width: number }>;
  /** Where the level labels end and the columns begin. */
  labelWidth: number;
  headerHeight: number;
  width: number;
  height: number;
}

/** Org levels are whole numbers from 1; anything else is read as the nearest sane level. */
export function normaliseLevel(level: number): number {
  return Number.isFinite(level) ? Math.max(1, Math.round(level)) : 1;
}

const byName = (a: MapPerson, b: MapPerson) =>
  a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function layoutMap(people: MapPerson[], ties: MapTie[], options: LayoutOptions = {}): MapLayout {
  const maxPerRow = Math.max(1, Math.floor(options.maxPerRow ?? 3));
  const sweeps = Math.max(0, Math.floor(options.sweeps ?? 6));
  const gutter = Math.max(0, options.gutter ?? GUTTER);

  const personById = new Map(people.map((p) => [p.id, p]));
  // Only ties whose two ends are on the map, and whose ends are on the sides they claim.
  const shown = ties.filter(
    (t) => personById.get(t.theirs_id)?.side === 'theirs' && personById.get(t.ours_id)?.side === 'ours',
  );

  const partners = new Map<string, string[]>();
  for (const t of shown) {
    partners.set(t.theirs_id, [...(partners.get(t.theirs_id) ?? []), t.ours_id]);
    partners.set(t.ours_id, [...(partners.get(t.ours_id) ?? []), t.theirs_id]);
  }
  const degree = (id: string) => partners.get(id)?.length ?? 0;

  // Groups: side → level → ids, first by name so the result never depends on input order.
  const groups: Record<Side, Map<number, string[]>> = { theirs: new Map(), ours: new Map() };
  for (const p of [...people].sort(byName)) {
    const level = normaliseLevel(p.level);
    const group = groups[p.side];
    group.set(level, [...(group.get(level) ?? []), p.id]);
  }

  const levels = [...new Set([...groups.theirs.keys(), ...groups.ours.keys()])].sort((a, b) => a - b);
  const rowsOf = (count: number) => Math.ceil(count / maxPerRow);

  const bands: LevelBand[] = [];
  let y = HEADER_H;
  for (const level of levels) {
    const rows = Math.max(1, rowsOf(groups.theirs.get(level)?.length ?? 0), rowsOf(groups.ours.get(level)?.length ?? 0));
    const height = BAND_PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP;
    bands.push({ level, y, height });
    y += height;
  }
  const bandOf = new Map(bands.map((b) => [b.level, b]));

  const columnWidth = (side: Side) => {
    const widest = Math.max(1, ...[...groups[side].values()].map((ids) => Math.min(maxPerRow, ids.length)));
    return widest * NODE_W + (widest - 1) * COL_GAP;
  };
  const theirsWidth = columnWidth('theirs');
  const columns: Record<Side, { x: number; width: number }> = {
    theirs: { x: LABEL_W, width: theirsWidth },
    ours: { x: LABEL_W + theirsWidth + gutter, width: columnWidth('ours') },
  };

  // Vertical position of the i-th person of a level; rows depend on order, bands do not.
  const rowY = (level: number, index: number) =>
    bandOf.get(level)!.y + BAND_PAD + Math.floor(index / maxPerRow) * (NODE_H + ROW_GAP) + NODE_H / 2;

  const centreY = new Map<string, number>();
  const place = (side: Side) => {
    for (const [level, ids] of groups[side]) ids.forEach((id, i) => centreY.set(id, rowY(level, i)));
  };
  place('theirs');
  place('ours');

  const crossings = () => countCrossingsBy(shown, (id) => centreY.get(id) ?? 0);

  const reorder = (side: Side) => {
    for (const [level, ids] of groups[side]) {
      const key = new Map(
        ids.map((id, i) => {
          const ys = (partners.get(id) ?? []).map((other) => centreY.get(other) ?? 0);
          // Someone with no ties keeps their place rather than drifting to the top.
          const value = ys.length ? ys.reduce((sum, v) => sum + v, 0) / ys.length : rowY(level, i);
          return [id, value] as const;
        }),
      );
      const index = new Map(ids.map((id, i) => [id, i]));
      ids.sort((a, b) => key.get(a)! - key.get(b)! || index.get(a)! - index.get(b)!);
    }
    place(side);
  };

  const snapshot = () => ({ theirs: cloneGroups(groups.theirs), ours: cloneGroups(groups.ours) });
  let best = snapshot();
  let bestCrossings = crossings();
  for (let sweep = 0; sweep < sweeps && bestCrossings > 0; sweep += 1) {
    reorder('theirs');
    reorder('ours');
    const now = crossings();
    if (now < bestCrossings) {
      best = snapshot();
      bestCrossings = now;
    }
  }
  groups.theirs = best.theirs;
  groups.ours = best.ours;

  const nodes = new Map<string, NodeBox>();
  const order: Record<Side, string[]> = { theirs: [], ours: [] };
  for (const side of ['theirs', 'ours'] as const) {
    const column = columns[side];
    for (const level of levels) {
      const ids = groups[side].get(level) ?? [];
      for (let start = 0; start < ids.length; start += maxPerRow) {
        // Within a row the best-connected sit next to the gutter, so fewer lines run under others.
        const row = ids.slice(start, start + maxPerRow).sort((a, b) => degree(b) - degree(a));
        row.forEach((id, col) => {
          const offset = col * (NODE_W + COL_GAP);
          nodes.set(id, {
            id,
            side,
            level,
            x: side === 'theirs' ? column.x + column.width - NODE_W - offset : column.x + offset,
            y: rowY(level, start) - NODE_H / 2,
            width: NODE_W,
            height: NODE_H,
            row: start / maxPerRow,
            col,
          });
        });
        order[side].push(...(side === 'theirs' ? [...row].reverse() : row));
      }
    }
  }

  return {
    nodes,
    order,
    bands,
    edges: edgeGeometry(shown, nodes),
    columns,
    labelWidth: LABEL_W,
    headerHeight: HEADER_H,
    width: columns.ours.x + columns.ours.width + MARGIN,
    height: y + MARGIN,
  };
}

function cloneGroups(groups: Map<number, string[]>): Map<number, string[]> {
  return new Map([...groups].map(([level, ids]) => [level, [...ids]]));
}

function edgeGeometry(ties: MapTie[], nodes: Map<string, NodeBox>): EdgeGeometry[] {
  const parallel = new Map<string, MapTie[]>();
  for (const t of ties) {
    const key = `${t.theirs_id}\u0000${t.ours_id}`;
    parallel.set(key, [...(parallel.get(key) ?? []), t]);
  }
  return ties.map((tie) => {
    const theirs = nodes.get(tie.theirs_id)!;
    const ours = nodes.get(tie.ours_id)!;
    const siblings = parallel.get(`${tie.theirs_id}\u0000${tie.ours_id}`)!;
    const spread = (siblings.indexOf(tie) - (siblings.length - 1) / 2) * PARALLEL_GAP;
    const x1 = theirs.x + theirs.width;
    const y1 = theirs.y + theirs.height / 2 + spread;
    const x2 = ours.x;
    const y2 = ours.y + ours.height / 2 + spread;
    const reach = Math.min(CURVE, Math.max(20, (x2 - x1) / 2));
    return {
      tie,
      x1,
      y1,
      x2,
      y2,
      path: `M ${x1} ${y1} C ${x1 + reach} ${y1}, ${x2 - reach} ${y2}, ${x2} ${y2}`,
      // A cubic with these control points passes through the plain average at t = 0.5.
      midX: (x1 + x2) / 2,
      midY: (y1 + y2) / 2,
    };
  });
}

function countCrossingsBy(ties: MapTie[], yOf: (id: string) => number): number {
  let count = 0;
  for (let i = 0; i < ties.length; i += 1) {
    for (let j = i + 1; j < ties.length; j += 1) {
      const a = ties[i];
      const b = ties[j];
      if ((yOf(a.theirs_id) - yOf(b.theirs_id)) * (yOf(a.ours_id) - yOf(b.ours_id)) < 0) count += 1;
    }
  }
  return count;
}

/** Pairs of ties whose lines cross, judged by the heights of their ends. */
export function countCrossings(layout: MapLayout): number {
  const yOf = (id: string) => {
    const node = layout.nodes.get(id);
    return node ? node.y + node.height / 2 : 0;
  };
  return countCrossingsBy(
    layout.edges.map((e) => e.tie),
    yOf,
  );
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The person an arrow key moves to: the nearest box whose centre lies that way,
 * favouring ones straight ahead over ones off to the side. Left and Right cross
 * the gutter to the other side when a row runs out.
 */
export function neighbour(layout: MapLayout, fromId: string, direction: Direction): string | null {
  const from = layout.nodes.get(fromId);
  if (!from) return null;
  const cx = from.x + from.width / 2;
  const cy = from.y + from.height / 2;
  let bestId: string | null = null;
  let bestScore = Infinity;
  for (const node of layout.nodes.values()) {
    if (node.id === fromId) continue;
    const dx = node.x + node.width / 2 - cx;
    const dy = node.y + node.height / 2 - cy;
    const ahead = direction === 'up' ? -dy : direction === 'down' ? dy : direction === 'left' ? -dx : dx;
    const aside = direction === 'up' || direction === 'down' ? Math.abs(dx) : Math.abs(dy);
    // Strictly ahead by at least a little, so people in the same row don't count as "below".
    if (ahead < 1) continue;
    const score = ahead + aside * 3;
    if (score < bestScore) {
      bestScore = score;
      bestId = node.id;
    }
  }
  return bestId;
}
