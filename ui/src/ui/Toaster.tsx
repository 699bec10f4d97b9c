import { useEffect, useRef, useState } from 'react';
import { isTypingTarget } from '../lib/keyboard';
import { matches, useKeydown } from '../lib/shortcuts';
import { dismissToast, registerAppHost, useToastStore } from './toast';
import type { Toast } from './toast';
import './toaster.css';

/**
 * Shows the messages raised with `showToast`. Mount one in the app frame; a
 * page may also mount a `fallback` one, which stays empty while the frame's is
 * there. Ctrl+Z (Cmd+Z) runs the newest Undo when the user is not typing.
 */
export function Toaster({ fallback = false }: { fallback?: boolean }) {
  const { toasts, appHosts } = useToastStore();
  const active = fallback ? appHosts === 0 : true;

  useEffect(() => (fallback ? undefined : registerAppHost()), [fallback]);

  useKeydown(
    (event) => {
      if (!matches('undo', event)) return;
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      const undo = [...toasts].reverse().find((t) => t.action?.label === 'Undo');
      if (!undo?.action) return;
      event.preventDefault();
      dismissToast(undo.id);
      void undo.action.run();
    },
    { enabled: active },
  );

  if (!active) return null;
  return (
    <div className="toaster" role="region" aria-label="Notifications">
      <ol className="toaster-list" aria-live="polite">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </ol>
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const [paused, setPaused] = useState(false);
  const ref = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (paused) return;
    const timer = window.setTimeout(() => dismissToast(toast.id), toast.duration);
    return () => window.clearTimeout(timer);
  }, [paused, toast.id, toast.duration]);

  return (
    <li
      ref={ref}
      className={`toast toast-${toast.tone}`}
      data-testid="toast"
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(ref.current?.contains(document.activeElement) ?? false)}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setPaused(false);
      }}
    >
      <span className="toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          data-testid={toast.action.testId ?? 'toast-action'}
          aria-keyshortcuts={toast.action.label === 'Undo' ? 'Control+Z' : undefined}
          onClick={() => {
            dismissToast(toast.id);
            void toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button
        type="button"
        className="toast-close"
        aria-label="Dismiss"
        data-testid="toast-dismiss"
        onClick={() => dismissToast(toast.id)}
      >
        ×
      </button>
    </li>
  );
}
