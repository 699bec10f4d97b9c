import type { KeyboardEvent } from 'react';
import type { MeetingSummary } from '../ipc';
import { kindLabel } from './labels';
import { StateBadge } from './StateBadge';
import { formatDayHeading, formatTimeRange, splitLocal, zoneLabel } from './time';
import type { LocalDate } from './time';

export type DayGroup = { date: LocalDate; meetings: MeetingSummary[] };

/** Meetings by the local date they start on (where they happen), in time order within a day. */
export function groupByLocalDay(meetings: readonly MeetingSummary[], newestFirst = false): DayGroup[] {
  const groups = new Map<LocalDate, MeetingSummary[]>();
  for (const m of meetings) {
    const { date } = splitLocal(m.starts_local);
    const list = groups.get(date);
    if (list) list.push(m);
    else groups.set(date, [m]);
  }
  const days = [...groups.entries()].map(([date, list]) => ({
    date,
    meetings: list.sort((a, b) => a.starts_local.localeCompare(b.starts_local) || a.title.localeCompare(b.title)),
  }));
  days.sort((a, b) => a.date.localeCompare(b.date));
  return newestFirst ? days.reverse() : days;
}

export function attendeesText(m: Pick<MeetingSummary, 'ours_attending' | 'theirs_attending'>): string {
  const total = m.ours_attending + m.theirs_attending;
  if (total === 0) return 'No attendees yet';
  return `${total} attending (${m.ours_attending} ours, ${m.theirs_attending} theirs)`;
}

/** ↑/↓ between the rows' titles, so the list reads without a mouse. */
function moveFocus(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const target = event.target as HTMLElement;
  if (!target.matches('[data-row-focus]')) return;
  const all = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-row-focus]')];
  const index = all.indexOf(target);
  const next = all[index + (event.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  event.preventDefault();
  next.focus();
}

/**
 * The meetings of a range, a heading per local day. Each row: the local time
 * and its zone, account, title (opens it), kind, review state, attendees, and
 * a checkbox for packs and calendar files.
 */
export function MeetingList({
  meetings,
  selected,
  onToggle,
  onOpen,
  today,
  newestFirst = false,
}: {
  meetings: readonly MeetingSummary[];
  selected: ReadonlySet<string>;
  onToggle: (ids: readonly string[], on: boolean) => void;
  onOpen: (id: string) => void;
  today: LocalDate;
  newestFirst?: boolean;
}) {
  const days = groupByLocalDay(meetings, newestFirst);
  return (
    <div className="meeting-days" data-testid="meeting-list" onKeyDown={moveFocus}>
      {days.map((day) => {
        const ids = day.meetings.map((m) => m.id);
        const allOn = ids.every((id) => selected.has(id));
        return (
          <section key={day.date} className="meeting-day" data-testid="meeting-day" data-date={day.date} aria-label={formatDayHeading(day.date)}>
            <header className="meeting-day-head">
              <label className="checkbox meeting-day-check">
                <input
                  type="checkbox"
                  checked={allOn}
                  aria-label={`Select every meeting on ${formatDayHeading(day.date)}`}
                  data-testid="meeting-day-select"
                  onChange={(event) => onToggle(ids, event.target.checked)}
                />
              </label>
              <h2 className="meeting-day-title" data-testid="meeting-day-title">
                {formatDayHeading(day.date)}
              </h2>
              {day.date === today && <span className="badge badge-accent">Today</span>}
            </header>
            <ul className="meeting-rows">
              {day.meetings.map((m) => (
                <li
                  key={m.id}
                  className={selected.has(m.id) ? 'meeting-row meeting-row-selected' : 'meeting-row'}
                  data-testid="meeting-row"
                  data-id={m.id}
                >
                  <input
                    type="checkbox"
                    className="meeting-row-check"
                    checked={selected.has(m.id)}
                    aria-label={`Select ${m.title}`}
                    data-testid="meeting-select"
                    onChange={(event) => onToggle([m.id], event.target.checked)}
                  />
                  <span className="meeting-row-time">
                    <span className="meeting-time" data-testid="meeting-time">
                      {formatTimeRange(m.starts_local, m.ends_local)}
                    </span>
                    <span className="meeting-zone">{zoneLabel(m.time_zone, m.starts_utc)}</span>
                  </span>
                  <span className="meeting-row-main">
                    <button
                      type="button"
                      className="link-button meeting-row-title"
                      data-row-focus
                      data-testid="meeting-open"
                      onClick={() => onOpen(m.id)}
                    >
                      {m.title}
                    </button>
                    <span className="meeting-row-sub">
                      {m.account_name}
                      {m.location && ` · ${m.location}`}
                      {m.trip && ` · Trip: ${m.trip}`}
                    </span>
                  </span>
                  <span className="badge badge-kind meeting-row-kind">{kindLabel(m.kind)}</span>
                  <StateBadge state={m.state} />
                  <span className="meeting-row-people" title={attendeesText(m)}>
                    {m.ours_attending + m.theirs_attending}
                    <span className="visually-hidden"> {attendeesText(m)}</span>
                    <span aria-hidden="true" className="muted">
                      {' '}
                      people
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
