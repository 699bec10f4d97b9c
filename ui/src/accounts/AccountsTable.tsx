import { memo, useEffect, useId, useImperativeHandle, useState } from 'react';
import type { KeyboardEvent, MouseEvent, Ref } from 'react';
import type { AccountListRow, AccountSort, Flag } from '../ipc';
import { useVirtualRows } from '../lib/useVirtualRows';
import { Button } from '../ui/Button';
import { AlertIcon } from '../ui/icons';
import { flagDetail, flagLabel, isCritical, sortFlags } from './flags';
import { formatCount, formatDay, formatRelativeDay, formatRevenue } from './format';
import type { Sort } from './query';
import { tierLabel } from './tier';

export { OVERSCAN, ROW_HEIGHT } from '../lib/useVirtualRows';

/** Ask for the next page this many rows before the loaded ones run out. */
const NEAR_END = 60;
const VISIBLE_FLAGS = 2;
/** Fewer rows than this fit anywhere: the list is as tall as they are. */
const SHORT_LIST = 5;

const COLUMNS: readonly { key: string; label: string; sort?: AccountSort; className: string }[] = [
  { key: 'name', label: 'Name', sort: 'name', className: 'col-name' },
  { key: 'tier', label: 'Tier', sort: 'tier', className: 'col-account-tier' },
  { key: 'owner', label: 'Owner', sort: 'owner', className: 'col-person' },
  { key: 'sponsor', label: 'Sponsor', className: 'col-person' },
  { key: 'revenue', label: 'Revenue', sort: 'revenue', className: 'col-revenue' },
  { key: 'last_contact', label: 'Last contact', sort: 'last_contact', className: 'col-contact' },
  { key: 'ties', label: 'Ties', className: 'col-ties' },
  { key: 'flags', label: 'Flags', sort: 'flags', className: 'col-flags' },
];

export type AccountsTableHandle = { focus: () => void };

type Props = {
  rows: AccountListRow[];
  /** How many accounts match; more than `rows.length` while pages are still to come. */
  total: number;
  sort: Sort;
  onSort: (by: AccountSort) => void;
  onOpen: (accountId: string) => void;
  /** Called when the visible window nears the last loaded row. */
  onNearEnd: () => void;
  loadingMore: boolean;
  loadMoreError: string | null;
  onRetryMore: () => void;
  /** Changes when the filters or the sort change: back to the top. */
  resetKey: string;
  ref?: Ref<AccountsTableHandle>;
};

/**
 * The account list as a grid: one tab stop, arrows move the active row
 * (aria-activedescendant), Enter opens. Only the rows in view (plus
 * overscan) are in the DOM; spacer rows stand in for the rest.
 */
