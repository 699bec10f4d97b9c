import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { AccountPage } from '../account/AccountPage';
import { AccountsPage } from '../accounts/AccountsPage';
import { useDailyBackup } from '../backups/backups';
import { NO_FILTERS, useAccountList } from '../accounts/query';
import { BlueprintPage } from '../blueprint/BlueprintPage';
import { TodayPage } from '../today/TodayPage';
import { useToday } from '../today/queries';
import { commands } from '../ipc';
import { onMenuItem } from '../ipc/window';
import type { SearchHit, TodayItem, VaultStatus } from '../ipc';
import { ImportPage } from '../import/ImportPage';
import { MeetingPage } from '../meetings/MeetingPage';
import { MeetingsPage } from '../meetings/MeetingsPage';
import { OurPeoplePage } from '../people/OurPeoplePage';
import { PortfolioPage } from '../portfolio/PortfolioPage';
import { ScoringContext, ScoringStatus, useHealthScoringJob } from '../portfolio/scoring';
import { AppClockGate } from '../lib/clock';
import { KeptDrafts, KeptDraftsContext } from '../lib/keptState';
import { useBookChanged } from '../lib/refresh';
import { ReviewPage } from '../review/ReviewPage';
import { SettingsPage } from '../settings/SettingsPage';
import { TrashPage } from '../trash/TrashPage';
import { Brand } from '../ui/Brand';
import { Button } from '../ui/Button';
import {
  BuildingIcon,
  CheckIcon,
  CalendarIcon,
  ChartIcon,
  ImportIcon,
  InboxIcon,
  LockIcon,
  PeopleIcon,
  SettingsIcon,
  ShieldIcon,
  TrashIcon,
} from '../ui/icons';
import { Toaster } from '../ui/Toaster';
import { GlobalSearch } from './GlobalSearch';
import { NavigateContext } from './routes';
import type { Route } from './routes';
import { SampleBookOffer } from './SampleBookOffer';
import { useWindowTitle } from './windowTitle';

export const vaultStatusKey = ['vault', 'status'] as const;

const SECTIONS = [
  { page: 'today', label: 'Today', Icon: CheckIcon, testId: 'nav-today' },
  { page: 'portfolio', label: 'Portfolio', Icon: ChartIcon, testId: 'nav-portfolio' },
  { page: 'accounts', label: 'Accounts', Icon: BuildingIcon, testId: 'nav-accounts' },
  { page: 'meetings', label: 'Meetings', Icon: CalendarIcon, testId: 'nav-meetings' },
  { page: 'review', label: 'Review', Icon: InboxIcon, testId: 'nav-review' },
  { page: 'people', label: 'Our people', Icon: PeopleIcon, testId: 'nav-people' },
  { page: 'import', label: 'Import', Icon: ImportIcon, testId: 'nav-import' },
  { page: 'trash', label: 'Trash', Icon: TrashIcon, testId: 'nav-trash' },
  { page: 'settings', label: 'Settings', Icon: SettingsIcon, testId: 'nav-settings' },
] as const;

/** Where a Today item is dealt with; Back returns to Today. */
function routeFor(item: TodayItem): Route {
  const back: Route = { page: 'today' };
  switch (item.open) {
    case 'meeting':
      return { page: 'meeting', id: item.id, back };
    case 'blueprint':
      return { page: 'blueprint', id: item.id, back };
    case 'feedback':
      return { page: 'account', id: item.account_id, tab: 'feedback', focus: item.id, back };
    case 'account':
      return { page: 'account', id: item.id, back };
  }
}

/** Where a search result is seen: its own page, or its tab of its account. */
function routeForHit(hit: SearchHit): Route {
  const account = hit.account_id;
  switch (hit.kind) {
    case 'meeting':
      return { page: 'meeting', id: hit.id };
    case 'blueprint':
    case 'goal':
      return { page: 'blueprint', id: hit.blueprint_id ?? hit.id };
    case 'feedback':
      return account ? { page: 'account', id: account, tab: 'feedback', focus: hit.id } : { page: 'accounts' };
    case 'story':
      return account ? { page: 'account', id: account, tab: 'feedback' } : { page: 'accounts' };
    case 'person':
      return account ? { page: 'account', id: account, tab: 'people' } : { page: 'people' };
    case 'interaction':
      return account ? { page: 'account', id: account, tab: 'interactions' } : { page: 'accounts' };
    case 'account':
      return { page: 'account', id: hit.id };
  }
}

