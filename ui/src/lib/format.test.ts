import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// West of Greenwich, UTC midnight is still the day before.
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  process.env.TZ = zone;
});

async function freshFormat() {
  // The module's formats take the time zone when they are made.
  vi.resetModules();
  return import('./format');
}

describe('formatDate', () => {
  it('shows a date-only day as that day, not the day before, west of Greenwich', async () => {
    const { formatDate } = await freshFormat();
    expect(formatDate('2026-03-14')).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2026, 2, 14)),
    );
    expect(formatDate('2026-03-14')).toMatch(/14/);
  });

  it('shows an instant on its local day', async () => {
    const { formatDate } = await freshFormat();
    // 02:30 UTC on the 15th is the evening of the 14th in New York.
    expect(formatDate('2026-03-15T02:30:00Z')).toMatch(/14/);
    expect(formatDate('not a date')).toBe('not a date');
  });
});
