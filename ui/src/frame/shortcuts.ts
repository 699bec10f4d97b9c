/**
 * The keyboard shortcuts the app has, as listed in Help → Keyboard Shortcuts.
 * Each line is a key handler somewhere in the UI (or a menu accelerator in
 * src-tauri/src/menu.rs); change one, change its line here.
 */
export type Shortcut = { keys: readonly string[]; what: string };
export type ShortcutGroup = { title: string; shortcuts: readonly Shortcut[] };

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'Everywhere',
    shortcuts: [
      { keys: ['Ctrl+K'], what: 'Search accounts, people and interactions' },
      { keys: ['Ctrl+Z'], what: 'Undo a deletion while its message is shown' },
      { keys: ['Ctrl+L'], what: 'Lock the vault' },
      { keys: ['Ctrl+=', 'Ctrl+-', 'Ctrl+0'], what: 'Zoom in, zoom out, actual size' },
      { keys: ['F1'], what: 'These shortcuts' },
      { keys: ['Ctrl+Q'], what: 'Quit' },
    ],
  },
  {
    title: 'Lists',
    shortcuts: [
      { keys: ['N'], what: 'New account (Accounts) or new meeting (Meetings)' },
      { keys: ['J', 'K'], what: 'Next, previous item (Today, Review)' },
      { keys: ['↑', '↓', 'Page Up', 'Page Down', 'Home', 'End'], what: 'Move in a table; Enter opens the row' },
    ],
  },
  {
    title: 'Account, meeting and blueprint pages',
    shortcuts: [
      { keys: ['Esc', 'Alt+←'], what: 'Back (when not typing)' },
      { keys: ['Ctrl+1 … Ctrl+8'], what: 'Account tabs' },
      { keys: ['Ctrl+1 … Ctrl+3'], what: 'Meeting tabs' },
      { keys: ['Ctrl+Enter', 'Ctrl+Shift+Enter'], what: 'Blueprint: next stage, previous stage' },
    ],
  },
  {
    title: 'Forms',
    shortcuts: [
      { keys: ['Ctrl+Enter'], what: 'Save or create' },
      { keys: ['Esc'], what: 'Cancel' },
      { keys: ['Enter', 'Shift+Enter'], what: 'Question, answer or reason: send, new line' },
    ],
  },
  {
    title: 'Review',
    shortcuts: [
      { keys: ['A'], what: 'Approve' },
      { keys: ['C'], what: 'Ask a question' },
      { keys: ['D'], what: 'Decline, with a reason' },
    ],
  },
  {
    title: 'Blueprint ideas',
    shortcuts: [
      { keys: ['N', '/'], what: 'New idea' },
      { keys: ['E', 'F2'], what: 'Edit the idea' },
      { keys: ['S'], what: 'Split it' },
      { keys: ['M'], what: 'Mark as a duplicate, then M on the idea to keep' },
      { keys: ['Alt+I', 'Alt+F', 'Alt+R', 'Alt+G', 'Alt+K'], what: 'Kind while typing: innovation, failure, relationship, growth, risk' },
      { keys: ['1 … 5', 'Shift+1 … 5'], what: 'Prioritise: impact, effort (0 clears)' },
      { keys: ['V', 'Shift+V'], what: 'Prioritise: vote for, against' },
      { keys: ['Space', 'X'], what: 'Prioritise: choose or unchoose' },
      { keys: ['O'], what: 'Prioritise: order by rank or as captured' },
    ],
  },
];
