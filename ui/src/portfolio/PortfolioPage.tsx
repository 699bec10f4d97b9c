import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import type { Tier } from '../ipc';
import { commands } from '../ipc';
import { TIERS } from '../accounts/tier';
import { useNavigate } from '../frame/routes';
import { AudienceSelect, useAudience } from '../lib/audience';
import { SampleBookOffer } from '../frame/SampleBookOffer';
import { Button } from '../ui/Button';
import { ExportButton, ExportResult, useExports } from '../ui/ExportResult';
import { FilterText } from '../ui/FilterText';
import { CalendarIcon, ChartIcon, PlusIcon, PrinterIcon } from '../ui/icons';
import { formatCount } from '../accounts/format';
import { DESCENDING_FIRST, filterEntries, NO_FILTERS, sortEntries, toEntry } from './model';
import type { Filters, Sort, SortBy } from './model';
import { PortfolioChart } from './PortfolioChart';
import { PortfolioTable } from './PortfolioTable';
import type { PortfolioTableHandle } from './PortfolioTable';
import { usePortfolio, usePortfolioDepartments } from './queries';
import { DepartmentTable } from '../care/DepartmentTable';
import { scoringProgress, useScoring } from './scoring';
import '../accounts/accounts.css';
import './portfolio.css';

type ExportKey = 'portfolio' | 'touchpoints';

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * Every account on one screen, for the internal executive business review:
 * revenue, health and its trend, blueprint status, overdue goals, the next
 * meeting, owner and sponsor, and what needs attention. The chart and the
 * table follow the same filters.
 */
export function PortfolioPage({ onOpen }: { onOpen: (accountId: string) => void }) {
  const portfolio = usePortfolio();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<Omit<Filters, 'text'>>({ tiers: NO_FILTERS.tiers, attention: false });
  const [sort, setSort] = useState<Sort>({ by: 'name', descending: false });
  const tableRef = useRef<PortfolioTableHandle>(null);
  // Typing stays quick; the 10,000-row filter and the chart follow a moment later.
  const deferredText = useDeferredValue(text);

  const entries = useMemo(() => (portfolio.data?.rows ?? []).map(toEntry), [portfolio.data]);
  const filtered = useMemo(
    () => filterEntries(entries, { ...filters, text: deferredText }),
    [entries, filters, deferredText],
  );
  const sorted = useMemo(() => sortEntries(filtered, sort), [filtered, sort]);
  const attentionCount = useMemo(() => entries.reduce((n, e) => n + (e.attention ? 1 : 0), 0), [entries]);

  const changeSort = useCallback(
    (by: SortBy) =>
      setSort((s) => (s.by === by ? { by, descending: !s.descending } : { by, descending: DESCENDING_FIRST.includes(by) })),
    [],
  );
  const filterRef = useRef<HTMLInputElement>(null);
  // The button that was pressed goes away with the filters: focus goes on to filter again.
  const clearFilters = () => {
    setText('');
    setFilters({ tiers: [], attention: false });
    filterRef.current?.focus();
  };

  const active = text.trim() !== '' || filters.tiers.length > 0 || filters.attention;
  const total = entries.length;
  const resetKey = JSON.stringify([filters, deferredText, sort]);

  return (
    <div className="page portfolio-page" data-testid="portfolio-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Portfolio</h1>
          <p className="page-subtitle">Every account on one screen, for the executive business review.</p>
        </div>
        {portfolio.data && total > 0 && <Toolbar />}
      </header>

      {portfolio.data && total > 0 && <StaleLine stale={portfolio.data.stale} />}

      {portfolio.isPending && (
        <div className="panel panel-loading" aria-busy="true" data-testid="portfolio-loading">
          Gathering every account…
        </div>
      )}
      {portfolio.error && (
        <div className="panel panel-error" role="alert" data-testid="portfolio-error">
          <p>{portfolio.error.message}</p>
          <Button size="sm" data-testid="portfolio-retry" onClick={() => void portfolio.refetch()}>
            Retry
          </Button>
        </div>
      )}

      {portfolio.data && total === 0 && <EmptyBook />}

      {portfolio.data && total > 0 && (
        <>
          <div className="account-filters" role="search" aria-label="Filter the portfolio" data-testid="portfolio-filters">
            <FilterText
              ref={filterRef}
              value={text}
              onChange={setText}
              onFocusList={() => tableRef.current?.focus()}
              label="Filter by name, owner or sponsor"
              placeholder="Name, owner or sponsor"
              testId="portfolio-filter-text"
            />
            <div className="chip-group" role="group" aria-label="Tier">
              {TIERS.map((tier) => {
                const on = filters.tiers.includes(tier.value);
                return (
                  <button
                    key={tier.value}
                    type="button"
                    className={on ? `chip chip-on chip-${tier.value}` : 'chip'}
                    aria-pressed={on}
                    data-testid={`portfolio-filter-tier-${tier.value}`}
                    onClick={() => setFilters((f) => ({ ...f, tiers: toggle<Tier>(f.tiers, tier.value) }))}
                  >
                    {tier.label}
                  </button>
                );
              })}
            </div>
            <button
              type="button"
              className={filters.attention ? 'chip chip-on chip-attention' : 'chip'}
              aria-pressed={filters.attention}
              data-testid="portfolio-filter-attention"
              title="Health under 40, falling 10 points or more, contact sliding back, or goals past their date"
              onClick={() => setFilters((f) => ({ ...f, attention: !f.attention }))}
            >
              Needs attention
              <span className="chip-count">{formatCount(attentionCount)}</span>
            </button>
            {active && (
              <Button size="sm" variant="ghost" data-testid="portfolio-clear-filters" onClick={clearFilters}>
                Clear filters
              </Button>
            )}
            <p className="pf-count" data-testid="portfolio-count" aria-live="polite">
              Showing {formatCount(filtered.length)} of {formatCount(total)}
            </p>
          </div>

          {filtered.length === 0 ? (
            <div className="empty empty-compact" data-testid="portfolio-no-match">
              <p>No account matches these filters.</p>
              <Button size="sm" variant="ghost" onClick={clearFilters}>
                Clear filters
              </Button>
            </div>
          ) : (
            <>
              <PortfolioChart entries={filtered} onOpen={onOpen} />
              <PortfolioTable
                ref={tableRef}
                entries={sorted}
                sort={sort}
                onSort={changeSort}
                onOpen={onOpen}
                resetKey={resetKey}
              />
            </>
          )}
          <PortfolioStories />
        </>
      )}
    </div>
  );
}

