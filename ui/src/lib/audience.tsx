import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AUDIENCES, commands } from '../ipc';
import type { Audience } from '../ipc';
import './audience.css';

/** Who an exported document is for, as the export dialogs say it. */
export const AUDIENCE_LABELS: Record<Audience, string> = {
  executive: 'Executive only',
  internal: 'Internal',
  shareable: 'Customer (shareable)',
};

/** What each audience leaves out, for the choice's title. */
export const AUDIENCE_HINTS: Record<Audience, string> = {
  executive: 'Everything, personal ties and private notes included',
  internal: 'For our own people: no personal-tie details, nothing marked private',
  shareable: 'For the customer: no analysis, health, dispositions, internal notes or other customers',
};

const KEY = ['export-audience'] as const;

/**
 * The audience of the next export: the one last exported for (Rust remembers
 * it in the vault's settings on every export) until the user picks another.
 * Call `exported()` after an export so every dialog offers it next time.
 */
export function useAudience() {
  const queryClient = useQueryClient();
  const remembered = useQuery({ queryKey: KEY, queryFn: () => commands.exportAudienceGet() });
  const [chosen, setChosen] = useState<Audience | null>(null);
  const audience: Audience = chosen ?? remembered.data ?? 'executive';
  const exported = () => void queryClient.invalidateQueries({ queryKey: KEY });
  return { audience, choose: setChosen, exported };
}

/** The audience choice of an export dialog. */
export function AudienceSelect({
  value,
  onChange,
  testId,
  disabled = false,
}: {
  value: Audience;
  onChange: (audience: Audience) => void;
  testId: string;
  disabled?: boolean;
}) {
  return (
    <label className="audience-select" title={AUDIENCE_HINTS[value]}>
      <span className="audience-select-label">For</span>
      <select
        className="input select"
        data-testid={testId}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(AUDIENCES.find((a) => a === e.target.value) ?? 'executive')}
      >
        {AUDIENCES.map((a) => (
          <option key={a} value={a} title={AUDIENCE_HINTS[a]}>
            {AUDIENCE_LABELS[a]}
          </option>
        ))}
      </select>
    </label>
  );
}
