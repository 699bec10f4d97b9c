import { useId, useState } from 'react';
import type { Ref } from 'react';
import type { ControlProps } from '../ui/Field';

export type ComboOption = { value: string; label: string; detail?: string | null };

/**
 * A text box that searches a list: type to narrow, ↑/↓ to move, Enter to
 * pick, Escape to put back what was chosen. Leaving the box without picking
 * keeps the previous choice, so a half-typed word never becomes the value.
 */
export function Combobox({
  a11y,
  selectedLabel,
  options,
  onQueryChange,
  onPick,
  placeholder,
  testId,
  ref,
  loading = false,
  emptyText = 'Nothing matches.',
  disabled = false,
}: {
  a11y: ControlProps;
  /** What the box shows when the user is not typing. */
  selectedLabel: string;
  options: readonly ComboOption[];
  onQueryChange: (text: string) => void;
  onPick: (option: ComboOption) => void;
  placeholder?: string;
  testId?: string;
  ref?: Ref<HTMLInputElement>;
  loading?: boolean;
  emptyText?: string;
  disabled?: boolean;
}) {
  const listId = useId();
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const shown = text ?? selectedLabel;
  const activeIndex = Math.min(active, Math.max(options.length - 1, 0));
  const activeOption = options[activeIndex];

  const close = () => {
    setOpen(false);
    setText(null);
    onQueryChange('');
  };

  const pick = (option: ComboOption) => {
    onPick(option);
    close();
  };

  return (
    <div className="combobox">
      <input
        {...a11y}
        ref={ref}
        className="input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && activeOption ? `${listId}-${activeIndex}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        data-testid={testId}
        disabled={disabled}
        value={shown}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
          onQueryChange(event.target.value);
        }}
        onFocus={(event) => event.currentTarget.select()}
        onClick={() => setOpen(true)}
        onBlur={close}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            if (!open) setOpen(true);
            else setActive((i) => Math.min(i + 1, options.length - 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (event.key === 'Enter') {
            if (open && activeOption) {
              event.preventDefault();
              pick(activeOption);
            }
          } else if (event.key === 'Escape') {
            if (open || text !== null) {
              event.preventDefault();
              event.stopPropagation();
              close();
            }
          } else if (event.key === 'Tab' && open && text !== null && activeOption) {
            // Tabbing out of a narrowed list takes the highlighted choice.
            pick(activeOption);
          }
        }}
      />
      {open && (
        <ul className="combobox-list" id={listId} role="listbox" data-testid={testId ? `${testId}-options` : undefined}>
          {options.length === 0 && <li className="combobox-empty">{loading ? 'Searching…' : emptyText}</li>}
          {options.map((option, index) => (
            <li
              key={option.value}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'combobox-option combobox-option-active' : 'combobox-option'}
              data-value={option.value}
              // Keeps the focus in the box, so the click picks instead of blurring.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(option)}
            >
              <span>{option.label}</span>
              {option.detail && <span className="combobox-detail">{option.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Zones whose name contains every word typed ("new york", "oslo"), at most `limit`. */
export function filterZones(zones: readonly string[], query: string, limit = 80): string[] {
  const words = query.toLowerCase().replace(/_/g, ' ').split(/[\s/]+/).filter(Boolean);
  const found: string[] = [];
  for (const zone of zones) {
    const name = zone.toLowerCase().replace(/_/g, ' ');
    if (words.every((w) => name.includes(w))) {
      found.push(zone);
      if (found.length >= limit) break;
    }
  }
  return found;
}
