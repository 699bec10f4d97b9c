import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { BlueprintView, Goal, Measure, PlanPerson } from '../ipc';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { PlusIcon } from '../ui/icons';
import { fieldProblem, ProblemBanner, useAct } from './act';
import type { Problem } from './act';
import { parseDraft, useAutosaved } from './autosave';
import { formatDay, goalStatusLabel, personName, titleFromIdea } from './labels';
import { draftText } from './queries';

/**
 * Chosen ideas become goals (a button on each), and each goal is filled in
 * where it stands: title, owner (ours), counterpart (theirs), target date and
 * a measure. Fields save as the user types; a goal keeps the ideas it came from.
 */
export function GoalsPanel({ view, open }: { view: BlueprintView; open: boolean }) {
  const { blueprint } = view;
  const { act, problem, pending } = useAct(blueprint.id);
  const [focusGoal, setFocusGoal] = useState<string | null>(null);
  const chosen = blueprint.ideas.filter((i) => i.merged_into === null && i.chosen);
  // Arriving with no goal yet, the first "Make a goal" is where the keyboard starts.
  const firstMake = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (blueprint.goals.length === 0) firstMake.current?.focus();
    // Only on arrival: later renders must not pull focus away from a field.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const makeGoal = async (ideaId: string, text: string) => {
    const id = crypto.randomUUID();
    const done = await act({ command: 'make_goal', id, title: titleFromIdea(text), idea_ids: [ideaId] }, `make:${ideaId}`);
    if (done) setFocusGoal(id);
  };

  return (
    <div className="bp-panel stack" data-testid="goals-panel">
      {open && (
        <section className="panel details" aria-labelledby="bp-chosen-title">
          <h2 className="panel-title" id="bp-chosen-title">
            Chosen ideas
          </h2>
          {chosen.length === 0 && <p className="empty-note">No idea is chosen yet: choose some in Prioritise.</p>}
          <ul className="bp-chosen-list">
            {chosen.map((idea, index) => {
              const goals = blueprint.goals.filter((g) => g.idea_ids.includes(idea.id));
              return (
                <li key={idea.id} className="bp-chosen-idea" data-testid="chosen-idea">
                  <span className="bp-idea-text">{idea.text}</span>
                  {goals.length > 0 && (
                    <span className="muted">Goal: {goals.map((g) => g.title).join(', ')}</span>
                  )}
                  <Button
                    ref={index === 0 ? firstMake : undefined}
                    size="sm"
                    variant={goals.length === 0 ? 'primary' : 'secondary'}
                    data-testid="make-goal"
                    pending={pending === `make:${idea.id}`}
                    onClick={() => void makeGoal(idea.id, idea.text)}
                  >
                    <PlusIcon />
                    Make a goal
                  </Button>
                </li>
              );
            })}
          </ul>
          {problem?.about.startsWith('make:') && <ProblemBanner problem={problem} testId="make-goal-refused" />}
        </section>
      )}
      <section className="stack" aria-label="Goals">
        {problem?.about.startsWith('remove:') && <ProblemBanner problem={problem} testId="goal-remove-refused" />}
        {blueprint.goals.length === 0 && <p className="empty-note">No goals yet.</p>}
        {blueprint.goals.map((goal) => (
          <GoalEditor
            key={goal.id}
            view={view}
            goal={goal}
            open={open}
            autoFocus={goal.id === focusGoal}
            act={act}
            problem={problem?.about === goal.id ? problem : null}
            pending={pending}
          />
        ))}
      </section>
      <p className="bp-keys">
        <kbd>Tab</kbd> moves through each goal’s fields; they save as you type · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> next stage
      </p>
    </div>
  );
}

type GoalValues = {
  title: string;
  owner_id: string;
  counterpart_id: string;
  target_date: string;
  metric: string;
  unit: string;
  baseline: string;
  target: string;
};
const GOAL_KEYS: readonly (keyof GoalValues)[] = [
  'title',
  'owner_id',
  'counterpart_id',
  'target_date',
  'metric',
  'unit',
  'baseline',
  'target',
];
type MeasureField = 'metric' | 'unit' | 'baseline' | 'target';
const MEASURE_FIELDS: readonly MeasureField[] = ['metric', 'unit', 'baseline', 'target'];

const numberText = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

