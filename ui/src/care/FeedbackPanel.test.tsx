import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Feedback, FeedbackInput, FeedbackStep } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { FeedbackPanel } from './FeedbackPanel';
import { feedback, feedbackEvent, THEIR_PEOPLE } from './fixtures';

afterEach(() => clearToasts());

function renderPanel(items: Feedback[], handlers: Record<string, IpcHandler> = {}, focusId: string | null = null) {
  const state = { items };
  const calls = mockCommands({
    feedback_list: () => state.items,
    feedback_history: () => [feedbackEvent()],
    today_view: () => null,
    ...handlers,
  });
  const rendered = renderWithProviders(<FeedbackPanel accountId="acc-1" theirPeople={THEIR_PEOPLE} focusId={focusId} />);
  return { ...rendered, calls, state };
}

describe('the feedback panel', () => {
  it('lists feedback newest first with state, who, when and what is due', async () => {
    renderPanel([
      feedback({ id: 'f-old', received_on: '2026-10-01', state: 'done', text: 'Older' }),
      feedback({
        id: 'f-new',
        received_on: '2026-11-10',
        text: 'Newer',
        due: [{ kind: 'thank', days: 5, message: 'told us 5 days ago and nobody has thanked them yet' }],
      }),
    ]);
    const rows = await screen.findAllByTestId('feedback-row');
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['f-new', 'f-old']);
    expect(rows[0]).toHaveAttribute('data-state', 'new');
    expect(rows[0]).toHaveTextContent('Lars Berg');
    expect(rows[0]).toHaveTextContent('in a meeting');
    expect(rows[0]).toHaveTextContent('Invoicing');
    expect(within(rows[0]).getByTestId('feedback-due')).toHaveTextContent('Told us 5 days ago and nobody has thanked them yet');
    expect(rows[1]).toHaveAttribute('data-state', 'done');
  });

  it('keeps what was typed when the core refuses a field, and shows why next to it', async () => {
    const sent: FeedbackInput[] = [];
    const { user, calls } = renderPanel([], {
      feedback_create: (args) => {
        const input = args?.input as FeedbackInput;
        sent.push(input);
        if (input.received_on === '2030-01-01') return ipcFailure('validation', 'cannot be in the future', 'received_on');
        return feedback({ id: 'f-made', text: input.text ?? '' });
      },
    });
    await user.click(await screen.findByTestId('feedback-new'));
    await user.selectOptions(screen.getByTestId('feedback-field-person_id'), 'their-ops');
    const date = screen.getByTestId('feedback-field-received_on');
    await user.clear(date);
    await user.type(date, '2030-01-01');
    await user.selectOptions(screen.getByTestId('feedback-field-channel'), 'email');
    await user.type(screen.getByTestId('feedback-field-text'), 'Deliveries arrive before the dock opens');
    await user.type(screen.getByTestId('feedback-field-theme'), 'Logistics');
    await user.click(screen.getByTestId('feedback-save'));

    expect(await screen.findByTestId('feedback-error-received_on')).toHaveTextContent('Cannot be in the future');
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(date).toHaveValue('2030-01-01');
    expect(screen.getByTestId('feedback-field-text')).toHaveValue('Deliveries arrive before the dock opens');
    expect(screen.getByTestId('feedback-field-theme')).toHaveValue('Logistics');
    expect(sent[0]).toEqual({
      account_id: 'acc-1',
      person_id: 'their-ops',
      received_on: '2030-01-01',
      channel: 'email',
      text: 'Deliveries arrive before the dock opens',
      theme: 'Logistics',
    });

    await user.clear(date);
    await user.type(date, '2026-11-20');
    await user.click(screen.getByTestId('feedback-save'));
    await waitFor(() => expect(screen.queryByTestId('feedback-form')).not.toBeInTheDocument());
    expect(callsTo(calls, 'feedback_create')).toHaveLength(2);
  });

  it('defers only with a date, showing the core’s refusal next to the date', async () => {
    const steps: FeedbackStep[] = [];
    const { user, state } = renderPanel([feedback({ id: 'f-1', state: 'acting' })], {
      feedback_act: (args) => {
        const step = args?.step as FeedbackStep;
        steps.push(step);
        if (!step.reconsider_on) return ipcFailure('validation', 'choose the day to look at it again', 'reconsider_on');
        state.items = [feedback({ id: 'f-1', state: 'deferred', reconsider_on: step.reconsider_on })];
        return state.items[0];
      },
    }, 'f-1');
    const detail = await screen.findByTestId('feedback-detail');
    expect(within(detail).queryByTestId('feedback-action-act')).not.toBeInTheDocument();
    expect(within(detail).queryByTestId('feedback-action-reopen')).not.toBeInTheDocument();

    await user.click(within(detail).getByTestId('feedback-action-defer'));
    await user.click(screen.getByTestId('feedback-step-send'));
    expect(await screen.findByTestId('feedback-step-error-reconsider_on')).toHaveTextContent('Choose the day to look at it again');
    expect(steps[0]).toEqual({ action: 'defer', reconsider_on: null });

    await user.type(screen.getByTestId('feedback-defer-date'), '2027-01-15');
    await user.click(screen.getByTestId('feedback-step-send'));
    await waitFor(() => expect(screen.getByTestId('feedback-row')).toHaveAttribute('data-state', 'deferred'));
    expect(steps[1]).toEqual({ action: 'defer', reconsider_on: '2027-01-15' });
    // The form and its button are gone: focus stays in the item, on its heading.
    await waitFor(() =>
      expect(within(screen.getByTestId('feedback-detail')).getByRole('heading', { level: 3 })).toHaveFocus(),
    );
    expect(await screen.findByTestId('feedback-outcome')).toHaveTextContent('comes back on');
    expect(screen.getByTestId('feedback-action-act')).toBeInTheDocument();
  });

  it('keeps what was typed in every form while the user looks at other feedback or leaves the page', async () => {
    const { user, rerender } = renderPanel([
      feedback({ id: 'f-1', text: 'First', received_on: '2026-11-10' }),
      feedback({ id: 'f-2', text: 'Second', received_on: '2026-11-01' }),
    ]);
    // A new piece half written, then a correction of another, then a reason to decline a third step.
    await user.click(await screen.findByTestId('feedback-new'));
    await user.type(screen.getByTestId('feedback-field-text'), 'Half a thought');
    const row = (id: string) => screen.getAllByTestId('feedback-row').find((r) => r.getAttribute('data-id') === id)!;
    await user.click(row('f-1'));
    await user.click(screen.getByTestId('feedback-edit'));
    const editing = within(screen.getAllByTestId('feedback-form')[1]).getByTestId('feedback-field-text');
    await user.clear(editing);
    await user.type(editing, 'First, corrected');
    await user.click(row('f-2'));
    await user.click(screen.getByTestId('feedback-action-decline'));
    await user.type(screen.getByTestId('feedback-step-reason'), 'Not this year');

    // Back to the first: the correction is still open, as typed; the new one too.
    await user.click(row('f-1'));
    expect(within(screen.getAllByTestId('feedback-form')[1]).getByTestId('feedback-field-text')).toHaveValue('First, corrected');
    expect(within(screen.getAllByTestId('feedback-form')[0]).getByTestId('feedback-field-text')).toHaveValue('Half a thought');

    // Away from the page and back (the panel unmounts): all of it is still there.
    rerender(<p>elsewhere</p>);
    rerender(<FeedbackPanel accountId="acc-1" theirPeople={THEIR_PEOPLE} focusId={null} />);
    const forms = await screen.findAllByTestId('feedback-form');
    expect(within(forms[0]).getByTestId('feedback-field-text')).toHaveValue('Half a thought');
    expect(within(forms[1]).getByTestId('feedback-field-text')).toHaveValue('First, corrected');
    await user.click(row('f-2'));
    expect(screen.getByTestId('feedback-step-reason')).toHaveValue('Not this year');

    // Cancel is the one way to drop it.
    await user.click(screen.getByTestId('feedback-step-cancel'));
    await user.click(screen.getByTestId('feedback-action-decline'));
    expect(screen.getByTestId('feedback-step-reason')).toHaveValue('');
  });

  it('shows a refusal that names no field under the buttons', async () => {
    const { user } = renderPanel([feedback({ id: 'f-1', state: 'new' })], {
      feedback_act: () => ipcFailure('refused', 'it is already being acted on'),
    }, 'f-1');
    await user.click(await screen.findByTestId('feedback-action-act'));
    expect(await screen.findByTestId('feedback-action-error')).toHaveTextContent('It is already being acted on');
  });

  it('records thanks with when and how, then shows them as thanked', async () => {
    const thanks: unknown[] = [];
    const { user, state } = renderPanel([feedback({ id: 'f-1' })], {
      feedback_thank: (args) => {
        thanks.push(args);
        if (!args?.how) return ipcFailure('validation', 'choose how we thanked them', 'thanked_how');
        state.items = [feedback({ id: 'f-1', thanked_on: args.on as string, thanked_how: 'handwritten' })];
        return state.items[0];
      },
      feedback_history: () => [feedbackEvent({ action: 'thank', from: 'new', to: 'new', note: 'a handwritten letter on 2026-11-05' })],
    }, 'f-1');
    const thank = await screen.findByTestId('feedback-thank');
    const date = within(thank).getByTestId('feedback-thank-date');
    await user.clear(date);
    await user.type(date, '2026-11-05');
    await user.click(within(thank).getByTestId('feedback-thank-save'));
    expect(await screen.findByTestId('feedback-thank-error-thanked_how')).toHaveTextContent('Choose how we thanked them');

    await user.click(within(thank).getByTestId('feedback-thank-how-handwritten'));
    await user.click(within(thank).getByTestId('feedback-thank-save'));
    expect(await screen.findByTestId('feedback-thanked')).toHaveTextContent('with a handwritten letter');
    expect(screen.queryByTestId('feedback-thank')).not.toBeInTheDocument();
    expect(thanks.at(-1)).toEqual({ id: 'f-1', on: '2026-11-05', how: 'handwritten' });
    expect(await screen.findByTestId('feedback-event')).toHaveTextContent('thanked them');
  });

  it('marks done only with what changed, and reopens', async () => {
    const steps: FeedbackStep[] = [];
    const { user, state } = renderPanel([feedback({ id: 'f-1', state: 'acting' })], {
      feedback_act: (args) => {
        const step = args?.step as FeedbackStep;
        steps.push(step);
        if (step.action === 'complete' && !step.change) {
          return ipcFailure('validation', 'say what changed that the customer can see', 'change');
        }
        const to = step.action === 'complete' ? 'done' : 'acting';
        state.items = [feedback({ id: 'f-1', state: to, change: step.change ?? null, visible_on: step.visible_on ?? null })];
        return state.items[0];
      },
    }, 'f-1');
    await user.click(await screen.findByTestId('feedback-action-complete'));
    await user.click(screen.getByTestId('feedback-step-send'));
    expect(await screen.findByTestId('feedback-step-error-change')).toHaveTextContent('Say what changed');
    await user.type(screen.getByTestId('feedback-step-change'), 'Invoices now carry their PO number');
    await user.click(screen.getByTestId('feedback-step-send'));
    expect(await screen.findByTestId('feedback-outcome')).toHaveTextContent('Invoices now carry their PO number');
    expect(steps[1]?.visible_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    await user.click(screen.getByTestId('feedback-action-reopen'));
    await waitFor(() => expect(screen.getByTestId('feedback-row')).toHaveAttribute('data-state', 'acting'));
    expect(steps[2]).toEqual({ action: 'reopen' });
  });

  it('moves a piece of feedback to the trash, refreshes the list, and Undo brings it back', async () => {
    const item = feedback({ id: 'f-1' });
    const { user, calls, state } = renderPanel(
      [item],
      {
        trash_delete: () => {
          state.items = [];
          return null;
        },
        trash_restore: () => {
          state.items = [item];
          return null;
        },
      },
      'f-1',
    );
    renderWithProviders(<Toaster />);
    await user.click(await screen.findByTestId('feedback-delete'));
    expect(callsTo(calls, 'trash_delete')[0]?.args).toEqual({ kind: 'feedback', id: 'f-1' });
    expect(await screen.findByTestId('feedback-empty')).toBeInTheDocument();
    expect(screen.queryByTestId('feedback-detail')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('feedback-new')).toHaveFocus());
    expect(screen.getByText('Feedback from Lars Berg moved to the trash.')).toBeInTheDocument();

    await user.click(screen.getByTestId('undo-button'));
    expect(callsTo(calls, 'trash_restore')[0]?.args).toEqual({ kind: 'feedback', id: 'f-1' });
    expect(await screen.findByTestId('feedback-row')).toHaveAttribute('data-id', 'f-1');
  });

  it('keeps the feedback and says why when it cannot go to the trash', async () => {
    const { user } = renderPanel([feedback({ id: 'f-1' })], { trash_delete: () => ipcFailure('locked', 'the vault is locked') }, 'f-1');
    renderWithProviders(<Toaster />);
    await user.click(await screen.findByTestId('feedback-delete'));
    expect(await screen.findByText("Couldn't delete Feedback from Lars Berg: The vault is locked")).toBeInTheDocument();
    expect(screen.getByTestId('feedback-row')).toBeInTheDocument();
    expect(screen.getByTestId('feedback-delete')).not.toBeDisabled();
  });
});
