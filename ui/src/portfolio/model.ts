// The portfolio as the screen works with it: each core row read once (flags
// and backslides split, a lower-case text to filter on), then filtered and
// sorted in memory. 10,000 rows sort in a few milliseconds; nothing here
// touches the DOM.
import type { BlueprintStage, Flag, PortfolioRow, Tier } from '../ipc';
import { STAGES } from '../blueprint/labels';
import { formatCount } from '../accounts/format';

export type Backslide = 'rarer' | 'down_the_levels';

export type Entry = {
  row: PortfolioRow;
  flags: Flag[];
  backslides: Backslide[];
  /** Name, owner and sponsor, lower case, for the text filter. */
  text: string;
  attention: boolean;
  /** How many signals the row shows, for sorting by them. */
  signals: number;
};

export const POOR_BELOW = 40;
export const GOOD_FROM = 70;
/** A fall of this many points or more over ~90 days needs attention. */
export const FALLING = -10;

export type Band = 'poor' | 'fair' | 'good';

export function band(health: number): Band {
  return health < POOR_BELOW ? 'poor' : health < GOOD_FROM ? 'fair' : 'good';
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Health under 40, falling by 10 or more, sliding back, or goals past their date. */
export function needsAttention(row: PortfolioRow, backslides: readonly string[]): boolean {
  return (
    (row.health !== null && row.health < POOR_BELOW) ||
    (row.trend !== null && row.trend <= FALLING) ||
    backslides.length > 0 ||
    row.goals_overdue > 0
  );
}

export function toEntry(row: PortfolioRow): Entry {
  const flags = words(row.flags) as Flag[];
  const backslides = words(row.backslides) as Backslide[];
  return {
    row,
    flags,
    backslides,
    text: [row.name, row.owner ?? '', row.sponsor ?? ''].join('\n').toLowerCase(),
    attention: needsAttention(row, backslides),
    signals: flags.length + backslides.length + (row.days_overdue > 0 ? 1 : 0),
  };
}

export type Filters = { text: string; tiers: Tier[]; attention: boolean };

export const NO_FILTERS: Filters = { text: '', tiers: [], attention: false };

export function filterEntries(entries: readonly Entry[], filters: Filters): Entry[] {
  const text = filters.text.trim().toLowerCase();
  const tiers = filters.tiers.length > 0 ? new Set<string>(filters.tiers) : null;
  if (!text && !tiers && !filters.attention) return entries as Entry[];
  return entries.filter(
    (e) => (!tiers || tiers.has(e.row.tier)) && (!filters.attention || e.attention) && (!text || e.text.includes(text)),
  );
}

export type SortBy =
  | 'name'
  | 'tier'
  | 'revenue'
  | 'health'
  | 'trend'
  | 'blueprint'
  | 'goals'
  | 'meeting'
  | 'owner'
  | 'sponsor'
  | 'signals';

export type Sort = { by: SortBy; descending: boolean };

/** Where a click on a new column starts: the biggest, most troubled or soonest first. */
export const DESCENDING_FIRST: readonly SortBy[] = ['revenue', 'goals', 'signals'];

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const TIER_ORDER: Record<string, number> = { strategic: 0, key: 1, growth: 2 };
const STAGE_ORDER = new Map<string, number>(STAGES.map((stage: BlueprintStage, i) => [stage, i]));

type Key = number | string | null;

function keyOf(e: Entry, by: SortBy): Key {
  const r = e.row;
  switch (by) {
    case 'name':
      return r.name;
    case 'tier':
      return TIER_ORDER[r.tier] ?? 9;
    case 'revenue':
      return r.revenue;
    case 'health':
      return r.health;
    case 'trend':
      return r.trend;
    case 'blueprint':
      // An approved blueprint counts as past every stage of a draft.
      return r.blueprint_stage === null ? null : (STAGE_ORDER.get(r.blueprint_stage) ?? 0) + (r.blueprint_approved ? 100 : 0);
    case 'goals':
      return r.goals_overdue;
    case 'meeting':
      return r.next_meeting;
    case 'owner':
      return r.owner;
    case 'sponsor':
      return r.sponsor;
    case 'signals':
      // More signals first; among equals, the longer overdue.
      return e.signals * 100_000 + Math.min(r.days_overdue, 99_999);
  }
}

function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  return (a as number) - (b as number);
}

/**
 * A sorted copy. Unknown values (no revenue, not scored, no meeting) go
 * last whichever the direction; ties keep the name order.
 */
export function sortEntries(entries: readonly Entry[], sort: Sort): Entry[] {
  const keyed = entries.map((e) => ({ e, k: keyOf(e, sort.by) }));
  const sign = sort.descending ? -1 : 1;
  keyed.sort((x, y) => {
    if (x.k === null || y.k === null) {
      if (x.k === y.k) return collator.compare(x.e.row.name, y.e.row.name);
      return x.k === null ? 1 : -1;
    }
    return sign * compareKeys(x.k, y.k) || collator.compare(x.e.row.name, y.e.row.name);
  });
  return keyed.map(({ e }) => e);
}

// ---------------------------------------------------------------------------
// Words and numbers

const fullAmounts = new Map<string, Intl.NumberFormat>();

function amountFormat(currency: string | null): Intl.NumberFormat {
  const key = currency ?? '';
  let format = fullAmounts.get(key);
  if (!format) {
    try {
      format = currency
        ? new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 })
        : new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
    } catch {
      // Not an ISO 4217 code Intl knows: the number alone, the code is added below.
      format = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
    }
    fullAmounts.set(key, format);
  }
  return format;
}

/** "€12,500,000" with grouped thousands; the code after the number when Intl does not know it; "—" when unknown. */
export function formatAmount(amount: number | null, currency: string | null): string {
  if (amount === null) return '—';
  const format = amountFormat(currency);
  const text = format.format(amount);
  return currency && format.resolvedOptions().style !== 'currency' ? `${text} ${currency}` : text;
}

const MINUS = '\u2212';

/** "▲ +6", "▼ −12", "0", or "—" when there is nothing to compare with. */
export function trendText(trend: number | null): string {
  if (trend === null) return '—';
  if (trend > 0) return `▲ +${trend}`;
  if (trend < 0) return `▼ ${MINUS}${-trend}`;
  return '0';
}

/** The same for a screen reader or a tooltip. */
export function trendWords(trend: number | null): string {
  if (trend === null) return 'No score from about 90 days before to compare with';
  if (trend === 0) return 'Level with about 90 days before';
  const n = Math.abs(trend);
  return `${trend > 0 ? 'Up' : 'Down'} ${n} ${n === 1 ? 'point' : 'points'} on about 90 days before`;
}

export const BACKSLIDE_LABEL: Record<Backslide, { label: string; detail: string }> = {
  rarer: { label: 'Contact rarer', detail: 'Contact with this account is getting rarer than it was.' },
  down_the_levels: {
    label: 'Exec contact lapsed',
    detail: 'Contact has slipped down the levels: the executive ties have gone quiet.',
  },
};

export function backslideLabel(kind: string): string {
  return BACKSLIDE_LABEL[kind as Backslide]?.label ?? kind.replace(/_/g, ' ');
}

export function backslideDetail(kind: string): string {
  return BACKSLIDE_LABEL[kind as Backslide]?.detail ?? '';
}

/** "12 days overdue". */
export function overdueText(days: number): string {
  return `${formatCount(days)} ${days === 1 ? 'day' : 'days'} overdue`;
}
