import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { accountView, OUR_CEO } from '../account/fixtures';
import { NavigateContext } from '../frame/routes';
import type { MeetingInput } from '../ipc';
import { callsTo, mockCommands } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { AccountMeetings } from './AccountMeetings';
import { meeting, summary } from './fixtures';
import { addDays, todayDate } from './time';

describe('an account’s meetings', () => {
  it('lists upcoming and past visits and plans one with the account filled in', async () => {
    const soon = addDays(todayDate(), 3);
    const upcoming = summary({ id: 'm-up', title: 'Roadmap review', starts_local: `${soon}T10:00`, ends_local: `${soon}T11:00`, state: 'approved' });
    const past = summary({ id: 'm-past', title: 'Kick-off', starts_local: '2020-01-10T10:00', ends_local: '2020-01-10T11:00', state: 'held' });
    const navigate = vi.fn();
    const calls = mockCommands({
      meeting_list: () => [past, upcoming],
      settings_get: () => ({ home_time_zone: 'Europe/Oslo' }),
      meeting_trips: () => [],
      people_ours: () => [OUR_CEO],
      account_view: () => accountView(),
      meeting_create: (args) => meeting({ id: 'm-new', ...(args?.input as MeetingInput) } as never),
    });
    const { user } = renderWithProviders(
      <NavigateContext.Provider value={navigate}>
        <AccountMeetings accountId="acc-1" accountName="Brightwater Foods" />
      </NavigateContext.Provider>,
    );
    expect(within(await screen.findByTestId('account-meetings-upcoming')).getByText('Roadmap review')).toBeInTheDocument();
    expect(within(screen.getByTestId('account-meetings-past')).getByText('Kick-off')).toBeInTheDocument();
    expect(callsTo(calls, 'meeting_list')[0]?.args?.query).toEqual({ account_id: 'acc-1' });

    await user.click(screen.getByTestId('plan-visit'));
    expect(screen.getByTestId('meeting-field-account')).toHaveTextContent('Brightwater Foods');
    expect(screen.getByTestId('meeting-field-title')).toHaveFocus();
    await user.keyboard('Site visit{Control>}{Enter}{/Control}');
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ page: 'meeting', id: 'm-new', back: { page: 'account', id: 'acc-1' } }));
    expect(callsTo(calls, 'meeting_create')[0]?.args?.input).toMatchObject({ account_id: 'acc-1', title: 'Site visit', time_zone: 'Europe/Oslo' });
  });
});
