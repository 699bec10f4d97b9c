import { TIERS as TIER_VALUES } from '../ipc';
import type { Tier } from '../ipc';

const TIER_LABELS: Record<Tier, string> = {
  strategic: 'Strategic',
  key: 'Key',
  growth: 'Growth',
};

/** The tiers in the core's order, each with its word. */
export const TIERS: readonly { value: Tier; label: string }[] = TIER_VALUES.map((value) => ({
  value,
  label: TIER_LABELS[value],
}));

export function tierLabel(tier: Tier): string {
  return TIER_LABELS[tier] ?? tier;
}
