import type { ReactNode } from 'react';
import { BypassedGlyph, DimensionSwatch, FarAboveGlyph, KeyPersonGlyph, strokeFor } from './glyphs';
import { DIMENSIONS, dimensionHint, dimensionLabel } from './labels';

function GlyphSample({ children }: { children: ReactNode }) {
  return (
    <svg className="map-swatch" width="20" height="20" viewBox="-10 -10 20 20" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export function MapLegend({ workingLevel, planned = false }: { workingLevel: number | null; planned?: boolean }) {
  return (
    <ul className="map-legend" aria-label="Legend" data-testid="map-legend">
      {DIMENSIONS.map((dimension) => (
        <li key={dimension} title={dimensionHint(dimension)}>
          <DimensionSwatch dimension={dimension} />
          {dimensionLabel(dimension)}
        </li>
      ))}
      <li title="Line width shows strength, 1 to 5">
        <svg className="map-swatch" width="34" height="12" viewBox="0 0 34 12" aria-hidden="true" focusable="false">
          <line className="map-edge map-edge-sample" x1="2" y1="6" x2="14" y2="6" strokeWidth={strokeFor(1)} />
          <line className="map-edge map-edge-sample" x1="20" y1="6" x2="32" y2="6" strokeWidth={strokeFor(5)} />
        </svg>
        Strength 1–5
      </li>
      <li>
        <GlyphSample>
          <KeyPersonGlyph />
        </GlyphSample>
        Key-person risk
      </li>
      <li>
        <GlyphSample>
          <FarAboveGlyph />
        </GlyphSample>
        Far above working level
      </li>
      <li>
        <GlyphSample>
          <BypassedGlyph />
        </GlyphSample>
        Working level bypassed
      </li>
      {planned && (
        <li title="A tie a blueprint goal plans to make">
          <svg className="map-swatch" width="34" height="12" viewBox="0 0 34 12" aria-hidden="true" focusable="false">
            <line className="map-edge map-edge-planned" x1="2" y1="6" x2="32" y2="6" strokeWidth={2} strokeDasharray="10 6" />
          </svg>
          Planned tie
        </li>
      )}
      {workingLevel !== null && (
        <li>
          <span className="map-legend-band" aria-hidden="true" />
          Working level ({workingLevel})
        </li>
      )}
    </ul>
  );
}
