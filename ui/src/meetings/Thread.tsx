import { useState } from 'react';
import type { GateEvent, MeetingView } from '../ipc';
import { formatDateTime } from '../lib/format';
import { ActionTextBox, GateProblemMessage, useGate } from './gate';
import { actionPast, stateLabel } from './labels';

function when(stamp: string): string {
  const date = new Date(stamp);
  return Number.isNaN(date.getTime()) ? stamp : formatDateTime(date);
}

export type Question = { question: GateEvent; answers: GateEvent[] };

/** The executive's questions, each with the team's answers, oldest first. */
export function questionsOf(events: readonly GateEvent[]): Question[] {
  return events
    .filter((e) => e.action === 'challenge')
    .map((question) => ({
      question,
      answers: events.filter((e) => e.action === 'answer' && e.reply_to === question.n),
    }));
}

/**
 * The thread of questions and answers. Under each open question, a box for
 * the answer (while the meeting is challenged).
 */
export function Thread({ view, readOnly = false }: { view: MeetingView; readOnly?: boolean }) {
  const questions = questionsOf(view.events);
  const canAnswer = !readOnly && (view.actions.find((a) => a.action === 'answer')?.allowed ?? false);
  const { act, problem, pending } = useGate();
  // Bumped to empty a box (Escape or Clear).
  const [cleared, setCleared] = useState<Record<number, number>>({});
  const clear = (n: number) => setCleared((c) => ({ ...c, [n]: (c[n] ?? 0) + 1 }));

  if (questions.length === 0) {
    return (
      <p className="muted thread-empty" data-testid="thread-empty">
        No questions from the executive.
      </p>
    );
  }
  return (
    <>
      <ol className="thread" data-testid="thread">
        {questions.map(({ question, answers }) => {
          const open = view.unanswered.includes(question.n);
          return (
            <li key={question.n} className="thread-item" data-testid="thread-question" data-open={open}>
              <div className="thread-q">
                <p className="thread-meta">
                  <strong>{question.actor}</strong> asked · {when(question.at)}
                  {open && <span className="badge badge-warn">Open</span>}
                </p>
                <p className="thread-body">{question.body}</p>
              </div>
              {answers.map((answer) => (
                <div key={answer.n} className="thread-a" data-testid="thread-answer">
                  <p className="thread-meta">
                    <strong>{answer.actor}</strong> answered · {when(answer.at)}
                  </p>
                  <p className="thread-body">{answer.body}</p>
                </div>
              ))}
              {open && canAnswer && (
                <ActionTextBox
                  key={cleared[question.n] ?? 0}
                  action="answer"
                  testId="thread-answer-box"
                  autoFocus={false}
                  cancelLabel="Clear"
                  keepKey={`gate-answer:${view.meeting.id}:${question.n}`}
                  pending={pending === 'answer'}
                  onCancel={() => clear(question.n)}
                  onSend={async (text) => {
                    const done = await act({ id: view.meeting.id, title: view.meeting.title }, 'answer', text, question.n);
                    return done !== null;
                  }}
                />
              )}
            </li>
          );
        })}
      </ol>
      <GateProblemMessage problem={problem} testId="thread-error" />
    </>
  );
}

/** Every step through the gate: who, when, from → to, and what they wrote. */
export function History({ events }: { events: readonly GateEvent[] }) {
  if (events.length === 0) {
    return (
      <p className="muted" data-testid="history-empty">
        Nothing has happened at the review gate yet: it is a draft.
      </p>
    );
  }
  return (
    <ol className="timeline" data-testid="history">
      {events.map((e) => (
        <li key={e.n} className="timeline-item" data-testid="history-item" data-action={e.action}>
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-main">
            <p>
              <strong>{e.actor}</strong> {actionPast(e.action)}
              {e.from_state !== e.to_state && (
                <span className="timeline-states">
                  {' '}
                  · {stateLabel(e.from_state)} → {stateLabel(e.to_state)}
                </span>
              )}
            </p>
            <p className="timeline-when">{when(e.at)}</p>
            {e.body && <p className="timeline-body">{e.body}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}
