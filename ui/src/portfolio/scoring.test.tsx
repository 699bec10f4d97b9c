import { act, screen, waitFor, within } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportProgress } from '../ipc';
import { AppFrame } from '../frame/AppFrame';
import { callsTo, channelSender, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { accountRow, appClock, vaultStatus } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { todayView } from '../today/fixtures';
import { clearToasts } from '../ui/toast';
import { portfolio, sampleRows } from './fixtures';

afterEach(() => clearToasts());

const base: Record<string, IpcHandler> = {
  vault_status: () => vaultStatus(),
  account_query: () => ({ total: 1, offset: 0, rows: [accountRow({ id: 'acc-1', name: 'Northwind Health' })] }),
  people_ours: () => [],
  meeting_list: () => [],
  today_view: () => todayView(),
  clock_now: () => appClock(),
  portfolio_view: () => portfolio(sampleRows(), { stale: 150 }),
};

/** A portfolio_score that waits for the test: progress to send, and the end to answer. */
function controlledScore() {
  const job = {
    send: (_: ExportProgress) => {},
    finish: (_: number) => {},
    fail: (_: unknown) => {},
  };
  const handler: IpcHandler = (args) => {
    job.send = channelSender<ExportProgress>(args?.progress);
    return new Promise((resolve, reject) => {
      job.finish = resolve;
      job.fail = reject;
    });
  };
  return { job, handler };
}

function renderFrame(handlers: Record<string, IpcHandler>, strict = false) {
  const calls = mockCommands({ ...base, ...handlers });
  const frame = <AppFrame initialStatus={null} onLocked={() => {}} />;
  const rendered = renderWithProviders(strict ? <StrictMode>{frame}</StrictMode> : frame);
  return { ...rendered, calls };
}

describe('the home screen', () => {
  it('opens on Today, with the portfolio next in the sidebar; an account opened from the portfolio goes back to it', async () => {
    const { user } = renderFrame({ portfolio_score: () => 0, account_view: () => new Promise(() => {}) });
    expect(await screen.findByTestId('today-page')).toBeInTheDocument();
    expect(screen.getByTestId('nav-today')).toHaveAttribute('aria-current', 'page');
    const nav = within(screen.getByRole('navigation', { name: 'Sections' }));
    expect(nav.getAllByRole('button').map((b) => b.getAttribute('data-testid')).slice(0, 3)).toEqual([
      'nav-today',
      'nav-portfolio',
      'nav-accounts',
    ]);

    await user.click(screen.getByTestId('nav-portfolio'));
    expect(await screen.findByTestId('portfolio-page')).toBeVisible();
    expect(screen.getByTestId('nav-portfolio')).toHaveAttribute('aria-current', 'page');
    await user.click(screen.getByTestId('portfolio-filter-attention'));
    await user.click((await screen.findAllByTestId('portfolio-row'))[0]);

    expect(await screen.findByTestId('account-page')).toBeInTheDocument();
    // Still the portfolio's section, and Back says where it goes.
    expect(screen.getByTestId('nav-portfolio')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('back-button')).toHaveTextContent('Portfolio');
    await user.click(screen.getByTestId('back-button'));
    expect(screen.getByTestId('portfolio-page')).toBeVisible();
    // The filters survived the visit.
    expect(screen.getByTestId('portfolio-filter-attention')).toHaveAttribute('aria-pressed', 'true');
  });

  it('offers an empty book a start on Today; the sample loads, comes back to Today and is scored', async () => {
    let loaded = false;
    const { user, calls } = renderFrame({
      account_query: () => ({
        total: loaded ? 1 : 0,
        offset: 0,
        rows: loaded ? [accountRow({ id: 'acc-1', name: 'Northwind Health' })] : [],
      }),
      portfolio_score: () => 0,
      demo_load: () => {
        loaded = true;
        return null;
      },
    });
    const start = await screen.findByTestId('today-first-run');
    expect(screen.queryByTestId('today-all-clear')).not.toBeInTheDocument();
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(1));

    await user.click(within(start).getByTestId('load-sample'));
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(2));
    expect(callsTo(calls, 'demo_load')).toHaveLength(1);
    expect(screen.getByTestId('today-page')).toBeInTheDocument();
    expect(await screen.findByTestId('today-all-clear')).toBeInTheDocument();
  });
});

