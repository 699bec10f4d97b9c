import { useCallback, useId } from 'react';
import type { BlueprintView, CheckIn, GoalProgress, GoalStatus } from '../ipc';
import { Form, useForm } from '../lib/form';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { AlertIcon } from '../ui/icons';
import { ProblemBanner, useAct } from './act';
import type { Problem } from './act';
import { parseDraft, useAutosaved } from './autosave';
import { formatDay, GOAL_STATUSES, goalStatusLabel, percentText, todayIso } from './labels';
import { draftText } from './queries';
import { RevisionCompare } from './RevisionCompare';

/**
 * After approval: check-ins on the approved goals, how far each has come and
 * the blueprint as a whole, overdue goals flagged, and the way to a new revision.
 */
export function TrackPanel({ view }: { view: BlueprintView }) {
  const { blueprint, progress } = view;
  const { act, problem, pending } = useAct(blueprint.id);
  const approved = blueprint.revisions.at(-1) ?? null;
  const tracked = new Set(approved?.goals.map((g) => g.id) ?? []);

  return (
    <div className="bp-panel stack" data-testid="track-panel">
      <section className="panel details">
        <div className="section-head">
          <div>
            <h2 className="panel-title">Progress</h2>
            <p className="section-sub">
              {approved ? `Tracking revision ${approved.revision} as approved` : 'Check-ins start once the blueprint is approved.'}
            </p>
          </div>
          {blueprint.stage === 'track' && (
            <Button
              variant="primary"
              data-testid="open-revision"
              pending={pending === 'open_revision'}
              onClick={() => void act({ command: 'open_revision' }, 'open_revision')}
            >
              Open revision {blueprint.revision + 1}
            </Button>
          )}
        </div>
        <div className="bp-overall" data-testid="overall-progress">
          <span className="bp-overall-figure">{percentText(progress.overall)}</span>
          <Bar percent={progress.overall} label="The whole blueprint" />
          {progress.overdue > 0 && (
            <span className="flag-warn" data-testid="overdue-count">
              <AlertIcon width={13} height={13} />
              {progress.overdue === 1 ? '1 goal overdue' : `${progress.overdue} goals overdue`}
            </span>
          )}
        </div>
        {problem?.about === 'open_revision' && <ProblemBanner problem={problem} testId="open-revision-refused" />}
      </section>
      {progress.goals.map((g) => (
        <GoalTrack
          key={g.goal_id}
          view={view}
          goal={g}
          trackable={tracked.has(g.goal_id)}
          act={act}
          problem={problem?.about === `check:${g.goal_id}` ? problem : null}
          pending={pending === `check:${g.goal_id}`}
        />
      ))}
      {blueprint.revisions.length > 0 && <RevisionCompare view={view} />}
    </div>
  );
}

/** A bar from 0 to 100 (SVG: the page allows no inline styles). */
export function Bar({ percent, label }: { percent: number | null; label: string }) {
  const value = Math.max(0, Math.min(100, percent ?? 0));
  return (
    <svg
      className="bp-bar"
      viewBox="0 0 100 6"
      preserveAspectRatio="none"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.round(value)}
      aria-valuetext={percentText(percent)}
    >
      <rect className="bp-bar-track" x={0} y={0} width={100} height={6} rx={3} />
      <rect className="bp-bar-fill" x={0} y={0} width={value} height={6} rx={3} />
    </svg>
  );
}

type CheckValues = { on: string; value: string; status: GoalStatus | ''; note: string };
const CHECK_KEYS: readonly (keyof CheckValues)[] = ['on', 'value', 'status', 'note'];
const sameCheck = (a: CheckValues, b: CheckValues) => CHECK_KEYS.every((k) => a[k] === b[k]);
// The fields the core's refusals of check_in name.
const CHECK_FIELDS = ['on', 'value', 'status', 'note'] as const;

