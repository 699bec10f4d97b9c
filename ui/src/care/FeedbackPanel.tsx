import { useEffect, useId, useRef, useState } from 'react';
import { blankToNull, today, useFieldErrors, useRegisterOpenForm } from '../account/formKit';
import { useMoveToTrash } from '../account/queries';
import { AppError, commands } from '../ipc';
import { Form, useForm } from '../lib/form';
import type { Feedback, FeedbackAction, FeedbackChannel, FeedbackState, FeedbackStep, ThanksHow } from '../ipc';
import { formatDate } from '../lib/format';
import { useFocusRequest } from '../lib/focus';
import { useKeptState } from '../lib/keptState';
import { formatDay } from '../map/labels';
import { GateProblemMessage } from '../meetings/gate';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { PlusIcon } from '../ui/icons';
import { showToast } from '../ui/toast';
import {
  CHANNELS,
  channelLabel,
  dayAfter,
  feedbackActionDone,
  feedbackActionLabel,
  feedbackEventLabel,
  feedbackStateHint,
  feedbackStateLabel,
  openActions,
  THANKS,
  thanksLabel,
} from './labels';
import { useFeedbackHistory, useFeedbackList, useInvalidateCare } from './queries';
import './care.css';

export type Person = { id: string; name: string };

export type FeedbackPanelProps = {
  accountId: string;
  /** Their people at this account, to say who told us. */
  theirPeople: readonly Person[];
  /** A piece of feedback to select (from Today, say). */
  focusId?: string | null;
};

/** Newest first, as told; the core sends them so, this keeps it so after a change. */
function newestFirst(items: readonly Feedback[]): Feedback[] {
  return [...items].sort((a, b) => b.received_on.localeCompare(a.received_on));
}

/**
 * What one account's customer told us, and the loop we owe them for each:
 * act on it, then show them the change (or defer it to a date, or decline
 * with a reason), and thank them whatever became of it. Items due for a
 * second look or a thank-you say so in the list.
 */
