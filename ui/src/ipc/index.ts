// The one door from the UI to Rust. Components import commands and types from
// here; the generated bindings stay an implementation detail.
import { Channel } from '@tauri-apps/api/core';
import { commands as generated } from './bindings';
import type { Audience, ErrorCode, Exported, ExportProgress, PackRequest } from './bindings';

export type * from './bindings';
export { onBookChanged } from './events';
export type { BookChanged } from './events';
// The closed vocabularies, in the core's order (constants written by src-tauri/src/vocabularies.rs).
export {
  ACCOUNT_STATUSES,
  AUDIENCES,
  BLUEPRINT_STAGES,
  DECISION_ROLES,
  DIMENSIONS,
  DISPOSITIONS,
  FAILURES,
  FEEDBACK_CHANNELS,
  FEEDBACK_STATES,
  FLAGS,
  FUNCTIONS,
  GATE_ACTIONS,
  GOAL_STATUSES,
  IDEA_KINDS,
  INTERACTION_KINDS,
  MEETING_KINDS,
  MEETING_STATES,
  SIDES,
  STORY_KINDS,
  THANKS_HOW,
  TIERS,
} from './bindings';

// Kept in step with ErrorCode by the `satisfies` check below: adding a code
// in Rust fails typecheck here until the UI knows about it.
const ERROR_CODES = [
  'validation',
  'wrong_secret',
  'vault_missing',
  'vault_exists',
  'locked',
  'needs_secret',
  'keychain_unavailable',
  'not_found',
  'refused',
  'cancelled',
  'corrupt',
  'busy',
  'io',
  'internal',
] as const satisfies readonly ErrorCode[];
type MissingCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const _allCodesListed: [MissingCode] extends [never] ? true : MissingCode = true;

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Rust's messages also serve the CLI ("name: cannot be empty"); on screen they start a sentence. */
function asSentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** A failed command, with the closed error code the UI branches on. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  /** The input field the error is about (`name`, `passphrase`, …), if any. */
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.code = code;
    this.field = field;
  }

  /**
   * Whatever a command rejected with, as an AppError. An `{ code, message }`
   * object from Rust keeps its code (unknown codes become `internal`); anything
   * else (a thrown Error, Tauri's own string errors) is `internal`.
   */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (typeof error === 'object' && error !== null) {
      const { code, message, field } = error as Record<string, unknown>;
      if (typeof code === 'string' && typeof message === 'string' && !(error instanceof Error)) {
        return new AppError(
          isErrorCode(code) ? code : 'internal',
          asSentence(message),
          typeof field === 'string' ? field : null,
        );
      }
      if (error instanceof Error) return new AppError('internal', error.message || String(error));
    }
    if (typeof error === 'string' && error.length > 0) return new AppError('internal', error);
    return new AppError('internal', 'Something went wrong. Please try again.');
  }
}

type Generated = typeof generated;
type AnyCommand = (...args: unknown[]) => Promise<unknown>;

/** Every generated command, rejecting with an AppError instead of a raw value. */
export type Commands = {
  [K in keyof Generated]: (
    ...args: Parameters<Generated[K]>
  ) => Promise<Awaited<ReturnType<Generated[K]>>>;
};

function wrapAll(source: Generated): Commands {
  const wrapped: Record<string, AnyCommand> = {};
  for (const [name, command] of Object.entries(source) as [string, AnyCommand][]) {
    wrapped[name] = async (...args) => {
      try {
        return await command(...args);
      } catch (error) {
        throw AppError.from(error);
      }
    };
  }
  return wrapped as Commands;
}

export const commands: Commands = wrapAll(generated);

/**
 * Exports a meeting pack, reporting progress as Rust renders it. Rust asks
 * where to save first; null means the user closed that dialog. Rejects with
 * an AppError (code `cancelled` after `commands.exportCancel()`).
 */
export function exportPack(
  request: PackRequest,
  audience: Audience,
  onProgress: (progress: ExportProgress) => void,
): Promise<Exported | null> {
  const channel = new Channel<ExportProgress>(onProgress);
  return commands.packExport(request, audience, channel);
}

/**
 * Scores today's health for every account not scored yet today, reporting
 * progress per batch. Resolves with how many were scored; rejects with an
 * AppError (code `cancelled` when locking the vault stopped it).
 */
export function scorePortfolio(onProgress: (progress: ExportProgress) => void): Promise<number> {
  const channel = new Channel<ExportProgress>(onProgress);
  return commands.portfolioScore(channel);
}
