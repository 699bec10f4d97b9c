import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { parseWhole } from '../account/formKit';
import { AppError, commands } from '../ipc';
import type { AccountCare, HealthPoint, MonthContacts, OwnershipAnswer, PartScore } from '../ipc';
import { AudienceSelect, useAudience } from '../lib/audience';
import { Form, useForm } from '../lib/form';
import { formatDay } from '../map/labels';
import { Button } from '../ui/Button';
import { ExportButton, ExportResult, useExports } from '../ui/ExportResult';
import { AlertIcon, CalendarIcon, PrinterIcon } from '../ui/icons';
import { days, healthPartLabel } from './labels';
import { useCare, useInvalidateCare } from './queries';
import './care.css';

// Typing pauses this long before an answer is saved; leaving the box saves at once.
export const OWNERSHIP_AUTOSAVE_MS = 600;

/**
 * One account's care: its health as the visible sum of its parts and how it
 * has moved, how often we aim to be in touch and whether that is slipping,
 * twelve months of contact by level, the ties past their own cadence, and
 * the ownership check, answered in our own words.
 */
export function CarePanel({ accountId }: { accountId: string }) {
  const care = useCare(accountId);
  if (care.isPending) {
    return (
      <div className="panel panel-loading" aria-busy="true" data-testid="care-panel">
        Working out the account’s health…
      </div>
    );
  }
  if (care.error) {
    return (
      <div className="panel panel-error" role="alert" data-testid="care-panel">
        <p>{care.error.message}</p>
        <Button size="sm" onClick={() => void care.refetch()}>
          Retry
        </Button>
      </div>
    );
  }
  const data = care.data;
  return (
    <div className="care-panel" data-testid="care-panel">
      <CareExports accountId={accountId} />
      <HealthSection care={data} />
      <CadenceSection accountId={accountId} care={data} />
      <OwnershipSection accountId={accountId} answers={data.ownership} />
    </div>
  );
}

// ---------------------------------------------------------------------------
// Exports

