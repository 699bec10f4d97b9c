// Words for the meeting sets the core sends. Unknown values fall through as-is:
// the bindings may grow a value before this file does.
import { GATE_ACTIONS as GATE_ACTION_VALUES, MEETING_KINDS } from '../ipc';
import type { GateAction, MeetingKind, MeetingState } from '../ipc';

function lookup<K extends string>(table: Record<K, string>, key: K): string {
  return table[key] ?? key;
}

export { MEETING_KINDS };
const KIND_LABELS: Record<MeetingKind, string> = {
  connecting: 'Connecting',
  negotiation: 'Negotiation',
  product_event: 'Product event',
  escalation: 'Escalation / last resort',
  annual_review: 'Annual customer review',
  business_review: 'Executive business review',
};
export const kindLabel = (kind: MeetingKind) => lookup(KIND_LABELS, kind);

// The core's own words (lower case): the end-to-end tests read them off the badge.
const STATE_LABELS: Record<MeetingState, string> = {
  draft: 'draft',
  submitted: 'submitted',
  challenged: 'challenged',
  approved: 'approved',
  declined: 'declined',
  held: 'held',
  followed_up: 'followed up',
};
export const stateLabel = (state: MeetingState) => lookup(STATE_LABELS, state);

/** What a state means for the person looking at it, for tooltips. */
const STATE_HINTS: Record<MeetingState, string> = {
  draft: 'Being prepared by the team',
  submitted: 'Waiting for the executive’s review',
  challenged: 'The executive asked questions; the team answers, then submits again',
  approved: 'Approved by the executive',
  declined: 'Declined by the executive',
  held: 'It took place',
  followed_up: 'It took place and was followed up',
};
export const stateHint = (state: MeetingState) => lookup(STATE_HINTS, state);

/** Where each gate action's button sits on the meeting page; null: not a button (answers go in the thread). */
const BUTTON_ORDER: Record<GateAction, number | null> = {
  submit: 0,
  approve: 1,
  challenge: 2,
  decline: 3,
  reopen: 4,
  hold: 5,
  follow_up: 6,
  answer: null,
};

/** The gate's buttons in the order they appear on the meeting page. */
export const GATE_ACTIONS: readonly GateAction[] = GATE_ACTION_VALUES.filter((a) => BUTTON_ORDER[a] !== null).sort(
  (a, b) => (BUTTON_ORDER[a] ?? 0) - (BUTTON_ORDER[b] ?? 0),
);

const ACTION_LABELS: Record<GateAction, string> = {
  submit: 'Submit for review',
  challenge: 'Ask a question',
  answer: 'Answer',
  approve: 'Approve',
  decline: 'Decline',
  reopen: 'Reopen as draft',
  hold: 'Mark as held',
  follow_up: 'Record follow-up',
};
export const actionLabel = (action: GateAction) => lookup(ACTION_LABELS, action);

/** Actions that carry a text, and what the box asks for. */
export const ACTION_TEXT: Partial<Record<GateAction, { label: string; placeholder: string; send: string }>> = {
  challenge: { label: 'Your question to the team', placeholder: 'What would you like them to answer?', send: 'Send question' },
  answer: { label: 'Your answer', placeholder: 'Answer the question…', send: 'Send answer' },
  decline: { label: 'Why it is declined', placeholder: 'The reason the team will read', send: 'Decline' },
  follow_up: { label: 'What was followed up', placeholder: 'Thanks sent, actions agreed…', send: 'Record follow-up' },
};

/** In the history: "approved", "asked a question" … */
const ACTION_PAST: Record<GateAction, string> = {
  submit: 'submitted it for review',
  challenge: 'asked a question',
  answer: 'answered',
  approve: 'approved it',
  decline: 'declined it',
  reopen: 'reopened it as a draft',
  hold: 'marked it held',
  follow_up: 'recorded the follow-up',
};
export const actionPast = (action: GateAction) => lookup(ACTION_PAST, action);

/** The toast after a step: "Approved “Board dinner”". */
export function actionDone(action: GateAction, title: string): string {
  const quoted = `“${title}”`;
  switch (action) {
    case 'approve':
      return `Approved ${quoted}`;
    case 'challenge':
      return `Question sent on ${quoted}`;
    case 'decline':
      return `Declined ${quoted}`;
    case 'submit':
      return `Submitted ${quoted} for review`;
    case 'answer':
      return `Answer saved on ${quoted}`;
    case 'reopen':
      return `Reopened ${quoted} as a draft`;
    case 'hold':
      return `Marked ${quoted} as held`;
    case 'follow_up':
      return `Follow-up recorded on ${quoted}`;
    default:
      return `${quoted}: ${String(action)}`;
  }
}
