// The blueprint's forms on the one form hook (lib/form): a refusal from the
// core that names a field shows under that field, and nothing typed is lost.
// Also the People stage's warning and the ideas stage's likely duplicates.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NavigateContext } from '../frame/routes';
import type { Blueprint, BlueprintCommand, BlueprintView } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { BlueprintPage } from './BlueprintPage';
import { ANA, BEN, blueprint, CFO, COO, EVA, fakeCore, goal, idea } from './fixtures';

afterEach(() => clearToasts());

function renderPage(start: Blueprint, options: { refuse?: IpcHandler; view?: Partial<BlueprintView> } = {}) {
  const core = fakeCore(start, options.view);
  const calls = mockCommands({
    blueprint_view: () => core.current(),
    blueprint_apply: options.refuse ?? ((args) => core.apply(args?.command as BlueprintCommand)),
    blueprint_save_draft: () => null,
  });
  const rendered = renderWithProviders(
    <NavigateContext.Provider value={vi.fn()}>
      <BlueprintPage blueprintId={start.id} />
      <Toaster />
    </NavigateContext.Provider>,
  );
  return { ...rendered, calls, core };
}

const sent = (calls: ReturnType<typeof mockCommands>) => callsTo(calls, 'blueprint_apply').map((c) => c.args?.command as BlueprintCommand);

const planned = goal({ id: 'g1', title: 'Raise fleet uptime', owner_id: ANA.id });

describe('the blueprint forms', () => {
  it('frame, who is in the room: a refused person shows under the person, the choice kept', async () => {
    const { user } = renderPage(blueprint({ stage: 'frame', participants: [{ person_id: ANA.id, function: 'sales' }] }), {
      refuse: () => ipcFailure('validation', 'already in the room', 'person'),
    });
    await user.selectOptions(await screen.findByTestId('participant-person'), BEN.id);
    await user.selectOptions(screen.getByTestId('participant-function'), 'finance');
    await user.click(screen.getByTestId('participant-add'));
    expect(await screen.findByTestId('participant-error')).toHaveTextContent(/already in the room/i);
    expect(screen.queryByTestId('participant-refused')).toBeNull();
    expect(screen.getByTestId('participant-person')).toHaveValue(BEN.id);
    expect(screen.getByTestId('participant-person')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('participant-function')).toHaveValue('finance');
    await waitFor(() => expect(screen.getByTestId('participant-person')).toHaveFocus());
    // Choosing again is fixing it: the old verdict goes.
    await user.selectOptions(screen.getByTestId('participant-person'), EVA.id);
    expect(screen.queryByTestId('participant-error')).toBeNull();
  });

  it('frame, the question: a refusal under the question, the text kept and focus left alone', async () => {
    const { user } = renderPage(blueprint({ stage: 'frame' }), {
      refuse: () => ipcFailure('validation', 'keep it to one line', 'question'),
    });
    const question = await screen.findByTestId('frame-question');
    await user.clear(question);
    await user.type(question, 'How do we win their service business?');
    await user.click(screen.getByTestId('frame-ends'));
    expect(await screen.findByTestId('frame-error-question')).toHaveTextContent(/keep it to one line/i);
    expect(question).toHaveValue('How do we win their service business?');
    expect(screen.getByTestId('frame-ends')).toHaveFocus();
    expect(screen.queryByTestId('frame-refused')).toBeNull();
  });

  it('people, involve: a refused person shows under it, the choice kept', async () => {
    const { user } = renderPage(blueprint({ stage: 'people', goals: [planned] }), {
      refuse: () => ipcFailure('validation', 'already involved in this goal', 'person'),
    });
    const card = await screen.findByTestId('people-goal');
    await user.selectOptions(within(card).getByTestId('involve-person'), COO.id);
    await user.click(within(card).getByTestId('involve-add'));
    expect(await within(card).findByTestId('involve-error-person')).toHaveTextContent(/already involved in this goal/i);
    expect(within(card).getByTestId('involve-person')).toHaveValue(COO.id);
    expect(within(card).queryByTestId('people-refused')).toBeNull();
  });

  it('people, a connection: a refused cadence shows under it, every choice kept', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'people', goals: [planned] }), {
      refuse: () => ipcFailure('validation', 'from 1 to 365 days', 'cadence_days'),
    });
    const card = await screen.findByTestId('people-goal');
    await user.selectOptions(within(card).getByTestId('connect-ours'), BEN.id);
    await user.selectOptions(within(card).getByTestId('connect-theirs'), CFO.id);
    const cadence = within(card).getByTestId('connect-cadence');
    await user.clear(cadence);
    await user.type(cadence, '400{Enter}');
    expect(await within(card).findByTestId('connect-error-cadence_days')).toHaveTextContent(/from 1 to 365 days/i);
    expect(sent(calls).at(-1)).toMatchObject({ command: 'plan_connection', cadence_days: 400 });
    expect(within(card).getByTestId('connect-ours')).toHaveValue(BEN.id);
    expect(within(card).getByTestId('connect-theirs')).toHaveValue(CFO.id);
    expect(cadence).toHaveValue(400);
    await waitFor(() => expect(cadence).toHaveFocus());
    // A refusal that names no field of the form is the banner, as before.
    expect(within(card).queryByTestId('people-refused')).toBeNull();
  });

  it('track, a check-in: a refused date shows under it, the reading kept', async () => {
    const g = goal({ id: 'g1', title: 'Raise uptime', owner_id: ANA.id, target_date: '2027-09-30' });
    const frozen = blueprint({
      stage: 'track',
      goals: [g],
      revisions: [{ revision: 1, approved_by: EVA.id, approved_at: '2026-12-01T10:00:00Z', goals: [g] }],
    });
    const { user } = renderPage(frozen, {
      refuse: () => ipcFailure('validation', 'cannot be in the future', 'on'),
      view: {
        progress: {
          goals: [{ goal_id: 'g1', title: 'Raise uptime', status: 'on_track', target_date: '2027-09-30', percent: 10, latest: null, overdue: false }],
          overall: 10,
          overdue: 0,
        },
      },
    });
    await user.type(await screen.findByTestId('checkin-value'), '93');
    await user.type(screen.getByTestId('checkin-note'), 'After the retrofit');
    await user.click(screen.getByTestId('checkin-add'));
    expect(await screen.findByTestId('checkin-error-on')).toHaveTextContent(/cannot be in the future/i);
    expect(screen.queryByTestId('checkin-refused')).toBeNull();
    expect(screen.getByTestId('checkin-value')).toHaveValue('93');
    expect(screen.getByTestId('checkin-note')).toHaveValue('After the retrofit');
    await waitFor(() => expect(screen.getByTestId('checkin-on')).toHaveFocus());
  });
});

