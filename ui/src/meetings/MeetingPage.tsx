import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { MeetingView } from '../ipc';
import { useNavigate } from '../frame/routes';
import type { Route } from '../frame/routes';
import { AudienceSelect, useAudience } from '../lib/audience';
import { matches, tabOf, useBackShortcut, useKeydown } from '../lib/shortcuts';
import { Button } from '../ui/Button';
import { CalendarIcon, PrinterIcon } from '../ui/icons';
import { Tabs, tabPanelProps } from '../ui/Tabs';
import type { TabItem } from '../ui/Tabs';
import { showToast } from '../ui/toast';
import { CommitmentsPanel } from '../commitments/CommitmentsPanel';
import { appToday } from '../lib/clock';
import { BriefPreview } from './BriefPreview';
import { GatePanel } from './GatePanel';
import { kindLabel } from './labels';
import { MeetingForm } from './MeetingForm';
import { briefKey, meetingViewKey, runExport, useInvalidateMeetings, useSettings } from './queries';
import { StateBadge } from './StateBadge';
import { History, Thread } from './Thread';
import { browserZone, formatLocalWhen, homeTimeLine, zoneLabel } from './time';
import './meetings.css';

type MeetingTab = 'details' | 'brief' | 'history';

const TABS: readonly TabItem<MeetingTab>[] = [
  { id: 'details', label: 'Details', testId: 'tab-details', shortcut: 'Ctrl+1' },
  { id: 'brief', label: 'Brief', testId: 'tab-brief', shortcut: 'Ctrl+2' },
  { id: 'history', label: 'History', testId: 'tab-history', shortcut: 'Ctrl+3' },
];
const TAB_ID_BASE = 'meeting';

function backLabel(back: Route | undefined): string {
  switch (back?.page) {
    case 'review':
      return 'Review';
    case 'account':
      return 'Account';
    default:
      return 'Meetings';
  }
}

/**
 * One executive visit: when (local and at home), the review gate, the
 * executive's questions and the team's answers, and tabs for the details,
 * the brief as it will print, and the history of the gate.
 */
export function MeetingPage({ meetingId, back }: { meetingId: string; back?: Route }) {
  const navigate = useNavigate();
  const view = useQuery({ queryKey: meetingViewKey(meetingId), queryFn: () => commands.meetingView(meetingId) });
  const [tab, setTab] = useState<MeetingTab>('details');
  const goBack = useCallback(() => navigate(back ?? { page: 'meetings' }), [navigate, back]);

  // Escape or Alt+Left goes back when the user is not typing; Ctrl+1…3 picks a tab.
  useBackShortcut(goBack);
  useKeydown((event) => {
    if (event.defaultPrevented || !matches('meetingTab', event)) return;
    const target = TABS[tabOf(event) ?? -1];
    if (!target) return;
    event.preventDefault();
    setTab(target.id);
  });

  return (
    <div className="page meeting-page" data-testid="meeting-page">
      <div>
        <Button variant="ghost" size="sm" data-testid="back-button" aria-keyshortcuts="Escape Alt+ArrowLeft" onClick={goBack}>
          <span aria-hidden="true">←</span> {backLabel(back)}
        </Button>
      </div>
      {view.isPending && (
        <div className="panel panel-loading" aria-busy="true">
          Loading the meeting…
        </div>
      )}
      {view.isError && (
        <div className="panel panel-error" role="alert" data-testid="meeting-error">
          <p>
            {view.error instanceof AppError && view.error.code === 'not_found'
              ? 'This meeting is not there any more. It may have been moved to the trash.'
              : view.error.message}
          </p>
          <Button size="sm" onClick={() => void view.refetch()}>
            Try again
          </Button>
        </div>
      )}
      {view.data && <Loaded view={view.data} tab={tab} onTab={setTab} onGone={goBack} />}
    </div>
  );
}