export function FeedbackPanel({ accountId, theirPeople, focusId = null }: FeedbackPanelProps) {
  const titleId = useId();
  const list = useFeedbackList(accountId);
  const [chosen, setChosen] = useKeptState<string | null>(`feedback-chosen:${accountId}`, focusId);
  const [followed, setFollowed] = useState<string | null>(focusId);
  // A new focus from outside (another item opened from Today) wins over the user's last pick.
  if (focusId !== followed) {
    setFollowed(focusId);
    if (focusId) setChosen(focusId);
  }
  // The new form and the correction are separate, and both outlive a visit
  // elsewhere: choosing another row, tab or page never drops what was typed.
  const [creating, setCreating] = useKeptState(`feedback-new-open:${accountId}`, false);
  const [editingId, setEditingId] = useKeptState<string | null>(`feedback-editing:${accountId}`, null);
  const items = newestFirst(list.data ?? []);
  const selected = items.find((f) => f.id === chosen) ?? null;

  const rows = useRef(new Map<string, HTMLButtonElement>());
  const [newButton, focusNew] = useFocusRequest<HTMLButtonElement>();
  useEffect(() => {
    if (!focusId || !list.isSuccess) return;
    const row = rows.current.get(focusId);
    row?.scrollIntoView?.({ block: 'nearest' });
    row?.focus({ preventScroll: true });
  }, [focusId, list.isSuccess]);

  return (
    <section className="section feedback-panel" aria-labelledby={titleId} data-testid="feedback-panel">
      <div className="section-head">
        <div>
          <h2 className="panel-title" id={titleId}>
            Feedback
          </h2>
          <p className="section-sub">What they told us, what we did about it, and whether we thanked them.</p>
        </div>
        {!creating && (
          <Button ref={newButton} size="sm" variant="primary" data-testid="feedback-new" onClick={() => setCreating(true)}>
            <PlusIcon width={14} height={14} aria-hidden="true" />
            New feedback
          </Button>
        )}
      </div>

      {creating && (
        <FeedbackForm
          accountId={accountId}
          theirPeople={theirPeople}
          onCancel={() => {
            setCreating(false);
            focusNew();
          }}
          onSaved={(saved) => {
            setCreating(false);
            setChosen(saved.id);
            focusNew();
          }}
        />
      )}

      {list.isPending && (
        <div className="panel panel-loading" aria-busy="true">
          Loading feedback…
        </div>
      )}
      {list.error && (
        <div className="panel panel-error" role="alert" data-testid="feedback-error">
          <p>{list.error.message}</p>
          <Button size="sm" onClick={() => void list.refetch()}>
            Retry
          </Button>
        </div>
      )}
      {list.isSuccess && items.length === 0 && !creating && (
        <p className="empty-note muted" data-testid="feedback-empty">
          No feedback recorded for this account yet. When they tell us something, in a meeting, on a call or in a
          survey, record it here so it gets an answer and a thank-you.
        </p>
      )}

      {items.length > 0 && (
        <div className="care-split">
          <ul className="feedback-list" aria-label="Feedback, newest first">
            {items.map((f) => (
              <li key={f.id}>
                <button
                  type="button"
                  ref={(el) => {
                    if (el) rows.current.set(f.id, el);
                    else rows.current.delete(f.id);
                  }}
                  className={f.id === selected?.id ? 'feedback-row is-selected' : 'feedback-row'}
                  data-testid="feedback-row"
                  data-state={f.state}
                  data-id={f.id}
                  aria-pressed={f.id === selected?.id}
                  onClick={() => setChosen(f.id)}
                >
                  <span className="feedback-row-head">
                    <FeedbackStateBadge state={f.state} />
                    <span className="feedback-row-who">{f.person_name ?? 'Someone at the account'}</span>
                    <span className="muted">
                      {formatDay(f.received_on)} · {channelLabel(f.channel).toLowerCase()}
                    </span>
                  </span>
                  {f.theme && <span className="feedback-row-theme">{f.theme}</span>}
                  <span className="feedback-row-text">{f.text}</span>
                  {f.due.map((d) => (
                    <span key={d.kind} className="care-due" data-testid="feedback-due" data-kind={d.kind}>
                      {capitalised(d.message)}
                    </span>
                  ))}
                </button>
              </li>
            ))}
          </ul>

          {selected ? (
            editingId === selected.id ? (
              <FeedbackForm
                key={selected.id}
                accountId={accountId}
                theirPeople={theirPeople}
                editing={selected}
                onCancel={() => setEditingId(null)}
                onSaved={() => setEditingId(null)}
              />
            ) : (
              <FeedbackDetail
                key={selected.id}
                accountId={accountId}
                item={selected}
                onEdit={() => setEditingId(selected.id)}
                onTrashed={focusNew}
              />
            )
          ) : (
            <p className="care-detail-empty muted">Choose a piece of feedback to act on it, thank them or see its history.</p>
          )}
        </div>
      )}
    </section>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function FeedbackStateBadge({ state }: { state: FeedbackState }) {
  return (
    <span className={`badge fb-state fb-state-${state}`} data-testid="feedback-state" data-state={state} title={feedbackStateHint(state)}>
      {feedbackStateLabel(state)}
    </span>
  );
}

/** Tells the account page a form is open, so Escape there does not leave the page under it. */
function RegisterOpenForm() {
  useRegisterOpenForm();
  return null;
}

// ---------------------------------------------------------------------------
// What they said: new, or corrected

const FEEDBACK_FIELDS = ['person_id', 'received_on', 'channel', 'text', 'theme'] as const;
type FeedbackField = (typeof FEEDBACK_FIELDS)[number];
type FeedbackValues = { person_id: string; received_on: string; channel: FeedbackChannel | ''; text: string; theme: string };

function FeedbackForm({
  accountId,
  theirPeople,
  editing,
  onSaved,
  onCancel,
}: {
  accountId: string;
  theirPeople: readonly Person[];
  editing?: Feedback;
  onSaved: (saved: Feedback) => void;
  onCancel: () => void;
}) {
  const base = useId();
  const invalidate = useInvalidateCare(accountId);
  const form = useFieldErrors(FEEDBACK_FIELDS);
  const { errors, formError, bind, fail, clear, reset } = form;
  const [busy, setBusy] = useState(false);
  const [values, setValues, forgetValues] = useKeptState<FeedbackValues>(
    editing ? `feedback-edit:${editing.id}` : `feedback-new:${accountId}`,
    () => ({
    person_id: editing?.person_id ?? '',
    received_on: editing?.received_on ?? today(),
    channel: editing?.channel ?? 'meeting',
    text: editing?.text ?? '',
    theme: editing?.theme ?? '',
    }),
  );
  const firstRef = useRef<HTMLSelectElement | null>(null);
  useEffect(() => firstRef.current?.focus(), []);

  // Someone who has left (or is in the trash) still shows as who said it.
  const people =
    editing?.person_id && !theirPeople.some((p) => p.id === editing.person_id)
      ? [...theirPeople, { id: editing.person_id, name: editing.person_name ?? 'Someone no longer listed' }]
      : theirPeople;

  const set = <K extends FeedbackField>(field: K, value: FeedbackValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };
  // Cancel is the one way to drop what was typed.
  const cancel = () => {
    forgetValues();
    onCancel();
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    reset();
    const input = {
      account_id: accountId,
      person_id: blankToNull(values.person_id),
      received_on: values.received_on,
      channel: values.channel === '' ? null : values.channel,
      text: values.text,
      theme: blankToNull(values.theme),
    };
    try {
      const saved = editing ? await commands.feedbackUpdate(editing.id, input) : await commands.feedbackCreate(input);
      void invalidate();
      showToast({ message: editing ? 'Feedback corrected' : 'Feedback recorded' });
      forgetValues();
      onSaved(saved);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      className="panel form-panel feedback-form"
      aria-labelledby={`${base}-title`}
      data-testid="feedback-form"
      busy={busy}
      onSubmit={submit}
      onCancel={cancel}
    >
      <RegisterOpenForm />
      <h3 className="panel-title" id={`${base}-title`}>
        {editing ? 'Correct what was said' : 'New feedback'}
      </h3>
      <div className="details-grid">
        <Field
          id={`${base}-person_id`}
          label="Who told us"
          optional
          error={errors.person_id}
          errorTestId="feedback-error-person_id"
          control={(a11y) => (
            <select
              {...a11y}
              ref={(el) => {
                firstRef.current = el;
                bind('person_id')(el);
              }}
              className="input select"
              data-testid="feedback-field-person_id"
              value={values.person_id}
              onChange={(event) => set('person_id', event.target.value)}
            >
              <option value="">Not recorded</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          id={`${base}-received_on`}
          label="Told us on"
          error={errors.received_on}
          errorTestId="feedback-error-received_on"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('received_on')}
              type="date"
              className="input"
              data-testid="feedback-field-received_on"
              max={today()}
              value={values.received_on}
              onChange={(event) => set('received_on', event.target.value)}
            />
          )}
        />
        <Field
          id={`${base}-channel`}
          label="How"
          error={errors.channel}
          errorTestId="feedback-error-channel"
          control={(a11y) => (
            <select
              {...a11y}
              ref={bind('channel')}
              className="input select"
              data-testid="feedback-field-channel"
              value={values.channel}
              onChange={(event) => set('channel', event.target.value as FeedbackChannel)}
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {channelLabel(c)}
                </option>
              ))}
            </select>
          )}
        />
        <div className="details-wide">
          <Field
            id={`${base}-text`}
            label="What they said"
            error={errors.text}
            errorTestId="feedback-error-text"
            hint="In their words, as near as you can"
            control={(a11y) => (
              <textarea
                {...a11y}
                ref={bind('text')}
                className="input textarea"
                rows={3}
                data-testid="feedback-field-text"
                value={values.text}
                onChange={(event) => set('text', event.target.value)}
              />
            )}
          />
        </div>
        <Field
          id={`${base}-theme`}
          label="Theme"
          optional
          error={errors.theme}
          errorTestId="feedback-error-theme"
          hint="A word or two to group it by, such as invoicing"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('theme')}
              className="input"
              autoComplete="off"
              data-testid="feedback-field-theme"
              value={values.theme}
              onChange={(event) => set('theme', event.target.value)}
            />
          )}
        />
      </div>
      <FormError message={formError} testId="feedback-form-error" />
      <div className="form-actions">
        <Button data-testid="feedback-cancel" disabled={busy} onClick={cancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" data-testid="feedback-save" pending={busy} pendingLabel="Saving…">
          {editing ? 'Save' : 'Record feedback'}
        </Button>
      </div>
    </Form>
  );
}

