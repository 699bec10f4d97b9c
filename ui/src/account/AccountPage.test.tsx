import { care } from '../care/fixtures';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Account, AccountInput, AccountView, Connection, Interaction, Person } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { AccountPage } from './AccountPage';
import { accountView, connection, interaction, OUR_AM, OUR_CEO, OUR_FIN, ourPerson, person } from './fixtures';
import { today } from './formKit';

afterEach(() => clearToasts());

function renderPage({ view = accountView(), handlers = {} }: { view?: AccountView; handlers?: Record<string, IpcHandler> } = {}) {
  let current = view;
  const onBack = vi.fn();
  const calls = mockCommands({
    account_view: () => current,
    people_ours: () => [OUR_CEO, OUR_AM, OUR_FIN],
    blueprint_list: () => [],
    commitment_list: () => [],
    account_update: (args) => {
      // The core keeps what it was sent; the refetch then returns it.
      current = { ...current, account: { ...current.account, ...(args?.input as Partial<Account>) } };
      return current.account;
    },
    ...handlers,
  });
  const rendered = renderWithProviders(
    <>
      <AccountPage accountId="acc-1" onBack={onBack} />
      <Toaster />
    </>,
  );
  return { ...rendered, calls, onBack };
}

const inputOf = <T,>(calls: ReturnType<typeof mockCommands>, cmd: string, index = 0) =>
  callsTo(calls, cmd)[index]?.args?.input as T;

