// Test helper: answers IPC calls from a table of handlers, records every call,
// and lets tests reject the way Rust does (with an `{ code, message, field }`).
// Lives in src/ipc so tests never import @tauri-apps/api themselves.
import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { IpcError, ErrorCode } from './bindings';

export type IpcCall = { cmd: string; args: Record<string, unknown> | undefined };
export type IpcHandler = (args: Record<string, unknown> | undefined) => unknown;

/**
 * Routes each command (snake_case, as Rust names it) to a handler. A handler
 * may return a value, a promise, or throw; a command with no handler rejects,
 * so a test never passes by calling something it did not expect.
 */
export function mockCommands(handlers: Record<string, IpcHandler>): IpcCall[] {
  const calls: IpcCall[] = [];
  mockIPC((cmd, payload) => {
    const args = payload as Record<string, unknown> | undefined;
    calls.push({ cmd, args });
    const handler = handlers[cmd];
    if (!handler) {
      return ipcFailure('internal', `unmocked command ${cmd}`);
    }
    return handler(args);
    // Events (listen, emit) are handled by the mock itself and never reach the table.
  }, { shouldMockEvents: true });
  return calls;
}

/** What the core sends after a committed write, as the shell emits it. */
export function emitBookChanged(change: { last_seq?: number; entities: string[]; account_ids?: string[] }): Promise<void> {
  return emit('book-changed', { last_seq: change.last_seq ?? 1, entities: change.entities, account_ids: change.account_ids ?? [] });
}

/** The error object Rust sends when a command fails. */
export function ipcError(code: ErrorCode, message: string, field: string | null = null): IpcError {
  return { code, message, field };
}

/** A handler's way to fail as Rust does: reject with the error object. */
export function ipcFailure(code: ErrorCode, message: string, field: string | null = null): Promise<never> {
  // Rust rejects with a plain object, not an Error; tests must see the same.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return Promise.reject(ipcError(code, message, field));
}

/** Calls made to one command, in order. */
export function callsTo(calls: IpcCall[], cmd: string): IpcCall[] {
  return calls.filter((call) => call.cmd === cmd);
}

/**
 * Sends messages on a Channel a command was given (e.g. `args.progress` of
 * pack_export), as Rust would: in order, through the mocked IPC callbacks.
 */
export function channelSender<T>(channel: unknown): (message: T) => void {
  const id = (channel as { id?: unknown } | null)?.id;
  if (typeof id !== 'number') throw new Error('not a Channel: pass the argument the command received');
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
  let index = 0;
  return (message: T) => internals.runCallback(id, { index: index++, message });
}

export { clearMocks };