// ---------------------------------------------------------------------------
// One piece of feedback: its loop, its thanks, its history

/** The core records who took each step from the settings; without a name it refuses. */
function needsName(error: unknown): boolean {
  const appError = AppError.from(error);
  return appError.code === 'validation' && appError.field === 'by';
}

/**
 * A step's (or the thanks') refusal that no field shows: the missing name, with
 * the way to Settings, or the core's message.
 */
function ProblemMessage({ needName, message, testId }: { needName: boolean; message: string | null; testId: string }) {
  if (needName) return <GateProblemMessage problem={{ needsName: true }} testId={testId} />;
  return <FormError message={message} testId={testId} />;
}

type StepAction = Extract<FeedbackAction, 'complete' | 'defer' | 'decline'>;
type StepField = 'change' | 'visible_on' | 'reconsider_on' | 'reason';
const WORDS: Record<StepAction, readonly StepField[]> = {
  complete: ['change', 'visible_on'],
  defer: ['reconsider_on'],
  decline: ['reason'],
};
const needsWords = (action: FeedbackAction): action is StepAction => action in WORDS;

function FeedbackDetail({
  accountId,
  item,
  onEdit,
  onTrashed,
}: {
  accountId: string;
  item: Feedback;
  onEdit: () => void;
  /** It went to the trash: the detail goes with it, and focus with it unless moved. */
  onTrashed: () => void;
}) {
  const titleId = useId();
  const invalidate = useInvalidateCare(accountId);
  const moveToTrash = useMoveToTrash(accountId);
  const [trashing, setTrashing] = useState(false);
  const who = item.person_name ?? 'someone at the account';
  const trash = async () => {
    setTrashing(true);
    try {
      await moveToTrash('feedback', item.id, `Feedback from ${who}`);
      onTrashed();
    } catch {
      // The message is already on screen; the item stays.
      setTrashing(false);
    }
  };
  const [open, setOpen] = useKeptState<StepAction | null>(`feedback-step-open:${item.id}`, null);
  // After a step the button pressed may be gone: focus stays in the item, on its heading.
  const [heading, focusHeading] = useFocusRequest<HTMLHeadingElement>();
  const [pending, setPending] = useState<FeedbackAction | null>(null);
  // A refusal of a step taken by its button alone (the step form shows its own), or the missing name.
  const [problem, setProblem] = useState<{ needName: boolean; message: string | null } | null>(null);

  const take = async (step: FeedbackStep): Promise<void> => {
    const action = step.action ?? 'act';
    setPending(action);
    setProblem(null);
    try {
      await commands.feedbackAct(item.id, step);
      void invalidate();
      showToast({ message: feedbackActionDone(action) });
      setOpen(null);
      focusHeading();
    } finally {
      setPending(null);
    }
  };
  const run = (step: FeedbackStep) =>
    take(step).catch((error: unknown) => setProblem({ needName: needsName(error), message: AppError.from(error).message }));
  /** For the step form: true once taken, false when the name is missing; any other refusal is the form's to show. */
  const send = async (step: FeedbackStep): Promise<boolean> => {
    try {
      await take(step);
      return true;
    } catch (error) {
      if (!needsName(error)) throw error;
      setProblem({ needName: true, message: null });
      return false;
    }
  };

  return (
    <article className="panel care-detail" aria-labelledby={titleId} data-testid="feedback-detail" data-id={item.id}>
      <header className="care-detail-head">
        <div>
          <h3 id={titleId} ref={heading} tabIndex={-1}>
            {item.person_name ?? 'Someone at the account'}
          </h3>
          <p className="muted">
            {formatDay(item.received_on)} · {channelLabel(item.channel).toLowerCase()}
            {item.theme ? ` · ${item.theme}` : ''}
          </p>
        </div>
        <div className="button-row">
          <FeedbackStateBadge state={item.state} />
          <Button size="sm" variant="ghost" data-testid="feedback-edit" onClick={onEdit}>
            Correct
          </Button>
          <Button
            size="sm"
            variant="ghost"
            data-testid="feedback-delete"
            aria-label={`Move the feedback from ${who} to the trash`}
            pending={trashing}
            pendingLabel="Moving…"
            onClick={() => void trash()}
          >
            Move to trash
          </Button>
        </div>
      </header>
      <p className="feedback-text">{item.text}</p>
      {item.due.map((d) => (
        <p key={d.kind} className="care-due">
          {capitalised(d.message)}
        </p>
      ))}
      <Outcome item={item} />

      <div className="care-subsection">
        <h4 className="details-subhead">What we do about it</h4>
        <div className="button-row">
          {openActions(item.state).map((action) => (
            <Button
              key={action}
              size="sm"
              variant={action === 'complete' ? 'primary' : 'secondary'}
              data-testid={`feedback-action-${action}`}
              aria-expanded={needsWords(action) ? open === action : undefined}
              pending={pending === action}
              onClick={() => {
                setProblem(null);
                if (needsWords(action)) setOpen(open === action ? null : action);
                else void run({ action });
              }}
            >
              {feedbackActionLabel(action)}
              {needsWords(action) ? '…' : ''}
            </Button>
          ))}
        </div>
        {open && (
          <StepForm
            key={open}
            itemId={item.id}
            action={open}
            receivedOn={item.received_on}
            pending={pending === open}
            onCancel={() => {
              setOpen(null);
              setProblem(null);
            }}
            onSend={send}
          />
        )}
        {problem && <ProblemMessage needName={problem.needName} message={problem.message} testId="feedback-action-error" />}
      </div>

      <div className="care-subsection">
        <h4 className="details-subhead">Thanks</h4>
        {item.thanked_on ? (
          <p data-testid="feedback-thanked">
            Thanked on {formatDay(item.thanked_on)}
            {item.thanked_how ? ` with ${thanksLabel(item.thanked_how).toLowerCase()}` : ''}.
          </p>
        ) : (
          <ThankForm accountId={accountId} item={item} onThanked={focusHeading} />
        )}
      </div>

      <History accountId={accountId} id={item.id} />
    </article>
  );
}

