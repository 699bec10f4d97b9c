import { DIMENSIONS } from '../ipc';
import type { DecisionRole, Dimension, Disposition, Side } from './types';

export { DIMENSIONS };

const DIMENSION_LABELS: Record<Dimension, string> = {
  formal: 'Formal',
  personal: 'Personal',
  proxied: 'Proxied',
};

const DIMENSION_HINTS: Record<Dimension, string> = {
  formal: 'role and contract based',
  personal: 'direct rapport',
  proxied: 'through an intermediary',
};

const ROLE_LABELS: Record<DecisionRole, string> = {
  decision_maker: 'Decision maker',
  approver: 'Approver',
  influencer: 'Influencer',
  user: 'User',
  gatekeeper: 'Gatekeeper',
};

const DISPOSITION_LABELS: Record<Disposition, string> = {
  champion: 'Champion',
  supporter: 'Supporter',
  neutral: 'Neutral',
  sceptic: 'Sceptic',
  detractor: 'Detractor',
};

// Unknown strings fall through as-is: the bindings may grow a value before this file does.
export function dimensionLabel(dimension: Dimension): string {
  return DIMENSION_LABELS[dimension] ?? dimension;
}

export function dimensionHint(dimension: Dimension): string {
  return DIMENSION_HINTS[dimension] ?? '';
}

export function roleLabel(role: DecisionRole): string {
  return ROLE_LABELS[role] ?? role;
}

export function dispositionLabel(disposition: Disposition): string {
  return DISPOSITION_LABELS[disposition] ?? disposition;
}

export function sideLabel(side: Side): string {
  return side === 'ours' ? 'our side' : 'their side';
}

/** Cuts to `max` characters (code points, so no half emoji) with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * "14 Mar 2026" for a YYYY-MM-DD day. Built as a local date: `new Date('2026-03-14')`
 * is UTC midnight and shows the day before west of Greenwich.
 */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
}