describe('the account page', () => {
  it('shows the header, flags in words and a warning for the missing sponsor', async () => {
    renderPage();
    expect(await screen.findByTestId('account-title')).toHaveTextContent('Brightwater Foods');
    expect(screen.getByTestId('account-tier')).toHaveTextContent('Strategic');
    expect(screen.getByTestId('account-status')).toHaveTextContent('Active');
    expect(screen.getByTestId('account-page')).toHaveTextContent('Owner: Tomas Virtanen');

    const flags = within(screen.getByTestId('account-flags'));
    expect(flags.getByText('No sponsor')).toBeInTheDocument();
    expect(flags.getByText('Key-person risk')).toBeInTheDocument();
    expect(flags.getByText('Executive tie far above working level')).toBeInTheDocument();
    expect(flags.queryByText('No owner')).not.toBeInTheDocument();

    expect(screen.getByTestId('ownership-warning')).toHaveTextContent('This strategic account has no executive sponsor.');
  });

  it('explains the analysis in words, grouped by question', async () => {
    renderPage();
    const findings = await screen.findByTestId('findings');
    const items = within(findings).getAllByTestId('finding');
    expect(items.map((f) => f.dataset.kind)).toEqual(['key_person', 'far_above_working_level', 'decision_role_gap']);
    expect(items[0]).toHaveTextContent('Ingrid Solberg holds 63% of the total strength');

    const group = (title: string) => within(findings).getByRole('heading', { name: title }).parentElement!;
    expect(group('Key-person risk')).toContainElement(items[0]);
    expect(group('Level fit')).toContainElement(items[1]);
    expect(group('Coverage')).toContainElement(items[2]);
    expect(within(findings).queryByRole('heading', { name: 'Mix' })).not.toBeInTheDocument();

    expect(screen.getByTestId('dimension-mix')).toHaveTextContent('Formal 38%');
    expect(screen.getByTestId('dimension-mix')).toHaveTextContent('Personal 63%');
    expect(screen.getByTestId('dimension-mix')).toHaveTextContent('Proxied 0%');
    expect(screen.getByTestId('working-level')).toHaveTextContent('Level 3');
    expect(screen.getByTestId('coverage-roles')).toHaveTextContent('Connected: Decision maker and Influencer.');
    expect(screen.getByTestId('coverage-roles')).toHaveTextContent('Not connected: User.');
    expect(screen.getByTestId('coverage-functions')).toHaveTextContent('Executive and Sales.');
    expect(screen.getByTestId('coverage-champion')).toHaveTextContent('Yes');
  });

  it('selects a finding’s person on the map, with the risks marked', async () => {
    const { user } = renderPage();
    const first = (await screen.findAllByTestId('finding'))[0];
    await user.click(within(first).getByRole('button', { name: 'Ingrid Solberg' }));

    expect(screen.getByTestId('tab-map')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('map-status')).toHaveTextContent('Ingrid Solberg selected');
    const node = screen.getAllByTestId('map-person').find((n) => n.dataset.personId === 'our-ceo')!;
    expect(node).toHaveAttribute('aria-pressed', 'true');
    expect(within(node).getByTestId('risk-key-person')).toBeInTheDocument();
    expect(screen.getByTestId('risk-far-above')).toHaveAttribute('data-tie-id', 'c-ceo');
  });

  it('moves between tabs with the arrow keys', async () => {
    const { user } = renderPage();
    await screen.findByTestId('account-title');
    screen.getByTestId('tab-overview').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('tab-people')).toHaveFocus();
    expect(screen.getByTestId('tab-people')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('their-people')).toBeVisible();
    await user.keyboard('{End}');
    expect(screen.getByTestId('tab-feedback')).toHaveAttribute('aria-selected', 'true');
  });

  it('shows the blueprints with Ctrl+7', async () => {
    const { user, calls } = renderPage();
    await screen.findByTestId('account-title');
    await user.keyboard('{Control>}7{/Control}');
    expect(screen.getByTestId('tab-blueprint')).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByTestId('account-blueprints-empty')).toHaveTextContent('No blueprint for Brightwater Foods yet.');
    expect(callsTo(calls, 'blueprint_list')[0]?.args).toEqual({ accountId: 'acc-1' });
  });

  it('shows health with Ctrl+8, and feedback and stories with Ctrl+9', async () => {
    const { user, calls } = renderPage({
      handlers: { account_care: () => care(), feedback_list: () => [], story_list: () => [], story_departments: () => [] },
    });
    await screen.findByTestId('account-title');
    await user.keyboard('{Control>}8{/Control}');
    expect(await screen.findByTestId('care-panel')).toBeInTheDocument();
    await user.keyboard('{Control>}9{/Control}');
    expect(await screen.findByTestId('feedback-panel')).toBeInTheDocument();
    expect(await screen.findByTestId('stories-panel')).toBeInTheDocument();
    expect(callsTo(calls, 'feedback_list')[0]?.args).toEqual({ accountId: 'acc-1' });
  });

  it('goes back on Escape when no form is open, not while one is', async () => {
    const { user, onBack } = renderPage();
    await screen.findByTestId('account-title');
    await user.click(screen.getByTestId('tab-people'));
    await user.click(screen.getByTestId('add-their-person'));
    screen.getByTestId('tab-people').focus();
    await user.keyboard('{Escape}');
    expect(onBack).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('person-cancel'));
    expect(screen.queryByTestId('person-form')).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(onBack).toHaveBeenCalledTimes(1);
    await user.click(screen.getByTestId('back-button'));
    expect(onBack).toHaveBeenCalledTimes(2);
  });
});

