import { useId, useState } from 'react';
import type { BlueprintView, Goal } from '../ipc';
import { Form, useForm } from '../lib/form';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { AlertIcon } from '../ui/icons';
import { ProblemBanner, useAct } from './act';
import type { Problem } from './act';
import { offered } from './GoalsPanel';
import { personName } from './labels';

// The fields the core's refusals of involve and plan_connection name.
const INVOLVE_FIELDS = ['person'] as const;
const CONNECT_FIELDS = ['ours', 'theirs', 'cadence_days'] as const;

/** For each goal: who to involve on both sides, and the new connections to make. */
export function PeoplePanel({ view, open }: { view: BlueprintView; open: boolean }) {
  const { blueprint } = view;
  const { act, problem, pending } = useAct(blueprint.id);
  return (
    <div className="bp-panel stack" data-testid="people-panel">
      {blueprint.goals.length === 0 && <p className="empty-note">No goals yet: make them in Goals.</p>}
      {blueprint.goals.map((goal) => (
        <GoalPeople
          key={goal.id}
          view={view}
          goal={goal}
          open={open}
          act={act}
          problem={problem?.about.endsWith(goal.id) ? problem : null}
          pending={pending}
        />
      ))}
      <p className="bp-keys">
        <kbd>Tab</kbd> to a list, arrows to choose, <kbd>Enter</kbd> adds · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> sends it to the
        sponsor
      </p>
    </div>
  );
}

