import { useRef } from 'react';
import type { Meeting } from '../ipc';
import { useNavigate } from '../frame/routes';
import { useKeptState } from '../lib/keptState';
import { Button } from '../ui/Button';
import { PlusIcon } from '../ui/icons';
import { kindLabel } from './labels';
import { attendeesText } from './MeetingList';
import { MeetingForm } from './MeetingForm';
import { useMeetingList } from './queries';
import { StateBadge } from './StateBadge';
import { formatDayShort, formatTimeRange, splitLocal, todayDate, zoneLabel } from './time';
import './meetings.css';

/** An account's executive visits, upcoming first, and "Plan a visit" with the account filled in. */
export function AccountMeetings({ accountId, accountName }: { accountId: string; accountName: string }) {
  const navigate = useNavigate();
  const list = useMeetingList({ account_id: accountId });
  // A visit being planned is still open, with its text, after a visit elsewhere.
  const [planning, setPlanning] = useKeptState(`meeting-new-open:${accountId}`, false);
  const planRef = useRef<HTMLButtonElement>(null);
  const today = todayDate();

  const meetings = list.data ?? [];
  const upcoming = meetings.filter((m) => splitLocal(m.ends_local).date >= today);
  const past = meetings.filter((m) => splitLocal(m.ends_local).date < today).reverse();
  const open = (id: string) => navigate({ page: 'meeting', id, back: { page: 'account', id: accountId } });

  const close = () => {
    setPlanning(false);
    planRef.current?.focus();
  };

  const onCreated = (meeting: Meeting) => {
    setPlanning(false);
    open(meeting.id);
  };

  const table = (rows: typeof meetings, title: string, testId: string) => (
    <section className="section" aria-label={title} data-testid={testId}>
      <h3 className="details-subhead">{title}</h3>
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col" className="col-when">
                When (local)
              </th>
              <th scope="col">Meeting</th>
              <th scope="col" className="col-state">
                Review
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id} data-testid="account-meeting" data-id={m.id}>
                <td>
                  <span className="meeting-time">
                    {formatDayShort(splitLocal(m.starts_local).date)} {formatTimeRange(m.starts_local, m.ends_local)}
                  </span>
                  <span className="cell-sub">{zoneLabel(m.time_zone, m.starts_utc)}</span>
                </td>
                <td>
                  <button type="button" className="link-button meeting-row-title" data-testid="account-meeting-open" onClick={() => open(m.id)}>
                    {m.title}
                  </button>
                  <span className="cell-sub">
                    {kindLabel(m.kind)} · {attendeesText(m)}
                    {m.location && ` · ${m.location}`}
                  </span>
                </td>
                <td>
                  <StateBadge state={m.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );

  return (
    <section className="section" aria-labelledby="account-meetings-title">
      <div className="section-head">
        <div>
          <h2 id="account-meetings-title">Meetings</h2>
          <p className="section-sub" data-testid="account-meetings-count">
            {list.isSuccess ? `${upcoming.length} upcoming, ${past.length} past` : ''}
          </p>
        </div>
        <Button
          ref={planRef}
          size="sm"
          variant="primary"
          data-testid="plan-visit"
          aria-expanded={planning}
          onClick={() => setPlanning(true)}
        >
          <PlusIcon />
          Plan a visit
        </Button>
      </div>
      {planning && (
        <MeetingForm mode="create" presetAccount={{ id: accountId, name: accountName }} onCreated={onCreated} onCancel={close} />
      )}
      {list.isPending && <p className="status-line">Loading meetings…</p>}
      {list.isError && (
        <p className="form-error" role="alert">
          {list.error.message}
        </p>
      )}
      {list.isSuccess && meetings.length === 0 && !planning && (
        <p className="empty-note" data-testid="account-meetings-empty">
          No executive visits planned with {accountName} yet.
        </p>
      )}
      {upcoming.length > 0 && table(upcoming, 'Upcoming', 'account-meetings-upcoming')}
      {past.length > 0 && table(past, 'Past', 'account-meetings-past')}
    </section>
  );
}
