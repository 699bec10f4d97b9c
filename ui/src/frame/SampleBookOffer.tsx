import { useMutation, useQueryClient } from '@tanstack/react-query';
import { commands } from '../ipc';
import { useScoring } from '../portfolio/scoring';
import { Button } from '../ui/Button';
import { FormError } from '../ui/Field';
import { useNavigate } from './routes';

/**
 * On an empty book: offer a sample book of invented accounts to explore
 * before entering real ones (it can be deleted like anything else). Once
 * loaded, the app goes to Today and scores the new accounts' health.
 */
export function SampleBookOffer() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const scoring = useScoring();
  const load = useMutation({
    mutationFn: () => commands.demoLoad(),
    // The sample touches everything (accounts, people, meetings, settings):
    // every cached answer is stale, including the review badge.
    onSuccess: () => {
      void queryClient.invalidateQueries();
      scoring.start();
      navigate({ page: 'today' });
    },
  });
  return (
    <div className="sample-offer" data-testid="sample-offer">
      <p>
        New to Rapport? Load a sample book: a dozen invented customers with people on both sides, ties, interactions,
        a week of executive visits and every kind of warning, so you can see what the analysis says before you enter your own.
      </p>
      <FormError message={load.error?.message ?? null} />
      <Button pending={load.isPending} pendingLabel="Loading the sample…" onClick={() => load.mutate()} data-testid="load-sample">
        Load the sample book
      </Button>
    </div>
  );
}