function fromGoal(goal: Goal): GoalValues {
  return {
    title: goal.title,
    owner_id: goal.owner_id ?? '',
    counterpart_id: goal.counterpart_id ?? '',
    target_date: goal.target_date ?? '',
    metric: goal.measure?.metric ?? '',
    unit: goal.measure?.unit ?? '',
    baseline: numberText(goal.measure?.baseline),
    target: numberText(goal.measure?.target),
  };
}

const sameGoal = (a: GoalValues, b: GoalValues) => GOAL_KEYS.every((k) => a[k] === b[k]);

/** "12,5" or "12.5"; null when it is not a number. */
function parseNumber(text: string): number | null {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (cleaned === '') return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

/** The measure as typed: none, complete, or what still keeps it from being sent. */
export function measureOf(v: GoalValues): { measure: Measure | null } | { missing: Partial<Record<MeasureField, string>> } {
  const blank = MEASURE_FIELDS.filter((f) => v[f].trim() === '');
  if (blank.length === MEASURE_FIELDS.length) return { measure: null };
  const missing: Partial<Record<MeasureField, string>> = {};
  for (const f of blank) missing[f] = 'Needed for the measure.';
  const baseline = parseNumber(v.baseline);
  const target = parseNumber(v.target);
  if (v.baseline.trim() !== '' && baseline === null) missing.baseline = 'Must be a number.';
  if (v.target.trim() !== '' && target === null) missing.target = 'Must be a number.';
  if (Object.keys(missing).length > 0 || baseline === null || target === null) return { missing };
  return { measure: { metric: v.metric, unit: v.unit, baseline, target } };
}

function GoalEditor({
  view,
  goal,
  open,
  autoFocus,
  act,
  problem,
  pending,
}: {
  view: BlueprintView;
  goal: Goal;
  open: boolean;
  autoFocus: boolean;
  act: ReturnType<typeof useAct>['act'];
  problem: Problem | null;
  pending: string | null;
}) {
  const base = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [measureGaps, setMeasureGaps] = useState<Partial<Record<MeasureField, string>>>({});
  const slot = `goal:${goal.id}`;

  const save = useCallback(
    async (v: GoalValues): Promise<boolean> => {
      const m = measureOf(v);
      const complete = 'measure' in m;
      setMeasureGaps(complete ? {} : m.missing);
      const done = await act(
        {
          command: 'edit_goal',
          id: goal.id,
          title: v.title,
          owner: v.owner_id ? { id: v.owner_id, side: 'ours' } : null,
          counterpart: v.counterpart_id ? { id: v.counterpart_id, side: 'theirs' } : null,
          target_date: v.target_date || null,
          // Until the measure is whole, the one the core has stays; what is typed waits in the draft.
          measure: complete ? m.measure : goal.measure,
        },
        goal.id,
      );
      return done !== null && complete;
    },
    [act, goal.id, goal.measure],
  );

  const form = useAutosaved({
    blueprintId: view.blueprint.id,
    slot,
    fromCore: fromGoal(goal),
    restored: parseDraft<GoalValues>(draftText(view, slot), GOAL_KEYS),
    equal: sameGoal,
    save,
  });
  const v = form.values;

  useEffect(() => {
    if (autoFocus) {
      titleRef.current?.focus();
      titleRef.current?.select();
    }
  }, [autoFocus]);

  const err = (field: string) => fieldProblem(problem, goal.id, field);
  const missing = [!goal.owner_id && 'an owner', !goal.target_date && 'a target date', !goal.measure && 'a measure'].filter(
    Boolean,
  );
  const ideas = goal.idea_ids
    .map((id) => view.blueprint.ideas.find((i) => i.id === id)?.text)
    .filter((t): t is string => Boolean(t));
  const ours = offered(view.people, 'ours', v.owner_id);
  const theirs = offered(view.people, 'theirs', v.counterpart_id);

  if (!open) {
    return (
      <article className="panel details bp-goal" data-testid="goal-row" data-id={goal.id}>
        <h3 className="bp-goal-title">{goal.title}</h3>
        <dl className="bp-goal-facts">
          <dt>Owner</dt>
          <dd>{personName(view.people, goal.owner_id) || '—'}</dd>
          <dt>Counterpart</dt>
          <dd>{personName(view.people, goal.counterpart_id) || '—'}</dd>
          <dt>Target date</dt>
          <dd>{goal.target_date ? formatDay(goal.target_date) : '—'}</dd>
          <dt>Measure</dt>
          <dd>
            {goal.measure
              ? `${goal.measure.metric}: ${numberText(goal.measure.baseline)} → ${numberText(goal.measure.target)} ${goal.measure.unit}`
              : '—'}
          </dd>
          <dt>Status</dt>
          <dd>{goalStatusLabel(goal.status)}</dd>
        </dl>
        {ideas.length > 0 && <p className="muted">From: {ideas.join(' · ')}</p>}
      </article>
    );
  }

  const text = (field: keyof GoalValues, label: string, opts: { placeholder?: string; decimal?: boolean } = {}) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      error={err(field) ?? (field in measureGaps && form.dirty ? measureGaps[field as MeasureField] : null)}
      errorTestId={`goal-error-${field}`}
      control={(a11y) => (
        <input
          {...a11y}
          ref={field === 'title' ? titleRef : undefined}
          className="input"
          data-testid={`goal-${field}`}
          autoComplete="off"
          inputMode={opts.decimal ? 'decimal' : undefined}
          placeholder={opts.placeholder}
          value={v[field]}
          onChange={(event) => form.change({ ...v, [field]: event.target.value })}
          onBlur={() => void form.flush()}
        />
      )}
    />
  );

  const person = (field: 'owner_id' | 'counterpart_id', label: string, people: readonly PlanPerson[], core: string) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      error={err(core)}
      errorTestId={`goal-error-${core}`}
      control={(a11y) => (
        <select
          {...a11y}
          className="input select"
          data-testid={`goal-${core}`}
          value={v[field]}
          onChange={(event) => form.change({ ...v, [field]: event.target.value })}
          onBlur={() => void form.flush()}
        >
          <option value="">Nobody yet</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.title ? ` — ${p.title}` : ''}
              {p.gone ? ' (gone)' : ''}
            </option>
          ))}
        </select>
      )}
    />
  );

  return (
    <article className="panel details bp-goal" data-testid="goal-row" data-id={goal.id}>
      <div className="section-head">
        <p className="bp-goal-state">
          <span className="badge">{goalStatusLabel(goal.status)}</span>{' '}
          {missing.length > 0 ? (
            <span className="bp-goal-missing" data-testid="goal-missing">
              Needs {missing.join(', ')}
            </span>
          ) : (
            <span className="save-state save-state-saved">Ready for the sponsor</span>
          )}
        </p>
        <p className={`save-state save-state-${form.state}`} data-testid="goal-save-status" aria-live="polite">
          {form.state === 'saving' ? 'Saving…' : form.state === 'saved' ? 'Saved' : form.state === 'error' ? 'Not all saved' : ''}
        </p>
      </div>
      <div className="details-grid details-grid-4">
        <div className="details-wide">{text('title', 'Goal')}</div>
        {person('owner_id', 'Owner (ours)', ours, 'owner')}
        {person('counterpart_id', 'Customer counterpart', theirs, 'counterpart')}
        <Field
          id={`${base}-target_date`}
          label="Target date"
          error={err('target_date')}
          errorTestId="goal-error-target_date"
          control={(a11y) => (
            <input
              {...a11y}
              type="date"
              className="input"
              data-testid="goal-target_date"
              value={v.target_date}
              // Year by year, "0002-09-30" is a date too: send it once the field is left.
              onChange={(event) => form.change({ ...v, target_date: event.target.value }, 'draft')}
              onBlur={() => void form.flush()}
            />
          )}
        />
        <div />
        {text('metric', 'Measure', { placeholder: 'e.g. fleet uptime' })}
        {text('unit', 'Unit', { placeholder: '%' })}
        {text('baseline', 'Baseline', { decimal: true })}
        {text('target', 'Target', { decimal: true })}
      </div>
      {problem && !GOAL_KEYS.includes(problem.field as keyof GoalValues) && !['owner', 'counterpart'].includes(problem.field ?? '') && (
        <ProblemBanner problem={problem} testId="goal-refused" />
      )}
      <div className="bp-goal-foot">
        <p className="muted">{ideas.length > 0 ? `From: ${ideas.join(' · ')}` : ''}</p>
        <Button
          size="sm"
          variant="ghost"
          data-testid="goal-remove"
          pending={pending === `remove:${goal.id}`}
          onClick={() => void act({ command: 'remove_goal', id: goal.id }, `remove:${goal.id}`)}
        >
          Remove goal
        </Button>
      </div>
    </article>
  );
}

/** People to offer: one side, still with us, plus whoever is already chosen. */
export function offered(people: readonly PlanPerson[], side: 'ours' | 'theirs', chosen: string): PlanPerson[] {
  return people.filter((p) => p.side === side && (!p.gone || p.id === chosen));
}
