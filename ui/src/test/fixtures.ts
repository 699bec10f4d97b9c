import type { Account, AccountListRow, AppClock, Person, SessionState, VaultStatus } from '../ipc';

export const VAULT_PATH = '/home/ana/.local/share/rapport/vault.rapport';

export function sessionState(overrides: Partial<SessionState> = {}): SessionState {
  return {
    lifecycle: 'locked',
    path: VAULT_PATH,
    key_source: 'passphrase',
    has_passphrase: true,
    keychain_available: true,
    ...overrides,
  };
}

export function vaultStatus(overrides: Partial<VaultStatus> = {}): VaultStatus {
  return {
    path: VAULT_PATH,
    vault_id: '5b0e6f0c-2a6f-4a37-9a7e-0d3f1c2b9a11',
    key_source: 'passphrase',
    has_passphrase: true,
    unlocked_by: 'passphrase',
    cipher_version: '4.6.1',
    schema_version: 1,
    ...overrides,
  };
}

let nextId = 1;
export function account(overrides: Partial<Account> = {}): Account {
  const id = `acc-${nextId++}`;
  return {
    id,
    name: `Account ${id}`,
    industry: null,
    region: null,
    tier: 'key',
    status: 'active',
    currency: null,
    annual_revenue: null,
    annual_margin: null,
    owner_id: 'p-dana',
    owner_name: 'Dana Reyes',
    sponsor_id: null,
    sponsor_name: null,
    business_environment: null,
    customer_strategy: null,
    mutual_goals: null,
    last_customer_review: null,
    next_customer_review: null,
    last_internal_review: null,
    next_internal_review: null,
    created_at: '2026-03-14T09:30:00Z',
    updated_at: '2026-03-14T09:30:00Z',
    ...overrides,
  };
}

/** One line of the account list, as `account_query` returns it. */
export function accountRow(overrides: Partial<AccountListRow> = {}): AccountListRow {
  const id = `acc-${nextId++}`;
  return {
    id,
    name: `Account ${id}`,
    tier: 'key',
    status: 'active',
    industry: null,
    currency: 'EUR',
    annual_revenue: null,
    owner_id: 'p-dana',
    owner_name: 'Dana Reyes',
    sponsor_id: 'p-sam',
    sponsor_name: 'Sam Okafor',
    last_contact: null,
    people_theirs: 0,
    connections: 0,
    flags: [],
    ...overrides,
  };
}

/** One of our people (side `ours`), active unless told otherwise. */
export function ourPerson(overrides: Partial<Person> = {}): Person {
  const id = `p-${nextId++}`;
  return {
    id,
    side: 'ours',
    account_id: null,
    name: `Person ${id}`,
    title: null,
    function: 'sales',
    department: null,
    org_level: 3,
    reports_to_id: null,
    decision_role: null,
    disposition: null,
    email: null,
    phone: null,
    notes: null,
    active: true,
    created_at: '2026-03-14T09:30:00Z',
    updated_at: '2026-03-14T09:30:00Z',
    ...overrides,
  };
}

/** The core's clock as `clock_now` answers: a fixed day, far from this machine's, in the machine's zone. */
export function appClock(overrides: Partial<AppClock> = {}): AppClock {
  return { now: '2026-11-23T09:00:00.000Z', today: '2026-11-23', zone: null, ...overrides };
}
