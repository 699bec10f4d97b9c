import { useQueryClient } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ImportOutcome, ImportPreview, ImportRequest, PlannedRecord } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { ScoringContext, ScoringJob } from '../portfolio/scoring';
import { renderWithProviders } from '../test/render';
import { ImportPage } from './ImportPage';

const CSV = 'Full Name,Email,Account Name,Segment\nAda Lovelace,ada@example.com,Acme,Gold\n';
const CSV_BASE64 = Buffer.from(CSV).toString('base64');

function contactRow(row: number, name: string, action: PlannedRecord['action'] = 'create'): PlannedRecord {
  return {
    row,
    action,
    existing_id: action === 'update' ? `p-${row}` : null,
    reason: action === 'create' ? 'new contact at Acme' : 'updates the contact with the same email',
    warnings: [],
    item: {
      kind: 'contact',
      record: {
        row,
        name,
        title: 'CFO',
        department: null,
        email: `${name.split(' ')[0]?.toLowerCase()}@example.com`,
        phone: null,
        account_name: 'Acme',
        reports_to_name: null,
        owner_name: null,
        notes: null,
      },
      account: { kind: 'existing', id: 'a-acme' },
      reports_to: null,
    },
  };
}

function preview(overrides: Partial<ImportPreview> = {}): ImportPreview {
  return {
    format: 'csv',
    kind: 'contacts',
    delimiter: 'comma',
    columns: [
      { header: 'Full Name', target: 'name', by_user: false },
      { header: 'Email', target: 'email', by_user: false },
      { header: 'Account Name', target: 'account_name', by_user: false },
      { header: 'Segment', target: null, by_user: false },
    ],
    unmapped_columns: ['Segment'],
    rows_read: 5,
    creates: 2,
    updates: 1,
    sample: [contactRow(2, 'Ada Lovelace'), contactRow(3, 'Grace Hopper'), contactRow(4, 'Alan Turing', 'update')],
    rejects: [],
    rejected: 0,
    warnings: [],
    contacts_without_account: 0,
    tier_values: [],
    accounts_without_tier: 0,
    unknown_owners: [],
    ...overrides,
  };
}

const REJECTS: ImportPreview['rejects'] = [
  { row: 5, column: 'Email', message: 'Email: "ada(at)example" is not an email address' },
  { row: 6, column: null, message: 'The row has no name' },
];

function csvFile(name = 'contacts.csv', content = CSV): File {
  return new File([content], name, { type: 'text/csv' });
}

function renderPage(handlers: Record<string, IpcHandler> = {}) {
  const calls = mockCommands({ import_preview: () => preview(), ...handlers });
  const onOpenAccounts = vi.fn<() => void>();
  const view = renderWithProviders(<ImportPage onOpenAccounts={onOpenAccounts} />);
  return { ...view, calls, onOpenAccounts };
}

const previews = (calls: ReturnType<typeof mockCommands>) =>
  callsTo(calls, 'import_preview').map((call) => ({
    request: call.args?.request as ImportRequest,
    base64: call.args?.contentBase64 as string,
  }));

