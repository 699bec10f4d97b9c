import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { AppError, commands } from '../ipc';
import type { Exported } from '../ipc';
import { fileName, runExport } from '../meetings/queries';
import { Button } from './Button';
import './exportResult.css';

/** "312 KB", "1.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What a file without pages counts (a calendar file's entries), one and many. */
export type Unit = readonly [one: string, many: string];

/** "14 pages · 312 KB"; a calendar file counts its entries instead of pages. */
export function exportSummary(exported: Exported, unit: Unit = ['entry', 'entries']): string {
  const parts: string[] = [];
  if (exported.pages > 0) parts.push(`${exported.pages} ${exported.pages === 1 ? 'page' : 'pages'}`);
  else if (exported.meetings > 0) parts.push(`${exported.meetings} ${exported.meetings === 1 ? unit[0] : unit[1]}`);
  parts.push(formatBytes(exported.bytes));
  return parts.join(' · ');
}

export type ExportRun<K extends string> = {
  /** Which export is under way, if any. */
  pending: K | null;
  last: { key: K; exported: Exported } | null;
  run: (key: K, what: string, call: () => Promise<Exported | null>) => Promise<void>;
};

/**
 * Runs exports that open Rust's save dialog, one at a time, the way every
 * export does (`runExport`: a message with Open, or why it failed), and keeps
 * the last file written so the page can show where it went.
 */
export function useExports<K extends string>(): ExportRun<K> {
  const [pending, setPending] = useState<K | null>(null);
  const [last, setLast] = useState<{ key: K; exported: Exported } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const busy = useRef(false);
  const run = useCallback(async (key: K, what: string, call: () => Promise<Exported | null>) => {
    if (busy.current) return;
    busy.current = true;
    setPending(key);
    try {
      const exported = await runExport(what, call);
      if (exported && mounted.current) setLast({ key, exported });
    } finally {
      busy.current = false;
      if (mounted.current) setPending(null);
    }
  }, []);
  return { pending, last, run };
}

/**
 * One export's button: pending while it runs, disabled while any export of
 * the same `exports` runs. `what` names the file in the toasts.
 */
export function ExportButton<K extends string>({
  exports,
  exportKey,
  what,
  call,
  testId,
  title,
  children,
}: {
  exports: ExportRun<K>;
  exportKey: K;
  what: string;
  call: () => Promise<Exported | null>;
  testId: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <Button
      size="sm"
      data-testid={testId}
      pending={exports.pending === exportKey}
      pendingLabel="Exporting…"
      disabled={exports.pending !== null}
      title={title}
      onClick={() => void exports.run(exportKey, what, call)}
    >
      {children}
    </Button>
  );
}

/** Where the last export went: the full path, its size, and Open. */
export function ExportResult({ exported, unit, testId = 'export-result' }: { exported: Exported; unit?: Unit; testId?: string }) {
  const [error, setError] = useState<string | null>(null);
  // A new export starts without the last one's "Couldn't open".
  const [shown, setShown] = useState(exported);
  if (shown !== exported) {
    setShown(exported);
    setError(null);
  }
  const open = async () => {
    setError(null);
    try {
      await commands.exportOpen(exported.path);
    } catch (caught) {
      setError(`Couldn't open ${fileName(exported.path)}: ${AppError.from(caught).message}`);
    }
  };
  return (
    <div className="export-result" data-testid={testId} role="status">
      <span className="export-result-text">
        Saved <span className="export-result-path" title={exported.path} data-testid={`${testId}-path`}>{exported.path}</span>
        <span className="muted" data-testid={`${testId}-summary`}>
          {' '}
          ({exportSummary(exported, unit)})
        </span>
      </span>
      <Button size="sm" variant="ghost" data-testid={`${testId}-open`} onClick={() => void open()}>
        Open
      </Button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
