// Taking a step through the review gate from the UI: the call, the messages
// it can end with, and the small box a question, answer or reason is typed in.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { GateAction, MeetingView } from '../ipc';
import { useNavigate } from '../frame/routes';
import { Form, useForm } from '../lib/form';
import { useKeptState } from '../lib/keptState';
import { Button } from '../ui/Button';
import { showToast } from '../ui/toast';
import { ACTION_TEXT, actionDone } from './labels';
import { useInvalidateMeetings } from './queries';

/** Why a step did not happen: the user's name is missing, or the core's message. */
export type GateProblem = { needsName: true } | { needsName: false; message: string };

export function gateProblem(error: unknown): GateProblem {
  const appError = AppError.from(error);
  // The core records who acted from the settings; without a name it refuses.
  if (appError.code === 'validation' && appError.field === 'by') return { needsName: true };
  return { needsName: false, message: appError.message };
}

/**
 * One step for one meeting. `by` is left out: the core records the name in
 * the settings. Resolves with the new view, or null (the problem is kept).
 */
export function useGate() {
  const invalidate = useInvalidateMeetings();
  const [problem, setProblem] = useState<GateProblem | null>(null);
  const [pending, setPending] = useState<GateAction | null>(null);

  const act = useCallback(
    async (
      meeting: { id: string; title: string },
      action: GateAction,
      body?: string,
      replyTo?: number,
    ): Promise<MeetingView | null> => {
      setPending(action);
      setProblem(null);
      try {
        const view = await commands.meetingAct(meeting.id, {
          action,
          body: body ?? null,
          by: null,
          reply_to: replyTo ?? null,
        });
        void invalidate(view);
        showToast({ message: actionDone(action, meeting.title) });
        return view;
      } catch (error) {
        setProblem(gateProblem(error));
        return null;
      } finally {
        setPending(null);
      }
    },
    [invalidate],
  );

  const clearProblem = useCallback(() => setProblem(null), []);
  return { act, problem, pending, clearProblem };
}

const BODY = ['body'] as const;

/** Where the unsent text of a step's box is kept; shared by the meeting page and the review queue. */
export function gateTextKey(meetingId: string, action: GateAction): string {
  return `gate-text:${meetingId}:${action}`;
}

/** The message under the gate's buttons. */
export function GateProblemMessage({ problem, testId = 'gate-error' }: { problem: GateProblem | null; testId?: string }) {
  const navigate = useNavigate();
  if (!problem) return null;
  if (problem.needsName) {
    return (
      <div className="form-error gate-problem" role="alert" data-testid={testId}>
        Set your name in Settings first: it is recorded as who took each step.{' '}
        <button type="button" className="link-button" data-testid="open-settings" onClick={() => navigate({ page: 'settings' })}>
          Open Settings
        </button>
      </div>
    );
  }
  return (
    <div className="form-error gate-problem" role="alert" data-testid={testId}>
      {problem.message}
    </div>
  );
}

/**
 * A question, answer, reason or note for a step. Enter sends, Shift+Enter is
 * a new line, Escape cancels. What was typed stays if sending fails, and —
 * under `keepKey` — while the user is elsewhere (lib/keptState): sending or
 * cancelling drops it.
 */
export function ActionTextBox({
  action,
  pending,
  onSend,
  onCancel,
  testId = 'gate-text',
  autoFocus = true,
  cancelLabel = 'Cancel',
  keepKey = null,
}: {
  action: GateAction;
  pending: boolean;
  /** Resolves true when it was sent (the box then closes). */
  onSend: (text: string) => Promise<boolean> | boolean;
  onCancel: () => void;
  testId?: string;
  autoFocus?: boolean;
  cancelLabel?: string;
  /** Where the unsent text is kept, e.g. `gate-text:<meeting>:challenge`; null keeps nothing. */
  keepKey?: string | null;
}) {
  const id = useId();
  const words = ACTION_TEXT[action] ?? { label: 'Note', placeholder: '', send: 'Send' };
  const [text, setText, forgetText] = useKeptState(keepKey, '');
  const form = useForm(BODY);
  const ref = useRef<HTMLTextAreaElement | null>(null);
  const error = form.errors.body;

  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);

  const send = async () => {
    const empty = action === 'decline' ? 'Say why it is declined: the team will read it.' : 'Write something to send.';
    if (form.reject({ body: text.trim() === '' ? empty : undefined })) return;
    // A refusal is shown by the caller (GateProblemMessage); the text stays for another try.
    if (await onSend(text)) forgetText();
  };

  const cancel = () => {
    forgetText();
    onCancel();
  };

  return (
    <Form form={form} className="gate-text" data-testid={testId} data-action={action} busy={pending} onSubmit={send} onCancel={cancel}>
      <label className="field-label" htmlFor={id}>
        {words.label}
      </label>
      <textarea
        id={id}
        ref={(el) => {
          form.bind('body')(el);
          ref.current = el;
        }}
        className="input textarea"
        rows={3}
        data-testid={`${testId}-input`}
        placeholder={words.placeholder}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          form.clear('body');
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : (
        <p className="field-hint" id={`${id}-hint`}>
          Enter sends · Shift+Enter for a new line · Esc cancels
        </p>
      )}
      <div className="form-actions">
        <Button size="sm" variant="ghost" data-testid={`${testId}-cancel`} onClick={cancel} disabled={pending}>
          {cancelLabel}
        </Button>
        <Button
          size="sm"
          type="submit"
          variant="primary"
          data-testid={`${testId}-send`}
          pending={pending}
          pendingLabel="Sending…"
        >
          {words.send}
        </Button>
      </div>
    </Form>
  );
}
