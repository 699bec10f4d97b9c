import { useCallback, useMemo, useRef, useState } from 'react';
import { commands } from '../ipc';
import type { Meeting, MeetingQuery } from '../ipc';
import { useNavigate } from '../frame/routes';
import { useAudience } from '../lib/audience';
import { isTypingTarget } from '../lib/keyboard';
import { matches, useKeydown } from '../lib/shortcuts';
import { useKeptState } from '../lib/keptState';
import { Button } from '../ui/Button';
import { CalendarIcon, PlusIcon } from '../ui/icons';
import { MeetingForm, useForgetNewMeeting } from './MeetingForm';
import { MeetingList } from './MeetingList';
import { PackExport } from './PackExport';
import type { PackRange } from './PackExport';
import { runExport, useMeetingList } from './queries';
import { addDays, formatDayShort, mondayOf, todayDate } from './time';
import type { LocalDate } from './time';
import { WeekView } from './WeekView';
import './meetings.css';

export type RangeKey = 'week' | 'next14' | 'upcoming' | 'past';

const RANGES: readonly { key: RangeKey; label: string }[] = [
  { key: 'week', label: 'This week' },
  { key: 'next14', label: 'Next 14 days' },
  { key: 'upcoming', label: 'All upcoming' },
  { key: 'past', label: 'Past' },
];

