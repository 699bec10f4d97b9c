import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsTo, ipcFailure, mockCommands } from '../ipc/testing';
import type { Person } from '../ipc';
import { ourPerson } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { OurPeoplePage } from './OurPeoplePage';

describe('our people', () => {
  it('adds a person, and shows a core error under its field keeping the input', async () => {
    let people: Person[] = [];
    let fail = true;
    const calls = mockCommands({
      people_ours: () => people,
      person_create: (args) => {
        if (fail) return ipcFailure('validation', 'must be between 1 (the top) and 12', 'org_level');
        const input = (args as { input: { name: string } }).input;
        people = [ourPerson({ name: input.name })];
        return people[0];
      },
    });
    const { user } = renderWithProviders(<OurPeoplePage />);
    expect(await screen.findByText(/Nobody yet/)).toBeInTheDocument();

    await user.click(screen.getByTestId('add-our-person-global'));
    await user.type(screen.getByLabelText('Name'), 'Marta Lindqvist');
    await user.selectOptions(screen.getByLabelText('Function'), 'executive');
    const level = screen.getByLabelText('Level');
    await user.clear(level);
    await user.type(level, '13');
    await user.click(screen.getByTestId('our-person-submit'));

    expect(await screen.findByText('Must be between 1 (the top) and 12')).toBeInTheDocument();
    expect(screen.getByLabelText('Level')).toHaveFocus();
    expect(screen.getByLabelText('Name')).toHaveValue('Marta Lindqvist');

    fail = false;
    await user.clear(level);
    await user.type(level, '1');
    await user.click(screen.getByTestId('our-person-submit'));
    const row = await screen.findByTestId('our-person-row');
    expect(within(row).getByText('Marta Lindqvist')).toBeInTheDocument();
    expect(callsTo(calls, 'person_create').at(-1)?.args).toMatchObject({
      input: { side: 'ours', name: 'Marta Lindqvist', function: 'executive', org_level: 1, account_id: null },
    });
  });

  it('marks someone as left without losing them', async () => {
    const person = ourPerson({ name: 'Tomás Ferreira', active: true });
    const calls = mockCommands({
      people_ours: () => [person],
      person_update: () => ({ ...person, active: false }),
    });
    const { user } = renderWithProviders(<OurPeoplePage />);
    await user.click(await screen.findByRole('button', { name: 'Mark as left' }));
    expect(callsTo(calls, 'person_update')[0]?.args).toMatchObject({ id: person.id, input: { active: false } });
  });
});
