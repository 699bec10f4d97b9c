import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { ChangeEvent, DragEvent, KeyboardEvent, RefObject } from 'react';
import { AppError, commands } from '../ipc';
import type { ImportOptions, ImportOutcome, ImportPreview, ImportRequest, Target } from '../ipc';
import { useScoring } from '../portfolio/scoring';
import { useForm } from '../lib/form';
import { refresh } from '../lib/refresh';
import { Button } from '../ui/Button';
import { FormError } from '../ui/Field';
import { ImportIcon } from '../ui/icons';
import { bytesToBase64Async } from './base64';
import { ImportPreviewPanel } from './ImportPreviewPanel';
import {
  IMPORT_KINDS,
  MAX_FILE_BYTES,
  NO_OPTIONS,
  formatCount,
  formatSize,
  importRequest,
  kindForFileName,
  plural,
} from './labels';
import type { ImportKind } from './labels';
import './import.css';

/** A file read and encoded, ready to send. `token` tells files apart (two picks of one name). */
type Source = { token: number; name: string; size: number; base64: string };

/** What the user chose; the request is built from it. */
type Settings = { kind: ImportKind; columns: Record<string, Target>; account: string; options: ImportOptions };

/** A preview on screen, with the request that produced it (the commit sends the same). */
type Shown = { token: number; request: ImportRequest; preview: ImportPreview };

type Reading = { name: string; size: number; progress: number };

/** Past this size the page shows a progress bar while it reads and encodes. */
const SHOW_PROGRESS_FROM = 2 * 1024 * 1024;

function focusSoon(ref: RefObject<HTMLElement | null>) {
  window.setTimeout(() => ref.current?.focus(), 0);
}

/** Accounts and contacts from CSV (Salesforce, HubSpot, spreadsheets) and vCard, previewed before anything is saved. */
const FILE = ['file'] as const;

