import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NavigateContext } from '../frame/routes';
import type { Blueprint, BlueprintCommand, BlueprintView } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { BlueprintPage } from './BlueprintPage';
import { ANA, BEN, blueprint, fakeCore, goal, idea } from './fixtures';

afterEach(() => clearToasts());

function renderPage(start: Blueprint, options: { handlers?: Record<string, IpcHandler>; view?: Partial<BlueprintView> } = {}) {
  const core = fakeCore(start, options.view);
  const navigate = vi.fn();
  const calls = mockCommands({
    blueprint_view: () => core.current(),
    blueprint_apply: (args) => core.apply(args?.command as BlueprintCommand),
    blueprint_save_draft: () => null,
    ...options.handlers,
  });
  const rendered = renderWithProviders(
    <NavigateContext.Provider value={navigate}>
      <BlueprintPage blueprintId={start.id} />
      <Toaster />
    </NavigateContext.Provider>,
  );
  return { ...rendered, calls, core, navigate };
}

const commandsSent = (calls: ReturnType<typeof mockCommands>) =>
  callsTo(calls, 'blueprint_apply').map((c) => c.args?.command as BlueprintCommand);

const ideas = [
  idea({ id: 'i1', text: 'Predictive maintenance', participant_id: ANA.id }),
  idea({ id: 'i2', text: 'Fix late spare parts', kind: 'implementation_failure' }),
  idea({ id: 'i3', text: 'Meet the new COO', kind: 'relationship' }),
];

