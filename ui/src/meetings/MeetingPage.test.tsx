import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OUR_CEO } from '../account/fixtures';
import { NavigateContext } from '../frame/routes';
import type { Meeting, MeetingView } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { briefDocument, event, meeting, view } from './fixtures';
import { MeetingPage } from './MeetingPage';

afterEach(() => clearToasts());

function renderPage(v: MeetingView, handlers: Record<string, IpcHandler> = {}) {
  const navigate = vi.fn();
  const calls = mockCommands({
    meeting_view: () => v,
    settings_get: () => ({ your_name: 'Dana Reyes', home_time_zone: 'America/New_York', traveller: null }),
    export_audience_get: () => 'executive',
    meeting_trips: () => [],
    people_ours: () => [OUR_CEO],
    account_view: () => new Promise(() => {}),
    brief_preview: () => briefDocument(),
    commitment_list: () => [],
    ...handlers,
  });
  const rendered = renderWithProviders(
    <NavigateContext.Provider value={navigate}>
      <MeetingPage meetingId={v.meeting.id} back={{ page: 'review' }} />
      <Toaster />
    </NavigateContext.Provider>,
  );
  return { ...rendered, calls, navigate };
}

const submitted = (overrides: Partial<Meeting> = {}) => meeting({ id: 'm-1', title: 'Board dinner', state: 'submitted', ...overrides });

