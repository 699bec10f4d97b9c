import { memo, useId, useImperativeHandle, useState } from 'react';
import type { KeyboardEvent, MouseEvent, Ref } from 'react';
import type { BlueprintStage, Flag, Tier } from '../ipc';
import { flagDetail, flagLabel, isCritical, sortFlags } from '../accounts/flags';
import { tierLabel } from '../accounts/tier';
import { stageLabel } from '../blueprint/labels';
import { formatDate } from '../lib/format';
import { useVirtualRows } from '../lib/useVirtualRows';
import { AlertIcon } from '../ui/icons';
import type { Entry, Sort, SortBy } from './model';
import { formatCount, formatRevenue } from '../accounts/format';
import { backslideDetail, backslideLabel, band, overdueText, trendText, trendWords } from './model';

/** Signals shown in the cell; the rest behind "+N". */
const VISIBLE_SIGNALS = 3;
/** Fewer rows than this fit anywhere: the list is as tall as they are. */
const SHORT_LIST = 5;

/**
 * Eleven fields in seven columns, so the whole row is read without scrolling
 * sideways in the default window: the fields that go together share a cell
 * (one above the other) and each keeps its own sort button in the header.
 */
const COLUMNS: readonly { fields: readonly { by: SortBy; label: string }[]; className: string }[] = [
  { fields: [{ by: 'name', label: 'Name' }, { by: 'tier', label: 'Tier' }], className: 'pf-col-name' },
  { fields: [{ by: 'revenue', label: 'Revenue' }], className: 'pf-col-revenue pf-num' },
  { fields: [{ by: 'health', label: 'Health' }, { by: 'trend', label: 'Trend' }], className: 'pf-col-health' },
  { fields: [{ by: 'blueprint', label: 'Blueprint' }, { by: 'goals', label: 'Overdue goals' }], className: 'pf-col-blueprint' },
  { fields: [{ by: 'meeting', label: 'Next meeting' }], className: 'pf-col-meeting' },
  { fields: [{ by: 'owner', label: 'Owner' }, { by: 'sponsor', label: 'Sponsor' }], className: 'pf-col-person' },
  { fields: [{ by: 'signals', label: 'Signals' }], className: 'pf-col-signals' },
];

export type PortfolioTableHandle = { focus: () => void };

/**
 * Every account of the portfolio as a grid, windowed like the account list:
 * one tab stop, arrows move the active row (aria-activedescendant), Enter
 * or a click opens the account. Only the rows in view are in the DOM.
 */
