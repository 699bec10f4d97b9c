import { useId } from 'react';
import type { ReactNode, RefObject } from 'react';
import type { ColumnMatch, ImportOptions, ImportPreview, PlannedRecord, RecordKind, Target, Tier } from '../ipc';
import { TARGETS_FOR, TIERS, formatCount, plural, targetLabel } from './labels';

type AccountChoice = {
  visible: boolean;
  draft: string;
  onDraft: (value: string) => void;
  /** Re-runs the preview with the draft (on Enter and when leaving the field). */
  onApply: () => void;
};

/** The choices for a whole accounts file: a currency, what its tier values mean, owners. */
type OptionsChoice = {
  value: ImportOptions;
  onChange: (options: ImportOptions) => void;
  currencyDraft: string;
  onCurrencyDraft: (value: string) => void;
  /** Re-runs the preview with the draft (on Enter and when leaving the field). */
  onApplyCurrency: () => void;
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
  options,
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
  options: OptionsChoice;
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

      {preview.kind === 'accounts' && preview.format === 'csv' && (
        <AccountOptions preview={preview} options={options} locked={locked} />
      )}

      {preview.rejected > 0 && <RejectsTable preview={preview} unit={unit[0]} />}

      {preview.warnings.length > 0 && <WarningsTable preview={preview} unit={unit[0]} />}

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

function tierName(tier: Tier): string {
  return TIERS.find((t) => t.value === tier)?.label ?? tier;
}

/** A currency for the file, what the tier column's values mean, and whether unknown owners become our people. */
function AccountOptions({ preview, options, locked }: { preview: ImportPreview; options: OptionsChoice; locked: boolean }) {
  const ids = useId();
  const value = options.value;
  const set = (next: Partial<ImportOptions>) => options.onChange({ ...value, ...next });
  const mapped = value.tiers ?? {};
  const defaultTier = value.default_tier ?? null;
  const owners = preview.unknown_owners;
  return (
    <section className="import-section import-options" aria-labelledby={`${ids}-title`} data-testid="import-options">
      <h3 id={`${ids}-title`} className="import-section-title">
        For the whole file
      </h3>

      <div className="field">
        <label className="field-label" htmlFor={`${ids}-currency`}>
          Currency of amounts without one
        </label>
        <input
          id={`${ids}-currency`}
          className="input import-currency"
          value={options.currencyDraft}
          disabled={locked}
          maxLength={3}
          placeholder="EUR"
          autoComplete="off"
          aria-describedby={`${ids}-currency-hint`}
          onChange={(event) => options.onCurrencyDraft(event.target.value)}
          onBlur={options.onApplyCurrency}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              options.onApplyCurrency();
            }
          }}
          data-testid="import-default-currency"
        />
        <p className="field-hint" id={`${ids}-currency-hint`}>
          {value.default_currency
            ? `Amounts in rows without a currency are taken as ${value.default_currency}.`
            : 'A row with an amount but no currency is rejected until you name the currency here (three letters, then Enter).'}
        </p>
      </div>

      {(preview.accounts_without_tier > 0 || defaultTier !== null) && (
        <div className="field">
          <label className="field-label" htmlFor={`${ids}-tier`}>
            Tier of new accounts without one
          </label>
          <select
            id={`${ids}-tier`}
            className="input select"
            value={defaultTier ?? ''}
            disabled={locked}
            aria-describedby={`${ids}-tier-hint`}
            onChange={(event) => set({ default_tier: (event.target.value || null) as Tier | null })}
            data-testid="import-default-tier"
          >
            <option value="">Choose a tier…</option>
            {TIERS.map((tier) => (
              <option key={tier.value} value={tier.value}>
                {tier.label}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${ids}-tier-hint`}>
            {preview.accounts_without_tier > 0 &&
              `${plural(preview.accounts_without_tier, 'new account has', 'new accounts have')} no tier in the file. `}
            {defaultTier === null
              ? 'They are rejected until you choose the tier they get.'
              : `They are imported as ${tierName(defaultTier)} accounts.`}
          </p>
        </div>
      )}

      {preview.tier_values.length > 0 && (
        <div className="table-wrap">
          <table className="table import-table" aria-label="Tiers in the file">
            <thead>
              <tr>
                <th scope="col">Tier in the file</th>
                <th scope="col">Rows</th>
                <th scope="col">Imported as</th>
              </tr>
            </thead>
            <tbody>
              {preview.tier_values.map((tier) => (
                <tr key={tier.value} data-testid="import-tier-value" data-value={tier.value}>
                  <td className="cell-name">{tier.value}</td>
                  <td>{formatCount(tier.rows)}</td>
                  <td>
                    <select
                      className="input select"
                      value={mapped[tier.value] ?? tier.tier ?? ''}
                      disabled={locked}
                      aria-label={`Tier for “${tier.value}”`}
                      onChange={(event) =>
                        set({ tiers: { ...mapped, [tier.value]: event.target.value as Tier } })
                      }
                      data-testid="import-tier-select"
                    >
                      {tier.tier === null && mapped[tier.value] === undefined && (
                        <option value="" disabled>
                          Choose a tier…
                        </option>
                      )}
                      {TIERS.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {(owners.length > 0 || value.add_unknown_owners) && (
        <div className="field">
          {owners.length > 0 && (
            <p className="callout" data-testid="import-unknown-owners">
              {plural(owners.length, 'owner in the file is', 'owners in the file are')} not among our people:{' '}
              {owners.slice(0, 10).join(', ')}
              {owners.length > 10 && ` and ${formatCount(owners.length - 10)} more`}.{' '}
              {value.add_unknown_owners
                ? 'They are added to our people.'
                : 'Their accounts are imported without an owner.'}
            </p>
          )}
          <label className="import-owner-choice">
            <input
              type="checkbox"
              checked={value.add_unknown_owners ?? false}
              disabled={locked}
              onChange={(event) => set({ add_unknown_owners: event.target.checked })}
              data-testid="import-add-owners"
            />{' '}
            Add owners who are not among our people yet
          </label>
        </div>
      )}
    </section>
  );
}

function WarningsTable({ preview, unit }: { preview: ImportPreview; unit: string }) {
  const ids = useId();
  return (
    <section className="import-section" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`} className="import-section-title">
        Imported, with something to know
      </h3>
      <div className="table-wrap import-scroll" role="region" tabIndex={0} aria-labelledby={`${ids}-title`}>
        <table className="table import-table">
          <colgroup>
            <col className="import-col-row" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{unit === 'card' ? 'Card' : 'Row'}</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {preview.warnings.map((issue, index) => (
              <tr key={`${issue.row}-${index}`} data-testid="import-warning">
                <td>{issue.row}</td>
                <td className="flag-warn">{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
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