describe('the blueprint page', () => {
  it('shows the account, period, revision and all seven stages with the current one', async () => {
    renderPage(blueprint({ stage: 'ideas' }));
    expect(await screen.findByTestId('blueprint-title')).toHaveTextContent('Brightwater Foods');
    expect(screen.getByTestId('revision-badge')).toHaveTextContent('Revision 1');
    for (const s of ['frame', 'ideas', 'prioritise', 'goals', 'people', 'approve', 'track']) {
      expect(screen.getByTestId(`stage-${s}`)).toBeInTheDocument();
    }
    expect(screen.getByTestId('stage-ideas')).toHaveAttribute('aria-current', 'step');
    expect(screen.getByTestId('stage-frame')).not.toHaveAttribute('aria-current');
    expect(screen.getByTestId('idea-input')).toHaveFocus();
  });

  it('adds an idea with Enter, clears the box and keeps it focused for the next', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'ideas' }));
    const input = await screen.findByTestId('idea-input');
    await user.type(input, 'Joint roadmap with their R&D{Enter}');
    expect(input).toHaveValue('');
    expect(input).toHaveFocus();
    await waitFor(() => expect(screen.getAllByTestId('idea-row')).toHaveLength(1));
    expect(screen.getByTestId('idea-row')).toHaveTextContent('Joint roadmap with their R&D');
    const sent = commandsSent(calls)[0];
    expect(sent).toMatchObject({ command: 'add_idea', text: 'Joint roadmap with their R&D', participant_id: null, kind: 'innovation' });
    expect(sent && 'id' in sent && sent.id).toMatch(/^[0-9a-f-]{36}$/);

    await user.type(input, 'Second{Enter}Third{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('idea-row')).toHaveLength(3));
    // Newest first, next to the box.
    expect(screen.getAllByTestId('idea-row')[0]).toHaveTextContent('Third');
  });

  it('keeps what is typed as a draft, and brings it back on load', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'ideas' }), {
      view: { drafts: [{ slot: 'idea', text: 'Half an idea about' }] },
    });
    const input = await screen.findByTestId('idea-input');
    expect(input).toHaveValue('Half an idea about');
    await user.type(input, ' pricing');
    await waitFor(() =>
      expect(callsTo(calls, 'blueprint_save_draft').at(-1)?.args).toEqual({ id: 'bp-1', slot: 'idea', text: 'Half an idea about pricing' }),
    );
    // Once, after the pause, not on every key.
    expect(callsTo(calls, 'blueprint_save_draft')).toHaveLength(1);
  });

  it('tags who and what kind with Alt keys, sticky across ideas', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'ideas' }));
    const input = await screen.findByTestId('idea-input');
    await user.keyboard('{Alt>}2{/Alt}{Alt>}f{/Alt}');
    const who = screen.getByTestId('capture-who');
    expect(within(who).getByRole('button', { pressed: true })).toHaveTextContent(BEN.name);
    expect(within(screen.getByTestId('capture-kind')).getByRole('button', { pressed: true })).toHaveTextContent('Implementation failure to fix');
    expect(input).toHaveValue('');
    await user.type(input, 'Spare parts arrive late{Enter}Installers lack the manual{Enter}');
    await waitFor(() => expect(commandsSent(calls)).toHaveLength(2));
    for (const sent of commandsSent(calls)) {
      expect(sent).toMatchObject({ command: 'add_idea', participant_id: BEN.id, kind: 'implementation_failure' });
    }
    await user.keyboard('{Alt>}0{/Alt}{Alt>}k{/Alt}Churn risk{Enter}');
    await waitFor(() => expect(commandsSent(calls)).toHaveLength(3));
    expect(commandsSent(calls)[2]).toMatchObject({ participant_id: null, kind: 'risk', text: 'Churn risk' });
  });

  it('shows a refusal next to the box and gives the text back', async () => {
    const { user } = renderPage(blueprint({ stage: 'ideas' }), {
      handlers: { blueprint_apply: () => ipcFailure('validation', 'keep it under 4000 characters', 'text') },
    });
    const input = await screen.findByTestId('idea-input');
    await user.type(input, 'A very long idea{Enter}');
    expect(await screen.findByTestId('idea-input-error')).toHaveTextContent('Keep it under 4000 characters');
    expect(input).toHaveValue('A very long idea');
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('works the idea list from the keyboard: kind, who, edit, merge and split', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'ideas', ideas: structuredClone(ideas) }));
    const list = await screen.findByTestId('idea-list');
    act(() => list.focus());
    // Newest first: the active row is "Meet the new COO".
    expect(screen.getAllByTestId('idea-row')[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('g');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'edit_idea', id: 'i3', kind: 'growth' }));
    await user.keyboard('1');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'edit_idea', id: 'i3', participant_id: ANA.id }));
    // Two keys at speech speed: the second builds on the first.
    await user.keyboard('r2');
    await waitFor(() =>
      expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'edit_idea', id: 'i3', kind: 'relationship', participant_id: BEN.id }),
    );

    // E edits in place.
    await user.keyboard('{ArrowDown}e');
    const edit = screen.getByTestId('idea-edit');
    expect(edit).toHaveFocus();
    await user.clear(edit);
    await user.keyboard('Fix late spare parts in the north{Enter}');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'edit_idea', id: 'i2', text: 'Fix late spare parts in the north' }));
    await waitFor(() => expect(list).toHaveFocus());

    // M marks the duplicate, M on the one to keep merges it.
    await user.keyboard('m');
    expect(screen.getAllByTestId('idea-row')[1]).toHaveAttribute('data-marked', 'true');
    await user.keyboard('{ArrowDown}m');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toEqual({ command: 'merge_ideas', keep: 'i1', duplicate: 'i2' }));
    await waitFor(() => expect(screen.getAllByTestId('idea-row')).toHaveLength(2));
    expect(screen.getByTestId('idea-merged')).toHaveTextContent('+1 merged');

    // S splits: one idea per line.
    await user.keyboard('s');
    const split = screen.getByTestId('idea-split');
    await user.clear(split);
    await user.type(split, 'Predictive maintenance{Enter}Remote monitoring{Enter}Usage reports');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'split_idea', id: 'i1', text: 'Predictive maintenance' }));
    const sent = commandsSent(calls).at(-1);
    expect(sent?.command === 'split_idea' && sent.parts.map((p) => p.text)).toEqual(['Remote monitoring', 'Usage reports']);
    await waitFor(() => expect(screen.getAllByTestId('idea-row')).toHaveLength(4));
    // Splitting did not also move the blueprint on.
    expect(commandsSent(calls).some((c) => c.command === 'advance')).toBe(false);
  });

  it('scores impact and effort, votes and chooses with single keys', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'prioritise', ideas: structuredClone(ideas) }));
    const list = await screen.findByTestId('score-list');
    act(() => list.focus());
    await user.keyboard('4');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toEqual({ command: 'score_idea', id: 'i1', impact: 4, effort: null }));
    await user.keyboard('{Shift>}2{/Shift}');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toEqual({ command: 'score_idea', id: 'i1', impact: 4, effort: 2 }));
    expect(within(screen.getAllByTestId('score-row')[0]).getByTestId('idea-impact')).toHaveTextContent('4');
    expect(await screen.findByTestId('chart-point')).toHaveAttribute('data-id', 'i1');

    // Voting needs a voter: Alt+1 is Ana.
    await user.keyboard('v');
    expect(await screen.findByTestId('score-refused')).toHaveTextContent('Say who is voting first');
    await user.keyboard('{Alt>}1{/Alt}vv');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toEqual({ command: 'vote', participant_id: ANA.id, idea_id: 'i1', votes: 2 }));
    expect(screen.getByTestId('votes-left')).toHaveTextContent('8 of 10 votes left');
    await user.keyboard('{Shift>}v{/Shift}');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'vote', votes: 1 }));

    await user.keyboard('{ArrowDown} ');
    await waitFor(() => expect(commandsSent(calls).at(-1)).toEqual({ command: 'choose_idea', id: 'i2', chosen: true }));
    expect(screen.getAllByTestId('score-row')[1]).toHaveAttribute('data-chosen', 'true');
  });

  it('moves on with Ctrl+Enter and explains a refusal', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'frame', participants: [] }), {
      handlers: {
        blueprint_apply: () => ipcFailure('refused', 'add at least one participant first'),
      },
    });
    await screen.findByTestId('frame-panel');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByTestId('stage-refused')).toHaveTextContent('Add at least one participant first');
    expect(commandsSent(calls)).toEqual([{ command: 'advance' }]);
  });

  it('advances to the next stage and shows its panel', async () => {
    const { user } = renderPage(blueprint({ stage: 'frame' }));
    await user.click(await screen.findByTestId('advance'));
    await waitFor(() => expect(screen.getByTestId('stage-ideas')).toHaveAttribute('aria-current', 'step'));
    expect(screen.getByTestId('idea-input')).toBeInTheDocument();
  });

  it('makes a goal from a chosen idea and saves its fields as they are typed', async () => {
    const chosen = [idea({ id: 'i1', text: 'Predictive maintenance\nfor the whole fleet', chosen: true })];
    const { user, calls } = renderPage(blueprint({ stage: 'goals', ideas: chosen }));
    await user.click(await screen.findByTestId('make-goal'));
    const title = await screen.findByTestId('goal-title');
    await waitFor(() => expect(title).toHaveFocus());
    expect(title).toHaveValue('Predictive maintenance');
    expect(commandsSent(calls)[0]).toMatchObject({ command: 'make_goal', title: 'Predictive maintenance', idea_ids: ['i1'] });

    await user.selectOptions(screen.getByTestId('goal-owner'), ANA.id);
    await user.selectOptions(screen.getByTestId('goal-counterpart'), 'p-coo');
    expect(within(screen.getByTestId('goal-counterpart')).queryByText('Old Timer')).not.toBeInTheDocument();
    fireEvent.change(screen.getByTestId('goal-target_date'), { target: { value: '2027-09-30' } });
    await user.type(screen.getByTestId('goal-metric'), 'fleet uptime');
    await user.type(screen.getByTestId('goal-unit'), '%');
    await user.type(screen.getByTestId('goal-baseline'), '90');
    await user.type(screen.getByTestId('goal-target'), '98,5');
    await user.tab();
    await waitFor(() =>
      expect(commandsSent(calls).at(-1)).toMatchObject({
        command: 'edit_goal',
        title: 'Predictive maintenance',
        owner: { id: ANA.id, side: 'ours' },
        counterpart: { id: 'p-coo', side: 'theirs' },
        target_date: '2027-09-30',
        measure: { metric: 'fleet uptime', unit: '%', baseline: 90, target: 98.5 },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('goal-save-status')).toHaveTextContent('Saved'));
  });

  it('shows a refused goal field next to it and keeps what was typed', async () => {
    const g = goal({ id: 'g1', title: 'Raise uptime', idea_ids: ['i1'] });
    const { user, calls } = renderPage(blueprint({ stage: 'goals', goals: [g] }), {
      handlers: { blueprint_apply: () => ipcFailure('validation', 'cannot be empty', 'title') },
    });
    const title = await screen.findByTestId('goal-title');
    await user.clear(title);
    await user.tab();
    expect(await screen.findByTestId('goal-error-title')).toHaveTextContent('Cannot be empty');
    expect(title).toHaveValue('');
    // What is not saved is kept as a draft for the goal.
    await waitFor(() => expect(callsTo(calls, 'blueprint_save_draft').some((c) => c.args?.slot === 'goal:g1')).toBe(true));
  });

  it('lets the sponsor send it back with a comment, and approve', async () => {
    const g = goal({ id: 'g1', title: 'Raise uptime', owner_id: ANA.id, target_date: '2027-09-30', measure: { metric: 'uptime', unit: '%', baseline: 90, target: 98 } });
    const start = blueprint({ stage: 'approve', goals: [g] });
    const { user, calls, core } = renderPage(start, {
      view: { drafts: [{ slot: 'comment', text: 'Add a finance' }] },
      handlers: {
        blueprint_apply: (args) => {
          const command = args?.command as BlueprintCommand;
          if (command.command === 'send_back' && command.comment.trim() === '') {
            return ipcFailure('validation', 'say what should change when sending it back', 'comment');
          }
          return core.apply(command);
        },
      },
    });
    const comment = await screen.findByTestId('approve-comment');
    expect(comment).toHaveValue('Add a finance');
    await user.clear(comment);
    await user.click(screen.getByTestId('send-back'));
    expect(await screen.findByTestId('approve-comment-error')).toHaveTextContent('Say what should change');
    await user.type(comment, 'Add a finance goal.');
    await user.click(screen.getByTestId('send-back'));
    await waitFor(() => expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'send_back', comment: 'Add a finance goal.' }));
    await waitFor(() => expect(screen.getByTestId('stage-goals')).toHaveAttribute('aria-current', 'step'));
    expect(screen.getByTestId('sent-back')).toHaveTextContent('Sent back by Eva Strand: Add a finance goal.');
    await waitFor(() => expect(callsTo(calls, 'blueprint_save_draft').at(-1)?.args).toMatchObject({ slot: 'comment', text: '' }));
  });

  it('approves with a comment and freezes the plan', async () => {
    const g = goal({ id: 'g1', title: 'Raise uptime', owner_id: ANA.id, target_date: '2027-09-30', measure: { metric: 'uptime', unit: '%', baseline: 90, target: 98 } });
    const { user, calls } = renderPage(blueprint({ stage: 'approve', goals: [g] }));
    await user.type(await screen.findByTestId('approve-comment'), 'Good plan.');
    await user.click(screen.getByTestId('approve'));
    await waitFor(() => expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'approve', comment: 'Good plan.' }));
    await waitFor(() => expect(screen.getByTestId('stage-track')).toHaveAttribute('aria-current', 'step'));
    expect(screen.getByTestId('revision-badge')).toHaveTextContent('Revision 1 · approved');
    expect(screen.getByTestId('open-revision')).toHaveTextContent('Open revision 2');
  });

  it('hides the editing controls once approved', async () => {
    const g = goal({ id: 'g1', title: 'Raise uptime', owner_id: ANA.id });
    const frozen = blueprint({
      stage: 'track',
      ideas: structuredClone(ideas),
      goals: [g],
      revisions: [{ revision: 1, approved_by: 'p-eva', approved_at: '2026-12-01T10:00:00Z', goals: [g] }],
    });
    const { user, calls } = renderPage(frozen);
    await screen.findByTestId('track-panel');
    await user.click(screen.getByTestId('stage-ideas'));
    expect(screen.queryByTestId('idea-input')).not.toBeInTheDocument();
    expect(screen.getByTestId('plan-locked')).toHaveTextContent('approved and frozen');
    act(() => screen.getByTestId('idea-list').focus());
    await user.keyboard('e');
    expect(screen.queryByTestId('idea-edit')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('stage-goals'));
    expect(screen.getByTestId('goal-row')).toHaveTextContent('Ana Lima');
    expect(screen.queryByTestId('goal-title')).not.toBeInTheDocument();
    expect(screen.queryByTestId('make-goal')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('stage-frame'));
    expect(screen.getByTestId('frame-question')).toHaveAttribute('readonly');
    expect(screen.queryByTestId('participant-form')).not.toBeInTheDocument();
    expect(commandsSent(calls)).toEqual([]);
  });

  it('compares revisions with names instead of ids', async () => {
    const g1 = goal({ id: 'g1', title: 'Raise uptime', owner_id: ANA.id });
    const frozen = blueprint({
      stage: 'track',
      revision: 2,
      goals: [g1],
      revisions: [
        { revision: 1, approved_by: 'p-eva', approved_at: '2026-12-01T10:00:00Z', goals: [g1] },
        { revision: 2, approved_by: 'p-eva', approved_at: '2027-02-01T10:00:00Z', goals: [g1] },
      ],
    });
    const { calls } = renderPage(frozen, {
      handlers: {
        blueprint_compare: () => ({
          from: 1,
          to: 2,
          added: [goal({ id: 'g2', title: 'Know the new COO', owner_id: BEN.id, target_date: '2027-06-30' })],
          removed: [goal({ id: 'g3', title: 'Spare parts on time' })],
          changed: [
            {
              goal_id: 'g1',
              title: 'Raise uptime',
              fields: [
                { field: 'owner', before: ANA.id, after: BEN.id },
                { field: 'connections', before: null, after: 'p-eva with p-coo every 30 days' },
              ],
            },
          ],
        }),
      },
    });
    const panel = await screen.findByTestId('revision-compare');
    expect(await within(panel).findByTestId('diff-added')).toHaveTextContent('Know the new COO');
    expect(within(panel).getByTestId('diff-added')).toHaveTextContent('Ben Okafor');
    expect(within(panel).getByTestId('diff-removed')).toHaveTextContent('Spare parts on time');
    const rows = within(panel).getAllByTestId('diff-field');
    expect(rows[0]).toHaveTextContent('Owner');
    expect(rows[0]).toHaveTextContent('Ana Lima');
    expect(rows[0]).toHaveTextContent('Ben Okafor');
    expect(rows[1]).toHaveTextContent('Eva Strand ↔ Carla Ortiz every 30 days');
    expect(callsTo(calls, 'blueprint_compare')[0]?.args).toEqual({ id: 'bp-1', from: 1, to: 2 });
  });

  it('checks in on an approved goal and flags overdue goals', async () => {
    const g = goal({ id: 'g1', title: 'Raise uptime', owner_id: ANA.id, target_date: '2027-01-31', measure: { metric: 'uptime', unit: '%', baseline: 90, target: 98 } });
    const frozen = blueprint({
      stage: 'track',
      goals: [g],
      revisions: [{ revision: 1, approved_by: 'p-eva', approved_at: '2026-12-01T10:00:00Z', goals: [g] }],
    });
    const { user, calls } = renderPage(frozen, {
      view: {
        progress: {
          goals: [{ goal_id: 'g1', title: 'Raise uptime', status: 'at_risk', target_date: '2027-01-31', percent: 25, latest: null, overdue: true }],
          overall: 25,
          overdue: 1,
        },
      },
    });
    expect(await screen.findByTestId('goal-overdue')).toHaveTextContent('Overdue');
    expect(screen.getByTestId('overdue-count')).toHaveTextContent('1 goal overdue');
    expect(screen.getByTestId('goal-percent')).toHaveTextContent('25 %');
    await user.type(screen.getByTestId('checkin-value'), '92');
    await user.selectOptions(screen.getByTestId('checkin-status'), 'on_track');
    await user.type(screen.getByTestId('checkin-note'), 'Monthly review');
    await user.click(screen.getByTestId('checkin-add'));
    await waitFor(() =>
      expect(commandsSent(calls).at(-1)).toMatchObject({ command: 'check_in', goal_id: 'g1', value: 92, status: 'on_track', note: 'Monthly review' }),
    );
    await waitFor(() => expect(screen.getByTestId('checkin-value')).toHaveValue(''));
  });

  it('warns when only the account team is in the room and adds a participant', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'frame', participants: [{ person_id: ANA.id, function: 'sales' }] }), {
      view: {
        room: {
          present: ['sales'],
          missing: ['executive', 'product_development', 'customer_service', 'installation', 'logistics', 'finance'],
          only_account_team: true,
          message: 'Only the account team is in the room. Missing: product development, customer service, installation, logistics and finance.',
        },
      },
    });
    expect(await screen.findByTestId('room-warning')).toHaveTextContent('Only the account team is in the room');
    expect(screen.getAllByTestId('room-missing').map((e) => e.textContent)).toContain('Finance');
    await user.selectOptions(screen.getByTestId('participant-person'), BEN.id);
    expect(screen.getByTestId('participant-function')).toHaveValue('customer_service');
    await user.click(screen.getByTestId('participant-add'));
    await waitFor(() =>
      expect(commandsSent(calls).at(-1)).toEqual({ command: 'add_participant', person: { id: BEN.id, side: 'ours' }, function: 'customer_service' }),
    );
  });

  it('runs a whole session from frame to approval from the keyboard', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'frame' }));
    await screen.findByTestId('frame-panel');
    const ctrlEnter = () => user.keyboard('{Control>}{Enter}{/Control}');
    await ctrlEnter();
    const input = await screen.findByTestId('idea-input');
    await waitFor(() => expect(input).toHaveFocus());
    await user.keyboard('{Alt>}1{/Alt}Predictive maintenance{Enter}{Alt>}r{/Alt}Meet the new COO{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('idea-row')).toHaveLength(2));
    await ctrlEnter();
    await waitFor(() => expect(screen.getByTestId('score-list')).toHaveFocus());
    await user.keyboard('5{Shift>}2{/Shift} ');
    await waitFor(() => expect(screen.getAllByTestId('score-row')[0]).toHaveAttribute('data-chosen', 'true'));
    await ctrlEnter();
    await waitFor(() => expect(screen.getByTestId('make-goal')).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('goal-title')).toHaveFocus());
    await user.keyboard('{Tab}');
    expect(screen.getByTestId('goal-owner')).toHaveFocus();
    await user.selectOptions(screen.getByTestId('goal-owner'), ANA.id);
    await user.click(screen.getByTestId('goal-metric'));
    await user.keyboard('uptime{Tab}%{Tab}90{Tab}98');
    await ctrlEnter();
    await waitFor(() => expect(screen.getByTestId('stage-people')).toHaveAttribute('aria-current', 'step'));
    expect(commandsSent(calls).filter((c) => c.command === 'edit_goal').at(-1)).toMatchObject({
      owner: { id: ANA.id, side: 'ours' },
      measure: { metric: 'uptime', unit: '%', baseline: 90, target: 98 },
    });
    await ctrlEnter();
    const comment = await screen.findByTestId('approve-comment');
    await waitFor(() => expect(comment).toHaveFocus());
    await user.keyboard('Go.{Tab}');
    expect(screen.getByTestId('approve')).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('stage-track')).toHaveAttribute('aria-current', 'step'));
    // Goal fields save on leaving each one (a run of edit_goal, shown once here).
    const sequence = commandsSent(calls)
      .map((c) => c.command)
      .filter((c, i, all) => !(c === 'edit_goal' && all[i - 1] === 'edit_goal'));
    expect(sequence).toEqual([
      'advance',
      'add_idea',
      'add_idea',
      'advance',
      'score_idea',
      'score_idea',
      'choose_idea',
      'advance',
      'make_goal',
      'edit_goal',
      'advance',
      'advance',
      'approve',
    ]);
  });
});
