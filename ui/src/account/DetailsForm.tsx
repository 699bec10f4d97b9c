import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { commands } from '../ipc';
import type { Account, AccountInput, AccountStatus, Person, Tier } from '../ipc';
import { Form, useForm } from '../lib/form';
import { Field, FormError } from '../ui/Field';
import { blankToNull, parseWhole } from './formKit';
import { functionLabel, STATUSES, statusLabel, TIERS } from './labels';
import { ourPeopleKey, useInvalidateAccount } from './queries';
import './account.css';

/** The form's state: what the user sees in each control, as text. */
type Values = {
  name: string;
  industry: string;
  region: string;
  tier: Tier;
  status: AccountStatus;
  currency: string;
  annual_revenue: string;
  annual_margin: string;
  owner_id: string;
  sponsor_id: string;
  business_environment: string;
  customer_strategy: string;
  mutual_goals: string;
  last_customer_review: string;
  next_customer_review: string;
  last_internal_review: string;
  next_internal_review: string;
};
type DetailField = keyof Values;
type Errors = Partial<Record<DetailField, string>>;
type SaveState = 'idle' | 'saving' | 'saved' | 'error';

const FIELDS: readonly DetailField[] = [
  'name',
  'industry',
  'region',
  'tier',
  'status',
  'currency',
  'annual_revenue',
  'annual_margin',
  'owner_id',
  'sponsor_id',
  'last_customer_review',
  'next_customer_review',
  'last_internal_review',
  'next_internal_review',
  'business_environment',
  'customer_strategy',
  'mutual_goals',
];

const DATE_FIELDS = [
  ['last_customer_review', 'Last customer review'],
  ['next_customer_review', 'Next customer review'],
  ['last_internal_review', 'Last internal review'],
  ['next_internal_review', 'Next internal review'],
] as const satisfies readonly (readonly [DetailField, string])[];

// Typing pauses this long before a save; leaving the field saves at once.
export const AUTOSAVE_DELAY_MS = 700;

function fromAccount(a: Account): Values {
  return {
    name: a.name,
    industry: a.industry ?? '',
    region: a.region ?? '',
    tier: a.tier,
    status: a.status,
    currency: a.currency ?? '',
    annual_revenue: a.annual_revenue === null ? '' : String(a.annual_revenue),
    annual_margin: a.annual_margin === null ? '' : String(a.annual_margin),
    owner_id: a.owner_id ?? '',
    sponsor_id: a.sponsor_id ?? '',
    business_environment: a.business_environment ?? '',
    customer_strategy: a.customer_strategy ?? '',
    mutual_goals: a.mutual_goals ?? '',
    last_customer_review: a.last_customer_review ?? '',
    next_customer_review: a.next_customer_review ?? '',
    last_internal_review: a.last_internal_review ?? '',
    next_internal_review: a.next_internal_review ?? '',
  };
}

const WHOLE_NUMBER = 'Enter a whole number of currency units, e.g. 1250000.';

/** Every field, every time: the core replaces the account with what it is sent. */
export function buildAccountInput(v: Values): { input: AccountInput } | { errors: Errors } {
  const revenue = parseWhole(v.annual_revenue);
  const margin = parseWhole(v.annual_margin);
  const errors: Errors = {};
  if (revenue === 'invalid') errors.annual_revenue = WHOLE_NUMBER;
  if (margin === 'invalid') errors.annual_margin = WHOLE_NUMBER;
  if (revenue === 'invalid' || margin === 'invalid') return { errors };
  return {
    input: {
      // Sent as typed: the core trims and is the judge of what is valid.
      name: v.name,
      industry: blankToNull(v.industry),
      region: blankToNull(v.region),
      tier: v.tier,
      status: v.status,
      currency: blankToNull(v.currency),
      annual_revenue: revenue,
      annual_margin: margin,
      owner_id: blankToNull(v.owner_id),
      sponsor_id: blankToNull(v.sponsor_id),
      business_environment: blankToNull(v.business_environment),
      customer_strategy: blankToNull(v.customer_strategy),
      mutual_goals: blankToNull(v.mutual_goals),
      last_customer_review: blankToNull(v.last_customer_review),
      next_customer_review: blankToNull(v.next_customer_review),
      last_internal_review: blankToNull(v.last_internal_review),
      next_internal_review: blankToNull(v.next_internal_review),
    },
  };
}

function marginShare(v: Values): string | null {
  const revenue = parseWhole(v.annual_revenue);
  const margin = parseWhole(v.annual_margin);
  if (typeof revenue !== 'number' || typeof margin !== 'number' || revenue <= 0) return null;
  const pct = (margin / revenue) * 100;
  return `${pct.toFixed(Math.abs(pct) < 10 ? 1 : 0)}% of revenue`;
}

