import { createContext, useContext } from 'react';

/** Where the user is. */
export type Route =
  | { page: 'accounts' }
  | { page: 'today' }
  | { page: 'portfolio' }
  | {
      page: 'account';
      id: string;
      tab?: 'people' | 'interactions' | 'feedback' | 'health' | 'blueprint';
      focus?: string;
      back?: Route;
    }
  | { page: 'people' }
  | { page: 'import' }
  | { page: 'trash' }
  | { page: 'meetings' }
  | { page: 'meeting'; id: string; back?: Route }
  | { page: 'blueprint'; id: string; back?: Route }
  | { page: 'review' }
  | { page: 'settings' };

/**
 * Moves to another page. Provided by the frame; deep components (a link to
 * Settings under a refused action, an account's meetings) use it instead of
 * threading callbacks through every page. Outside the frame it does nothing.
 */
export const NavigateContext = createContext<(route: Route) => void>(() => {});

export function useNavigate(): (route: Route) => void {
  return useContext(NavigateContext);
}
