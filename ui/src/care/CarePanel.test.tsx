import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountCare } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { CarePanel, OWNERSHIP_AUTOSAVE_MS } from './CarePanel';
import { care } from './fixtures';

afterEach(() => {
  vi.useRealTimers();
  clearToasts();
});

function renderPanel(current: AccountCare = care(), handlers: Record<string, IpcHandler> = {}) {
  const state = { care: current };
  const calls = mockCommands({ account_care: () => state.care, export_audience_get: () => 'executive', ...handlers });
  return { ...renderWithProviders(<CarePanel accountId="acc-1" />), calls, state };
}

describe('the care panel', () => {
  it('shows the score as the sum of its parts, each with its reason, and the trend in words', async () => {
    renderPanel();
    expect(await screen.findByTestId('health-score')).toHaveTextContent('58 / 100');
    const parts = screen.getAllByTestId('health-part');
    expect(parts.map((p) => p.getAttribute('data-part'))).toEqual([
      'cadence',
      'coverage',
      'dimension_mix',
      'key_person',
      'goals',
      'stories',
      'feedback',
      'ownership',
    ]);
    expect(parts[0]).toHaveTextContent('Cadence');
    expect(within(parts[0]).getByTestId('health-part-points')).toHaveTextContent('10 / 20');
    expect(parts[0]).toHaveTextContent('15 days past the target of every 30 days');
    expect(parts[3]).toHaveTextContent('Key-person risk');
    expect(screen.getByTestId('health-trend-summary')).toHaveTextContent('Down 6 points since');
    expect(screen.getByTestId('health-trend-summary')).toHaveTextContent('from 64 to 58, between 58 and 66');
  });

  it('shows the cadence, what is overdue and sliding, and one bar group per month', async () => {
    renderPanel();
    expect(await screen.findByTestId('cadence-now')).toHaveTextContent('every 30 days (the tier’s default)');
    expect(screen.getByTestId('cadence-overdue')).toHaveTextContent('15 days overdue');
    expect(screen.getByTestId('cadence-backslide')).toHaveTextContent('contact is getting rarer');
    const chart = screen.getByTestId('cadence-chart');
    const months = within(chart).getAllByTestId('cadence-month');
    expect(months).toHaveLength(12);
    expect(months[0]).toHaveAttribute('data-month', '2025-12');
    // December: 1 executive, 0 management, 2 working: two bars.
    expect(months[0].querySelectorAll('rect')).toHaveLength(2);
    expect(within(screen.getByTestId('cadence-table')).getAllByRole('row')).toHaveLength(13);
    expect(screen.getByTestId('overdue-tie')).toHaveTextContent('Ingrid Solberg and Lars Berg');
  });

  it('sets the interval, shows a refusal under it, and goes back to the tier default', async () => {
    const { user, calls, state } = renderPanel(care(), {
      account_set_cadence: (args) => {
        const every = args?.everyDays as number | null;
        if (every !== null && every > 3650) return ipcFailure('validation', 'must be between 1 and 3650 days', 'cadence_days');
        state.care = care({ every_days: every ?? 30, default_cadence: every === null });
        return state.care;
      },
    });
    const input = await screen.findByTestId('cadence-days');
    expect(screen.getByTestId('cadence-default')).toBeDisabled();

    await user.clear(input);
    await user.type(input, '5000');
    await user.click(screen.getByTestId('cadence-save'));
    expect(await screen.findByTestId('cadence-error')).toHaveTextContent('Must be between 1 and 3650 days');
    expect(input).toHaveValue('5000');

    await user.clear(input);
    await user.type(input, '45');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('cadence-now')).toHaveTextContent('every 45 days (set for this account)'));
    expect(screen.queryByTestId('cadence-error')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('cadence-default'));
    await waitFor(() => expect(screen.getByTestId('cadence-now')).toHaveTextContent('every 30 days (the tier’s default)'));
    expect(callsTo(calls, 'account_set_cadence').map((c) => c.args?.everyDays)).toEqual([5000, 45, null]);
  });

  it('saves an ownership answer once typing pauses, and keeps the text when saving fails', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let fail = true;
    const { calls, state } = renderPanel(care(), {
      ownership_answer: (args) => {
        if (fail) return ipcFailure('io', 'the vault could not be written');
        state.care = care({
          ownership: care().ownership.map((o) =>
            o.question === args?.question ? { ...o, answer: args.answer as string | null } : o,
          ),
        });
        return state.care;
      },
    });
    const questions = await screen.findAllByTestId('ownership-question');
    expect(questions).toHaveLength(6);
    const box = within(questions[1]).getByTestId('ownership-answer');

    fireEvent.change(box, { target: { value: 'Sales' } });
    fireEvent.change(box, { target: { value: 'Sales, because they hold the contract' } });
    await act(() => vi.advanceTimersByTimeAsync(OWNERSHIP_AUTOSAVE_MS - 100));
    expect(callsTo(calls, 'ownership_answer')).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(150));
    await waitFor(() => expect(callsTo(calls, 'ownership_answer')).toHaveLength(1));
    expect(callsTo(calls, 'ownership_answer')[0]?.args).toEqual({
      accountId: 'acc-1',
      question: 'function',
      answer: 'Sales, because they hold the contract',
    });
    const status = within(questions[1]).getByTestId('ownership-state');
    await waitFor(() => expect(status).toHaveTextContent("Couldn't save: The vault could not be written"));
    expect(box).toHaveValue('Sales, because they hold the contract');

    fail = false;
    fireEvent.blur(box);
    await waitFor(() => expect(status).toHaveTextContent('Saved'));
    expect(callsTo(calls, 'ownership_answer')).toHaveLength(2);
    expect(box).toHaveValue('Sales, because they hold the contract');
    expect(screen.getByTestId('ownership-count')).toHaveTextContent('4 of 6 answered');
  });

  it('keeps the space or new line just typed at the end of an answer after it is saved (the core trims it)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { calls, state } = renderPanel(care(), {
      ownership_answer: (args) => {
        state.care = care({
          ownership: care().ownership.map((o) =>
            o.question === args?.question ? { ...o, answer: (args.answer as string).trim() } : o,
          ),
        });
        return state.care;
      },
    });
    const questions = await screen.findAllByTestId('ownership-question');
    const box = within(questions[1]).getByTestId('ownership-answer');
    fireEvent.change(box, { target: { value: 'Sales owns it. ' } });
    await act(() => vi.advanceTimersByTimeAsync(OWNERSHIP_AUTOSAVE_MS + 50));
    await waitFor(() => expect(within(questions[1]).getByTestId('ownership-state')).toHaveTextContent('Saved'));
    expect(callsTo(calls, 'ownership_answer')).toHaveLength(1);
    expect(box).toHaveValue('Sales owns it. ');
  });

  it('exports the annual customer review and this account’s touchpoints, and shows where they went', async () => {
    const { user, calls } = renderPanel(care(), {
      annual_review_export: () => ({ path: '/home/ana/Documents/Annual review Brightwater Foods.pdf', pages: 6, bytes: 204_800, meetings: 0 }),
      touchpoints_export: () => ({ path: '/home/ana/Documents/Touchpoints Brightwater Foods.ics', pages: 0, bytes: 900, meetings: 1 }),
      export_open: () => null,
    });
    await user.click(await screen.findByTestId('annual-review-export'));
    expect(callsTo(calls, 'annual_review_export')[0]?.args).toEqual({ accountId: 'acc-1', audience: 'executive' });
    const result = await screen.findByTestId('export-result');
    expect(within(result).getByTestId('export-result-path')).toHaveTextContent('/home/ana/Documents/Annual review Brightwater Foods.pdf');
    expect(within(result).getByTestId('export-result-summary')).toHaveTextContent('6 pages · 200 KB');
    await user.click(within(result).getByTestId('export-result-open'));
    expect(callsTo(calls, 'export_open')[0]?.args).toEqual({ path: '/home/ana/Documents/Annual review Brightwater Foods.pdf' });

    await user.click(screen.getByTestId('account-touchpoints-export'));
    expect(callsTo(calls, 'touchpoints_export')[0]?.args).toEqual({ accountId: 'acc-1' });
    await waitFor(() => expect(screen.getByTestId('export-result-summary')).toHaveTextContent('1 touchpoint · 900 bytes'));
  });

  it('shows nothing when the save dialog is closed', async () => {
    const { user, calls } = renderPanel(care(), { annual_review_export: () => null });
    await user.click(await screen.findByTestId('annual-review-export'));
    await waitFor(() => expect(callsTo(calls, 'annual_review_export')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('annual-review-export')).not.toBeDisabled());
    expect(screen.queryByTestId('export-result')).not.toBeInTheDocument();
  });
});
