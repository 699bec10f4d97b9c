// What the account page's create/edit forms share: errors from the core shown
// under the field they name (lib/form.ts, with focus moved there), Escape to cancel,
// Ctrl+Enter to submit from a multi-line field, and telling the page a form is
// open so Escape does not leave the page under it.
import { createContext, useContext, useEffect } from 'react';
import type { KeyboardEvent } from 'react';
import { appToday } from '../lib/clock';

/** The one form hook (lib/form.ts), under the name these forms have always used. */
export { useForm as useFieldErrors } from '../lib/form';

/** The page counts open forms; Escape and Alt+Left leave the page only when none is open. */
export const OpenFormsContext = createContext<() => () => void>(() => () => {});

export function useRegisterOpenForm(): void {
  const register = useContext(OpenFormsContext);
  useEffect(() => register(), [register]);
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
