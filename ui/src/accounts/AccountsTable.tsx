import { useEffect, useRef } from 'react';
import type { Account } from '../ipc';
import { formatDate } from '../lib/format';
import { AlertIcon } from '../ui/icons';
import { needsOwner, tierLabel } from './tier';

export function AccountsTable({ accounts, highlightId }: { accounts: Account[]; highlightId: string | null }) {
  const highlightRef = useRef<HTMLTableRowElement>(null);

  useEffect(() => {
    // jsdom has no scrollIntoView; WebKit does.
    highlightRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [highlightId]);

  return (
    <div className="table-wrap">
      <table className="table" data-testid="accounts-list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="col-tier">
              Tier
            </th>
            <th scope="col" className="col-owner">
              Owner
            </th>
            <th scope="col" className="col-date">
              Created
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => {
            const highlighted = account.id === highlightId;
            return (
              <tr
                key={account.id}
                ref={highlighted ? highlightRef : undefined}
                className={highlighted ? 'row-new' : undefined}
                data-testid="account-row"
              >
                <td className="cell-name">{account.name}</td>
                <td>
                  <span className={`badge badge-${account.tier}`}>{tierLabel(account.tier)}</span>
                </td>
                <td>
                  {account.owner_name?.trim() ? (
                    account.owner_name
                  ) : needsOwner(account) ? (
                    <span
                      className="flag-warn"
                      data-testid="no-owner-flag"
                      title="Strategic and key accounts should have an owner"
                    >
                      <AlertIcon width={13} height={13} />
                      No owner
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="col-date">
                  <time dateTime={account.created_at}>{formatDate(account.created_at)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
