import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { commands } from '../ipc';
import type { TrashItem } from '../ipc';
import { EVERY_ENTITY, refresh, trashKey } from '../lib/refresh';
import { Button } from '../ui/Button';
import { FormError } from '../ui/Field';

const KIND_LABEL: Record<TrashItem['kind'], string> = {
  account: 'Account',
  person: 'Person',
  connection: 'Connection',
  interaction: 'Interaction',
  meeting: 'Meeting',
  blueprint: 'Blueprint',
  feedback: 'Feedback',
  story: 'Story',
};

function when(stamp: string): string {
  const date = new Date(stamp);
  return Number.isNaN(date.getTime()) ? stamp : date.toLocaleString();
}

/** What was deleted, ready to come back; emptied only on request. */
export function TrashPage() {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const items = useQuery({ queryKey: trashKey, queryFn: () => commands.trashList() });

  // Restoring or emptying can touch anything, on any account.
  const afterChange = () => refresh(queryClient, { entities: EVERY_ENTITY });
  const restore = useMutation({
    mutationFn: (item: TrashItem) => commands.trashRestore(item.kind, item.id),
    onSuccess: afterChange,
  });
  const empty = useMutation({
    mutationFn: () => commands.trashEmpty(),
    onSuccess: async () => {
      setConfirming(false);
      await afterChange();
    },
  });

  const list = items.data?.items ?? [];
  const rowsTotal = items.data?.rows_total ?? 0;
  const listedTotal = items.data?.listed_total ?? 0;
  return (
    <section className="page" aria-labelledby="trash-title" data-testid="trash-page">
      <header className="page-header">
        <div>
          <h1 id="trash-title" className="page-title">
            Trash
          </h1>
          <p className="page-subtitle">
            Deleted accounts, people, connections, interactions, meetings, blueprints, feedback and stories stay here until you empty the trash. A restored
            account brings back everything that was in it.
          </p>
        </div>
        {rowsTotal > 0 &&
          (confirming ? (
            <div className="button-row">
              <Button variant="primary" pending={empty.isPending} onClick={() => empty.mutate()} data-testid="trash-empty-confirm">
                Delete {rowsTotal === 1 ? '1 item' : `${rowsTotal} items`} for good
              </Button>
              <Button variant="ghost" onClick={() => setConfirming(false)}>
                Keep them
              </Button>
            </div>
          ) : (
            <Button onClick={() => setConfirming(true)} data-testid="trash-empty">
              Empty trash…
            </Button>
          ))}
      </header>
      <FormError message={restore.error?.message ?? empty.error?.message ?? null} />
      {items.isPending && <p className="status-line">Loading…</p>}
      {items.isError && <FormError message={items.error.message} />}
      {items.isSuccess && list.length === 0 && <p className="empty-note">The trash is empty.</p>}
      {listedTotal > list.length && (
        <p className="status-line" data-testid="trash-more">
          Showing the {list.length} most recently deleted of {listedTotal}.
        </p>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Name</th>
                <th scope="col">Account</th>
                <th scope="col">Deleted</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((item) => (
                <tr key={`${item.kind}-${item.id}`} data-testid="trash-item">
                  <td>{KIND_LABEL[item.kind]}</td>
                  <td className="cell-name">{item.label}</td>
                  <td>{item.account_name ?? '—'}</td>
                  <td>{when(item.deleted_at)}</td>
                  <td>
                    <Button
                      size="sm"
                      pending={restore.isPending && restore.variables?.id === item.id}
                      onClick={() => restore.mutate(item)}
                      data-testid="trash-restore"
                    >
                      Restore
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