function Outcome({ item }: { item: Feedback }) {
  if (item.state === 'done' && item.change) {
    return (
      <p className="feedback-outcome" data-testid="feedback-outcome">
        <strong>What changed:</strong> {item.change}
        {item.visible_on ? ` (visible to them from ${formatDay(item.visible_on)})` : ''}
      </p>
    );
  }
  if (item.state === 'deferred' && item.reconsider_on) {
    return (
      <p className="feedback-outcome" data-testid="feedback-outcome">
        <strong>Deferred:</strong> it comes back on {formatDay(item.reconsider_on)}.
      </p>
    );
  }
  if (item.state === 'declined' && item.reason) {
    return (
      <p className="feedback-outcome" data-testid="feedback-outcome">
        <strong>Declined because:</strong> {item.reason}
      </p>
    );
  }
  return null;
}

/** What a step needs: the change they can see and when, a day to look again, or why not. */
function StepForm({
  itemId,
  action,
  receivedOn,
  pending,
  onSend,
  onCancel,
}: {
  itemId: string;
  action: StepAction;
  receivedOn: string;
  pending: boolean;
  /** Resolves true once taken (false: not taken, the reason shown by the caller); rejects with a refusal to show here. */
  onSend: (step: FeedbackStep) => Promise<boolean>;
  onCancel: () => void;
}) {
  const base = useId();
  const form = useForm(WORDS[action]);
  const { errors, formError, bind, clear } = form;
  const draft = `feedback-step:${itemId}:${action}`;
  const [change, setChange, forgetChange] = useKeptState(`${draft}:change`, '');
  const [visibleOn, setVisibleOn, forgetVisibleOn] = useKeptState(`${draft}:visible_on`, () => today());
  const [reconsiderOn, setReconsiderOn, forgetReconsiderOn] = useKeptState(`${draft}:reconsider_on`, '');
  const [reason, setReason, forgetReason] = useKeptState(`${draft}:reason`, '');
  const forget = () => {
    forgetChange();
    forgetVisibleOn();
    forgetReconsiderOn();
    forgetReason();
  };
  const cancel = () => {
    forget();
    onCancel();
  };
  const first = useRef<HTMLTextAreaElement | HTMLInputElement | null>(null);
  useEffect(() => first.current?.focus(), []);

  // The core's message takes the user to the field it is about (useForm); the first field has focus on open.
  const at = (field: StepField) => (el: HTMLTextAreaElement | HTMLInputElement | null) => {
    bind(field)(el);
    if (first.current === null && el) first.current = el;
  };

  const send = async () => {
    form.reset();
    // Blank goes as "not given", so the core says what is missing rather than failing to read a date.
    const step: FeedbackStep =
      action === 'complete'
        ? { action, change: blankToNull(change), visible_on: visibleOn || null }
        : action === 'defer'
          ? { action, reconsider_on: reconsiderOn || null }
          : { action, reason: blankToNull(reason) };
    if (await onSend(step)) forget();
  };

  return (
    <Form form={form} className="care-step" data-testid="feedback-step" data-action={action} busy={pending} onSubmit={send} onCancel={cancel}>
      <RegisterOpenForm />
      {action === 'complete' && (
        <>
          <Field
            id={`${base}-change`}
            label="What changed that they can see"
            error={errors.change}
            errorTestId="feedback-step-error-change"
            control={(a11y) => (
              <textarea
                {...a11y}
                ref={at('change')}
                className="input textarea"
                rows={2}
                data-testid="feedback-step-change"
                value={change}
                onChange={(event) => {
                setChange(event.target.value);
                clear('change');
              }}
              />
            )}
          />
          <Field
            id={`${base}-visible_on`}
            label="They could see it from"
            error={errors.visible_on}
            errorTestId="feedback-step-error-visible_on"
            hint="Not before they told us, and not later than today: a change still to come is deferred instead"
            control={(a11y) => (
              <input
                {...a11y}
                ref={at('visible_on')}
                type="date"
                className="input"
                data-testid="feedback-step-visible_on"
                min={receivedOn}
                max={today()}
                value={visibleOn}
                onChange={(event) => {
                setVisibleOn(event.target.value);
                clear('visible_on');
              }}
              />
            )}
          />
        </>
      )}
      {action === 'defer' && (
        <Field
          id={`${base}-reconsider_on`}
          label="Look at it again on"
          error={errors.reconsider_on}
          errorTestId="feedback-step-error-reconsider_on"
          hint="A day after today; it comes back to Today then"
          control={(a11y) => (
            <input
              {...a11y}
              ref={at('reconsider_on')}
              type="date"
              className="input"
              data-testid="feedback-defer-date"
              min={dayAfter(today())}
              value={reconsiderOn}
              onChange={(event) => {
                setReconsiderOn(event.target.value);
                clear('reconsider_on');
              }}
            />
          )}
        />
      )}
      {action === 'decline' && (
        <Field
          id={`${base}-reason`}
          label="Why we will not act on it"
          error={errors.reason}
          errorTestId="feedback-step-error-reason"
          hint="The account team explains it to the customer in these words"
          control={(a11y) => (
            <textarea
              {...a11y}
              ref={at('reason')}
              className="input textarea"
              rows={2}
              data-testid="feedback-step-reason"
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
                clear('reason');
              }}
            />
          )}
        />
      )}
      <FormError message={formError} testId="feedback-action-error" />
      <div className="form-actions">
        <Button size="sm" variant="ghost" data-testid="feedback-step-cancel" disabled={pending} onClick={cancel}>
          Cancel
        </Button>
        <Button size="sm" type="submit" variant="primary" data-testid="feedback-step-send" pending={pending} pendingLabel="Saving…">
          {feedbackActionLabel(action)}
        </Button>
      </div>
    </Form>
  );
}