export function AccountsTable({
  rows,
  total,
  sort,
  onSort,
  onOpen,
  onNearEnd,
  loadingMore,
  loadMoreError,
  onRetryMore,
  resetKey,
  ref,
}: Props) {
  const baseId = useId();
  const [activeIndex, setActiveIndex] = useState(0);
  const count = rows.length;
  // New filters or sort: a new list, read from the top.
  const { scrollRef, tableRef, headRef, topSpacerRef, bottomSpacerRef, start, end, onScroll, scrollToIndex, pageRows } =
    useVirtualRows({ count, resetKey, onReset: () => setActiveIndex(0) });

  useImperativeHandle(ref, () => ({ focus: () => tableRef.current?.focus() }), [tableRef]);

  const active = count === 0 ? -1 : Math.min(activeIndex, count - 1);

  useEffect(() => {
    if (count > 0 && end >= count - NEAR_END) onNearEnd();
  }, [end, count, onNearEnd]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    // Keys on the sort buttons in the header are theirs.
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    if (count === 0) return;
    const page = pageRows;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = active + 1;
        break;
      case 'ArrowUp':
        next = active - 1;
        break;
      case 'PageDown':
        next = active + page;
        break;
      case 'PageUp':
        next = active - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter': {
        event.preventDefault();
        const row = rows[active];
        if (row) onOpen(row.id);
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
    const row = rows[index];
    if (!row) return;
    setActiveIndex(index);
    onOpen(row.id);
  };

  const rowId = (index: number) => `${baseId}-row-${index}`;
  const inView = rows.slice(start, end);
  const activeInView = active >= start && active < end;

  return (
    <div
      className={count < SHORT_LIST ? 'table-wrap accounts-scroll accounts-scroll-short' : 'table-wrap accounts-scroll'}
      ref={scrollRef} onScroll={onScroll}>
      <table
        ref={tableRef}
        className="table accounts-table"
        role="grid"
        aria-label="Accounts"
        aria-rowcount={total + 1}
        aria-activedescendant={activeInView ? rowId(active) : undefined}
        tabIndex={0}
        data-testid="accounts-list"
        onKeyDown={onKeyDown}
      >
        <thead ref={headRef}>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <HeaderCell key={column.key} column={column} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody onClick={onRowClick}>
          <tr className="spacer-row" aria-hidden="true">
            <td ref={topSpacerRef} colSpan={COLUMNS.length} />
          </tr>
          {inView.map((row, i) => {
            const index = start + i;
            return <AccountRow key={row.id} row={row} index={index} id={rowId(index)} active={index === active} />;
          })}
          <tr className="spacer-row" aria-hidden="true">
            <td ref={bottomSpacerRef} colSpan={COLUMNS.length} />
          </tr>
          {end === count && (loadingMore || loadMoreError) && (
            <tr className="more-row">
              <td colSpan={COLUMNS.length}>
                {loadMoreError ? (
                  <span className="more-error" role="alert">
                    {loadMoreError}{' '}
                    <Button size="sm" data-testid="accounts-load-more-retry" onClick={onRetryMore}>
                      Retry
                    </Button>
                  </span>
                ) : (
                  <span className="muted" aria-busy="true">
                    Loading more…
                  </span>
                )}
              </td>
            </tr>
          )}
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
  onSort: (by: AccountSort) => void;
}) {
  const by = column.sort;
  if (!by) {
    return (
      <th scope="col" className={column.className}>
        {column.label}
      </th>
    );
  }
  const current = sort.by === by;
  return (
    <th
      scope="col"
      className={column.className}
      aria-sort={current ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className="th-sort" data-testid={`accounts-sort-${by}`} onClick={() => onSort(by)}>
        {column.label}
        <SortArrow state={current ? (sort.descending ? 'down' : 'up') : 'none'} />
      </button>
    </th>
  );
}

function SortArrow({ state }: { state: 'up' | 'down' | 'none' }) {
  return (
    <svg className={`sort-arrow sort-arrow-${state}`} width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
      <path d={state === 'down' ? 'M2 3.5 5 6.5 8 3.5' : 'M2 6.5 5 3.5 8 6.5'} fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

const AccountRow = memo(function AccountRow({
  row,
  index,
  id,
  active,
}: {
  row: AccountListRow;
  index: number;
  id: string;
  active: boolean;
}) {
  const critical = row.flags.some(isCritical);
  const others = sortFlags(row.flags.filter((flag) => !isCritical(flag)));
  const classes = ['account-row', active && 'row-active', critical && 'row-critical'].filter(Boolean).join(' ');
  return (
    <tr
      id={id}
      className={classes}
      aria-rowindex={index + 2}
      aria-selected={active}
      data-index={index}
      data-testid="account-row"
      data-account-id={row.id}
    >
      <td className="cell-name" title={row.industry ? `${row.name} · ${row.industry}` : row.name}>
        {/* A long name takes a second line instead of an ellipsis after a word or two. */}
        <span className="cell-clamp">{row.name}</span>
      </td>
      <td>
        <span className={`badge badge-${row.tier}`}>{tierLabel(row.tier)}</span>
      </td>
      <td className="cell-person">
        <PersonCell name={row.owner_name} gap={row.flags.includes('no_owner') ? 'no_owner' : null} />
      </td>
      <td className="cell-person">
        <PersonCell name={row.sponsor_name} gap={row.flags.includes('no_sponsor') ? 'no_sponsor' : null} />
      </td>
      <td className="cell-number" title={revenueTitle(row)}>
        {formatRevenue(row.annual_revenue, row.currency)}
      </td>
      <td className="cell-contact">
        {row.last_contact ? (
          <time dateTime={row.last_contact} title={formatDay(row.last_contact)}>
            {formatRelativeDay(row.last_contact)}
          </time>
        ) : (
          <span className="muted">Never</span>
        )}
      </td>
      <td
        className="cell-number"
        title={`${formatCount(row.connections)} ${row.connections === 1 ? 'connection' : 'connections'} with ${formatCount(row.people_theirs)} of their people`}
      >
        {formatCount(row.connections)}
      </td>
      <td className="cell-flags">
        <FlagList flags={others} />
      </td>
    </tr>
  );
});

function revenueTitle(row: AccountListRow): string | undefined {
  if (row.annual_revenue === null) return undefined;
  const amount = new Intl.NumberFormat().format(row.annual_revenue);
  return `${amount}${row.currency ? ` ${row.currency}` : ''} a year`;
}

/** The owner or sponsor; a missing one on a key or strategic account is the loudest thing in the row. */
function PersonCell({ name, gap }: { name: string | null; gap: Flag | null }) {
  if (gap) {
    return (
      <span className="person-gap">
        <span
          className="flag-critical"
          data-testid={gap === 'no_owner' ? 'no-owner-flag' : 'no-sponsor-flag'}
          title={flagDetail(gap)}
        >
          <AlertIcon width={12} height={12} />
          {flagLabel(gap)}
        </span>
        {name && (
          <span className="muted person-left" title={`${name} is no longer active`}>
            {name}
          </span>
        )}
      </span>
    );
  }
  return name ? <span title={name}>{name}</span> : <span className="muted">—</span>;
}

function FlagList({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  const shown = flags.slice(0, VISIBLE_FLAGS);
  const rest = flags.slice(VISIBLE_FLAGS);
  return (
    <span className="flag-list">
      {shown.map((flag) => (
        <span key={flag} className="flag-warn" data-testid="account-flag" data-flag={flag} title={flagDetail(flag)}>
          {flagLabel(flag)}
        </span>
      ))}
      {rest.length > 0 && (
        <span className="flag-more" title={rest.map(flagLabel).join('\n')}>
          <span aria-hidden="true">+{rest.length}</span>
          <span className="visually-hidden">{rest.map(flagLabel).join(', ')}</span>
        </span>
      )}
    </span>
  );
}
