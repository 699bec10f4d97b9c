// Applying a command from a panel: the call, what is pending, and the refusal
// shown where the user looks (under the field it names, or in a banner).
import { useCallback, useRef, useState } from 'react';
import { AppError } from '../ipc';
import type { BlueprintCommand, BlueprintView } from '../ipc';
import { AlertIcon } from '../ui/icons';
import { useApply } from './queries';

export type Problem = { message: string; field: string | null; about: string };

/** A form (lib/form `useForm`) that can show a refusal under the field it names. */
export type Reporter = { report: (error: unknown, when: 'later') => string | null };

/**
 * `form`: the panel's form (lib/form `useForm`). A refusal naming one of its
 * fields shows under that field, focused; any other stays a `problem` (the banner).
 * A panel with several forms names the one a command came from at each `act`.
 */
export function useAct(blueprintId: string, form?: Reporter) {
  const apply = useApply(blueprintId);
  const report = form?.report;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  /**
   * Applies the command; `about` says which control it came from (a goal id,
   * "comment", …) so its message shows there; `from`, the form it was sent
   * from, when not the panel's. Resolves with the new view, or null when
   * refused (the problem is kept until the next try).
   */
  const act = useCallback(
    async (command: BlueprintCommand, about: string = command.command, from?: Reporter): Promise<BlueprintView | null> => {
      setPending(about);
      setProblem(null);
      try {
        return await apply(command);
      } catch (error) {
        const e = AppError.from(error);
        const shown = from ? from.report(e, 'later') : report?.(e, 'later');
        if (!shown) setProblem({ message: e.message, field: e.field, about });
        return null;
      } finally {
        setPending((p) => (p === about ? null : p));
      }
    },
    [apply, report],
  );

  const clearProblem = useCallback(() => setProblem(null), []);
  return { act, problem, pending, clearProblem, setProblem };
}

/** A refusal that belongs to no single field: a banner that says what is kept. */
export function ProblemBanner({ problem, testId = 'blueprint-refused' }: { problem: Problem | null; testId?: string }) {
  if (!problem) return null;
  return (
    <div className="refused-banner bp-refused" role="alert" data-testid={testId} data-field={problem.field ?? undefined}>
      <AlertIcon width={18} height={18} />
      <div className="refused-text">
        <p>
          <strong>Not done:</strong> {problem.message}
        </p>
        <p className="muted">What you typed is kept here.</p>
      </div>
    </div>
  );
}

/** The message for one field, if the problem names it. */
export function fieldProblem(problem: Problem | null, about: string, field: string): string | null {
  if (!problem || problem.about !== about || problem.field !== field) return null;
  return problem.message;
}

/**
 * What was last sent for a key while its answer is still on the way. Keys
 * pressed at the speed people talk build on what was just sent, not on the
 * view from before it (two quick V presses are two votes, not one twice).
 */
export function usePendingValues<V>() {
  const pending = useRef(new Map<string, { value: V; seq: number }>());
  const seq = useRef(0);
  const get = useCallback((key: string): V | undefined => pending.current.get(key)?.value, []);
  const track = useCallback(async <R,>(key: string, value: V, run: () => Promise<R>): Promise<R> => {
    const n = ++seq.current;
    pending.current.set(key, { value, seq: n });
    try {
      return await run();
    } finally {
      if (pending.current.get(key)?.seq === n) pending.current.delete(key);
    }
  }, []);
  return { get, track };
}
