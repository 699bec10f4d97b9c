import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState } from 'react';
import { commands } from '../ipc';
import type { GateAction, MeetingSummary, MeetingView } from '../ipc';
import { useNavigate } from '../frame/routes';
import { isTypingTarget } from '../lib/keyboard';
import { matches, stepOf, useKeydown } from '../lib/shortcuts';
import { useKeptState } from '../lib/keptState';
import { BriefPreview } from '../meetings/BriefPreview';
import { ActionTextBox, gateTextKey, GateProblemMessage, useGate } from '../meetings/gate';
import { kindLabel } from '../meetings/labels';
import { attendeesText } from '../meetings/MeetingList';
import {
  briefKey,
  CHALLENGED_QUERY,
  meetingViewKey,
  useMeetingList,
  useSettings,
  WAITING_QUERY,
} from '../meetings/queries';
import { StateBadge } from '../meetings/StateBadge';
import { Thread } from '../meetings/Thread';
import { browserZone, formatDayShort, formatLocalWhen, formatTimeRange, homeTimeLine, splitLocal, zoneLabel } from '../meetings/time';
import { Button } from '../ui/Button';
import { InboxIcon } from '../ui/icons';
import '../meetings/meetings.css';
import './review.css';

type Box = 'challenge' | 'decline';

/**
 * The executive's queue: meetings waiting for review, then those sent back
 * with questions. One key each: A approves, C asks a question, D declines
 * (with a reason); J/K or ↑/↓ move. After a step the next meeting is chosen.
 * A question or reason being written stays with its meeting — open, with its
 * text — while the user looks at another one or leaves the page.
 */