describe('details, saved as the user goes', () => {
  it('sends the full input when a field is left', async () => {
    const { user, calls } = renderPage();
    const industry = await screen.findByTestId('account-field-industry');
    await user.clear(industry);
    await user.type(industry, 'Frozen foods');
    await user.tab();

    await waitFor(() => expect(screen.getByTestId('details-save-status')).toHaveTextContent('Saved'));
    const sent = callsTo(calls, 'account_update');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args?.id).toBe('acc-1');
    expect(sent[0]?.args?.input).toEqual({
      name: 'Brightwater Foods',
      industry: 'Frozen foods',
      region: 'Nordics',
      tier: 'strategic',
      status: 'active',
      currency: 'EUR',
      annual_revenue: 4_000_000,
      annual_margin: 600_000,
      owner_id: 'our-am',
      sponsor_id: null,
      business_environment: 'Consolidating suppliers.',
      customer_strategy: null,
      mutual_goals: null,
      last_customer_review: '2026-01-20',
      next_customer_review: null,
      last_internal_review: null,
      next_internal_review: null,
    } satisfies Required<AccountInput>);
    expect(screen.getByTestId('margin-share')).toHaveTextContent('15% of revenue');
  });

  it('saves a choice at once: the sponsor from our active people', async () => {
    const { user, calls } = renderPage();
    const sponsor = await screen.findByTestId('account-field-sponsor_id');
    await waitFor(() => expect(within(sponsor).getByRole('option', { name: /Aiko Brandvold/ })).toBeInTheDocument());
    await user.selectOptions(sponsor, 'our-fin');
    await waitFor(() => expect(callsTo(calls, 'account_update')).toHaveLength(1));
    expect(inputOf<AccountInput>(calls, 'account_update')).toMatchObject({ sponsor_id: 'our-fin', owner_id: 'our-am' });
  });

  it('keeps the input and shows the core’s message under the field it names', async () => {
    const { user, calls } = renderPage({
      handlers: {
        account_update: () => ipcFailure('validation', 'currency: must be three letters, e.g. EUR', 'currency'),
      },
    });
    const currency = await screen.findByTestId('account-field-currency');
    await user.clear(currency);
    await user.type(currency, 'EU');
    await user.tab();

    expect(await screen.findByTestId('account-error-currency')).toHaveTextContent('Currency: must be three letters, e.g. EUR');
    expect(screen.getByTestId('details-save-status')).toHaveTextContent("Couldn't save");
    expect(currency).toHaveValue('EU');
    expect(currency).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(currency).toHaveFocus());
    expect(inputOf<AccountInput>(calls, 'account_update').currency).toBe('EU');

    // Other writes refresh the view; the user's unsaved text must survive it.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(currency).toHaveValue('EU');
  });

  it('does not send an amount that is not a whole number', async () => {
    const { user, calls } = renderPage();
    const revenue = await screen.findByTestId('account-field-annual_revenue');
    await user.clear(revenue);
    await user.type(revenue, '4.5m');
    await user.tab();
    expect(await screen.findByTestId('account-error-annual_revenue')).toHaveTextContent('whole number');
    expect(revenue).toHaveValue('4.5m');
    expect(callsTo(calls, 'account_update')).toHaveLength(0);
  });
});

