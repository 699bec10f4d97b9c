// One way to write a form: every form keeps its own typed values (and kept
// drafts) and shows the core's validation through `useForm`.
import { useCallback, useRef, useState } from 'react';
import { AppError } from '../ipc';

type Focusable = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLFieldSetElement;

/**
 * The app's one way to show a form's errors: the core's refusal (`AppError.field`)
 * under the field it names, with focus moved there, or above the buttons when it
 * names none. Typed text is never cleared here: forms keep their values (and
 * their kept drafts, lib/keptState) whatever the core answers.
 */
export function useForm<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const refs = useRef(new Map<F, Focusable>());

  const focus = useCallback((field: F) => {
    const el = refs.current.get(field);
    if (el instanceof HTMLFieldSetElement) {
      (el.querySelector<HTMLInputElement>('input:checked') ?? el.querySelector<HTMLInputElement>('input'))?.focus();
    } else {
      el?.focus();
    }
  }, []);

  /** Callback ref for the control (or the radio fieldset) of a field. */
  const bind = useCallback(
    (field: F) => (el: Focusable | null) => {
      if (el) refs.current.set(field, el);
      else refs.current.delete(field);
    },
    [],
  );

  /** Client-side checks before sending; focuses the first field at fault. */
  const reject = useCallback(
    (found: Partial<Record<F, string>>): boolean => {
      const first = fields.find((f) => found[f]);
      if (!first) return false;
      setErrors(found);
      setFormError(null);
      focus(first);
      return true;
    },
    [fields, focus],
  );

  const show = useCallback(
    (error: unknown, now: boolean): F | null => {
      const appError = AppError.from(error);
      const field = fields.find((f) => f === appError.field);
      if (field) {
        setErrors({ [field]: appError.message } as Partial<Record<F, string>>);
        setFormError(null);
        // After the re-render that shows the message, so the control is described by it
        // (`failNow`: at once, for a form whose controls are always on screen).
        if (now) focus(field);
        else window.setTimeout(() => focus(field));
        return field;
      }
      setErrors({});
      setFormError(appError.message);
      return null;
    },
    [fields, focus],
  );

  /** A failed command: under the field it names, or above the buttons. Returns the field, if any. */
  const fail = useCallback((error: unknown) => show(error, false), [show]);
  const failNow = useCallback((error: unknown) => show(error, true), [show]);

  const clear = useCallback((field: F) => {
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }, []);

  const reset = useCallback(() => {
    setErrors({});
    setFormError(null);
  }, []);

  return { errors, formError, bind, reject, fail, failNow, clear, reset };
}
