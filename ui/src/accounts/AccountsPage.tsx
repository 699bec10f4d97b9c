import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { commands } from '../ipc';
import type { Account } from '../ipc';
import { isTypingTarget } from '../lib/keyboard';
import { matchesQuery } from '../lib/search';
import { Button } from '../ui/Button';
import { BuildingIcon, PlusIcon } from '../ui/icons';
import { AccountForm } from './AccountForm';
import { AccountsTable } from './AccountsTable';

export const accountsKey = ['accounts'] as const;

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function matches(account: Account, search: string): boolean {
  return matchesQuery(search, [account.name, account.owner_name]);
}

export function AccountsPage({ search, onClearSearch }: { search: string; onClearSearch: () => void }) {
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: accountsKey, queryFn: () => commands.accountList() });
  const [formOpen, setFormOpen] = useState(false);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const newButtonRef = useRef<HTMLButtonElement>(null);

  // N opens the form, unless the user is typing somewhere.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'n' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.repeat || isTypingTarget(event.target)) return;
      event.preventDefault();
      setFormOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    if (!highlightId) return;
    const timer = window.setTimeout(() => setHighlightId(null), 2400);
    return () => window.clearTimeout(timer);
  }, [highlightId]);

  const all = accounts.data;
  const visible = useMemo(
    () => (all ?? []).filter((a) => matches(a, search)).sort((a, b) => byName.compare(a.name, b.name)),
    [all, search],
  );

  const closeForm = () => {
    setFormOpen(false);
    newButtonRef.current?.focus();
  };

  const onCreated = (account: Account) => {
    // Show the row at once; the refetch then brings the list in line with Rust.
    queryClient.setQueryData<Account[]>(accountsKey, (old) => [
      ...(old ?? []).filter((a) => a.id !== account.id),
      account,
    ]);
    void queryClient.invalidateQueries({ queryKey: accountsKey });
    if (search && !matches(account, search)) onClearSearch();
    setHighlightId(account.id);
    closeForm();
  };

  const total = all?.length ?? 0;
  const countText =
    all === undefined
      ? ''
      : search.trim()
        ? `${visible.length} of ${total} ${total === 1 ? 'account' : 'accounts'}`
        : `${total} ${total === 1 ? 'account' : 'accounts'}`;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Accounts</h1>
          <p className="page-subtitle" aria-live="polite">
            {countText}
          </p>
        </div>
        <Button
          ref={newButtonRef}
          variant="primary"
          data-testid="account-new"
          aria-keyshortcuts="N"
          aria-expanded={formOpen}
          onClick={() => setFormOpen(true)}
        >
          <PlusIcon />
          New account
          <kbd className="btn-kbd" aria-hidden="true">
            N
          </kbd>
        </Button>
      </header>

      {formOpen && <AccountForm onCreated={onCreated} onCancel={closeForm} />}

      {accounts.isPending && (
        <div className="panel panel-loading" aria-busy="true">
          Loading accounts…
        </div>
      )}

      {accounts.isError && (
        <div className="panel panel-error" role="alert">
          <p>{accounts.error.message}</p>
          <Button size="sm" onClick={() => void accounts.refetch()}>
            Try again
          </Button>
        </div>
      )}

      {all && total === 0 && !formOpen && (
        <div className="empty" data-testid="accounts-empty">
          <div className="empty-icon" aria-hidden="true">
            <BuildingIcon width={24} height={24} />
          </div>
          <h2>No accounts yet</h2>
          <p>Add the first company whose relationships you plan. You can press N at any time.</p>
          <Button variant="primary" data-testid="accounts-empty-new" onClick={() => setFormOpen(true)}>
            <PlusIcon />
            Add your first account
          </Button>
        </div>
      )}

      {all && total > 0 && visible.length === 0 && (
        <div className="empty empty-compact" data-testid="accounts-no-match">
          <p>No accounts match “{search.trim()}”.</p>
          <Button size="sm" variant="ghost" onClick={onClearSearch}>
            Clear search
          </Button>
        </div>
      )}

      {visible.length > 0 && <AccountsTable accounts={visible} highlightId={highlightId} />}
    </div>
  );
}
