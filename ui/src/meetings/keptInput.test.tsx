// What the user typed into a new meeting or a review-gate box outlives leaving
// it (another page, another meeting) and coming back; Cancel or a save drops it.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountView, OUR_CEO } from '../account/fixtures';
import { NavigateContext } from '../frame/routes';
import type { GateRequest, Meeting, MeetingInput, MeetingQuery, MeetingState, MeetingSummary, MeetingView } from '../ipc';
import { callsTo, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { ReviewPage } from '../review/ReviewPage';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { AccountMeetings } from './AccountMeetings';
import { briefDocument, event, meeting, summary, view } from './fixtures';
import { MeetingPage } from './MeetingPage';
import { MeetingsPage } from './MeetingsPage';

afterEach(() => clearToasts());

const elsewhere = <p>Another page</p>;

describe('a new meeting, before its first save', () => {
  const handlers: Record<string, IpcHandler> = {
    meeting_list: () => [],
    meeting_trips: () => [],
    settings_get: () => ({ your_name: 'Dana Reyes', home_time_zone: 'Europe/Oslo', traveller: null }),
    people_ours: () => [OUR_CEO],
    account_view: () => accountView(),
    account_query: () => ({ total: 0, offset: 0, rows: [] }),
  };

  it('is still open with its text after leaving the Meetings page, until Cancel', async () => {
    mockCommands(handlers);
    const { user, rerender } = renderWithProviders(<MeetingsPage />);
    await user.click(screen.getByTestId('meeting-new'));
    await user.type(screen.getByTestId('meeting-field-title'), 'Sea trial in Bergen');
    await user.type(screen.getByTestId('meeting-field-objective'), 'Show the new hull coating');

    rerender(elsewhere);
    expect(screen.queryByTestId('meeting-form')).not.toBeInTheDocument();
    rerender(<MeetingsPage />);
    expect(screen.getByTestId('meeting-field-title')).toHaveValue('Sea trial in Bergen');
    expect(screen.getByTestId('meeting-field-objective')).toHaveValue('Show the new hull coating');

    await user.click(screen.getByTestId('meeting-cancel'));
    expect(screen.queryByTestId('meeting-form')).not.toBeInTheDocument();
    rerender(elsewhere);
    rerender(<MeetingsPage />);
    expect(screen.queryByTestId('meeting-form')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('meeting-new'));
    expect(screen.getByTestId('meeting-field-title')).toHaveValue('');
  });

  it('planned from an account, survives leaving the account and is dropped once created', async () => {
    const calls = mockCommands({
      ...handlers,
      meeting_create: (args) => meeting({ id: 'm-new', ...(args?.input as MeetingInput) } as Partial<Meeting>),
    });
    const navigate = vi.fn();
    const page = (
      <NavigateContext.Provider value={navigate}>
        <AccountMeetings accountId="acc-1" accountName="Halvorsen Shipping" />
      </NavigateContext.Provider>
    );
    const { user, rerender } = renderWithProviders(page);
    await user.click(screen.getByTestId('plan-visit'));
    await user.type(screen.getByTestId('meeting-field-title'), 'Quayside walk');

    rerender(elsewhere);
    rerender(page);
    expect(screen.getByTestId('meeting-field-title')).toHaveValue('Quayside walk');

    await user.click(screen.getByTestId('meeting-submit'));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ page: 'meeting', id: 'm-new', back: { page: 'account', id: 'acc-1' } }));
    expect((callsTo(calls, 'meeting_create')[0]?.args?.input as MeetingInput).title).toBe('Quayside walk');
    rerender(elsewhere);
    rerender(page);
    expect(screen.queryByTestId('meeting-form')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('plan-visit'));
    expect(screen.getByTestId('meeting-field-title')).toHaveValue('');
  });
});

