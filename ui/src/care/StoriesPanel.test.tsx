import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Story, StoryInput } from '../ipc';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { IpcHandler } from '../ipc/testing';
import { renderWithProviders } from '../test/render';
import { clearToasts } from '../ui/toast';
import { Toaster } from '../ui/Toaster';
import { story } from './fixtures';
import { StoriesPanel } from './StoriesPanel';

afterEach(() => clearToasts());

const HORROR = story({
  id: 's-late',
  kind: 'horror',
  title: 'Spare parts three weeks late',
  department: 'Logistics',
  occurred_on: '2026-09-01',
  failure: 'late',
  resolved: false,
  impact: 'A line stood still for two days',
  lesson: null,
});

function renderPanel(stories: Story[], handlers: Record<string, IpcHandler> = {}) {
  const calls = mockCommands({
    story_list: () => stories,
    story_departments: () => [
      { department: 'Logistics', success: 0, horror: 1, open_horror: 1 },
      { department: 'Product development', success: 1, horror: 0, open_horror: 0 },
    ],
    ...handlers,
  });
  return { ...renderWithProviders(<StoriesPanel accountId="acc-1" />), calls };
}

describe('the stories panel', () => {
  it('lists successes and horror stories, and counts them by department', async () => {
    renderPanel([HORROR, story({ id: 's-pilot' })]);
    const rows = await screen.findAllByTestId('story-row');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['horror', 'success']);
    expect(rows[0]).toHaveTextContent('Spare parts three weeks late');
    expect(rows[0]).toHaveTextContent('Logistics');
    expect(rows[0]).toHaveTextContent('late');
    expect(within(rows[0]).getByTestId('story-resolved')).toHaveTextContent('not resolved yet');
    expect(rows[1]).toHaveTextContent('Lesson: Bring engineers to the first workshop');
    expect(within(rows[1]).queryByTestId('story-resolved')).not.toBeInTheDocument();

    const table = await screen.findByTestId('stories-departments');
    const logistics = within(table).getAllByTestId('story-department')[0];
    expect(Array.from(logistics.children).map((c) => c.textContent)).toEqual(['Logistics', '0', '1', '1']);
  });

  it('asks what went wrong and whether it is resolved only for a horror story', async () => {
    const sent: StoryInput[] = [];
    const { user } = renderPanel([], {
      story_create: (args) => {
        const input = args?.input as StoryInput;
        sent.push(input);
        if (!input.department) return ipcFailure('validation', 'cannot be empty', 'department');
        return story({ id: 's-new' });
      },
    });
    await user.click(await screen.findByTestId('story-new'));
    expect(screen.queryByTestId('story-field-failure')).not.toBeInTheDocument();
    expect(screen.queryByTestId('story-field-resolved')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('story-kind-horror'));
    await user.selectOptions(screen.getByTestId('story-field-failure'), 'broken');
    await user.click(screen.getByTestId('story-field-resolved'));
    await user.type(screen.getByTestId('story-field-title'), 'Sensor arrived broken');
    await user.click(screen.getByTestId('story-save'));

    // The core's message goes under the field it names; everything typed stays.
    expect(await screen.findByTestId('story-error-department')).toHaveTextContent('Cannot be empty');
    expect(screen.getByTestId('story-field-title')).toHaveValue('Sensor arrived broken');
    expect(sent[0]).toMatchObject({ kind: 'horror', failure: 'broken', resolved: false, department: '' });

    // Back to a success: no failure, and resolved, whatever was chosen before.
    await user.click(screen.getByTestId('story-kind-success'));
    expect(screen.queryByTestId('story-field-failure')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('story-field-department'), 'Service');
    await user.click(screen.getByTestId('story-save'));
    await waitFor(() => expect(screen.queryByTestId('story-form')).not.toBeInTheDocument());
    // The form that had focus is gone: focus is back on "New story", ready for the next.
    await waitFor(() => expect(screen.getByTestId('story-new')).toHaveFocus());
    expect(sent[1]).toMatchObject({
      account_id: 'acc-1',
      kind: 'success',
      title: 'Sensor arrived broken',
      department: 'Service',
      failure: null,
      resolved: true,
    });
  });

  it('keeps a new story being written while another is edited, and after leaving the page', async () => {
    const { user, rerender } = renderPanel([HORROR]);
    await user.click(await screen.findByTestId('story-new'));
    await user.type(screen.getByTestId('story-field-title'), 'The new planner saved a week');
    await user.click(screen.getByTestId('story-edit'));
    const forms = screen.getAllByTestId('story-form');
    expect(forms).toHaveLength(2);
    expect(within(forms[0]).getByTestId('story-field-title')).toHaveValue('The new planner saved a week');

    rerender(<p>elsewhere</p>);
    rerender(<StoriesPanel accountId="acc-1" />);
    const back = await screen.findAllByTestId('story-form');
    expect(back).toHaveLength(2);
    expect(within(back[0]).getByTestId('story-field-title')).toHaveValue('The new planner saved a week');
    expect(within(back[1]).getByTestId('story-field-title')).toHaveValue('Spare parts three weeks late');
  });

  it('edits a story in place', async () => {
    const updates: unknown[] = [];
    const { user } = renderPanel([HORROR], {
      story_update: (args) => {
        updates.push(args);
        return { ...HORROR, resolved: true };
      },
    });
    await user.click(await screen.findByTestId('story-edit'));
    expect(screen.getByTestId('story-field-title')).toHaveValue('Spare parts three weeks late');
    expect(screen.getByTestId('story-field-failure')).toHaveValue('late');
    await user.click(screen.getByTestId('story-field-resolved'));
    await user.click(screen.getByTestId('story-save'));
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toMatchObject({ id: 's-late', input: { kind: 'horror', failure: 'late', resolved: true } });
  });

  it('moves a story to the trash, refreshes the list, and Undo brings it back', async () => {
    let stories: Story[] = [HORROR, story({ id: 's-pilot' })];
    const { user, calls } = renderPanel([], {
      story_list: () => stories,
      trash_delete: (args) => {
        stories = stories.filter((s) => s.id !== args?.id);
        return null;
      },
      trash_restore: () => {
        stories = [HORROR, story({ id: 's-pilot' })];
        return null;
      },
    });
    renderWithProviders(<Toaster />);
    const rows = await screen.findAllByTestId('story-row');
    await user.click(within(rows[0]).getByTestId('story-delete'));
    expect(callsTo(calls, 'trash_delete')[0]?.args).toEqual({ kind: 'story', id: 's-late' });
    await waitFor(() => expect(screen.getAllByTestId('story-row')).toHaveLength(1));
    expect(screen.getByTestId('story-row')).toHaveAttribute('data-id', 's-pilot');
    expect(screen.getByText('The story “Spare parts three weeks late” moved to the trash.')).toBeInTheDocument();
    // The department counts are read again too.
    expect(callsTo(calls, 'story_departments').length).toBeGreaterThan(1);

    await user.click(screen.getByTestId('undo-button'));
    expect(callsTo(calls, 'trash_restore')[0]?.args).toEqual({ kind: 'story', id: 's-late' });
    await waitFor(() => expect(screen.getAllByTestId('story-row')).toHaveLength(2));
  });
});
