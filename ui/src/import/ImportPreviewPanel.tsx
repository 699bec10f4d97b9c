import { useId } from 'react';
import type { ReactNode, RefObject } from 'react';
import type { ColumnMatch, ImportPreview, PlannedRecord, RecordKind, Target } from '../ipc';
import { TARGETS_FOR, formatCount, plural, targetLabel } from './labels';

type AccountChoice = {
  visible: boolean;
  draft: string;
  onDraft: (value: string) => void;
  /** Re-runs the preview with the draft (on Enter and when leaving the field). */
  onApply: () => void;
};

const DELIMITER_LABEL = { comma: 'comma', semicolon: 'semicolon', tab: 'tab' } as const;

/** What the import would do: counts, how columns were read, rejected rows and a sample. */
export function ImportPreviewPanel({
  preview,
  headingRef,
  busy,
  locked,
  onMap,
  account,
  children,
}: {
  preview: ImportPreview;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** A preview or the commit is running. */
  busy: boolean;
  /** The commit is running: choices wait for it. */
  locked: boolean;
  onMap: (header: string, target: Target) => void;
  account: AccountChoice;
  /** The commit bar, placed after the rows it is about. */
  children: ReactNode;
}) {
  const ids = useId();
  const unit = preview.format === 'vcard' ? ['card', 'cards'] : ['row', 'rows'];
  return (
    <div className="import-preview" data-testid="import-preview" aria-busy={busy || undefined}>
      <div className="import-preview-head">
        <h2 ref={headingRef} tabIndex={-1} className="field-label">
          3. Check what will happen
        </h2>
        <p className="import-counts" data-testid="import-counts">
          <strong>{formatCount(preview.creates)} to create</strong>
          <span aria-hidden="true"> · </span>
          <strong>{formatCount(preview.updates)} to update</strong>
          <span aria-hidden="true"> · </span>
          <strong className={preview.rejected > 0 ? 'import-rejected-count' : undefined}>
            {formatCount(preview.rejected)} rejected
          </strong>
          <span className="muted">
            {' '}
            — {plural(preview.rows_read, unit[0], unit[1])} read
            {preview.delimiter && `, ${DELIMITER_LABEL[preview.delimiter]}-separated`}
          </span>
        </p>
      </div>

      {account.visible && (
        <div className="field import-account">
          <label className="field-label" htmlFor={`${ids}-account`}>
            Account for contacts without a company
          </label>
          <input
            id={`${ids}-account`}
            className="input"
            value={account.draft}
            disabled={locked}
            maxLength={200}
            autoComplete="off"
            aria-describedby={`${ids}-account-hint`}
            onChange={(event) => account.onDraft(event.target.value)}
            onBlur={account.onApply}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                account.onApply();
              }
            }}
            data-testid="import-account-name"
          />
          <p className="field-hint" id={`${ids}-account-hint`}>
            {preview.contacts_without_account > 0
              ? `${plural(preview.contacts_without_account, 'contact names', 'contacts name')} no company. Name an account already in Rapport (or in this file) to put them there, then press Enter.`
              : 'Contacts without a company go to this account.'}
          </p>
        </div>
      )}

      {preview.columns.length > 0 && (
        <ColumnsTable
          columns={preview.columns}
          kind={preview.kind}
          unmapped={preview.unmapped_columns}
          locked={locked}
          onMap={onMap}
        />
      )}

      {preview.rejected > 0 && <RejectsTable preview={preview} unit={unit[0]} />}

      {preview.sample.length > 0 && <SampleTable preview={preview} unit={unit[0]} />}

      {children}
    </div>
  );
}

