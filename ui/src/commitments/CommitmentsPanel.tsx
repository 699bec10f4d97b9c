import { useId, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { Commitment, CommitmentOutcome, CommitmentQuery } from '../ipc';
import { useRefresh } from '../lib/refresh';
import { Button } from '../ui/Button';
import { showToast } from '../ui/toast';
import { CommitmentLine, lineInput } from './CommitmentLine';
import type { PromiseParty } from './CommitmentLine';
import { standing, STATUS_LABEL } from './labels';
import { useCommitments } from './queries';
import './commitments.css';

/**
 * What was promised in one meeting (or one interaction, or at one account):
 * each promise in a line with where it stands, kept or dropped with a click,
 * and a line to record another. A meeting's follow-up is where most are made.
 */
export function CommitmentsPanel({
  accountId,
  meetingId = null,
  interactionId = null,
  madeOn = null,
  people,
  title = 'Promises',
  canAdd = true,
}: {
  accountId: string;
  meetingId?: string | null;
  interactionId?: string | null;
  /** The day they were made (the meeting's); blank for today. */
  madeOn?: string | null;
  people: readonly PromiseParty[];
  title?: string;
  canAdd?: boolean;
}) {
  const id = useId();
  const query: CommitmentQuery = {
    account_id: meetingId || interactionId ? null : accountId,
    meeting_id: meetingId,
    interaction_id: interactionId,
    open_only: false,
  };
  const list = useCommitments(query);
  const refresh = useRefresh();
  const changed = () => refresh({ entities: ['commitment'], account_ids: [accountId] });

  const add = async (values: Parameters<typeof lineInput>[0]) => {
    await commands.commitmentCreate(lineInput(values, { accountId, meetingId, interactionId, madeOn }));
    await changed();
  };

  return (
    <section className="panel commitments-panel" aria-labelledby={`${id}-title`} data-testid="commitments-panel">
      <h2 className="panel-title" id={`${id}-title`}>
        {title}
      </h2>
      {list.isError && (
        <p className="field-error" role="alert">
          {AppError.from(list.error).message}
        </p>
      )}
      {list.data && list.data.length === 0 && <p className="muted">No promise recorded here yet.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="commitment-list" data-testid="commitment-list">
          {list.data.map((c) => (
            <CommitmentRow key={c.id} commitment={c} onChanged={changed} />
          ))}
        </ul>
      )}
      {canAdd && <CommitmentLine people={people} onAdd={add} />}
    </section>
  );
}

function CommitmentRow({ commitment: c, onChanged }: { commitment: Commitment; onChanged: () => Promise<void> }) {
  const [dropping, setDropping] = useState(false);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const settle = async (outcome: CommitmentOutcome) => {
    setPending(true);
    setProblem(null);
    try {
      await commands.commitmentSettle(c.id, outcome);
      setDropping(false);
      await onChanged();
    } catch (error) {
      setProblem(AppError.from(error).message);
    } finally {
      setPending(false);
    }
  };

  const remove = async () => {
    try {
      await commands.commitmentRemove(c.id);
      await onChanged();
      showToast({ message: 'Promise removed.' });
    } catch (error) {
      setProblem(AppError.from(error).message);
    }
  };

  const owed = c.status === 'open' || c.status === 'late';
  return (
    <li className="commitment-row" data-testid="commitment-row" data-status={c.status} data-id={c.id}>
      <span className={`badge commitment-status commitment-status-${c.status}`}>{STATUS_LABEL[c.status]}</span>
      <span className="commitment-sentence" data-testid="commitment-sentence">
        {c.sentence}
      </span>
      <span className="muted commitment-standing">{standing(c)}</span>
      <span className="button-row commitment-actions">
        {owed && (
          <>
            <Button size="sm" data-testid="commitment-keep" pending={pending} onClick={() => void settle({ action: 'keep', on: '' })}>
              Kept
            </Button>
            <Button size="sm" variant="ghost" data-testid="commitment-drop" aria-expanded={dropping} onClick={() => setDropping((d) => !d)}>
              Drop…
            </Button>
          </>
        )}
        {!owed && (
          <Button size="sm" variant="ghost" data-testid="commitment-reopen" pending={pending} onClick={() => void settle({ action: 'reopen' })}>
            Reopen
          </Button>
        )}
        <Button size="sm" variant="ghost" data-testid="commitment-remove" aria-label={`Remove: ${c.what}`} onClick={() => void remove()}>
          Remove
        </Button>
      </span>
      {dropping && (
        <span className="commitment-drop">
          <input
            className="input"
            aria-label="Why it was dropped"
            placeholder="why it was dropped"
            data-testid="commitment-drop-reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                void settle({ action: 'drop', reason });
              }
            }}
          />
          <Button size="sm" data-testid="commitment-drop-send" pending={pending} onClick={() => void settle({ action: 'drop', reason })}>
            Drop
          </Button>
        </span>
      )}
      {problem && (
        <p className="field-error" role="alert" data-testid="commitment-row-error">
          {problem}
        </p>
      )}
    </li>
  );
}
