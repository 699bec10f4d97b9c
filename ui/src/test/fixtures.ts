import type { Account, SessionState, VaultStatus } from '../ipc';

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
    tier: 'key',
    owner_name: 'Dana Reyes',
    created_at: '2026-03-14T09:30:00Z',
    updated_at: '2026-03-14T09:30:00Z',
    ...overrides,
  };
}
