import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { commands } from '../ipc';
import type { SearchHit, SnippetPart } from '../ipc';
import { isMacLike } from '../lib/keyboard';
import { matches, useKeydown } from '../lib/shortcuts';
import { SearchIcon } from '../ui/icons';

const KIND_LABEL: Record<SearchHit['kind'], string> = {
  account: 'Account',
  person: 'Person',
  interaction: 'Interaction',
  meeting: 'Meeting',
  blueprint: 'Blueprint',
  goal: 'Goal',
  feedback: 'Feedback',
  story: 'Story',
};

/** The matched words marked, the rest as it is: text nodes only, never markup. */
function Marked({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.matched ? (
          <mark key={index} className="search-mark" data-testid="search-mark">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** The second line: the account it belongs to, then what tells it apart. */
function context(hit: SearchHit): string {
  const account = hit.kind !== 'account' ? hit.account_name : null;
  return [account, hit.detail].filter(Boolean).join(' · ');
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * One box for the whole book — accounts, people, interactions, meetings,
 * blueprints and their goals, feedback and stories (the vault's full-text
 * index). Ctrl/⌘K focuses it; arrows move through the results; Enter opens.
 * Each result says what it is, whose it is, and where the words matched.
 */
export function GlobalSearch({ onOpen }: { onOpen: (hit: SearchHit) => void }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const query = useDebounced(text.trim(), 120);

  const results = useQuery({
    queryKey: ['search', query],
    queryFn: () => commands.search(query),
    enabled: query.length > 0,
    staleTime: 5_000,
  });
  const hits = query.length > 0 ? (results.data ?? []) : [];

  useKeydown((event) => {
    if (!matches('search', event)) return;
    event.preventDefault();
    inputRef.current?.focus();
    inputRef.current?.select();
  });

  const choose = (hit: SearchHit) => {
    setOpen(false);
    setText('');
    inputRef.current?.blur();
    onOpen(hit);
  };

  const showList = open && query.length > 0;
  const activeIndex = Math.min(active, Math.max(hits.length - 1, 0));

  return (
    <div className="search global-search">
      <SearchIcon className="search-icon" />
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        className="search-input"
        data-testid="search-input"
        placeholder="Search accounts, people, meetings, plans, feedback…"
        aria-label="Search the whole book"
        aria-keyshortcuts="Control+K Meta+K"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && hits.length > 0 ? `${listId}-${activeIndex}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            if (text) setText('');
            else event.currentTarget.blur();
          } else if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive((i) => Math.min(i + 1, hits.length - 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (event.key === 'Enter' && hits[activeIndex]) {
            event.preventDefault();
            choose(hits[activeIndex]);
          }
        }}
      />
      <kbd className="search-kbd" aria-hidden="true">
        {isMacLike() ? '⌘K' : 'Ctrl K'}
      </kbd>
      {showList && (
        <ul className="search-results" id={listId} role="listbox" aria-label="Search results" data-testid="search-results">
          {results.isError && <li className="search-empty">{results.error.message}</li>}
          {!results.isError && hits.length === 0 && (
            <li className="search-empty">{results.isFetching ? 'Searching…' : `Nothing matches “${query}”.`}</li>
          )}
          {hits.map((hit, index) => (
            <li
              key={`${hit.kind}-${hit.blueprint_id ?? ''}-${hit.id}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'search-hit search-hit-active' : 'search-hit'}
              data-testid="search-hit"
              data-kind={hit.kind}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(hit)}
            >
              <span className="search-hit-kind">{KIND_LABEL[hit.kind]}</span>
              <span className="search-hit-main">
                <span className="search-hit-title" data-testid="search-hit-title">
                  {hit.matched_in === 'title' && hit.snippet.length > 0 ? <Marked parts={hit.snippet} /> : hit.title}
                </span>
                {context(hit) && (
                  <span className="search-hit-detail" data-testid="search-hit-detail">
                    {context(hit)}
                  </span>
                )}
                {hit.matched_in === 'text' && hit.snippet.length > 0 && (
                  <span className="search-hit-detail search-hit-snippet" data-testid="search-hit-snippet">
                    <Marked parts={hit.snippet} />
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
