import { useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { AppError, scorePortfolio } from '../ipc';
import { formatCount } from '../accounts/format';
import { todayKey } from '../today/queries';
import { portfolioKey } from './queries';
import './portfolio.css';

/** The background job that records today's health for every account not scored yet today. */
export type ScoringState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; scored: number }
  | { phase: 'failed'; message: string };

export type Scoring = {
  state: ScoringState;
  /** Starts a run; while one runs, another follows it (new accounts may have come in meanwhile). */
  start: () => void;
};

/** What fresh scores change: the portfolio, Today, and every account's care view. */
const REFRESHED: readonly (readonly string[])[] = [portfolioKey, todayKey, ['care']];

/**
 * The job and its state, outside React: progress reaches only the parts that
 * show it (the sidebar line, the portfolio's stale count), not the whole frame.
 */
export class ScoringJob {
  private state: ScoringState = { phase: 'idle' };
  private readonly listeners = new Set<() => void>();
  private running = false;
  private again = false;
  private stopped = false;
  private started = false;

  constructor(private readonly queryClient: QueryClient) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): ScoringState => this.state;

  private set(state: ScoringState) {
    if (this.stopped) return;
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  /** The first start of this job's life (once per unlock); later calls do nothing. */
  startOnce(): void {
    if (this.started) return;
    this.started = true;
    this.start();
  }

  readonly start = (): void => {
    if (this.stopped) return;
    this.started = true;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  };

  /** The frame is gone (the vault locked): say nothing more, refresh nothing. */
  detach(): void {
    this.stopped = true;
  }

  /** The frame is (back) on screen; strict mode detaches and attaches once on mount. */
  attach(): void {
    this.stopped = false;
  }

  private async run(): Promise<void> {
    this.running = true;
    do {
      this.again = false;
      this.set({ phase: 'running', done: 0, total: 0 });
      let progressed = false;
      try {
        const scored = await scorePortfolio((progress) => {
          progressed = progressed || progress.done > 0;
          this.set({ phase: 'running', done: progress.done, total: progress.total });
        });
        progressed = progressed || scored > 0;
        this.set({ phase: 'done', scored });
      } catch (caught) {
        const error = AppError.from(caught);
        // Cancelled: locking the vault stopped it; there is nothing to retry.
        this.set(
          error.code === 'cancelled' || error.code === 'locked'
            ? { phase: 'idle' }
            : { phase: 'failed', message: error.message },
        );
      }
      // Batches that made it are kept even when a later one failed.
      if (progressed && !this.stopped) {
        await Promise.all(REFRESHED.map((queryKey) => this.queryClient.invalidateQueries({ queryKey })));
      }
    } while (this.again && !this.stopped);
    this.running = false;
  }
}

/** Provided by the app frame; outside it (a page in a test) there is no job and nothing runs. */
export const ScoringContext = createContext<ScoringJob | null>(null);

const IDLE: ScoringState = { phase: 'idle' };
const noSubscription = () => () => {};
const idle = () => IDLE;
const nothing = () => {};

export function useScoring(): Scoring {
  const job = useContext(ScoringContext);
  const state = useSyncExternalStore(job?.subscribe ?? noSubscription, job?.getState ?? idle, job?.getState ?? idle);
  return { state, start: job?.start ?? nothing };
}

/**
 * The frame's job: scores health once per unlock (the frame mounts once per
 * unlock), in the background; the UI never waits for it. When it ends, the
 * views that show scores are refreshed. Locking the vault stops it in Rust
 * (it rejects as `cancelled`).
 */
export function useHealthScoringJob(): ScoringJob {
  const queryClient = useQueryClient();
  const [job] = useState(() => new ScoringJob(queryClient));
  useEffect(() => {
    job.attach();
    // Strict mode runs effects twice on mount; the job starts once.
    job.startOnce();
    return () => job.detach();
  }, [job]);
  return job;
}

/** "1,200 / 10,000", or nothing before the first batch says how many. */
export function scoringProgress(state: Extract<ScoringState, { phase: 'running' }>): string {
  return state.total > 0 ? `${formatCount(state.done)} / ${formatCount(state.total)}` : '';
}

/**
 * The sidebar's quiet line about the job: progress while it runs, a short
 * message with Retry if it failed, nothing otherwise.
 */
export function ScoringStatus() {
  const { state, start } = useScoring();
  if (state.phase === 'running') {
    const progress = scoringProgress(state);
    return (
      <div className="scoring-status" data-testid="scoring-status" role="status">
        <span className="scoring-line">
          <span className="spinner" aria-hidden="true" />
          <span data-testid="scoring-text">Scoring health{progress ? ` ${progress}` : '…'}</span>
        </span>
        {state.total > 0 && (
          <progress
            className="scoring-progress"
            max={state.total}
            value={state.done}
            aria-label="Health scoring progress"
          />
        )}
      </div>
    );
  }
  if (state.phase === 'failed') {
    return (
      <div className="scoring-status scoring-failed" data-testid="scoring-status" role="status">
        <span title={state.message} data-testid="scoring-text">
          Health scores not updated.<span className="visually-hidden"> {state.message}</span>
        </span>
        <button type="button" className="scoring-retry" data-testid="scoring-retry" onClick={start}>
          Retry
        </button>
      </div>
    );
  }
  return null;
}
