import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import './tabs.css';

export type TabItem<T extends string> = {
  id: T;
  label: ReactNode;
  testId?: string;
  /** Shown as a hint after the label, e.g. "Ctrl+1". */
  shortcut?: string;
};

export function tabId(base: string, id: string): string {
  return `${base}-tab-${id}`;
}

export function panelId(base: string, id: string): string {
  return `${base}-panel-${id}`;
}

/** Props for the element that holds one tab's content. */
export function tabPanelProps(base: string, id: string, selected: string) {
  return {
    role: 'tabpanel',
    id: panelId(base, id),
    'aria-labelledby': tabId(base, id),
    hidden: id !== selected,
    tabIndex: 0,
  } as const;
}

/**
 * A WAI-ARIA tab strip with automatic activation: Left/Right (and Home/End)
 * move between tabs and show them; only the selected tab is a tab stop.
 */
export function Tabs<T extends string>({
  items,
  value,
  onChange,
  label,
  idBase,
}: {
  items: readonly TabItem<T>[];
  value: T;
  onChange: (id: T) => void;
  label: string;
  /** Prefix for the tab and panel ids; pair with `tabPanelProps`. */
  idBase: string;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());

  const move = (event: KeyboardEvent, index: number) => {
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % items.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    if (next === null) return;
    event.preventDefault();
    const item = items[next];
    if (!item) return;
    onChange(item.id);
    refs.current.get(item.id)?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {items.map((item, index) => {
        const selected = item.id === value;
        return (
          <button
            key={item.id}
            ref={(el) => {
              if (el) refs.current.set(item.id, el);
              else refs.current.delete(item.id);
            }}
            type="button"
            role="tab"
            id={tabId(idBase, item.id)}
            aria-selected={selected}
            aria-controls={panelId(idBase, item.id)}
            aria-keyshortcuts={item.shortcut?.replace('Ctrl', 'Control')}
            tabIndex={selected ? 0 : -1}
            className={selected ? 'tab tab-selected' : 'tab'}
            data-testid={item.testId}
            onClick={() => onChange(item.id)}
            onKeyDown={(event) => move(event, index)}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}
