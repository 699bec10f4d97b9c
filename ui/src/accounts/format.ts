import { formatDate } from '../lib/format';
import { appNow } from '../lib/clock';

const revenueFormats = new Map<string, Intl.NumberFormat>();

function revenueFormat(currency: string | null): Intl.NumberFormat {
  const key = currency ?? '';
  let format = revenueFormats.get(key);
  if (!format) {
    // No trailing decimals a currency would add on its own ("€0", not "€0.0").
    const options: Intl.NumberFormatOptions = { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 };
    try {
      format = new Intl.NumberFormat(undefined, currency ? { ...options, style: 'currency', currency } : options);
    } catch {
      // Not an ISO 4217 code Intl knows: the number alone, the code is added below.
      format = new Intl.NumberFormat(undefined, options);
    }
    revenueFormats.set(key, format);
  }
  return format;
}

/** "€12M", "$850K"; the code after the number when Intl does not know it; "—" when unknown. */
export function formatRevenue(amount: number | null, currency: string | null): string {
  if (amount === null) return '—';
  const format = revenueFormat(currency);
  const text = format.format(amount);
  return currency && format.resolvedOptions().style !== 'currency' ? `${text} ${currency}` : text;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const DAY = 86_400_000;

/** A date-only "YYYY-MM-DD" is a calendar day where the user is, not UTC midnight. */
function parseDay(iso: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** "yesterday", "3 weeks ago", "last year"; the raw text if Rust sent something unparsable. */
export function formatRelativeDay(iso: string, now: Date = appNow()): string {
  const date = parseDay(iso);
  if (!date) return iso;
  const days = Math.round((startOfDay(date) - startOfDay(now)) / DAY);
  const size = Math.abs(days);
  if (size < 7) return relative.format(days, 'day');
  if (size < 31) return relative.format(Math.trunc(days / 7), 'week');
  if (size < 365) return relative.format(Math.trunc(days / 30.44), 'month');
  return relative.format(Math.trunc(days / 365.25), 'year');
}

/** The full date for a title, in the user's locale. */
export function formatDay(iso: string): string {
  const date = parseDay(iso);
  return date ? formatDate(date.toISOString()) : iso;
}

const counts = new Intl.NumberFormat();

export function formatCount(count: number): string {
  return counts.format(count);
}
