import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Portfolio } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { OVERSCAN, ROW_HEIGHT } from '../lib/useVirtualRows';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { exported, portfolio, portfolioRow, sampleRows } from './fixtures';
import { layoutPoints } from './PortfolioChart';
import { toEntry } from './model';
import { PortfolioPage } from './PortfolioPage';

afterEach(() => clearToasts());

function renderPage(view: Portfolio | IpcHandler = portfolio(sampleRows()), handlers: Record<string, IpcHandler> = {}) {
  const calls = mockCommands({
    portfolio_view: typeof view === 'function' ? view : () => view,
    export_audience_get: () => 'executive',
    ...handlers,
  });
  const onOpen = vi.fn<(accountId: string) => void>();
  const rendered = renderWithProviders(
    <>
      <PortfolioPage onOpen={onOpen} />
      <Toaster />
    </>,
  );
  return { ...rendered, calls, onOpen };
}

const names = () => screen.getAllByTestId<HTMLTableRowElement>('portfolio-row').map((row) => within(row).getByTestId('portfolio-name').textContent);
const rowOf = (name: string) => {
  const row = screen.getAllByTestId<HTMLTableRowElement>('portfolio-row').find((r) => within(r).getByTestId('portfolio-name').textContent === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};

describe('the portfolio', () => {
  it('shows which departments make the success and the horror stories across every account', async () => {
    const { calls } = renderPage(portfolio(sampleRows()), {
      story_departments: () => [
        { department: 'Support', success: 1, horror: 3, open_horror: 2 },
        { department: 'Engineering', success: 4, horror: 0, open_horror: 0 },
      ],
    });
    const table = await screen.findByTestId('portfolio-departments');
    expect(callsTo(calls, 'story_departments')[0]?.args).toEqual({ accountId: null });
    const rows = within(table).getAllByTestId('story-department');
    expect(rows.map((r) => r.textContent)).toEqual(['Support132', 'Engineering400']);
    expect(rows[0]?.querySelector('.care-warn')).toHaveTextContent('2');
  });

  it('shows every account with its revenue, health, trend, blueprint, goals, meeting, people and signals', async () => {
    renderPage(portfolio(sampleRows(), { stale: 3 }));
    await screen.findAllByTestId('portfolio-row');
    expect(screen.getByTestId('portfolio-count')).toHaveTextContent('Showing 5 of 5');
    expect(screen.getByTestId('portfolio-stale')).toHaveTextContent('3 accounts not scored today');

    const bright = rowOf('Brightwater Foods');
    expect(bright).toHaveTextContent('Strategic');
    expect(within(bright).getByTestId('portfolio-revenue').textContent).toMatch(/48(\.0)?M/);
    expect(within(bright).getByTestId('portfolio-health')).toHaveTextContent('82');
    expect(bright.querySelector('.health-bar-fill')).toHaveClass('health-good');
    expect(within(bright).getByTestId('portfolio-trend')).toHaveTextContent('▲ +6');
    expect(bright).toHaveTextContent('Track');
    expect(within(bright).getByTestId('portfolio-approved')).toHaveTextContent('approved');
    expect(bright).toHaveTextContent('Board dinner');
    expect(bright.querySelector('time')).toHaveAttribute('dateTime', '2026-11-24T18:00:00Z');
    expect(bright).toHaveTextContent('Dana Reyes');
    expect(bright).toHaveTextContent('Sam Okafor');
    expect(within(bright).queryByTestId('portfolio-signal')).not.toBeInTheDocument();

    const nordlys = rowOf('Nordlys Energi');
    expect(nordlys.querySelector('.health-bar-fill')).toHaveClass('health-poor');
    expect(within(nordlys).getByTestId('portfolio-trend')).toHaveTextContent('▼ −12');
    expect(nordlys).toHaveClass('row-critical');
    const signals = within(nordlys)
      .getAllByTestId('portfolio-signal')
      .map((s) => s.textContent);
    expect(signals).toEqual(['No owner', 'Contact rarer', 'Exec contact lapsed']);
    // The fourth and fifth behind "+2".
    expect(nordlys).toHaveTextContent('+2');
    expect(nordlys).toHaveTextContent('45 days overdue');
    expect(nordlys).toHaveTextContent('Key-person risk');

    expect(rowOf('Harbourline Ferries').querySelector('.health-bar-fill')).toHaveClass('health-fair');
    const tessellate = rowOf('Tessellate Robotics');
    expect(within(tessellate).getByTestId('portfolio-health')).toHaveTextContent('—');
    expect(within(tessellate).getByTestId('portfolio-trend')).toHaveTextContent('—');
    expect(within(tessellate).getByTestId('portfolio-revenue')).toHaveTextContent('—');
    expect(tessellate).toHaveTextContent('None');
  });

  it('sorts by health and by revenue from the headers, unknown values last, with aria-sort', async () => {
    const { user } = renderPage();
    await screen.findAllByTestId('portfolio-row');
    expect(names()).toEqual([
      'Aldergrove Foods',
      'Brightwater Foods',
      'Harbourline Ferries',
      'Nordlys Energi',
      'Tessellate Robotics',
    ]);

    await user.click(screen.getByTestId('portfolio-sort-health'));
    const healthHeader = screen.getByTestId('portfolio-sort-health').closest('th');
    expect(healthHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(names()).toEqual([
      'Nordlys Energi',
      'Harbourline Ferries',
      'Aldergrove Foods',
      'Brightwater Foods',
      'Tessellate Robotics',
    ]);
    await user.click(screen.getByTestId('portfolio-sort-health'));
    expect(healthHeader).toHaveAttribute('aria-sort', 'descending');
    expect(names()).toEqual([
      'Brightwater Foods',
      'Aldergrove Foods',
      'Harbourline Ferries',
      'Nordlys Energi',
      'Tessellate Robotics',
    ]);

    // Revenue starts with the biggest; the account without revenue stays last.
    await user.click(screen.getByTestId('portfolio-sort-revenue'));
    expect(screen.getByTestId('portfolio-sort-revenue').closest('th')).toHaveAttribute('aria-sort', 'descending');
    expect(healthHeader).toHaveAttribute('aria-sort', 'none');
    expect(names()).toEqual([
      'Brightwater Foods',
      'Nordlys Energi',
      'Aldergrove Foods',
      'Harbourline Ferries',
      'Tessellate Robotics',
    ]);
    // The header buttons work from the keyboard too.
    screen.getByTestId('portfolio-sort-revenue').focus();
    await user.keyboard('{Enter}');
    expect(names()[0]).toBe('Harbourline Ferries');
    expect(names().at(-1)).toBe('Tessellate Robotics');
  });

  it('narrows table and chart to what needs attention, by tier and by text, and says how many show', async () => {
    const { user } = renderPage();
    await screen.findAllByTestId('portfolio-row');
    expect(screen.getByTestId('portfolio-filter-attention')).toHaveTextContent('2');

    await user.click(screen.getByTestId('portfolio-filter-attention'));
    expect(screen.getByTestId('portfolio-filter-attention')).toHaveAttribute('aria-pressed', 'true');
    // Nordlys: poor health, falling, sliding back, goals overdue. Aldergrove: down exactly 10.
    expect(names()).toEqual(['Aldergrove Foods', 'Nordlys Energi']);
    expect(screen.getByTestId('portfolio-count')).toHaveTextContent('Showing 2 of 5');
    expect(within(screen.getByTestId('portfolio-chart')).getAllByTestId('chart-point')).toHaveLength(2);

    await user.click(screen.getByTestId('portfolio-filter-attention'));
    await user.click(screen.getByTestId('portfolio-filter-tier-growth'));
    expect(names()).toEqual(['Harbourline Ferries', 'Tessellate Robotics']);

    await user.type(screen.getByTestId('portfolio-filter-text'), 'ana ruiz');
    await waitFor(() => expect(screen.getByTestId('portfolio-count')).toHaveTextContent('Showing 2 of 5'));
    await user.clear(screen.getByTestId('portfolio-filter-text'));
    await user.type(screen.getByTestId('portfolio-filter-text'), 'harbour');
    await waitFor(() => expect(names()).toEqual(['Harbourline Ferries']));

    await user.type(screen.getByTestId('portfolio-filter-text'), 'xyz');
    expect(await screen.findByTestId('portfolio-no-match')).toBeInTheDocument();
    await user.click(screen.getByTestId('portfolio-clear-filters'));
    await waitFor(() => expect(screen.getByTestId('portfolio-count')).toHaveTextContent('Showing 5 of 5'));
  });

  it('draws one circle per account shown, sized by margin, and opens the account from a circle', async () => {
    const { user, onOpen } = renderPage();
    const chart = await screen.findByTestId('portfolio-chart');
    const points = within(chart).getAllByTestId('chart-point');
    expect(points).toHaveLength(5);
    const point = (id: string) => points.find((p) => p.getAttribute('data-account-id') === id)!;
    // Area in proportion to margin: the biggest margin gets the biggest circle.
    const r = (id: string) => Number(point(id).getAttribute('r'));
    expect(r('acc-brightwater')).toBeGreaterThan(r('acc-nordlys'));
    expect(r('acc-nordlys')).toBeGreaterThan(r('acc-aldergrove'));
    // No margin: a small ring.
    expect(point('acc-harbour')).toHaveClass('chart-point-hollow');
    expect(point('acc-brightwater')).toHaveClass('chart-strategic');
    // Log scale: ten times the revenue is one step to the right, not ten.
    const cx = (id: string) => Number(point(id).getAttribute('cx'));
    expect(cx('acc-brightwater')).toBeGreaterThan(cx('acc-nordlys'));
    expect(cx('acc-nordlys') - cx('acc-aldergrove')).toBeLessThan(cx('acc-aldergrove') - cx('acc-harbour'));
    // Higher health is higher up.
    expect(Number(point('acc-brightwater').getAttribute('cy'))).toBeLessThan(Number(point('acc-nordlys').getAttribute('cy')));

    await user.hover(point('acc-nordlys'));
    const hover = within(chart).getByTestId('chart-hover');
    expect(hover).toHaveTextContent('Nordlys Energi');
    expect(hover.textContent).toMatch(/12,500,000/);
    expect(hover).toHaveTextContent('Health 34');
    expect(hover.textContent).toMatch(/Margin €900,000/);
    // Hovering redraws only the layer above the circles.
    expect(within(chart).getAllByTestId('chart-point')[0]).toBe(points[0]);

    await user.click(point('acc-nordlys'));
    expect(onOpen).toHaveBeenCalledWith('acc-nordlys');
  });

  it('moves through the chart from the keyboard and opens with Enter', async () => {
    const { user, onOpen } = renderPage();
    const chart = await screen.findByTestId('portfolio-chart');
    chart.focus();
    // Right steps by revenue: the account without revenue is leftmost, then Harbourline.
    await user.keyboard('{ArrowRight}');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('chart-readout')).toHaveTextContent('Harbourline Ferries');
    await user.keyboard('{End}');
    expect(screen.getByTestId('chart-readout')).toHaveTextContent('Brightwater Foods');
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledWith('acc-brightwater');
  });

  it('opens an account from a row with a click, or with the arrows and Enter', async () => {
    const { user, onOpen } = renderPage();
    await screen.findAllByTestId('portfolio-row');
    await user.click(rowOf('Harbourline Ferries').cells[0]);
    expect(onOpen).toHaveBeenLastCalledWith('acc-harbour');

    screen.getByTestId('portfolio-table').focus();
    await user.keyboard('{Home}{ArrowDown}{ArrowDown}');
    expect(screen.getByTestId('portfolio-table')).toHaveAttribute('aria-activedescendant', rowOf('Harbourline Ferries').id);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(onOpen).toHaveBeenLastCalledWith('acc-nordlys');
  });

  it('keeps 10,000 accounts to a window of rows in the DOM', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      portfolioRow({ account_id: `acc-${i}`, name: `Account ${String(i).padStart(5, '0')}`, health: i % 100 }),
    );
    const { user } = renderPage(portfolio(rows));
    await screen.findAllByTestId('portfolio-row', undefined, { timeout: 10_000 });
    expect(screen.getByTestId('portfolio-count')).toHaveTextContent('Showing 10,000 of 10,000');
    const bound = Math.ceil(640 / ROW_HEIGHT) + 1 + 2 * OVERSCAN;
    expect(screen.getAllByTestId('portfolio-row').length).toBeLessThanOrEqual(bound);
    expect(screen.getByTestId('portfolio-table')).toHaveAttribute('aria-rowcount', '10001');

    screen.getByTestId('portfolio-table').focus();
    await user.keyboard('{End}');
    const last = screen.getAllByTestId('portfolio-row').at(-1)!;
    expect(last).toHaveTextContent('Account 09999');
    expect(screen.getAllByTestId('portfolio-row').length).toBeLessThanOrEqual(bound);
  }, 30_000);

  it('exports the portfolio review and the touchpoints, and shows where they went', async () => {
    const pdf = exported();
    const ics = exported({ path: '/home/ana/Documents/Touchpoints.ics', pages: 0, bytes: 2048, meetings: 37 });
    const { user, calls } = renderPage(portfolio(sampleRows()), {
      portfolio_export: () => pdf,
      touchpoints_export: () => ics,
      export_open: () => null,
    });
    await user.click(await screen.findByTestId('portfolio-export'));
    const result = await screen.findByTestId('export-result');
    expect(callsTo(calls, 'portfolio_export')).toHaveLength(1);
    expect(callsTo(calls, 'portfolio_export')[0]?.args).toEqual({ audience: 'executive' });
    expect(within(result).getByTestId('export-result-path')).toHaveTextContent(pdf.path);
    expect(within(result).getByTestId('export-result-summary')).toHaveTextContent('14 pages · 312 KB');
    expect(await screen.findByText('Saved Portfolio review 2026-11-23.pdf (14 pages)')).toBeInTheDocument();
    await user.click(within(result).getByTestId('export-result-open'));
    expect(callsTo(calls, 'export_open')[0]?.args).toEqual({ path: pdf.path });

    await user.click(screen.getByTestId('touchpoints-export'));
    await waitFor(() => expect(screen.getByTestId('export-result-path')).toHaveTextContent('Touchpoints.ics'));
    expect(callsTo(calls, 'touchpoints_export')[0]?.args).toEqual({ accountId: null });
    expect(screen.getByTestId('export-result-summary')).toHaveTextContent('37 touchpoints · 2 KB');
  });

  it('says nothing when the save dialog is closed, and why when an export fails', async () => {
    const { user } = renderPage(portfolio(sampleRows()), {
      portfolio_export: () => null,
      touchpoints_export: () =>
        ipcFailure('validation', 'no contact is planned in the next 90 days; set a cadence on ties or look further ahead', 'horizon_days'),
    });
    await user.click(await screen.findByTestId('portfolio-export'));
    await waitFor(() => expect(screen.getByTestId('portfolio-export')).not.toBeDisabled());
    expect(screen.queryByTestId('export-result')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('touchpoints-export'));
    expect(await screen.findByRole('alert')).toHaveTextContent("Couldn't export the touchpoints: No contact is planned");
  });

  it('shows loading, then the error with Retry', async () => {
    let fail = true;
    let answer: (value: Portfolio) => void = () => {};
    const { user } = renderPage(() =>
      fail ? ipcFailure('io', 'The vault could not be read.') : new Promise<Portfolio>((resolve) => (answer = resolve)),
    );
    expect(screen.getByTestId('portfolio-loading')).toBeInTheDocument();
    expect(await screen.findByTestId('portfolio-error')).toHaveTextContent('The vault could not be read.');
    fail = false;
    await user.click(screen.getByTestId('portfolio-retry'));
    answer(portfolio(sampleRows()));
    expect(await screen.findAllByTestId('portfolio-row')).toHaveLength(5);
  });

  it('points an empty book at adding an account or loading the sample', async () => {
    renderPage(portfolio([]));
    const empty = await screen.findByTestId('portfolio-empty');
    expect(empty).toHaveTextContent('No accounts yet');
    expect(within(empty).getByTestId('portfolio-empty-new')).toBeInTheDocument();
    expect(within(empty).getByTestId('load-sample')).toBeInTheDocument();
    expect(screen.queryByTestId('portfolio-chart')).not.toBeInTheDocument();
    expect(screen.queryByTestId('portfolio-export')).not.toBeInTheDocument();
  });
});

describe('the chart layout', () => {
  it('puts accounts without revenue or score in their own strips, and keeps the order big to small', () => {
    const { points } = layoutPoints(sampleRows().map(toEntry));
    const tessellate = points.find((p) => p.id === 'acc-tessellate')!;
    const harbour = points.find((p) => p.id === 'acc-harbour')!;
    expect(tessellate.x).toBeLessThan(harbour.x);
    expect(tessellate.y).toBeGreaterThan(Math.max(...points.filter((p) => p.entry.row.health !== null).map((p) => p.y)));
    const radii = points.map((p) => p.r);
    expect(radii).toEqual([...radii].sort((a, b) => b - a));
  });
});
