import { useId, useState } from 'react';
import type { GateAction, MeetingView } from '../ipc';
import { useKeptState } from '../lib/keptState';
import { Button } from '../ui/Button';
import { ActionTextBox, gateTextKey, GateProblemMessage, useGate } from './gate';
import { ACTION_TEXT, actionLabel, GATE_ACTIONS } from './labels';

/**
 * The review gate's steps as buttons, in the order a meeting goes through
 * them. A step that is not open now stays focusable and says why (as its
 * tooltip, and in a line under the buttons while it has focus). A question,
 * a reason or a follow-up note is typed in a small box under the buttons; the
 * open box and its text outlast a visit elsewhere until sent or cancelled.
 */
export function GatePanel({ view }: { view: MeetingView }) {
  const id = useId();
  const { act, problem, pending, clearProblem } = useGate();
  const [typing, setTyping, forgetTyping] = useKeptState<GateAction | null>(`gate-open:${view.meeting.id}`, null);
  const [focused, setFocused] = useState<GateAction | null>(null);
  const meeting = { id: view.meeting.id, title: view.meeting.title };
  const checks = GATE_ACTIONS.map((action) => view.actions.find((a) => a.action === action)).filter(
    (check): check is NonNullable<typeof check> => check !== undefined,
  );
  const focusedCheck = checks.find((c) => c.action === focused && !c.allowed);

  const start = (action: GateAction) => {
    clearProblem();
    if (ACTION_TEXT[action]) setTyping(action);
    else void act(meeting, action);
  };

  return (
    <section className="panel gate-panel" aria-labelledby={`${id}-title`} data-testid="gate-panel">
      <h2 className="visually-hidden" id={`${id}-title`}>
        Review
      </h2>
      <div className="gate-buttons">
        {checks.map((check) => (
          <Button
            key={check.action}
            size="sm"
            variant={check.allowed && (check.action === 'approve' || check.action === 'submit') ? 'primary' : 'secondary'}
            className={check.allowed ? undefined : 'btn-unavailable'}
            data-testid={`gate-${check.action}`}
            data-allowed={check.allowed}
            aria-disabled={!check.allowed || undefined}
            aria-describedby={!check.allowed ? `${id}-reason` : undefined}
            aria-expanded={ACTION_TEXT[check.action] ? typing === check.action : undefined}
            title={check.allowed ? undefined : (check.reason ?? undefined)}
            pending={pending === check.action}
            onFocus={() => setFocused(check.action)}
            onBlur={() => setFocused((f) => (f === check.action ? null : f))}
            onClick={() => {
              if (check.allowed) start(check.action);
              else setFocused(check.action);
            }}
          >
            {actionLabel(check.action)}
            {ACTION_TEXT[check.action] ? '…' : ''}
          </Button>
        ))}
      </div>
      {/* The line keeps its height so focusing a button does not move the page. */}
      <p className="gate-reason" id={`${id}-reason`} data-testid="gate-reason" aria-live="polite">
        {focusedCheck?.reason ? `Not now: ${focusedCheck.reason}` : ''}
      </p>
      {typing && (
        <ActionTextBox
          key={typing}
          action={typing}
          keepKey={gateTextKey(view.meeting.id, typing)}
          pending={pending === typing}
          onCancel={() => {
            setTyping(null);
            forgetTyping();
          }}
          onSend={async (text) => {
            const done = await act(meeting, typing, text);
            if (done) {
              setTyping(null);
              forgetTyping();
            }
            return done !== null;
          }}
        />
      )}
      <GateProblemMessage problem={problem} />
    </section>
  );
}
