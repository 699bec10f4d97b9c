import { useEffect, useId, useRef, useState } from 'react';
import type { BlueprintView, StageAction } from '../ipc';
import { Form, useForm } from '../lib/form';
import { formatDateTime } from '../lib/format';
import { Button } from '../ui/Button';
import { AlertIcon } from '../ui/icons';
import { ProblemBanner, useAct } from './act';
import { formatDay, personName } from './labels';
import { draftText, useDraft } from './queries';
import { RevisionCompare } from './RevisionCompare';

export const COMMENT_DRAFT = 'comment';
const COMMENT_FIELDS = ['comment'] as const;

/**
 * The executive sponsor's decision: approve (a comment is welcome) or send it
 * back (saying what should change). The comment is kept as it is typed.
 */
export function ApprovePanel({ view }: { view: BlueprintView }) {
  const base = useId();
  const { blueprint } = view;
  const form = useForm(COMMENT_FIELDS);
  const { act, problem, pending, clearProblem } = useAct(blueprint.id, form);
  const draft = useDraft(blueprint.id, COMMENT_DRAFT);
  const [comment, setComment] = useState(() => draftText(view, COMMENT_DRAFT));
  const ref = useRef<HTMLTextAreaElement>(null);
  const atApproval = blueprint.stage === 'approve';
  const check = (action: StageAction) => view.actions.find((a) => a.action === action);
  useEffect(() => {
    if (atApproval) ref.current?.focus();
  }, [atApproval]);

  const decide = async (action: 'approve' | 'send_back') => {
    clearProblem();
    form.reset();
    await draft.flush();
    const text = comment.trim() === '' ? null : comment;
    const by = view.sponsor?.id ?? '';
    const done =
      action === 'approve'
        ? await act({ command: 'approve', by, by_sponsor: true, comment: text }, 'decide')
        : await act({ command: 'send_back', by, by_sponsor: true, comment: comment }, 'decide');
    if (done) {
      setComment('');
      await draft.clear();
    } else if (action === 'send_back') {
      ref.current?.focus();
    }
  };

  const commentError = form.errors.comment;
  const reviews = [...blueprint.reviews].reverse();

  return (
    <div className="bp-panel stack" data-testid="approve-panel">
      <section className="panel details">
        <h2 className="panel-title">The sponsor’s decision</h2>
        {view.sponsor ? (
          <p data-testid="sponsor">
            Executive sponsor: <strong>{view.sponsor.name}</strong>
            {view.sponsor.title ? <span className="muted"> · {view.sponsor.title}</span> : null}
          </p>
        ) : (
          <div className="bp-room-warning" role="status" data-testid="no-sponsor">
            <AlertIcon width={18} height={18} />
            <p>The account has no executive sponsor; name one on the account page first.</p>
          </div>
        )}
        {!atApproval && (
          <p className="callout" data-testid="approve-not-yet">
            {blueprint.stage === 'track'
              ? `Revision ${blueprint.revision} is approved.`
              : 'It comes here from People with Next stage (Ctrl+Enter), once every goal has an owner, a target date and a measure.'}
          </p>
        )}
        <h3 className="details-subhead">Goals in revision {blueprint.revision}</h3>
        <table className="table table-compact bp-goal-table" data-testid="approve-goals">
          <thead>
            <tr>
              <th scope="col">Goal</th>
              <th scope="col">Owner</th>
              <th scope="col">Counterpart</th>
              <th scope="col">By</th>
              <th scope="col">Measure</th>
            </tr>
          </thead>
          <tbody>
            {blueprint.goals.map((g) => (
              <tr key={g.id}>
                <td>{g.title}</td>
                <td>{personName(view.people, g.owner_id) || '—'}</td>
                <td>{personName(view.people, g.counterpart_id) || '—'}</td>
                <td>{g.target_date ? formatDay(g.target_date) : '—'}</td>
                <td>{g.measure ? `${g.measure.metric}: ${g.measure.baseline ?? ''} → ${g.measure.target ?? ''} ${g.measure.unit}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {atApproval && (
          <Form form={form} className="bp-decision" busy={pending === 'decide'} onSubmit={() => decide('approve')}>
            <label className="field-label" htmlFor={`${base}-comment`}>
              Comment <span className="field-optional">Required to send it back</span>
            </label>
            <textarea
              id={`${base}-comment`}
              ref={(el) => {
                ref.current = el;
                form.bind('comment')(el);
              }}
              className="input textarea bp-comment"
              rows={4}
              data-testid="approve-comment"
              aria-invalid={Boolean(commentError)}
              aria-describedby={commentError ? `${base}-comment-error` : undefined}
              value={comment}
              onChange={(event) => {
                setComment(event.target.value);
                draft.schedule(event.target.value);
                form.clear('comment');
              }}
            />
            {commentError && (
              <p className="field-error" id={`${base}-comment-error`} role="alert" data-testid="approve-comment-error">
                {commentError}
              </p>
            )}
            <div className="button-row">
              {(['approve', 'send_back'] as const).map((action) => {
                const c = check(action);
                const allowed = c?.allowed ?? false;
                return (
                  <Button
                    key={action}
                    type={action === 'approve' ? 'submit' : 'button'}
                    variant={action === 'approve' && allowed ? 'primary' : 'secondary'}
                    className={allowed ? undefined : 'btn-unavailable'}
                    data-testid={action === 'approve' ? 'approve' : 'send-back'}
                    data-allowed={allowed}
                    aria-disabled={!allowed || undefined}
                    aria-describedby={!allowed ? `${base}-reason-${action}` : undefined}
                    title={allowed ? undefined : (c?.reason ?? undefined)}
                    pending={pending === 'decide'}
                    onClick={action === 'send_back' ? () => void decide('send_back') : undefined}
                  >
                    {action === 'approve' ? 'Approve' : 'Send back'}
                  </Button>
                );
              })}
            </div>
            {(['approve', 'send_back'] as const).map((action) => {
              const c = check(action);
              return c && !c.allowed && c.reason ? (
                <p key={action} className="bp-next-reason" id={`${base}-reason-${action}`} data-testid={`reason-${action}`}>
                  {action === 'approve' ? 'Approve' : 'Send back'}: not now — {c.reason}
                </p>
              ) : null;
            })}
          </Form>
        )}
        {problem && <ProblemBanner problem={problem} testId="approve-refused" />}
      </section>
      {blueprint.revisions.length > 0 && blueprint.stage !== 'track' && <RevisionCompare view={view} />}
      {reviews.length > 0 && (
        <section className="panel details" aria-labelledby={`${base}-reviews`}>
          <h2 className="panel-title" id={`${base}-reviews`}>
            Decisions
          </h2>
          <ol className="bp-plain-list" data-testid="reviews">
            {reviews.map((r) => (
              <li key={`${r.revision}-${r.at}`} data-testid="review" data-verdict={r.verdict}>
                <strong>Revision {r.revision}</strong> {r.verdict === 'approved' ? 'approved' : 'sent back'} by{' '}
                {personName(view.people, r.by)} <span className="muted">· {formatDateTime(new Date(r.at))}</span>
                {r.comment && <p className="bp-review-comment">{r.comment}</p>}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
