import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { KeptDrafts, KeptDraftsContext } from '../lib/keptState';
import { createQueryClient } from '../queryClient';

/**
 * Renders with a fresh query cache and a fresh store of unsaved input (no
 * state leaks between tests), as the app frame provides them, and a user.
 */
export function renderWithProviders(ui: ReactElement) {
  const queryClient = createQueryClient();
  const drafts = new KeptDrafts();
  const user = userEvent.setup();
  const wrap = (node: ReactElement) => (
    <QueryClientProvider client={queryClient}>
      <KeptDraftsContext.Provider value={drafts}>{node}</KeptDraftsContext.Provider>
    </QueryClientProvider>
  );
  const result = render(wrap(ui));
  // Rerendering keeps the providers: the cache, and what was typed.
  const rerender = (next: ReactElement) => result.rerender(wrap(next));
  return { ...result, rerender, user, queryClient };
}