/** Which departments make the success stories and which the horror stories, across every account. */
function PortfolioStories() {
  const departments = usePortfolioDepartments();
  if (!departments.data || departments.data.length === 0) return null;
  return (
    <section className="panel pf-stories" aria-label="Stories by department">
      <DepartmentTable
        rows={departments.data}
        caption="Stories by department, across the portfolio"
        testId="portfolio-departments"
      />
    </section>
  );
}

/** The portfolio review as a PDF, and the planned contacts as a calendar file. */
function Toolbar() {
  const exports = useExports<ExportKey>();
  const audience = useAudience();
  return (
    <div className="pf-toolbar">
      <div className="button-row">
        <AudienceSelect value={audience.audience} onChange={audience.choose} testId="portfolio-audience" />
        <ExportButton
          exports={exports}
          exportKey="portfolio"
          what="Portfolio review"
          call={async () => {
            try {
              return await commands.portfolioExport(audience.audience);
            } finally {
              audience.exported();
            }
          }}
          testId="portfolio-export"
        >
          <PrinterIcon />
          Export portfolio review (PDF)
        </ExportButton>
        <ExportButton
          exports={exports}
          exportKey="touchpoints"
          what="Touchpoints"
          call={() => commands.touchpointsExport(null)}
          testId="touchpoints-export"
          title="The next contacts due per tie and per account over the next 90 days, as calendar entries"
        >
          <CalendarIcon />
          Export touchpoints (.ics)
        </ExportButton>
      </div>
      {exports.last && (
        <ExportResult
          exported={exports.last.exported}
          unit={exports.last.key === 'touchpoints' ? ['touchpoint', 'touchpoints'] : undefined}
        />
      )}
    </div>
  );
}

/** How many accounts still carry an older score, tied to the background job that scores them. */
function StaleLine({ stale }: { stale: number }) {
  const { state, start } = useScoring();
  const running = state.phase === 'running';
  if (stale === 0 && !running) {
    return (
      <p className="pf-stale muted" data-testid="portfolio-stale" data-stale={0}>
        Every account’s health is scored today.
      </p>
    );
  }
  const accounts = `${formatCount(stale)} ${stale === 1 ? 'account' : 'accounts'} not scored today`;
  return (
    <p className="pf-stale" data-testid="portfolio-stale" data-stale={stale}>
      {running ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {stale > 0 ? `${accounts} — scoring…` : 'Scoring…'} {scoringProgress(state)}
        </>
      ) : (
        <>
          {accounts}
          {state.phase === 'failed' ? `: scoring stopped (${state.message})` : ''}.
          <Button size="sm" variant="ghost" data-testid="portfolio-score" onClick={start}>
            Score now
          </Button>
        </>
      )}
    </p>
  );
}

/** No accounts: where to start. */
function EmptyBook() {
  const navigate = useNavigate();
  return (
    <div className="empty" data-testid="portfolio-empty">
      <div className="empty-icon" aria-hidden="true">
        <ChartIcon width={24} height={24} />
      </div>
      <h2>No accounts yet</h2>
      <p>The portfolio shows every account on one screen once there are some. Add the first one, or explore a sample book.</p>
      <Button variant="primary" data-testid="portfolio-empty-new" onClick={() => navigate({ page: 'accounts' })}>
        <PlusIcon />
        Add an account
      </Button>
      <SampleBookOffer />
    </div>
  );
}
