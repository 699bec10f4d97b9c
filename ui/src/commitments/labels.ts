// How commitments read on screen.
import type { Commitment, CommitmentStatus, Side } from '../ipc';

export const SIDE_LABEL: Record<Side, string> = { ours: 'We', theirs: 'They' };

export const STATUS_LABEL: Record<CommitmentStatus, string> = {
  late: 'Late',
  open: 'Open',
  kept: 'Kept',
  dropped: 'Dropped',
};

/** "late by 3 days", "kept 4 Feb 2027", "dropped: they chose to wait" — as the core words it in briefs. */
export function standing(c: Commitment): string {
  switch (c.status) {
    case 'late':
      return `late by ${c.days_late ?? 0} ${c.days_late === 1 ? 'day' : 'days'}`;
    case 'kept':
      return c.kept_on ? `kept ${shortDate(c.kept_on)}` : 'kept';
    case 'dropped':
      return `dropped: ${c.dropped_reason ?? ''}`;
    default:
      return c.due_on ? `due ${shortDate(c.due_on)}` : 'open, no date';
  }
}

/** "12 Jan 2027" from YYYY-MM-DD, read as a calendar day (no time zone shift). */
export function shortDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