export function ImportPage({ onOpenAccounts }: { onOpenAccounts: () => void }) {
  const queryClient = useQueryClient();
  const scoring = useScoring();
  const ids = useId();
  const [settings, setSettings] = useState<Settings>({
    kind: 'accounts',
    columns: {},
    account: '',
    options: NO_OPTIONS,
  });
  const [accountDraft, setAccountDraft] = useState('');
  const [currencyDraft, setCurrencyDraft] = useState('');
  const [source, setSource] = useState<Source | null>(null);
  const [reading, setReading] = useState<Reading | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [previewing, setPreviewing] = useState(false);
  // What stops the import: about the file itself (its field), or the check that failed.
  const form = useForm(FILE);
  const fileAtFault = form.errors.file !== undefined;
  const error = form.errors.file ?? form.formError;
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [dragging, setDragging] = useState(false);

  const inputRef = useRef<HTMLInputElement>(null);
  const fileButtonRef = useRef<HTMLButtonElement>(null);
  const previewHeadingRef = useRef<HTMLHeadingElement>(null);
  const doneHeadingRef = useRef<HTMLHeadingElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // Only the newest read and the newest preview may land: the user can pick
  // another file or change a column while an earlier call is still running.
  const readSeq = useRef(0);
  const previewSeq = useRef(0);
  // Files dragged over child elements fire enter/leave pairs; count them.
  const dragDepth = useRef(0);

  const runPreview = async (file: Source, next: Settings, focusWhenShown: boolean) => {
    const seq = ++previewSeq.current;
    const request = importRequest(next.kind, next.columns, next.account, next.options);
    setPreviewing(true);
    form.reset();
    try {
      const preview = await commands.importPreview(request, file.base64);
      if (seq !== previewSeq.current) return;
      setShown({ token: file.token, request, preview });
      if (focusWhenShown) focusSoon(previewHeadingRef);
    } catch (caught) {
      if (seq !== previewSeq.current) return;
      refuse(caught);
    } finally {
      if (seq === previewSeq.current) setPreviewing(false);
    }
  };

  const commit = useMutation<ImportOutcome, AppError, { request: ImportRequest; base64: string; skipRejected: boolean }>({
    mutationFn: ({ request, base64, skipRejected }) => commands.importCommit(request, base64, skipRejected),
    onSuccess: async (result) => {
      setOutcome(result);
      focusSoon(doneHeadingRef);
      // New accounts have no health score yet: the background job scores
      // them and refreshes the portfolio, Today and the care views when done.
      scoring.start();
      await refresh(queryClient, { entities: ['account', 'person'] });
    },
    onError: (failure) => {
      // The vault may have changed since the preview (a row now clashes):
      // show the numbers as they are now next to the message.
      if (failure.field === 'file' && source) void runPreview(source, settings, false);
    },
  });

  const update = (next: Settings) => {
    setSettings(next);
    if (source) void runPreview(source, next, false);
  };

  // The message panel takes focus: it is where the user acts next (choose another file, try again).
  const refuse = (error: unknown) => {
    form.report(error, 'never');
    focusSoon(errorRef);
  };

  const takeFile = async (file: File) => {
    if (commit.isPending) return;
    const token = ++readSeq.current;
    previewSeq.current++;
    setSource(null);
    setShown(null);
    setPreviewing(false);
    setOutcome(null);
    commit.reset();
    if (file.size > MAX_FILE_BYTES) {
      setReading(null);
      refuse(
        new AppError(
          'validation',
          `"${file.name}" (${formatSize(file.size)}) is larger than ${formatSize(MAX_FILE_BYTES)}, the most Rapport imports at once. Split it into smaller files and import them one by one.`,
          'file',
        ),
      );
      return;
    }
    const next = { ...settings, kind: kindForFileName(file.name, settings.kind) };
    setSettings(next);
    form.reset();
    setReading({ name: file.name, size: file.size, progress: 0 });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const stale = () => token !== readSeq.current;
      const base64 = await bytesToBase64Async(
        bytes,
        (progress) => {
          if (!stale()) setReading({ name: file.name, size: file.size, progress });
        },
        stale,
      );
      if (base64 === null || stale()) return;
      const loaded: Source = { token, name: file.name, size: file.size, base64 };
      setReading(null);
      setSource(loaded);
      await runPreview(loaded, next, true);
    } catch {
      if (token !== readSeq.current) return;
      setReading(null);
      refuse(new AppError('io', `"${file.name}" could not be read. Check that it is still there and try again.`, 'file'));
    }
  };

  const onFileInput = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so that picking the same file again (after fixing it) is a change.
    event.target.value = '';
    if (file) void takeFile(file);
  };

  const openPicker = () => inputRef.current?.click();

  const backToFile = () => {
    readSeq.current++;
    previewSeq.current++;
    setSource(null);
    setShown(null);
    setReading(null);
    setPreviewing(false);
    form.reset();
    setOutcome(null);
    commit.reset();
    focusSoon(fileButtonRef);
  };

  const startOver = () => {
    setSettings((s) => ({ kind: s.kind, columns: {}, account: '', options: NO_OPTIONS }));
    setAccountDraft('');
    setCurrencyDraft('');
    backToFile();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    if (outcome || commit.isPending || (!source && !reading)) return;
    event.preventDefault();
    backToFile();
  };

  const onDragEnter = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    dragDepth.current++;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void takeFile(file);
  };

  const applyAccount = () => {
    const account = accountDraft.trim();
    if (account !== settings.account) update({ ...settings, account });
  };

  const applyCurrency = () => {
    const code = currencyDraft.trim().toUpperCase();
    const current = settings.options.default_currency ?? '';
    if (code !== current) update({ ...settings, options: { ...settings.options, default_currency: code || null } });
  };

  const startCommit = () => {
    if (!source || !shown || shown.token !== source.token) return;
    commit.mutate({ request: shown.request, base64: source.base64, skipRejected: shown.preview.rejected > 0 });
  };

  const kind = IMPORT_KINDS.find((k) => k.id === settings.kind) ?? IMPORT_KINDS[0];
  const preview = shown && source && shown.token === source.token ? shown.preview : null;

  if (outcome) {
    return (
      <section className="page import-page" aria-labelledby={`${ids}-title`} data-testid="import-page">
        <PageHeader id={`${ids}-title`} />
        <div className="panel import-done" data-testid="import-done" role="status">
          <h2 ref={doneHeadingRef} tabIndex={-1} className="panel-title">
            Import finished
          </h2>
          <p className="import-done-summary">
            Created {formatCount(outcome.created)}, updated {formatCount(outcome.updated)}, skipped{' '}
            {formatCount(outcome.skipped)}.
          </p>
          <div className="button-row">
            <Button variant="primary" onClick={onOpenAccounts} data-testid="import-open-accounts">
              Open accounts
            </Button>
            <Button onClick={startOver} data-testid="import-another">
              Import another file
            </Button>
          </div>
        </div>
      </section>
    );
  }

  return (
    <section
      className="page import-page"
      aria-labelledby={`${ids}-title`}
      data-testid="import-page"
      onKeyDown={onKeyDown}
    >
      <PageHeader id={`${ids}-title`} />

      <fieldset className="choice-group import-kinds">
        <legend className="field-label">1. What does the file hold?</legend>
        <div className="import-kind-grid">
          {IMPORT_KINDS.map((option) => (
            <label key={option.id} className="choice">
              <input
                type="radio"
                name={`${ids}-kind`}
                value={option.id}
                checked={settings.kind === option.id}
                disabled={commit.isPending}
                onChange={() => update({ ...settings, kind: option.id })}
                data-testid={`import-kind-${option.id}`}
              />
              <span className="choice-text">
                <span className="choice-title">{option.title}</span>
                <span className="choice-detail">{option.detail}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="import-step">
        <h2 className="field-label" id={`${ids}-file-title`}>
          2. Choose the file
        </h2>
        <div
          className={dragging ? 'import-drop import-drop-active' : 'import-drop'}
          onDragEnter={onDragEnter}
          onDragOver={onDragOver}
          onDragLeave={onDragLeave}
          onDrop={onDrop}
          data-testid="import-drop"
        >
          <input
            ref={inputRef}
            id={`${ids}-file`}
            type="file"
            className="visually-hidden"
            accept={kind.accept}
            tabIndex={-1}
            aria-labelledby={`${ids}-file-title`}
            onChange={onFileInput}
            data-testid="import-file-input"
          />
          {reading ? (
            <div className="import-reading" role="status">
              <span className="spinner" aria-hidden="true" />
              <span>
                Reading “{reading.name}” ({formatSize(reading.size)})…
              </span>
              {reading.size >= SHOW_PROGRESS_FROM && (
                <progress className="import-progress" max={1} value={reading.progress} aria-label="Reading the file" />
              )}
            </div>
          ) : source ? (
            <div className="import-file">
              <span className="import-file-name">{source.name}</span>
              <span className="muted">{formatSize(source.size)}</span>
              {previewing && (
                <span className="status-line" role="status">
                  <span className="spinner" aria-hidden="true" /> Checking…
                </span>
              )}
            </div>
          ) : (
            <>
              <span className="import-drop-icon" aria-hidden="true">
                <ImportIcon />
              </span>
              <p className="import-drop-text">Drop a file here, or</p>
            </>
          )}
          <Button
            ref={fileButtonRef}
            variant={source || reading ? 'secondary' : 'primary'}
            onClick={openPicker}
            disabled={commit.isPending}
            data-testid="import-file-button"
          >
            {source || reading ? 'Choose another file…' : 'Choose a file…'}
          </Button>
          <p className="import-drop-hint muted">
            {settings.kind === 'vcard' ? 'A .vcf file' : 'A .csv file (comma, semicolon or tab separated)'}, up to{' '}
            {formatSize(MAX_FILE_BYTES)}. Nothing is saved until you confirm the import.
          </p>
        </div>
      </div>

      {error && (
        <div className="import-error" role="alert" data-testid="import-error" ref={errorRef} tabIndex={-1}>
          <h2 className="import-error-title">
            {fileAtFault ? 'This file cannot be imported' : 'The file could not be checked'}
          </h2>
          <p className="import-error-message">{error}</p>
          {fileAtFault && source && (
            <p className="muted">Your choices are kept: pick what the file holds above or change a column below to try again.</p>
          )}
          <div className="button-row">
            <Button variant="primary" onClick={openPicker} data-testid="import-error-choose">
              Choose another file
            </Button>
            {!fileAtFault && source && (
              <Button onClick={() => void runPreview(source, settings, true)}>Try again</Button>
            )}
          </div>
        </div>
      )}

      {preview && source && (
        <ImportPreviewPanel
          preview={preview}
          headingRef={previewHeadingRef}
          busy={previewing || commit.isPending}
          locked={commit.isPending}
          onMap={(header, target) => update({ ...settings, columns: { ...settings.columns, [header]: target } })}
          account={{
            // Still shown once filled in, when no contact lacks an account any more.
            visible:
              preview.kind === 'contacts' &&
              (preview.contacts_without_account > 0 || settings.account !== '' || accountDraft !== ''),
            draft: accountDraft,
            onDraft: setAccountDraft,
            onApply: applyAccount,
          }}
          options={{
            value: settings.options,
            onChange: (options) => update({ ...settings, options }),
            currencyDraft,
            onCurrencyDraft: setCurrencyDraft,
            onApplyCurrency: applyCurrency,
          }}
        >
          <CommitBar
            preview={preview}
            blocked={previewing || error !== null}
            pending={commit.isPending}
            error={commit.error?.message ?? null}
            onCommit={startCommit}
          />
        </ImportPreviewPanel>
      )}
    </section>
  );
}

function PageHeader({ id }: { id: string }) {
  return (
    <header className="page-header">
      <div>
        <h1 id={id} className="page-title">
          Import
        </h1>
        <p className="page-subtitle">
          Bring accounts and contacts in from a CRM, a spreadsheet or an address book. You see what will change before
          anything is saved.
        </p>
      </div>
    </header>
  );
}

function CommitBar({
  preview,
  blocked,
  pending,
  error,
  onCommit,
}: {
  preview: ImportPreview;
  blocked: boolean;
  pending: boolean;
  error: string | null;
  onCommit: () => void;
}) {
  const rows = preview.creates + preview.updates;
  const label =
    rows === 0
      ? 'Nothing to import'
      : preview.rejected > 0
        ? `Import ${plural(rows, 'row', 'rows')}, skip ${formatCount(preview.rejected)}`
        : `Import ${plural(rows, 'row', 'rows')}`;
  return (
    <div className="import-commit-bar">
      <FormError message={error} testId="import-commit-error" />
      <p className="import-commit-note">
        {rows === 0
          ? 'No row of this file can be imported. Fix the rejected rows or the columns, or choose another file.'
          : preview.rejected > 0
            ? `${plural(preview.rejected, 'rejected row is', 'rejected rows are')} left out (listed above). The other ${plural(rows, 'row is', 'rows are')} imported together: if one fails, none is saved.`
            : 'All rows are imported together: if one fails, none is saved.'}
      </p>
      <div className="button-row">
        <Button
          variant="primary"
          disabled={rows === 0 || blocked}
          pending={pending}
          pendingLabel="Importing…"
          onClick={onCommit}
          data-testid="import-commit"
        >
          {label}
        </Button>
        <span className="muted import-escape-hint">Esc: choose another file</span>
      </div>
    </div>
  );
}
