import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { NavigateContext } from '../frame/routes';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { AccountBlueprints } from './AccountBlueprints';
import { blueprint, summary, view } from './fixtures';
import { nextYear } from './labels';

function renderTab(handlers: Record<string, IpcHandler>) {
  const navigate = vi.fn();
  const calls = mockCommands(handlers);
  const rendered = renderWithProviders(
    <NavigateContext.Provider value={navigate}>
      <AccountBlueprints accountId="acc-1" accountName="Brightwater Foods" />
    </NavigateContext.Provider>,
  );
  return { ...rendered, calls, navigate };
}

describe('an account’s blueprints', () => {
  it('lists them with stage, revision, progress and overdue goals, and opens one', async () => {
    const { user, calls, navigate } = renderTab({
      blueprint_list: () => [
        summary({ id: 'bp-2', stage: 'track', revision: 2, approved_revision: 2, goals: 4, overdue_goals: 1, progress: 42.4 }),
        summary({ id: 'bp-1', period: { starts_on: '2026-01-01', ends_on: '2026-12-31' }, stage: 'ideas' }),
      ],
    });
    const rows = await screen.findAllByTestId('account-blueprint');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('account-blueprint-stage')).toHaveTextContent('Track');
    expect(rows[0]).toHaveTextContent('revision 2 approved');
    expect(within(rows[0]).getByTestId('account-blueprint-overdue')).toHaveTextContent('1 overdue');
    expect(within(rows[0]).getByTestId('account-blueprint-progress')).toHaveTextContent('42 %');
    expect(callsTo(calls, 'blueprint_list')[0]?.args).toEqual({ accountId: 'acc-1' });
    await user.click(within(rows[0]).getByTestId('account-blueprint-open'));
    expect(navigate).toHaveBeenCalledWith({ page: 'blueprint', id: 'bp-2', back: { page: 'account', id: 'acc-1' } });
  });

  it('starts a blueprint for next year by default and opens it', async () => {
    const { user, calls, navigate } = renderTab({
      blueprint_list: () => [],
      blueprint_create: () => view(blueprint({ id: 'bp-new' })),
    });
    expect(await screen.findByTestId('account-blueprints-empty')).toBeInTheDocument();
    await user.click(screen.getByTestId('new-blueprint'));
    const year = nextYear();
    expect(screen.getByTestId('blueprint-starts')).toHaveValue(year.starts_on);
    expect(screen.getByTestId('blueprint-ends')).toHaveValue(year.ends_on);
    await user.click(screen.getByTestId('blueprint-create'));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ page: 'blueprint', id: 'bp-new', back: { page: 'account', id: 'acc-1' } }));
    expect(callsTo(calls, 'blueprint_create')[0]?.args?.input).toEqual({ account_id: 'acc-1', ...year, question: null });
  });

  it('says which period is taken, and keeps what was typed', async () => {
    const { user } = renderTab({
      blueprint_list: () => [],
      blueprint_create: () =>
        ipcFailure('validation', 'this account already has a blueprint for 2027-01-01 to 2027-12-31; one blueprint per period', 'period'),
    });
    await user.click(await screen.findByTestId('new-blueprint'));
    await user.type(screen.getByTestId('blueprint-question-input'), 'How do we win their service contract?');
    await user.click(screen.getByTestId('blueprint-create'));
    expect(await screen.findByTestId('blueprint-error-period')).toHaveTextContent('This account already has a blueprint for 2027-01-01');
    expect(screen.getByTestId('blueprint-question-input')).toHaveValue('How do we win their service contract?');
  });
});
