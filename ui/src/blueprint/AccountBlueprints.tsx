import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useFieldErrors, useRegisterOpenForm } from '../account/formKit';
import { commands } from '../ipc';
import { Form } from '../lib/form';
import type { BlueprintSummary } from '../ipc';
import { useNavigate } from '../frame/routes';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { AlertIcon, PlusIcon } from '../ui/icons';
import { nextYear, percentText, periodText, stageLabel } from './labels';
import { refresh } from '../lib/refresh';
import { blueprintViewKey, useBlueprintList } from './queries';
import './blueprint.css';

/** An account's blueprints, newest period first, and a new one for the next period. */
export function AccountBlueprints({ accountId, accountName }: { accountId: string; accountName: string }) {
  const navigate = useNavigate();
  const list = useBlueprintList(accountId);
  const [creating, setCreating] = useState(false);
  const newRef = useRef<HTMLButtonElement>(null);
  const open = (id: string) => navigate({ page: 'blueprint', id, back: { page: 'account', id: accountId } });
  const rows = list.data ?? [];

  const close = () => {
    setCreating(false);
    newRef.current?.focus();
  };

  return (
    <section className="section" aria-labelledby="account-blueprints-title">
      <div className="section-head">
        <div>
          <h2 id="account-blueprints-title">Blueprint</h2>
          <p className="section-sub">What could we accomplish if we had a better relationship with {accountName}?</p>
        </div>
        <Button
          ref={newRef}
          size="sm"
          variant="primary"
          data-testid="new-blueprint"
          aria-expanded={creating}
          onClick={() => setCreating(true)}
        >
          <PlusIcon />
          New blueprint
        </Button>
      </div>
      {creating && <NewBlueprintForm accountId={accountId} onCancel={close} onCreated={open} />}
      {list.isPending && <p className="status-line">Loading blueprints…</p>}
      {list.isError && (
        <p className="form-error" role="alert">
          {list.error.message}
        </p>
      )}
      {list.isSuccess && rows.length === 0 && !creating && (
        <p className="empty-note" data-testid="account-blueprints-empty">
          No blueprint for {accountName} yet.
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="account-blueprints">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Stage</th>
                <th scope="col">Revision</th>
                <th scope="col">Ideas</th>
                <th scope="col">Goals</th>
                <th scope="col">Progress</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <Row key={b.id} summary={b} onOpen={() => open(b.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Row({ summary: b, onOpen }: { summary: BlueprintSummary; onOpen: () => void }) {
  return (
    <tr data-testid="account-blueprint" data-id={b.id}>
      <td>
        <button type="button" className="link-button" data-testid="account-blueprint-open" onClick={onOpen}>
          {periodText(b.period)}
        </button>
      </td>
      <td>
        <span className="badge" data-testid="account-blueprint-stage">
          {stageLabel(b.stage)}
        </span>
      </td>
      <td>
        {b.revision}
        {b.approved_revision !== null && <span className="cell-sub">{`revision ${b.approved_revision} approved`}</span>}
      </td>
      <td>{b.ideas}</td>
      <td>
        {b.goals}
        {b.overdue_goals > 0 && (
          <span className="flag-warn bp-overdue-inline" data-testid="account-blueprint-overdue">
            <AlertIcon width={12} height={12} />
            {b.overdue_goals} overdue
          </span>
        )}
      </td>
      <td data-testid="account-blueprint-progress">{percentText(b.progress)}</td>
    </tr>
  );
}

const FIELDS = ['starts_on', 'ends_on', 'question', 'period', 'account_id'] as const;

function NewBlueprintForm({
  accountId,
  onCancel,
  onCreated,
}: {
  accountId: string;
  onCancel: () => void;
  onCreated: (id: string) => void;
}) {
  useRegisterOpenForm();
  const base = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => ({ ...nextYear(), question: '' }));
  const [busy, setBusy] = useState(false);
  const form = useFieldErrors(FIELDS);
  const { errors, formError, bind, fail, clear } = form;

  const create = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const view = await commands.blueprintCreate({
        account_id: accountId,
        starts_on: values.starts_on,
        ends_on: values.ends_on,
        question: values.question.trim() === '' ? null : values.question,
      });
      queryClient.setQueryData(blueprintViewKey(view.blueprint.id), view);
      void refresh(queryClient, { entities: ['blueprint'], account_ids: [accountId] }, [blueprintViewKey(view.blueprint.id)]);
      onCreated(view.blueprint.id);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const periodError = errors.period ?? errors.starts_on ?? null;
  return (
    <Form form={form} className="panel form-panel" data-testid="blueprint-form" busy={busy} onSubmit={create} onCancel={onCancel}>
      <h3 className="panel-title">New blueprint</h3>
      <div className="details-grid">
        <Field
          id={`${base}-starts`}
          label="Period starts"
          error={periodError}
          errorTestId="blueprint-error-period"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('starts_on')}
              type="date"
              className="input"
              data-testid="blueprint-starts"
              value={values.starts_on}
              onChange={(e) => {
                setValues({ ...values, starts_on: e.target.value });
                clear('starts_on');
                clear('period');
              }}
            />
          )}
        />
        <Field
          id={`${base}-ends`}
          label="Period ends"
          error={errors.ends_on}
          errorTestId="blueprint-error-ends_on"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('ends_on')}
              type="date"
              className="input"
              data-testid="blueprint-ends"
              value={values.ends_on}
              onChange={(e) => {
                setValues({ ...values, ends_on: e.target.value });
                clear('ends_on');
                clear('period');
              }}
            />
          )}
        />
        <div className="details-wide">
          <Field
            id={`${base}-question`}
            label="Question"
            optional
            error={errors.question}
            errorTestId="blueprint-error-question"
            hint="Leave it blank for ours: what could we achieve together if our relationship with this customer were stronger?"
            control={(a11y) => (
              <input
                {...a11y}
                ref={bind('question')}
                className="input"
                data-testid="blueprint-question-input"
                value={values.question}
                onChange={(e) => {
                  setValues({ ...values, question: e.target.value });
                  clear('question');
                }}
              />
            )}
          />
        </div>
      </div>
      <FormError message={formError ?? errors.account_id ?? null} testId="blueprint-form-error" />
      <div className="form-actions">
        <Button data-testid="blueprint-cancel" disabled={busy} onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" data-testid="blueprint-create" pending={busy} pendingLabel="Starting…" aria-keyshortcuts="Control+Enter">
          Start the blueprint
          <kbd className="btn-kbd" aria-hidden="true">
            Ctrl ↵
          </kbd>
        </Button>
      </div>
    </Form>
  );
}
