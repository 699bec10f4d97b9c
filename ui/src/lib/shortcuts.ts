// The app's keyboard shortcuts, by name: what each one is, which keys it
// takes, and (for those the pages handle) how a key press is recognised.
// Pages listen through `useKeydown` and ask `matches(name, event)`; the
// "Keyboard shortcuts" sheet (Help menu, F1 or ?) is rendered from this list.
// Menu accelerators (src-tauri/src/menu.rs) and keys a focused widget handles
// itself (forms, tables, the ideas board) are listed here too, without a matcher.
import { useEffect, useEffectEvent } from 'react';
import { isSearchShortcut, isTypingTarget } from './keyboard';

type Match = (event: KeyboardEvent) => boolean;

export type Shortcut = {
  /** Where it works: the sheet's heading. */
  group: string;
  /** The keys as the sheet shows them. */
  keys: readonly string[];
  what: string;
  match?: Match;
};

const noModifier = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey;
const commandKey = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey;
const letter = (key: string): Match => (e) => noModifier(e) && e.key.length === 1 && e.key.toLowerCase() === key;

/** Next (+1) or previous (−1) item for J/K and the arrows, 0 for any other key. */
export function stepOf(event: KeyboardEvent): -1 | 0 | 1 {
  if (!noModifier(event)) return 0;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return key === 'j' || key === 'ArrowDown' ? 1 : key === 'k' || key === 'ArrowUp' ? -1 : 0;
}

/** The tab Ctrl+1…9 picks (0-based), or null. */
export function tabOf(event: KeyboardEvent): number | null {
  if (!commandKey(event) || event.shiftKey || !/^[1-9]$/.test(event.key)) return null;
  return Number(event.key) - 1;
}

const EVERYWHERE = 'Everywhere';
const LISTS = 'Lists';
const PAGES = 'Account, meeting and blueprint pages';
const FORMS = 'Forms';
const REVIEW = 'Review';
const IDEAS = 'Blueprint ideas';