describe('people', () => {
  it('lists their people by level, with left ones marked', async () => {
    const { user } = renderPage();
    await user.click(await screen.findByTestId('tab-people'));
    const rows = screen.getAllByTestId('their-person-row');
    expect(rows.map((r) => r.dataset.personId)).toEqual(['th-ceo', 'th-ops', 'th-buyer']);
    expect(rows[1]).toHaveTextContent('Marguerite Okonkwo'); // reports to
    expect(rows[1]).toHaveTextContent('Champion');
    expect(rows[2]).toHaveTextContent('Left');
    expect(within(rows[2]).getByTestId('person-toggle-active')).toHaveTextContent('Back');
  });

  it('adds one of theirs with the account and side', async () => {
    const created = person({ id: 'th-new', name: 'Saoirse Lindqvist', org_level: 2 });
    const { user, calls } = renderPage({ handlers: { person_create: () => created } });
    await user.click(await screen.findByTestId('tab-people'));
    await user.click(screen.getByTestId('add-their-person'));
    expect(screen.getByTestId('person-name-input')).toHaveFocus();
    await user.type(screen.getByTestId('person-name-input'), 'Saoirse Lindqvist');
    await user.type(screen.getByTestId('person-title-input'), 'CFO');
    await user.type(screen.getByTestId('person-level-input'), '2');
    await user.selectOptions(screen.getByTestId('person-reports-to-select'), 'th-ceo');
    await user.selectOptions(screen.getByTestId('person-role-select'), 'approver');
    await user.click(screen.getByTestId('person-submit'));

    await waitFor(() => expect(screen.queryByTestId('person-form')).not.toBeInTheDocument());
    expect(inputOf<Person>(calls, 'person_create')).toEqual({
      side: 'theirs',
      account_id: 'acc-1',
      name: 'Saoirse Lindqvist',
      title: 'CFO',
      function: null,
      department: null,
      org_level: 2,
      reports_to_id: 'th-ceo',
      decision_role: 'approver',
      disposition: null,
      email: null,
      phone: null,
      notes: null,
      active: true,
    });
    expect(callsTo(calls, 'account_view').length).toBeGreaterThan(1);
  });

  it('keeps the input and points at the level the core rejected', async () => {
    const { user, calls } = renderPage({
      handlers: { person_create: () => ipcFailure('validation', 'org_level: must be between 1 (the top) and 12', 'org_level') },
    });
    await user.click(await screen.findByTestId('tab-people'));
    await user.click(screen.getByTestId('add-their-person'));
    await user.type(screen.getByTestId('person-name-input'), 'Oskar Mbeki{Enter}');
    // Checked before sending: the level is required.
    expect(screen.getByTestId('person-error-org_level')).toHaveTextContent('Org level is required');
    expect(callsTo(calls, 'person_create')).toHaveLength(0);

    await user.type(screen.getByTestId('person-level-input'), '9{Enter}');
    expect(await screen.findByTestId('person-error-org_level')).toHaveTextContent('Org_level: must be between 1');
    expect(screen.getByTestId('person-name-input')).toHaveValue('Oskar Mbeki');
    await waitFor(() => expect(screen.getByTestId('person-level-input')).toHaveFocus());
  });

  it('adds one of ours with a function, then offers a tie from them', async () => {
    const created = ourPerson({ id: 'our-new', name: 'Bjarne Holt', function: 'logistics', org_level: 4 });
    const { user, calls } = renderPage({ handlers: { person_create: () => created } });
    await user.click(await screen.findByTestId('tab-people'));
    await user.click(screen.getByTestId('add-our-person'));
    await user.type(screen.getByTestId('person-name-input'), 'Bjarne Holt');
    await user.selectOptions(screen.getByTestId('person-function-select'), 'logistics');
    await user.type(screen.getByTestId('person-level-input'), '4');
    await user.click(screen.getByTestId('person-submit'));

    expect(await screen.findByTestId('connection-form')).toBeInTheDocument();
    expect(inputOf<Person>(calls, 'person_create')).toMatchObject({
      side: 'ours',
      account_id: null,
      name: 'Bjarne Holt',
      function: 'logistics',
      org_level: 4,
      reports_to_id: null,
      decision_role: null,
      disposition: null,
    });
    expect(screen.getByTestId('connection-ours-select')).toHaveValue('our-new');
  });

  it('marks one of theirs as left with the full input', async () => {
    const { user, calls } = renderPage({ handlers: { person_update: (args) => ({ ...person({ id: 'th-ops', name: 'Kenji Abara' }), ...(args?.input as object), active: false }) } });
    await user.click(await screen.findByTestId('tab-people'));
    const row = screen.getAllByTestId('their-person-row')[1];
    await user.click(within(row).getByTestId('person-toggle-active'));
    await waitFor(() => expect(callsTo(calls, 'person_update')).toHaveLength(1));
    expect(callsTo(calls, 'person_update')[0]?.args).toEqual({
      id: 'th-ops',
      input: expect.objectContaining({
        side: 'theirs',
        account_id: 'acc-1',
        name: 'Kenji Abara',
        department: 'Operations',
        reports_to_id: 'th-ceo',
        disposition: 'champion',
        active: false,
      }) as unknown,
    });
  });

  it('deletes to the trash and Undo restores', async () => {
    const { user, calls } = renderPage({ handlers: { trash_delete: () => null, trash_restore: () => null } });
    await user.click(await screen.findByTestId('tab-people'));
    const row = screen.getAllByTestId('their-person-row')[0];
    await user.click(within(row).getByTestId('person-delete'));

    expect(await screen.findByTestId('toast')).toHaveTextContent('Marguerite Okonkwo moved to the trash.');
    expect(callsTo(calls, 'trash_delete')[0]?.args).toEqual({ kind: 'person', id: 'th-ceo' });
    await user.click(screen.getByTestId('undo-button'));
    await waitFor(() => expect(callsTo(calls, 'trash_restore')[0]?.args).toEqual({ kind: 'person', id: 'th-ceo' }));
    expect(await screen.findByText('Marguerite Okonkwo restored.')).toBeInTheDocument();
  });
});

