import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MoveInput } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import { accountRow } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { person } from './fixtures';
import { MoveForm } from './MoveForm';

const DANA = person({ id: 'dana', name: 'Dana Whitfield', title: 'COO', account_id: 'acc-1' });

function renderForm(moveHandler: (args: Record<string, unknown> | undefined) => unknown) {
  const onDone = vi.fn();
  const onCancel = vi.fn();
  const calls = mockCommands({
    account_query: () => ({
      total: 2,
      offset: 0,
      rows: [accountRow({ id: 'acc-1', name: 'Halvorsen' }), accountRow({ id: 'acc-2', name: 'Nordhavn' })],
    }),
    person_move: moveHandler,
  });
  const rendered = renderWithProviders(<MoveForm person={DANA} accountId="acc-1" onDone={onDone} onCancel={onCancel} />);
  return { ...rendered, calls, onDone, onCancel };
}

describe('the "moved to another organisation" dialog', () => {
  it('offers the other accounts and "joined us", and sends the move', async () => {
    const { user, calls, onDone } = renderForm((args) => ({ ...DANA, account_id: (args?.input as MoveInput).to_account_id }));
    const to = screen.getByTestId('move-to-select');
    await screen.findByRole('option', { name: 'Nordhavn' });
    expect(screen.queryByRole('option', { name: 'Halvorsen' })).not.toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Joined us' })).toBeInTheDocument();

    await user.selectOptions(to, 'acc-2');
    await user.type(screen.getByTestId('move-title-input'), 'CFO');
    await user.clear(screen.getByTestId('move-date-input'));
    await user.type(screen.getByTestId('move-date-input'), '2026-05-04');
    await user.click(screen.getByTestId('move-submit'));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const sent = callsTo(calls, 'person_move')[0]?.args;
    expect(sent?.id).toBe('dana');
    expect(sent?.input).toEqual({ to_account_id: 'acc-2', title: 'CFO', on_date: '2026-05-04', function: null, org_level: null });
    expect(onDone.mock.calls[0]?.[1]).toBe('Nordhavn');
  });

  it('asks for a function when they joined us, and says what is missing before sending', async () => {
    const { user, calls } = renderForm(() => DANA);
    await user.click(screen.getByTestId('move-submit'));
    expect(screen.getByTestId('move-error-to_account_id')).toHaveTextContent('Choose where they went.');
    expect(screen.getByTestId('move-error-title')).toHaveTextContent('Their title there is required.');
    expect(screen.getByTestId('move-to-select')).toHaveFocus();

    await user.selectOptions(screen.getByTestId('move-to-select'), 'us');
    await user.type(screen.getByTestId('move-title-input'), 'Head of Finance');
    await user.click(screen.getByTestId('move-submit'));
    expect(screen.getByTestId('move-error-function')).toHaveTextContent('Choose the function they work in with us.');
    expect(callsTo(calls, 'person_move')).toHaveLength(0);
  });

  it('shows the core’s refusal under the field it names', async () => {
    const { user } = renderForm(() => ipcFailure('validation', 'is in the future; record a move once it has happened', 'on_date'));
    await screen.findByRole('option', { name: 'Nordhavn' });
    await user.selectOptions(screen.getByTestId('move-to-select'), 'acc-2');
    await user.type(screen.getByTestId('move-title-input'), 'CFO');
    await user.click(screen.getByTestId('move-submit'));
    expect(await screen.findByTestId('move-error-on_date')).toHaveTextContent('Is in the future');
    await waitFor(() => expect(screen.getByTestId('move-date-input')).toHaveFocus());
  });
});
