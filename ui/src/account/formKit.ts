// What the account page's create/edit forms share: errors from the core shown
// under the field they name (with focus moved there), Escape to cancel,
// Ctrl+Enter to submit from a multi-line field, and telling the page a form is
// open so Escape does not leave the page under it.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { AppError } from '../ipc';
import { appToday } from '../lib/clock';

/** The page counts open forms; Escape and Alt+Left leave the page only when none is open. */
export const OpenFormsContext = createContext<() => () => void>(() => () => {});

export function useRegisterOpenForm(): void {
  const register = useContext(OpenFormsContext);
  useEffect(() => register(), [register]);
}

type Focusable = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLFieldSetElement;

export function useFieldErrors<F extends string>(fields: readonly F[]) {
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

  /** A failed command: under the field it names, or above the buttons. */
  const fail = useCallback(
    (error: unknown) => {
      const appError = AppError.from(error);
      const field = fields.find((f) => f === appError.field);
      if (field) {
        setErrors({ [field]: appError.message } as Partial<Record<F, string>>);
        setFormError(null);
        // After the re-render that shows the message, so the control is described by it.
        window.setTimeout(() => focus(field));
      } else {
        setErrors({});
        setFormError(appError.message);
      }
    },
    [fields, focus],
  );

  const clear = useCallback((field: F) => {
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }, []);

  const reset = useCallback(() => {
    setErrors({});
    setFormError(null);
  }, []);

  return { errors, formError, bind, reject, fail, clear, reset };
}

/** Escape cancels; Ctrl/Cmd+Enter submits from anywhere in the form, a textarea included. */
export function formKeyDown(onCancel: () => void, busy: boolean) {
  return (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (!busy) onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };
}

/** '' for a blank text box; the core treats null as "not set". */
export function blankToNull(text: string): string | null {
  return text.trim() === '' ? null : text;
}

/** Today as YYYY-MM-DD: the app's clock in the user's zone, or the local day of `now` when given. */
export function today(now?: Date): string {
  if (!now) return appToday();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A whole number typed with or without group separators; null if it is not one. */
export function parseWhole(text: string): number | null | 'invalid' {
  const cleaned = text.replace(/[\s,'_\u00a0\u202f]/g, '');
  if (cleaned === '') return null;
  if (!/^-?\d+$/.test(cleaned)) return 'invalid';
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? value : 'invalid';
}
