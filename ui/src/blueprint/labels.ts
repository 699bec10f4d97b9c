// Words and keys for the blueprint's closed sets. Unknown values fall through
// as-is: the bindings may grow a value before this file does.
import { BLUEPRINT_STAGES, GOAL_STATUSES, IDEA_KINDS as IDEA_KIND_VALUES } from '../ipc';
import type { BlueprintStage, GoalStatus, IdeaKind, PlanPerson } from '../ipc';
import { appToday } from '../lib/clock';

function lookup<K extends string>(table: Record<K, string>, key: K): string {
  return table[key] ?? key;
}

export const STAGES: readonly BlueprintStage[] = BLUEPRINT_STAGES;
const STAGE_LABELS: Record<BlueprintStage, string> = {
  frame: 'Frame',
  ideas: 'Ideas',
  prioritise: 'Prioritise',
  goals: 'Goals',
  people: 'People',
  approve: 'Approve',
  track: 'Track',
};
export const stageLabel = (stage: BlueprintStage) => lookup(STAGE_LABELS, stage);

/** The kinds in the order the keys are shown, each with its key (Alt+key in the capture box). */
const IDEA_KIND_WORDS: Record<IdeaKind, { key: string; label: string; short: string }> = {
  innovation: { key: 'I', label: 'Innovation to bring', short: 'Innovation' },
  implementation_failure: { key: 'F', label: 'Implementation failure to fix', short: 'Failure' },
  relationship: { key: 'R', label: 'Relationship to build', short: 'Relationship' },
  growth: { key: 'G', label: 'Growth', short: 'Growth' },
  risk: { key: 'K', label: 'Risk', short: 'Risk' },
};
export const IDEA_KINDS: readonly { kind: IdeaKind; key: string; label: string; short: string }[] = IDEA_KIND_VALUES.map(
  (kind) => ({ kind, ...IDEA_KIND_WORDS[kind] }),
);
export const kindLabel = (kind: IdeaKind) => IDEA_KINDS.find((k) => k.kind === kind)?.label ?? kind;
export const kindShort = (kind: IdeaKind) => IDEA_KINDS.find((k) => k.kind === kind)?.short ?? kind;

/** The kind a letter key stands for (the physical key when Alt turns it into another character, as on macOS). */
export function kindForKey(event: { key: string; code: string }): IdeaKind | null {
  const letter = /^[a-z]$/i.test(event.key) ? event.key.toUpperCase() : /^Key([A-Z])$/.exec(event.code)?.[1];
  return IDEA_KINDS.find((k) => k.key === letter)?.kind ?? null;
}

/** The digit 0–9 of a key press (the physical key when Shift or Alt turns it into another character), or null. */
export function digitOf(event: { key: string; code: string }): number | null {
  if (/^[0-9]$/.test(event.key)) return Number(event.key);
  const fromCode = /^(?:Digit|Numpad)([0-9])$/.exec(event.code)?.[1];
  return fromCode === undefined ? null : Number(fromCode);
}

export { GOAL_STATUSES };
const STATUS_LABELS: Record<GoalStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
};
export const goalStatusLabel = (status: GoalStatus) => lookup(STATUS_LABELS, status);

/** A person's name (with "gone" when they left), or the id if the view does not know them. */
export function personName(people: readonly PlanPerson[], id: string | null | undefined): string {
  if (!id) return '';
  const p = people.find((x) => x.id === id);
  if (!p) return id;
  return p.gone ? `${p.name} (gone)` : p.name;
}

/** A goal title from an idea: its first line, kept to one line of reasonable length. */
export function titleFromIdea(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? text.trim();
  return line.length > 120 ? `${line.slice(0, 117).trimEnd()}…` : line;
}

/** "1 Jan 2027 – 31 Dec 2027". */
export function periodText(period: { starts_on: string; ends_on: string }): string {
  return `${formatDay(period.starts_on)} – ${formatDay(period.ends_on)}`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A YYYY-MM-DD date as the user reads it, whatever this computer's zone. */
export function formatDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}

/** Today as YYYY-MM-DD: the app's clock in the user's zone, or the local day of `now` when given. */
export function todayIso(now?: Date): string {
  if (!now) return appToday();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The next calendar year, the period a new blueprint usually plans. */
export function nextYear(now?: Date): { starts_on: string; ends_on: string } {
  const year = (now ? now.getFullYear() : Number(appToday().slice(0, 4))) + 1;
  return { starts_on: `${year}-01-01`, ends_on: `${year}-12-31` };
}

/** "42 %" or "—". */
export function percentText(percent: number | null | undefined): string {
  return percent === null || percent === undefined ? '—' : `${Math.round(percent)} %`;
}
