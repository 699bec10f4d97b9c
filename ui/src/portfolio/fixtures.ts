// The portfolio as the core sends it, for tests.
import type { Exported, Portfolio, PortfolioRow } from '../ipc';

let nextId = 1;

export function portfolioRow(overrides: Partial<PortfolioRow> = {}): PortfolioRow {
  const id = overrides.account_id ?? `acc-${nextId++}`;
  return {
    account_id: id,
    name: `Account ${id}`,
    tier: 'key',
    currency: 'EUR',
    revenue: 1_000_000,
    margin: 100_000,
    health: 60,
    health_on: '2026-11-23',
    trend: 0,
    blueprint_stage: null,
    blueprint_approved: false,
    goals_overdue: 0,
    promises_open: 0,
    promises_late: 0,
    next_meeting: null,
    next_meeting_title: null,
    owner: 'Dana Reyes',
    sponsor: 'Sam Okafor',
    flags: '',
    backslides: '',
    days_overdue: 0,
    ...overrides,
  };
}

export function portfolio(rows: PortfolioRow[], overrides: Partial<Portfolio> = {}): Portfolio {
  return { today: '2026-11-23', rows, stale: 0, ...overrides };
}

/** Five accounts with something to tell apart in every column. */
export function sampleRows(): PortfolioRow[] {
  return [
    portfolioRow({
      account_id: 'acc-brightwater',
      name: 'Brightwater Foods',
      tier: 'strategic',
      revenue: 48_000_000,
      margin: 6_000_000,
      health: 82,
      trend: 6,
      blueprint_stage: 'track',
      blueprint_approved: true,
      next_meeting: '2026-11-24T18:00:00Z',
      next_meeting_title: 'Board dinner',
    }),
    portfolioRow({
      account_id: 'acc-nordlys',
      name: 'Nordlys Energi',
      tier: 'key',
      revenue: 12_500_000,
      margin: 900_000,
      health: 34,
      trend: -12,
      blueprint_stage: 'goals',
      goals_overdue: 2,
      owner: null,
      flags: 'no_owner key_person',
      backslides: 'rarer down_the_levels',
      days_overdue: 45,
    }),
    portfolioRow({
      account_id: 'acc-harbour',
      name: 'Harbourline Ferries',
      tier: 'growth',
      revenue: 350_000,
      margin: null,
      health: 55,
      trend: -3,
      owner: 'Ana Ruiz',
      sponsor: null,
    }),
    portfolioRow({
      account_id: 'acc-tessellate',
      name: 'Tessellate Robotics',
      tier: 'growth',
      currency: 'USD',
      revenue: null,
      margin: null,
      health: null,
      health_on: null,
      trend: null,
      owner: 'Ana Ruiz',
    }),
    portfolioRow({
      account_id: 'acc-aldergrove',
      name: 'Aldergrove Foods',
      tier: 'key',
      revenue: 3_200_000,
      margin: 400_000,
      health: 71,
      trend: -10,
    }),
  ];
}

export function exported(overrides: Partial<Exported> = {}): Exported {
  return {
    path: '/home/ana/Documents/Portfolio review 2026-11-23.pdf',
    pages: 14,
    bytes: 319_488,
    meetings: 0,
    ...overrides,
  };
}
