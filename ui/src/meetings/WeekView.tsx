import type { MeetingSummary } from '../ipc';
import { kindLabel } from './labels';
import { StateBadge } from './StateBadge';
import { addDays, formatDayHeading, formatDayOfMonth, formatTimeRange, formatWeekday, splitLocal, zoneAbbreviation } from './time';
import type { LocalDate } from './time';

/** The seven days from `monday`, each with the meetings that start on it (local date), in time order. */
export function weekColumns(monday: LocalDate, meetings: readonly MeetingSummary[]) {
  return Array.from({ length: 7 }, (_, i) => {
    const date = addDays(monday, i);
    const onDay = meetings
      .filter((m) => splitLocal(m.starts_local).date === date)
      .sort((a, b) => a.starts_local.localeCompare(b.starts_local) || a.title.localeCompare(b.title));
    return { date, meetings: onDay };
  });
}

/** Monday to Sunday, a column per day, each meeting a card on the day it happens where it happens. */
export function WeekView({
  monday,
  meetings,
  today,
  onOpen,
}: {
  monday: LocalDate;
  meetings: readonly MeetingSummary[];
  today: LocalDate;
  onOpen: (id: string) => void;
}) {
  const columns = weekColumns(monday, meetings);
  return (
    <div className="week" data-testid="week-view" role="group" aria-label={`Week of ${formatDayHeading(monday)}`}>
      {columns.map((day) => (
        <section
          key={day.date}
          className={day.date === today ? 'week-day week-day-today' : 'week-day'}
          data-testid="week-day"
          data-date={day.date}
          data-today={day.date === today || undefined}
          aria-label={`${formatDayHeading(day.date)}${day.date === today ? ' (today)' : ''}: ${day.meetings.length} ${day.meetings.length === 1 ? 'meeting' : 'meetings'}`}
          aria-current={day.date === today ? 'date' : undefined}
        >
          <header className="week-day-head">
            <span className="week-day-name">{formatWeekday(day.date)}</span>
            <span className="week-day-date">{formatDayOfMonth(day.date)}</span>
          </header>
          <ul className="week-cards">
            {day.meetings.map((m) => (
              <li key={m.id}>
                <button type="button" className={`week-card week-card-${m.state}`} data-testid="week-card" data-id={m.id} onClick={() => onOpen(m.id)}>
                  <span className="week-card-time">
                    {formatTimeRange(m.starts_local, m.ends_local)}{' '}
                    <span className="muted">{zoneAbbreviation(m.time_zone, m.starts_utc) ?? m.time_zone}</span>
                  </span>
                  <span className="week-card-title">{m.title}</span>
                  <span className="week-card-account">{m.account_name}</span>
                  <span className="week-card-meta">
                    <StateBadge state={m.state} />
                    <span className="muted">{kindLabel(m.kind)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {day.meetings.length === 0 && <p className="week-empty">—</p>}
        </section>
      ))}
    </div>
  );
}
