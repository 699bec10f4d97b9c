// Words for the care sets the core sends. Unknown values fall through as-is:
// the bindings may grow a value before this file does.
import { FAILURES, FEEDBACK_CHANNELS, STORY_KINDS, THANKS_HOW } from '../ipc';
import type {
  Failure,
  FeedbackAction,
  FeedbackChannel,
  FeedbackState,
  HealthPart,
  StoryKind,
  ThanksHow,
} from '../ipc';

function lookup<K extends string>(table: Record<K, string>, key: K): string {
  return table[key] ?? key;
}

// The core's own words (lower case), as on the meeting badges.
const STATE_LABELS: Record<FeedbackState, string> = {
  new: 'new',
  acting: 'acting',
  done: 'done',
  deferred: 'deferred',
  declined: 'declined',
};
export const feedbackStateLabel = (state: FeedbackState) => lookup(STATE_LABELS, state);

const STATE_HINTS: Record<FeedbackState, string> = {
  new: 'Nobody has picked it up yet',
  acting: 'Someone is working on it',
  done: 'We changed something the customer can see',
  deferred: 'Put off until a date, when it comes back',
  declined: 'We decided not to act on it, and said why',
};
export const feedbackStateHint = (state: FeedbackState) => lookup(STATE_HINTS, state);

export const CHANNELS: readonly FeedbackChannel[] = FEEDBACK_CHANNELS;
const CHANNEL_LABELS: Record<FeedbackChannel, string> = {
  meeting: 'In a meeting',
  call: 'On a call',
  email: 'By email',
  survey: 'In a survey',
  review: 'In a review',
  other: 'Some other way',
};
export const channelLabel = (channel: FeedbackChannel) => lookup(CHANNEL_LABELS, channel);

export const THANKS: readonly ThanksHow[] = THANKS_HOW;
const THANKS_LABELS: Record<ThanksHow, string> = {
  note: 'A note',
  call: 'A call',
  handwritten: 'A handwritten letter',
};
export const thanksLabel = (how: ThanksHow) => lookup(THANKS_LABELS, how);

const ACTION_LABELS: Record<FeedbackAction, string> = {
  act: 'Start acting',
  complete: 'Mark done',
  defer: 'Defer',
  decline: 'Decline',
  reopen: 'Reopen',
};
export const feedbackActionLabel = (action: FeedbackAction) => lookup(ACTION_LABELS, action);

const ACTION_DONE: Record<FeedbackAction, string> = {
  act: 'Being acted on',
  complete: 'Marked done',
  defer: 'Deferred',
  decline: 'Declined',
  reopen: 'Reopened',
};
export const feedbackActionDone = (action: FeedbackAction) => lookup(ACTION_DONE, action);

/** The history's words for each step (the record also holds "thank"). */
const EVENT_LABELS: Record<string, string> = {
  act: 'started acting',
  complete: 'marked it done',
  defer: 'deferred it',
  decline: 'declined it',
  reopen: 'reopened it',
  thank: 'thanked them',
};
export const feedbackEventLabel = (action: string) => EVENT_LABELS[action] ?? action;

/**
 * The steps the feedback loop allows from each state, in the order they are
 * offered. The core decides; this only spares offering a step it would refuse.
 */
const OPEN: Record<FeedbackState, readonly FeedbackAction[]> = {
  new: ['act', 'complete', 'defer', 'decline'],
  acting: ['complete', 'defer', 'decline'],
  deferred: ['act', 'complete', 'defer', 'decline'],
  done: ['reopen'],
  declined: ['reopen'],
};
export const openActions = (state: FeedbackState): readonly FeedbackAction[] => OPEN[state] ?? [];

export { STORY_KINDS };
const KIND_LABELS: Record<StoryKind, string> = { success: 'Success', horror: 'Horror story' };
export const storyKindLabel = (kind: StoryKind) => lookup(KIND_LABELS, kind);

export { FAILURES };
const FAILURE_LABELS: Record<Failure, string> = {
  late: 'Late',
  short: 'Short (less than promised)',
  broken: 'Broken',
  unanswered: 'Unanswered',
  other: 'Something else',
};
export const failureLabel = (failure: Failure) => lookup(FAILURE_LABELS, failure);

const PART_LABELS: Record<HealthPart, string> = {
  cadence: 'Cadence',
  coverage: 'Coverage',
  dimension_mix: 'Dimension mix',
  key_person: 'Key-person risk',
  goals: 'Goal progress',
  stories: 'Horror stories',
  feedback: 'Feedback responsiveness',
  ownership: 'Ownership check',
};
export const healthPartLabel = (part: HealthPart) => lookup(PART_LABELS, part);

/** "1 day", "12 days". */
export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** Tomorrow's date, YYYY-MM-DD, from today's. */
export function dayAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}