function personOption(p: Pick<Person, 'name' | 'title' | 'function'>): string {
  const detail = p.title ?? (p.function ? functionLabel(p.function) : null);
  return detail ? `${p.name} — ${detail}` : p.name;
}

type Trigger = 'typing' | 'commit';

// While typing, a message is enough; on leaving a field, take the user to the problem.
const focusOn = (trigger: Trigger) => (trigger === 'commit' ? 'later' : 'never');

/**
 * Every editable field of the account, saved as the user goes. A failed save
 * keeps what the user typed and says what is wrong under the field at fault;
 * server data replaces the form only when nothing local is unsaved.
 */
export function DetailsForm({
  account,
  focusRequest,
}: {
  account: Account;
  /** A field to focus (e.g. from the header's "no owner" warning); changes to the object re-focus. */
  focusRequest?: { field: 'owner_id' | 'sponsor_id' } | null;
}) {
  const base = useId();
  const invalidate = useInvalidateAccount(account.id);
  const ours = useQuery({ queryKey: ourPeopleKey, queryFn: () => commands.peopleOurs() });

  const [values, setValues] = useState<Values>(() => fromAccount(account));
  const [synced, setSynced] = useState(account);
  const [dirty, setDirty] = useState(false);
  const form = useForm(FIELDS);
  const { errors, formError, reject, report, reset, clear, bind, focus } = form;
  const [state, setState] = useState<SaveState>('idle');

  const hasErrors = formError !== null || Object.values(errors).some(Boolean);
  // Adopt what the core says only when it cannot overwrite the user's work.
  if (account !== synced && !dirty && !hasErrors && state !== 'saving') {
    setSynced(account);
    setValues(fromAccount(account));
  }

  const valuesRef = useRef(values);
  const dirtyRef = useRef(false);
  const inFlight = useRef(false);
  const queued = useRef<Trigger | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (focusRequest) focus(focusRequest.field);
  }, [focusRequest, focus]);

  const flush = useCallback(
    async (trigger: Trigger): Promise<void> => {
      window.clearTimeout(timer.current);
      timer.current = undefined;
      if (inFlight.current) {
        queued.current = queued.current === 'commit' ? 'commit' : trigger;
        return;
      }
      if (!dirtyRef.current) return;
      const sent = valuesRef.current;
      const built = buildAccountInput(sent);
      if ('errors' in built) {
        reject(built.errors, focusOn(trigger));
        setState('error');
        return;
      }
      inFlight.current = true;
      setState('saving');
      try {
        await commands.accountUpdate(account.id, built.input);
        if (valuesRef.current === sent) {
          dirtyRef.current = false;
          setDirty(false);
        }
        reset();
        setState('saved');
        void invalidate();
      } catch (error) {
        // Under the field the core names, or above the end of the form; what was typed stays.
        report(error, focusOn(trigger));
        setState('error');
      } finally {
        inFlight.current = false;
        const next = queued.current;
        queued.current = null;
        if (next) void flush(next);
      }
    },
    [account.id, invalidate, reject, report, reset],
  );

  // Leaving the page mid-pause still saves what was typed.
  useEffect(
    () => () => {
      if (timer.current !== undefined) void flush('commit');
    },
    [flush],
  );

  const change = (field: DetailField, value: string, save: 'debounce' | 'now') => {
    const next = { ...valuesRef.current, [field]: value };
    valuesRef.current = next;
    dirtyRef.current = true;
    setValues(next);
    setDirty(true);
    clear(field);
    window.clearTimeout(timer.current);
    if (save === 'now') void flush('commit');
    else timer.current = window.setTimeout(() => void flush('typing'), AUTOSAVE_DELAY_MS);
  };

  type TextOptions = {
    hint?: ReactNode;
    multiline?: boolean;
    wide?: boolean;
    placeholder?: string;
    maxLength?: number;
    inputMode?: 'numeric';
  };
  const text = (field: DetailField, label: string, opts: TextOptions = {}) => (
    <div className={opts.wide ? 'details-wide' : undefined}>
      <Field
        id={`${base}-${field}`}
        label={label}
        error={errors[field]}
        errorTestId={`account-error-${field}`}
        hint={opts.hint}
        control={(a11y) =>
          opts.multiline ? (
            <textarea
              {...a11y}
              ref={bind(field)}
              className="input textarea"
              data-testid={`account-field-${field}`}
              rows={4}
              value={values[field]}
              onChange={(event) => change(field, event.target.value, 'debounce')}
              onBlur={() => void flush('commit')}
            />
          ) : (
            <input
              {...a11y}
              ref={bind(field)}
              className="input"
              data-testid={`account-field-${field}`}
              autoComplete="off"
              placeholder={opts.placeholder}
              maxLength={opts.maxLength}
              inputMode={opts.inputMode}
              aria-required={field === 'name' || undefined}
              value={values[field]}
              onChange={(event) =>
                change(field, field === 'currency' ? event.target.value.toUpperCase() : event.target.value, 'debounce')
              }
              onBlur={() => void flush('commit')}
            />
          )
        }
      />
    </div>
  );

  const choice = (field: DetailField, label: string, options: readonly { value: string; label: string }[]) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      error={errors[field]}
      errorTestId={`account-error-${field}`}
      control={(a11y) => (
        <select
          {...a11y}
          ref={bind(field)}
          className="input select"
          data-testid={`account-field-${field}`}
          value={values[field]}
          onChange={(event) => change(field, event.target.value, 'now')}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );

  const activeOurs = (ours.data ?? []).filter((p) => p.active).sort((a, b) => a.name.localeCompare(b.name));
  const personOptions = (field: 'owner_id' | 'sponsor_id') => {
    const options = [{ value: '', label: 'Nobody yet' }, ...activeOurs.map((p) => ({ value: p.id, label: personOption(p) }))];
    const current = values[field];
    // Keep a choice the list no longer offers (someone who left) visible rather than silently changing it.
    if (current && !activeOurs.some((p) => p.id === current)) {
      const known = (ours.data ?? []).find((p) => p.id === current);
      const saved = field === 'owner_id' ? [account.owner_id, account.owner_name] : [account.sponsor_id, account.sponsor_name];
      const name = known?.name ?? (saved[0] === current ? saved[1] : null);
      options.push({ value: current, label: `${name ?? 'Unknown person'}${known && !known.active ? ' (has left)' : ''}` });
    }
    return options;
  };

  const margin = marginShare(values);
  const statusText: Record<SaveState, string> = {
    idle: dirty ? 'Unsaved changes' : 'Changes save as you type',
    saving: 'Saving…',
    saved: 'Saved',
    error: "Couldn't save",
  };

  return (
    <Form
      form={form}
      className="panel details"
      aria-labelledby={`${base}-title`}
      data-testid="details-form"
      onSubmit={() => {
        // Not awaited: a save already on its way queues this one (flush), it is not dropped.
        void flush('commit');
      }}
    >
      <div className="section-head">
        <h2 className="panel-title" id={`${base}-title`}>
          Details
        </h2>
        <p className={`save-state save-state-${state}`} data-testid="details-save-status" aria-live="polite">
          {state === 'saving' && <span className="spinner" aria-hidden="true" />}
          {statusText[state]}
        </p>
      </div>

      <div className="details-grid">
        {text('name', 'Name', { wide: true })}
        {text('industry', 'Industry')}
        {text('region', 'Region')}
        {choice('tier', 'Tier', TIERS)}
        {choice('status', 'Status', STATUSES.map((s) => ({ value: s, label: statusLabel(s) })))}
        {choice('owner_id', 'Relationship owner', personOptions('owner_id'))}
        {choice('sponsor_id', 'Executive sponsor', personOptions('sponsor_id'))}
      </div>

      <h3 className="details-subhead">Revenue and margin</h3>
      <div className="details-grid">
        {text('currency', 'Currency', { placeholder: 'EUR', maxLength: 3, hint: 'Three letters (ISO 4217)' })}
        {text('annual_revenue', 'Annual revenue', { inputMode: 'numeric', hint: 'Whole units per year' })}
        {text('annual_margin', 'Annual margin', {
          inputMode: 'numeric',
          hint: <span data-testid="margin-share">{margin ?? 'Whole units per year'}</span>,
        })}
      </div>

      <h3 className="details-subhead">Reviews</h3>
      <div className="details-grid details-grid-4">
        {DATE_FIELDS.map(([field, label]) => (
          <Field
            key={field}
            id={`${base}-${field}`}
            label={label}
            error={errors[field]}
            errorTestId={`account-error-${field}`}
            control={(a11y) => (
              <input
                {...a11y}
                ref={bind(field)}
                type="date"
                className="input"
                data-testid={`account-field-${field}`}
                value={values[field]}
                onChange={(event) => change(field, event.target.value, 'debounce')}
                onBlur={() => void flush('commit')}
              />
            )}
          />
        ))}
      </div>

      <h3 className="details-subhead">Their business and ours</h3>
      <div className="details-grid details-grid-1">
        {text('business_environment', 'Business environment', { multiline: true })}
        {text('customer_strategy', 'Customer strategy', { multiline: true })}
        {text('mutual_goals', 'Mutual goals', { multiline: true })}
      </div>
      <FormError message={formError} testId="details-form-error" />
    </Form>
  );
}
