import type { ReactNode } from 'react';
import { functionLabel } from '../account/labels';
import type { BlueprintView } from '../ipc';
import { personName } from './labels';

/**
 * The people in the room as chips, one of them (or nobody) current, with the
 * digit that picks each: who said an idea, who is voting. Not in the Tab order:
 * the digit keys choose, the click is for the mouse.
 */
export function ParticipantChips({
  view,
  current,
  onChoose,
  label,
  ariaLabel,
  testId,
  chipTestId,
  noneTestId,
  showFunction = false,
  children,
}: {
  view: BlueprintView;
  current: string | null;
  onChoose: (personId: string | null) => void;
  label: string;
  ariaLabel: string;
  testId: string;
  chipTestId: string;
  noneTestId?: string;
  showFunction?: boolean;
  children?: ReactNode;
}) {
  const chip = (on: boolean) => (on ? 'bp-chip bp-chip-on' : 'bp-chip');
  return (
    <div className="bp-sticky" data-testid={testId} aria-label={ariaLabel}>
      <span className="bp-sticky-label">{label}</span>
      <button
        type="button"
        className={chip(current === null)}
        aria-pressed={current === null}
        data-testid={noneTestId}
        tabIndex={-1}
        onClick={() => onChoose(null)}
      >
        <kbd>0</kbd> Nobody
      </button>
      {view.blueprint.participants.map((p, index) => (
        <button
          key={p.person_id}
          type="button"
          className={chip(current === p.person_id)}
          aria-pressed={current === p.person_id}
          data-testid={chipTestId}
          data-current={current === p.person_id || undefined}
          tabIndex={-1}
          onClick={() => onChoose(p.person_id)}
        >
          {index < 9 && <kbd>{index + 1}</kbd>} {personName(view.people, p.person_id)}
          {showFunction && <span className="bp-chip-sub">{functionLabel(p.function)}</span>}
        </button>
      ))}
      {children}
    </div>
  );
}