describe('the meeting page', () => {
  it('shows when in local time and at home, the state, and the account as a link', async () => {
    const { user, navigate } = renderPage(view(submitted()));
    expect(await screen.findByTestId('meeting-title')).toHaveTextContent('Board dinner');
    expect(screen.getByTestId('meeting-state')).toHaveTextContent('submitted');
    // Shown as written where it happens, whatever this computer's zone.
    expect(screen.getByTestId('meeting-when')).toHaveTextContent('09:30–11:00');
    expect(screen.getByTestId('meeting-when')).toHaveTextContent('Europe/Oslo');
    expect(await screen.findByTestId('meeting-home-time')).toHaveTextContent('03:30–05:00');
    expect(screen.getByTestId('meeting-home-time')).toHaveTextContent('at home (America/New_York)');
    expect(screen.getByTestId('meeting-attendees')).toHaveTextContent('Ours: Ingrid Solberg · Theirs: Lars Berg');

    await user.click(screen.getByTestId('meeting-account'));
    expect(navigate).toHaveBeenCalledWith({ page: 'account', id: 'acc-1' });
    await user.click(screen.getByTestId('back-button'));
    expect(navigate).toHaveBeenLastCalledWith({ page: 'review' });
  });

  it('offers the gate’s steps, and says why one is closed', async () => {
    const { user, calls } = renderPage(view(submitted()));
    const hold = await screen.findByTestId('gate-hold');
    expect(hold).toHaveAttribute('aria-disabled', 'true');
    expect(hold).toHaveAttribute('title', 'a submitted meeting cannot do hold');
    act(() => hold.focus());
    expect(screen.getByTestId('gate-reason')).toHaveTextContent('Not now: a submitted meeting cannot do hold');
    await user.click(hold);
    expect(callsTo(calls, 'meeting_act')).toHaveLength(0);
    expect(screen.getByTestId('gate-approve')).not.toHaveAttribute('aria-disabled');
  });

  it('asks a question in a small box under the buttons', async () => {
    const { user, calls } = renderPage(view(submitted()), {
      meeting_act: () => view(submitted({ state: 'challenged' })),
    });
    await user.click(await screen.findByTestId('gate-challenge'));
    const box = screen.getByTestId('gate-text-input');
    expect(box).toHaveFocus();
    await user.keyboard('What is the budget?{Enter}');
    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    expect(callsTo(calls, 'meeting_act')[0]?.args?.request).toEqual({
      action: 'challenge',
      body: 'What is the budget?',
      by: null,
      reply_to: null,
    });
    expect(await screen.findByText('Question sent on “Board dinner”')).toBeInTheDocument();
  });

  it('shows the questions with their answers, and answers an open one', async () => {
    const v = view(submitted({ state: 'challenged' }), {
      events: [
        event({ n: 1, action: 'submit', actor: 'Dana Reyes', from_state: 'draft', to_state: 'submitted' }),
        event({ n: 2, action: 'challenge', body: 'Who else is coming?' }),
        event({ n: 3, action: 'answer', actor: 'Dana Reyes', body: 'Their COO.', reply_to: 2, from_state: 'challenged', to_state: 'challenged' }),
        event({ n: 4, action: 'challenge', body: 'And <b>why</b> now?', from_state: 'challenged', to_state: 'challenged' }),
      ],
      unanswered: [4],
    });
    const { user, calls } = renderPage(v, { meeting_act: () => v });
    const questions = await screen.findAllByTestId('thread-question');
    expect(questions).toHaveLength(2);
    expect(within(questions[0]).getByTestId('thread-answer')).toHaveTextContent('Their COO.');
    expect(within(questions[0]).queryByTestId('thread-answer-box')).not.toBeInTheDocument();
    expect(within(questions[1]).getByText('And <b>why</b> now?')).toBeInTheDocument();

    await user.type(within(questions[1]).getByTestId('thread-answer-box-input'), 'Budgets close in March.{Enter}');
    await waitFor(() => expect(callsTo(calls, 'meeting_act')).toHaveLength(1));
    expect(callsTo(calls, 'meeting_act')[0]?.args?.request).toMatchObject({ action: 'answer', body: 'Budgets close in March.', reply_to: 4 });

    await user.click(screen.getByTestId('tab-history'));
    const items = screen.getAllByTestId('history-item');
    expect(items[0]).toHaveTextContent('Dana Reyes submitted it for review · draft → submitted');
    expect(items[1]).toHaveTextContent('Ingrid Solberg asked a question · submitted → challenged');
  });

  it('sends people to Settings when the core does not know who acts', async () => {
    const { user, navigate } = renderPage(view(submitted()), {
      meeting_act: () => ipcFailure('validation', 'say who is doing this (set your name in Settings)', 'by'),
    });
    await user.click(await screen.findByTestId('gate-approve'));
    expect(await screen.findByTestId('gate-error')).toHaveTextContent('Set your name in Settings first');
    await user.click(screen.getByTestId('open-settings'));
    expect(navigate).toHaveBeenCalledWith({ page: 'settings' });
  });

  it('previews the brief and exports it as a PDF with Open', async () => {
    const { user, calls } = renderPage(view(submitted()), {
      brief_export: () => ({ path: '/home/ana/Documents/Brief 2026-11-24 Board dinner.pdf', pages: 3, bytes: 20000, meetings: 1 }),
      export_open: () => null,
    });
    await user.click(await screen.findByTestId('tab-brief'));
    const preview = await screen.findByTestId('brief-preview');
    expect(within(preview).getByTestId('brief-draft')).toHaveTextContent('DRAFT');

    await user.click(screen.getByTestId('brief-export'));
    const toast = await screen.findByText('Saved Brief 2026-11-24 Board dinner.pdf (3 pages)');
    // By default the change list starts at the last visit.
    expect(callsTo(calls, 'brief_export')[0]?.args).toEqual({ id: 'm-1', since: null, audience: 'executive' });
    await user.click(within(toast.closest('li')!).getByTestId('export-open'));
    expect(callsTo(calls, 'export_open')[0]?.args).toEqual({ path: '/home/ana/Documents/Brief 2026-11-24 Board dinner.pdf' });
  });

  it('exports the brief with its changes since a chosen day', async () => {
    const { user, calls } = renderPage(view(submitted()), { brief_export: () => null });
    await user.selectOptions(await screen.findByTestId('brief-since-mode'), 'date');
    fireEvent.change(screen.getByTestId('brief-since-date'), { target: { value: '2026-03-03' } });
    await user.click(screen.getByTestId('brief-export'));
    await waitFor(() => expect(callsTo(calls, 'brief_export')).toHaveLength(1));
    expect(callsTo(calls, 'brief_export')[0]?.args).toMatchObject({ id: 'm-1', since: '2026-03-03' });
  });

  it('exports the brief for the audience chosen, starting from the last one exported for', async () => {
    const { user, calls } = renderPage(view(submitted()), {
      export_audience_get: () => 'internal',
      brief_export: () => ({ path: '/home/ana/Documents/Brief.pdf', pages: 3, bytes: 20000, meetings: 1 }),
      calendar_export: () => ({ path: '/home/ana/Documents/Board dinner.ics', pages: 0, bytes: 900, meetings: 1 }),
    });
    const choice = await screen.findByTestId('brief-audience');
    await waitFor(() => expect(choice).toHaveValue('internal'));
    await user.selectOptions(choice, 'shareable');
    await user.click(screen.getByTestId('brief-export'));
    await screen.findByText('Saved Brief.pdf (3 pages)');
    expect(callsTo(calls, 'brief_export')[0]?.args).toEqual({ id: 'm-1', since: null, audience: 'shareable' });
    await user.click(screen.getByTestId('meeting-calendar'));
    await waitFor(() => expect(callsTo(calls, 'calendar_export')).toHaveLength(1));
    expect(callsTo(calls, 'calendar_export')[0]?.args).toMatchObject({ audience: 'shareable' });
  });

  it('says nothing when the save dialog is closed', async () => {
    const { user, calls } = renderPage(view(submitted()), { brief_export: () => null });
    await user.click(await screen.findByTestId('brief-export'));
    await waitFor(() => expect(callsTo(calls, 'brief_export')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('brief-export')).toBeEnabled());
    expect(screen.queryByTestId('toast')).not.toBeInTheDocument();
  });

  it('moves the meeting to the trash with Undo', async () => {
    const { user, calls, navigate } = renderPage(view(submitted()), {
      trash_delete: () => null,
      trash_restore: () => null,
      meeting_list: () => [],
    });
    await user.click(await screen.findByTestId('meeting-delete'));
    expect(callsTo(calls, 'trash_delete')[0]?.args).toEqual({ kind: 'meeting', id: 'm-1' });
    expect(navigate).toHaveBeenCalledWith({ page: 'review' });
    await user.click(await screen.findByTestId('undo-button'));
    expect(callsTo(calls, 'trash_restore')[0]?.args).toEqual({ kind: 'meeting', id: 'm-1' });
    expect(await screen.findByText('“Board dinner” restored.')).toBeInTheDocument();
  });
});