export const SHORTCUTS = {
  search: { group: EVERYWHERE, keys: ['Ctrl+K'], what: 'Search accounts, people and interactions', match: isSearchShortcut },
  undo: {
    group: EVERYWHERE,
    keys: ['Ctrl+Z'],
    what: 'Undo a deletion while its message is shown',
    match: (e) => e.key.toLowerCase() === 'z' && commandKey(e) && !e.shiftKey,
  },
  lock: { group: EVERYWHERE, keys: ['Ctrl+L'], what: 'Lock the vault' },
  zoom: { group: EVERYWHERE, keys: ['Ctrl+=', 'Ctrl+-', 'Ctrl+0'], what: 'Zoom in, zoom out, actual size' },
  shortcuts: {
    group: EVERYWHERE,
    keys: ['F1', '?'],
    what: 'These shortcuts',
    match: (e) => e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
  quit: { group: EVERYWHERE, keys: ['Ctrl+Q'], what: 'Quit' },
  new: {
    group: LISTS,
    keys: ['N'],
    what: 'New account (Accounts) or new meeting (Meetings)',
    match: (e) => letter('n')(e) && !e.repeat,
  },
  step: { group: LISTS, keys: ['J', 'K'], what: 'Next, previous item (Today, Review)', match: (e) => stepOf(e) !== 0 },
  table: { group: LISTS, keys: ['↑', '↓', 'Page Up', 'Page Down', 'Home', 'End'], what: 'Move in a table; Enter opens the row' },
  back: {
    group: PAGES,
    keys: ['Esc', 'Alt+←'],
    what: 'Back (when not typing)',
    match: (e) =>
      (e.key === 'Escape' && noModifier(e)) || (e.key === 'ArrowLeft' && e.altKey && !e.ctrlKey && !e.metaKey),
  },
  accountTab: { group: PAGES, keys: ['Ctrl+1 … Ctrl+8'], what: 'Account tabs', match: (e) => tabOf(e) !== null },
  meetingTab: { group: PAGES, keys: ['Ctrl+1 … Ctrl+3'], what: 'Meeting tabs', match: (e) => tabOf(e) !== null },
  stage: {
    group: PAGES,
    keys: ['Ctrl+Enter', 'Ctrl+Shift+Enter'],
    what: 'Blueprint: next stage, previous stage',
    match: (e) => e.key === 'Enter' && commandKey(e),
  },
  save: { group: FORMS, keys: ['Ctrl+Enter'], what: 'Save or create' },
  cancel: { group: FORMS, keys: ['Esc'], what: 'Cancel', match: (e) => e.key === 'Escape' && noModifier(e) },
  send: { group: FORMS, keys: ['Enter', 'Shift+Enter'], what: 'Question, answer or reason: send, new line' },
  approve: { group: REVIEW, keys: ['A'], what: 'Approve', match: letter('a') },
  ask: { group: REVIEW, keys: ['C'], what: 'Ask a question', match: letter('c') },
  decline: { group: REVIEW, keys: ['D'], what: 'Decline, with a reason', match: letter('d') },
  newIdea: { group: IDEAS, keys: ['N', '/'], what: 'New idea' },
  editIdea: { group: IDEAS, keys: ['E', 'F2'], what: 'Edit the idea' },
  split: { group: IDEAS, keys: ['S'], what: 'Split it' },
  duplicate: { group: IDEAS, keys: ['M'], what: 'Mark as a duplicate, then M on the idea to keep' },
  ideaKind: {
    group: IDEAS,
    keys: ['Alt+I', 'Alt+F', 'Alt+R', 'Alt+G', 'Alt+K'],
    what: 'Kind while typing: innovation, failure, relationship, growth, risk',
  },
  score: { group: IDEAS, keys: ['1 … 5', 'Shift+1 … 5'], what: 'Prioritise: impact, effort (0 clears)' },
  vote: { group: IDEAS, keys: ['V', 'Shift+V'], what: 'Prioritise: vote for, against' },
  choose: { group: IDEAS, keys: ['Space', 'X'], what: 'Prioritise: choose or unchoose' },
  order: { group: IDEAS, keys: ['O'], what: 'Prioritise: order by rank or as captured' },
} as const satisfies Record<string, Shortcut>;

export type ShortcutName = keyof typeof SHORTCUTS;
type Matched = { [N in ShortcutName]: (typeof SHORTCUTS)[N] extends { match: Match } ? N : never }[ShortcutName];

/** Whether a key press is the named shortcut. */
export function matches(name: Matched, event: KeyboardEvent): boolean {
  return (SHORTCUTS[name] as Shortcut).match?.(event) ?? false;
}

/** The sheet's sections: every shortcut under its heading, in the order above. */
export function shortcutGroups(): { title: string; shortcuts: Shortcut[] }[] {
  const groups = new Map<string, Shortcut[]>();
  for (const shortcut of Object.values(SHORTCUTS) as Shortcut[]) {
    groups.set(shortcut.group, [...(groups.get(shortcut.group) ?? []), shortcut]);
  }
  return [...groups].map(([title, shortcuts]) => ({ title, shortcuts }));
}

/**
 * The app's one way to hear keys on the whole window. `capture` hears them
 * before the page below does (a page kept mounted but hidden must not act on them).
 */
export function useKeydown(
  handler: (event: KeyboardEvent) => void,
  { capture = false, enabled = true }: { capture?: boolean; enabled?: boolean } = {},
): void {
  const onKey = useEffectEvent(handler);
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener, capture);
    return () => window.removeEventListener('keydown', listener, capture);
  }, [capture, enabled]);
}

/**
 * Esc or Alt+← goes back, unless the user is typing, something else took the
 * key first, or `blocked()` says a form on the page is open.
 */
export function useBackShortcut(onBack: () => void, blocked: () => boolean = () => false): void {
  useKeydown((event) => {
    if (event.defaultPrevented || !matches('back', event)) return;
    if (blocked() || isTypingTarget(event.target)) return;
    event.preventDefault();
    onBack();
  });
}
