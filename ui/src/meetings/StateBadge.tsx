import type { MeetingState } from '../ipc';
import { stateHint, stateLabel } from './labels';

/** The review state as a coloured pill; its text is the core's word ("approved"). */
export function StateBadge({ state, testId }: { state: MeetingState; testId?: string }) {
  return (
    <span className={`badge state-badge state-${state}`} data-testid={testId} data-state={state} title={stateHint(state)}>
      {stateLabel(state)}
    </span>
  );
}