describe('ties', () => {
  it('requires the intermediary only for a proxied tie, then sends the tie', async () => {
    const created = connection({ id: 'c-new', ours_id: 'our-fin', theirs_id: 'th-ops', dimension: 'proxied' });
    const { user, calls } = renderPage({ handlers: { connection_create: () => created } });
    await user.click(await screen.findByTestId('tab-people'));
    await user.click(screen.getByTestId('add-connection'));
    const ours = screen.getByTestId('connection-ours-select');
    expect(ours).toHaveFocus();
    await waitFor(() => expect(within(ours).getByRole('option', { name: /Aiko Brandvold/ })).toBeInTheDocument());
    await user.selectOptions(ours, 'our-fin');
    // Rosa has left: not offered for a new tie.
    expect(within(screen.getByTestId('connection-theirs-select')).queryByRole('option', { name: /Rosa Delgado/ })).toBeNull();
    await user.selectOptions(screen.getByTestId('connection-theirs-select'), 'th-ops');

    expect(screen.queryByTestId('connection-intermediary-input')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('connection-dimension-proxied'));
    const intermediary = screen.getByTestId('connection-intermediary-input');
    await user.click(screen.getByTestId('connection-strength-4'));
    await user.click(screen.getByTestId('connection-submit'));
    expect(screen.getByTestId('connection-error-intermediary')).toHaveTextContent('Name who the proxied tie runs through.');
    expect(intermediary).toHaveFocus();
    expect(callsTo(calls, 'connection_create')).toHaveLength(0);

    await user.type(intermediary, 'Lotta Rask (auditor)');
    await user.type(screen.getByTestId('connection-cadence-input'), '45');
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(screen.queryByTestId('connection-form')).not.toBeInTheDocument());
    expect(inputOf<Connection>(calls, 'connection_create')).toEqual({
      ours_id: 'our-fin',
      theirs_id: 'th-ops',
      dimension: 'proxied',
      intermediary: 'Lotta Rask (auditor)',
      strength: 4,
      cadence_days: 45,
      notes: null,
    });
  });

  it('shows the core’s message under strength and keeps the choices', async () => {
    const { user } = renderPage({
      handlers: { connection_create: () => ipcFailure('validation', 'strength: must be between 1 (weak) and 5 (strong)', 'strength') },
    });
    await user.click(await screen.findByTestId('tab-people'));
    await user.click(screen.getByTestId('add-connection'));
    await user.selectOptions(screen.getByTestId('connection-ours-select'), 'our-am');
    await user.selectOptions(screen.getByTestId('connection-theirs-select'), 'th-ceo');
    await user.click(screen.getByTestId('connection-strength-2'));
    await user.click(screen.getByTestId('connection-submit'));
    expect(await screen.findByTestId('connection-error-strength')).toHaveTextContent('Strength: must be between 1');
    expect(screen.getByTestId('connection-strength-2')).toBeChecked();
    expect(screen.getByTestId('connection-ours-select')).toHaveValue('our-am');
  });

  it('deletes a tie to the trash', async () => {
    const { user, calls } = renderPage({ handlers: { trash_delete: () => null } });
    await user.click(await screen.findByTestId('tab-people'));
    await user.click(within(screen.getAllByTestId('connection-row')[0]).getByTestId('connection-delete'));
    await waitFor(() => expect(callsTo(calls, 'trash_delete')[0]?.args).toEqual({ kind: 'connection', id: 'c-ceo' }));
    expect(await screen.findByTestId('toast')).toHaveTextContent('Ingrid Solberg ↔ Marguerite Okonkwo moved to the trash.');
  });
});

