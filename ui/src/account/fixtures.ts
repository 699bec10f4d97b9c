// Invented accounts, people and ties for the account page tests. Not imported by the app.
import type { Account, AccountView, Connection, Interaction, Person } from '../ipc';

const STAMP = '2026-03-14T09:30:00Z';

export function person(overrides: Partial<Person> & Pick<Person, 'id' | 'name'>): Person {
  return {
    side: 'theirs',
    account_id: 'acc-1',
    title: null,
    function: null,
    department: null,
    org_level: 3,
    reports_to_id: null,
    decision_role: null,
    disposition: null,
    email: null,
    phone: null,
    notes: null,
    active: true,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function ourPerson(overrides: Partial<Person> & Pick<Person, 'id' | 'name'>): Person {
  return person({ side: 'ours', account_id: null, function: 'sales', ...overrides });
}

export function connection(overrides: Partial<Connection> & Pick<Connection, 'id' | 'ours_id' | 'theirs_id'>): Connection {
  return {
    account_id: 'acc-1',
    dimension: 'formal',
    intermediary: null,
    strength: 3,
    cadence_days: null,
    notes: null,
    last_contact: null,
    interactions: 0,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function interaction(overrides: Partial<Interaction> & Pick<Interaction, 'id'>): Interaction {
  return {
    account_id: 'acc-1',
    occurred_on: '2026-03-10',
    kind: 'meeting',
    summary: 'Quarterly check-in',
    outcomes: null,
    follow_ups: null,
    private: false,
    people: [],
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export const OUR_CEO = ourPerson({ id: 'our-ceo', name: 'Ingrid Solberg', title: 'CEO', function: 'executive', org_level: 1 });
export const OUR_AM = ourPerson({ id: 'our-am', name: 'Tomas Virtanen', title: 'Account Manager', org_level: 3 });
export const OUR_FIN = ourPerson({ id: 'our-fin', name: 'Aiko Brandvold', title: 'Controller', function: 'finance', org_level: 3 });

export const THEIR_CEO = person({
  id: 'th-ceo',
  name: 'Marguerite Okonkwo',
  title: 'Chief Executive',
  org_level: 1,
  decision_role: 'decision_maker',
});
export const THEIR_OPS = person({
  id: 'th-ops',
  name: 'Kenji Abara',
  title: 'Head of Operations',
  department: 'Operations',
  org_level: 3,
  reports_to_id: 'th-ceo',
  decision_role: 'influencer',
  disposition: 'champion',
});
export const THEIR_BUYER = person({
  id: 'th-buyer',
  name: 'Rosa Delgado',
  title: 'Buyer',
  department: 'Procurement',
  org_level: 4,
  reports_to_id: 'th-ops',
  decision_role: 'user',
  active: false,
});

export function accountRecord(overrides: Partial<Account> = {}): Account {
  return {
    id: 'acc-1',
    name: 'Brightwater Foods',
    industry: 'Food processing',
    region: 'Nordics',
    tier: 'strategic',
    status: 'active',
    currency: 'EUR',
    annual_revenue: 4_000_000,
    annual_margin: 600_000,
    owner_id: 'our-am',
    owner_name: 'Tomas Virtanen',
    sponsor_id: null,
    sponsor_name: null,
    business_environment: 'Consolidating suppliers.',
    customer_strategy: null,
    mutual_goals: null,
    last_customer_review: '2026-01-20',
    next_customer_review: null,
    last_internal_review: null,
    next_internal_review: null,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

export function accountView(overrides: Partial<AccountView> = {}): AccountView {
  return {
    account: accountRecord(),
    flags: ['no_sponsor', 'key_person', 'far_above'],
    last_contact: '2026-03-10',
    relationship: {
      ours: [OUR_CEO, OUR_AM],
      theirs: [THEIR_CEO, THEIR_OPS, THEIR_BUYER],
      planned: [],
      planned_people: [],
      connections: [
        connection({ id: 'c-ceo', ours_id: 'our-ceo', theirs_id: 'th-ceo', dimension: 'personal', strength: 5 }),
        connection({
          id: 'c-ops',
          ours_id: 'our-am',
          theirs_id: 'th-ops',
          strength: 3,
          cadence_days: 30,
          last_contact: '2026-03-10',
          interactions: 1,
        }),
      ],
      analysis: {
        dimension_mix: { formal: 0.375, personal: 0.625, proxied: 0, total_strength: 8 },
        working_level: 3,
        coverage: {
          roles_connected: ['decision_maker', 'influencer'],
          roles_unconnected: ['user'],
          functions_connected: ['executive', 'sales'],
          champion_connected: true,
        },
        findings: [
          {
            kind: 'key_person',
            message: 'Ingrid Solberg holds 63% of the total strength: if she moves on, most of the relationship goes with her.',
            people: ['our-ceo'],
          },
          {
            kind: 'far_above_working_level',
            message: 'Ingrid Solberg ↔ Marguerite Okonkwo (their level 1) is 2 levels above the working level (3).',
            people: ['our-ceo', 'th-ceo'],
          },
          {
            kind: 'decision_role_gap',
            message: 'Nobody on our side is connected to their user (Rosa Delgado).',
            people: ['th-buyer'],
          },
        ],
      },
    },
    interactions: [
      interaction({
        id: 'i-2',
        occurred_on: '2026-03-10',
        kind: 'site_visit',
        summary: 'Walked the new packing line.',
        outcomes: 'Agreed a pilot.',
        people: ['our-am', 'th-ops'],
      }),
      interaction({ id: 'i-1', occurred_on: '2026-02-02', kind: 'call', summary: 'Pricing questions.' }),
    ],
    interaction_count: 2,
    ...overrides,
  };
}
