import { createContext, useCallback, useContext, useRef, useState } from 'react';
import type { Dispatch, SetStateAction } from 'react';

/**
 * What the user has typed into forms not saved yet, and which of those forms
 * are open, kept in memory for as long as the vault is unlocked: leaving a
 * form for another row, another tab or another page, and coming back, finds
 * it as it was. Never written anywhere; locking the vault drops it with the
 * frame that holds it.
 */
export class KeptDrafts {
  private readonly values = new Map<string, unknown>();

  has(key: string): boolean {
    return this.values.has(key);
  }

  get<T>(key: string): T {
    return this.values.get(key) as T;
  }

  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }

  forget(key: string): void {
    this.values.delete(key);
  }
}

/** Provided by the app frame; without it (a component alone in a test) state lives as long as the component. */
export const KeptDraftsContext = createContext<KeptDrafts | null>(null);

/**
 * `useState` whose value outlives the component: kept under `key` until
 * `forget` is called (the form was saved or cancelled on purpose). A `null`
 * key keeps nothing.
 */
export function useKeptState<T>(
  key: string | null,
  initial: T | (() => T),
): [T, Dispatch<SetStateAction<T>>, () => void] {
  const drafts = useContext(KeptDraftsContext);
  const [value, setValue] = useState<T>(() => {
    if (key !== null && drafts?.has(key)) return drafts.get<T>(key);
    return typeof initial === 'function' ? (initial as () => T)() : initial;
  });
  const latest = useRef(value);
  const set = useCallback<Dispatch<SetStateAction<T>>>(
    (action) => {
      const next = typeof action === 'function' ? (action as (previous: T) => T)(latest.current) : action;
      latest.current = next;
      if (key !== null) drafts?.set(key, next);
      setValue(next);
    },
    [drafts, key],
  );
  const forget = useCallback(() => {
    if (key !== null) drafts?.forget(key);
  }, [drafts, key]);
  return [value, set, forget];
}
