import type { Tier } from '../ipc';

export const TIERS: readonly { value: Tier; label: string }[] = [
  { value: 'strategic', label: 'Strategic' },
  { value: 'key', label: 'Key' },
  { value: 'growth', label: 'Growth' },
];

export function tierLabel(tier: Tier): string {
  return TIERS.find((t) => t.value === tier)?.label ?? tier;
}
