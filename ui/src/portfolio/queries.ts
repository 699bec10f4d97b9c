import { useQuery } from '@tanstack/react-query';
import { commands } from '../ipc';

import { portfolioKey } from '../lib/refresh';

/** Every account's line for the portfolio review; health scoring and care writes refresh it. */
export { portfolioKey };

export function usePortfolio() {
  return useQuery({ queryKey: portfolioKey, queryFn: () => commands.portfolioView() });
}

/** Stories by department across every account; under the portfolio's key, so care writes refresh it. */
export const portfolioDepartmentsKey = [...portfolioKey, 'departments'] as const;

export function usePortfolioDepartments() {
  return useQuery({ queryKey: portfolioDepartmentsKey, queryFn: () => commands.storyDepartments(null) });
}
