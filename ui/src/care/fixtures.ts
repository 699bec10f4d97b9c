// Feedback, stories and an account's care as the core sends them, for tests.
import type { AccountCare, Feedback, FeedbackEvent, HealthPart, PartScore, Story } from '../ipc';

let nextId = 1;

export const THEIR_PEOPLE = [
  { id: 'their-cfo', name: 'Lars Berg' },
  { id: 'their-ops', name: 'Mette Dahl' },
];

export function feedback(overrides: Partial<Feedback> = {}): Feedback {
  const id = overrides.id ?? `f-${nextId++}`;
  return {
    id,
    account_id: 'acc-1',
    person_id: 'their-cfo',
    person_name: 'Lars Berg',
    received_on: '2026-11-02',
    channel: 'meeting',
    text: 'Invoices never carry our PO number, so finance sends them back.',
    theme: 'Invoicing',
    state: 'new',
    change: null,
    visible_on: null,
    reconsider_on: null,
    reason: null,
    thanked_on: null,
    thanked_how: null,
    due: [],
    updated_at: '2026-11-02T09:00:00Z',
    ...overrides,
  };
}

export function feedbackEvent(overrides: Partial<FeedbackEvent> = {}): FeedbackEvent {
  return {
    at: '2026-11-03T10:00:00Z',
    actor: 'Dana Reyes',
    action: 'act',
    from: 'new',
    to: 'acting',
    note: null,
    ...overrides,
  };
}

export function story(overrides: Partial<Story> = {}): Story {
  const id = overrides.id ?? `s-${nextId++}`;
  return {
    id,
    account_id: 'acc-1',
    kind: 'success',
    title: 'Predictive maintenance pilot',
    department: 'Product development',
    occurred_on: '2026-06-10',
    impact: 'Line downtime fell by a third',
    failure: null,
    resolved: true,
    lesson: 'Bring engineers to the first workshop',
    updated_at: '2026-06-10T09:00:00Z',
    ...overrides,
  };
}

const PARTS: readonly [HealthPart, number, number, string][] = [
  ['cadence', 10, 20, '15 days past the target of every 30 days'],
  ['coverage', 11, 15, 'connected to 3 of the 4 decision roles on their side'],
  ['dimension_mix', 10, 10, '60% of the tie strength is formal'],
  ['key_person', 4, 10, 'one of our people holds ties nobody else does'],
  ['goals', 6, 15, "the blueprint's goals are 40% of the way"],
  ['stories', 5, 10, '1 horror story left open'],
  ['feedback', 7, 10, 'of 3 pieces of feedback, 0 not picked up within two weeks and 1 not thanked'],
  ['ownership', 5, 10, '3 questions of the ownership check unanswered'],
];

export function parts(): PartScore[] {
  return PARTS.map(([part, points, max, reason]) => ({ part, points, max, reason }));
}

export function care(overrides: Partial<AccountCare> = {}): AccountCare {
  const ps = parts();
  return {
    health: { score: ps.reduce((sum, p) => sum + p.points, 0), parts: ps },
    history: [
      { on: '2026-11-20', score: 64 },
      { on: '2026-11-21', score: 60 },
      { on: '2026-11-22', score: 66 },
      { on: '2026-11-23', score: 58 },
    ],
    every_days: 30,
    default_cadence: true,
    overdue: { days_over: 15, message: 'last contact 45 days ago; the target is every 30 days, so 15 days overdue' },
    backslides: [
      {
        kind: 'rarer',
        per_quarter: [6, 5, 3, 1],
        message: 'contact is getting rarer: 5, 3 then 1 in the last three quarters',
      },
    ],
    months: [
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ].map((month, i) => ({ month, executive: i % 3 === 0 ? 1 : 0, management: i % 2, working: 2 })),
    overdue_ties: [
      {
        connection_id: 'c-1',
        ours_name: 'Ingrid Solberg',
        theirs_name: 'Lars Berg',
        every_days: 60,
        overdue: { days_over: 20, message: 'last contact 80 days ago; the target is every 60 days, so 20 days overdue' },
      },
    ],
    ownership: [
      { question: 'owner', asks: 'Who owns this relationship on our side, by name', answer: 'Dana Reyes' },
      { question: 'function', asks: 'Which function they sit in, and why that one', answer: null },
      { question: 'investment', asks: 'What we put into this relationship (people, time, money)', answer: null },
      { question: 'environment', asks: 'What is changing in their world, as they would put it', answer: 'Consolidating plants' },
      { question: 'evolution', asks: 'What both sides agreed about where the relationship should go', answer: null },
      { question: 'both_win', asks: 'How each side wins from it today', answer: 'They get uptime; we get a reference' },
    ],
    ...overrides,
  };
}
