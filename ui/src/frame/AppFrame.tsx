import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { AccountsPage } from '../accounts/AccountsPage';
import { commands } from '../ipc';
import type { VaultStatus } from '../ipc';
import { isMacLike, isSearchShortcut } from '../lib/keyboard';
import { Brand } from '../ui/Brand';
import { Button } from '../ui/Button';
import { BuildingIcon, LockIcon, SearchIcon, ShieldIcon } from '../ui/icons';

export const vaultStatusKey = ['vault', 'status'] as const;

/** The window once the vault is open: sidebar, top bar with search, the page. */
export function AppFrame({
  initialStatus,
  onLocked,
}: {
  /** What unlocking returned, shown until vault_status answers. */
  initialStatus: VaultStatus | null;
  onLocked: (status: VaultStatus | null) => void;
}) {
  const [search, setSearch] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);

  const status = useQuery({
    queryKey: vaultStatusKey,
    queryFn: () => commands.vaultStatus(),
    placeholderData: initialStatus ?? undefined,
  });
  const current = status.data ?? initialStatus;

  const lock = useMutation({
    mutationFn: () => commands.vaultLock(),
    onSuccess: () => onLocked(current),
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="frame" data-testid="app-frame">
      <aside className="sidebar">
        <div className="sidebar-brand">
          <Brand />
        </div>
        <nav className="sidebar-nav" aria-label="Sections">
          <button type="button" className="nav-item nav-item-active" aria-current="page" data-testid="nav-accounts">
            <BuildingIcon />
            Accounts
          </button>
        </nav>
        <div className="sidebar-footer">
          {lock.isError && (
            <p className="sidebar-error" role="alert">
              {lock.error.message}
            </p>
          )}
          <Button
            className="lock-button"
            variant="ghost"
            data-testid="lock-button"
            pending={lock.isPending}
            pendingLabel="Locking…"
            onClick={() => lock.mutate()}
          >
            <LockIcon />
            Lock
          </Button>
          <p
            className="vault-status"
            data-testid="vault-status"
            title={current ? `${current.path}\nSchema ${current.schema_version}` : undefined}
          >
            <ShieldIcon width={14} height={14} />
            <span>{current ? `Encrypted · SQLCipher ${current.cipher_version}` : 'Encrypted'}</span>
          </p>
        </div>
      </aside>

      <div className="main">
        <header className="topbar">
          <div className="search">
            <SearchIcon className="search-icon" />
            <input
              ref={searchRef}
              type="search"
              className="search-input"
              data-testid="search-input"
              placeholder="Search accounts by name or owner"
              aria-label="Search accounts"
              aria-keyshortcuts="Control+K Meta+K"
              autoComplete="off"
              spellCheck={false}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              onKeyDown={(event) => {
                if (event.key !== 'Escape') return;
                event.preventDefault();
                if (search) setSearch('');
                else event.currentTarget.blur();
              }}
            />
            <kbd className="search-kbd" aria-hidden="true">
              {isMacLike() ? '⌘K' : 'Ctrl K'}
            </kbd>
          </div>
        </header>
        <main className="content">
          <AccountsPage search={search} onClearSearch={() => setSearch('')} />
        </main>
      </div>
    </div>
  );
}
