// The few shapes the map and its legend share. Each risk has its own shape as
// well as its own colour, so the picture still reads without colour.

import type { Dimension } from './types';

const round = (n: number) => Math.round(n * 100) / 100;

/** Line width for a tie of strength 1–5. */
export function strokeFor(strength: number): number {
  const s = Number.isFinite(strength) ? Math.min(5, Math.max(1, strength)) : 1;
  return round(1.25 + (s - 1) * 0.95);
}

/**
 * The dash pattern that tells the dimensions apart without colour: formal solid,
 * personal dashed, proxied dotted (round caps turn the near-empty dashes into dots).
 * It grows with the line, so a thick dotted line is still dotted.
 */
export function dashFor(dimension: Dimension, width: number): string | undefined {
  if (dimension === 'personal') return `${round(width * 2.5 + 6)} ${round(width * 1.5 + 4)}`;
  if (dimension === 'proxied') return `0.1 ${round(width * 2 + 4)}`;
  return undefined;
}

/** Key-person risk: a circle with "!". Drawn centred on the origin. */
export function KeyPersonGlyph() {
  return (
    <g className="map-glyph map-glyph-key">
      <circle r="8" />
      <text y="0.5" textAnchor="middle" dominantBaseline="central">
        !
      </text>
    </g>
  );
}

/** Executive contact with no working-level tie beneath: a warning triangle. */
export function BypassedGlyph() {
  return (
    <g className="map-glyph map-glyph-bypassed">
      <path d="M 0 -8 L 8.5 6.5 L -8.5 6.5 Z" />
      <text y="1.5" textAnchor="middle" dominantBaseline="central">
        !
      </text>
    </g>
  );
}

/** A tie far above the working level: a diamond on the line. */
export function FarAboveGlyph() {
  return (
    <g className="map-glyph map-glyph-far">
      <path d="M 0 -7 L 7 0 L 0 7 L -7 0 Z" />
    </g>
  );
}

/** A short sample of a tie line, for the legend and the tie list. */
export function DimensionSwatch({ dimension, strength = 3 }: { dimension: Dimension; strength?: number }) {
  return (
    <svg className="map-swatch" width="34" height="12" viewBox="0 0 34 12" aria-hidden="true" focusable="false">
      <line
        className={`map-edge map-edge-${dimension}`}
        x1="2"
        y1="6"
        x2="32"
        y2="6"
        strokeWidth={strokeFor(strength)}
        strokeDasharray={dashFor(dimension, strokeFor(strength))}
      />
    </svg>
  );
}