/** What the account page's Back button says for where it goes. */
function backLabel(back: Route | undefined): string {
  switch (back?.page) {
    case 'today':
      return 'Today';
    case 'portfolio':
      return 'Portfolio';
    default:
      return 'Accounts';
  }
}

/** The sidebar section a page belongs to. */
function sectionOf(route: Route): string {
  switch (route.page) {
    case 'account':
      return route.back?.page === 'today' || route.back?.page === 'portfolio' ? route.back.page : 'accounts';
    case 'blueprint':
      return 'accounts';
    case 'meeting':
      return route.back?.page === 'review'
        ? 'review'
        : route.back?.page === 'account'
          ? 'accounts'
          : route.back?.page === 'today'
            ? 'today'
            : 'meetings';
    default:
      return route.page;
  }
}

/** The window once the vault is open: sidebar, top bar with search, the page. */
export function AppFrame({
  initialStatus,
  onLocked,
}: {
  /** What unlocking returned, shown until vault_status answers. */
  initialStatus: VaultStatus | null;
  onLocked: (status: VaultStatus | null) => void;
}) {
  // Today is the home screen: what needs someone, right after unlocking.
  const [route, setRoute] = useState<Route>({ page: 'today' });
  // Every committed write (from this window, the CLI or a restore) refreshes the views it shows.
  useBookChanged();
  // Once per unlock (the frame lives as long as the vault is open), in the background.
  const scoring = useHealthScoringJob();
  // The daily backup, checked on unlock and hourly, in the background.
  useDailyBackup();
  // Unsaved form input, kept while the vault is open (see lib/keptState).
  const [drafts] = useState(() => new KeptDrafts());
  // An empty book has nothing for Today: it offers a start instead. Shares the account list's first query.
  const book = useAccountList(NO_FILTERS, { by: 'name', descending: false });
  const emptyBook = book.total === 0;
  // Pages that keep their filters and place while an account is visited mount on first visit, then stay.
  const [portfolioSeen, setPortfolioSeen] = useState(false);
  if (route.page === 'portfolio' && !portfolioSeen) setPortfolioSeen(true);

  const status = useQuery({
    queryKey: vaultStatusKey,
    queryFn: () => commands.vaultStatus(),
    placeholderData: initialStatus ?? undefined,
  });
  const current = status.data ?? initialStatus;

  const lock = useMutation({
    mutationFn: () => commands.vaultLock(),
    onSuccess: () => onLocked(current),
  });

  useWindowTitle(route);

  // File → Lock in the native menu does what the Lock button does.
  const lockRef = useRef(lock);
  useEffect(() => {
    lockRef.current = lock;
  });
  useEffect(
    () =>
      onMenuItem((item) => {
        if (item === 'lock' && !lockRef.current.isPending) lockRef.current.mutate();
      }),
    [],
  );

  // How many visits wait for the executive's review, on the Review item: the
  // number Today's "Visits awaiting your review" shows, from the same answer.
  const today = useToday();
  const waitingCount = today.data?.awaiting_review.total ?? 0;

  const openHit = (hit: SearchHit) => setRoute(routeForHit(hit));
  const section = sectionOf(route);

  return (
    <ScoringContext.Provider value={scoring}>
    <KeptDraftsContext.Provider value={drafts}>
    <div className="frame" data-testid="app-frame">
      <aside className="sidebar">
        <div className="sidebar-brand">
          <Brand />
        </div>
        <nav className="sidebar-nav" aria-label="Sections">
          {SECTIONS.map(({ page, label, Icon, testId }) => (
            <button
              key={page}
              type="button"
              className={section === page ? 'nav-item nav-item-active' : 'nav-item'}
              aria-current={section === page ? 'page' : undefined}
              data-testid={testId}
              onClick={() => setRoute({ page })}
            >
              <Icon />
              {label}
              {page === 'review' && waitingCount > 0 && (
                <>
                  <span className="nav-count" data-testid="nav-review-count" aria-hidden="true">
                    {waitingCount}
                  </span>
                  <span className="visually-hidden">, {waitingCount} waiting</span>
                </>
              )}
            </button>
          ))}
        </nav>
        <div className="sidebar-footer">
          <ScoringStatus />
          {lock.isError && (
            <p className="sidebar-error" role="alert">
              {lock.error.message}
            </p>
          )}
          <Button
            className="lock-button"
            variant="ghost"
            data-testid="lock-button"
            pending={lock.isPending}
            pendingLabel="Locking…"
            onClick={() => lock.mutate()}
          >
            <LockIcon />
            Lock
          </Button>
          <p
            className="vault-status"
            data-testid="vault-status"
            title={current ? `${current.path}\nSchema ${current.schema_version}` : undefined}
          >
            <ShieldIcon width={14} height={14} />
            <span>{current ? `Encrypted · SQLCipher ${current.cipher_version}` : 'Encrypted'}</span>
          </p>
        </div>
      </aside>

      <div className="main">
        <header className="topbar">
          <GlobalSearch onOpen={openHit} />
        </header>
        <NavigateContext.Provider value={setRoute}>
          <main className="content">
            <AppClockGate page={route.page}>
              {/* The account list and the portfolio stay mounted (hidden) so their filters and place survive a visit to an account. */}
              <div hidden={route.page !== 'accounts'}>
                <AccountsPage onOpen={(id) => setRoute({ page: 'account', id })} emptyExtra={<SampleBookOffer />} />
              </div>
              {portfolioSeen && (
                <div hidden={route.page !== 'portfolio'}>
                  <PortfolioPage onOpen={(id) => setRoute({ page: 'account', id, back: { page: 'portfolio' } })} />
                </div>
              )}
              {route.page === 'account' && (
                <AccountPage
                  key={`${route.id}:${route.tab ?? ''}:${route.focus ?? ''}`}
                  accountId={route.id}
                  initialTab={route.tab}
                  focusId={route.focus ?? null}
                  backLabel={backLabel(route.back)}
                  onBack={() => setRoute(route.back ?? { page: 'accounts' })}
                />
              )}
              {route.page === 'people' && <OurPeoplePage />}
              {route.page === 'import' && <ImportPage onOpenAccounts={() => setRoute({ page: 'accounts' })} />}
              {route.page === 'today' && (
                <TodayPage onOpen={(item) => setRoute(routeFor(item))} emptyBook={emptyBook ? <FirstRun onAccounts={() => setRoute({ page: 'accounts' })} /> : null} />
              )}
              {route.page === 'trash' && <TrashPage />}
              {route.page === 'meetings' && <MeetingsPage />}
              {route.page === 'meeting' && <MeetingPage key={route.id} meetingId={route.id} back={route.back} />}
              {route.page === 'blueprint' && <BlueprintPage key={route.id} blueprintId={route.id} back={route.back} />}
              {route.page === 'review' && <ReviewPage />}
              {route.page === 'settings' && <SettingsPage />}
            </AppClockGate>
          </main>
        </NavigateContext.Provider>
        <Toaster />
      </div>
    </div>
    </KeptDraftsContext.Provider>
    </ScoringContext.Provider>
  );
}

/** Today on an empty book: where to start, instead of "all clear". */
function FirstRun({ onAccounts }: { onAccounts: () => void }) {
  return (
    <div className="empty" data-testid="today-first-run">
      <div className="empty-icon" aria-hidden="true">
        <BuildingIcon width={24} height={24} />
      </div>
      <h2>Nothing here yet</h2>
      <p>Today lists what needs you across your accounts: visits to review, meetings, overdue contact and goals. Start by adding an account.</p>
      <Button variant="primary" data-testid="today-go-accounts" onClick={onAccounts}>
        Go to Accounts
      </Button>
      <SampleBookOffer />
    </div>
  );
}
