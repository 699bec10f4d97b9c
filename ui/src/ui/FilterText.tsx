import type { KeyboardEvent, Ref } from 'react';
import { SearchIcon } from './icons';

/**
 * A list's text filter: Escape clears it, ArrowDown moves to the list
 * (`onFocusList`). Used by the account list and the portfolio.
 */
export function FilterText({
  value,
  onChange,
  onFocusList,
  label,
  placeholder,
  testId,
  ref,
}: {
  ref?: Ref<HTMLInputElement>;
  value: string;
  onChange: (text: string) => void;
  onFocusList: () => void;
  label: string;
  placeholder: string;
  testId: string;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && value) {
      event.preventDefault();
      event.stopPropagation();
      onChange('');
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      onFocusList();
    }
  };
  return (
    <div className="filter-text">
      <SearchIcon className="filter-text-icon" />
      <input
        ref={ref}
        type="search"
        className="input"
        data-testid={testId}
        aria-label={label}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
