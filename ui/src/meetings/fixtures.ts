// Meetings as the core sends them, for tests.
import type { ActionCheck, Document, GateAction, GateEvent, Meeting, MeetingSummary, MeetingView } from '../ipc';

let nextId = 1;

export function meeting(overrides: Partial<Meeting> = {}): Meeting {
  const id = overrides.id ?? `m-${nextId++}`;
  return {
    id,
    account_id: 'acc-1',
    title: `Meeting ${id}`,
    kind: 'business_review',
    starts_local: '2026-11-24T09:30',
    ends_local: '2026-11-24T11:00',
    time_zone: 'Europe/Oslo',
    starts_utc: '2026-11-24T08:30:00Z',
    ends_utc: '2026-11-24T10:00:00Z',
    location: 'Their head office',
    trip: null,
    objective: 'Agree the 2027 roadmap',
    value_proposition: 'Cut their downtime by a third',
    asks: 'A reference visit\nA joint press release',
    talking_points: null,
    sensitivities: null,
    logistics: null,
    state: 'draft',
    revision: 1,
    attendees: ['our-ceo', 'their-cfo'],
    created_at: '2026-11-01T09:00:00Z',
    updated_at: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

export function summary(overrides: Partial<MeetingSummary> = {}): MeetingSummary {
  const m = meeting({ id: overrides.id, title: overrides.title });
  return {
    id: m.id,
    account_id: m.account_id,
    account_name: 'Brightwater Foods',
    title: m.title,
    kind: m.kind,
    starts_local: m.starts_local,
    ends_local: m.ends_local,
    time_zone: m.time_zone,
    starts_utc: m.starts_utc,
    ends_utc: m.ends_utc,
    location: m.location,
    trip: null,
    state: 'submitted',
    ours_attending: 1,
    theirs_attending: 1,
    ...overrides,
  };
}

/** What the gate allows in each state (a body is assumed). */
const OPEN: Record<Meeting['state'], readonly GateAction[]> = {
  draft: ['submit'],
  submitted: ['challenge', 'approve', 'decline', 'reopen'],
  challenged: ['submit', 'challenge', 'answer', 'decline'],
  approved: ['reopen', 'hold'],
  declined: ['reopen'],
  held: ['follow_up'],
  followed_up: [],
};
const ALL: readonly GateAction[] = ['submit', 'challenge', 'answer', 'approve', 'decline', 'reopen', 'hold', 'follow_up'];

export function actionsFor(state: Meeting['state']): ActionCheck[] {
  return ALL.map((action) =>
    OPEN[state].includes(action)
      ? { action, allowed: true, reason: null }
      : { action, allowed: false, reason: `a ${state} meeting cannot do ${action}` },
  );
}

export function view(m: Meeting = meeting(), overrides: Partial<MeetingView> = {}): MeetingView {
  return {
    meeting: m,
    account_name: 'Brightwater Foods',
    attendees: [
      { id: 'our-ceo', name: 'Ingrid Solberg', title: 'CEO', side: 'ours', gone: false },
      { id: 'their-cfo', name: 'Lars Berg', title: 'CFO', side: 'theirs', gone: false },
    ],
    events: [],
    actions: actionsFor(m.state),
    unanswered: [],
    ...overrides,
  };
}

export function event(overrides: Partial<GateEvent> & Pick<GateEvent, 'n' | 'action'>): GateEvent {
  return {
    at: '2026-11-02T10:00:00Z',
    actor: 'Ingrid Solberg',
    from_state: 'submitted',
    to_state: 'challenged',
    body: null,
    reply_to: null,
    ...overrides,
  };
}

export function briefDocument(overrides: Partial<Document> = {}): Document {
  return {
    title: 'Brief: Q3 review',
    generated: '2026-11-20T08:00:00Z',
    audience: null,
    chapters: [
      {
        title: 'Q3 review',
        draft: true,
        in_contents: true,
        blocks: [
          { type: 'title', text: 'Q3 review', subtitle: 'Brightwater Foods' },
          { type: 'facts', rows: [{ label: 'When', value: 'Tue 24 Nov 2026, 09:30–11:00 CET (Europe/Oslo)' }] },
          { type: 'callout', title: 'Three things to know', items: ['They are sceptical', 'Budget is set in March'] },
        ],
      },
    ],
    ...overrides,
  };
}
