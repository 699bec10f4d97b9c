import { useEffect, useId, useRef } from 'react';
import { Button } from '../ui/Button';
import { shortcutGroups, useKeydown } from '../lib/shortcuts';
import './frame.css';

/** Help → Keyboard Shortcuts (or F1, or ?): every shortcut in lib/shortcuts, by where it works. Esc or Close shuts it. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const before = document.activeElement;
    closeRef.current?.focus();
    return () => {
      if (before instanceof HTMLElement) before.focus();
    };
  }, []);

  useKeydown(
    (event) => {
      if (event.key !== 'Escape') return;
      // The dialog is on top: Escape is its own, not the page's "back".
      event.preventDefault();
      event.stopPropagation();
      onClose();
    },
    { capture: true },
  );

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        className="dialog panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid="shortcuts-dialog"
        onClick={(event) => event.stopPropagation()}
      >
        <div className="section-head">
          <h2 id={`${id}-title`}>Keyboard shortcuts</h2>
          <Button ref={closeRef} size="sm" variant="ghost" data-testid="shortcuts-close" onClick={onClose}>
            Close
          </Button>
        </div>
        <div className="shortcut-groups">
          {shortcutGroups().map((group) => (
            <section key={group.title} className="shortcut-group" aria-label={group.title}>
              <h3 className="details-subhead">{group.title}</h3>
              <dl className="shortcut-list">
                {group.shortcuts.map((s) => (
                  <div key={s.what} className="shortcut-row">
                    <dt>
                      {s.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' '}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{s.what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