function Loaded({
  view,
  tab,
  onTab,
  onGone,
}: {
  view: MeetingView;
  tab: MeetingTab;
  onTab: (tab: MeetingTab) => void;
  onGone: () => void;
}) {
  const navigate = useNavigate();
  const { meeting } = view;
  const settings = useSettings();
  const invalidate = useInvalidateMeetings();
  const [exporting, setExporting] = useState<'brief' | 'calendar' | null>(null);
  // Where the brief's "changes since" list starts: the last visit, or a day the user picks.
  const [since, setSince] = useState<{ mode: 'last' | 'date'; day: string }>({ mode: 'last', day: '' });
  const audience = useAudience();
  const [deleting, setDeleting] = useState(false);
  const [briefSeen, setBriefSeen] = useState(tab === 'brief');
  if (tab === 'brief' && !briefSeen) setBriefSeen(true);

  const brief = useQuery({
    queryKey: briefKey(meeting.id),
    queryFn: () => commands.briefPreview(meeting.id),
    enabled: briefSeen,
  });

  const home = settings.data?.home_time_zone ?? browserZone();
  const homeLine = homeTimeLine(meeting.starts_utc, meeting.ends_utc, home, meeting.time_zone, meeting.starts_local);
  const canReopen = view.actions.find((a) => a.action === 'reopen')?.allowed ?? false;
  const ours = view.attendees.filter((a) => a.side === 'ours');
  const theirs = view.attendees.filter((a) => a.side === 'theirs');

  const exportBrief = async () => {
    setExporting('brief');
    const day = since.mode === 'date' && since.day !== '' ? since.day : null;
    await runExport('Brief', () => commands.briefExport(meeting.id, day, audience.audience));
    audience.exported();
    setExporting(null);
  };

  const addToCalendar = async () => {
    setExporting('calendar');
    await runExport('Calendar file', () =>
      commands.calendarExport({ ids: [meeting.id] }, meeting.title, audience.audience),
    );
    audience.exported();
    setExporting(null);
  };

  const remove = async () => {
    setDeleting(true);
    const label = `“${meeting.title}”`;
    try {
      await commands.trashDelete('meeting', meeting.id);
    } catch (error) {
      setDeleting(false);
      showToast({ message: `Couldn't delete ${label}: ${AppError.from(error).message}`, tone: 'error' });
      return;
    }
    void invalidate();
    showToast({
      message: `${label} moved to the trash.`,
      action: {
        label: 'Undo',
        testId: 'undo-button',
        run: async () => {
          try {
            await commands.trashRestore('meeting', meeting.id);
            showToast({ message: `${label} restored.` });
          } catch (error) {
            showToast({ message: `Couldn't restore ${label}: ${AppError.from(error).message}`, tone: 'error' });
          }
          await invalidate();
        },
      },
    });
    onGone();
  };

  return (
    <>
      <header className="meeting-header">
        <div className="account-heading">
          <h1 data-testid="meeting-title">{meeting.title}</h1>
          <StateBadge state={meeting.state} testId="meeting-state" />
          <span className="badge badge-kind">{kindLabel(meeting.kind)}</span>
        </div>
        <div className="meeting-header-actions button-row">
          <AudienceSelect
            value={audience.audience}
            onChange={audience.choose}
            testId="brief-audience"
            disabled={exporting !== null}
          />
          <Button
            size="sm"
            variant="primary"
            data-testid="brief-export"
            pending={exporting === 'brief'}
            pendingLabel="Exporting…"
            disabled={exporting !== null}
            onClick={() => void exportBrief()}
          >
            <PrinterIcon />
            Export brief (PDF)
          </Button>
          <label className="brief-since">
            <span>Changes since</span>
            <select
              className="input brief-since-input"
              data-testid="brief-since-mode"
              value={since.mode}
              onChange={(event) => setSince({ ...since, mode: event.target.value === 'date' ? 'date' : 'last' })}
            >
              <option value="last">the last visit</option>
              <option value="date">a date…</option>
            </select>
          </label>
          {since.mode === 'date' && (
            <input
              type="date"
              className="input brief-since-input"
              aria-label="Changes since this date"
              data-testid="brief-since-date"
              value={since.day}
              onChange={(event) => setSince({ ...since, day: event.target.value })}
            />
          )}
          <Button
            size="sm"
            data-testid="meeting-calendar"
            pending={exporting === 'calendar'}
            pendingLabel="Saving…"
            disabled={exporting !== null}
            onClick={() => void addToCalendar()}
          >
            <CalendarIcon />
            Add to calendar
          </Button>
          <Button size="sm" variant="ghost" data-testid="meeting-delete" pending={deleting} pendingLabel="Deleting…" onClick={() => void remove()}>
            Delete
          </Button>
        </div>
        <div className="meeting-facts">
          <p>
            <button
              type="button"
              className="link-button"
              data-testid="meeting-account"
              onClick={() => navigate({ page: 'account', id: meeting.account_id })}
            >
              {view.account_name}
            </button>
            {meeting.location && <span> · {meeting.location}</span>}
            {meeting.trip && <span> · Trip: {meeting.trip}</span>}
          </p>
          <p className="meeting-when" data-testid="meeting-when">
            {formatLocalWhen(meeting.starts_local, meeting.ends_local)}{' '}
            <span className="muted">{zoneLabel(meeting.time_zone, meeting.starts_utc)}</span>
          </p>
          {homeLine && (
            <p className="meeting-home" data-testid="meeting-home-time">
              {homeLine}
            </p>
          )}
          <p className="meeting-people" data-testid="meeting-attendees">
            {view.attendees.length === 0
              ? 'No attendees yet'
              : [
                  ours.length > 0 && `Ours: ${ours.map((a) => a.name + (a.gone ? ' (gone)' : '')).join(', ')}`,
                  theirs.length > 0 && `Theirs: ${theirs.map((a) => a.name + (a.gone ? ' (gone)' : '')).join(', ')}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
          </p>
        </div>
      </header>

      <GatePanel view={view} />

      {/* The follow-up: what each side promised in this meeting, made on its day (today for one still ahead). */}
      <CommitmentsPanel
        accountId={meeting.account_id}
        meetingId={meeting.id}
        madeOn={meeting.starts_local.slice(0, 10) <= appToday() ? meeting.starts_local.slice(0, 10) : null}
        people={view.attendees.filter((a) => !a.gone).map((a) => ({ id: a.id, name: a.name, side: a.side }))}
        title="Promises made in this meeting"
      />

      <section className="section" aria-labelledby="thread-title">
        <h2 id="thread-title">Questions and answers</h2>
        <Thread view={view} />
      </section>

      <Tabs items={TABS} value={tab} onChange={onTab} label="Meeting sections" idBase={TAB_ID_BASE} />
      <div {...tabPanelProps(TAB_ID_BASE, 'details', tab)} className="tab-panel">
        <MeetingForm mode="edit" meeting={meeting} accountName={view.account_name} canReopen={canReopen} />
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'brief', tab)} className="tab-panel">
        {brief.isPending && briefSeen && (
          <div className="panel panel-loading" aria-busy="true" data-testid="brief-loading">
            Preparing the brief…
          </div>
        )}
        {brief.isError && (
          <div className="panel panel-error" role="alert" data-testid="brief-error">
            <p>{brief.error.message}</p>
            <Button size="sm" onClick={() => void brief.refetch()}>
              Try again
            </Button>
          </div>
        )}
        {brief.data && <BriefPreview doc={brief.data} />}
      </div>
      <div {...tabPanelProps(TAB_ID_BASE, 'history', tab)} className="tab-panel">
        <History events={view.events} />
      </div>
    </>
  );
}
