import { useQuery } from '@tanstack/react-query';
import { commands } from '../ipc';

/** Every account's line for the portfolio review; health scoring and care writes refresh it. */
export const portfolioKey = ['portfolio'] as const;

export function usePortfolio() {
  return useQuery({ queryKey: portfolioKey, queryFn: () => commands.portfolioView() });
}