describe('the People stage', () => {
  it('says when a goal reaches nobody on our side, until one of ours is planned in', async () => {
    const { user } = renderPage(blueprint({ stage: 'people', goals: [planned] }));
    const card = await screen.findByTestId('people-goal');
    expect(within(card).getByTestId('people-gap')).toHaveTextContent('Nobody on our side is involved in "Raise fleet uptime"');
    // Someone of theirs is not enough.
    await user.selectOptions(within(card).getByTestId('involve-person'), COO.id);
    await user.click(within(card).getByTestId('involve-add'));
    await waitFor(() => expect(within(card).getAllByTestId('involved-person')).toHaveLength(1));
    expect(within(card).getByTestId('people-gap')).toBeInTheDocument();
    await user.selectOptions(within(card).getByTestId('involve-person'), BEN.id);
    await user.click(within(card).getByTestId('involve-add'));
    await waitFor(() => expect(within(card).queryByTestId('people-gap')).toBeNull());
  });
});

describe('the ideas stage', () => {
  const ideas = [
    idea({ id: 'i1', text: 'Fix the late spare-part deliveries' }),
    idea({ id: 'i2', text: 'Meet their new COO', kind: 'relationship' }),
    idea({ id: 'i3', text: 'Spare parts arrive late' }),
  ];
  const alike = [{ keep: 'i1', duplicate: 'i3', similarity: 0.5 }];

  it('offers ideas that look alike for merging, and merges them', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'ideas', ideas }), { view: { alike } });
    const offer = await screen.findByTestId('alike-ideas');
    expect(offer).toHaveTextContent('These look alike — merge?');
    expect(within(offer).getByTestId('alike-pair')).toHaveTextContent('“Fix the late spare-part deliveries” and “Spare parts arrive late”');
    await user.click(within(offer).getByTestId('alike-merge'));
    await waitFor(() => expect(sent(calls).at(-1)).toEqual({ command: 'merge_ideas', keep: 'i1', duplicate: 'i3' }));
    await waitFor(() => expect(screen.queryByTestId('alike-ideas')).toBeNull());
    expect(screen.getAllByTestId('idea-row')).toHaveLength(2);
  });

  it('sets a pair aside when they are not the same', async () => {
    const { user, calls } = renderPage(blueprint({ stage: 'ideas', ideas }), { view: { alike } });
    await user.click(await screen.findByTestId('alike-apart'));
    expect(screen.queryByTestId('alike-ideas')).toBeNull();
    expect(sent(calls)).toEqual([]);
  });
});
