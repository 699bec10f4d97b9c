import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { today } from '../account/formKit';
import { formatRelativeDay } from '../accounts/format';
import { nextYear, todayIso } from '../blueprint/labels';
import { FeedbackPanel } from '../care/FeedbackPanel';
import { THEIR_PEOPLE } from '../care/fixtures';
import { StoriesPanel } from '../care/StoriesPanel';
import { callsTo, mockCommands } from '../ipc/testing';
import { defaultStart, todayDate } from '../meetings/time';
import { appClock } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { AppClockGate, appNow, appToday, dayOf, resetAppClock, setAppClock } from './clock';
import { todayKey } from './refresh';

afterEach(() => resetAppClock());

// Days far from whatever day the machine running the tests has: the UI must
// never fall back to the webview's own date once the core has answered.
const PAST = appClock({ now: '2019-03-10T12:00:00.000Z', today: '2019-03-10', zone: 'UTC' });
const FUTURE = appClock({ now: '2041-09-20T12:00:00.000Z', today: '2041-09-20', zone: 'UTC' });

describe("the app's clock", () => {
  it('counts today from the core, well before and well after this machine’s date', () => {
    for (const clock of [PAST, FUTURE]) {
      setAppClock(clock);
      expect(appToday()).toBe(clock.today);
      expect(today()).toBe(clock.today);
      expect(todayIso()).toBe(clock.today);
      expect(todayDate()).toBe(clock.today);
      expect(defaultStart().slice(0, 10)).toBe(clock === PAST ? '2019-03-11' : '2041-09-21');
      expect(nextYear().starts_on).toBe(`${Number(clock.today.slice(0, 4)) + 1}-01-01`);
    }
  });

  it('moves on with this machine’s clock from the reading', () => {
    const received = Date.now() - 90_000;
    setAppClock(appClock({ now: '2019-03-10T23:59:00.000Z', zone: 'UTC' }), received);
    // 90 s after a reading at 23:59, the app's day has turned.
    expect(appToday()).toBe('2019-03-11');
    expect(Math.abs(appNow().getTime() - Date.parse('2019-03-11T00:00:30.000Z'))).toBeLessThan(5_000);
  });

  it('counts the day in the user’s home zone', () => {
    const instant = new Date('2026-11-23T23:30:00.000Z');
    expect(dayOf(instant, 'Asia/Tokyo')).toBe('2026-11-24');
    expect(dayOf(instant, 'America/New_York')).toBe('2026-11-23');
    expect(dayOf(instant, 'UTC')).toBe('2026-11-23');
    // A zone this webview does not know falls back to the machine's own.
    expect(dayOf(instant, 'Nowhere/Atlantis')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('says how long ago from the app’s day, not the machine’s', () => {
    setAppClock(FUTURE);
    expect(formatRelativeDay('2041-09-19')).toBe('yesterday');
  });

  it('shows nothing behind the gate until the core has answered, then the page', async () => {
    mockCommands({ clock_now: () => FUTURE });
    function Day() {
      return <p data-testid="behind-gate">{appToday()}</p>;
    }
    renderWithProviders(
      <AppClockGate>
        <Day />
      </AppClockGate>,
    );
    expect(await screen.findByTestId('behind-gate')).toHaveTextContent('2041-09-20');
  });

  it('reads the clock again on another page, and a reading on another day reads Today afresh', async () => {
    let now = PAST;
    const calls = mockCommands({ clock_now: () => now });
    function Day() {
      return <p data-testid="behind-gate">{appToday()}</p>;
    }
    const { rerender, queryClient } = renderWithProviders(
      <AppClockGate page="today">
        <Day />
      </AppClockGate>,
    );
    expect(await screen.findByTestId('behind-gate')).toHaveTextContent('2019-03-10');
    queryClient.setQueryData(todayKey, { shown: 'the day before' });
    expect(queryClient.getQueryState(todayKey)?.isInvalidated).toBe(false);

    // The same day on the next page: Today stays as read.
    rerender(
      <AppClockGate page="accounts">
        <Day />
      </AppClockGate>,
    );
    await waitFor(() => expect(callsTo(calls, 'clock_now')).toHaveLength(2));
    expect(queryClient.getQueryState(todayKey)?.isInvalidated).toBe(false);

    // The clock moved on to another day (midnight, or the test clock).
    now = FUTURE;
    rerender(
      <AppClockGate page="today">
        <Day />
      </AppClockGate>,
    );
    await waitFor(() => expect(queryClient.getQueryState(todayKey)?.isInvalidated).toBe(true));
    expect(callsTo(calls, 'clock_now')).toHaveLength(3);
  });

  it('says so when the clock cannot be read, instead of guessing a day', async () => {
    mockCommands({});
    renderWithProviders(
      <AppClockGate>
        <p data-testid="behind-gate">page</p>
      </AppClockGate>,
    );
    expect(await screen.findByTestId('clock-error', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByTestId('behind-gate')).toBeNull();
  });
});

describe('forms default to the app’s day', () => {
  it('a new piece of feedback is received today on the app’s clock', async () => {
    setAppClock(PAST);
    mockCommands({ feedback_list: () => [], feedback_history: () => [], today_view: () => null });
    const { user } = renderWithProviders(<FeedbackPanel accountId="acc-1" theirPeople={THEIR_PEOPLE} focusId={null} />);
    await user.click(await screen.findByTestId('feedback-new'));
    const date = screen.getByTestId('feedback-field-received_on');
    expect(date).toHaveValue('2019-03-10');
    expect(date).toHaveAttribute('max', '2019-03-10');
  });

  it('a new story happened today on the app’s clock', async () => {
    setAppClock(FUTURE);
    mockCommands({ story_list: () => [], story_departments: () => [], today_view: () => null });
    const { user } = renderWithProviders(<StoriesPanel accountId="acc-1" />);
    await user.click(await screen.findByTestId('story-new'));
    expect(screen.getByTestId('story-field-occurred_on')).toHaveValue('2041-09-20');
  });
});