function GoalTrack({
  view,
  goal,
  trackable,
  act,
  problem,
  pending,
}: {
  view: BlueprintView;
  goal: GoalProgress;
  trackable: boolean;
  act: ReturnType<typeof useAct>['act'];
  problem: Problem | null;
  pending: boolean;
}) {
  const base = useId();
  const { blueprint } = view;
  const history = blueprint.check_ins
    .filter((c) => c.goal_id === goal.goal_id)
    .sort((a, b) => a.on.localeCompare(b.on));
  const measure = blueprint.goals.find((x) => x.id === goal.goal_id)?.measure ?? null;
  const slot = `checkin:${goal.goal_id}`;
  const blank: CheckValues = { on: todayIso(), value: '', status: '', note: '' };
  const fields = useForm(CHECK_FIELDS);
  const { report, reset: resetFields } = fields;

  const save = useCallback(
    async (v: CheckValues): Promise<boolean> => {
      resetFields();
      const value = Number(v.value.trim().replace(',', '.'));
      const done = await act(
        {
          command: 'check_in',
          goal_id: goal.goal_id,
          on: v.on,
          value: v.value.trim() === '' || !Number.isFinite(value) ? null : value,
          note: v.note.trim() === '' ? null : v.note,
          status: v.status === '' ? null : v.status,
        },
        `check:${goal.goal_id}`,
        { report },
      );
      return done !== null;
    },
    [act, goal.goal_id, report, resetFields],
  );

  const form = useAutosaved({
    blueprintId: blueprint.id,
    slot,
    fromCore: blank,
    restored: parseDraft<CheckValues>(draftText(view, slot), CHECK_KEYS),
    equal: sameCheck,
    save,
    autosave: false,
  });
  const v = form.values;
  const localValueError = v.value.trim() !== '' && !Number.isFinite(Number(v.value.trim().replace(',', '.'))) ? 'Must be a number.' : null;

  const submit = async () => {
    if (v.value.trim() === '' || localValueError) return;
    // Saved: the form starts again for the next reading.
    if (await form.flush()) form.reset({ ...blank });
  };

  return (
    <article
      className={goal.overdue ? 'panel details bp-goal bp-goal-overdue' : 'panel details bp-goal'}
      data-testid="track-goal"
      data-id={goal.goal_id}
      data-overdue={goal.overdue}
    >
      <div className="section-head">
        <h3 className="bp-goal-title">{goal.title}</h3>
        <p className="bp-goal-state">
          <span className={`badge bp-status-${goal.status}`} data-testid="track-status">
            {goalStatusLabel(goal.status)}
          </span>{' '}
          {goal.target_date && <span className="muted">due {formatDay(goal.target_date)}</span>}{' '}
          {goal.overdue && (
            <span className="flag-warn" data-testid="goal-overdue">
              <AlertIcon width={13} height={13} />
              Overdue
            </span>
          )}
        </p>
      </div>
      <div className="bp-overall">
        <span className="bp-overall-figure bp-figure-sm" data-testid="goal-percent">
          {percentText(goal.percent)}
        </span>
        <Bar percent={goal.percent} label={`Progress on ${goal.title}`} />
        {measure && (
          <span className="muted">
            {measure.metric}: {measure.baseline ?? ''} → {measure.target ?? ''} {measure.unit}
            {goal.latest ? `, now ${goal.latest.value ?? '—'}` : ''}
          </span>
        )}
      </div>
      {history.length > 0 && <StatusOverTime history={history} />}
      {trackable ? (
        <Form form={fields} className="bp-inline-form bp-checkin" data-testid="checkin-form" busy={pending} onSubmit={submit}>
          <Field
            id={`${base}-on`}
            label="Date"
            error={fields.errors.on}
            errorTestId="checkin-error-on"
            control={(a11y) => (
              <input
                {...a11y}
                ref={fields.bind('on')}
                type="date"
                className="input"
                data-testid="checkin-on"
                value={v.on}
                onChange={(e) => {
                  form.change({ ...v, on: e.target.value });
                  fields.clear('on');
                }}
              />
            )}
          />
          <Field
            id={`${base}-value`}
            label={measure ? `Value (${measure.unit})` : 'Value'}
            error={localValueError ?? fields.errors.value}
            errorTestId="checkin-error-value"
            control={(a11y) => (
              <input
                {...a11y}
                ref={fields.bind('value')}
                className="input bp-cadence"
                inputMode="decimal"
                data-testid="checkin-value"
                value={v.value}
                onChange={(e) => {
                  form.change({ ...v, value: e.target.value });
                  fields.clear('value');
                }}
              />
            )}
          />
          <Field
            id={`${base}-status`}
            label="Status"
            error={fields.errors.status}
            errorTestId="checkin-error-status"
            control={(a11y) => (
              <select
                {...a11y}
                ref={fields.bind('status')}
                className="input select"
                data-testid="checkin-status"
                value={v.status || goal.status}
                onChange={(e) => {
                  form.change({ ...v, status: e.target.value as GoalStatus });
                  fields.clear('status');
                }}
              >
                {GOAL_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {goalStatusLabel(s)}
                  </option>
                ))}
              </select>
            )}
          />
          <Field
            id={`${base}-note`}
            label="Note"
            error={fields.errors.note}
            errorTestId="checkin-error-note"
            control={(a11y) => (
              <input
                {...a11y}
                ref={fields.bind('note')}
                className="input bp-note"
                data-testid="checkin-note"
                value={v.note}
                onChange={(e) => {
                  form.change({ ...v, note: e.target.value });
                  fields.clear('note');
                }}
              />
            )}
          />
          <Button type="submit" variant="primary" data-testid="checkin-add" disabled={v.value.trim() === ''} pending={pending}>
            Check in
          </Button>
        </Form>
      ) : (
        <p className="muted">Not approved yet: check-ins start when this goal’s revision is approved.</p>
      )}
      {problem && <ProblemBanner problem={problem} testId="checkin-refused" />}
    </article>
  );
}

/** Each check-in as a dot coloured by the status it gave, oldest left, with the readings under it. */
function StatusOverTime({ history }: { history: readonly CheckIn[] }) {
  const step = 24;
  return (
    <div className="bp-history" data-testid="status-history">
      <svg viewBox={`0 0 ${Math.max(1, history.length) * step} 20`} className="bp-status-strip" role="img" aria-label="Status over time">
        {history.map((c, i) => (
          <circle key={`${c.on}-${i}`} cx={i * step + 10} cy={10} r={7} className={`bp-dot bp-status-${c.status}`}>
            <title>{`${formatDay(c.on)}: ${goalStatusLabel(c.status)}, ${c.value ?? '—'}`}</title>
          </circle>
        ))}
      </svg>
      <ol className="bp-plain-list bp-checkins">
        {[...history].reverse().map((c, i) => (
          <li key={`${c.on}-${i}`} data-testid="checkin">
            <span className="muted">{formatDay(c.on)}</span> {c.value ?? '—'} · {goalStatusLabel(c.status)}
            {c.note ? ` · ${c.note}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}
