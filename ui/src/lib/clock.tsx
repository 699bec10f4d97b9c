// The app's clock, as the core keeps it. "Now" and "today" come from Rust
// (`clock_now`: the app's clock and the user's home zone), never from this
// webview's own date: a form that defaulted to the browser's day could offer a
// day the core calls "in the future", or count "overdue" from another day.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { commands } from '../ipc';
import type { AppClock } from '../ipc';
import { todayKey } from './refresh';

export const clockKey = ['clock'] as const;

type Reading = { offsetMs: number; zone: string | null };

// Until the frame has read the core's clock (unit tests that render a form on
// its own), days are counted on this machine's clock.
let reading: Reading = { offsetMs: 0, zone: null };

/** Takes a reading of the core's clock; `receivedAt` is this machine's time when it arrived. */
export function setAppClock(clock: AppClock, receivedAt: number = Date.now()): void {
  const core = Date.parse(clock.now);
  reading = { offsetMs: Number.isNaN(core) ? 0 : core - receivedAt, zone: clock.zone };
}

/** Forgets the reading (tests; locking). */
export function resetAppClock(): void {
  reading = { offsetMs: 0, zone: null };
}

/** Now, on the app's clock: the core's time, moving on with this machine's. */
export function appNow(): Date {
  return new Date(Date.now() + reading.offsetMs);
}

/** The user's calendar day (YYYY-MM-DD) at `instant`, in their home zone when they set one. */
export function dayOf(instant: Date, zone: string | null = reading.zone): string {
  const parts = dayParts(zone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Today (YYYY-MM-DD) on the app's clock, in the user's zone. */
export function appToday(): string {
  return dayOf(appNow());
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dayParts(zone: string | null): Intl.DateTimeFormat {
  const key = zone ?? '';
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: zone ?? undefined, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      // A zone this webview does not know: the machine's own, as the core does without one.
      format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    formats.set(key, format);
  }
  return format;
}

/**
 * Reads the core's clock once the vault is open, again every minute (the day
 * turns; the test clock moves), on every move to another page, and whenever
 * settings change the home zone. When a reading lands on another day, Today
 * (what is due depends on the day) is read afresh. Renders its children only
 * once the first reading is in, so no form can default to the webview's day.
 */
export function AppClockGate({ children, page }: { children: ReactNode; page?: string }) {
  const client = useQueryClient();
  const clock = useQuery({
    queryKey: clockKey,
    queryFn: async () => {
      const before = hasReading ? appToday() : null;
      const value = await commands.clockNow();
      setAppClock(value);
      hasReading = true;
      if (before !== null && appToday() !== before) void client.invalidateQueries({ queryKey: todayKey });
      return value;
    },
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    retry: 2,
  });
  const shownPage = useRef(page);
  useEffect(() => {
    if (shownPage.current === page) return;
    shownPage.current = page;
    void client.invalidateQueries({ queryKey: clockKey });
  }, [page, client]);
  useEffect(
    () => () => {
      resetAppClock();
      hasReading = false;
    },
    [],
  );
  if (clock.data) return <>{children}</>;
  if (clock.isError) {
    return (
      <p className="frame-error" role="alert" data-testid="clock-error">
        Rapport could not read its clock: {clock.error.message}
      </p>
    );
  }
  return null;
}

/** Whether the gate has taken a reading since it opened (a day change is only news after the first). */
let hasReading = false;