/** The dates a range covers, on the meetings' own local calendars. */
export function rangeDates(key: RangeKey, today: LocalDate): { from: LocalDate | null; to: LocalDate | null } {
  switch (key) {
    case 'week': {
      const monday = mondayOf(today);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'next14':
      return { from: today, to: addDays(today, 13) };
    case 'upcoming':
      return { from: today, to: null };
    case 'past':
      // A year back: the list is capped, and the recent past is what people look for.
      return { from: addDays(today, -365), to: addDays(today, -1) };
  }
}

function rangeLabel(from: LocalDate | null, to: LocalDate | null): string {
  if (from && to) return `${formatDayShort(from)} – ${formatDayShort(to)}`;
  if (from) return `From ${formatDayShort(from)} on`;
  if (to) return `Until ${formatDayShort(to)}`;
  return 'Every meeting';
}

type Mode = 'list' | 'week';

/**
 * Executive visits: a list by local day over a range, or a week at a glance.
 * N plans a new meeting. Ticked meetings (or the range, or a trip) go into a
 * meeting pack or a calendar file.
 */
export function MeetingsPage() {
  const navigate = useNavigate();
  const today = todayDate();
  const [mode, setMode] = useState<Mode>('list');
  const [range, setRange] = useState<RangeKey>('next14');
  const [monday, setMonday] = useState<LocalDate>(() => mondayOf(today));
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  // A half-planned meeting is still open, with its text, after a visit elsewhere.
  const [formOpen, setFormOpen] = useKeptState('meeting-new-open', false);
  const forgetNewMeeting = useForgetNewMeeting(null);
  const [packOpen, setPackOpen] = useState(false);
  const [calendarPending, setCalendarPending] = useState(false);
  // The calendar goes to whoever the last export was for.
  const audience = useAudience();
  const newButtonRef = useRef<HTMLButtonElement>(null);

  const dates = mode === 'week' ? { from: monday, to: addDays(monday, 6) } : rangeDates(range, today);
  const query: MeetingQuery = useMemo(() => ({ from: dates.from, to: dates.to }), [dates.from, dates.to]);
  const list = useMeetingList(query);
  const meetings = useMemo(() => list.data ?? [], [list.data]);

  // A selection only holds meetings on screen.
  const visibleSelected = useMemo(() => meetings.filter((m) => selected.has(m.id)).map((m) => m.id), [meetings, selected]);

  const openMeeting = useCallback((id: string) => navigate({ page: 'meeting', id, back: { page: 'meetings' } }), [navigate]);

  const openForm = useCallback(() => setFormOpen(true), [setFormOpen]);
  const closeForm = useCallback(() => {
    setFormOpen(false);
    forgetNewMeeting();
    newButtonRef.current?.focus();
  }, [setFormOpen, forgetNewMeeting]);

  // N plans a meeting unless the user is typing. Captured first so the (hidden)
  // accounts page does not take the same key for its own form.
  useKeydown(
    (event) => {
      if (event.defaultPrevented || !matches('new', event) || isTypingTarget(event.target)) return;
      event.preventDefault();
      openForm();
    },
    { capture: true },
  );

  // Escape closes the form from anywhere on the page (inside it, the form handles it first).
  useKeydown(
    (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      closeForm();
    },
    { enabled: formOpen },
  );

  const toggle = (ids: readonly string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const onCreated = (meeting: Meeting) => {
    setFormOpen(false);
    openMeeting(meeting.id);
  };

  const label = mode === 'week' ? `Week of ${formatDayShort(monday)}` : rangeLabel(dates.from, dates.to);
  const packRange: PackRange = { from: dates.from, to: dates.to, label };

  const addToCalendar = async () => {
    setCalendarPending(true);
    const useSelection = visibleSelected.length > 0;
    const calendarQuery: MeetingQuery = useSelection ? { ids: visibleSelected } : query;
    const name = useSelection ? `Meetings (${visibleSelected.length})` : `Meetings ${label}`;
    await runExport('Calendar file', () => commands.calendarExport(calendarQuery, name, audience.audience));
    setCalendarPending(false);
  };

  return (
    <div className="page meetings-page" data-testid="meetings-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Meetings</h1>
          <p className="page-subtitle" data-testid="meetings-total">
            {list.isSuccess ? `${meetings.length} ${meetings.length === 1 ? 'meeting' : 'meetings'} · ${label}` : label}
          </p>
        </div>
        <Button
          ref={newButtonRef}
          variant="primary"
          data-testid="meeting-new"
          aria-keyshortcuts="N"
          aria-expanded={formOpen}
          onClick={openForm}
        >
          <PlusIcon />
          New meeting
          <kbd className="btn-kbd" aria-hidden="true">
            N
          </kbd>
        </Button>
      </header>

      {formOpen && <MeetingForm mode="create" onCreated={onCreated} onCancel={closeForm} />}

      <div className="meetings-toolbar">
        <div className="segmented-buttons" role="group" aria-label="View">
          <button
            type="button"
            className={mode === 'list' ? 'seg-button seg-button-on' : 'seg-button'}
            aria-pressed={mode === 'list'}
            data-testid="meetings-view-list"
            onClick={() => setMode('list')}
          >
            List
          </button>
          <button
            type="button"
            className={mode === 'week' ? 'seg-button seg-button-on' : 'seg-button'}
            aria-pressed={mode === 'week'}
            data-testid="meetings-view-week"
            onClick={() => setMode('week')}
          >
            Week
          </button>
        </div>

        {mode === 'list' ? (
          <div className="segmented-buttons" role="group" aria-label="Dates">
            {RANGES.map((r) => (
              <button
                key={r.key}
                type="button"
                className={range === r.key ? 'seg-button seg-button-on' : 'seg-button'}
                aria-pressed={range === r.key}
                data-testid={`meetings-range-${r.key}`}
                onClick={() => setRange(r.key)}
              >
                {r.label}
              </button>
            ))}
          </div>
        ) : (
          <div className="button-row week-nav">
            <Button size="sm" aria-label="Previous week" data-testid="week-prev" onClick={() => setMonday((m) => addDays(m, -7))}>
              ←
            </Button>
            <Button size="sm" data-testid="week-today" disabled={monday === mondayOf(today)} onClick={() => setMonday(mondayOf(today))}>
              This week
            </Button>
            <Button size="sm" aria-label="Next week" data-testid="week-next" onClick={() => setMonday((m) => addDays(m, 7))}>
              →
            </Button>
            <span className="week-label" data-testid="week-label" aria-live="polite">
              {formatDayShort(monday)} – {formatDayShort(addDays(monday, 6))}
            </span>
          </div>
        )}

        <div className="button-row meetings-actions">
          {visibleSelected.length > 0 && (
            <Button size="sm" variant="ghost" data-testid="meetings-clear-selection" onClick={() => setSelected(new Set())}>
              Clear selection ({visibleSelected.length})
            </Button>
          )}
          <Button size="sm" data-testid="calendar-export" pending={calendarPending} pendingLabel="Saving…" onClick={() => void addToCalendar()}>
            <CalendarIcon />
            {visibleSelected.length > 0 ? `Add ${visibleSelected.length} to calendar (.ics)` : 'Add to calendar (.ics)'}
          </Button>
          <Button size="sm" data-testid="pack-export-open" aria-expanded={packOpen} onClick={() => setPackOpen(true)}>
            {visibleSelected.length > 0 ? `Export pack (${visibleSelected.length})…` : 'Export pack…'}
          </Button>
        </div>
      </div>

      {packOpen && (
        <PackExport
          selection={visibleSelected}
          range={packRange}
          onClose={() => setPackOpen(false)}
        />
      )}

      {list.isPending && (
        <div className="panel panel-loading" aria-busy="true" data-testid="meetings-loading">
          Loading meetings…
        </div>
      )}
      {list.isError && (
        <div className="panel panel-error" role="alert" data-testid="meetings-error">
          <p>{list.error.message}</p>
          <Button size="sm" onClick={() => void list.refetch()}>
            Retry
          </Button>
        </div>
      )}

      {list.isSuccess && mode === 'week' && <WeekView monday={monday} meetings={meetings} today={today} onOpen={openMeeting} />}

      {list.isSuccess && mode === 'list' && meetings.length === 0 && (
        <div className="empty empty-compact" data-testid="meetings-empty">
          <div className="empty-icon" aria-hidden="true">
            <CalendarIcon width={24} height={24} />
          </div>
          <h2>{range === 'past' ? 'No meetings in the past year' : 'No meetings in these dates'}</h2>
          <p>Plan an executive visit: press N, or use the button.</p>
          <Button variant="primary" data-testid="meetings-empty-new" onClick={openForm}>
            <PlusIcon />
            New meeting
          </Button>
        </div>
      )}

      {list.isSuccess && mode === 'list' && meetings.length > 0 && (
        <MeetingList
          meetings={meetings}
          selected={selected}
          onToggle={toggle}
          onOpen={openMeeting}
          today={today}
          newestFirst={range === 'past'}
        />
      )}
    </div>
  );
}
