// Fields that save as the user types (the question, a goal's plan, a
// check-in being written): debounced saves through a command, and a draft of
// what is not saved yet (refused, or not complete enough to send) so it
// survives the app being closed mid-sentence.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDraft, useRegisterFlush } from './queries';

// Typing pauses this long before a save; leaving the field saves at once.
export const AUTOSAVE_MS = 700;

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export function useAutosaved<V>({
  blueprintId,
  slot,
  fromCore,
  restored,
  equal,
  save,
  autosave = true,
}: {
  blueprintId: string;
  /** The draft slot that keeps the values while they are not saved. */
  slot: string;
  /** What the core holds now. */
  fromCore: V;
  /** Values from a draft, shown instead of the core's at first. */
  restored: V | null;
  equal: (a: V, b: V) => boolean;
  /** Sends the values; resolves true when all of them are saved. */
  save: (values: V) => Promise<boolean>;
  /** False: only the draft is kept as the user types; `flush` sends. */
  autosave?: boolean;
}) {
  const draft = useDraft(blueprintId, slot);
  const [values, setValues] = useState<V>(restored ?? fromCore);
  const [dirty, setDirty] = useState(restored !== null);
  const [state, setState] = useState<SaveState>('idle');
  const [synced, setSynced] = useState(fromCore);
  // Adopt what the core says only when it cannot overwrite the user's work.
  if (!equal(synced, fromCore)) {
    setSynced(fromCore);
    if (!dirty && state !== 'saving') setValues(fromCore);
  }

  const valuesRef = useRef(values);
  const dirtyRef = useRef(dirty);
  const inFlight = useRef(false);
  const queued = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    valuesRef.current = values;
  }, [values]);

  /** Saves now; resolves true when everything typed is in the core. */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    if (inFlight.current) {
      queued.current = true;
      return false;
    }
    if (!dirtyRef.current) return true;
    const sent = valuesRef.current;
    inFlight.current = true;
    setState('saving');
    try {
      const ok = await save(sent);
      const all = ok && valuesRef.current === sent;
      if (all) {
        dirtyRef.current = false;
        setDirty(false);
        await draft.clear();
      } else {
        // Not all of it is in the core: keep it as a draft meanwhile.
        await draft.flush();
      }
      setState(ok ? 'saved' : 'error');
      return all;
    } finally {
      inFlight.current = false;
      if (queued.current) {
        queued.current = false;
        void flush();
      }
    }
  }, [save, draft]);

  useRegisterFlush(flush);

  const latestFlush = useRef(flush);
  useEffect(() => {
    latestFlush.current = flush;
  }, [flush]);
  // Leaving the page mid-pause still saves what was typed.
  useEffect(
    () => () => {
      if (timer.current !== undefined) void latestFlush.current();
    },
    [],
  );

  const change = useCallback(
    /** `draft`: keep it (and its draft) but send only on `flush` — for a field
     * whose value passes through nonsense while it is typed (a date's year). */
    (next: V, when: 'debounce' | 'now' | 'draft' = 'debounce') => {
      valuesRef.current = next;
      setValues(next);
      dirtyRef.current = true;
      setDirty(true);
      draft.schedule(JSON.stringify(next));
      window.clearTimeout(timer.current);
      timer.current = undefined;
      if (!autosave || when === 'draft') return;
      if (when === 'now') void flush();
      else timer.current = window.setTimeout(() => void flush(), AUTOSAVE_MS);
    },
    [draft, flush, autosave],
  );

  /** Puts the core's values back and forgets the draft (after a command saved them another way). */
  const reset = useCallback(
    (to: V) => {
      window.clearTimeout(timer.current);
      timer.current = undefined;
      valuesRef.current = to;
      setValues(to);
      dirtyRef.current = false;
      setDirty(false);
      setState('idle');
      void draft.clear();
    },
    [draft],
  );

  return { values, change, flush, reset, dirty, state };
}

/** A draft written by `useAutosaved`, read back; null when absent or not what was expected. */
export function parseDraft<V extends object>(text: string, keys: readonly (keyof V)[]): V | null {
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return null;
    return keys.every((k) => k in parsed) ? (parsed as V) : null;
  } catch {
    return null;
  }
}
