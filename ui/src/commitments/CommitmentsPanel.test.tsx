import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Commitment, CommitmentInput } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { CommitmentsPanel } from './CommitmentsPanel';

function commitment(overrides: Partial<Commitment> = {}): Commitment {
  return {
    id: 'c-1',
    account_id: 'acc-1',
    account_name: 'Nordhavn Energy',
    side: 'ours',
    by_person_id: 'p-helena',
    by_name: 'Helena Marsh',
    to_person_id: 'p-hanne',
    to_name: 'Hanne Vik',
    what: 'Send the outage figures',
    made_on: '2026-11-10',
    due_on: '2026-11-20',
    meeting_id: 'm-1',
    interaction_id: null,
    status: 'late',
    kept_on: null,
    dropped_reason: null,
    days_late: 3,
    sentence: 'Helena Marsh promised Hanne Vik: Send the outage figures, by 20 Nov 2026',
    updated_at: '2026-11-10T17:00:00.000Z',
    ...overrides,
  };
}

const PEOPLE = [
  { id: 'p-helena', name: 'Helena Marsh', side: 'ours' as const },
  { id: 'p-hanne', name: 'Hanne Vik', side: 'theirs' as const },
];

function renderPanel(list: Commitment[], handlers: Record<string, IpcHandler> = {}) {
  const calls = mockCommands({ commitment_list: () => list, ...handlers });
  const view = renderWithProviders(
    <CommitmentsPanel accountId="acc-1" meetingId="m-1" madeOn="2026-11-10" people={PEOPLE} />,
  );
  return { ...view, calls };
}

describe('promises made in a meeting', () => {
  it('lists them with where they stand, and asks for the meeting’s promises only', async () => {
    const { calls } = renderPanel([commitment(), commitment({ id: 'c-2', status: 'kept', kept_on: '2026-11-15', sentence: 'They promised: data' })]);
    const rows = await screen.findAllByTestId('commitment-row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['late', 'kept']);
    expect(rows[0]).toHaveTextContent('Helena Marsh promised Hanne Vik: Send the outage figures, by 20 Nov 2026');
    expect(rows[0]).toHaveTextContent('late by 3 days');
    expect(rows[1]).toHaveTextContent('kept 15 Nov 2026');
    expect(within(rows[1]).queryByTestId('commitment-keep')).not.toBeInTheDocument();
    expect(callsTo(calls, 'commitment_list')[0].args?.query).toMatchObject({ meeting_id: 'm-1', account_id: null });
  });

  it('records a line "We · Helena promised Hanne · what · by" with the meeting and its day', async () => {
    const sent: CommitmentInput[] = [];
    const { user } = renderPanel([], {
      commitment_create: (args) => {
        const input = args?.input as CommitmentInput;
        sent.push(input);
        return commitment();
      },
    });
    await user.selectOptions(await screen.findByTestId('commitment-by'), 'p-helena');
    // Only their people can receive our promise.
    const to = screen.getByTestId('commitment-to');
    expect(within(to).queryByText('Helena Marsh')).not.toBeInTheDocument();
    await user.selectOptions(to, 'p-hanne');
    await user.type(screen.getByTestId('commitment-what'), 'Send the outage figures');
    await user.type(screen.getByTestId('commitment-due'), '2026-11-20');
    await user.click(screen.getByTestId('commitment-add'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      account_id: 'acc-1',
      side: 'ours',
      by_person_id: 'p-helena',
      to_person_id: 'p-hanne',
      what: 'Send the outage figures',
      made_on: '2026-11-10',
      due_on: '2026-11-20',
      meeting_id: 'm-1',
      interaction_id: null,
    });
    await waitFor(() => expect(screen.getByTestId('commitment-what')).toHaveValue(''));
  });

  it('says what is missing without sending, and shows the core’s refusal on its field', async () => {
    const { user, calls } = renderPanel([], {
      commitment_create: () => ipcFailure('validation', 'due_on: is before the day the promise was made', 'due_on'),
    });
    await user.click(await screen.findByTestId('commitment-add'));
    expect(await screen.findByTestId('commitment-error')).toHaveTextContent('Say what was promised.');
    expect(screen.getByTestId('commitment-what')).toHaveFocus();
    expect(callsTo(calls, 'commitment_create')).toHaveLength(0);

    await user.type(screen.getByTestId('commitment-what'), 'Send the figures');
    await user.click(screen.getByTestId('commitment-add'));
    expect(await screen.findByTestId('commitment-error')).toHaveTextContent(/before the day the promise was made/);
    await waitFor(() => expect(screen.getByTestId('commitment-due')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByTestId('commitment-what')).toHaveValue('Send the figures');
  });

  it('marks one kept, and drops one only with a reason', async () => {
    const settled: unknown[] = [];
    const { user } = renderPanel([commitment()], {
      commitment_settle: (args) => {
        settled.push(args?.outcome);
        const outcome = args?.outcome as { action: string; reason?: string };
        if (outcome.action === 'drop' && !outcome.reason?.trim()) {
          return ipcFailure('validation', 'dropped_reason: say why it was dropped', 'dropped_reason');
        }
        return commitment({ status: 'kept' });
      },
    });
    await user.click(await screen.findByTestId('commitment-keep'));
    await waitFor(() => expect(settled).toEqual([{ action: 'keep', on: '' }]));

    await user.click(screen.getByTestId('commitment-drop'));
    await user.click(screen.getByTestId('commitment-drop-send'));
    expect(await screen.findByTestId('commitment-row-error')).toHaveTextContent(/say why it was dropped/i);
    await user.type(screen.getByTestId('commitment-drop-reason'), 'They chose to wait');
    await user.click(screen.getByTestId('commitment-drop-send'));
    await waitFor(() => expect(settled).toContainEqual({ action: 'drop', reason: 'They chose to wait' }));
  });
});
