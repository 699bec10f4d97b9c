import { useQuery } from '@tanstack/react-query';
import { useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode } from 'react';
import { accountKey, ourPeopleKey } from '../account/queries';
import { blankToNull, useRegisterOpenForm } from '../account/formKit';
import { AppError, commands } from '../ipc';
import { Form, useForm } from '../lib/form';
import { KeptDraftsContext, useKeptState } from '../lib/keptState';
import type { Meeting, MeetingInput, MeetingKind, Person } from '../ipc';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { AlertIcon } from '../ui/icons';
import { AttendeePicker } from './AttendeePicker';
import { Combobox, filterZones } from './Combobox';
import type { ComboOption } from './Combobox';
import { useGate } from './gate';
import { kindLabel, MEETING_KINDS, stateLabel } from './labels';
import { useInvalidateMeetings, useSettings, useTrips } from './queries';
import { allZones, browserZone, defaultStart, oneHourAfter } from './time';
import './meetings.css';

/** What the user sees in each control, as text. */
type Values = {
  account_id: string;
  account_name: string;
  title: string;
  kind: MeetingKind | '';
  starts_local: string;
  ends_local: string;
  time_zone: string;
  location: string;
  trip: string;
  attendees: readonly string[];
  objective: string;
  value_proposition: string;
  asks: string;
  talking_points: string;
  sensitivities: string;
  logistics: string;
};
type MeetingField = Exclude<keyof Values, 'account_name'>;
type TextField = Exclude<MeetingField, 'attendees' | 'kind' | 'account_id'>;
type SaveState = 'idle' | 'saving' | 'saved' | 'error';
type Trigger = 'typing' | 'commit';

const FIELDS: readonly MeetingField[] = [
  'account_id',
  'title',
  'kind',
  'starts_local',
  'ends_local',
  'time_zone',
  'location',
  'trip',
  'attendees',
  'objective',
  'value_proposition',
  'asks',
  'talking_points',
  'sensitivities',
  'logistics',
];

// Typing pauses this long before a save; leaving the field saves at once.
export const MEETING_AUTOSAVE_MS = 700;

function fromMeeting(m: Meeting, accountName: string): Values {
  return {
    account_id: m.account_id,
    account_name: accountName,
    title: m.title,
    kind: m.kind,
    starts_local: m.starts_local,
    ends_local: m.ends_local,
    time_zone: m.time_zone,
    location: m.location ?? '',
    trip: m.trip ?? '',
    attendees: m.attendees,
    objective: m.objective ?? '',
    value_proposition: m.value_proposition ?? '',
    asks: m.asks ?? '',
    talking_points: m.talking_points ?? '',
    sensitivities: m.sensitivities ?? '',
    logistics: m.logistics ?? '',
  };
}

function blank(account: { id: string; name: string } | null, zone: string): Values {
  const starts = defaultStart();
  return {
    account_id: account?.id ?? '',
    account_name: account?.name ?? '',
    title: '',
    kind: 'connecting',
    starts_local: starts,
    ends_local: oneHourAfter(starts),
    time_zone: zone,
    location: '',
    trip: '',
    attendees: [],
    objective: '',
    value_proposition: '',
    asks: '',
    talking_points: '',
    sensitivities: '',
    logistics: '',
  };
}

/** Every field, every time: the core replaces the meeting with what it is sent. */
export function buildMeetingInput(v: Values): MeetingInput {
  return {
    // Sent as typed: the core trims and is the judge of what is valid.
    account_id: v.account_id,
    title: v.title,
    kind: v.kind === '' ? null : v.kind,
    starts_local: v.starts_local,
    ends_local: v.ends_local,
    time_zone: v.time_zone,
    location: blankToNull(v.location),
    trip: blankToNull(v.trip),
    objective: blankToNull(v.objective),
    value_proposition: blankToNull(v.value_proposition),
    asks: blankToNull(v.asks),
    talking_points: blankToNull(v.talking_points),
    sensitivities: blankToNull(v.sensitivities),
    logistics: blankToNull(v.logistics),
    attendees: [...v.attendees],
  };
}

/**
 * Where a new meeting's unsaved input is kept while the user is elsewhere
 * (lib/keptState): one per account it is planned from, one for the Meetings page.
 */
export function newMeetingKey(accountId: string | null): string {
  return `meeting-new:${accountId ?? ''}`;
}

/** Drops a new meeting's kept input: for a page that closes the form itself (Escape outside it). */
export function useForgetNewMeeting(accountId: string | null): () => void {
  const drafts = useContext(KeptDraftsContext);
  return useCallback(() => {
    const key = newMeetingKey(accountId);
    drafts?.forget(key);
    drafts?.forget(`${key}:zone-chosen`);
  }, [drafts, accountId]);
}

