import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportProgress, MeetingQuery, PackRequest } from '../ipc';
import { callsTo, channelSender, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { summary } from './fixtures';
import { groupByLocalDay } from './MeetingList';
import { MeetingsPage } from './MeetingsPage';
import { addDays, mondayOf, todayDate } from './time';
import { weekColumns } from './WeekView';

afterEach(() => clearToasts());

// Late evening in Tokyo is still the morning of the same day in UTC; late
// evening in Los Angeles is already the next day in UTC. Each belongs to the
// day on its own wall clock.
const TOKYO = summary({
  id: 'm-tokyo',
  title: 'Dinner in Tokyo',
  starts_local: '2026-11-24T21:00',
  ends_local: '2026-11-24T23:00',
  time_zone: 'Asia/Tokyo',
  starts_utc: '2026-11-24T12:00:00Z',
  ends_utc: '2026-11-24T14:00:00Z',
});
const LA = summary({
  id: 'm-la',
  title: 'Late call from LA',
  starts_local: '2026-11-24T18:30',
  ends_local: '2026-11-24T19:30',
  time_zone: 'America/Los_Angeles',
  starts_utc: '2026-11-25T02:30:00Z',
  ends_utc: '2026-11-25T03:30:00Z',
});
const OSLO = summary({
  id: 'm-oslo',
  title: 'Breakfast in Oslo',
  starts_local: '2026-11-25T08:00',
  ends_local: '2026-11-25T09:00',
  time_zone: 'Europe/Oslo',
  starts_utc: '2026-11-25T07:00:00Z',
  ends_utc: '2026-11-25T08:00:00Z',
  state: 'approved',
});

function renderPage(handlers: Record<string, IpcHandler> = {}, meetings = [TOKYO, LA, OSLO]) {
  const calls = mockCommands({
    meeting_list: () => meetings,
    meeting_trips: () => ['Asia tour'],
    settings_get: () => ({ your_name: 'Dana Reyes', home_time_zone: 'Europe/London', traveller: 'Ingrid Solberg' }),
    export_audience_get: () => 'executive',
    ...handlers,
  });
  const rendered = renderWithProviders(
    <>
      <MeetingsPage />
      <Toaster />
    </>,
  );
  return { ...rendered, calls };
}

describe('grouping by the meeting’s own day', () => {
  it('uses the local date, not the UTC one', () => {
    const days = groupByLocalDay([OSLO, LA, TOKYO]);
    expect(days.map((d) => [d.date, d.meetings.map((m) => m.id)])).toEqual([
      ['2026-11-24', ['m-la', 'm-tokyo']],
      ['2026-11-25', ['m-oslo']],
    ]);
    expect(groupByLocalDay([OSLO, LA], true).map((d) => d.date)).toEqual(['2026-11-25', '2026-11-24']);
  });

  it('puts a meeting in the week on its local day', () => {
    const columns = weekColumns('2026-11-23', [LA, TOKYO, OSLO]);
    expect(columns.map((c) => c.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(columns[1].meetings.map((m) => m.id)).toEqual(['m-la', 'm-tokyo']);
    expect(columns[2].meetings.map((m) => m.id)).toEqual(['m-oslo']);
  });
});

describe('the meetings page', () => {
  it('lists meetings under a heading per local day with time, zone, account and state', async () => {
    const { calls } = renderPage();
    const days = await screen.findAllByTestId('meeting-day');
    expect(days.map((d) => d.dataset.date)).toEqual(['2026-11-24', '2026-11-25']);
    const first = within(days[0]).getAllByTestId('meeting-row');
    expect(first.map((r) => r.dataset.id)).toEqual(['m-la', 'm-tokyo']);
    expect(within(first[0]).getByTestId('meeting-time')).toHaveTextContent('18:30–19:30');
    expect(first[0]).toHaveTextContent('America/Los_Angeles');
    expect(first[0]).toHaveTextContent('Brightwater Foods');
    expect(first[0]).toHaveTextContent('Executive business review');
    expect(first[0]).toHaveTextContent('submitted');
    expect(within(days[1]).getByTestId('meeting-row')).toHaveTextContent('approved');

    // The default range: the next 14 days, by local date.
    const today = todayDate();
    expect(callsTo(calls, 'meeting_list')[0]?.args?.query).toEqual({ from: today, to: addDays(today, 13) });
  });

  it('switches ranges and says when a range is empty', async () => {
    const { user, calls } = renderPage({}, []);
    expect(await screen.findByTestId('meetings-empty')).toHaveTextContent('No meetings in these dates');
    await user.click(screen.getByTestId('meetings-range-upcoming'));
    await waitFor(() => expect(callsTo(calls, 'meeting_list').at(-1)?.args?.query).toEqual({ from: todayDate(), to: null }));
    expect(screen.getByTestId('meetings-range-upcoming')).toHaveAttribute('aria-pressed', 'true');
  });

  it('shows a week Monday to Sunday with each meeting on its local day and today marked', async () => {
    const monday = mondayOf(todayDate());
    const wednesday = addDays(monday, 2);
    const lateInLA = summary({
      id: 'm-week',
      title: 'Late call from LA',
      starts_local: `${wednesday}T22:00`,
      ends_local: `${wednesday}T23:00`,
      time_zone: 'America/Los_Angeles',
      // Already Thursday in UTC.
      starts_utc: `${addDays(wednesday, 1)}T06:00:00Z`,
      ends_utc: `${addDays(wednesday, 1)}T07:00:00Z`,
    });
    const { user, calls } = renderPage({}, [lateInLA]);
    await screen.findByTestId('meeting-list');
    await user.click(screen.getByTestId('meetings-view-week'));

    const week = await screen.findByTestId('week-view');
    const days = within(week).getAllByTestId('week-day');
    expect(days.map((d) => d.dataset.date)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
    expect(within(days[2]).getByTestId('week-card')).toHaveTextContent('Late call from LA');
    expect(within(days[3]).queryByTestId('week-card')).not.toBeInTheDocument();
    expect(days.find((d) => d.dataset.date === todayDate())).toHaveAttribute('data-today', 'true');
    expect(callsTo(calls, 'meeting_list').at(-1)?.args?.query).toEqual({ from: monday, to: addDays(monday, 6) });

    await user.click(screen.getByTestId('week-next'));
    await waitFor(() =>
      expect(callsTo(calls, 'meeting_list').at(-1)?.args?.query).toEqual({ from: addDays(monday, 7), to: addDays(monday, 13) }),
    );
  });

  it('opens the new meeting form with N', async () => {
    const { user } = renderPage({ people_ours: () => [] });
    await screen.findByTestId('meeting-list');
    await user.keyboard('n');
    expect(await screen.findByTestId('meeting-form')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('meeting-form')).not.toBeInTheDocument();
  });
});

describe('exporting a meeting pack', () => {
  it('shows progress from Rust, and Cancel stops it', async () => {
    let send: ((p: ExportProgress) => void) | null = null;
    let fail: (() => void) | null = null;
    const { user, calls } = renderPage({
      pack_export: (args) => {
        send = channelSender<ExportProgress>(args?.progress);
        return new Promise((_, reject) => {
          // Rust answers a cancel by stopping and rejecting with `cancelled`.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          fail = () => reject({ code: 'cancelled', message: 'cancelled', field: null });
        });
      },
      export_cancel: () => {
        fail?.();
        return null;
      },
    });
    const rows = await screen.findAllByTestId('meeting-row');
    await user.click(within(rows[0]).getByTestId('meeting-select'));
    await user.click(within(rows[2]).getByTestId('meeting-select'));
    await user.click(screen.getByTestId('pack-export-open'));

    const panel = await screen.findByTestId('pack-export');
    expect(within(panel).getByTestId('pack-source-selection')).toBeChecked();
    expect(within(panel).getByTestId('pack-traveller')).toHaveValue('Ingrid Solberg');
    await user.click(within(panel).getByTestId('pack-start'));

    await waitFor(() => expect(callsTo(calls, 'pack_export')).toHaveLength(1));
    const request = callsTo(calls, 'pack_export')[0]?.args?.request as PackRequest;
    expect(request.meeting_ids).toEqual(['m-la', 'm-oslo']);
    expect(request.traveller).toBe('Ingrid Solberg');

    act(() => send!({ done: 1, total: 4 }));
    const bar = await screen.findByTestId('pack-progress');
    expect(bar).toHaveAttribute('value', '1');
    expect(bar).toHaveAttribute('max', '4');
    expect(screen.getByTestId('pack-progress-text')).toHaveTextContent('Rendering 1 of 4…');
    act(() => send!({ done: 3, total: 4 }));
    expect(screen.getByTestId('pack-progress')).toHaveAttribute('value', '3');

    await user.click(screen.getByTestId('pack-cancel'));
    expect(callsTo(calls, 'export_cancel')).toHaveLength(1);
    expect(await screen.findByText('Meeting pack cancelled. Nothing was saved.')).toBeInTheDocument();
    expect(screen.queryByTestId('pack-progress')).not.toBeInTheDocument();
    expect(screen.getByTestId('pack-start')).toBeEnabled();
  });

  it('exports a trip and offers to open the file', async () => {
    const { user, calls } = renderPage({
      pack_export: (args) => {
        channelSender<ExportProgress>(args?.progress)({ done: 5, total: 5 });
        return { path: '/home/ana/Documents/Meeting pack Asia tour.pdf', pages: 12, bytes: 48000, meetings: 3 };
      },
      export_open: () => null,
    });
    await screen.findAllByTestId('meeting-row');
    await user.click(screen.getByTestId('pack-export-open'));
    await user.click(await screen.findByTestId('pack-source-trip'));
    expect(screen.getByTestId('pack-trip')).toHaveValue('Asia tour');
    const traveller = screen.getByTestId('pack-traveller');
    await user.clear(traveller);
    await user.type(traveller, 'Dana Reyes');
    await user.click(screen.getByTestId('pack-start'));

    const toast = await screen.findByText('Saved Meeting pack Asia tour.pdf (12 pages)');
    expect(callsTo(calls, 'pack_export')[0]?.args?.request).toEqual({
      traveller: 'Dana Reyes',
      include_declined: false,
      trip: 'Asia tour',
    });
    expect(screen.queryByTestId('pack-export')).not.toBeInTheDocument();
    await user.click(within(toast.closest('li')!).getByTestId('export-open'));
    expect(callsTo(calls, 'export_open')[0]?.args).toEqual({ path: '/home/ana/Documents/Meeting pack Asia tour.pdf' });
  });

  it('keeps the panel and says why when nothing matches', async () => {
    const { user } = renderPage({
      pack_export: () => ipcFailure('validation', 'no meetings match; widen the dates or pick meetings', 'from'),
    });
    await screen.findAllByTestId('meeting-row');
    await user.click(screen.getByTestId('pack-export-open'));
    await user.click(await screen.findByTestId('pack-start'));
    expect(await screen.findByTestId('pack-error')).toHaveTextContent('No meetings match; widen the dates or pick meetings');
    expect(screen.getByTestId('pack-export')).toBeInTheDocument();
  });

  it('adds the ticked meetings to a calendar file', async () => {
    const { user, calls } = renderPage({
      calendar_export: () => ({ path: '/tmp/Meetings (1).ics', pages: 0, bytes: 900, meetings: 1 }),
    });
    const rows = await screen.findAllByTestId('meeting-row');
    await user.click(within(rows[1]).getByTestId('meeting-select'));
    await user.click(screen.getByTestId('calendar-export'));
    expect(await screen.findByText('Saved Meetings (1).ics (1 meeting)')).toBeInTheDocument();
    expect(callsTo(calls, 'calendar_export')[0]?.args).toEqual({
      query: { ids: ['m-tokyo'] } satisfies MeetingQuery,
      name: 'Meetings (1)',
      audience: 'executive',
    });
  });

  it('exports a pack for one audience and shows a refusal on the audience choice', async () => {
    const { user, calls } = renderPage({
      pack_export: () =>
        ipcFailure('validation', 'a pack shareable with the customer is for one customer, and these meetings are with A, B', 'audience'),
    });
    await user.click(await screen.findByTestId('pack-export-open'));
    await user.selectOptions(await screen.findByTestId('pack-audience'), 'shareable');
    await user.click(screen.getByTestId('pack-start'));
    expect(await screen.findByTestId('pack-error-audience')).toHaveTextContent('is for one customer');
    expect(callsTo(calls, 'pack_export')[0]?.args?.audience).toBe('shareable');
  });
});
