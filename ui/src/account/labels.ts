// Words for the closed sets the core sends. Unknown values fall through as-is:
// the bindings may grow a value before this file does.
import { ACCOUNT_STATUSES } from '../ipc';
import type { AccountStatus, FindingKind, Flag, Function, InteractionKind } from '../ipc';

export { DECISION_ROLES, DISPOSITIONS, FUNCTIONS, INTERACTION_KINDS } from '../ipc';
export { TIERS, tierLabel } from '../accounts/tier';

export { dimensionLabel, dimensionHint, dispositionLabel, formatDay, roleLabel } from '../map/labels';

function lookup<K extends string>(table: Record<K, string>, key: K): string {
  return table[key] ?? key;
}

export const STATUSES: readonly AccountStatus[] = ACCOUNT_STATUSES;
const STATUS_LABELS: Record<AccountStatus, string> = {
  prospect: 'Prospect',
  active: 'Active',
  at_risk: 'At risk',
  dormant: 'Dormant',
  former: 'Former',
};
export const statusLabel = (status: AccountStatus) => lookup(STATUS_LABELS, status);

const FLAG_LABELS: Record<Flag, string> = {
  no_owner: 'No owner',
  no_sponsor: 'No sponsor',
  no_ties: 'No ties yet',
  mostly_informal: 'Mostly informal ties',
  key_person: 'Key-person risk',
  single_thread: 'Single executive thread',
  far_above: 'Executive tie far above working level',
  bypass: 'Working level bypassed',
  coverage_gap: 'Decision role not covered',
  no_champion: 'No champion',
};
export const flagLabel = (flag: Flag) => lookup(FLAG_LABELS, flag);

const FUNCTION_LABELS: Record<Function, string> = {
  executive: 'Executive',
  sales: 'Sales',
  product_development: 'Product development',
  customer_service: 'Customer service',
  installation: 'Installation',
  logistics: 'Logistics',
  finance: 'Finance',
  other: 'Other',
};
export const functionLabel = (fn: Function) => lookup(FUNCTION_LABELS, fn);

const INTERACTION_KIND_LABELS: Record<InteractionKind, string> = {
  meeting: 'Meeting',
  call: 'Call',
  email: 'Email',
  event: 'Event',
  site_visit: 'Site visit',
  annual_customer_review: 'Annual customer review',
  executive_business_review: 'Executive business review',
  social: 'Social',
};
export const interactionKindLabel = (kind: InteractionKind) => lookup(INTERACTION_KIND_LABELS, kind);

/** How the analysis reads on the page: the four questions the spec asks. */
export const FINDING_GROUPS: readonly { title: string; kinds: readonly FindingKind[] }[] = [
  { title: 'Key-person risk', kinds: ['key_person', 'single_executive_thread'] },
  { title: 'Level fit', kinds: ['far_above_working_level', 'bypass'] },
  { title: 'Mix', kinds: ['no_ties', 'mostly_informal'] },
  { title: 'Coverage', kinds: ['decision_role_gap', 'no_champion'] },
];

/** "1,250,000" in the user's locale. */
const integerFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export function formatAmount(value: number, currency: string | null): string {
  return currency ? `${currency} ${integerFormat.format(value)}` : integerFormat.format(value);
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