describe('interactions', () => {
  it('keeps a half-written interaction and person through other tabs and leaving the page; Cancel drops them', async () => {
    const { user, rerender } = renderPage();
    await user.click(await screen.findByTestId('tab-interactions'));
    await user.click(screen.getByTestId('add-interaction'));
    await user.type(screen.getByTestId('interaction-summary-input'), 'Talked about the renewal');
    await user.click(screen.getByTestId('tab-people'));
    await user.click(screen.getByTestId('add-their-person'));
    await user.type(screen.getByTestId('person-name-input'), 'Saoirse Lind');

    rerender(<p>elsewhere</p>);
    rerender(<AccountPage accountId="acc-1" onBack={vi.fn()} />);
    await user.click(await screen.findByTestId('tab-people'));
    expect(screen.getByTestId('person-name-input')).toHaveValue('Saoirse Lind');
    await user.click(screen.getByTestId('tab-interactions'));
    expect(screen.getByTestId('interaction-summary-input')).toHaveValue('Talked about the renewal');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByTestId('add-interaction'));
    expect(screen.getByTestId('interaction-summary-input')).toHaveValue('');
  });

  it('logs an interaction with people from both sides', async () => {
    const created = interaction({ id: 'i-new', kind: 'call', summary: 'Budget call' });
    const { user, calls } = renderPage({ handlers: { interaction_create: () => created } });
    await user.click(await screen.findByTestId('tab-interactions'));
    const rows = screen.getAllByTestId('interaction-row');
    expect(rows[0]).toHaveTextContent('Site visit');
    expect(rows[0]).toHaveTextContent('Tomas Virtanen, Kenji Abara');
    expect(rows[0]).toHaveTextContent('Agreed a pilot.');

    await user.click(screen.getByTestId('add-interaction'));
    const date = screen.getByTestId('interaction-date-input');
    expect(date).toHaveFocus();
    expect(date).toHaveValue(today());
    await user.selectOptions(screen.getByTestId('interaction-kind-select'), 'call');
    await user.click(screen.getByTestId('interaction-person-our-ceo'));
    await user.click(screen.getByTestId('interaction-person-th-ceo'));
    await user.click(screen.getByTestId('interaction-submit'));
    expect(screen.getByTestId('interaction-error-summary')).toHaveTextContent('Summary is required');
    expect(screen.getByTestId('interaction-summary-input')).toHaveFocus();

    await user.type(screen.getByTestId('interaction-summary-input'), 'Budget call');
    await user.type(screen.getByTestId('interaction-followups-input'), 'Send the revised quote');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(screen.queryByTestId('interaction-form')).not.toBeInTheDocument());
    expect(inputOf<Interaction>(calls, 'interaction_create')).toEqual({
      account_id: 'acc-1',
      occurred_on: today(),
      kind: 'call',
      people: ['our-ceo', 'th-ceo'],
      summary: 'Budget call',
      outcomes: null,
      follow_ups: 'Send the revised quote',
      private: false,
    });
  });

  it('records the promises typed under an interaction with it, one line each; a blank line is left out', async () => {
    const created = interaction({ id: 'i-new', kind: 'call', summary: 'Budget call' });
    const { user, calls } = renderPage({
      handlers: { interaction_create: () => created, commitment_create_many: (args) => args?.inputs },
    });
    await user.click(await screen.findByTestId('tab-interactions'));
    await user.click(screen.getByTestId('add-interaction'));
    await user.type(screen.getByTestId('interaction-summary-input'), 'Budget call');
    await user.click(screen.getByTestId('promise-draft-add'));
    await user.type(screen.getByTestId('promise-draft-what'), 'Send the revised quote');
    await user.type(screen.getByTestId('promise-draft-due'), '2026-12-15');
    await user.click(screen.getByTestId('promise-draft-add'));
    const sides = screen.getAllByTestId('promise-draft-side');
    await user.selectOptions(sides[1], 'theirs');
    await user.type(screen.getAllByTestId('promise-draft-what')[1], 'Share the budget figures');
    await user.click(screen.getByTestId('promise-draft-add'));
    await user.click(screen.getByTestId('interaction-submit'));
    await waitFor(() => expect(screen.queryByTestId('interaction-form')).not.toBeInTheDocument());
    const sent = callsTo(calls, 'commitment_create_many')[0]?.args?.inputs;
    expect(sent).toEqual([
      {
        account_id: 'acc-1',
        side: 'ours',
        by_person_id: null,
        to_person_id: null,
        what: 'Send the revised quote',
        made_on: today(),
        due_on: '2026-12-15',
        meeting_id: null,
        interaction_id: 'i-new',
      },
      {
        account_id: 'acc-1',
        side: 'theirs',
        by_person_id: null,
        to_person_id: null,
        what: 'Share the budget figures',
        made_on: today(),
        due_on: null,
        meeting_id: null,
        interaction_id: 'i-new',
      },
    ]);
  });

  it('marks an interaction private, and the log says so', async () => {
    const created = interaction({ id: 'i-private', kind: 'social', summary: 'Dinner, off the record', private: true });
    const { user, calls } = renderPage({ handlers: { interaction_create: () => created } });
    await user.click(await screen.findByTestId('tab-interactions'));
    await user.click(screen.getByTestId('add-interaction'));
    await user.type(screen.getByTestId('interaction-summary-input'), 'Dinner, off the record');
    await user.click(screen.getByTestId('interaction-private'));
    await user.click(screen.getByTestId('interaction-submit'));
    await waitFor(() => expect(screen.queryByTestId('interaction-form')).not.toBeInTheDocument());
    expect(inputOf<Interaction>(calls, 'interaction_create')).toMatchObject({ summary: 'Dinner, off the record', private: true });
  });

  it('pages through older interactions', async () => {
    const first = Array.from({ length: 25 }, (_, i) => interaction({ id: `i-${i}`, summary: `Recent ${i}` }));
    const older = Array.from({ length: 5 }, (_, i) => interaction({ id: `o-${i}`, summary: `Older ${i}`, occurred_on: '2025-06-01' }));
    const { user, calls } = renderPage({
      view: accountView({ interactions: first, interaction_count: 30 }),
      handlers: { interaction_list: () => older },
    });
    await user.click(await screen.findByTestId('tab-interactions'));
    expect(screen.getAllByTestId('interaction-row')).toHaveLength(25);
    await user.click(screen.getByTestId('interactions-more'));
    await waitFor(() => expect(screen.getAllByTestId('interaction-row')).toHaveLength(30));
    expect(callsTo(calls, 'interaction_list')[0]?.args).toEqual({ accountId: 'acc-1', offset: 25, limit: 25 });
    expect(screen.queryByTestId('interactions-more')).not.toBeInTheDocument();
  });

  it('cancels the form with Escape without leaving the page', async () => {
    const { user, onBack } = renderPage();
    await user.click(await screen.findByTestId('tab-interactions'));
    await user.click(screen.getByTestId('add-interaction'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('interaction-form')).not.toBeInTheDocument();
    expect(screen.getByTestId('add-interaction')).toHaveFocus();
    expect(onBack).not.toHaveBeenCalled();
  });
});

describe('deleting the account', () => {
  it('moves it to the trash, goes back, and Undo restores it', async () => {
    const { user, calls, onBack } = renderPage({ handlers: { trash_delete: () => null, trash_restore: () => null } });
    await user.click(await screen.findByTestId('delete-account'));
    await waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'trash_delete')[0]?.args).toEqual({ kind: 'account', id: 'acc-1' });
    expect(screen.getByTestId('toast')).toHaveTextContent('Brightwater Foods moved to the trash.');

    await user.click(screen.getByTestId('undo-button'));
    await waitFor(() => expect(callsTo(calls, 'trash_restore')[0]?.args).toEqual({ kind: 'account', id: 'acc-1' }));
  });

  it('stays and says why when the trash refuses', async () => {
    const { user, onBack } = renderPage({ handlers: { trash_delete: () => ipcFailure('locked', 'The vault is locked.') } });
    await user.click(await screen.findByTestId('delete-account'));
    expect(await screen.findByTestId('toast')).toHaveTextContent("Couldn't delete Brightwater Foods: The vault is locked.");
    expect(onBack).not.toHaveBeenCalled();
  });
});
