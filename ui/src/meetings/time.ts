// Meeting times. `starts_local`/`ends_local` are already the wall clock where
// the meeting happens (in its own `time_zone`), so they are shown as written
// and never passed through the browser's zone. Only the "home time" line and
// the zone's abbreviation are computed, from the UTC instant.
import { appToday } from '../lib/clock';

/** A calendar date, YYYY-MM-DD. */
export type LocalDate = string;

const pad = (n: number) => String(n).padStart(2, '0');

/** The date and time parts of `YYYY-MM-DDTHH:MM`. */
export function splitLocal(local: string): { date: LocalDate; time: string } {
  const [date = '', time = ''] = local.split('T');
  return { date, time: time.slice(0, 5) };
}

function utcOf(date: LocalDate): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function dateOf(utc: Date): LocalDate {
  return `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const t = utcOf(date);
  t.setUTCDate(t.getUTCDate() + days);
  return dateOf(t);
}

/** The Monday of the week `date` is in. */
export function mondayOf(date: LocalDate): LocalDate {
  const weekday = (utcOf(date).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** Today on the user's own calendar: the app's clock in their zone, or the local day of `now` when given. */
export function todayDate(now?: Date): LocalDate {
  if (!now) return appToday();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Formatting a date as a UTC midnight in UTC shows that calendar date whatever the browser's zone.
const dayHeading = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayShort = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const weekdayShort = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
const dayOfMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "Tuesday, 24 November 2026" */
export function formatDayHeading(date: LocalDate): string {
  return dayHeading.format(utcOf(date));
}

/** "Tue 24 Nov" */
export function formatDayShort(date: LocalDate): string {
  return dayShort.format(utcOf(date));
}

export function formatWeekday(date: LocalDate): string {
  return weekdayShort.format(utcOf(date));
}

export function formatDayOfMonth(date: LocalDate): string {
  return dayOfMonth.format(utcOf(date));
}

/** "09:30–11:00", or with the end day when it ends on another day. */
export function formatTimeRange(startsLocal: string, endsLocal: string): string {
  const s = splitLocal(startsLocal);
  const e = splitLocal(endsLocal);
  if (s.date === e.date) return `${s.time}–${e.time}`;
  return `${s.time} – ${formatDayShort(e.date)} ${e.time}`;
}

/** "Tue 24 Nov 2026, 09:30–11:00" */
export function formatLocalWhen(startsLocal: string, endsLocal: string): string {
  const s = splitLocal(startsLocal);
  return `${formatDayHeading(s.date)}, ${formatTimeRange(startsLocal, endsLocal)}`;
}

/** The zone's short name at that instant ("CET", "GMT+1"), or null if Intl does not know the zone. */
export function zoneAbbreviation(zone: string, utc: string): string | null {
  const instant = new Date(utc);
  if (Number.isNaN(instant.getTime())) return null;
  try {
    const parts = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'short' }).formatToParts(instant);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? null;
  } catch {
    return null;
  }
}

/** "CET · Europe/Oslo", or just the IANA name. */
export function zoneLabel(zone: string, utc: string): string {
  const abbr = zoneAbbreviation(zone, utc);
  return abbr && abbr !== zone ? `${abbr} · ${zone}` : zone;
}

/** The zone this computer is set to. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

let zones: readonly string[] | null = null;

/** Every IANA zone the runtime knows, with UTC. */
export function allZones(): readonly string[] {
  if (!zones) {
    let list: string[] = [];
    try {
      list = Intl.supportedValuesOf('timeZone');
    } catch {
      list = [];
    }
    zones = [...new Set([...list, 'UTC', browserZone()])].sort();
  }
  return zones;
}

/**
 * The meeting's time at the traveller's home: "08:30–10:00 GMT at home
 * (Europe/London)", with the day when it differs. Null when home is the
 * meeting's own zone or the times cannot be read.
 */
export function homeTimeLine(
  startsUtc: string,
  endsUtc: string,
  homeZone: string,
  meetingZone: string,
  startsLocal: string,
): string | null {
  if (!homeZone || homeZone === meetingZone) return null;
  const start = new Date(startsUtc);
  const end = new Date(endsUtc);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  let parts: (d: Date) => Record<string, string>;
  try {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone: homeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    parts = (d) => Object.fromEntries(format.formatToParts(d).map((p) => [p.type, p.value]));
  } catch {
    return null;
  }
  const s = parts(start);
  const e = parts(end);
  const sDate = `${s.year}-${s.month}-${s.day}`;
  const eDate = `${e.year}-${e.month}-${e.day}`;
  const sTime = `${s.hour}:${s.minute}`;
  const eTime = `${e.hour}:${e.minute}`;
  const abbr = zoneAbbreviation(homeZone, startsUtc);
  const zone = abbr && abbr !== homeZone ? `${abbr} ` : '';
  const sameDay = sDate === splitLocal(startsLocal).date && sDate === eDate;
  const range = sameDay
    ? `${sTime}–${eTime}`
    : sDate === eDate
      ? `${formatDayShort(sDate)} ${sTime}–${eTime}`
      : `${formatDayShort(sDate)} ${sTime} – ${formatDayShort(eDate)} ${eTime}`;
  return `${range} ${zone}at home (${homeZone})`;
}

/** A local wall-clock time one day ahead at `hour`:00, for a new meeting. */
export function defaultStart(now?: Date, hour = 9): string {
  return `${addDays(todayDate(now), 1)}T${pad(hour)}:00`;
}

/** An hour after a local time (keeps the date when it can). */
export function oneHourAfter(local: string): string {
  const { date, time } = splitLocal(local);
  const [h = 0, m = 0] = time.split(':').map(Number);
  if (!date || Number.isNaN(h)) return local;
  if (h >= 23) return `${addDays(date, 1)}T${pad(h - 23)}:${pad(m)}`;
  return `${date}T${pad(h + 1)}:${pad(m)}`;
}
