import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { SettingsPage } from './SettingsPage';

function renderPage(initial: Settings = {}) {
  let stored: Settings = initial;
  const calls = mockCommands({
    settings_get: () => stored,
    settings_update: (args) => {
      const next = args?.settings as Settings;
      if (next.traveller === '???') return ipcFailure('validation', 'cannot be only punctuation', 'traveller');
      if (next.stale_after_days === 0) {
        return ipcFailure('validation', 'Stale after must be between 1 and 3650 days.', 'stale_after_days');
      }
      stored = { ...next, your_name: next.your_name?.trim() ?? null };
      return stored;
    },
  });
  return { ...renderWithProviders(<SettingsPage />), calls };
}

describe('settings', () => {
  it('saves the name on leaving the field, and the home zone when picked', async () => {
    const { user, calls } = renderPage({ traveller: 'Ingrid Solberg' });
    const name = await screen.findByTestId('settings-your_name');
    await user.type(name, '  Dana Reyes ');
    await user.tab();
    await waitFor(() => expect(callsTo(calls, 'settings_update')).toHaveLength(1));
    expect(callsTo(calls, 'settings_update')[0]?.args?.settings).toEqual({
      your_name: '  Dana Reyes ',
      home_time_zone: null,
      traveller: 'Ingrid Solberg',
      stale_after_days: null,
    });
    await waitFor(() => expect(name).toHaveValue('Dana Reyes'));
    expect(screen.getByTestId('settings-save-status')).toHaveTextContent('Saved');

    const zone = screen.getByTestId('settings-home_time_zone');
    await user.click(zone);
    await user.keyboard('new york{Enter}');
    await waitFor(() => expect(callsTo(calls, 'settings_update')).toHaveLength(2));
    expect(callsTo(calls, 'settings_update')[1]?.args?.settings).toMatchObject({ home_time_zone: 'America/New_York' });
    expect(zone).toHaveValue('America/New_York');
  });

  it('saves on Enter and shows a refusal under the field, keeping the text', async () => {
    const { user } = renderPage();
    const traveller = await screen.findByTestId('settings-traveller');
    await user.type(traveller, '???{Enter}');
    expect(await screen.findByTestId('settings-error-traveller')).toHaveTextContent('Cannot be only punctuation');
    expect(traveller).toHaveValue('???');
  });

  it('saves the stale threshold as days, and shows the refusal of one that is not under the field', async () => {
    const { user, calls } = renderPage();
    const stale = await screen.findByTestId('settings-stale_after_days');
    await user.type(stale, '90{Enter}');
    await waitFor(() => expect(callsTo(calls, 'settings_update')).toHaveLength(1));
    expect(callsTo(calls, 'settings_update')[0]?.args?.settings).toMatchObject({ stale_after_days: 90 });
    await user.clear(stale);
    await user.type(stale, 'soon{Enter}');
    expect(await screen.findByTestId('settings-error-stale_after_days')).toHaveTextContent('between 1 and 3650 days');
    expect(stale).toHaveValue('soon');
  });
});