/** The annual customer review as a PDF, and this account's planned contacts as a calendar file. */
function CareExports({ accountId }: { accountId: string }) {
  const exports = useExports<'review' | 'touchpoints'>();
  const audience = useAudience();
  return (
    <div className="care-exports" data-testid="care-exports">
      <div className="button-row">
        <AudienceSelect value={audience.audience} onChange={audience.choose} testId="annual-review-audience" />
        <ExportButton
          exports={exports}
          exportKey="review"
          what="Annual customer review"
          call={async () => {
            try {
              return await commands.annualReviewExport(accountId, audience.audience);
            } finally {
              audience.exported();
            }
          }}
          testId="annual-review-export"
        >
          <PrinterIcon />
          Annual customer review (PDF)
        </ExportButton>
        <ExportButton
          exports={exports}
          exportKey="touchpoints"
          what="Touchpoints"
          call={() => commands.touchpointsExport(accountId)}
          testId="account-touchpoints-export"
          title="The next contacts due with this account and on each of its ties over the next 90 days, as calendar entries"
        >
          <CalendarIcon />
          Touchpoints (.ics)
        </ExportButton>
      </div>
      {exports.last && (
        <ExportResult
          exported={exports.last.exported}
          unit={exports.last.key === 'touchpoints' ? ['touchpoint', 'touchpoints'] : undefined}
        />
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------
// Health

function HealthSection({ care }: { care: AccountCare }) {
  const titleId = useId();
  const { score, parts } = care.health;
  return (
    <section className="panel care-section" aria-labelledby={titleId}>
      <div className="health-head">
        <div>
          <h2 className="panel-title" id={titleId}>
            Health
          </h2>
          <p className="health-score" data-testid="health-score">
            <span className="health-score-value">{score}</span>
            <span className="health-score-max"> / 100</span>
          </p>
          <p className="section-sub">The sum of the parts below; each says what earned its points.</p>
        </div>
        <Trend history={care.history} />
      </div>
      <ul className="health-parts">
        {parts.map((p) => (
          <HealthPartRow key={p.part} part={p} />
        ))}
      </ul>
    </section>
  );
}

function HealthPartRow({ part }: { part: PartScore }) {
  const share = part.max > 0 ? Math.min(1, part.points / part.max) : 0;
  const level = share >= 0.8 ? 'good' : share >= 0.4 ? 'fair' : 'poor';
  return (
    <li className="health-part" data-testid="health-part" data-part={part.part}>
      <span className="health-part-label">{healthPartLabel(part.part)}</span>
      <svg className="health-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect className="health-bar-track" width={100} height={8} rx={2} />
        <rect className={`health-bar-fill health-${level}`} width={share * 100} height={8} rx={2} />
      </svg>
      <span className="health-part-points" data-testid="health-part-points">
        {part.points}
        <span className="muted"> / {part.max}</span>
      </span>
      <span className="health-part-reason">{capitalised(part.reason)}</span>
    </li>
  );
}

const TREND_W = 220;
const TREND_H = 56;

/** The score over the days it was recorded: a small line, and the same in words. */
export function trendSummary(history: readonly HealthPoint[]): string {
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last) return 'No score recorded yet.';
  if (history.length === 1) return `Recorded once so far: ${last.score} on ${formatDay(last.on)}.`;
  const change = last.score - first.score;
  const scores = history.map((h) => h.score);
  const moved =
    change === 0 ? 'Level' : change > 0 ? `Up ${change} ${change === 1 ? 'point' : 'points'}` : `Down ${-change} ${change === -1 ? 'point' : 'points'}`;
  return `${moved} since ${formatDay(first.on)}: from ${first.score} to ${last.score}, between ${Math.min(...scores)} and ${Math.max(...scores)} on the way.`;
}

function Trend({ history }: { history: readonly HealthPoint[] }) {
  const summaryId = useId();
  const step = history.length > 1 ? TREND_W / (history.length - 1) : 0;
  const y = (score: number) => TREND_H - 4 - (Math.min(100, Math.max(0, score)) / 100) * (TREND_H - 8);
  const points = history.map((h, i) => `${(i * step).toFixed(1)},${y(h.score).toFixed(1)}`).join(' ');
  const last = history.at(-1);
  return (
    <figure className="health-trend" data-testid="health-trend">
      {history.length > 1 && (
        <svg
          className="trend-svg"
          width={TREND_W + 8}
          height={TREND_H}
          viewBox={`-4 0 ${TREND_W + 8} ${TREND_H}`}
          role="img"
          aria-labelledby={summaryId}
        >
          <line className="trend-axis" x1={0} x2={TREND_W} y1={y(50)} y2={y(50)} />
          <polyline className="trend-line" points={points} />
          {last && <circle className="trend-dot" cx={(history.length - 1) * step} cy={y(last.score)} r={3} />}
        </svg>
      )}
      <figcaption className="trend-summary" id={summaryId} data-testid="health-trend-summary">
        {trendSummary(history)}
      </figcaption>
    </figure>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------
// Cadence

const CADENCE_FIELDS = ['every_days'] as const;

function CadenceSection({ accountId, care }: { accountId: string; care: AccountCare }) {
  const titleId = useId();
  const inputId = useId();
  const invalidate = useInvalidateCare(accountId);
  const [text, setText] = useState(String(care.every_days));
  const [synced, setSynced] = useState(care.every_days);
  const form = useForm(CADENCE_FIELDS);
  const error = form.errors.every_days ?? null;
  const [pending, setPending] = useState<'set' | 'default' | null>(null);
  // Adopt the core's interval when it changes, unless the user is mid-edit with a problem to fix.
  if (care.every_days !== synced) {
    setSynced(care.every_days);
    if (error === null) setText(String(care.every_days));
  }

  const save = async (everyDays: number | null) => {
    // One change at a time: two in flight could land in either order.
    if (pending) return;
    setPending(everyDays === null ? 'default' : 'set');
    form.reset();
    try {
      const next = await commands.accountSetCadence(accountId, everyDays);
      void invalidate(next);
      setSynced(next.every_days);
      setText(String(next.every_days));
    } catch (e) {
      // The box is the only thing here to fix: every refusal goes under it.
      const refusal = AppError.from(e);
      form.report(new AppError(refusal.code, refusal.message, 'every_days'), 'now');
    } finally {
      setPending(null);
    }
  };

  const submit = () => {
    const value = parseWhole(text);
    if (value === null || value === 'invalid') {
      form.reject({ every_days: 'Enter a whole number of days.' });
      return;
    }
    return save(value);
  };

  return (
    <section className="panel care-section" aria-labelledby={titleId}>
      <h2 className="panel-title" id={titleId}>
        Cadence
      </h2>
      <Form form={form} className="cadence-form" busy={pending !== null} onSubmit={submit} data-testid="cadence-form">
        <p className="cadence-now" data-testid="cadence-now">
          In touch every <strong>{days(care.every_days)}</strong>{' '}
          <span className="muted">({care.default_cadence ? 'the tier’s default' : 'set for this account'})</span>
        </p>
        <div className={error ? 'field field-invalid cadence-field' : 'field cadence-field'}>
          <label className="field-label" htmlFor={inputId}>
            Target interval in days
          </label>
          <div className="button-row">
            <input
              id={inputId}
              ref={form.bind('every_days')}
              className="input cadence-input"
              inputMode="numeric"
              autoComplete="off"
              data-testid="cadence-days"
              aria-invalid={error !== null}
              aria-describedby={error ? `${inputId}-error` : `${inputId}-hint`}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                form.clear('every_days');
              }}
            />
            <Button size="sm" type="submit" data-testid="cadence-save" pending={pending === 'set'} pendingLabel="Saving…">
              Set
            </Button>
            <Button
              size="sm"
              variant="ghost"
              data-testid="cadence-default"
              disabled={care.default_cadence || pending === 'set'}
              pending={pending === 'default'}
              onClick={() => void save(null)}
            >
              Use the tier’s default
            </Button>
          </div>
          {error ? (
            <p className="field-error" id={`${inputId}-error`} role="alert" data-testid="cadence-error">
              {error}
            </p>
          ) : (
            <p className="field-hint" id={`${inputId}-hint`}>
              How long we can go without contact before the account shows as overdue.
            </p>
          )}
        </div>
      </Form>

      {care.overdue ? (
        <p className="care-alert" role="status" data-testid="cadence-overdue">
          <AlertIcon width={16} height={16} aria-hidden="true" />
          <span>Overdue: {care.overdue.message}.</span>
        </p>
      ) : (
        <p className="muted" data-testid="cadence-on-time">
          In touch within the target.
        </p>
      )}
      {care.backslides.map((b) => (
        <p key={b.kind} className="care-alert" data-testid="cadence-backslide" data-kind={b.kind}>
          <AlertIcon width={16} height={16} aria-hidden="true" />
          <span>Sliding back: {b.message}.</span>
        </p>
      ))}

      <CadenceChart months={care.months} />

      <h3 className="details-subhead">Ties past their own cadence</h3>
      {care.overdue_ties.length === 0 ? (
        <p className="muted" data-testid="overdue-ties-none">
          No tie is overdue.
        </p>
      ) : (
        <ul className="overdue-ties" data-testid="overdue-ties">
          {care.overdue_ties.map((t) => (
            <li key={t.connection_id} data-testid="overdue-tie">
              <strong>
                {t.ours_name} and {t.theirs_name}
              </strong>{' '}
              <span className="muted">(every {days(t.every_days)})</span>: {t.overdue.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const LEVELS = [
  { key: 'executive', label: 'Executive (levels 1–2)' },
  { key: 'management', label: 'Management (levels 3–4)' },
  { key: 'working', label: 'Working level (5 and below, or not known)' },
] as const;

const monthName = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });

function monthDate(month: string): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1));
}

const BAR_W = 28;
const GAP = 12;
const PLOT_H = 120;
const TOP = 10;
const AXIS_W = 28;
const LABEL_H = 20;

/**
 * Contacts per month for the last twelve months, stacked by the level of
 * their people in them: the picture shows contact thinning, and contact
 * slipping down the levels. The table says the same for screen readers.
 */
export function CadenceChart({ months }: { months: readonly MonthContacts[] }) {
  const captionId = useId();
  const totals = months.map((m) => m.executive + m.management + m.working);
  const most = Math.max(1, ...totals);
  // A round top for the scale: 1, 2, 5, 10, 20, …
  const top = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((n) => n >= most) ?? most;
  const scale = PLOT_H / top;
  const width = AXIS_W + months.length * (BAR_W + GAP);
  const height = TOP + PLOT_H + LABEL_H;
  const baseline = TOP + PLOT_H;

  return (
    <figure className="cadence-picture">
      <figcaption className="details-subhead" id={captionId}>
        Contact over the last twelve months, by level
      </figcaption>
      <ul className="cadence-legend" aria-hidden="true">
        {LEVELS.map((l) => (
          <li key={l.key}>
            <svg width="12" height="12" viewBox="0 0 12 12" focusable="false">
              <rect className={`cadence-${l.key}`} width={12} height={12} rx={2} />
            </svg>
            {l.label}
          </li>
        ))}
      </ul>
      <div className="cadence-scroll">
        <svg
          className="cadence-svg"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          aria-hidden="true"
          focusable="false"
          data-testid="cadence-chart"
        >
          {[0, top / 2, top].map((v) => (
            <g key={v} className="cadence-grid">
              <line x1={AXIS_W - 4} x2={width} y1={baseline - v * scale} y2={baseline - v * scale} />
              <text x={AXIS_W - 8} y={baseline - v * scale} textAnchor="end" dominantBaseline="middle">
                {Number.isInteger(v) ? v : ''}
              </text>
            </g>
          ))}
          {months.map((m, i) => {
            const x = AXIS_W + i * (BAR_W + GAP) + GAP / 2;
            let y = baseline;
            const total = totals[i] ?? 0;
            return (
              <g key={m.month} className="cadence-month" data-testid="cadence-month" data-month={m.month}>
                <title>
                  {`${monthLong.format(monthDate(m.month))}: ${total} in all (${m.executive} executive, ${m.management} management, ${m.working} working level)`}
                </title>
                {LEVELS.map((l) => {
                  const h = m[l.key] * scale;
                  y -= h;
                  return h > 0 ? <rect key={l.key} className={`cadence-${l.key}`} x={x} y={y} width={BAR_W} height={h} /> : null;
                })}
                <text className="cadence-month-label" x={x + BAR_W / 2} y={baseline + 14} textAnchor="middle">
                  {monthName.format(monthDate(m.month))}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <table className="visually-hidden" aria-labelledby={captionId} data-testid="cadence-table">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Executive</th>
            <th scope="col">Management</th>
            <th scope="col">Working level</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{monthLong.format(monthDate(m.month))}</th>
              <td>{m.executive}</td>
              <td>{m.management}</td>
              <td>{m.working}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

// ---------------------------------------------------------------------------
// The ownership check

function OwnershipSection({ accountId, answers }: { accountId: string; answers: readonly OwnershipAnswer[] }) {
  const titleId = useId();
  const answered = answers.filter((a) => (a.answer ?? '').trim() !== '').length;
  return (
    <section className="panel care-section" aria-labelledby={titleId}>
      <div className="section-head">
        <h2 className="panel-title" id={titleId}>
          Ownership check
        </h2>
        <p className="section-sub" data-testid="ownership-count">
          {answered} of {answers.length} answered
        </p>
      </div>
      <p className="section-sub">
        What we should be able to say about this account, in our own words. Answers save as you type.
      </p>
      <ol className="ownership-questions">
        {answers.map((a) => (
          <OwnershipQuestionBox key={a.question} accountId={accountId} answer={a} />
        ))}
      </ol>
    </section>
  );
}

type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/** One question: saved a moment after typing stops, or on leaving the box; a failure keeps the text. */
function OwnershipQuestionBox({ accountId, answer }: { accountId: string; answer: OwnershipAnswer }) {
  const id = useId();
  const invalidate = useInvalidateCare(accountId);
  const fromCore = answer.answer ?? '';
  const [text, setText] = useState(fromCore);
  const [synced, setSynced] = useState(fromCore);
  const [dirty, setDirty] = useState(false);
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<string | null>(null);
  // Adopt what the core says only when it cannot overwrite the user's work.
  // The core trims what it keeps: the box keeps the space or new line just
  // typed at the end, or the next words would run on.
  if (fromCore !== synced) {
    setSynced(fromCore);
    if (!dirty && state !== 'saving' && text.trim() !== fromCore) setText(fromCore);
  }

  const textRef = useRef(text);
  const dirtyRef = useRef(false);
  const inFlight = useRef(false);
  const queued = useRef(false);
  const timer = useRef<number | undefined>(undefined);

  const flush = useCallback(async (): Promise<void> => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    if (!dirtyRef.current) return;
    const sent = textRef.current;
    inFlight.current = true;
    setState('saving');
    try {
      const care = await commands.ownershipAnswer(accountId, answer.question, sent.trim() === '' ? null : sent);
      if (textRef.current === sent) {
        dirtyRef.current = false;
        setDirty(false);
      }
      setError(null);
      setState('saved');
      void invalidate(care);
    } catch (e) {
      setError(AppError.from(e).message);
      setState('error');
    } finally {
      inFlight.current = false;
      if (queued.current) {
        queued.current = false;
        void flush();
      }
    }
  }, [accountId, answer.question, invalidate]);

  // Leaving the page mid-pause still saves what was typed.
  const latestFlush = useRef(flush);
  useEffect(() => {
    latestFlush.current = flush;
  }, [flush]);
  useEffect(
    () => () => {
      if (timer.current !== undefined) void latestFlush.current();
    },
    [],
  );

  const status: Record<SaveState, string> = {
    idle: dirty ? 'Not saved yet' : '',
    saving: 'Saving…',
    saved: 'Saved',
    error: `Couldn't save: ${error ?? 'try again'}`,
  };

  return (
    <li className="ownership-question" data-testid="ownership-question" data-question={answer.question}>
      <label className="field-label" htmlFor={id}>
        {answer.asks}
      </label>
      <textarea
        id={id}
        className="input textarea"
        rows={2}
        data-testid="ownership-answer"
        aria-invalid={state === 'error'}
        aria-describedby={`${id}-state`}
        value={text}
        onChange={(event) => {
          const next = event.target.value;
          textRef.current = next;
          setText(next);
          dirtyRef.current = true;
          setDirty(true);
          if (state === 'saved') setState('idle');
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => void flush(), OWNERSHIP_AUTOSAVE_MS);
        }}
        onBlur={() => void flush()}
      />
      <p
        className={`save-state save-state-${state}`}
        id={`${id}-state`}
        data-testid="ownership-state"
        data-state={state}
        aria-live="polite"
        role={state === 'error' ? 'alert' : undefined}
      >
        {state === 'saving' && <span className="spinner" aria-hidden="true" />}
        {status[state]}
      </p>
    </li>
  );
}
