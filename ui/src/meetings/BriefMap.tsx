import type { MapFigure, MapNode } from '../ipc';

const WIDTH = 560;
const NODE_W = 170;
const NODE_H = 38;
const ROW = 50;
const TOP = 28;
const OURS_X = 16;
const THEIRS_X = WIDTH - 16 - NODE_W;

const DASH: Record<string, string | undefined> = { solid: undefined, dashed: '7 4', dotted: '1.5 4' };

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Who knows whom, as the brief draws it: our people on the left, theirs on
 * the right; formal ties solid, personal dashed, proxied dotted; the stronger
 * the tie, the wider the line; people the brief warns about ringed.
 */
export function BriefMap({ figure }: { figure: MapFigure }) {
  const ours = figure.nodes.filter((n) => n.ours);
  const theirs = figure.nodes.filter((n) => !n.ours);
  const rows = Math.max(ours.length, theirs.length, 1);
  const height = TOP + rows * ROW + 8;
  const place = new Map<string, { x: number; y: number; ours: boolean }>();
  ours.forEach((n, i) => place.set(n.id, { x: OURS_X, y: TOP + i * ROW, ours: true }));
  theirs.forEach((n, i) => place.set(n.id, { x: THEIRS_X, y: TOP + i * ROW, ours: false }));

  const node = (n: MapNode) => {
    const at = place.get(n.id);
    if (!at) return null;
    return (
      <g key={n.id} className={n.ours ? 'brief-node brief-node-ours' : 'brief-node brief-node-theirs'} data-testid="brief-map-node">
        <title>{n.detail ? `${n.label}, ${n.detail}` : n.label}</title>
        {n.highlight && (
          <rect
            className="brief-node-ring"
            data-testid="brief-map-ring"
            x={at.x - 4}
            y={at.y - 4}
            width={NODE_W + 8}
            height={NODE_H + 8}
            rx={10}
          />
        )}
        <rect className="brief-node-box" x={at.x} y={at.y} width={NODE_W} height={NODE_H} rx={7} />
        <text className="brief-node-label" x={at.x + 10} y={at.y + (n.detail ? 16 : 23)}>
          {clip(n.label, 24)}
        </text>
        {n.detail && (
          <text className="brief-node-detail" x={at.x + 10} y={at.y + 30}>
            {clip(n.detail, 30)}
          </text>
        )}
      </g>
    );
  };

  return (
    <figure className="brief-map">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={`Map of ${figure.nodes.length} people and ${figure.edges.length} ties`}
      >
        <text className="brief-map-side" x={OURS_X} y={16}>
          Ours
        </text>
        <text className="brief-map-side" x={THEIRS_X} y={16}>
          Theirs
        </text>
        {figure.edges.map((edge, i) => {
          const a = place.get(edge.from);
          const b = place.get(edge.to);
          if (!a || !b) return null;
          const [left, right] = a.x <= b.x ? [a, b] : [b, a];
          const sameSide = left.x === right.x;
          const x1 = left.x + NODE_W;
          const x2 = sameSide ? right.x + NODE_W : right.x;
          const strength = Math.min(Math.max(edge.strength, 1), 5);
          return (
            <line
              key={i}
              className="brief-edge"
              data-testid="brief-map-edge"
              data-line={edge.line}
              x1={x1}
              y1={left.y + NODE_H / 2}
              x2={x2}
              y2={right.y + NODE_H / 2}
              strokeWidth={0.6 + strength * 0.7}
              strokeDasharray={DASH[edge.line]}
              strokeLinecap={edge.line === 'dotted' ? 'round' : 'butt'}
            />
          );
        })}
        {figure.nodes.map(node)}
      </svg>
      {figure.caption && <figcaption className="brief-note">{figure.caption}</figcaption>}
    </figure>
  );
}
