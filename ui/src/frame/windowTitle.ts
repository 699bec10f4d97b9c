import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { accountKey } from '../account/queries';
import { blueprintViewKey } from '../blueprint/queries';
import { commands } from '../ipc';
import { setWindowTitle } from '../ipc/window';
import { meetingViewKey } from '../meetings/queries';
import type { Route } from './routes';

const SECTION_TITLES: Record<Exclude<Route['page'], 'account' | 'meeting' | 'blueprint'>, string> = {
  today: 'Today',
  portfolio: 'Portfolio',
  accounts: 'Accounts',
  meetings: 'Meetings',
  review: 'Review',
  people: 'Our people',
  import: 'Import',
  trash: 'Trash',
  settings: 'Settings',
};

/** "Rapport — Today", "Rapport — Halvorsen Shipping": the window's title for a page. */
export function windowTitle(route: Route, name: string | null): string {
  switch (route.page) {
    case 'account':
      return `Rapport — ${name ?? 'Account'}`;
    case 'meeting':
      return `Rapport — ${name ?? 'Meeting'}`;
    case 'blueprint':
      return `Rapport — ${name ? `${name} blueprint` : 'Blueprint'}`;
    default:
      return `Rapport — ${SECTION_TITLES[route.page]}`;
  }
}

/**
 * Keeps the window's title on the page shown. Names come from what the page
 * itself loaded (the same query keys, never fetched from here).
 */
export function useWindowTitle(route: Route): void {
  const id = 'id' in route ? route.id : '';
  const account = useQuery({
    queryKey: accountKey(id),
    queryFn: () => commands.accountView(id),
    enabled: false,
    select: (view) => view.account.name,
  });
  const meeting = useQuery({
    queryKey: meetingViewKey(id),
    queryFn: () => commands.meetingView(id),
    enabled: false,
    select: (view) => view.meeting.title,
  });
  const blueprint = useQuery({
    queryKey: blueprintViewKey(id),
    queryFn: () => commands.blueprintView(id),
    enabled: false,
    select: (view) => view.account_name,
  });
  const name =
    route.page === 'account'
      ? account.data
      : route.page === 'meeting'
        ? meeting.data
        : route.page === 'blueprint'
          ? blueprint.data
          : undefined;
  const title = windowTitle(route, name ?? null);
  useEffect(() => {
    setWindowTitle(title);
  }, [title]);
}
