import { useEffect, useId, useRef, useState } from 'react';
import { blankToNull, today, useFieldErrors, useRegisterOpenForm } from '../account/formKit';
import { useMoveToTrash } from '../account/queries';
import { commands } from '../ipc';
import { Form } from '../lib/form';
import type { Failure, Story, StoryInput, StoryKind } from '../ipc';
import { useFocusRequest } from '../lib/focus';
import { useKeptState } from '../lib/keptState';
import { formatDay } from '../map/labels';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { PlusIcon } from '../ui/icons';
import { showToast } from '../ui/toast';
import { FAILURES, failureLabel, STORY_KINDS, storyKindLabel } from './labels';
import { DepartmentTable } from './DepartmentTable';
import { useInvalidateCare, useStories, useStoryDepartments } from './queries';
import './care.css';

/**
 * The stories one account tells about us: successes (usually something new
 * we brought) and horror stories (usually a delivery that went wrong), and
 * which of our departments they come from.
 */
export function StoriesPanel({ accountId }: { accountId: string }) {
  const titleId = useId();
  const stories = useStories(accountId);
  const departments = useStoryDepartments(accountId);
  // A new story and a story being edited are separate, and both outlive a
  // visit elsewhere: opening one never drops what was typed in the other.
  const [creating, setCreating] = useKeptState(`story-new-open:${accountId}`, false);
  const [editing, setEditing] = useKeptState<string | null>(`story-editing:${accountId}`, null);
  // Saving, cancelling or trashing removes what had focus: it goes back to "New story".
  const [newButton, refocus] = useFocusRequest<HTMLButtonElement>();
  const list = stories.data ?? [];
  const known = Array.from(new Set(list.map((s) => s.department.trim()))).sort();

  return (
    <section className="section stories-panel" aria-labelledby={titleId} data-testid="stories-panel">
      <div className="section-head">
        <div>
          <h2 className="panel-title" id={titleId}>
            Stories
          </h2>
          <p className="section-sub">What they tell about us, good and bad, and which of our departments it came from.</p>
        </div>
        {!creating && (
          <Button ref={newButton} size="sm" variant="primary" data-testid="story-new" onClick={() => setCreating(true)}>
            <PlusIcon width={14} height={14} aria-hidden="true" />
            New story
          </Button>
        )}
      </div>

      {creating && (
        <StoryForm
          accountId={accountId}
          departments={known}
          onDone={() => {
            setCreating(false);
            refocus();
          }}
        />
      )}

      {stories.isPending && (
        <div className="panel panel-loading" aria-busy="true">
          Loading stories…
        </div>
      )}
      {stories.error && (
        <div className="panel panel-error" role="alert" data-testid="stories-error">
          <p>{stories.error.message}</p>
          <Button size="sm" onClick={() => void stories.refetch()}>
            Retry
          </Button>
        </div>
      )}
      {stories.isSuccess && list.length === 0 && !creating && (
        <p className="empty-note muted" data-testid="stories-empty">
          No stories recorded yet. When the customer praises something we did, or tells how we let them down, record it
          here with the department it came from.
        </p>
      )}

      {list.length > 0 && (
        <ul className="story-list">
          {list.map((s) =>
            editing === s.id ? (
              <li key={s.id}>
                <StoryForm
                  accountId={accountId}
                  departments={known}
                  story={s}
                  onDone={() => {
                    setEditing(null);
                    refocus();
                  }}
                />
              </li>
            ) : (
              <StoryRow key={s.id} accountId={accountId} story={s} onEdit={() => setEditing(s.id)} onTrashed={refocus} />
            ),
          )}
        </ul>
      )}

      {(departments.data?.length ?? 0) > 0 && (
        <DepartmentTable rows={departments.data ?? []} caption="By department" testId="stories-departments" />
      )}
    </section>
  );
}