export function ReviewPage() {
  const waiting = useMeetingList(WAITING_QUERY);
  const challenged = useMeetingList(CHALLENGED_QUERY);
  const items = useMemo(() => [...(waiting.data ?? []), ...(challenged.data ?? [])], [waiting.data, challenged.data]);

  const [chosen, setChosen] = useState<string | null>(null);
  // The first one is selected until the user picks; a chosen one that left the queue falls back to the first.
  const selectedId = items.some((m) => m.id === chosen) ? chosen : (items[0]?.id ?? null);
  const selected = items.find((m) => m.id === selectedId) ?? null;

  // The box open on each meeting (kept with its text until sent or cancelled).
  const [boxes, setBoxes] = useKeptState<Readonly<Record<string, Box>>>('review-boxes', {});
  const box = selectedId !== null ? (boxes[selectedId] ?? null) : null;
  const setBox = (next: Box | null, id: string | null = selectedId) => {
    if (id === null) return;
    setBoxes((all) => {
      const { [id]: _previous, ...rest } = all;
      return next ? { ...rest, [id]: next } : rest;
    });
  };
  const gate = useGate();
  const listRef = useRef<HTMLUListElement>(null);
  // Why the step just asked for (by key or button) cannot be taken, on the meeting it was asked on.
  const [refusal, setRefusal] = useState<{ id: string; text: string } | null>(null);

  const move = (by: number) => {
    if (items.length === 0) return;
    const index = items.findIndex((m) => m.id === selectedId);
    const next = items[Math.min(Math.max(index + by, 0), items.length - 1)];
    if (next) select(next.id);
  };

  const view = useQuery({
    queryKey: meetingViewKey(selectedId ?? ''),
    queryFn: () => commands.meetingView(selectedId ?? ''),
    enabled: selectedId !== null,
  });

  /** The step, then the next meeting in the queue (the one after, or the one before at the end). */
  const act = async (action: GateAction, body?: string): Promise<boolean> => {
    if (!selected) return false;
    const index = items.findIndex((m) => m.id === selected.id);
    const after = items[index + 1] ?? items[index - 1] ?? null;
    const done = await gate.act({ id: selected.id, title: selected.title }, action, body);
    if (!done) return false;
    setBox(null, selected.id);
    const stays = done.meeting.state === 'submitted' || done.meeting.state === 'challenged';
    // A question keeps it in the queue (under "challenged"); still, move on to the next one.
    setChosen(after?.id ?? (stays ? selected.id : null));
    listRef.current?.focus();
    return true;
  };

  /** Whether the gate would take this step now. Nothing is decided on a visit whose details are not on screen yet. */
  const allowed = (action: GateAction, v: MeetingView | undefined): Check => {
    if (!v || v.meeting.id !== selectedId) return { ok: false, reason: 'Loading the visit…' };
    const check = v.actions.find((a) => a.action === action);
    return { ok: check?.allowed ?? true, reason: check?.reason ?? null };
  };

  const select = (id: string) => {
    setChosen(id);
    setRefusal(null);
    gate.clearProblem();
  };

  /** Takes the step when the gate allows it; otherwise says why, instead of doing nothing. */
  const attempt = (label: string, check: Check, run: () => void) => {
    if (check.ok) {
      setRefusal(null);
      run();
    } else if (selectedId !== null) {
      setRefusal({ id: selectedId, text: `Cannot ${label} this visit: ${check.reason ?? 'the review does not allow it now.'}` });
    }
  };


  const closeBox = () => {
    setBox(null);
    listRef.current?.focus();
  };

  const approve = allowed('approve', view.data);
  const challenge = allowed('challenge', view.data);
  const decline = allowed('decline', view.data);
  const approveNow = () => attempt('approve', approve, () => void act('approve'));
  const askNow = () => attempt('ask a question on', challenge, () => setBox('challenge'));
  const declineNow = () => attempt('decline', decline, () => setBox('decline'));

  // Captured first, so the hidden accounts page does not see these keys.
  useKeydown(
    (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || event.repeat) return;
      if (isTypingTarget(event.target)) return;
      // A question or a reason is being written: no shortcut may move away from it or discard it.
      if (box !== null) return;
      const step = stepOf(event);
      if (step !== 0) {
        event.preventDefault();
        move(step);
      } else if (!selected || gate.pending) {
        return;
      } else if (matches('approve', event)) {
        event.preventDefault();
        approveNow();
      } else if (matches('ask', event)) {
        event.preventDefault();
        askNow();
      } else if (matches('decline', event)) {
        event.preventDefault();
        declineNow();
      }
    },
    { capture: true },
  );

  const loading = waiting.isPending || challenged.isPending;
  const error = waiting.error ?? challenged.error;
  const waitingList = waiting.data ?? [];
  const challengedList = challenged.data ?? [];

  return (
    <div className="page review-page" data-testid="review-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">Review</h1>
          <p className="page-subtitle" data-testid="review-total">
            {waiting.isSuccess
              ? waitingList.length === 0
                ? 'Nothing waiting'
                : `${waitingList.length} waiting for your review`
              : ''}
          </p>
        </div>
        <p className="review-keys" aria-hidden="true">
          <kbd>A</kbd> approve <kbd>C</kbd> question <kbd>D</kbd> decline <kbd>J</kbd>/<kbd>K</kbd> move
        </p>
      </header>

      {loading && (
        <div className="panel panel-loading" aria-busy="true">
          Loading the review queue…
        </div>
      )}
      {error && (
        <div className="panel panel-error" role="alert" data-testid="review-error">
          <p>{error.message}</p>
          <Button
            size="sm"
            onClick={() => {
              void waiting.refetch();
              void challenged.refetch();
            }}
          >
            Retry
          </Button>
        </div>
      )}

      {!loading && !error && items.length === 0 && (
        <div className="empty" data-testid="review-empty">
          <div className="empty-icon" aria-hidden="true">
            <InboxIcon width={24} height={24} />
          </div>
          <h2>Nothing waiting for your review</h2>
          <p>Meetings the team submits for review appear here.</p>
        </div>
      )}

      {!loading && !error && items.length > 0 && (
        <div className="review-split">
          <ul
            ref={listRef}
            className="review-list"
            role="listbox"
            aria-label="Meetings to review"
            aria-activedescendant={selectedId ? `review-${selectedId}` : undefined}
            tabIndex={0}
            data-testid="review-list"
          >
            <ReviewGroup title="Waiting for you" items={waitingList} selectedId={selectedId} onSelect={select} empty="Nothing waiting for your review" />
            {challengedList.length > 0 && (
              <ReviewGroup title="Challenged, waiting for the team" items={challengedList} selectedId={selectedId} onSelect={select} />
            )}
          </ul>

          {selected && (
            <ReviewDetail
              key={selected.id}
              summary={selected}
              view={view.data?.meeting.id === selected.id ? view.data : undefined}
              viewError={view.error?.message ?? null}
              box={box}
              gate={gate}
              approve={approve}
              challenge={challenge}
              decline={decline}
              refusal={refusal?.id === selected.id ? refusal.text : null}
              onApprove={approveNow}
              onAsk={askNow}
              onDecline={declineNow}
              onBox={(next) => (next ? setBox(next) : closeBox())}
              onAct={act}
            />
          )}
        </div>
      )}
    </div>
  );
}

