// Events from the core, typed. Like commands, they reach components only through src/ipc.
import { listen } from '@tauri-apps/api/event';

/**
 * Sent after each committed write to the book (the change log's view of it):
 * the last change's sequence number, the kinds of entity it touched (the change
 * log's nouns: "account", "meeting_attendee", …) and the accounts concerned.
 */
export type BookChanged = { last_seq: number; entities: string[]; account_ids: string[] };

/** Calls `handler` for every `book-changed` event until the returned function is called. */
export function onBookChanged(handler: (change: BookChanged) => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  listen<BookChanged>('book-changed', (event) => handler(event.payload)).then(
    (unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    },
    // Without the shell (a test with no event mock), there is nothing to hear.
    () => undefined,
  );
  return () => {
    stopped = true;
    stop?.();
  };
}