describe('a review-gate box on the meeting page', () => {
  const submitted = meeting({ id: 'm-1', title: 'Board dinner', state: 'submitted' });

  function renderMeeting(v: MeetingView, handlers: Record<string, IpcHandler> = {}) {
    const calls = mockCommands({
      meeting_view: () => v,
      settings_get: () => ({ your_name: 'Dana Reyes', home_time_zone: 'Europe/Oslo', traveller: null }),
      meeting_trips: () => [],
      people_ours: () => [OUR_CEO],
      account_view: () => new Promise(() => {}),
      brief_preview: () => briefDocument(),
      ...handlers,
    });
    const page = <MeetingPage meetingId={v.meeting.id} />;
    return { ...renderWithProviders(page), calls, page };
  }

  it('keeps a question half written while the user is away, and Cancel drops it', async () => {
    const { user, rerender, page } = renderMeeting(view(submitted));
    await user.click(await screen.findByTestId('gate-challenge'));
    await user.type(screen.getByTestId('gate-text-input'), 'Who decides on their side?');

    rerender(elsewhere);
    rerender(page);
    expect(await screen.findByTestId('gate-text-input')).toHaveValue('Who decides on their side?');

    await user.click(screen.getByTestId('gate-text-cancel'));
    rerender(elsewhere);
    rerender(page);
    await screen.findByTestId('gate-challenge');
    expect(screen.queryByTestId('gate-text')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('gate-challenge'));
    expect(screen.getByTestId('gate-text-input')).toHaveValue('');
  });

  it('keeps an answer being written, and sending it drops it', async () => {
    const v = view(meeting({ id: 'm-1', title: 'Board dinner', state: 'challenged' }), {
      events: [event({ n: 2, action: 'challenge', body: 'Why now?' })],
      unanswered: [2],
    });
    const { user, rerender, page, calls } = renderMeeting(v, { meeting_act: () => v });
    await user.type(await screen.findByTestId('thread-answer-box-input'), 'Their budget closes in March.');

    rerender(elsewhere);
    rerender(page);
    const box = await screen.findByTestId('thread-answer-box-input');
    expect(box).toHaveValue('Their budget closes in March.');

    await user.type(box, '{Enter}');
    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    expect((callsTo(calls, 'meeting_act')[0]?.args?.request as GateRequest).body).toBe('Their budget closes in March.');
    rerender(elsewhere);
    rerender(page);
    expect(await screen.findByTestId('thread-answer-box-input')).toHaveValue('');
  });
});

describe('a question or reason in the review queue', () => {
  const FIRST = summary({ id: 'm-1', title: 'Board dinner', state: 'submitted' });
  const SECOND = summary({ id: 'm-2', title: 'Plant visit', state: 'submitted' });

  function renderInbox() {
    const items: MeetingSummary[] = [FIRST, SECOND];
    const calls = mockCommands({
      meeting_list: (args) => {
        const states = (args?.query as MeetingQuery).states ?? [];
        return items.filter((m) => states.length === 0 || states.includes(m.state));
      },
      meeting_view: (args) => {
        const found = items.find((m) => m.id === args?.id)!;
        return view(meeting({ id: found.id, title: found.title, state: found.state }));
      },
      brief_preview: () => briefDocument(),
      settings_get: () => ({ your_name: 'Ingrid Solberg', home_time_zone: 'Europe/Oslo', traveller: null }),
      meeting_act: (args) => {
        const to: Record<string, MeetingState> = { challenge: 'challenged', decline: 'declined' };
        return view(meeting({ id: args?.id as string, state: to[(args?.request as GateRequest).action ?? ''] ?? 'submitted' }));
      },
    });
    return { ...renderWithProviders(<ReviewPage />), calls };
  }

  async function ready() {
    await waitFor(() => expect(screen.getAllByTestId('review-item')).toHaveLength(2));
    await screen.findByText('Cut their downtime by a third');
  }

  it('stays with its meeting while the user looks at another one or leaves the page', async () => {
    const { user, rerender, calls } = renderInbox();
    await ready();
    await user.keyboard('d');
    await user.type(await screen.findByTestId('review-text-input'), 'Not while their CEO is');

    // Another meeting: its own (empty) state; back: the reason as it was.
    await user.click(within(screen.getAllByTestId('review-item')[1]).getByText('Plant visit'));
    expect(screen.getByTestId('review-title')).toHaveTextContent('Plant visit');
    expect(screen.queryByTestId('review-text')).not.toBeInTheDocument();
    await user.click(within(screen.getAllByTestId('review-item')[0]).getByText('Board dinner'));
    expect(screen.getByTestId('review-text-input')).toHaveValue('Not while their CEO is');

    rerender(elsewhere);
    rerender(<ReviewPage />);
    await ready();
    const box = await screen.findByTestId('review-text-input');
    expect(box).toHaveValue('Not while their CEO is');
    expect(screen.getByTestId('review-text')).toHaveAttribute('data-action', 'decline');

    await user.type(box, ' changing.{Enter}');
    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    expect((callsTo(calls, 'meeting_act')[0]?.args?.request as GateRequest).body).toBe('Not while their CEO is changing.');
    // Sent: D on the same meeting starts empty.
    rerender(elsewhere);
    rerender(<ReviewPage />);
    await ready();
    expect(screen.queryByTestId('review-text')).not.toBeInTheDocument();
    await user.keyboard('d');
    expect(await screen.findByTestId('review-text-input')).toHaveValue('');
  });

  it('Escape drops it', async () => {
    const { user, rerender } = renderInbox();
    await ready();
    await user.keyboard('c');
    await user.type(await screen.findByTestId('review-text-input'), 'Half a thought');
    await user.keyboard('{Escape}');
    rerender(elsewhere);
    rerender(<ReviewPage />);
    await ready();
    await user.keyboard('c');
    expect(await screen.findByTestId('review-text-input')).toHaveValue('');
  });
});