function ReviewGroup({
  title,
  items,
  selectedId,
  onSelect,
  empty,
}: {
  title: string;
  items: readonly MeetingSummary[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  empty?: string;
}) {
  const id = useId();
  return (
    <li role="presentation" className="review-group">
      <p className="review-group-title" id={id}>
        {title} <span className="muted">{items.length}</span>
      </p>
      {items.length === 0 && empty && <p className="review-group-empty muted">{empty}</p>}
      <ul role="group" aria-labelledby={id} className="review-items">
        {items.map((m) => (
          <li
            key={m.id}
            id={`review-${m.id}`}
            role="option"
            aria-selected={m.id === selectedId}
            className={m.id === selectedId ? 'review-item review-item-selected' : 'review-item'}
            data-testid="review-item"
            data-id={m.id}
            onClick={() => onSelect(m.id)}
          >
            <span className="review-item-title">{m.title}</span>
            <span className="review-item-sub">
              {m.account_name} · {formatDayShort(splitLocal(m.starts_local).date)} {formatTimeRange(m.starts_local, m.ends_local)}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}

type Check = { ok: boolean; reason: string | null };

function ReviewDetail({
  summary,
  view,
  viewError,
  box,
  gate,
  approve,
  challenge,
  decline,
  refusal,
  onApprove,
  onAsk,
  onDecline,
  onBox,
  onAct,
}: {
  summary: MeetingSummary;
  view: MeetingView | undefined;
  viewError: string | null;
  box: Box | null;
  gate: ReturnType<typeof useGate>;
  approve: Check;
  challenge: Check;
  decline: Check;
  /** Why the last step asked for could not be taken. */
  refusal: string | null;
  onApprove: () => void;
  onAsk: () => void;
  onDecline: () => void;
  onBox: (box: Box | null) => void;
  onAct: (action: GateAction, body?: string) => Promise<boolean>;
}) {
  const navigate = useNavigate();
  const settings = useSettings();
  const brief = useQuery({ queryKey: briefKey(summary.id), queryFn: () => commands.briefPreview(summary.id) });
  const m = view?.meeting;
  const home = settings.data?.home_time_zone ?? browserZone();
  const homeLine = homeTimeLine(summary.starts_utc, summary.ends_utc, home, summary.time_zone, summary.starts_local);
  const ours = view?.attendees.filter((a) => a.side === 'ours') ?? [];
  const theirs = view?.attendees.filter((a) => a.side === 'theirs') ?? [];
  const asks = (m?.asks ?? '').split('\n').map((a) => a.trim()).filter(Boolean);

  const actionButton = (action: 'approve' | 'challenge' | 'decline', label: string, key: string, check: Check, run: () => void) => (
    <Button
      size="sm"
      variant={action === 'approve' ? 'primary' : 'secondary'}
      data-testid={`review-${action}`}
      aria-keyshortcuts={key}
      aria-disabled={!check.ok || undefined}
      className={check.ok ? undefined : 'btn-unavailable'}
      title={check.ok ? undefined : (check.reason ?? undefined)}
      pending={gate.pending === action}
      onClick={run}
    >
      {label}
      <kbd className="btn-kbd" aria-hidden="true">
        {key}
      </kbd>
    </Button>
  );

  return (
    <article className="review-detail panel" aria-labelledby="review-detail-title" data-testid="review-detail">
      <header className="review-detail-head">
        <div className="account-heading">
          <h2 id="review-detail-title" data-testid="review-title">
            {summary.title}
          </h2>
          <StateBadge state={view?.meeting.state ?? summary.state} testId="review-state" />
        </div>
        <div className="button-row">
          {actionButton('approve', 'Approve', 'A', approve, onApprove)}
          {actionButton('challenge', 'Ask a question', 'C', challenge, onAsk)}
          {actionButton('decline', 'Decline', 'D', decline, onDecline)}
          <Button
            size="sm"
            variant="ghost"
            data-testid="review-open"
            onClick={() => navigate({ page: 'meeting', id: summary.id, back: { page: 'review' } })}
          >
            Open meeting
          </Button>
        </div>
      </header>

      {box && (
        <ActionTextBox
          key={box}
          action={box}
          testId="review-text"
          keepKey={gateTextKey(summary.id, box)}
          pending={gate.pending === box}
          onCancel={() => onBox(null)}
          onSend={(text) => onAct(box, text)}
        />
      )}
      <GateProblemMessage problem={gate.problem} testId="review-problem" />
      {refusal && (
        <p className="form-error gate-problem" role="alert" data-testid="review-refused">
          {refusal}
        </p>
      )}

      <dl className="review-facts">
        <div>
          <dt>Who</dt>
          <dd>
            {summary.account_name} · {kindLabel(summary.kind)}
          </dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {formatLocalWhen(summary.starts_local, summary.ends_local)}{' '}
            <span className="muted">{zoneLabel(summary.time_zone, summary.starts_utc)}</span>
            {homeLine && <span className="review-home">{homeLine}</span>}
          </dd>
        </div>
        {summary.location && (
          <div>
            <dt>Where</dt>
            <dd>{summary.location}</dd>
          </div>
        )}
        <div>
          <dt>Attendees</dt>
          <dd>
            {view ? (
              <>
                {ours.length > 0 && <span className="review-people">Ours: {ours.map((a) => a.name).join(', ')}</span>}
                {theirs.length > 0 && <span className="review-people">Theirs: {theirs.map((a) => a.name).join(', ')}</span>}
                {ours.length + theirs.length === 0 && <span className="muted">Nobody yet</span>}
              </>
            ) : (
              attendeesText(summary)
            )}
          </dd>
        </div>
        <div>
          <dt>Objective</dt>
          <dd className="review-text">{m ? (m.objective ?? <span className="muted">Not written</span>) : '…'}</dd>
        </div>
        <div>
          <dt>Value proposition</dt>
          <dd className="review-text" data-testid="review-value">
            {m ? (m.value_proposition ?? <span className="muted">Not written</span>) : '…'}
          </dd>
        </div>
        <div>
          <dt>Asks</dt>
          <dd>
            {!m ? (
              '…'
            ) : asks.length === 0 ? (
              <span className="muted">None</span>
            ) : (
              <ul className="review-asks">
                {asks.map((a, i) => (
                  <li key={i}>{a}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {viewError && (
        <p className="form-error" role="alert">
          {viewError}
        </p>
      )}

      {view && (
        <section className="review-section" aria-label="Questions and answers">
          <h3 className="details-subhead">Questions and answers</h3>
          <Thread view={view} readOnly />
        </section>
      )}

      <section className="review-section" aria-label="Brief">
        <h3 className="details-subhead">Brief</h3>
        {brief.isPending && <p className="status-line">Preparing the brief…</p>}
        {brief.isError && <p className="form-error">{brief.error.message}</p>}
        {brief.data && <BriefPreview doc={brief.data} compact />}
      </section>
    </article>
  );
}
