import { useId } from 'react';
import type { Side } from '../ipc';
import { Button } from '../ui/Button';
import { SIDE_LABEL } from './labels';
import './commitments.css';

/** One promise typed under an interaction, before it is recorded with it. */
export type PromiseDraft = { key: string; side: Side; what: string; due_on: string };

let nextKey = 1;

/**
 * Promises made in an interaction, one line each ("We / They promised … by …"),
 * inside the interaction's own form and recorded with it. A line left blank is
 * not recorded.
 */
export function PromiseDrafts({ drafts, onChange }: { drafts: readonly PromiseDraft[]; onChange: (next: PromiseDraft[]) => void }) {
  const id = useId();
  const set = (key: string, change: Partial<PromiseDraft>) =>
    onChange(drafts.map((d) => (d.key === key ? { ...d, ...change } : d)));
  return (
    <fieldset className="promise-drafts" data-testid="interaction-promises">
      <legend className="field-label">Promises made</legend>
      {drafts.length > 0 && (
        <ul className="commitment-list">
          {drafts.map((d, n) => (
            <li key={d.key} className="commitment-line" data-testid="promise-draft">
              <select
                className="input select commitment-side"
                aria-label={`Promise ${n + 1}: who promised`}
                data-testid="promise-draft-side"
                value={d.side}
                onChange={(event) => set(d.key, { side: event.target.value as Side })}
              >
                <option value="ours">{SIDE_LABEL.ours}</option>
                <option value="theirs">{SIDE_LABEL.theirs}</option>
              </select>
              <span className="commitment-word">promised</span>
              <input
                id={`${id}-what-${d.key}`}
                className="input commitment-what"
                aria-label={`Promise ${n + 1}: what`}
                placeholder="what, in a few words"
                data-testid="promise-draft-what"
                value={d.what}
                onChange={(event) => set(d.key, { what: event.target.value })}
              />
              <span className="commitment-word">by</span>
              <input
                type="date"
                className="input commitment-due"
                aria-label={`Promise ${n + 1}: by when (optional)`}
                data-testid="promise-draft-due"
                value={d.due_on}
                onChange={(event) => set(d.key, { due_on: event.target.value })}
              />
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove promise ${n + 1}`}
                data-testid="promise-draft-remove"
                onClick={() => onChange(drafts.filter((x) => x.key !== d.key))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button
        size="sm"
        variant="ghost"
        data-testid="promise-draft-add"
        onClick={() => onChange([...drafts, { key: `p${nextKey++}`, side: 'ours', what: '', due_on: '' }])}
      >
        + Add a promise
      </Button>
    </fieldset>
  );
}