export function PortfolioTable({
  entries,
  sort,
  onSort,
  onOpen,
  resetKey,
  ref,
}: {
  entries: readonly Entry[];
  sort: Sort;
  onSort: (by: SortBy) => void;
  onOpen: (accountId: string) => void;
  /** Changes when the filters or the sort change: back to the top. */
  resetKey: string;
  ref?: Ref<PortfolioTableHandle>;
}) {
  const baseId = useId();
  const [activeIndex, setActiveIndex] = useState(0);
  const count = entries.length;
  const { scrollRef, tableRef, headRef, topSpacerRef, bottomSpacerRef, start, end, onScroll, scrollToIndex, pageRows } =
    useVirtualRows({ count, resetKey, onReset: () => setActiveIndex(0) });
  useImperativeHandle(ref, () => ({ focus: () => tableRef.current?.focus() }), [tableRef]);

  const active = count === 0 ? -1 : Math.min(activeIndex, count - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    // Keys on the sort buttons in the header are theirs.
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    if (count === 0) return;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = active + 1;
        break;
      case 'ArrowUp':
        next = active - 1;
        break;
      case 'PageDown':
        next = active + pageRows;
        break;
      case 'PageUp':
        next = active - pageRows;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter': {
        event.preventDefault();
        const entry = entries[active];
        if (entry) onOpen(entry.row.account_id);
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    next = Math.max(0, Math.min(count - 1, next));
    setActiveIndex(next);
    scrollToIndex(next);
  };

  const onRowClick = (event: MouseEvent<HTMLTableSectionElement>) => {
    const tr = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-index]');
    if (!tr) return;
    const index = Number(tr.dataset.index);
    const entry = entries[index];
    if (!entry) return;
    setActiveIndex(index);
    onOpen(entry.row.account_id);
  };

  const rowId = (index: number) => `${baseId}-row-${index}`;
  const activeInView = active >= start && active < end;

  return (
    <div
      className={count < SHORT_LIST ? 'table-wrap pf-scroll pf-scroll-short' : 'table-wrap pf-scroll'}
      ref={scrollRef}
      onScroll={onScroll}
    >
      <table
        ref={tableRef}
        className="table pf-table"
        role="grid"
        aria-label="Portfolio"
        aria-rowcount={count + 1}
        aria-activedescendant={activeInView ? rowId(active) : undefined}
        tabIndex={0}
        data-testid="portfolio-table"
        onKeyDown={onKeyDown}
      >
        <thead ref={headRef}>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <HeaderCell key={column.fields[0]?.by} column={column} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody onClick={onRowClick}>
          <tr className="spacer-row" aria-hidden="true">
            <td ref={topSpacerRef} colSpan={COLUMNS.length} />
          </tr>
          {entries.slice(start, end).map((entry, i) => {
            const index = start + i;
            return <Row key={entry.row.account_id} entry={entry} index={index} id={rowId(index)} active={index === active} />;
          })}
          <tr className="spacer-row" aria-hidden="true">
            <td ref={bottomSpacerRef} colSpan={COLUMNS.length} />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function HeaderCell({
  column,
  sort,
  onSort,
}: {
  column: (typeof COLUMNS)[number];
  sort: Sort;
  onSort: (by: SortBy) => void;
}) {
  const current = column.fields.some((f) => f.by === sort.by);
  return (
    <th
      scope="col"
      className={column.className}
      aria-sort={current ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <span className="pf-th-fields">
        {column.fields.map((field) => (
          <SortButton key={field.by} by={field.by} label={field.label} sort={sort} onSort={onSort} />
        ))}
      </span>
    </th>
  );
}

function SortButton({ by, label, sort, onSort }: { by: SortBy; label: string; sort: Sort; onSort: (by: SortBy) => void }) {
  const current = sort.by === by;
  return (
    <button
      type="button"
      className={current ? 'th-sort th-sort-current' : 'th-sort'}
      data-testid={`portfolio-sort-${by}`}
      aria-pressed={current}
      onClick={() => onSort(by)}
    >
      {label}
      <svg
        className={`sort-arrow sort-arrow-${current ? (sort.descending ? 'down' : 'up') : 'none'}`}
        width="10"
        height="10"
        viewBox="0 0 10 10"
        aria-hidden="true"
      >
        <path
          d={current && sort.descending ? 'M2 3.5 5 6.5 8 3.5' : 'M2 6.5 5 3.5 8 6.5'}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
        />
      </svg>
    </button>
  );
}

const Row = memo(function Row({ entry, index, id, active }: { entry: Entry; index: number; id: string; active: boolean }) {
  const { row } = entry;
  const critical = entry.flags.some(isCritical);
  const classes = ['pf-row', active && 'row-active', critical && 'row-critical', entry.attention && 'pf-row-attention']
    .filter(Boolean)
    .join(' ');
  return (
    <tr
      id={id}
      className={classes}
      aria-rowindex={index + 2}
      aria-selected={active}
      data-index={index}
      data-testid="portfolio-row"
      data-account-id={row.account_id}
    >
      <td className="cell-name" title={row.name}>
        <span className="pf-stack">
          <span className="pf-name" data-testid="portfolio-name">
            {row.name}
          </span>
          <span className="pf-second">
            <span className={`badge badge-${row.tier}`}>{tierLabel(row.tier as Tier)}</span>
          </span>
        </span>
      </td>
      <td className="pf-num" data-testid="portfolio-revenue">
        {formatRevenue(row.revenue, row.currency)}
      </td>
      <td>
        <span className="pf-stack">
          <span data-testid="portfolio-health">
            <HealthCell health={row.health} on={row.health_on} />
          </span>
          <span className="pf-second" data-testid="portfolio-trend">
            <span
              className={row.trend === null ? 'muted' : row.trend > 0 ? 'pf-trend-up' : row.trend < 0 ? 'pf-trend-down' : 'pf-trend-flat'}
              title={trendWords(row.trend)}
            >
              <span aria-hidden="true">{trendText(row.trend)}</span>
              <span className="visually-hidden">{trendWords(row.trend)}</span>
            </span>
          </span>
        </span>
      </td>
      <td>
        <span className="pf-stack">
          {row.blueprint_stage === null ? (
            <span className="muted">None</span>
          ) : (
            <span className="pf-blueprint">
              {stageLabel(row.blueprint_stage as BlueprintStage)}
              {row.blueprint_approved && (
                <span className="pf-approved" data-testid="portfolio-approved" title="A revision of this blueprint is approved">
                  <span aria-hidden="true">✓</span> approved
                </span>
              )}
            </span>
          )}
          {row.goals_overdue > 0 && (
            <span className="pf-warn pf-second">
              {formatCount(row.goals_overdue)} {row.goals_overdue === 1 ? 'goal' : 'goals'} overdue
            </span>
          )}
          {row.promises_late > 0 && (
            <span
              className="pf-warn pf-second"
              data-testid="portfolio-promises-late"
              title={`${formatCount(row.promises_open)} still owed either way`}
            >
              {formatCount(row.promises_late)} {row.promises_late === 1 ? 'promise' : 'promises'} late
            </span>
          )}
        </span>
      </td>
      <td>
        <NextMeeting when={row.next_meeting} title={row.next_meeting_title} />
      </td>
      <td>
        <span className="pf-stack">
          <span className="pf-first" title={row.owner ? `Owner: ${row.owner}` : 'No owner'}>
            {row.owner ?? <span className="muted">No owner</span>}
          </span>
          <span className="pf-second" title={row.sponsor ? `Sponsor: ${row.sponsor}` : 'No sponsor'}>
            {row.sponsor ? <>Sponsor {row.sponsor}</> : <span className="muted">No sponsor</span>}
          </span>
        </span>
      </td>
      <td className="pf-signals-cell">
        <Signals entry={entry} />
      </td>
    </tr>
  );
});

function HealthCell({ health, on }: { health: number | null; on: string | null }) {
  if (health === null) {
    return (
      <span className="muted" title="Not scored yet">
        —
      </span>
    );
  }
  const level = band(health);
  return (
    <span className="pf-health" title={on ? `Scored on ${formatDate(on)}` : undefined} data-band={level}>
      <span className="pf-health-value">{health}</span>
      <svg className="pf-health-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect className="health-bar-track" width={100} height={6} rx={2} />
        <rect className={`health-bar-fill health-${level}`} width={Math.max(0, Math.min(100, health))} height={6} rx={2} />
      </svg>
    </span>
  );
}

function NextMeeting({ when, title }: { when: string | null; title: string | null }) {
  if (!when) return <span className="muted">—</span>;
  const day = formatDate(when);
  return (
    <span className="pf-meeting" title={title ? `${day}: ${title}` : day}>
      <time dateTime={when}>{day}</time>
      {/* A glance at what it is, cut to the column on purpose: the whole title is the cell's tooltip. */}
      {title && (
        <span className="pf-meeting-title" data-clips="preview">
          {title}
        </span>
      )}
    </span>
  );
}

type Signal = { key: string; label: string; detail: string; tone: 'critical' | 'warn' };

function signalsOf(entry: Entry): Signal[] {
  const out: Signal[] = [];
  const flags = sortFlags(entry.flags);
  for (const flag of flags.filter(isCritical)) out.push(flagSignal(flag, 'critical'));
  for (const kind of entry.backslides) {
    out.push({ key: `backslide-${kind}`, label: backslideLabel(kind), detail: backslideDetail(kind), tone: 'warn' });
  }
  if (entry.row.days_overdue > 0) {
    out.push({
      key: 'overdue',
      label: overdueText(entry.row.days_overdue),
      detail: 'Days past the account’s target interval for contact.',
      tone: 'warn',
    });
  }
  for (const flag of flags.filter((f) => !isCritical(f))) out.push(flagSignal(flag, 'warn'));
  return out;
}

function flagSignal(flag: Flag, tone: Signal['tone']): Signal {
  return { key: flag, label: flagLabel(flag), detail: flagDetail(flag), tone };
}

function Signals({ entry }: { entry: Entry }) {
  const all = signalsOf(entry);
  if (all.length === 0) return null;
  const shown = all.slice(0, VISIBLE_SIGNALS);
  const rest = all.slice(VISIBLE_SIGNALS);
  return (
    <span className="flag-list">
      {shown.map((s) => (
        <span
          key={s.key}
          className={s.tone === 'critical' ? 'flag-critical' : 'flag-warn'}
          data-testid="portfolio-signal"
          data-signal={s.key}
          title={s.detail || undefined}
        >
          {s.tone === 'critical' && <AlertIcon width={12} height={12} />}
          {s.label}
        </span>
      ))}
      {rest.length > 0 && (
        <span className="flag-more" title={rest.map((s) => s.label).join('\n')}>
          <span aria-hidden="true">+{rest.length}</span>
          <span className="visually-hidden">{rest.map((s) => s.label).join(', ')}</span>
        </span>
      )}
    </span>
  );
}
