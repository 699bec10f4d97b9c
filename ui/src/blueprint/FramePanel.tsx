import { useId, useMemo, useState } from 'react';
import { FUNCTIONS, functionLabel } from '../account/labels';
import type { BlueprintView, Function, Period } from '../ipc';
import { Form, useForm } from '../lib/form';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { AlertIcon } from '../ui/icons';
import { ProblemBanner, useAct } from './act';
import { parseDraft, useAutosaved } from './autosave';
import { personName } from './labels';
import { draftText } from './queries';

type FrameValues = { question: string; starts_on: string; ends_on: string };
const FRAME_KEYS = ['question', 'starts_on', 'ends_on'] as const;
// The fields the core's refusals of set_question and set_period name.
const FRAME_FIELDS = ['question', 'period'] as const;
const PARTICIPANT_FIELDS = ['person', 'function'] as const;
const sameFrame = (a: FrameValues, b: FrameValues) =>
  a.question === b.question && a.starts_on === b.starts_on && a.ends_on === b.ends_on;

/** The question, the period, and who is in the room (which functions, which are missing). */
export function FramePanel({ view, open }: { view: BlueprintView; open: boolean }) {
  const base = useId();
  const { blueprint } = view;
  const fields = useForm(FRAME_FIELDS);
  // These save as they are typed: a refusal shows under its field without taking the user there.
  const { report } = fields;
  const quietly = useMemo(() => ({ report: (error: unknown) => report(error, 'never') }), [report]);
  const { act, problem, pending } = useAct(blueprint.id);
  const fromCore: FrameValues = {
    question: blueprint.question,
    starts_on: blueprint.period.starts_on,
    ends_on: blueprint.period.ends_on,
  };

  const save = async (v: FrameValues): Promise<boolean> => {
    let ok = true;
    fields.reset();
    if (v.question !== blueprint.question) {
      ok = (await act({ command: 'set_question', question: v.question }, 'frame', quietly)) !== null;
    }
    if (ok && (v.starts_on !== blueprint.period.starts_on || v.ends_on !== blueprint.period.ends_on)) {
      const period: Period = { starts_on: v.starts_on, ends_on: v.ends_on };
      if (!v.starts_on || !v.ends_on) return false;
      ok = (await act({ command: 'set_period', period }, 'frame', quietly)) !== null;
    }
    return ok;
  };
  const frame = useAutosaved({
    blueprintId: blueprint.id,
    slot: 'frame',
    fromCore,
    restored: parseDraft<FrameValues>(draftText(view, 'frame'), FRAME_KEYS),
    equal: sameFrame,
    save,
  });

  const periodError =
    fields.errors.period ??
    (frame.values.starts_on && frame.values.ends_on ? null : frame.dirty ? 'Give both days.' : null);

  return (
    <div className="bp-panel stack" data-testid="frame-panel">
      <div className="panel details">
        <div className="section-head">
          <h2 className="panel-title">The question and the period</h2>
          {open && (
            <p className={`save-state save-state-${frame.state}`} data-testid="frame-save-status" aria-live="polite">
              {frame.state === 'saving' ? 'Saving…' : frame.state === 'saved' ? 'Saved' : frame.state === 'error' ? "Couldn't save" : 'Changes save as you type'}
            </p>
          )}
        </div>
        <Field
          id={`${base}-question`}
          label="Question"
          error={fields.errors.question}
          errorTestId="frame-error-question"
          hint="What could we accomplish if we had a better relationship with this customer?"
          control={(a11y) => (
            <input
              {...a11y}
              className="input bp-question-input"
              data-testid="frame-question"
              readOnly={!open}
              ref={fields.bind('question')}
              value={frame.values.question}
              onChange={(event) => frame.change({ ...frame.values, question: event.target.value })}
              onBlur={() => void frame.flush()}
            />
          )}
        />
        <div className="details-grid">
          <Field
            id={`${base}-starts`}
            label="Period starts"
            error={periodError}
            errorTestId="frame-error-period"
            control={(a11y) => (
              <input
                {...a11y}
                type="date"
                className="input"
                data-testid="frame-starts"
                ref={fields.bind('period')}
                readOnly={!open}
                value={frame.values.starts_on}
                onChange={(event) => frame.change({ ...frame.values, starts_on: event.target.value }, 'draft')}
                onBlur={() => void frame.flush()}
              />
            )}
          />
          <Field
            id={`${base}-ends`}
            label="Period ends"
            control={(a11y) => (
              <input
                {...a11y}
                type="date"
                className="input"
                data-testid="frame-ends"
                readOnly={!open}
                value={frame.values.ends_on}
                onChange={(event) => frame.change({ ...frame.values, ends_on: event.target.value }, 'draft')}
                onBlur={() => void frame.flush()}
              />
            )}
          />
        </div>
        {problem?.about === 'frame' && <ProblemBanner problem={problem} testId="frame-refused" />}
      </div>
      <Room view={view} open={open} act={act} problem={problem} pending={pending} />
    </div>
  );
}

