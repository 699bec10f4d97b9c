import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { Account, AccountSort } from '../ipc';
import { isTypingTarget } from '../lib/keyboard';
import { matches, useKeydown } from '../lib/shortcuts';
import { refresh } from '../lib/refresh';
import { Button } from '../ui/Button';
import { BuildingIcon, PlusIcon } from '../ui/icons';
import { AccountFilters } from './AccountFilters';
import { AccountForm } from './AccountForm';
import { AccountsTable } from './AccountsTable';
import type { AccountsTableHandle } from './AccountsTable';
import { formatCount } from './format';
import { hasFilters, NO_FILTERS, useAccountList, useOurPeople } from './query';
import type { Filters, Sort } from './query';
import './accounts.css';

export { accountsKey } from './query';

/** How long the name filter waits for the typing to pause. */
export const TEXT_DEBOUNCE_MS = 150;

/** Columns where the biggest, latest or most flagged first is the useful start. */
const DESCENDING_FIRST: readonly AccountSort[] = ['revenue', 'last_contact', 'flags'];

export function AccountsPage({
  onOpen,
  emptyExtra,
}: {
  onOpen: (accountId: string) => void;
  /** Shown under the empty state of an empty book (e.g. an offer to load a sample book). */
  emptyExtra?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort>({ by: 'name', descending: false });
  const [formOpen, setFormOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const tableRef = useRef<AccountsTableHandle>(null);
  const returnFocusRef = useRef<HTMLElement | null>(null);

  // The name filter reaches the query once the typing pauses.
  useEffect(() => {
    const timer = window.setTimeout(() => setFilters((f) => (f.text === text ? f : { ...f, text })), TEXT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const { query, rows, total } = useAccountList(filters, sort);
  const { people } = useOurPeople();
  const activePeople = useMemo(() => people.filter((p) => p.active), [people]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const openForm = useCallback(() => {
    if (!formOpen) returnFocusRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setFormOpen(true);
  }, [formOpen]);

  const closeForm = useCallback(() => {
    setFormOpen(false);
    const back = returnFocusRef.current;
    returnFocusRef.current = null;
    // Back where N or the button was pressed, if that is still on screen.
    if (back && back !== document.body && back.isConnected) back.focus();
    else newButtonRef.current?.focus();
  }, []);

  // N opens the form, unless the user is typing somewhere; Escape closes it
  // from anywhere on the page (inside the form, the form handles it first).
  useKeydown((event) => {
    if (event.defaultPrevented) return;
    if (matches('cancel', event) && formOpen) {
      event.preventDefault();
      closeForm();
      return;
    }
    if (!matches('new', event) || isTypingTarget(event.target)) return;
    event.preventDefault();
    openForm();
  });

  const onCreated = (account: Account) => {
    void refresh(queryClient, { entities: ['account'], account_ids: [account.id] });
    setAnnouncement(`Added ${account.name}`);
  };

  const changeFilters = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }));
  const clearFilters = () => {
    setText('');
    setFilters(NO_FILTERS);
  };
  const changeSort = useCallback(
    (by: AccountSort) =>
      setSort((s) => (s.by === by ? { by, descending: !s.descending } : { by, descending: DESCENDING_FIRST.includes(by) })),
    [],
  );

  const filtered = hasFilters(filters) || text.trim() !== '';
  const loaded = total !== undefined;
  const emptyBook = loaded && total === 0 && !filtered;
  const noMatch = loaded && total === 0 && filtered;
  const resetKey = JSON.stringify([filters, sort]);

  return (
    <div className="page accounts-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Accounts</h1>
          <p className="page-subtitle" data-testid="accounts-total">
            {loaded ? `${formatCount(total)} ${total === 1 ? 'account' : 'accounts'}` : ''}
          </p>
        </div>
        <Button
          ref={newButtonRef}
          variant="primary"
          data-testid="account-new"
          aria-keyshortcuts="N"
          aria-expanded={formOpen}
          onClick={openForm}
        >
          <PlusIcon />
          New account
          <kbd className="btn-kbd" aria-hidden="true">
            N
          </kbd>
        </Button>
      </header>

      <p className="visually-hidden" role="status" aria-live="polite" data-testid="accounts-announce">
        {announcement}
      </p>

      {formOpen && <AccountForm people={activePeople} onCreated={onCreated} onCancel={closeForm} />}

      {!emptyBook && (query.isSuccess || filtered) && (
        <AccountFilters
          text={text}
          onTextChange={setText}
          filters={filters}
          onChange={changeFilters}
          onClear={clearFilters}
          active={filtered}
          people={people}
          onFocusList={() => tableRef.current?.focus()}
        />
      )}

      {query.isPending && (
        <div className="panel panel-loading" aria-busy="true" data-testid="accounts-loading">
          Loading accounts…
        </div>
      )}

      {query.isError && !query.isFetchNextPageError && (
        <div className="panel panel-error" role="alert" data-testid="accounts-error">
          <p>{query.error.message}</p>
          <Button size="sm" data-testid="accounts-retry" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </div>
      )}

      {emptyBook && !formOpen && (
        <div className="empty" data-testid="accounts-empty">
          <div className="empty-icon" aria-hidden="true">
            <BuildingIcon width={24} height={24} />
          </div>
          <h2>No accounts yet</h2>
          <p>Add the first company whose relationships you plan. You can press N at any time.</p>
          <Button variant="primary" data-testid="accounts-empty-new" onClick={openForm}>
            <PlusIcon />
            New account
          </Button>
          {emptyExtra}
        </div>
      )}

      {noMatch && (
        <div className="empty empty-compact" data-testid="accounts-no-match">
          <p>No accounts match these filters.</p>
          <Button size="sm" variant="ghost" data-testid="accounts-no-match-clear" onClick={clearFilters}>
            Clear filters
          </Button>
        </div>
      )}

      {loaded && total > 0 && (
        <AccountsTable
          ref={tableRef}
          rows={rows}
          total={total}
          sort={sort}
          onSort={changeSort}
          onOpen={onOpen}
          onNearEnd={loadMore}
          loadingMore={isFetchingNextPage}
          loadMoreError={isFetchNextPageError ? (query.error?.message ?? 'The next accounts could not be read.') : null}
          onRetryMore={() => void fetchNextPage()}
          resetKey={resetKey}
        />
      )}
    </div>
  );
}
