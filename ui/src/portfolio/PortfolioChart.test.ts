import { describe, expect, it } from 'vitest';
import { fitLine } from './PortfolioChart';

describe('fitLine', () => {
  it('keeps a line that fits the hover card', () => {
    expect(fitLine('Nordlys Energi', 7.4)).toBe('Nordlys Energi');
  });

  it('cuts a long name with an ellipsis to what the card holds, counting characters not code units', () => {
    const name = 'Consolidated Nordic Offshore Wind & Hydrogen Holdings 🌊 Group';
    const cut = fitLine(name, 7.4);
    expect(cut.endsWith('…')).toBe(true);
    expect(Array.from(cut).length).toBeLessThanOrEqual(Math.floor(300 / 7.4));
    expect(name.startsWith(cut.slice(0, -1))).toBe(true);
    // A narrower character width holds more of it.
    expect(fitLine(name, 6.4).length).toBeGreaterThan(cut.length);
  });
});
