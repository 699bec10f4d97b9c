import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppFrame } from '../frame/AppFrame';
import type { GateRequest, MeetingQuery, MeetingState, MeetingSummary } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { briefDocument, meeting, summary, view } from '../meetings/fixtures';
import { renderWithProviders } from '../test/render';
import { accountRow, appClock, vaultStatus } from '../test/fixtures';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { todayItem, todayList, todayView } from '../today/fixtures';
import { ReviewPage } from './ReviewPage';

afterEach(() => clearToasts());

const FIRST = summary({ id: 'm-1', title: 'Board dinner', state: 'submitted' });
const SECOND = summary({ id: 'm-2', title: 'Plant visit', state: 'submitted', starts_local: '2026-11-25T14:00', ends_local: '2026-11-25T15:00' });
const CHALLENGED = summary({ id: 'm-3', title: 'Price talk', state: 'challenged' });

function listBy(items: MeetingSummary[]): IpcHandler {
  return (args) => {
    const states = (args?.query as MeetingQuery).states ?? [];
    return items.filter((m) => states.length === 0 || states.includes(m.state));
  };
}

function renderInbox(handlers: Record<string, IpcHandler> = {}, items = [FIRST, SECOND, CHALLENGED]) {
  const calls = mockCommands({
    meeting_list: listBy(items),
    meeting_view: (args) => {
      const found = items.find((m) => m.id === args?.id)!;
      return view(meeting({ id: found.id, title: found.title, state: found.state }));
    },
    brief_preview: () => briefDocument(),
    settings_get: () => ({ your_name: 'Ingrid Solberg', home_time_zone: 'Europe/Oslo', traveller: null }),
    meeting_act: (args) => {
      const request = args?.request as GateRequest;
      const to: Record<string, MeetingState> = { approve: 'approved', challenge: 'challenged', decline: 'declined' };
      return view(meeting({ id: args?.id as string, state: to[request.action ?? ''] ?? 'submitted' }));
    },
    ...handlers,
  });
  const rendered = renderWithProviders(
    <>
      <ReviewPage />
      <Toaster />
    </>,
  );
  return { ...rendered, calls };
}

const selectedTitle = () =>
  screen.getAllByTestId('review-item').find((row) => row.getAttribute('aria-selected') === 'true')?.dataset.id;

async function ready() {
  await waitFor(() => expect(screen.getAllByTestId('review-item')).toHaveLength(3));
  // The selected meeting's details are in, so the gate's verdicts are known.
  await screen.findByText('Cut their downtime by a third');
}