const THANK_FIELDS = ['thanked_on', 'thanked_how'] as const;

function ThankForm({ accountId, item, onThanked }: { accountId: string; item: Feedback; onThanked: () => void }) {
  const base = useId();
  const invalidate = useInvalidateCare(accountId);
  const [on, setOn, forgetOn] = useKeptState(`feedback-thanks:${item.id}:on`, () => today());
  const [how, setHow, forgetHow] = useKeptState<ThanksHow | null>(`feedback-thanks:${item.id}:how`, null);
  const form = useForm(THANK_FIELDS);
  const { errors, formError, bind, clear } = form;
  // The one refusal no field shows and the hook cannot word: the user's name is missing.
  const [needName, setNeedName] = useState(false);

  const submit = async () => {
    form.reset();
    setNeedName(false);
    try {
      await commands.feedbackThank(item.id, on, how);
    } catch (error) {
      if (!needsName(error)) throw error;
      setNeedName(true);
      return;
    }
    forgetOn();
    forgetHow();
    void invalidate();
    onThanked();
    showToast({ message: 'Thanks recorded' });
  };

  const howError = errors.thanked_how;
  return (
    <Form form={form} className="care-step thank-form" data-testid="feedback-thank" onSubmit={submit}>
      <p className="muted">Not thanked yet. Whatever we do about it, they should hear that we listened.</p>
      <div className="thank-fields">
        <Field
          id={`${base}-on`}
          label="Thanked on"
          error={errors.thanked_on}
          errorTestId="feedback-thank-error-thanked_on"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('thanked_on')}
              type="date"
              className="input"
              data-testid="feedback-thank-date"
              min={item.received_on}
              max={today()}
              value={on}
              onChange={(event) => {
                setOn(event.target.value);
                clear('thanked_on');
              }}
            />
          )}
        />
        <fieldset ref={bind('thanked_how')} className="choice-row" aria-describedby={howError ? `${base}-how-error` : undefined}>
          <legend className="field-label">How</legend>
          {THANKS.map((h) => (
            <label key={h} className="checkbox">
              <input
                type="radio"
                name={`${base}-how`}
                value={h}
                data-testid={`feedback-thank-how-${h}`}
                checked={how === h}
                onChange={() => {
                  setHow(h);
                  clear('thanked_how');
                }}
              />
              {thanksLabel(h)}
            </label>
          ))}
          {howError && (
            <p className="field-error" id={`${base}-how-error`} role="alert" data-testid="feedback-thank-error-thanked_how">
              {howError}
            </p>
          )}
        </fieldset>
      </div>
      <ProblemMessage needName={needName} message={formError} testId="feedback-thank-error" />
      <div className="form-actions">
        <Button size="sm" type="submit" data-testid="feedback-thank-save" pending={form.pending} pendingLabel="Saving…">
          Record thanks
        </Button>
      </div>
    </Form>
  );
}

/** Every step taken, oldest first. Its query sits under the account's feedback, so a step refreshes it. */
function History({ accountId, id }: { accountId: string; id: string }) {
  const history = useFeedbackHistory(accountId, id);
  const events = history.data ?? [];
  return (
    <div className="care-subsection">
      <h4 className="details-subhead">History</h4>
      {history.error && (
        <p className="form-error" role="alert">
          {history.error.message}
        </p>
      )}
      {history.isSuccess && events.length === 0 && <p className="muted">Nothing done about it yet.</p>}
      {events.length > 0 && (
        <ol className="feedback-history" data-testid="feedback-history">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}`} data-testid="feedback-event" data-action={e.action}>
              <time dateTime={e.at} className="muted">
                {formatDate(e.at)}
              </time>{' '}
              <strong>{e.actor}</strong> {feedbackEventLabel(e.action)}
              {e.from !== e.to ? ` (${feedbackStateLabel(e.from)} → ${feedbackStateLabel(e.to)})` : ''}
              {e.note ? `: ${e.note}` : ''}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