/** Tells the account page a form is open, so Escape there does not leave the page under it. */
function RegisterOpenForm() {
  useRegisterOpenForm();
  return null;
}

export type MeetingFormProps =
  | {
      mode: 'create';
      /** The account it is for, fixed (from the account page). */
      presetAccount?: { id: string; name: string } | null;
      onCreated: (meeting: Meeting) => void;
      onCancel: () => void;
    }
  | {
      mode: 'edit';
      meeting: Meeting;
      accountName: string;
      /** Whether the gate would reopen it as a draft now. */
      canReopen: boolean;
    };

/**
 * A meeting's details. New: filled in and created with the button (or
 * Ctrl+Enter); what was typed outlives leaving the form until it is created or
 * cancelled. Existing: saved as the user types, like the account's details;
 * a failed save keeps what was typed and says what is wrong under the field,
 * and a change the review gate refuses is explained with a way to reopen.
 */
export function MeetingForm(props: MeetingFormProps) {
  const base = useId();
  const editing = props.mode === 'edit' ? props.meeting : null;
  const accountName = props.mode === 'edit' ? props.accountName : '';
  const preset = props.mode === 'create' ? (props.presetAccount ?? null) : null;
  const settings = useSettings();
  const trips = useTrips();
  const invalidate = useInvalidateMeetings();
  const gate = useGate();

  const homeZone = settings.data?.home_time_zone ?? null;
  // A new meeting's input is kept; an existing one saves as it goes.
  const keep = editing ? null : newMeetingKey(preset?.id ?? null);
  const [values, setValues, forgetValues] = useKeptState<Values>(keep, () =>
    editing ? fromMeeting(editing, accountName) : blank(preset, homeZone ?? browserZone()),
  );
  // A new meeting starts in the home zone once the settings have answered, unless the user chose one.
  const [zoneChosen, setZoneChosen, forgetZoneChosen] = useKeptState(keep && `${keep}:zone-chosen`, false);
  const forgetNew = () => {
    forgetValues();
    forgetZoneChosen();
  };
  const cancelNew = () => {
    if (props.mode !== 'create') return;
    forgetNew();
    props.onCancel();
  };
  const [zoneFromSettings, setZoneFromSettings] = useState<string | null>(homeZone);
  if (!editing && !zoneChosen && homeZone && homeZone !== zoneFromSettings) {
    setZoneFromSettings(homeZone);
    setValues((v) => ({ ...v, time_zone: homeZone }));
  }

  const [synced, setSynced] = useState(editing);
  const [dirty, setDirty] = useState(false);
  const form = useForm(FIELDS);
  const { errors, formError, report, reset, clear, bind, focus } = form;
  const [refused, setRefused] = useState<string | null>(null);
  const [state, setState] = useState<SaveState>('idle');
  const creating = form.pending;

  const hasErrors = formError !== null || refused !== null || Object.values(errors).some(Boolean);
  // Adopt what the core says only when it cannot overwrite the user's work.
  if (editing && editing !== synced && !dirty && !hasErrors && state !== 'saving') {
    setSynced(editing);
    setValues(fromMeeting(editing, accountName));
  }

  const valuesRef = useRef(values);
  const dirtyRef = useRef(false);
  const inFlight = useRef(false);
  const queued = useRef<Trigger | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    valuesRef.current = values;
  }, [values]);

  // A new meeting starts where the user types first: the account, or the title when the account is given.
  const startField: MeetingField | null = editing ? null : preset ? 'title' : 'account_id';
  useEffect(() => {
    if (startField) focus(startField);
  }, [startField, focus]);

  const showFailure = useCallback(
    (error: unknown, trigger: Trigger) => {
      const appError = AppError.from(error);
      setState('error');
      if (appError.code === 'refused') {
        reset();
        setRefused(appError.message);
      } else {
        setRefused(null);
        // While typing, a message is enough; on leaving a field or submitting, take the user to the problem.
        report(appError, trigger === 'commit' ? 'later' : 'never');
      }
    },
    [report, reset],
  );

  const meetingId = editing?.id ?? null;
  const flush = async (trigger: Trigger): Promise<void> => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    if (inFlight.current) {
      queued.current = queued.current === 'commit' ? 'commit' : trigger;
      return;
    }
    if (!dirtyRef.current || meetingId === null) return;
    const sent = valuesRef.current;
    inFlight.current = true;
    setState('saving');
    try {
      await commands.meetingUpdate(meetingId, buildMeetingInput(sent));
      if (valuesRef.current === sent) {
        dirtyRef.current = false;
        setDirty(false);
      }
      reset();
      setRefused(null);
      setState('saved');
      void invalidate();
    } catch (error) {
      showFailure(error, trigger);
    } finally {
      inFlight.current = false;
      const next = queued.current;
      queued.current = null;
      if (next) void flush(next);
    }
  };

  // Leaving the page mid-pause still saves what was typed.
  const latestFlush = useRef(flush);
  useEffect(() => {
    latestFlush.current = flush;
  });
  useEffect(
    () => () => {
      if (timer.current !== undefined) void latestFlush.current('commit');
    },
    [],
  );

  const change = <K extends MeetingField>(field: K, value: Values[K], save: 'debounce' | 'now' = 'debounce') => {
    const next = { ...valuesRef.current, [field]: value };
    valuesRef.current = next;
    setValues(next);
    clear(field);
    if (!editing) return;
    dirtyRef.current = true;
    setDirty(true);
    window.clearTimeout(timer.current);
    if (save === 'now') void flush('commit');
    else timer.current = window.setTimeout(() => void flush('typing'), MEETING_AUTOSAVE_MS);
  };

  const reopen = async () => {
    if (!editing) return;
    const view = await gate.act({ id: editing.id, title: editing.title }, 'reopen');
    if (!view) return;
    setRefused(null);
    // What was typed is still here: save it now that the meeting is a draft again.
    dirtyRef.current = true;
    setDirty(true);
    void flush('commit');
  };

  // Run by <Form>, which ignores a second submit while this one is on its way (`creating`).
  const create = async () => {
    if (props.mode !== 'create') return;
    reset();
    try {
      const meeting = await commands.meetingCreate(buildMeetingInput(valuesRef.current));
      forgetNew();
      void invalidate();
      props.onCreated(meeting);
    } catch (error) {
      showFailure(error, 'commit');
    }
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (editing) void flush('commit');
      else event.currentTarget.requestSubmit();
    } else if (event.key === 'Escape' && props.mode === 'create' && !event.defaultPrevented) {
      // Escape that ends an input-method composition is not a cancel.
      if (event.nativeEvent.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      // Nothing typed is thrown away without asking.
      if (!creating && (!dirtyRef.current || window.confirm('Discard this new meeting? What you typed will be lost.'))) {
        cancelNew();
      }
    }
  };

  // People to choose from: ours, and the account's own.
  const ours = useQuery({ queryKey: ourPeopleKey, queryFn: () => commands.peopleOurs() });
  const account = useQuery({
    queryKey: accountKey(values.account_id),
    queryFn: () => commands.accountView(values.account_id),
    enabled: values.account_id !== '',
  });
  const theirs: readonly Person[] = account.data?.relationship.theirs ?? [];

  const pickAccount = (option: ComboOption) => {
    if (option.value === valuesRef.current.account_id) return;
    // Their people belong to the old account; ours stay.
    const ourIds = new Set((ours.data ?? []).map((p) => p.id));
    const next = {
      ...valuesRef.current,
      account_id: option.value,
      account_name: option.label,
      attendees: valuesRef.current.attendees.filter((id) => ourIds.has(id)),
    };
    valuesRef.current = next;
    setValues(next);
    clear('account_id');
  };

  type TextOptions = { hint?: ReactNode; multiline?: boolean; rows?: number; wide?: boolean; placeholder?: string };
  const text = (field: TextField, label: string, opts: TextOptions = {}) => (
    <div className={opts.wide ? 'details-wide' : undefined}>
      <Field
        id={`${base}-${field}`}
        label={label}
        error={errors[field]}
        errorTestId={`meeting-error-${field}`}
        hint={opts.hint}
        control={(a11y) =>
          opts.multiline ? (
            <textarea
              {...a11y}
              ref={bind(field)}
              className="input textarea"
              data-testid={`meeting-field-${field}`}
              rows={opts.rows ?? 3}
              placeholder={opts.placeholder}
              value={values[field]}
              onChange={(event) => change(field, event.target.value)}
              onBlur={() => void flush('commit')}
            />
          ) : (
            <input
              {...a11y}
              ref={bind(field)}
              className="input"
              data-testid={`meeting-field-${field}`}
              autoComplete="off"
              placeholder={opts.placeholder}
              aria-required={field === 'title' || undefined}
              list={field === 'trip' ? `${base}-trips` : undefined}
              value={values[field]}
              onChange={(event) => change(field, event.target.value)}
              onBlur={() => void flush('commit')}
            />
          )
        }
      />
    </div>
  );

  const when = (field: 'starts_local' | 'ends_local', label: string) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      error={errors[field]}
      errorTestId={`meeting-error-${field}`}
      hint={field === 'starts_local' ? 'Local time where it happens' : undefined}
      control={(a11y) => (
        <input
          {...a11y}
          ref={bind(field)}
          type="datetime-local"
          className="input"
          data-testid={`meeting-field-${field}`}
          aria-required="true"
          value={values[field]}
          onChange={(event) => {
            const value = event.target.value;
            // Moving the start carries the end with it when the end would fall before it.
            if (field === 'starts_local' && value && valuesRef.current.ends_local <= value) {
              const next = { ...valuesRef.current, ends_local: oneHourAfter(value) };
              valuesRef.current = next;
            }
            change(field, value);
          }}
          onBlur={() => void flush('commit')}
        />
      )}
    />
  );

  const [zoneQuery, setZoneQuery] = useState('');
  const zoneOptions = useMemo(() => {
    const found = filterZones(allZones(), zoneQuery);
    return found.map((z) => ({ value: z, label: z }));
  }, [zoneQuery]);

  const [accountQuery, setAccountQuery] = useState('');
  const accounts = useQuery({
    queryKey: ['accounts', 'picker', accountQuery.trim()],
    queryFn: () => commands.accountQuery({ text: accountQuery.trim() || null, sort: 'name', offset: 0, limit: 30 }),
    enabled: props.mode === 'create' && !preset,
    staleTime: 10_000,
  });
  const accountOptions: ComboOption[] = (accounts.data?.rows ?? []).map((row) => ({
    value: row.id,
    label: row.name,
    detail: row.industry,
  }));

  const meetingState = editing?.state;
  const reviewedLocked = meetingState === 'submitted' || meetingState === 'approved';
  const closed = meetingState === 'declined' || meetingState === 'held' || meetingState === 'followed_up';
  const statusText: Record<SaveState, string> = {
    idle: dirty ? 'Unsaved changes' : 'Changes save as you type',
    saving: 'Saving…',
    saved: 'Saved',
    error: "Couldn't save",
  };

  return (
    <Form
      form={form}
      className={editing ? 'panel details meeting-form' : 'panel form-panel meeting-form'}
      aria-labelledby={`${base}-title`}
      data-testid="meeting-form"
      onSubmit={() => {
        // An edit is not awaited: a save already on its way queues this one (flush).
        if (editing) void flush('commit');
        else return create();
      }}
      onKeyDown={onKeyDown}
    >
      {props.mode === 'create' && <RegisterOpenForm />}
      <div className="section-head">
        <h2 className="panel-title" id={`${base}-title`}>
          {editing ? 'Details' : preset ? `Plan a visit to ${preset.name}` : 'New meeting'}
        </h2>
        {editing && (
          <p className={`save-state save-state-${state}`} data-testid="meeting-save-status" aria-live="polite">
            {state === 'saving' && <span className="spinner" aria-hidden="true" />}
            {statusText[state]}
          </p>
        )}
      </div>

      {refused && (
        <div className="refused-banner" role="alert" data-testid="meeting-refused">
          <AlertIcon width={18} height={18} />
          <div className="refused-text">
            <p>
              <strong>Not saved:</strong> {refused}
            </p>
            <p className="muted">What you typed is kept here.</p>
          </div>
          {props.mode === 'edit' && props.canReopen && (
            <Button
              size="sm"
              data-testid="meeting-reopen"
              pending={gate.pending === 'reopen'}
              pendingLabel="Reopening…"
              onClick={() => void reopen()}
            >
              Reopen as draft
            </Button>
          )}
        </div>
      )}
      {gate.problem && (
        <FormError
          message={gate.problem.needsName ? 'Set your name in Settings first.' : gate.problem.message}
          testId="meeting-reopen-error"
        />
      )}

      {editing && reviewedLocked && !refused && (
        <p className="callout" data-testid="meeting-locked-note">
          It is {stateLabel(editing.state)}: location, trip, talking points, sensitivities and logistics can still
          change. Who, when and why need it reopened as a draft and reviewed again.
        </p>
      )}
      {editing && closed && !refused && (
        <p className="callout" data-testid="meeting-locked-note">
          {editing.state === 'declined'
            ? 'It was declined: reopen it as a draft to rework it.'
            : `It is ${stateLabel(editing.state)} and kept as it was; log what happened in the account’s interactions.`}
        </p>
      )}

      <div className="details-grid">
        {editing || preset ? (
          <div>
            <p className="field-label">Account</p>
            <p className="meeting-form-account" data-testid="meeting-field-account">
              {values.account_name || accountName}
            </p>
          </div>
        ) : (
          <Field
            id={`${base}-account_id`}
            label="Account"
            error={errors.account_id}
            errorTestId="meeting-error-account_id"
            hint="Type to search"
            control={(a11y) => (
              <Combobox
                a11y={a11y}
                ref={bind('account_id')}
                selectedLabel={values.account_name}
                options={accountOptions}
                loading={accounts.isFetching}
                onQueryChange={setAccountQuery}
                onPick={pickAccount}
                placeholder="Search accounts"
                testId="meeting-field-account_id"
                emptyText="No account matches."
              />
            )}
          />
        )}
        {text('title', 'Title', { placeholder: 'e.g. Q3 executive business review' })}
        <Field
          id={`${base}-kind`}
          label="Kind"
          error={errors.kind}
          errorTestId="meeting-error-kind"
          control={(a11y) => (
            <select
              {...a11y}
              ref={bind('kind')}
              className="input select"
              data-testid="meeting-field-kind"
              value={values.kind}
              onChange={(event) => change('kind', event.target.value as MeetingKind, 'now')}
            >
              {values.kind === '' && <option value="">Choose…</option>}
              {MEETING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        />
        {when('starts_local', 'Starts')}
        {when('ends_local', 'Ends')}
        <Field
          id={`${base}-time_zone`}
          label="Time zone"
          error={errors.time_zone}
          errorTestId="meeting-error-time_zone"
          hint="Where the meeting is"
          control={(a11y) => (
            <Combobox
              a11y={a11y}
              ref={bind('time_zone')}
              selectedLabel={values.time_zone}
              options={zoneOptions}
              onQueryChange={setZoneQuery}
              onPick={(option) => {
                setZoneChosen(true);
                change('time_zone', option.value, 'now');
              }}
              placeholder="e.g. Europe/Oslo"
              testId="meeting-field-time_zone"
              emptyText="No time zone matches."
            />
          )}
        />
        {text('location', 'Location', { placeholder: 'Their head office, Oslo' })}
        {text('trip', 'Trip', { placeholder: 'e.g. Nordics November', hint: 'Meetings on one trip share a pack' })}
      </div>
      <datalist id={`${base}-trips`}>
        {(trips.data ?? []).map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>

      <h3 className="details-subhead">Who attends</h3>
      <fieldset
        ref={bind('attendees')}
        className="people-picker"
        aria-describedby={errors.attendees ? `${base}-attendees-error` : undefined}
        data-testid="meeting-field-attendees"
      >
        <legend className="visually-hidden">Attendees</legend>
        <AttendeePicker
          ours={ours.data ?? []}
          theirs={theirs}
          chosen={values.attendees}
          oursLoading={ours.isPending}
          theirsLoading={account.isPending}
          hasAccount={values.account_id !== ''}
          onChange={(next) => change('attendees', next, 'now')}
        />
        {errors.attendees && (
          <p className="field-error" id={`${base}-attendees-error`} role="alert" data-testid="meeting-error-attendees">
            {errors.attendees}
          </p>
        )}
      </fieldset>

      <h3 className="details-subhead">Why</h3>
      <div className="details-grid details-grid-1">
        {text('objective', 'Objective', { multiline: true, rows: 2, placeholder: 'What this visit should achieve' })}
        {text('value_proposition', 'Value proposition', {
          multiline: true,
          placeholder: 'What is in it for them, and for us',
          hint: 'Required before it goes for review',
        })}
        {text('asks', 'Asks', { multiline: true, hint: 'One per line' })}
      </div>

      <h3 className="details-subhead">Preparation</h3>
      <div className="details-grid details-grid-1">
        {text('talking_points', 'Talking points', { multiline: true })}
        {text('sensitivities', 'Sensitivities', { multiline: true, rows: 2 })}
        {text('logistics', 'Logistics', { multiline: true, rows: 2, placeholder: 'Travel, host, arrival, dress code' })}
      </div>

      {props.mode === 'create' ? (
        <>
          <FormError message={formError} testId="meeting-form-error" />
          <div className="form-actions">
            <Button data-testid="meeting-cancel" disabled={creating} onClick={cancelNew}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="primary"
              data-testid="meeting-submit"
              pending={creating}
              pendingLabel="Creating…"
              aria-keyshortcuts="Control+Enter"
            >
              Create meeting
              <kbd className="btn-kbd" aria-hidden="true">
                Ctrl ↵
              </kbd>
            </Button>
          </div>
        </>
      ) : (
        <FormError message={formError} testId="meeting-form-error" />
      )}
    </Form>
  );
}