describe('the review inbox', () => {
  it('lists what waits, then what was challenged, with the first selected', async () => {
    renderInbox();
    await ready();
    const rows = screen.getAllByTestId('review-item');
    expect(rows.map((r) => r.dataset.id)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(selectedTitle()).toBe('m-1');
    expect(screen.getByText('Challenged, waiting for the team')).toBeInTheDocument();
    expect(screen.getByTestId('review-title')).toHaveTextContent('Board dinner');
    expect(screen.getByTestId('review-total')).toHaveTextContent('2 waiting for your review');
    expect(within(screen.getByTestId('review-detail')).getByTestId('brief-preview')).toBeInTheDocument();
  });

  it('approves with A, moves to the next one and says so', async () => {
    const { user, calls } = renderInbox();
    await ready();
    await user.keyboard('a');

    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    expect(callsTo(calls, 'meeting_act')[0]?.args).toEqual({
      id: 'm-1',
      request: { action: 'approve', body: null, by: null, reply_to: null },
    });
    await waitFor(() => expect(selectedTitle()).toBe('m-2'));
    expect(await screen.findByText('Approved “Board dinner”')).toBeInTheDocument();
  });

  it('moves with J and K (and the arrows)', async () => {
    const { user } = renderInbox();
    await ready();
    await user.keyboard('j');
    expect(selectedTitle()).toBe('m-2');
    await user.keyboard('{ArrowDown}');
    expect(selectedTitle()).toBe('m-3');
    await user.keyboard('k');
    expect(selectedTitle()).toBe('m-2');
  });

  it('asks a question with C: Enter sends, Shift+Enter is a new line', async () => {
    const { user, calls } = renderInbox();
    await ready();
    await user.keyboard('c');
    const box = await screen.findByTestId('review-text-input');
    expect(box).toHaveFocus();
    await user.keyboard('Why now?{Shift>}{Enter}{/Shift}What do they gain?{Enter}');

    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    expect(callsTo(calls, 'meeting_act')[0]?.args).toEqual({
      id: 'm-1',
      request: { action: 'challenge', body: 'Why now?\nWhat do they gain?', by: null, reply_to: null },
    });
    expect(await screen.findByText('Question sent on “Board dinner”')).toBeInTheDocument();
    expect(screen.queryByTestId('review-text')).not.toBeInTheDocument();
  });

  it('closes the box on Escape without sending', async () => {
    const { user, calls } = renderInbox();
    await ready();
    await user.keyboard('c');
    await user.type(await screen.findByTestId('review-text-input'), 'Half a thought');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('review-text')).not.toBeInTheDocument();
    expect(callsTo(calls, 'meeting_act')).toHaveLength(0);
  });

  it('declines with D only with a reason', async () => {
    const { user, calls } = renderInbox();
    await ready();
    await user.keyboard('d');
    const box = await screen.findByTestId('review-text-input');
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('review-text-error')).toHaveTextContent('Say why it is declined');
    expect(callsTo(calls, 'meeting_act')).toHaveLength(0);

    await user.type(box, 'Not the right moment: their CEO just left.{Enter}');
    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    expect((callsTo(calls, 'meeting_act')[0]?.args?.request as GateRequest).action).toBe('decline');
    expect((callsTo(calls, 'meeting_act')[0]?.args?.request as GateRequest).body).toBe('Not the right moment: their CEO just left.');
    expect(await screen.findByText('Declined “Board dinner”')).toBeInTheDocument();
  });

  it('does not approve a challenged meeting, and says why', async () => {
    const { user, calls } = renderInbox();
    await ready();
    await user.click(screen.getAllByTestId('review-item')[2]);
    await waitFor(() => expect(screen.getByTestId('review-title')).toHaveTextContent('Price talk'));
    await waitFor(() => expect(screen.getByTestId('review-approve')).toHaveAttribute('aria-disabled', 'true'));
    expect(screen.getByTestId('review-approve')).toHaveAttribute('title', 'a challenged meeting cannot do approve');
    await user.keyboard('a');
    expect(callsTo(calls, 'meeting_act')).toHaveLength(0);
    // Pressing A is not silently nothing: the reason is said where the buttons are.
    expect(screen.getByTestId('review-refused')).toHaveTextContent('Cannot approve this visit: a challenged meeting cannot do approve');
    // Moving to another visit clears it.
    await user.click(screen.getAllByTestId('review-item')[0]);
    await waitFor(() => expect(screen.queryByTestId('review-refused')).not.toBeInTheDocument());
  });

  it('asks for the user’s name when the core does not know who acts', async () => {
    const { user } = renderInbox({
      meeting_act: () => ipcFailure('validation', 'say who is doing this (set your name in Settings)', 'by'),
    });
    await ready();
    await user.keyboard('a');
    expect(await screen.findByTestId('review-problem')).toHaveTextContent('Set your name in Settings first');
    expect(screen.getByTestId('open-settings')).toBeInTheDocument();
    expect(selectedTitle()).toBe('m-1');
  });

  it('says when nothing waits', async () => {
    renderInbox({}, []);
    expect(await screen.findByText('Nothing waiting for your review')).toBeInTheDocument();
    expect(screen.queryByTestId('review-item')).not.toBeInTheDocument();
  });
});

describe('the sidebar', () => {
  it('counts the meetings waiting for review and opens the inbox', async () => {
    // The badge is Today's "awaiting your review" count: one answer for both screens.
    mockCommands({
      today_view: () => todayView({ awaiting_review: todayList([todayItem({ open: 'meeting', id: 'm-1' }), todayItem({ open: 'meeting', id: 'm-2' })]) }),
      vault_status: () => vaultStatus(),
      account_query: () => ({ total: 1, offset: 0, rows: [accountRow({ id: 'acc-1', name: 'Brightwater Foods' })] }),
      people_ours: () => [],
      meeting_list: listBy([FIRST, SECOND, CHALLENGED]),
      meeting_view: () => view(meeting({ id: 'm-1', title: 'Board dinner', state: 'submitted' })),
      brief_preview: () => briefDocument(),
      settings_get: () => ({}),
      clock_now: () => appClock(),
    });
    const { user } = renderWithProviders(<AppFrame initialStatus={null} onLocked={() => {}} />);
    expect(await screen.findByTestId('nav-review-count')).toHaveTextContent('2');
    await user.click(screen.getByTestId('nav-review'));
    expect(await screen.findByTestId('review-page')).toBeInTheDocument();
    expect(screen.getByTestId('nav-review')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-meetings')).toBeInTheDocument();
    expect(screen.getByTestId('nav-settings')).toBeInTheDocument();
  });
});
