// One way to write a form: every form keeps its own typed values (and kept
// drafts), renders through `<Form>` and shows the core's validation through
// `useForm`. A test (form.scan.test.ts) fails when a `<form>` bypasses them.
import { useCallback, useRef, useState } from 'react';
import type { FormHTMLAttributes, KeyboardEvent, ReactNode } from 'react';
import { AppError } from '../ipc';

type Focusable = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLFieldSetElement;

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** When to move focus to the field a message names. */
type FocusWhen = 'now' | 'later' | 'never';

/**
 * The app's one way to show a form's errors: the core's refusal (`AppError.field`)
 * under the field it names, with focus moved there, or above the buttons when it
 * names none. Typed text is never cleared here: forms keep their values (and
 * their kept drafts, lib/keptState) whatever the core answers.
 */
export function useForm<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [touched, setTouched] = useState<Partial<Record<F, boolean>>>({});
  // Messages that came from the form's own checks (`reject`), not from the core.
  const [checked, setChecked] = useState(false);
  const [running, setRunning] = useState(false);
  const runningRef = useRef(false);
  const refs = useRef(new Map<F, Focusable>());

  const focus = useCallback((field: F) => {
    const el = refs.current.get(field);
    if (el instanceof HTMLFieldSetElement) {
      (el.querySelector<HTMLInputElement>('input:checked') ?? el.querySelector<HTMLInputElement>('input'))?.focus();
    } else {
      el?.focus();
    }
  }, []);

  const focusWhen = useCallback(
    (field: F, when: FocusWhen) => {
      if (when === 'now') focus(field);
      // After the re-render that shows the message, so the control is described by it.
      else if (when === 'later') window.setTimeout(() => focus(field));
    },
    [focus],
  );

  /** Callback ref for the control (or the radio fieldset) of a field. */
  const bind = useCallback(
    (field: F) => (el: Focusable | null) => {
      if (el) refs.current.set(field, el);
      else refs.current.delete(field);
    },
    [],
  );

  /**
   * Client-side checks before sending: shows what was found and focuses the
   * first field at fault (`when: 'never'` while the user is still typing).
   * Returns true when something was found, so the caller does not send.
   */
  const reject = useCallback(
    (found: FieldErrors<F>, when: FocusWhen = 'now'): boolean => {
      const first = fields.find((f) => found[f]);
      if (!first) return false;
      setErrors(found);
      setChecked(true);
      setFormError(null);
      setTouched((t) => ({ ...t, ...Object.fromEntries(fields.filter((f) => found[f]).map((f) => [f, true])) }));
      focusWhen(first, when);
      return true;
    },
    [fields, focusWhen],
  );

  /**
   * A failed command: under the field it names (focused `when`), or above the
   * buttons. Returns the field, if any.
   */
  const report = useCallback(
    (error: unknown, when: FocusWhen): F | null => {
      const appError = AppError.from(error);
      const field = fields.find((f) => f === appError.field);
      if (field) {
        setErrors({ [field]: appError.message } as FieldErrors<F>);
        setChecked(false);
        setFormError(null);
        focusWhen(field, when);
        return field;
      }
      setErrors({});
      setFormError(appError.message);
      return null;
    },
    [fields, focusWhen],
  );

  /** A failed command, its field focused after the message shows. For `onError` of a mutation. */
  const fail = useCallback((error: unknown) => report(error, 'later'), [report]);
  /** The same, focused at once: for a form whose controls are always on screen. */
  const failNow = useCallback((error: unknown) => report(error, 'now'), [report]);

  /** The user is fixing it: the old verdict on this field no longer applies. */
  const clear = useCallback((field: F) => {
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }, []);

  /** Before a new try, or after a save: no messages, and no field counts as visited. */
  const reset = useCallback(() => {
    setErrors({});
    setFormError(null);
    setTouched({});
  }, []);

  /** The user left the field: from now on its live check (`errorOf`) shows. */
  const touch = useCallback((field: F) => {
    setTouched((t) => (t[field] ? t : { ...t, [field]: true }));
  }, []);

  /**
   * The message under a field: the core's, else the live check's once the user
   * has left the field or tried to submit (no "too short" while still typing;
   * "do not match" goes as soon as the other field is fixed).
   */
  const errorOf = (field: F, live?: FieldErrors<F>): string | undefined => {
    if (!live) return errors[field];
    const fromCore = checked ? undefined : errors[field];
    return fromCore ?? (touched[field] ? live[field] : undefined);
  };

  /**
   * Runs a submit: a second one while a first is on its way is ignored, and
   * a throw or a rejected promise shows like a failed command (`fail`).
   */
  const run = useCallback(
    (task: () => unknown) => {
      if (runningRef.current) return;
      let result: unknown;
      try {
        result = task();
      } catch (error) {
        report(error, 'later');
        return;
      }
      if (!(result instanceof Promise)) return;
      runningRef.current = true;
      setRunning(true);
      result
        .catch((error: unknown) => report(error, 'later'))
        .finally(() => {
          runningRef.current = false;
          setRunning(false);
        });
    },
    [report],
  );

  return {
    errors,
    formError,
    touched,
    /** A submit passed to `<Form>` as a promise is on its way. */
    pending: running,
    /** Takes the user to a field (a radio group: its chosen option). */
    focus,
    bind,
    reject,
    report,
    fail,
    failNow,
    clear,
    reset,
    touch,
    errorOf,
    run,
  };
}

export type FormApi<F extends string> = ReturnType<typeof useForm<F>>;

type FormProps<F extends string> = Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'noValidate'> & {
  /** What `useForm` returned: the form's messages and focus. */
  form: FormApi<F>;
  /** Called on Enter or the submit button, the event already handled; may return a promise. */
  onSubmit: () => unknown;
  /** A save running outside the form (a mutation): submits are ignored and Escape waits. */
  busy?: boolean;
  /** Escape calls it, and Ctrl/Cmd+Enter submits from anywhere, a textarea included. */
  onCancel?: () => void;
  children: ReactNode;
};

/**
 * Every form in the app: `noValidate` (the app's checks and the core's speak,
 * not the browser's bubbles), the page never reloads, one submit at a time.
 */
export function Form<F extends string>({ form, onSubmit, busy = false, onCancel, onKeyDown, children, ...rest }: FormProps<F>) {
  const keyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    onKeyDown?.(event);
    if (!onCancel || event.defaultPrevented) return;
    if (event.key === 'Escape') {
      // Escape that ends an input-method composition is not a cancel.
      if (event.nativeEvent.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      if (!busy && !form.pending) onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };
  return (
    <form
      {...rest}
      noValidate
      onKeyDown={onCancel || onKeyDown ? keyDown : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        if (!busy) form.run(onSubmit);
      }}
    >
      {children}
    </form>
  );
}