function StoryRow({
  accountId,
  story,
  onEdit,
  onTrashed,
}: {
  accountId: string;
  story: Story;
  onEdit: () => void;
  onTrashed: () => void;
}) {
  const horror = story.kind === 'horror';
  const moveToTrash = useMoveToTrash(accountId);
  const [trashing, setTrashing] = useState(false);
  const trash = async () => {
    setTrashing(true);
    try {
      await moveToTrash('story', story.id, `The story “${story.title}”`);
      onTrashed();
    } catch {
      // The message is already on screen; the story stays.
      setTrashing(false);
    }
  };
  return (
    <li className={`panel story-row story-${story.kind}`} data-testid="story-row" data-kind={story.kind} data-id={story.id}>
      <div className="story-row-head">
        <span className={`badge story-badge story-badge-${story.kind}`}>{storyKindLabel(story.kind)}</span>
        <h3 className="story-title">{story.title}</h3>
        <Button size="sm" variant="ghost" data-testid="story-edit" aria-label={`Edit “${story.title}”`} onClick={onEdit}>
          Edit
        </Button>
        <Button
          size="sm"
          variant="ghost"
          data-testid="story-delete"
          aria-label={`Move “${story.title}” to the trash`}
          pending={trashing}
          pendingLabel="Moving…"
          onClick={() => void trash()}
        >
          Move to trash
        </Button>
      </div>
      <p className="muted">
        {story.department} · {formatDay(story.occurred_on)}
        {horror && story.failure ? ` · ${failureLabel(story.failure).toLowerCase()}` : ''}
        {horror && (
          <span className={story.resolved ? 'story-resolved' : 'story-open'} data-testid="story-resolved">
            {story.resolved ? ' · resolved' : ' · not resolved yet'}
          </span>
        )}
      </p>
      {story.impact && (
        <p>
          <strong>Impact:</strong> {story.impact}
        </p>
      )}
      {story.lesson && (
        <p>
          <strong>Lesson:</strong> {story.lesson}
        </p>
      )}
    </li>
  );
}

/** Tells the account page a form is open, so Escape there does not leave the page under it. */
function RegisterOpenForm() {
  useRegisterOpenForm();
  return null;
}

const STORY_FIELDS = ['kind', 'title', 'department', 'occurred_on', 'impact', 'failure', 'resolved', 'lesson'] as const;
type StoryField = (typeof STORY_FIELDS)[number];
type StoryValues = {
  kind: StoryKind;
  title: string;
  department: string;
  occurred_on: string;
  impact: string;
  failure: Failure | '';
  resolved: boolean;
  lesson: string;
};

/**
 * What the form sends. Only a horror story says what went wrong and can be
 * left open; a success goes as resolved with no failure, whatever was ticked
 * while it was a horror story.
 */
export function buildStoryInput(accountId: string, v: StoryValues): StoryInput {
  const horror = v.kind === 'horror';
  return {
    account_id: accountId,
    kind: v.kind,
    title: v.title,
    department: v.department,
    occurred_on: v.occurred_on,
    impact: blankToNull(v.impact),
    failure: horror && v.failure !== '' ? v.failure : null,
    resolved: horror ? v.resolved : true,
    lesson: blankToNull(v.lesson),
  };
}

