// A small store for transient messages ("Moved to the trash. Undo"). It lives
// outside React so a message can outlive the page that raised it: deleting an
// account leaves the account page, and the Undo must still be there.
import { useSyncExternalStore } from 'react';

export type ToastAction = {
  label: string;
  run: () => unknown;
  testId?: string;
};

export type Toast = {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action: ToastAction | null;
  /** Milliseconds on screen; paused while hovered or focused. */
  duration: number;
};

type Snapshot = { toasts: readonly Toast[]; appHosts: number };

let snapshot: Snapshot = { toasts: [], appHosts: 0 };
let nextId = 1;
const listeners = new Set<() => void>();

function set(next: Partial<Snapshot>) {
  snapshot = { ...snapshot, ...next };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Three at most: older ones are no longer what the user is thinking about.
const MAX_TOASTS = 3;

export function showToast(toast: {
  message: string;
  tone?: Toast['tone'];
  action?: ToastAction;
  duration?: number;
}): number {
  const id = nextId++;
  const entry: Toast = {
    id,
    message: toast.message,
    tone: toast.tone ?? 'info',
    action: toast.action ?? null,
    duration: toast.duration ?? (toast.action ? 10_000 : 5_000),
  };
  set({ toasts: [...snapshot.toasts, entry].slice(-MAX_TOASTS) });
  return id;
}

export function dismissToast(id: number): void {
  if (snapshot.toasts.some((t) => t.id === id)) set({ toasts: snapshot.toasts.filter((t) => t.id !== id) });
}

/** Test helper: forget every message. */
export function clearToasts(): void {
  set({ toasts: [] });
}

/** An app-level host takes over from page-level fallbacks while it is mounted. */
export function registerAppHost(): () => void {
  set({ appHosts: snapshot.appHosts + 1 });
  return () => set({ appHosts: snapshot.appHosts - 1 });
}

export function useToastStore(): Snapshot {
  return useSyncExternalStore(subscribe, () => snapshot, () => snapshot);
}