describe('ImportPage', () => {
  it('reads the chosen file and previews it with the kind the user picked', async () => {
    const { user, calls } = renderPage();
    await user.click(screen.getByTestId('import-kind-contacts'));
    await user.upload(screen.getByTestId('import-file-input'), csvFile());

    expect(await screen.findByTestId('import-preview')).toBeInTheDocument();
    expect(previews(calls)).toEqual([
      {
        request: { format: 'csv', kind: 'contacts', mapping: { columns: {} }, account_name: null },
        base64: CSV_BASE64,
      },
    ]);
    expect(screen.getByTestId('import-counts')).toHaveTextContent('2 to create · 1 to update · 0 rejected');
    expect(screen.getByTestId('import-counts')).toHaveTextContent('5 rows read');
    expect(screen.getAllByTestId('import-sample')).toHaveLength(3);
    expect(screen.getByText('Alan Turing')).toBeInTheDocument();
    expect(screen.getByTestId('import-commit')).toHaveTextContent('Import 3 rows');
  });

  it('shows how each column was read and re-previews with the user’s mapping', async () => {
    const { user, calls } = renderPage({
      import_preview: (args) => {
        const request = args?.request as ImportRequest;
        const chosen = request.mapping?.columns?.Segment;
        return chosen
          ? preview({
              columns: [...preview().columns.slice(0, 3), { header: 'Segment', target: chosen, by_user: true }],
              unmapped_columns: [],
            })
          : preview();
      },
    });
    await user.click(screen.getByTestId('import-kind-contacts'));
    await user.upload(screen.getByTestId('import-file-input'), csvFile());
    await screen.findByTestId('import-preview');

    const rows = screen.getAllByTestId('import-column');
    expect(rows.map((row) => row.dataset.header)).toEqual(['Full Name', 'Email', 'Account Name', 'Segment']);
    const segment = rows[3];
    expect(segment).toHaveTextContent("Not recognised — choose a field or Don't import");
    const emailSelect = within(rows[1]).getByTestId('import-column-select');
    expect(emailSelect).toHaveValue('email');
    expect(within(emailSelect).getByRole('option', { name: "Don't import" })).toBeInTheDocument();
    // Contacts have no industry: the list offers only what a contact can take.
    expect(within(emailSelect).queryByRole('option', { name: 'Industry' })).toBeNull();

    await user.selectOptions(within(segment).getByTestId('import-column-select'), 'department');

    await waitFor(() => expect(previews(calls)).toHaveLength(2));
    expect(previews(calls)[1]?.request.mapping).toEqual({ columns: { Segment: 'department' } });
    expect(previews(calls)[1]?.base64).toBe(CSV_BASE64);
    await waitFor(() =>
      expect(within(screen.getAllByTestId('import-column')[3]).getByText('Your choice')).toBeInTheDocument(),
    );
    expect(screen.queryByText(/Not recognised — choose a field/)).toBeNull();
  });

  it('lists rejected rows and skips them only when the user presses the button that says so', async () => {
    const outcome: ImportOutcome = { created: 2, updated: 1, skipped: 2 };
    const { user, calls, onOpenAccounts, queryClient } = renderPage({
      import_preview: () => preview({ rejects: REJECTS, rejected: 2 }),
      import_commit: () => outcome,
    });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await user.click(screen.getByTestId('import-kind-contacts'));
    await user.upload(screen.getByTestId('import-file-input'), csvFile());
    await screen.findByTestId('import-preview');

    const rejects = screen.getAllByTestId('import-reject');
    expect(rejects).toHaveLength(2);
    expect(rejects[0]).toHaveTextContent('5');
    expect(rejects[0]).toHaveTextContent('Email: "ada(at)example" is not an email address');
    expect(rejects[1]).toHaveTextContent('The row has no name');
    expect(screen.getByTestId('import-counts')).toHaveTextContent('2 rejected');

    const button = screen.getByTestId('import-commit');
    expect(button).toHaveTextContent('Import 3 rows, skip 2');
    expect(screen.getByText(/2 rejected rows are left out/)).toBeInTheDocument();
    expect(callsTo(calls, 'import_commit')).toHaveLength(0);

    await user.click(button);

    expect(await screen.findByTestId('import-done')).toHaveTextContent('Created 2, updated 1, skipped 2');
    const commits = callsTo(calls, 'import_commit');
    expect(commits).toHaveLength(1);
    expect(commits[0]?.args).toEqual({
      request: { format: 'csv', kind: 'contacts', mapping: { columns: {} }, account_name: null },
      contentBase64: CSV_BASE64,
      skipRejected: true,
    });
    const invalidated = invalidate.mock.calls.map(([filters]) => filters?.queryKey);
    expect(invalidated).toEqual(expect.arrayContaining([['accounts'], ['account'], ['people'], ['search']]));

    await user.click(screen.getByRole('button', { name: 'Open accounts' }));
    expect(onOpenAccounts).toHaveBeenCalledTimes(1);
  });

  it('commits without skipping when nothing is rejected, and starts over on request', async () => {
    const { user, calls } = renderPage({ import_commit: () => ({ created: 2, updated: 1, skipped: 0 }) });
    await user.upload(screen.getByTestId('import-file-input'), csvFile('accounts.csv'));
    await user.click(await screen.findByTestId('import-commit'));

    expect(await screen.findByTestId('import-done')).toHaveTextContent('Created 2, updated 1, skipped 0');
    expect(callsTo(calls, 'import_commit')[0]?.args?.skipRejected).toBe(false);
    expect(previews(calls)[0]?.request.kind).toBe('accounts');

    await user.click(screen.getByRole('button', { name: 'Import another file' }));
    expect(screen.queryByTestId('import-preview')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('import-file-button')).toHaveFocus());
  });

  it('scores the new accounts in the background once the import is done', async () => {
    const calls = mockCommands({
      import_preview: () => preview(),
      import_commit: () => ({ created: 2, updated: 1, skipped: 0 }),
      portfolio_score: () => 2,
    });
    let job: ScoringJob | undefined;
    function WithScoring({ children }: { children: ReactNode }) {
      const queryClient = useQueryClient();
      const [scoring] = useState(() => new ScoringJob(queryClient));
      job = scoring;
      return <ScoringContext.Provider value={scoring}>{children}</ScoringContext.Provider>;
    }
    const { user } = renderWithProviders(
      <WithScoring>
        <ImportPage onOpenAccounts={vi.fn()} />
      </WithScoring>,
    );
    await user.upload(screen.getByTestId('import-file-input'), csvFile('accounts.csv'));
    const commit = await screen.findByTestId('import-commit');
    expect(callsTo(calls, 'portfolio_score')).toHaveLength(0);
    await user.click(commit);

    expect(await screen.findByTestId('import-done')).toBeInTheDocument();
    await waitFor(() => expect(callsTo(calls, 'portfolio_score')).toHaveLength(1));
    await waitFor(() => expect(job?.getState()).toEqual({ phase: 'done', scored: 2 }));
  });

  it('offers no import when no row can be imported', async () => {
    const { user } = renderPage({
      import_preview: () => preview({ creates: 0, updates: 0, sample: [], rejects: REJECTS, rejected: 2 }),
    });
    await user.upload(screen.getByTestId('import-file-input'), csvFile());
    expect(await screen.findByTestId('import-commit')).toBeDisabled();
  });

  it('shows a whole-file error with its message and keeps the user’s choices', async () => {
    const { user, calls } = renderPage({
      import_preview: () =>
        ipcFailure('validation', 'the file is not UTF-8 text (byte 0xE9 on line 3); save it as CSV UTF-8', 'file'),
    });
    await user.click(screen.getByTestId('import-kind-contacts'));
    await user.upload(screen.getByTestId('import-file-input'), csvFile());

    const error = await screen.findByTestId('import-error');
    expect(error).toHaveTextContent('The file is not UTF-8 text (byte 0xE9 on line 3); save it as CSV UTF-8');
    expect(within(error).getByRole('button', { name: 'Choose another file' })).toBeInTheDocument();
    expect(screen.queryByTestId('import-commit')).toBeNull();
    expect(screen.getByTestId('import-kind-contacts')).toBeChecked();

    // The file is kept: picking another kind tries it again.
    await user.click(screen.getByTestId('import-kind-accounts'));
    await waitFor(() => expect(previews(calls)).toHaveLength(2));
    expect(previews(calls)[1]).toEqual({
      request: {
        format: 'csv',
        kind: 'accounts',
        mapping: { columns: {} },
        account_name: null,
        options: { default_currency: null, default_tier: null, tiers: {}, add_unknown_owners: false },
      },
      base64: CSV_BASE64,
    });
  });

  it('refuses a file over 50 MB before reading it', async () => {
    const { user, calls } = renderPage();
    const file = csvFile('huge.csv');
    Object.defineProperty(file, 'size', { value: 50 * 1024 * 1024 + 1 });
    const read = vi.spyOn(file, 'arrayBuffer');
    await user.upload(screen.getByTestId('import-file-input'), file);

    expect(await screen.findByTestId('import-error')).toHaveTextContent(/"huge\.csv" \(50 MB\) is larger than 50 MB, the most Rapport imports at once/);
    expect(read).not.toHaveBeenCalled();
    expect(callsTo(calls, 'import_preview')).toHaveLength(0);
  });

  it('asks for an account for vCard contacts without a company and re-previews with it', async () => {
    const { user, calls } = renderPage({
      import_preview: (args) => {
        const request = args?.request as ImportRequest;
        return preview({
          format: 'vcard',
          delimiter: null,
          columns: [],
          unmapped_columns: [],
          contacts_without_account: request.account_name ? 0 : 4,
        });
      },
    });
    // Dropped while CSV is chosen: the .vcf name says what it is.
    const card = new File(['BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n'], 'phone.vcf');
    fireEvent.drop(screen.getByTestId('import-drop'), { dataTransfer: { files: [card], types: ['Files'] } });
    await screen.findByTestId('import-preview');
    expect(screen.getByTestId('import-kind-vcard')).toBeChecked();
    expect(previews(calls)[0]?.request).toEqual({
      format: 'vcard',
      kind: 'contacts',
      mapping: { columns: {} },
      account_name: null,
    });
    expect(screen.getByTestId('import-counts')).toHaveTextContent('5 cards read');

    const account = screen.getByLabelText('Account for contacts without a company');
    await user.type(account, 'Acme{Enter}');
    await waitFor(() => expect(previews(calls)).toHaveLength(2));
    expect(previews(calls)[1]?.request.account_name).toBe('Acme');
    // Still there once every contact has an account, so the user can change it.
    expect(screen.getByLabelText('Account for contacts without a company')).toHaveValue('Acme');
  });

  it('goes back to choosing a file on Escape, and Enter on the file button opens the picker', async () => {
    const { user } = renderPage();
    const input = screen.getByTestId('import-file-input');
    const pick = vi.spyOn(input, 'click');
    screen.getByTestId('import-file-button').focus();
    await user.keyboard('{Enter}');
    expect(pick).toHaveBeenCalledTimes(1);

    await user.upload(input, csvFile());
    await screen.findByTestId('import-preview');
    await waitFor(() => expect(screen.getByRole('heading', { name: '3. Check what will happen' })).toHaveFocus());
    await user.keyboard('{Escape}');

    expect(screen.queryByTestId('import-preview')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('import-file-button')).toHaveFocus());
    expect(screen.getByTestId('import-file-button')).toHaveTextContent('Choose a file…');
  });

  it('accepts a dropped file', async () => {
    const { calls } = renderPage();
    const file = csvFile();
    fireEvent.drop(screen.getByTestId('import-drop'), { dataTransfer: { files: [file], types: ['Files'] } });
    expect(await screen.findByTestId('import-preview')).toBeInTheDocument();
    expect(previews(calls)[0]?.base64).toBe(CSV_BASE64);
  });

  it('offers a currency, a tier for accounts without one, what the file’s tiers mean and whether to add owners', async () => {
    const ACCOUNTS_CSV = 'Account Name,Annual Revenue,Currency,Tier,Owner\nNorthwind,"1,250,000",,Gold,Jonas Weller\n';
    const { user, calls } = renderPage({
      import_preview: (args) => {
        const options = (args?.request as ImportRequest).options ?? {};
        const rejects: ImportPreview['rejects'] = [];
        if (!options.default_currency) {
          rejects.push({
            row: 2,
            column: 'Currency',
            message: 'Currency: say which currency the revenue and margin are in; or choose a currency for the whole file',
          });
        }
        if (!options.default_tier) {
          rejects.push({ row: 3, column: 'Tier', message: 'Tier: empty; choose the tier for new accounts without one' });
        }
        return preview({
          kind: 'accounts',
          columns: [],
          unmapped_columns: [],
          creates: 3 - rejects.length,
          updates: 0,
          sample: [],
          rejects,
          rejected: rejects.length,
          accounts_without_tier: 1,
          tier_values: [
            { value: 'Gold', rows: 1, tier: options.tiers?.Gold ?? null },
            { value: 'key', rows: 1, tier: 'key' },
          ],
          unknown_owners: ['Jonas Weller'],
          warnings: [
            {
              row: 2,
              column: null,
              message: options.add_unknown_owners
                ? 'adds "Jonas Weller" to our people as the owner'
                : 'the owner "Jonas Weller" is not one of our people: left empty (or choose to add unknown owners)',
            },
          ],
        });
      },
      import_commit: () => ({ created: 3, updated: 0, skipped: 0 }),
    });
    await user.upload(screen.getByTestId('import-file-input'), csvFile('accounts.csv', ACCOUNTS_CSV));
    await screen.findByTestId('import-options');
    expect(screen.getByTestId('import-counts')).toHaveTextContent('1 to create · 0 to update · 2 rejected');
    expect(screen.getAllByTestId('import-reject')[0]).toHaveTextContent('choose a currency for the whole file');
    expect(screen.getByTestId('import-unknown-owners')).toHaveTextContent(
      '1 owner in the file is not among our people: Jonas Weller. Their accounts are imported without an owner.',
    );
    expect(screen.getByTestId('import-warning')).toHaveTextContent('left empty');
    expect(screen.getByText(/1 new account has no tier in the file\. They are rejected until you choose/)).toBeInTheDocument();
    expect(screen.getByTestId('import-default-tier')).toHaveValue('');

    await user.type(screen.getByTestId('import-default-currency'), 'eur{Enter}');
    await waitFor(() => expect(previews(calls)).toHaveLength(2));
    expect(previews(calls)[1]?.request.options?.default_currency).toBe('EUR');

    await user.selectOptions(screen.getByTestId('import-default-tier'), 'growth');
    await waitFor(() => expect(previews(calls)).toHaveLength(3));
    expect(previews(calls)[2]?.request.options?.default_tier).toBe('growth');
    expect(await screen.findByText(/They are imported as Growth accounts/)).toBeInTheDocument();

    const gold = screen.getAllByTestId('import-tier-value').find((row) => row.dataset.value === 'Gold');
    expect(gold).toBeDefined();
    await user.selectOptions(within(gold as HTMLElement).getByTestId('import-tier-select'), 'strategic');
    await waitFor(() => expect(previews(calls)).toHaveLength(4));
    expect(previews(calls)[3]?.request.options?.tiers).toEqual({ Gold: 'strategic' });

    await user.click(screen.getByTestId('import-add-owners'));
    await waitFor(() => expect(previews(calls)).toHaveLength(5));
    expect(await screen.findByText('adds "Jonas Weller" to our people as the owner')).toBeInTheDocument();
    expect(screen.getByTestId('import-counts')).toHaveTextContent('3 to create · 0 to update · 0 rejected');

    await user.click(screen.getByTestId('import-commit'));
    await screen.findByTestId('import-done');
    const sent = callsTo(calls, 'import_commit')[0]?.args;
    expect(sent?.request).toEqual(previews(calls)[4]?.request);
    expect(sent?.request).toMatchObject({
      options: { default_currency: 'EUR', default_tier: 'growth', tiers: { Gold: 'strategic' }, add_unknown_owners: true },
    });
    expect(sent?.skipRejected).toBe(false);
  });
});