function GoalPeople({
  view,
  goal,
  open,
  act,
  problem,
  pending,
}: {
  view: BlueprintView;
  goal: Goal;
  open: boolean;
  act: ReturnType<typeof useAct>['act'];
  problem: Problem | null;
  pending: string | null;
}) {
  const base = useId();
  const [involve, setInvolve] = useState('');
  const [ours, setOurs] = useState('');
  const [theirs, setTheirs] = useState('');
  const [cadence, setCadence] = useState('30');
  const involved = new Set(goal.involve.map((i) => i.person_id));
  const candidates = view.people.filter((p) => !p.gone && !involved.has(p.id));
  const who = (id: string) => personName(view.people, id);
  const gap = view.people_gaps.find((g) => g.goal_id === goal.id);
  const involveForm = useForm(INVOLVE_FIELDS);
  const connectForm = useForm(CONNECT_FIELDS);

  const addInvolved = async () => {
    const p = view.people.find((x) => x.id === involve);
    if (!p) return;
    involveForm.reset();
    const done = await act(
      { command: 'involve', goal_id: goal.id, person: { id: p.id, side: p.side } },
      `involve:${goal.id}`,
      involveForm,
    );
    if (done) setInvolve('');
  };

  const plan = async () => {
    if (!ours || !theirs) return;
    connectForm.reset();
    const done = await act(
      {
        command: 'plan_connection',
        goal_id: goal.id,
        ours: { id: ours, side: 'ours' },
        theirs: { id: theirs, side: 'theirs' },
        cadence_days: Number(cadence),
      },
      `connect:${goal.id}`,
      connectForm,
    );
    if (done) {
      setOurs('');
      setTheirs('');
    }
  };

  return (
    <article className="panel details bp-goal" data-testid="people-goal" data-id={goal.id}>
      <h3 className="bp-goal-title">{goal.title}</h3>
      <p className="muted">
        Owner: {who(goal.owner_id ?? '') || 'nobody'} · Counterpart: {who(goal.counterpart_id ?? '') || 'nobody'}
      </p>
      {gap && (
        <div className="bp-room-warning" role="status" data-testid="people-gap">
          <AlertIcon width={18} height={18} />
          <p>{gap.message}</p>
        </div>
      )}
      <div className="bp-people-grid">
        <section>
          <h4 className="details-subhead">Involve</h4>
          <ul className="bp-plain-list" data-testid="involved">
            {goal.involve.map((i) => (
              <li key={i.person_id} data-testid="involved-person">
                {who(i.person_id)} <span className="muted">({i.side === 'ours' ? 'ours' : 'theirs'})</span>
                {open && (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Stop involving ${who(i.person_id)}`}
                    onClick={() => void act({ command: 'uninvolve', goal_id: goal.id, person_id: i.person_id }, `involve:${goal.id}`)}
                  >
                    Remove
                  </Button>
                )}
              </li>
            ))}
            {goal.involve.length === 0 && <li className="muted">Nobody yet.</li>}
          </ul>
          {open && (
            <Form
              form={involveForm}
              className="bp-inline-form"
              data-testid="involve-form"
              busy={pending === `involve:${goal.id}`}
              onSubmit={addInvolved}
            >
              <Field
                id={`${base}-involve`}
                label="Person"
                error={involveForm.errors.person}
                errorTestId="involve-error-person"
                control={(a11y) => (
                  <select
                    {...a11y}
                    ref={involveForm.bind('person')}
                    className="input select"
                    data-testid="involve-person"
                    value={involve}
                    onChange={(event) => {
                      setInvolve(event.target.value);
                      involveForm.clear('person');
                    }}
                  >
                    <option value="">Choose…</option>
                    <optgroup label="Ours">
                      {candidates
                        .filter((p) => p.side === 'ours')
                        .map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.name}
                            {p.title ? ` — ${p.title}` : ''}
                          </option>
                        ))}
                    </optgroup>
                    <optgroup label="Theirs">
                      {candidates
                        .filter((p) => p.side === 'theirs')
                        .map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.name}
                            {p.title ? ` — ${p.title}` : ''}
                          </option>
                        ))}
                    </optgroup>
                  </select>
                )}
              />
              <Button type="submit" data-testid="involve-add" disabled={!involve} pending={pending === `involve:${goal.id}`}>
                Involve
              </Button>
            </Form>
          )}
        </section>
        <section>
          <h4 className="details-subhead">New connections to make</h4>
          <ul className="bp-plain-list" data-testid="planned-connections">
            {goal.planned_connections.map((c) => (
              <li key={`${c.ours_id}-${c.theirs_id}`} data-testid="planned-connection">
                {who(c.ours_id)} ↔ {who(c.theirs_id)} <span className="muted">every {c.cadence_days} days</span>
                {open && (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Drop the connection ${who(c.ours_id)} with ${who(c.theirs_id)}`}
                    onClick={() =>
                      void act(
                        { command: 'drop_connection', goal_id: goal.id, ours_id: c.ours_id, theirs_id: c.theirs_id },
                        `connect:${goal.id}`,
                      )
                    }
                  >
                    Drop
                  </Button>
                )}
              </li>
            ))}
            {goal.planned_connections.length === 0 && <li className="muted">None planned.</li>}
          </ul>
          {open && (
            <Form
              form={connectForm}
              className="bp-inline-form"
              data-testid="connect-form"
              busy={pending === `connect:${goal.id}`}
              onSubmit={plan}
            >
              <Field
                id={`${base}-ours`}
                label="Ours"
                error={connectForm.errors.ours}
                errorTestId="connect-error-ours"
                control={(a11y) => (
                  <select
                    {...a11y}
                    ref={connectForm.bind('ours')}
                    className="input select"
                    data-testid="connect-ours"
                    value={ours}
                    onChange={(e) => {
                      setOurs(e.target.value);
                      connectForm.clear('ours');
                    }}
                  >
                    <option value="">Choose…</option>
                    {offered(view.people, 'ours', '').map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                )}
              />
              <Field
                id={`${base}-theirs`}
                label="Theirs"
                error={connectForm.errors.theirs}
                errorTestId="connect-error-theirs"
                control={(a11y) => (
                  <select
                    {...a11y}
                    ref={connectForm.bind('theirs')}
                    className="input select"
                    data-testid="connect-theirs"
                    value={theirs}
                    onChange={(e) => {
                      setTheirs(e.target.value);
                      connectForm.clear('theirs');
                    }}
                  >
                    <option value="">Choose…</option>
                    {offered(view.people, 'theirs', '').map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                )}
              />
              <Field
                id={`${base}-cadence`}
                label="Every (days)"
                error={connectForm.errors.cadence_days}
                errorTestId="connect-error-cadence_days"
                control={(a11y) => (
                  <input
                    {...a11y}
                    type="number"
                    min={1}
                    max={365}
                    className="input bp-cadence"
                    ref={connectForm.bind('cadence_days')}
                    data-testid="connect-cadence"
                    value={cadence}
                    onChange={(e) => {
                      setCadence(e.target.value);
                      connectForm.clear('cadence_days');
                    }}
                  />
                )}
              />
              <Button type="submit" data-testid="connect-add" disabled={!ours || !theirs} pending={pending === `connect:${goal.id}`}>
                Plan
              </Button>
            </Form>
          )}
        </section>
      </div>
      {problem && <ProblemBanner problem={problem} testId="people-refused" />}
    </article>
  );
}
