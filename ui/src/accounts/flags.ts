import { FLAGS as FLAG_VALUES } from '../ipc';
import type { Flag } from '../ipc';

/**
 * Every flag the list shows and filters on, in the order they are shown (the core's).
 * `critical` ones are the ownership gaps the spec wants "flagged everywhere it
 * appears": a key or strategic account with no owner or no sponsor.
 */
const FLAG_WORDS: Record<Flag, { label: string; detail: string; critical: boolean }> = {
  no_owner: { label: 'No owner', detail: 'A key or strategic account with no active relationship owner.', critical: true },
  no_sponsor: { label: 'No sponsor', detail: 'A key or strategic account with no active executive sponsor.', critical: true },
  no_ties: { label: 'No connections', detail: 'Nobody on our side is connected to anyone on theirs.', critical: false },
  mostly_informal: { label: 'Mostly informal', detail: 'The relationship rests mostly on personal ties; formal ties should carry it.', critical: false },
  key_person: { label: 'Key-person risk', detail: 'Too much of the relationship runs through one of our people.', critical: false },
  single_thread: { label: 'Single executive thread', detail: 'Only one of our people holds the ties above working level.', critical: false },
  far_above: { label: 'Ties far above working level', detail: 'Executive ties far above the level where the work happens.', critical: false },
  bypass: { label: 'Team may feel bypassed', detail: 'Executive contact with no working-level tie beneath it.', critical: false },
  coverage_gap: { label: 'Decision-role gap', detail: 'A decision role on their side that nobody we know is connected to.', critical: false },
  no_champion: { label: 'No champion', detail: 'No champion on their side is connected to us.', critical: false },
};

export const FLAGS: readonly { value: Flag; label: string; detail: string; critical: boolean }[] = FLAG_VALUES.map(
  (value) => ({ value, ...FLAG_WORDS[value] }),
);

const BY_VALUE = new Map(FLAGS.map((flag, order) => [flag.value, { ...flag, order }]));

export function flagLabel(flag: Flag): string {
  return BY_VALUE.get(flag)?.label ?? flag;
}

export function flagDetail(flag: Flag): string {
  return BY_VALUE.get(flag)?.detail ?? '';
}

export function isCritical(flag: Flag): boolean {
  return BY_VALUE.get(flag)?.critical ?? false;
}

/** Critical first, then in the fixed order above, whatever order Rust sent. */
export function sortFlags(flags: readonly Flag[]): Flag[] {
  const order = (flag: Flag) => BY_VALUE.get(flag)?.order ?? FLAGS.length;
  return [...flags].sort((a, b) => order(a) - order(b));
}
