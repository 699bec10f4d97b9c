import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { AppError } from '../ipc';
import type { BlueprintView, Idea, IdeaKind, Participant } from '../ipc';
import { Button } from '../ui/Button';
import { ProblemBanner, useAct, usePendingValues } from './act';
import { AlikeIdeas } from './AlikeIdeas';
import type { Problem } from './act';
import type { Capture } from './capture';
import { ParticipantChips } from './ParticipantChips';
import { digitOf, IDEA_KINDS, kindForKey, kindShort, personName } from './labels';
import { draftText, saveDraft, useApply, useDraft, useFreshView } from './queries';

export const IDEA_DRAFT = 'idea';

type PendingIdea = { id: string; text: string; failed: string | null };

/**
 * Ideas as fast as people say them: type, Enter, the next one is ready. Who
 * said it and what kind of idea it is stay set until changed (Alt+digit,
 * Alt+letter), so a run of ideas from one person needs no extra keys. The
 * list below edits, merges and splits them without a dialog.
 */
export function IdeasPanel({
  view,
  open,
  capture,
  onCapture,
}: {
  view: BlueprintView;
  open: boolean;
  capture: Capture;
  onCapture: (capture: Capture) => void;
}) {
  // Ideas refused while more was being typed are kept as drafts until dismissed.
  const [pending, setPending] = useState<readonly PendingIdea[]>(() =>
    view.drafts.flatMap((d) => {
      const id = /^failed:(.+)$/.exec(d.slot)?.[1];
      return id ? [{ id, text: d.text, failed: 'it was refused; copy what you need, then dismiss it' }] : [];
    }),
  );
  const dismiss = (id: string) => {
    setPending((all) => all.filter((x) => x.id !== id));
    void saveDraft(view.blueprint.id, `failed:${id}`, '').catch(() => undefined);
  };
  const captureRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const focusCapture = useCallback(() => captureRef.current?.focus(), []);
  const focusList = useCallback(() => listRef.current?.focus(), []);
  const live = view.blueprint.ideas.filter((i) => i.merged_into === null);

  return (
    <div className="bp-panel stack" data-testid="ideas-panel">
      {open && (
        <CaptureBox
          view={view}
          capture={capture}
          onCapture={onCapture}
          inputRef={captureRef}
          onPending={setPending}
          onLeave={focusList}
        />
      )}
      {pending.length > 0 && (
        <ul className="bp-pending" aria-label="Being saved">
          {pending.map((p) => (
            <li
              key={p.id}
              className={p.failed ? 'bp-idea bp-idea-failed' : 'bp-idea bp-idea-pending'}
              data-testid="idea-pending"
            >
              <span className="bp-idea-text">{p.text}</span>
              {p.failed && (
                <span className="field-error" role="alert">
                  Not added: {p.failed}
                </span>
              )}
              {p.failed && (
                <Button size="sm" data-testid="idea-pending-dismiss" onClick={() => dismiss(p.id)}>
                  Dismiss
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && <AlikeIdeas view={view} />}
      <div className="section-head">
        <h2 className="panel-title" data-testid="idea-count">
          {live.length === 1 ? '1 idea' : `${live.length} ideas`}
        </h2>
      </div>
      <IdeaList view={view} open={open} capture={capture} onCapture={onCapture} listRef={listRef} onNew={focusCapture} />
    </div>
  );
}

/** Alt+digit picks who speaks (by their place in the room), Alt+letter the kind. */
function stickyKey(
  event: ReactKeyboardEvent,
  participants: readonly Participant[],
  capture: Capture,
  onCapture: (c: Capture) => void,
): boolean {
  if (!event.altKey || event.ctrlKey || event.metaKey) return false;
  const digit = digitOf(event);
  if (digit !== null) {
    if (digit === 0) onCapture({ ...capture, participantId: null });
    else {
      const p = participants[digit - 1];
      if (!p) return false;
      onCapture({ ...capture, participantId: p.person_id });
    }
    return true;
  }
  const kind = kindForKey(event);
  if (kind) {
    onCapture({ ...capture, kind });
    return true;
  }
  return false;
}

function CaptureBox({
  view,
  capture,
  onCapture,
  inputRef,
  onPending,
  onLeave,
}: {
  view: BlueprintView;
  capture: Capture;
  onCapture: (capture: Capture) => void;
  inputRef: React.RefObject<HTMLInputElement | null>;
  onPending: (update: (all: readonly PendingIdea[]) => readonly PendingIdea[]) => void;
  onLeave: () => void;
}) {
  const base = useId();
  const { blueprint } = view;
  const apply = useApply(blueprint.id);
  const draft = useDraft(blueprint.id, IDEA_DRAFT);
  const [text, setText] = useState(() => draftText(view, IDEA_DRAFT));
  const [problem, setProblem] = useState<Problem | null>(null);
  const textRef = useRef(text);

  useEffect(() => {
    inputRef.current?.focus();
  }, [inputRef]);

  const set = (next: string) => {
    textRef.current = next;
    setText(next);
  };

  const add = async () => {
    const typed = textRef.current;
    if (typed.trim() === '') return;
    const id = crypto.randomUUID();
    // The core clears the draft when the idea is in.
    draft.cancel();
    set('');
    setProblem(null);
    onPending((all) => [...all, { id, text: typed, failed: null }]);
    try {
      await apply({ command: 'add_idea', id, text: typed, participant_id: capture.participantId, kind: capture.kind });
      onPending((all) => all.filter((p) => p.id !== id));
    } catch (error) {
      const e = AppError.from(error);
      setProblem({ message: e.message, field: e.field, about: 'capture' });
      if (textRef.current === '') {
        // Nothing typed since: the idea goes back in the box, as it was.
        set(typed);
        draft.schedule(typed);
        onPending((all) => all.filter((p) => p.id !== id));
        inputRef.current?.focus();
      } else {
        onPending((all) => all.map((p) => (p.id === id ? { ...p, failed: e.message } : p)));
        void saveDraft(blueprint.id, `failed:${id}`, typed).catch(() => undefined);
      }
    }
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (stickyKey(event, blueprint.participants, capture, onCapture)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (event.nativeEvent.isComposing) return;
      event.preventDefault();
      void add();
    } else if (event.key === 'ArrowDown' && !event.altKey) {
      event.preventDefault();
      onLeave();
    }
  };

  const who = capture.participantId;
  const textError = problem && problem.field === 'text' ? problem.message : null;

  return (
    <div className="panel bp-capture" data-testid="capture">
      <label className="field-label" htmlFor={`${base}-idea`}>
        New idea
      </label>
      <input
        id={`${base}-idea`}
        ref={inputRef}
        className="input bp-capture-input"
        data-testid="idea-input"
        autoComplete="off"
        placeholder="Type an idea and press Enter"
        aria-invalid={Boolean(textError)}
        aria-describedby={`${base}-hint${textError ? ` ${base}-error` : ''}`}
        aria-keyshortcuts="Enter Alt+0 Alt+1 Alt+2 Alt+3 Alt+4 Alt+5 Alt+6 Alt+7 Alt+8 Alt+9 Alt+I Alt+F Alt+R Alt+G Alt+K"
        value={text}
        onChange={(event) => {
          set(event.target.value);
          draft.schedule(event.target.value);
          if (problem) setProblem(null);
        }}
        onKeyDown={onKeyDown}
      />
      {textError && (
        <p className="field-error" id={`${base}-error`} role="alert" data-testid="idea-input-error">
          {textError}
        </p>
      )}
      {problem && !textError && <ProblemBanner problem={problem} testId="capture-refused" />}
      <ParticipantChips
        view={view}
        current={who}
        onChoose={(participantId) => onCapture({ ...capture, participantId })}
        label="Who"
        ariaLabel="Who said it"
        testId="capture-who"
        chipTestId="capture-who-chip"
        noneTestId="capture-who-none"
        showFunction
      />
      <div className="bp-sticky" data-testid="capture-kind" aria-label="Kind of idea">
        <span className="bp-sticky-label">Kind</span>
        {IDEA_KINDS.map((k) => (
          <button
            key={k.kind}
            type="button"
            className={capture.kind === k.kind ? `bp-chip bp-chip-on bp-kind-${k.kind}` : 'bp-chip'}
            aria-pressed={capture.kind === k.kind}
            data-testid="capture-kind-chip"
            data-kind={k.kind}
            data-current={capture.kind === k.kind || undefined}
            tabIndex={-1}
            onClick={() => onCapture({ ...capture, kind: k.kind })}
          >
            <kbd>{k.key}</kbd> {k.label}
          </button>
        ))}
      </div>
      <p className="bp-keys" id={`${base}-hint`} data-testid="capture-keys">
        <kbd>Enter</kbd> adds · <kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>9</kbd> who · <kbd>Alt</kbd>+<kbd>0</kbd> nobody ·{' '}
        <kbd>Alt</kbd>+<kbd>I</kbd> <kbd>F</kbd> <kbd>R</kbd> <kbd>G</kbd> <kbd>K</kbd> kind · <kbd>↓</kbd> to the list ·{' '}
        <kbd>Ctrl</kbd>+<kbd>Enter</kbd> next stage
      </p>
    </div>
  );
}

type Editing = { mode: 'edit' | 'split'; id: string; text: string };

function restoredEditing(view: BlueprintView): Editing | null {
  for (const d of view.drafts) {
    const m = /^(edit|split):(.+)$/.exec(d.slot);
    if (!m) continue;
    const idea = view.blueprint.ideas.find((i) => i.id === m[2] && i.merged_into === null);
    if (idea) return { mode: m[1] as Editing['mode'], id: idea.id, text: d.text };
  }
  return null;
}

/**
 * The ideas, newest first, as a list that is worked from the keyboard: the
 * row in focus is edited in place (E), split into several (S), merged into
 * another (M here, then M on the one to keep), and given to someone (1–9)
 * or a kind (I F R G K).
 */
const IdeaList = memo(function IdeaList({
  view,
  open,
  capture,
  onCapture,
  listRef,
  onNew,
}: {
  view: BlueprintView;
  open: boolean;
  capture: Capture;
  onCapture: (capture: Capture) => void;
  listRef: React.RefObject<HTMLDivElement | null>;
  onNew: () => void;
}) {
  const base = useId();
  const { blueprint } = view;
  const { act, problem, pending, clearProblem } = useAct(blueprint.id);
  const rows = useMemo(() => blueprint.ideas.filter((i) => i.merged_into === null).reverse(), [blueprint.ideas]);
  const mergedCount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const i of blueprint.ideas) if (i.merged_into) counts.set(i.merged_into, (counts.get(i.merged_into) ?? 0) + 1);
    return counts;
  }, [blueprint.ideas]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [marked, setMarked] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(() => restoredEditing(view));
  const [announce, setAnnounce] = useState('');
  const active = rows.find((r) => r.id === activeId) ?? rows[0] ?? null;
  const markedIdea = rows.find((r) => r.id === marked) ?? null;

  useEffect(() => {
    if (!active) return;
    document.getElementById(`${base}-${active.id}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, base]);

  const participantIndex = (id: string | null) => blueprint.participants.findIndex((p) => p.person_id === id);

  // Quick keys on one row build on what was just sent, not on the view from before it.
  const sent = usePendingValues<Pick<Idea, 'text' | 'participant_id' | 'kind'>>();
  const fresh = useFreshView(blueprint.id);
  const edit = (shown: Idea, change: { text?: string; participant_id?: string | null; kind?: IdeaKind }) => {
    const idea = fresh()?.blueprint.ideas.find((i) => i.id === shown.id) ?? shown;
    const now = { text: idea.text, participant_id: idea.participant_id, kind: idea.kind, ...sent.get(idea.id) };
    const next = {
      text: change.text ?? now.text,
      participant_id: change.participant_id === undefined ? now.participant_id : change.participant_id,
      kind: change.kind ?? now.kind,
    };
    return sent.track(idea.id, next, () => act({ command: 'edit_idea', id: idea.id, ...next }, idea.id));
  };

  const merge = async (keep: Idea, duplicate: Idea) => {
    const done = await act({ command: 'merge_ideas', keep: keep.id, duplicate: duplicate.id }, keep.id);
    if (done) {
      setMarked(null);
      setAnnounce(`Merged “${duplicate.text}” into “${keep.text}”.`);
    }
  };

  const move = (by: number | 'first' | 'last') => {
    if (rows.length === 0 || !active) return;
    const at = rows.findIndex((r) => r.id === active.id);
    const next = by === 'first' ? 0 : by === 'last' ? rows.length - 1 : Math.min(rows.length - 1, Math.max(0, at + by));
    setActiveId(rows[next]?.id ?? null);
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (open && stickyKey(event, blueprint.participants, capture, onCapture)) {
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    const handled = (() => {
      // Arrows move; letters are the same kinds as Alt+letter in the box (K is risk, so no Vim keys).
      if (key === 'ArrowDown') move(1);
      else if (key === 'ArrowUp') move(-1);
      else if (key === 'PageDown') move(10);
      else if (key === 'PageUp') move(-10);
      else if (key === 'Home') move('first');
      else if (key === 'End') move('last');
      else if (key === 'n' || key === 'N' || key === '/') onNew();
      else if (key === 'Escape' && marked) {
        setMarked(null);
        setAnnounce('Merge cancelled.');
      } else if (!open || !active) return false;
      else if (key === 'e' || key === 'E' || key === 'F2') {
        clearProblem();
        setEditing({ mode: 'edit', id: active.id, text: active.text });
      } else if (key === 's' || key === 'S') {
        clearProblem();
        setEditing({ mode: 'split', id: active.id, text: active.text });
      } else if (key === 'm' || key === 'M') {
        if (!markedIdea) {
          setMarked(active.id);
          setAnnounce('Marked as a duplicate. Move to the idea to keep and press M.');
        } else if (markedIdea.id === active.id) {
          setMarked(null);
          setAnnounce('Merge cancelled.');
        } else void merge(active, markedIdea);
      } else {
        const digit = digitOf(event);
        if (digit !== null) {
          if (digit === 0) void edit(active, { participant_id: null });
          else {
            const p = blueprint.participants[digit - 1];
            if (!p) return false;
            void edit(active, { participant_id: p.person_id });
          }
          return true;
        }
        const kind = kindForKey(event);
        if (kind) void edit(active, { kind });
        else return false;
      }
      return true;
    })();
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const finishEditing = useCallback(
    (e: Editing) => {
      setEditing(null);
      void saveDraft(blueprint.id, `${e.mode}:${e.id}`, '').catch(() => undefined);
      window.setTimeout(() => listRef.current?.focus());
    },
    [blueprint.id, listRef],
  );

  return (
    <div className="bp-ideas">
      <div
        ref={listRef}
        role="listbox"
        tabIndex={0}
        className="bp-idea-list"
        aria-label="Ideas"
        aria-activedescendant={active ? `${base}-${active.id}` : undefined}
        aria-describedby={`${base}-keys`}
        data-testid="idea-list"
        onKeyDown={onKeyDown}
      >
        {rows.map((idea) => {
          const isActive = idea.id === active?.id;
          const index = participantIndex(idea.participant_id);
          const merged = mergedCount.get(idea.id) ?? 0;
          const classes = [
            'bp-idea',
            isActive && 'bp-idea-active',
            idea.id === marked && 'bp-idea-marked',
            pending === idea.id && 'bp-idea-pending',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <div
              key={idea.id}
              id={`${base}-${idea.id}`}
              role="option"
              aria-selected={isActive}
              className={classes}
              data-testid="idea-row"
              data-id={idea.id}
              data-kind={idea.kind}
              data-marked={idea.id === marked || undefined}
              onClick={() => setActiveId(idea.id)}
            >
              {editing?.id === idea.id ? (
                <IdeaEditor
                  blueprintId={blueprint.id}
                  editing={editing}
                  onDone={finishEditing}
                  onSave={async (text) => {
                    if (editing.mode === 'edit') return (await edit(idea, { text })) !== null;
                    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
                    const [keep, ...parts] = lines;
                    if (!keep || parts.length === 0) {
                      return 'Put each idea on its own line: the first stays, every other line becomes a new idea.';
                    }
                    const done = await act(
                      {
                        command: 'split_idea',
                        id: idea.id,
                        text: keep,
                        parts: parts.map((t) => ({ id: crypto.randomUUID(), text: t })),
                      },
                      idea.id,
                    );
                    if (done) setAnnounce(`Split into ${lines.length} ideas.`);
                    return done !== null;
                  }}
                  problem={problem?.about === idea.id ? problem : null}
                />
              ) : (
                <>
                  <span className="bp-idea-text">{idea.text}</span>
                  <span className="bp-idea-meta">
                    <span className={`bp-tag bp-kind-${idea.kind}`} data-testid="idea-kind">
                      {kindShort(idea.kind)}
                    </span>
                    <span className="bp-tag" data-testid="idea-who">
                      {idea.participant_id ? (
                        <>
                          {index >= 0 && index < 9 && <kbd>{index + 1}</kbd>} {personName(view.people, idea.participant_id)}
                        </>
                      ) : (
                        <span className="muted">nobody</span>
                      )}
                    </span>
                    {merged > 0 && (
                      <span className="bp-tag muted" data-testid="idea-merged">
                        +{merged} merged
                      </span>
                    )}
                    {idea.split_from && <span className="bp-tag muted">split</span>}
                    {idea.id === marked && <span className="bp-tag bp-tag-marked">duplicate: M on the one to keep</span>}
                  </span>
                </>
              )}
            </div>
          );
        })}
        {rows.length === 0 && (
          <p className="empty-note" role="presentation">
            No ideas yet.
          </p>
        )}
      </div>
      {problem && problem.about !== editing?.id && <ProblemBanner problem={problem} testId="idea-refused" />}
      <p className="visually-hidden" aria-live="polite" data-testid="idea-announce">
        {announce}
      </p>
      <p className="bp-keys" id={`${base}-keys`} data-testid="list-keys">
        <kbd>↑</kbd> <kbd>↓</kbd> move
        {open && (
          <>
            {' '}
            · <kbd>E</kbd> edit · <kbd>S</kbd> split · <kbd>M</kbd> mark a duplicate, then <kbd>M</kbd> on the one to keep
            · <kbd>1</kbd>…<kbd>9</kbd> who, <kbd>0</kbd> nobody · <kbd>I</kbd> <kbd>F</kbd> <kbd>R</kbd> <kbd>G</kbd>{' '}
            <kbd>K</kbd> kind · <kbd>N</kbd> new idea
          </>
        )}
      </p>
    </div>
  );
});

/** Editing one idea in place, or splitting it (one idea per line). What is typed is kept as a draft. */
function IdeaEditor({
  blueprintId,
  editing,
  onSave,
  onDone,
  problem,
}: {
  blueprintId: string;
  editing: Editing;
  /** True when saved; a string is a message to show without sending. */
  onSave: (text: string) => Promise<boolean | string>;
  onDone: (editing: Editing) => void;
  problem: Problem | null;
}) {
  const base = useId();
  const draft = useDraft(blueprintId, `${editing.mode}:${editing.id}`);
  const [text, setText] = useState(editing.text);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange?.(el.value.length, el.value.length);
  }, []);

  const save = async () => {
    if (busy) return;
    setBusy(true);
    const result = await onSave(text);
    setBusy(false);
    if (result === true) {
      draft.cancel();
      onDone(editing);
    } else if (typeof result === 'string') setMessage(result);
  };

  const onKeyDown = (event: ReactKeyboardEvent) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      draft.cancel();
      onDone(editing);
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      const submit = editing.mode === 'edit' ? !event.shiftKey : event.ctrlKey || event.metaKey;
      if (submit) {
        event.preventDefault();
        void save();
      }
    }
  };

  const error = message ?? problem?.message ?? null;
  const common = {
    id: `${base}-text`,
    ref,
    className: editing.mode === 'edit' ? 'input bp-idea-edit' : 'input textarea bp-idea-edit',
    'data-testid': editing.mode === 'edit' ? 'idea-edit' : 'idea-split',
    'aria-label': editing.mode === 'edit' ? 'Edit the idea' : 'Split the idea: one idea per line',
    'aria-invalid': Boolean(error),
    value: text,
    onChange: (event: { target: { value: string } }) => {
      setText(event.target.value);
      setMessage(null);
      draft.schedule(event.target.value);
    },
    onKeyDown,
  };
  return (
    <div className="bp-idea-editor" onClick={(event) => event.stopPropagation()}>
      {editing.mode === 'edit' ? <input {...common} autoComplete="off" /> : <textarea {...common} rows={Math.max(3, text.split('\n').length + 1)} />}
      {error && (
        <p className="field-error" role="alert" data-testid="idea-edit-error">
          {error}
        </p>
      )}
      <p className="bp-keys">
        {editing.mode === 'edit' ? (
          <>
            <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
          </>
        ) : (
          <>
            One idea per line: the first line stays, each other line becomes a new idea · <kbd>Ctrl</kbd>+<kbd>Enter</kbd>{' '}
            splits · <kbd>Esc</kbd> cancels
          </>
        )}
      </p>
    </div>
  );
}
