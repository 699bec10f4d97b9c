// The window's title follows the page, and the native menu's Lock and
// Keyboard Shortcuts reach the UI (through ipc/window, mocked here).
import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { accountView } from '../account/fixtures';
import { accountKey } from '../account/queries';
import { App } from '../App';
import type { MenuItem } from '../ipc/window';
import { callsTo, mockCommands } from '../ipc/testing';
import { meeting, view } from '../meetings/fixtures';
import { meetingViewKey } from '../meetings/queries';
import { accountRecord } from '../account/fixtures';
import { SHORTCUTS, shortcutGroups } from '../lib/shortcuts';
import { accountRow, appClock, sessionState, vaultStatus } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { todayView } from '../today/fixtures';
import { AppFrame } from './AppFrame';
import type { Route } from './routes';
import { useWindowTitle, windowTitle } from './windowTitle';

const windowApi = vi.hoisted(() => ({
  titles: [] as string[],
  menu: [] as ((item: MenuItem) => void)[],
}));

vi.mock('../ipc/window', () => ({
  setWindowTitle: (title: string) => {
    windowApi.titles.push(title);
  },
  onMenuItem: (handler: (item: MenuItem) => void) => {
    windowApi.menu.push(handler);
    return () => {
      windowApi.menu = windowApi.menu.filter((h) => h !== handler);
    };
  },
}));

const menu = (item: MenuItem) => act(() => windowApi.menu.forEach((handler) => handler(item)));
const lastTitle = () => windowApi.titles.at(-1);

beforeEach(() => {
  windowApi.titles = [];
  windowApi.menu = [];
});

const openVault = {
  vault_status: () => vaultStatus(),
  account_query: () => ({ total: 1, offset: 0, rows: [accountRow({ name: 'Northwind Health' })] }),
  people_ours: () => [],
  today_view: () => todayView(),
  clock_now: () => appClock(),
  portfolio_score: () => 0,
  meeting_list: () => [],
};

describe('the window title', () => {
  it('names the section, or what the page is about', () => {
    expect(windowTitle({ page: 'today' }, null)).toBe('Rapport — Today');
    expect(windowTitle({ page: 'people' }, null)).toBe('Rapport — Our people');
    expect(windowTitle({ page: 'account', id: 'a' }, 'Halvorsen Shipping')).toBe('Rapport — Halvorsen Shipping');
    expect(windowTitle({ page: 'account', id: 'a' }, null)).toBe('Rapport — Account');
    expect(windowTitle({ page: 'meeting', id: 'm' }, 'Board dinner')).toBe('Rapport — Board dinner');
    expect(windowTitle({ page: 'blueprint', id: 'b' }, 'Halvorsen Shipping')).toBe('Rapport — Halvorsen Shipping blueprint');
  });

  it('takes the account’s or meeting’s name from what the page loaded, without asking again', async () => {
    const calls = mockCommands({});
    function Page({ route }: { route: Route }) {
      useWindowTitle(route);
      return null;
    }
    const { rerender, queryClient } = renderWithProviders(<Page route={{ page: 'account', id: 'acc-7' }} />);
    expect(lastTitle()).toBe('Rapport — Account');
    act(() => {
      queryClient.setQueryData(accountKey('acc-7'), accountView({ account: accountRecord({ id: 'acc-7', name: 'Halvorsen Shipping' }) }));
    });
    await waitFor(() => expect(lastTitle()).toBe('Rapport — Halvorsen Shipping'));

    queryClient.setQueryData(meetingViewKey('m-1'), view(meeting({ id: 'm-1', title: 'Board dinner' })));
    rerender(<Page route={{ page: 'meeting', id: 'm-1' }} />);
    await waitFor(() => expect(lastTitle()).toBe('Rapport — Board dinner'));
    expect(calls).toEqual([]);
  });

  it('follows the frame from Today to another section, and is plain “Rapport” when locked', async () => {
    mockCommands({ ...openVault, vault_state: () => sessionState({ lifecycle: 'unlocked' }), vault_lock: () => null });
    const { user } = renderWithProviders(<App />);
    await screen.findByTestId('today-page');
    await waitFor(() => expect(lastTitle()).toBe('Rapport — Today'));
    await user.click(screen.getByTestId('nav-accounts'));
    await waitFor(() => expect(lastTitle()).toBe('Rapport — Accounts'));
    await user.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('unlock-screen');
    expect(lastTitle()).toBe('Rapport');
  });
});

describe('the native menu', () => {
  it('File → Lock locks the vault as the Lock button does', async () => {
    const calls = mockCommands({ ...openVault, vault_lock: () => null });
    const onLocked = vi.fn();
    renderWithProviders(<AppFrame initialStatus={null} onLocked={onLocked} />);
    await screen.findByTestId('today-page');
    menu('lock');
    await waitFor(() => expect(onLocked).toHaveBeenCalled());
    expect(callsTo(calls, 'vault_lock')).toHaveLength(1);
  });

  it('Help → Keyboard Shortcuts lists the shortcuts, on any screen; Escape closes it', async () => {
    mockCommands({ vault_state: () => sessionState({ lifecycle: 'missing', key_source: null }) });
    const { user } = renderWithProviders(<App />);
    await screen.findByTestId('create-vault');
    menu('shortcuts');
    const dialog = await screen.findByTestId('shortcuts-dialog');
    expect(dialog).toHaveAccessibleName('Keyboard shortcuts');
    expect(dialog).toHaveTextContent('Ctrl+K');
    expect(dialog).toHaveTextContent('Approve');
    expect(screen.getByTestId('shortcuts-close')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('shortcuts-dialog')).not.toBeInTheDocument();
  });

  it('? opens the same sheet, rendered from the shortcut registry; not while typing', async () => {
    mockCommands({ vault_state: () => sessionState({ lifecycle: 'missing', key_source: null }) });
    const { user } = renderWithProviders(<App />);
    await screen.findByTestId('create-vault');
    const field = document.querySelector('input');
    expect(field).not.toBeNull();
    await user.click(field!);
    await user.keyboard('?');
    expect(screen.queryByTestId('shortcuts-dialog')).not.toBeInTheDocument();
    field!.blur();
    await user.keyboard('?');
    const dialog = await screen.findByTestId('shortcuts-dialog');
    for (const shortcut of Object.values(SHORTCUTS)) expect(dialog).toHaveTextContent(shortcut.what);
    expect(within(dialog).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(
      shortcutGroups().map((g) => g.title),
    );
  });
});