function ColumnsTable({
  columns,
  kind,
  unmapped,
  locked,
  onMap,
}: {
  columns: ColumnMatch[];
  kind: RecordKind;
  unmapped: string[];
  locked: boolean;
  onMap: (header: string, target: Target) => void;
}) {
  const ids = useId();
  return (
    <section className="import-section" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`} className="import-section-title">
        Columns
      </h3>
      {unmapped.length > 0 && (
        <p className="callout">
          {plural(unmapped.length, 'column is', 'columns are')} not recognised. Choose the field each one holds, or
          Don&apos;t import; until then its data is left out.
        </p>
      )}
      <div className="table-wrap import-scroll">
        <table className="table import-table">
          <colgroup>
            <col className="import-col-header" />
            <col className="import-col-target" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">Imported as</th>
              <th scope="col">How it was read</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => (
              <ColumnRow key={column.header} column={column} kind={kind} locked={locked} onMap={onMap} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ColumnRow({
  column,
  kind,
  locked,
  onMap,
}: {
  column: ColumnMatch;
  kind: RecordKind;
  locked: boolean;
  onMap: (header: string, target: Target) => void;
}) {
  const targets = TARGETS_FOR[kind];
  // A target from an older mapping that this list leaves out still shows as chosen.
  const options = column.target && !targets.includes(column.target) ? [...targets, column.target] : targets;
  return (
    <tr
      className={column.target === null ? 'import-row-unmapped' : undefined}
      data-testid="import-column"
      data-header={column.header}
    >
      <td className="cell-name">{column.header}</td>
      <td>
        <select
          className="input select"
          value={column.target ?? ''}
          disabled={locked}
          aria-label={`Field for the column “${column.header}”`}
          onChange={(event) => onMap(column.header, event.target.value as Target)}
          data-testid="import-column-select"
        >
          {column.target === null && (
            <option value="" disabled>
              Choose a field…
            </option>
          )}
          {options.map((target) => (
            <option key={target} value={target}>
              {targetLabel(target, kind)}
            </option>
          ))}
        </select>
      </td>
      <td>
        {column.target === null ? (
          <span className="flag-warn">Not recognised — choose a field or Don&apos;t import</span>
        ) : column.by_user ? (
          'Your choice'
        ) : column.target === 'ignore' ? (
          'Not imported'
        ) : (
          'Recognised'
        )}
      </td>
    </tr>
  );
}

function RejectsTable({ preview, unit }: { preview: ImportPreview; unit: string }) {
  const ids = useId();
  return (
    <section className="import-section" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`} className="import-section-title">
        Rejected {unit === 'card' ? 'cards' : 'rows'}
      </h3>
      <p className="muted">
        These are not imported.
        {preview.rejected > preview.rejects.length &&
          ` The first ${formatCount(preview.rejects.length)} of ${formatCount(preview.rejected)} are listed.`}{' '}
        Fix them in the file and choose it again to bring them in too.
      </p>
      <div className="table-wrap import-scroll" role="region" tabIndex={0} aria-labelledby={`${ids}-title`}>
        <table className="table import-table">
          <colgroup>
            <col className="import-col-row" />
            <col className="import-col-header" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{unit === 'card' ? 'Card' : 'Row'}</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {preview.rejects.map((issue, index) => (
              <tr key={`${issue.row}-${index}`} data-testid="import-reject">
                <td>{issue.row}</td>
                <td>{issue.column ?? '—'}</td>
                <td>{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function details(record: PlannedRecord): string {
  const item = record.item;
  const parts =
    item.kind === 'account'
      ? [item.record.industry, item.record.region, item.record.tier]
      : [item.record.title, item.record.account_name, item.record.email];
  return parts.filter((part): part is string => Boolean(part)).join(' · ') || '—';
}

function SampleTable({ preview, unit }: { preview: ImportPreview; unit: string }) {
  const ids = useId();
  const total = preview.creates + preview.updates;
  const accounts = preview.kind === 'accounts';
  return (
    <section className="import-section" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`} className="import-section-title">
        {total > preview.sample.length
          ? `The first ${formatCount(preview.sample.length)} of ${formatCount(total)}`
          : `All ${plural(total, unit, `${unit}s`)} to import`}
      </h3>
      <div className="table-wrap import-scroll" role="region" tabIndex={0} aria-labelledby={`${ids}-title`}>
        <table className="table import-table">
          <colgroup>
            <col className="import-col-row" />
            <col className="import-col-action" />
            <col className="import-col-name" />
            <col />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{unit === 'card' ? 'Card' : 'Row'}</th>
              <th scope="col">Action</th>
              <th scope="col">Name</th>
              <th scope="col">{accounts ? 'Industry · region · tier' : 'Title · account · email'}</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((record) => (
              <tr key={`${record.item.kind}-${record.row}`} data-testid="import-sample">
                <td>{record.row}</td>
                <td>
                  <span className={record.action === 'create' ? 'badge import-badge-create' : 'badge import-badge-update'}>
                    {record.action === 'create' ? 'Create' : 'Update'}
                  </span>
                </td>
                <td className="cell-name">{record.item.record.name}</td>
                <td>{details(record)}</td>
                <td>
                  {record.reason}
                  {record.warnings.length > 0 && (
                    <ul className="import-warnings">
                      {record.warnings.map((warning, index) => (
                        <li key={index} className="flag-warn">
                          {warning}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
