import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';
import { AppError, commands } from '../ipc';
import type { BlueprintCommand, BlueprintView } from '../ipc';
import { showToast } from '../ui/toast';

import { blueprintsKey, refresh } from '../lib/refresh';

/** Every blueprint query starts with `blueprintsKey`, so any write can refresh them all. */
export { blueprintsKey };
export const blueprintListKey = (accountId: string | null) => [...blueprintsKey, 'list', accountId] as const;
export const blueprintViewKey = (id: string) => [...blueprintsKey, 'view', id] as const;
/** Keyed by the view's stamp too: the working revision changes with every write. */
export const blueprintCompareKey = (id: string, from: number, to: number, stamp: string) =>
  [...blueprintsKey, 'compare', id, from, to, stamp] as const;

export function useBlueprintList(accountId: string | null) {
  return useQuery({ queryKey: blueprintListKey(accountId), queryFn: () => commands.blueprintList(accountId) });
}

export function useBlueprintView(id: string) {
  return useQuery({ queryKey: blueprintViewKey(id), queryFn: () => commands.blueprintView(id) });
}

// Writes to one blueprint go one after another, in the order they were made:
// a view that answers an earlier command never lands after a later one, and a
// draft saved before an idea is added is never written after the core cleared it.
const queues = new Map<string, Promise<unknown>>();

function enqueue<T>(id: string, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(id) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.catch(() => undefined);
  queues.set(id, settled);
  void settled.then(() => {
    if (queues.get(id) === settled) queues.delete(id);
  });
  return next;
}

/**
 * One command to one blueprint. Resolves with the new view, which goes
 * straight into the cache (what was typed shows at once); rejects with an
 * AppError (the core's refusal, with the field it names).
 */
export function useApply(id: string) {
  const queryClient = useQueryClient();
  return useCallback(
    async (command: BlueprintCommand): Promise<BlueprintView> => {
      const view = await enqueue(id, () => commands.blueprintApply(id, command));
      queryClient.setQueryData(blueprintViewKey(id), view);
      // Lists, comparisons and the account page (its map draws planned ties); the view itself is fresh.
      void refresh(queryClient, { entities: ['blueprint'], account_ids: [view.blueprint.account_id] }, [blueprintViewKey(id)]);
      return view;
    },
    [id, queryClient],
  );
}

/** Keeps text as it is typed, in the vault (never in the browser's storage). */
export function saveDraft(id: string, slot: string, text: string): Promise<null> {
  return enqueue(id, () => commands.blueprintSaveDraft(id, slot, text));
}

// Typing pauses this long before what was typed is kept.
export const DRAFT_MS = 300;

/**
 * A debounced draft for one slot: `schedule` as the user types, `clear` once
 * a command has saved the text for real. Leaving the page mid-pause still
 * keeps what was typed.
 */
export function useDraft(id: string, slot: string) {
  const timer = useRef<number | undefined>(undefined);
  const pending = useRef<string | null>(null);
  const failedOnce = useRef(false);

  const write = useCallback(
    async (text: string) => {
      try {
        await saveDraft(id, slot, text);
        failedOnce.current = false;
      } catch (error) {
        // Said once, not on every key: the text is still on screen.
        if (!failedOnce.current) {
          failedOnce.current = true;
          showToast({ message: `Couldn't keep what you typed: ${AppError.from(error).message}`, tone: 'error' });
        }
      }
    },
    [id, slot],
  );

  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    const text = pending.current;
    pending.current = null;
    if (text !== null) await write(text);
  }, [write]);

  const schedule = useCallback(
    (text: string) => {
      pending.current = text;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), DRAFT_MS);
    },
    [flush],
  );

  /** Forgets a pending save (the command that follows clears or replaces it). */
  const cancel = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    pending.current = null;
  }, []);

  const clear = useCallback(async () => {
    cancel();
    await write('');
  }, [cancel, write]);

  const latestFlush = useRef(flush);
  useEffect(() => {
    latestFlush.current = flush;
  }, [flush]);
  useEffect(() => () => void latestFlush.current(), []);

  return { schedule, flush, cancel, clear };
}

/** A draft's text from the view, or ''. */
export function draftText(view: BlueprintView, slot: string): string {
  return view.drafts.find((d) => d.slot === slot)?.text ?? '';
}

/**
 * Forms that save as the user types register how to save now, so moving to
 * the next stage first saves what is still waiting.
 */
export const FlushContext = createContext<(flush: () => Promise<unknown>) => () => void>(() => () => {});

export function useRegisterFlush(flush: () => Promise<unknown>): void {
  const register = useContext(FlushContext);
  const latest = useRef(flush);
  useEffect(() => {
    latest.current = flush;
  }, [flush]);
  useEffect(() => register(() => latest.current()), [register]);
}

/**
 * The view as the cache holds it this moment, which can be newer than the
 * one a component last rendered (a key pressed right after an answer came).
 */
export function useFreshView(id: string) {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.getQueryData<BlueprintView>(blueprintViewKey(id)), [queryClient, id]);
}
