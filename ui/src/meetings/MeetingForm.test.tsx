import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { accountView, OUR_AM, OUR_CEO, person } from '../account/fixtures';
import type { GateRequest, Meeting, MeetingInput } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { accountRow } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { meeting, view } from './fixtures';
import { MeetingForm } from './MeetingForm';
import { MeetingPage } from './MeetingPage';

afterEach(() => clearToasts());

const THEIR_CFO = person({ id: 'their-cfo', name: 'Lars Berg', title: 'CFO', account_id: 'acc-1' });

function baseHandlers(current: { meeting: Meeting }): Record<string, IpcHandler> {
  return {
    settings_get: () => ({ your_name: 'Dana Reyes', home_time_zone: 'Europe/London', traveller: null }),
    meeting_trips: () => ['Nordics November'],
    people_ours: () => [OUR_CEO, OUR_AM],
    account_view: () => {
      const v = accountView();
      return { ...v, relationship: { ...v.relationship, theirs: [THEIR_CFO] } };
    },
    meeting_view: () => view(current.meeting),
    brief_preview: () => ({ title: 'Brief', generated: '2026-11-20T08:00:00Z', chapters: [] }),
  };
}

function renderPage(
  m: Meeting,
  handlers: (current: { meeting: Meeting }) => Record<string, IpcHandler> = () => ({}),
) {
  const current = { meeting: m };
  const calls = mockCommands({ ...baseHandlers(current), ...handlers(current) });
  const rendered = renderWithProviders(
    <>
      <MeetingPage meetingId={m.id} />
      <Toaster />
    </>,
  );
  return { ...rendered, calls, current };
}

const updates = (calls: ReturnType<typeof mockCommands>) =>
  callsTo(calls, 'meeting_update').map((c) => c.args?.input as MeetingInput);

describe('the meeting form, saved as the user types', () => {
  it('keeps what was typed and shows the core’s message under the field', async () => {
    const { user, calls } = renderPage(meeting({ id: 'm-1', title: 'Board dinner' }), (current) => ({
      meeting_update: (args) => {
        const input = args?.input as MeetingInput;
        if (input.ends_local === '2026-11-24T08:00') return ipcFailure('validation', 'must be after the start', 'ends_local');
        current.meeting = meeting({ ...current.meeting, ...input } as Partial<Meeting>);
        return current.meeting;
      },
    }));
    const title = await screen.findByTestId('meeting-field-title');
    await user.clear(title);
    await user.type(title, 'Board dinner with the CFO');
    await user.tab();
    await waitFor(() => expect(screen.getByTestId('meeting-save-status')).toHaveTextContent('Saved'));
    expect(updates(calls).at(-1)).toMatchObject({
      account_id: 'acc-1',
      title: 'Board dinner with the CFO',
      kind: 'business_review',
      starts_local: '2026-11-24T09:30',
      time_zone: 'Europe/Oslo',
      attendees: ['our-ceo', 'their-cfo'],
    });

    const ends = screen.getByTestId('meeting-field-ends_local');
    await user.clear(ends);
    await user.type(ends, '2026-11-24T08:00');
    await user.tab();
    expect(await screen.findByTestId('meeting-error-ends_local')).toHaveTextContent('Must be after the start');
    expect(ends).toHaveValue('2026-11-24T08:00');
    expect(ends).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('meeting-save-status')).toHaveTextContent("Couldn't save");
    expect(screen.getByTestId('meeting-field-title')).toHaveValue('Board dinner with the CFO');
  });

  it('explains a refused change, keeps the text, and reopens the meeting to save it', async () => {
    let state: Meeting['state'] = 'approved';
    const { user, calls } = renderPage(meeting({ id: 'm-1', title: 'Board dinner', state: 'approved' }), (current) => ({
      meeting_update: (args) => {
        const input = args?.input as MeetingInput;
        if (state === 'approved') {
          return ipcFailure('refused', 'it is approved: changing the value proposition needs a new review, so reopen it as a draft first');
        }
        current.meeting = meeting({ ...current.meeting, ...input, state } as Partial<Meeting>);
        return current.meeting;
      },
      meeting_act: (args) => {
        expect((args?.request as GateRequest).action).toBe('reopen');
        state = 'draft';
        current.meeting = { ...current.meeting, state };
        return view(current.meeting);
      },
    }));
    expect(await screen.findByTestId('meeting-state')).toHaveTextContent('approved');
    expect(screen.getByTestId('meeting-locked-note')).toBeInTheDocument();

    const vp = screen.getByTestId('meeting-field-value_proposition');
    await user.clear(vp);
    await user.type(vp, 'Halve their downtime');
    await user.tab();

    const banner = await screen.findByTestId('meeting-refused');
    expect(banner).toHaveTextContent('It is approved: changing the value proposition needs a new review');
    expect(vp).toHaveValue('Halve their downtime');

    await user.click(within(banner).getByTestId('meeting-reopen'));
    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('meeting-refused')).not.toBeInTheDocument());
    expect(updates(calls).at(-1)?.value_proposition).toBe('Halve their downtime');
    await waitFor(() => expect(screen.getByTestId('meeting-state')).toHaveTextContent('draft'));
    expect(await screen.findByText('Reopened “Board dinner” as a draft')).toBeInTheDocument();
    expect(vp).toHaveValue('Halve their downtime');
  });
});

describe('a new meeting', () => {
  it('starts in the home time zone, picks an account and attendees, and creates it', async () => {
    const created: MeetingInput[] = [];
    const calls = mockCommands({
      ...baseHandlers({ meeting: meeting() }),
      account_query: () => ({ total: 1, offset: 0, rows: [accountRow({ id: 'acc-1', name: 'Brightwater Foods' })] }),
      meeting_create: (args) => {
        const input = args?.input as MeetingInput;
        created.push(input);
        if (!input.title) return ipcFailure('validation', 'cannot be empty', 'title');
        return meeting({ id: 'm-new', ...input } as Partial<Meeting>);
      },
    });
    let done: Meeting | null = null;
    const { user } = renderWithProviders(<MeetingForm mode="create" onCreated={(m) => (done = m)} onCancel={() => {}} />);
    await waitFor(() => expect(screen.getByTestId('meeting-field-time_zone')).toHaveValue('Europe/London'));

    await user.click(screen.getByTestId('meeting-field-account_id'));
    await user.keyboard('bright');
    await user.click(await screen.findByRole('option', { name: /Brightwater Foods/ }));
    expect(screen.getByTestId('meeting-field-account_id')).toHaveValue('Brightwater Foods');

    await user.click(await screen.findByTestId('attendee-their-cfo'));
    await user.type(screen.getByTestId('attendees-ours-filter'), 'ingrid');
    expect(screen.queryByTestId(`attendee-${OUR_AM.id}`)).not.toBeInTheDocument();
    await user.click(screen.getByTestId(`attendee-${OUR_CEO.id}`));

    // No title yet: the core's message goes under the title, and nothing is lost.
    await user.click(screen.getByTestId('meeting-submit'));
    expect(await screen.findByTestId('meeting-error-title')).toHaveTextContent('Cannot be empty');

    await user.type(screen.getByTestId('meeting-field-title'), 'Board dinner');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(done).not.toBeNull());
    expect(created.at(-1)).toMatchObject({
      account_id: 'acc-1',
      title: 'Board dinner',
      kind: 'connecting',
      time_zone: 'Europe/London',
      attendees: ['their-cfo', OUR_CEO.id],
    });
    expect(callsTo(calls, 'meeting_create')).toHaveLength(2);
  });
});