function Room({
  view,
  open,
  act,
  problem,
  pending,
}: {
  view: BlueprintView;
  open: boolean;
  act: ReturnType<typeof useAct>['act'];
  problem: ReturnType<typeof useAct>['problem'];
  pending: string | null;
}) {
  const base = useId();
  const { blueprint, room } = view;
  const inRoom = new Set(blueprint.participants.map((p) => p.person_id));
  const candidates = view.people.filter((p) => p.side === 'ours' && !p.gone && !inRoom.has(p.id));
  const [personId, setPersonId] = useState('');
  const [fn, setFn] = useState<Function | ''>('');
  const chosen = candidates.find((p) => p.id === personId);
  const fnToSend: Function = fn || chosen?.function || 'other';
  const form = useForm(PARTICIPANT_FIELDS);

  const add = async () => {
    if (!chosen) return;
    form.reset();
    const done = await act(
      { command: 'add_participant', person: { id: chosen.id, side: 'ours' }, function: fnToSend },
      'participant',
      form,
    );
    if (done) {
      setPersonId('');
      setFn('');
    }
  };

  return (
    <div className="panel details" data-testid="room">
      <h2 className="panel-title">Who is in the room</h2>
      {room.message && (
        <div className="bp-room-warning" role="status" data-testid="room-warning">
          <AlertIcon width={18} height={18} />
          <p>{room.message}</p>
        </div>
      )}
      <p className="bp-functions" data-testid="room-functions">
        {room.present.map((f) => (
          <span key={f} className="bp-chip bp-chip-on" data-testid="room-present">
            {functionLabel(f)}
          </span>
        ))}
        {room.missing.map((f) => (
          <span key={f} className="bp-chip bp-chip-missing" data-testid="room-missing" title="Nobody from this function is in the room">
            {functionLabel(f)}
          </span>
        ))}
      </p>
      <ol className="bp-participants" data-testid="participants">
        {blueprint.participants.map((p, index) => (
          <li key={p.person_id} className="bp-participant" data-testid="participant">
            <kbd title={`Alt+${index + 1} in the idea box`}>{index < 9 ? `Alt ${index + 1}` : '—'}</kbd>
            <span className="bp-participant-name">{personName(view.people, p.person_id)}</span>
            <span className="muted">{functionLabel(p.function)}</span>
            {open && (
              <Button
                size="sm"
                variant="ghost"
                data-testid="participant-remove"
                pending={pending === `remove:${p.person_id}`}
                onClick={() => void act({ command: 'remove_participant', person_id: p.person_id }, `remove:${p.person_id}`)}
              >
                Remove
              </Button>
            )}
          </li>
        ))}
        {blueprint.participants.length === 0 && <li className="empty-note">Nobody yet.</li>}
      </ol>
      {problem?.about.startsWith('remove:') && <ProblemBanner problem={problem} testId="participant-refused" />}
      {open && (
        <Form form={form} className="bp-add-participant" data-testid="participant-form" busy={pending === 'participant'} onSubmit={add}>
          <Field
            id={`${base}-person`}
            label="Add one of our people"
            error={form.errors.person}
            errorTestId="participant-error"
            control={(a11y) => (
              <select
                {...a11y}
                ref={form.bind('person')}
                className="input select"
                data-testid="participant-person"
                value={personId}
                onChange={(event) => {
                  setPersonId(event.target.value);
                  form.clear('person');
                }}
              >
                <option value="">Choose…</option>
                {candidates.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.title ? ` — ${p.title}` : ''}
                  </option>
                ))}
              </select>
            )}
          />
          <Field
            id={`${base}-function`}
            label="Function in the room"
            error={form.errors.function}
            errorTestId="participant-error-function"
            control={(a11y) => (
              <select
                {...a11y}
                ref={form.bind('function')}
                className="input select"
                data-testid="participant-function"
                value={fn || chosen?.function || 'other'}
                onChange={(event) => {
                  setFn(event.target.value as Function);
                  form.clear('function');
                }}
              >
                {FUNCTIONS.map((f) => (
                  <option key={f} value={f}>
                    {functionLabel(f)}
                  </option>
                ))}
              </select>
            )}
          />
          <Button
            type="submit"
            variant="primary"
            data-testid="participant-add"
            disabled={!chosen}
            pending={pending === 'participant'}
            pendingLabel="Adding…"
          >
            Add to the room
          </Button>
        </Form>
      )}
      {problem?.about === 'participant' && <ProblemBanner problem={problem} testId="participant-refused" />}
    </div>
  );
}
