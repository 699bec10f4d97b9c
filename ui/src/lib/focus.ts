import { useCallback, useRef } from 'react';

/**
 * Focus for a control that may be off screen at the moment it should take
 * it: the control pressed went away with the change (a form closed), and
 * this one comes back with the same render. `request()` focuses it now if it
 * is there, or as soon as its `ref` is attached.
 */
export function useFocusRequest<T extends HTMLElement>(): readonly [(element: T | null) => void, () => void] {
  const element = useRef<T | null>(null);
  const wanted = useRef(false);
  const ref = useCallback((el: T | null) => {
    element.current = el;
    if (el && wanted.current) {
      wanted.current = false;
      el.focus();
    }
  }, []);
  const request = useCallback(() => {
    if (element.current) element.current.focus();
    else wanted.current = true;
  }, []);
  return [ref, request] as const;
}
