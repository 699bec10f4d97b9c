import type { Account, Tier } from '../ipc';

export const TIERS: readonly { value: Tier; label: string }[] = [
  { value: 'strategic', label: 'Strategic' },
  { value: 'key', label: 'Key' },
  { value: 'growth', label: 'Growth' },
];

export function tierLabel(tier: Tier): string {
  return TIERS.find((t) => t.value === tier)?.label ?? tier;
}

/** Strategic and key accounts are expected to have someone who owns the relationship. */
export function needsOwner(account: Pick<Account, 'tier' | 'owner_name'>): boolean {
  return account.tier !== 'growth' && !account.owner_name?.trim();
}