describe('health scoring after unlock', () => {
  it('runs once in the background, shows its progress, and refreshes the scores when it ends', async () => {
    const { job, handler } = controlledScore();
    let unscored = 150;
    const { user, calls, queryClient } = renderFrame(
      { portfolio_score: handler, portfolio_view: () => portfolio(sampleRows(), { stale: unscored }) },
      true,
    );

    // The app is usable while it runs.
    expect(await screen.findByTestId('today-page')).toBeInTheDocument();
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(1));
    expect(screen.getByTestId('scoring-status')).toHaveTextContent('Scoring health…');

    act(() => job.send({ done: 100, total: 250 }));
    expect(await screen.findByTestId('scoring-text')).toHaveTextContent('Scoring health 100 / 250');

    await user.click(screen.getByTestId('nav-portfolio'));
    expect(await screen.findByTestId('portfolio-stale')).toHaveTextContent(
      '150 accounts not scored today — scoring… 100 / 250',
    );
    act(() => job.send({ done: 200, total: 250 }));
    await waitFor(() => expect(screen.getByTestId('portfolio-stale')).toHaveTextContent('200 / 250'));

    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const portfolioCalls = callsTo(calls, 'portfolio_view').length;
    unscored = 0;
    act(() => job.send({ done: 250, total: 250 }));
    await act(async () => {
      job.finish(250);
      await Promise.resolve();
    });

    await waitFor(() => expect(screen.queryByTestId('scoring-status')).not.toBeInTheDocument());
    const refreshed = invalidate.mock.calls.map(([filters]) => JSON.stringify(filters?.queryKey));
    expect(refreshed).toEqual(expect.arrayContaining(['["portfolio"]', '["today"]', '["care"]']));
    // The portfolio on screen is read again and shows the fresh scores.
    expect(await screen.findByTestId('portfolio-stale')).toHaveTextContent('Every account’s health is scored today.');
    expect(callsTo(calls, 'portfolio_view').length).toBeGreaterThan(portfolioCalls);
    // Once per unlock, even under strict mode's double mount.
    expect(callsTo(calls, 'portfolio_score')).toHaveLength(1);
  });

  it('says quietly when it fails, and Retry runs it again', async () => {
    let attempt = 0;
    const { user, calls } = renderFrame({
      portfolio_score: () => (++attempt === 1 ? ipcFailure('io', 'The disk is full.') : 7),
    });
    const status = await screen.findByTestId('scoring-status');
    await waitFor(() => expect(status).toHaveTextContent('Health scores not updated.'));
    expect(status).toHaveTextContent('The disk is full.');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByTestId('today-page')).toBeInTheDocument();

    await user.click(screen.getByTestId('scoring-retry'));
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId('scoring-status')).not.toBeInTheDocument());
  });

  it('offers to score from the portfolio after a failure', async () => {
    let attempt = 0;
    const { user, calls } = renderFrame({
      portfolio_score: () => (++attempt === 1 ? ipcFailure('internal', 'Something broke.') : 150),
    });
    await screen.findByTestId('scoring-retry');
    await user.click(screen.getByTestId('nav-portfolio'));
    const stale = await screen.findByTestId('portfolio-stale');
    expect(stale).toHaveTextContent('150 accounts not scored today: scoring stopped (Something broke.)');
    await user.click(within(stale).getByTestId('portfolio-score'));
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(2));
  });

  it('says nothing when locking the vault stopped it', async () => {
    const { calls } = renderFrame({ portfolio_score: () => ipcFailure('cancelled', 'cancelled') });
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('scoring-status')).not.toBeInTheDocument());
  });
});