function StoryForm({
  accountId,
  departments,
  story,
  onDone,
}: {
  accountId: string;
  departments: readonly string[];
  story?: Story;
  onDone: () => void;
}) {
  const base = useId();
  const invalidate = useInvalidateCare(accountId);
  const form = useFieldErrors(STORY_FIELDS);
  const { errors, formError, bind, fail, clear, reset } = form;
  const [busy, setBusy] = useState(false);
  const [values, setValues, forgetValues] = useKeptState<StoryValues>(story ? `story-edit:${story.id}` : `story-new:${accountId}`, () => ({
    kind: story?.kind ?? 'success',
    title: story?.title ?? '',
    department: story?.department ?? '',
    occurred_on: story?.occurred_on ?? today(),
    impact: story?.impact ?? '',
    failure: story?.failure ?? '',
    resolved: story?.resolved ?? true,
    lesson: story?.lesson ?? '',
  }));
  const titleRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => titleRef.current?.focus(), []);

  const set = <K extends StoryField>(field: K, value: StoryValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };
  // Cancel is the one way to drop what was typed.
  const cancel = () => {
    forgetValues();
    onDone();
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    reset();
    try {
      const input = buildStoryInput(accountId, values);
      if (story) await commands.storyUpdate(story.id, input);
      else await commands.storyCreate(input);
      void invalidate();
      showToast({ message: story ? 'Story saved' : 'Story recorded' });
      forgetValues();
      onDone();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const horror = values.kind === 'horror';
  return (
    <Form
      form={form}
      className="panel form-panel story-form"
      aria-labelledby={`${base}-title`}
      data-testid="story-form"
      onSubmit={submit}
      busy={busy}
      onCancel={cancel}
    >
      <RegisterOpenForm />
      <h3 className="panel-title" id={`${base}-title`}>
        {story ? 'Edit story' : 'New story'}
      </h3>
      <fieldset ref={bind('kind')} className="choice-row" data-testid="story-field-kind">
        <legend className="field-label">Kind</legend>
        {STORY_KINDS.map((k) => (
          <label key={k} className="checkbox">
            <input
              type="radio"
              name={`${base}-kind`}
              value={k}
              data-testid={`story-kind-${k}`}
              checked={values.kind === k}
              onChange={() => set('kind', k)}
            />
            {storyKindLabel(k)}
          </label>
        ))}
        {errors.kind && (
          <p className="field-error" role="alert" data-testid="story-error-kind">
            {errors.kind}
          </p>
        )}
      </fieldset>
      <div className="details-grid">
        <div className="details-wide">
          <Field
            id={`${base}-title-input`}
            label="Title"
            error={errors.title}
            errorTestId="story-error-title"
            hint="The story in a line, as they would tell it"
            control={(a11y) => (
              <input
                {...a11y}
                ref={(el) => {
                  titleRef.current = el;
                  bind('title')(el);
                }}
                className="input"
                autoComplete="off"
                data-testid="story-field-title"
                value={values.title}
                onChange={(event) => set('title', event.target.value)}
              />
            )}
          />
        </div>
        <Field
          id={`${base}-department`}
          label="Our department"
          error={errors.department}
          errorTestId="story-error-department"
          hint="Where it came from, such as logistics"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('department')}
              className="input"
              autoComplete="off"
              list={`${base}-departments`}
              data-testid="story-field-department"
              value={values.department}
              onChange={(event) => set('department', event.target.value)}
            />
          )}
        />
        <Field
          id={`${base}-occurred_on`}
          label="When"
          error={errors.occurred_on}
          errorTestId="story-error-occurred_on"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('occurred_on')}
              type="date"
              className="input"
              max={today()}
              data-testid="story-field-occurred_on"
              value={values.occurred_on}
              onChange={(event) => set('occurred_on', event.target.value)}
            />
          )}
        />
        {horror && (
          <Field
            id={`${base}-failure`}
            label="What went wrong"
            optional
            error={errors.failure}
            errorTestId="story-error-failure"
            control={(a11y) => (
              <select
                {...a11y}
                ref={bind('failure')}
                className="input select"
                data-testid="story-field-failure"
                value={values.failure}
                onChange={(event) => set('failure', event.target.value as Failure | '')}
              >
                <option value="">Not said</option>
                {FAILURES.map((f) => (
                  <option key={f} value={f}>
                    {failureLabel(f)}
                  </option>
                ))}
              </select>
            )}
          />
        )}
        <div className="details-wide">
          <Field
            id={`${base}-impact`}
            label="Impact"
            optional
            error={errors.impact}
            errorTestId="story-error-impact"
            hint="What it meant for them, and for us"
            control={(a11y) => (
              <textarea
                {...a11y}
                ref={bind('impact')}
                className="input textarea"
                rows={2}
                data-testid="story-field-impact"
                value={values.impact}
                onChange={(event) => set('impact', event.target.value)}
              />
            )}
          />
        </div>
        {horror && (
          <div className="details-wide">
            <label className="checkbox">
              <input
                ref={bind('resolved')}
                type="checkbox"
                data-testid="story-field-resolved"
                aria-describedby={errors.resolved ? `${base}-resolved-error` : undefined}
                checked={values.resolved}
                onChange={(event) => set('resolved', event.target.checked)}
              />
              Resolved: the customer would say it is put right
            </label>
            {errors.resolved && (
              <p className="field-error" id={`${base}-resolved-error`} role="alert" data-testid="story-error-resolved">
                {errors.resolved}
              </p>
            )}
          </div>
        )}
        <div className="details-wide">
          <Field
            id={`${base}-lesson`}
            label="Lesson"
            optional
            error={errors.lesson}
            errorTestId="story-error-lesson"
            hint="What we do differently because of it"
            control={(a11y) => (
              <textarea
                {...a11y}
                ref={bind('lesson')}
                className="input textarea"
                rows={2}
                data-testid="story-field-lesson"
                value={values.lesson}
                onChange={(event) => set('lesson', event.target.value)}
              />
            )}
          />
        </div>
      </div>
      <datalist id={`${base}-departments`}>
        {departments.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
      <FormError message={formError} testId="story-form-error" />
      <div className="form-actions">
        <Button data-testid="story-cancel" disabled={busy} onClick={cancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" data-testid="story-save" pending={busy} pendingLabel="Saving…">
          {story ? 'Save' : 'Record story'}
        </Button>
      </div>
    </Form>
  );
}
