import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { Flag, Person, Tier } from '../ipc';
import { Button } from '../ui/Button';
import { FilterText } from '../ui/FilterText';
import { FLAGS } from './flags';
import type { Filters } from './query';
import { TIERS } from './tier';

type Props = {
  /** The name filter as typed; the list follows it after a short pause. */
  text: string;
  onTextChange: (text: string) => void;
  filters: Filters;
  onChange: (change: Partial<Filters>) => void;
  onClear: () => void;
  active: boolean;
  people: Person[];
  /** Arrow Down in the name filter moves to the list. */
  onFocusList: () => void;
};

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

export function AccountFilters({ text, onTextChange, filters, onChange, onClear, active, people, onFocusList }: Props) {
  const personOptions = people.map((person) => (
    <option key={person.id} value={person.id}>
      {person.active ? person.name : `${person.name} (left)`}
    </option>
  ));

  return (
    <div className="account-filters" role="search" aria-label="Filter accounts" data-testid="accounts-filters">
      <FilterText
        value={text}
        onChange={onTextChange}
        onFocusList={onFocusList}
        label="Filter by name"
        placeholder="Filter by name"
        testId="accounts-filter-text"
      />

      <div className="chip-group" role="group" aria-label="Tier">
        {TIERS.map((tier) => {
          const on = filters.tiers.includes(tier.value);
          return (
            <button
              key={tier.value}
              type="button"
              className={on ? `chip chip-on chip-${tier.value}` : 'chip'}
              aria-pressed={on}
              data-testid={`accounts-filter-tier-${tier.value}`}
              onClick={() => onChange({ tiers: toggle<Tier>(filters.tiers, tier.value) })}
            >
              {tier.label}
            </button>
          );
        })}
      </div>

      <select
        className="input select filter-select"
        aria-label="Owner"
        data-testid="accounts-filter-owner"
        value={filters.owner_id ?? ''}
        onChange={(event) => onChange({ owner_id: event.target.value || null })}
      >
        <option value="">Any owner</option>
        {personOptions}
      </select>

      <select
        className="input select filter-select"
        aria-label="Sponsor"
        data-testid="accounts-filter-sponsor"
        value={filters.sponsor_id ?? ''}
        onChange={(event) => onChange({ sponsor_id: event.target.value || null })}
      >
        <option value="">Any sponsor</option>
        {personOptions}
      </select>

      <FlagFilter value={filters.flags} onChange={(flags) => onChange({ flags })} />

      {active && (
        <Button size="sm" variant="ghost" data-testid="accounts-clear-filters" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

/** A disclosure with a checkbox per flag: accounts with any of the ticked flags. */
function FlagFilter({ value, onChange }: { value: Flag[]; onChange: (flags: Flag[]) => void }) {
  const detailsRef = useRef<HTMLDetailsElement>(null);

  // A click anywhere else closes it, as a menu would.
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const details = detailsRef.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    const details = detailsRef.current;
    if (event.key !== 'Escape' || !details?.open) return;
    event.preventDefault();
    event.stopPropagation();
    details.open = false;
    details.querySelector('summary')?.focus();
  };

  return (
    <details ref={detailsRef} className="flag-filter" data-testid="accounts-filter-flags" onKeyDown={onKeyDown}>
      <summary className={value.length > 0 ? 'chip chip-on' : 'chip'}>
        {value.length > 0 ? `Flags · ${value.length}` : 'Flags'}
      </summary>
      <fieldset className="flag-filter-menu">
        <legend className="visually-hidden">Show accounts with any of these flags</legend>
        {FLAGS.map((flag) => (
          <label key={flag.value} className="checkbox flag-filter-option">
            <input
              type="checkbox"
              data-testid={`accounts-filter-flag-${flag.value}`}
              checked={value.includes(flag.value)}
              onChange={() => onChange(toggle(value, flag.value))}
            />
            <span className={flag.critical ? 'flag-filter-critical' : undefined}>{flag.label}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}
