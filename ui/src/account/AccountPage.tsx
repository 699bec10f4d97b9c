import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { AccountView, Flag, Person } from '../ipc';
import { matches, tabOf, useBackShortcut, useKeydown } from '../lib/shortcuts';
import { OrgChart } from '../map/OrgChart';
import { AccountBlueprints } from '../blueprint/AccountBlueprints';
import { AccountMeetings } from '../meetings/AccountMeetings';
import { RelationshipMap } from '../map/RelationshipMap';
import { Button } from '../ui/Button';
import { AlertIcon } from '../ui/icons';
import { Tabs, tabPanelProps } from '../ui/Tabs';
import type { TabItem } from '../ui/Tabs';
import { Toaster } from '../ui/Toaster';
import { CarePanel } from '../care/CarePanel';
import { FeedbackPanel } from '../care/FeedbackPanel';
import { StoriesPanel } from '../care/StoriesPanel';
import { CommitmentsPanel } from '../commitments/CommitmentsPanel';
import { AnalysisPanel } from './AnalysisPanel';
import { DetailsForm } from './DetailsForm';
import { OpenFormsContext } from './formKit';
import { InteractionsTab } from './InteractionsTab';
import { flagLabel, formatAmount, formatDay, statusLabel, tierLabel } from './labels';
import { mapRisks, toMapPeople, toMapTie, toPlannedMapTie } from './mapProps';
import { PeopleTab } from './PeopleTab';
import { accountKey, useMoveToTrash } from './queries';
import './account.css';

export type AccountTab =
  | 'overview'
  | 'people'
  | 'interactions'
  | 'meetings'
  | 'map'
  | 'org-chart'
  | 'blueprint'
  | 'health'
  | 'feedback';

const TABS: readonly TabItem<AccountTab>[] = [
  { id: 'overview', label: 'Overview', testId: 'tab-overview', shortcut: 'Ctrl+1' },
  { id: 'people', label: 'People & ties', testId: 'tab-people', shortcut: 'Ctrl+2' },
  { id: 'interactions', label: 'Interactions', testId: 'tab-interactions', shortcut: 'Ctrl+3' },
  { id: 'meetings', label: 'Meetings', testId: 'tab-meetings', shortcut: 'Ctrl+4' },
  { id: 'map', label: 'Map', testId: 'tab-map', shortcut: 'Ctrl+5' },
  { id: 'org-chart', label: 'Org chart', testId: 'tab-org-chart', shortcut: 'Ctrl+6' },
  { id: 'blueprint', label: 'Blueprint', testId: 'tab-blueprint', shortcut: 'Ctrl+7' },
  { id: 'health', label: 'Health', testId: 'tab-health', shortcut: 'Ctrl+8' },
  { id: 'feedback', label: 'Feedback & stories', testId: 'tab-feedback', shortcut: 'Ctrl+9' },
];

const TAB_ID_BASE = 'account';

/**
 * One account: header with flags, then tabs for the details and analysis, the
 * people and ties, the interaction log, the meetings, the relationship map,
 * their org chart, the blueprints, the account's health, and its feedback and stories.
 */
