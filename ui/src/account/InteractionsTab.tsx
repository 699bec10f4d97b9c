import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { commands } from '../ipc';
import type { AccountView, Interaction, Person } from '../ipc';
import { Button } from '../ui/Button';
import { PlusIcon } from '../ui/icons';
import { showToast } from '../ui/toast';
import { useKeptState } from '../lib/keptState';
import { InteractionForm } from './InteractionForm';
import { formatDay, interactionKindLabel } from './labels';
import { accountKey, ourPeopleKey, useMoveToTrash } from './queries';

export const PAGE_SIZE = 25;

type Editor = { interaction: Interaction | null };

/** The log, newest first, with "Show more" paging through `interactionList`. */
export function InteractionsTab({ view }: { view: AccountView }) {
  const accountId = view.account.id;
  const moveToTrash = useMoveToTrash(accountId);
  const ourPeople = useQuery({ queryKey: ourPeopleKey, queryFn: () => commands.peopleOurs() });
  // Which form is open is kept with what was typed in it (lib/keptState).
  const [editor, setEditor] = useKeptState<Editor | null>(`interactions-editor:${accountId}`, null);
  const [expanded, setExpanded] = useState(false);
  const addRef = useRef<HTMLButtonElement>(null);

  const first = view.interactions;
  // Further pages start where the view's own list ends; under the account's key,
  // so every write that refreshes the view refreshes them too.
  const more = useInfiniteQuery({
    queryKey: [...accountKey(accountId), 'interactions', first.length],
    queryFn: ({ pageParam }) => commands.interactionList(accountId, pageParam, PAGE_SIZE),
    initialPageParam: first.length,
    getNextPageParam: (last, _all, lastParam) => (last.length < PAGE_SIZE ? undefined : lastParam + last.length),
    enabled: expanded,
  });

  const seen = new Set<string>();
  const shown: Interaction[] = [];
  for (const i of [...first, ...(more.data?.pages.flat() ?? [])]) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    shown.push(i);
  }
  const hasMore = shown.length < view.interaction_count && (!more.data || more.hasNextPage);

  const { ours, theirs } = view.relationship;
  const everyone = new Map<string, Person>();
  for (const p of [...(ourPeople.data ?? []), ...ours, ...theirs]) everyone.set(p.id, p);
  const ourCandidates = [...new Map([...ours, ...(ourPeople.data ?? [])].map((p) => [p.id, p])).values()];

  const showMore = () => {
    if (!expanded) setExpanded(true);
    else void more.fetchNextPage();
  };

  const close = () => {
    setEditor(null);
    addRef.current?.focus();
  };

  return (
    <section className="section" aria-labelledby="interactions-title">
      <div className="section-head">
        <div>
          <h2 id="interactions-title">Interactions</h2>
          <p className="section-sub" data-testid="interaction-count">
            {view.interaction_count === 1 ? '1 logged' : `${view.interaction_count} logged`}
            {view.last_contact && `, last on ${formatDay(view.last_contact)}`}
          </p>
        </div>
        <Button
          ref={addRef}
          size="sm"
          variant="primary"
          data-testid="add-interaction"
          aria-expanded={editor !== null && !editor.interaction}
          onClick={() => setEditor({ interaction: null })}
        >
          <PlusIcon />
          Log interaction
        </Button>
      </div>

      {editor && (
        <InteractionForm
          key={editor.interaction?.id ?? 'new'}
          accountId={accountId}
          interaction={editor.interaction}
          ourPeople={ourCandidates}
          theirPeople={theirs}
          onDone={(saved) => {
            showToast({ message: `${interactionKindLabel(saved.kind)} on ${formatDay(saved.occurred_on)} saved.` });
            close();
          }}
          onCancel={close}
        />
      )}

      {shown.length === 0 ? (
        <p className="empty empty-compact">Nothing logged yet. Log meetings, calls and visits to see who really talks to whom.</p>
      ) : (
        <ol className="interaction-log" data-testid="interactions">
          {shown.map((i) => {
            const names = i.people.map((id) => everyone.get(id)?.name ?? 'Someone no longer listed');
            const label = `${interactionKindLabel(i.kind)} on ${formatDay(i.occurred_on)}`;
            return (
              <li key={i.id} className="interaction" data-testid="interaction-row" data-interaction-id={i.id}>
                <div className="interaction-head">
                  <time dateTime={i.occurred_on} className="interaction-date">
                    {formatDay(i.occurred_on)}
                  </time>
                  <span className="badge badge-kind">{interactionKindLabel(i.kind)}</span>
                  {i.private && (
                    <span className="badge" data-testid="interaction-private-badge" title="Only in the executive's own documents">
                      Private
                    </span>
                  )}
                  {names.length > 0 && <span className="interaction-people">{names.join(', ')}</span>}
                  <span className="row-actions">
                    <Button size="sm" variant="ghost" data-testid="interaction-edit" aria-label={`Edit ${label}`} onClick={() => setEditor({ interaction: i })}>
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      data-testid="interaction-delete"
                      aria-label={`Delete ${label}`}
                      onClick={() => void moveToTrash('interaction', i.id, `The ${label.charAt(0).toLowerCase()}${label.slice(1)}`).catch(() => {})}
                    >
                      Delete
                    </Button>
                  </span>
                </div>
                <p className="interaction-summary">{i.summary}</p>
                {i.outcomes && (
                  <p className="interaction-detail">
                    <span className="interaction-label">Outcomes</span> {i.outcomes}
                  </p>
                )}
                {i.follow_ups && (
                  <p className="interaction-detail">
                    <span className="interaction-label">Follow-ups</span> {i.follow_ups}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}

      {more.isError && (
        <p className="form-error" role="alert">
          {more.error.message}
        </p>
      )}
      {hasMore && (
        <div className="show-more">
          <Button size="sm" data-testid="interactions-more" pending={more.isFetching} pendingLabel="Loading…" onClick={showMore}>
            Show more ({view.interaction_count - shown.length} older)
          </Button>
        </div>
      )}
    </section>
  );
}