export function AccountPage({
  accountId,
  onBack,
  initialTab = 'overview',
  focusId = null,
  backLabel = 'Accounts',
}: {
  accountId: string;
  onBack: () => void;
  /** Where Back goes, as its button says it. */
  backLabel?: string;
  /** The tab to open on (Today opens feedback on its tab). */
  initialTab?: AccountTab;
  /** A piece of feedback to select on the feedback tab. */
  focusId?: string | null;
}) {
  const view = useQuery({ queryKey: accountKey(accountId), queryFn: () => commands.accountView(accountId) });
  const [tab, setTab] = useState<AccountTab>(initialTab);
  // Panels mount on first visit and then stay, so a half-filled form survives a look at the map.
  const [visited, setVisited] = useState<ReadonlySet<AccountTab>>(() => new Set(['overview', initialTab]));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const openForms = useRef(0);

  const show = useCallback((next: AccountTab) => {
    setTab(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
  }, []);

  const registerForm = useCallback(() => {
    openForms.current += 1;
    return () => {
      openForms.current -= 1;
    };
  }, []);

  // Escape or Alt+Left goes back (not while a form is open); Ctrl+1…9 picks a tab.
  useBackShortcut(onBack, () => openForms.current > 0);
  useKeydown((event) => {
    if (event.defaultPrevented || !matches('accountTab', event)) return;
    const target = TABS[tabOf(event) ?? -1];
    if (!target) return;
    event.preventDefault();
    show(target.id);
  });

  const selectOnMap = useCallback(
    (id: string) => {
      setSelectedId(id);
      show('map');
    },
    [show],
  );

  return (
    <OpenFormsContext.Provider value={registerForm}>
      <div className="page account-page" data-testid="account-page">
        <div>
          <Button variant="ghost" size="sm" data-testid="back-button" aria-keyshortcuts="Escape Alt+ArrowLeft" onClick={onBack}>
            <span aria-hidden="true">←</span> {backLabel}
          </Button>
        </div>

        {view.isPending && (
          <div className="panel panel-loading" aria-busy="true">
            Loading the account…
          </div>
        )}

        {view.isError && (
          <div className="panel panel-error" role="alert" data-testid="account-error">
            <p>
              {view.error instanceof AppError && view.error.code === 'not_found'
                ? 'This account is not there any more. It may have been moved to the trash.'
                : view.error.message}
            </p>
            <Button size="sm" onClick={() => void view.refetch()}>
              Try again
            </Button>
          </div>
        )}

        {view.data && (
          <Loaded
            view={view.data}
            tab={tab}
            visited={visited}
            onTab={show}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onSelectOnMap={selectOnMap}
            onBack={onBack}
            focusId={focusId}
          />
        )}
      </div>
      <Toaster fallback />
    </OpenFormsContext.Provider>
  );
}

function Loaded({
  view,
  tab,
  visited,
  onTab,
  selectedId,
  onSelect,
  onSelectOnMap,
  onBack,
  focusId,
}: {
  focusId: string | null;
  view: AccountView;
  tab: AccountTab;
  visited: ReadonlySet<AccountTab>;
  onTab: (tab: AccountTab) => void;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onSelectOnMap: (id: string) => void;
  onBack: () => void;
}) {
  const { account, flags, relationship } = view;
  const moveToTrash = useMoveToTrash(account.id);
  const [focusRequest, setFocusRequest] = useState<{ field: 'owner_id' | 'sponsor_id' } | null>(null);

  const remove = useMutation({
    mutationFn: () => moveToTrash('account', account.id, account.name),
    onSuccess: onBack,
  });

  const theirPeople = useMemo(
    () => relationship.theirs.filter((p) => p.active).map((p) => ({ id: p.id, name: p.name })),
    [relationship],
  );
  const people = useMemo(() => {
    const byId = new Map<string, Person>();
    for (const p of [...relationship.ours, ...relationship.theirs]) byId.set(p.id, p);
    return byId;
  }, [relationship]);
  const mapPeople = useMemo(
    () => toMapPeople([...relationship.ours, ...relationship.planned_people], relationship.theirs),
    [relationship],
  );
  const mapTies = useMemo(
    () => [...relationship.connections.map(toMapTie), ...relationship.planned.map(toPlannedMapTie)],
    [relationship],
  );
  const risks = useMemo(() => mapRisks(relationship.analysis, relationship.connections), [relationship]);

  const strategicOrKey = account.tier !== 'growth';
  const noOwner = flags.includes('no_owner') || (strategicOrKey && !account.owner_id);
  const noSponsor = flags.includes('no_sponsor') || (strategicOrKey && !account.sponsor_id);
  const missing = [noOwner && 'relationship owner', noSponsor && 'executive sponsor'].filter(Boolean).join(' or ');
  const allFlags: Flag[] = [
    ...(noOwner ? (['no_owner'] as const) : []),
    ...(noSponsor ? (['no_sponsor'] as const) : []),
    ...flags.filter((f) => f !== 'no_owner' && f !== 'no_sponsor'),
  ];

  const fixOwnership = () => {
    onTab('overview');
    // Ask after the tab shows, so the select is visible when it takes focus.
    window.setTimeout(() => setFocusRequest({ field: noOwner ? 'owner_id' : 'sponsor_id' }));
  };

  return (
    <>
      <header className="account-header">
        <div className="account-heading">
          <h1 data-testid="account-title">{account.name}</h1>
          <span className={`badge badge-${account.tier}`} data-testid="account-tier">
            {tierLabel(account.tier)}
          </span>
          <span className={`badge badge-status badge-status-${account.status}`} data-testid="account-status">
            {statusLabel(account.status)}
          </span>
        </div>
        <p className="account-meta">
          <span>
            Owner: {account.owner_name ?? <span className="muted">nobody</span>}
          </span>
          <span>
            Sponsor: {account.sponsor_name ?? <span className="muted">nobody</span>}
          </span>
          {account.industry && <span>{account.industry}</span>}
          {account.region && <span>{account.region}</span>}
          {account.annual_revenue !== null && <span>Revenue {formatAmount(account.annual_revenue, account.currency)}</span>}
          <span>Last contact: {view.last_contact ? formatDay(view.last_contact) : 'never'}</span>
        </p>
        <div className="account-header-actions">
          <Button
            size="sm"
            variant="ghost"
            data-testid="delete-account"
            pending={remove.isPending}
            pendingLabel="Deleting…"
            onClick={() => remove.mutate()}
          >
            Delete account
          </Button>
        </div>
      </header>

      <ul className="account-flags" data-testid="account-flags" aria-label="Flags">
        {allFlags.map((flag) => (
          <li key={flag} className="flag-warn" data-testid="account-flag" data-flag={flag}>
            <AlertIcon width={13} height={13} />
            {flagLabel(flag)}
          </li>
        ))}
      </ul>

      {strategicOrKey && (noOwner || noSponsor) && (
        <div className="ownership-warning" role="alert" data-testid="ownership-warning">
          <AlertIcon width={18} height={18} />
          <p>
            <strong>
              This {tierLabel(account.tier).toLowerCase()} account has no {missing}.
            </strong>{' '}
            Every strategic and key account needs a named owner and an executive sponsor on our side.
          </p>
          <Button size="sm" data-testid="fix-ownership" onClick={fixOwnership}>
            Name them
          </Button>
        </div>
      )}

      <Tabs items={TABS} value={tab} onChange={onTab} label="Account sections" idBase={TAB_ID_BASE} />

      <div {...tabPanelProps(TAB_ID_BASE, 'overview', tab)} className="tab-panel">
        <div className="stack">
          <AnalysisPanel analysis={relationship.analysis} people={people} onSelectPerson={onSelectOnMap} />
          <DetailsForm account={account} focusRequest={focusRequest} />
        </div>
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'people', tab)} className="tab-panel">
        {visited.has('people') && (
          <PeopleTab account={account} relationship={relationship} selectedId={selectedId} onSelect={onSelectOnMap} />
        )}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'interactions', tab)} className="tab-panel">
        {visited.has('interactions') && (
          <div className="stack">
            <InteractionsTab view={view} />
            {/* Every promise at the account, wherever it was made: kept or dropped here later. */}
            <CommitmentsPanel
              accountId={account.id}
              people={[...relationship.ours, ...relationship.theirs]
                .filter((p) => p.active)
                .map((p) => ({ id: p.id, name: p.name, side: p.side }))}
              title="Promises at this account"
            />
          </div>
        )}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'meetings', tab)} className="tab-panel">
        {visited.has('meetings') && <AccountMeetings accountId={account.id} accountName={account.name} />}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'map', tab)} className="tab-panel">
        {visited.has('map') && (
          <RelationshipMap people={mapPeople} ties={mapTies} risks={risks} selectedId={selectedId} onSelect={onSelect} />
        )}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'org-chart', tab)} className="tab-panel">
        {visited.has('org-chart') && <OrgChart people={mapPeople} selectedId={selectedId} onSelect={onSelect} />}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'blueprint', tab)} className="tab-panel">
        {visited.has('blueprint') && <AccountBlueprints accountId={account.id} accountName={account.name} />}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'health', tab)} className="tab-panel">
        {visited.has('health') && <CarePanel accountId={account.id} />}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'feedback', tab)} className="tab-panel stack">
        {visited.has('feedback') && (
          <>
            <FeedbackPanel accountId={account.id} theirPeople={theirPeople} focusId={focusId} />
            <StoriesPanel accountId={account.id} />
          </>
        )}
      </div>
    </>
  );
}
