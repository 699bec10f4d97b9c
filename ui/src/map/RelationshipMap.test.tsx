import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { bigAccount, NO_RISKS, person, tie } from './fixtures';
import { RelationshipMap } from './RelationshipMap';
import type { RelationshipMapProps } from './RelationshipMap';
import type { MapRisks } from './types';

const PEOPLE = [
  person({ id: 'ceo', name: 'Henrietta Wolkenstein-Abernathy', title: 'Chief Executive Officer', level: 1 }),
  person({ id: 'cfo', name: 'Rafael Ortega', title: 'CFO', level: 2, disposition: 'sceptic' }),
  person({ id: 'ops', name: 'Lena Kowalski', title: 'Head of Operations', level: 3, disposition: 'champion' }),
  person({ id: 'buyer', name: 'Sam Idowu', title: 'Buyer', level: 4, active: false }),
  person({ id: 'our-ceo', name: 'Margit Halvorsen', title: 'CEO', side: 'ours', level: 1, function: 'executive' }),
  person({ id: 'our-am', name: 'Theo Brandt', title: 'Account Manager', side: 'ours', level: 3, function: 'sales' }),
  person({ id: 'our-svc', name: 'Priya Raman', title: 'Service Lead', side: 'ours', level: 3 }),
];

const TIES = [
  tie({ id: 'ceo-ceo', theirs_id: 'ceo', ours_id: 'our-ceo', dimension: 'personal', strength: 5, last_contact: '2026-03-14' }),
  tie({ id: 'cfo-ceo', theirs_id: 'cfo', ours_id: 'our-ceo', dimension: 'formal', strength: 2 }),
  tie({
    id: 'ops-am',
    theirs_id: 'ops',
    ours_id: 'our-am',
    dimension: 'proxied',
    intermediary: 'Jon Eriksen (consultant)',
    strength: 3,
    last_contact: '2026-01-05',
  }),
  tie({ id: 'ops-svc', theirs_id: 'ops', ours_id: 'our-svc', dimension: 'formal', strength: 4 }),
  tie({ id: 'buyer-am', theirs_id: 'buyer', ours_id: 'our-am', strength: 1 }),
];

const RISKS: MapRisks = {
  key_person_ids: ['our-ceo'],
  far_above_tie_ids: ['ceo-ceo'],
  bypassed_ids: ['cfo'],
  working_level: 3,
};

function Harness(props: Partial<RelationshipMapProps>) {
  const [selectedId, setSelectedId] = useState<string | null>(props.selectedId ?? null);
  return (
    <RelationshipMap
      people={PEOPLE}
      ties={TIES}
      risks={NO_RISKS}
      {...props}
      selectedId={selectedId}
      onSelect={(id) => {
        setSelectedId(id);
        props.onSelect?.(id);
      }}
    />
  );
}

const personNode = (id: string) =>
  screen.getAllByTestId('map-person').find((el) => el.getAttribute('data-person-id') === id)!;
const tieLine = (id: string) => screen.getAllByTestId('map-tie').find((el) => el.getAttribute('data-tie-id') === id)!;

describe('RelationshipMap', () => {
  it("draws a blueprint's planned tie apart from real ones, in the legend and the selected person's panel", async () => {
    const planned = tie({
      id: 'planned:our-svc:cfo',
      ours_id: 'our-svc',
      theirs_id: 'cfo',
      planned: { cadence_days: 30, goal: 'Cut invoice disputes in half' },
    });
    const { user } = renderWithProviders(<Harness ties={[...TIES, planned]} />);

    const line = screen.getByTestId('map-planned-tie');
    expect(line).toHaveClass('map-edge-planned');
    expect(line).toHaveAttribute('stroke-dasharray', '10 6');
    expect(line.textContent).toContain('Planned by the blueprint, every 30 days');
    expect(screen.getAllByTestId('map-tie')).toHaveLength(4);
    expect(within(screen.getByTestId('map-legend')).getByText('Planned tie')).toBeInTheDocument();

    await user.click(personNode('our-svc'));
    const panel = screen.getByTestId('map-ties-panel');
    expect(within(panel).getAllByTestId('map-tie-row')).toHaveLength(1);
    expect(within(panel).getByTestId('map-planned-list')).toHaveTextContent(
      'Rafael Ortega, every 30 days — Cut invoice disputes in half',
    );
  });

  it('draws a box per active person and a line per tie, styled by dimension and strength', () => {
    renderWithProviders(<Harness />);

    expect(screen.getAllByTestId('map-person')).toHaveLength(6);
    expect(screen.getAllByTestId('map-tie')).toHaveLength(4);
    expect(tieLine('ceo-ceo')).toHaveClass('map-edge-personal');
    expect(tieLine('ops-am')).toHaveClass('map-edge-proxied');
    expect(tieLine('cfo-ceo')).toHaveClass('map-edge-formal');
    // Colour-blind safe: the dimensions differ by dash pattern too.
    expect(tieLine('cfo-ceo')).not.toHaveAttribute('stroke-dasharray');
    expect(tieLine('ceo-ceo')).toHaveAttribute('stroke-dasharray');
    expect(tieLine('ops-am').getAttribute('stroke-dasharray')).not.toBe(tieLine('ceo-ceo').getAttribute('stroke-dasharray'));
    expect(Number(tieLine('ceo-ceo').getAttribute('stroke-width'))).toBeGreaterThan(
      Number(tieLine('cfo-ceo').getAttribute('stroke-width')),
    );
    expect(screen.getByTestId('map-svg')).toHaveAttribute('viewBox');
  });

  it('truncates long names and keeps the full name in a tooltip', () => {
    renderWithProviders(<Harness />);
    const ceo = personNode('ceo');
    expect(ceo.querySelector('.map-node-name')?.textContent).toMatch(/^Henrietta Wolk.*…$/);
    expect(ceo.querySelector('title')?.textContent).toContain('Henrietta Wolkenstein-Abernathy');
    expect(ceo).toHaveAccessibleName(expect.stringContaining('Henrietta Wolkenstein-Abernathy'));
  });

  it('selecting a person brings out their ties and partners and lists the ties', async () => {
    const onSelect = vi.fn();
    const { user } = renderWithProviders(<Harness onSelect={onSelect} />);

    await user.click(personNode('ops'));

    expect(onSelect).toHaveBeenCalledWith('ops');
    expect(screen.getByTestId('map-status')).toHaveTextContent('Lena Kowalski selected, 2 ties');
    expect(personNode('ops')).toHaveAttribute('aria-pressed', 'true');
    expect(personNode('ops')).toHaveClass('is-selected');
    expect(personNode('our-am')).toHaveClass('is-related');
    expect(personNode('our-svc')).toHaveClass('is-related');
    expect(personNode('ceo')).toHaveClass('is-dimmed');
    expect(tieLine('ops-am')).toHaveClass('is-active');
    expect(tieLine('ops-svc')).toHaveClass('is-active');
    expect(tieLine('ceo-ceo')).toHaveClass('is-dimmed');

    const panel = screen.getByTestId('map-ties-panel');
    expect(within(panel).getByRole('heading')).toHaveTextContent('Ties of Lena Kowalski');
    const rows = within(panel).getAllByTestId('map-tie-row');
    // Strongest first.
    expect(rows.map((r) => r.getAttribute('data-tie-id'))).toEqual(['ops-svc', 'ops-am']);
    expect(rows[0]).toHaveTextContent('Priya Raman');
    expect(rows[0]).toHaveTextContent('Formal');
    expect(rows[0]).toHaveTextContent('4/5');
    expect(rows[0]).toHaveTextContent('Never');
    expect(rows[1]).toHaveTextContent('Theo Brandt');
    expect(rows[1]).toHaveTextContent('Proxied');
    expect(rows[1]).toHaveTextContent('via Jon Eriksen (consultant)');
    const jan5 = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2026, 0, 5));
    expect(rows[1]).toHaveTextContent(jan5);
  });

  it('lists ties to people who left, marked as such', async () => {
    const { user } = renderWithProviders(<Harness />);
    await user.click(personNode('our-am'));
    const rows = within(screen.getByTestId('map-ties-panel')).getAllByTestId('map-tie-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Lena Kowalski'),
      expect.stringMatching(/Sam Idowu \(left\)/),
    ]);
  });

  it('is driven by the keyboard: Tab in, arrows move, Enter selects, Escape clears', async () => {
    const onSelect = vi.fn();
    const { user } = renderWithProviders(<Harness onSelect={onSelect} />);

    await user.tab();
    expect(screen.getByTestId('map-show-inactive')).toHaveFocus();
    await user.tab();
    expect(personNode('ceo')).toHaveFocus();
    // One tab stop for the whole map.
    expect(screen.getAllByTestId('map-person').filter((el) => el.getAttribute('tabindex') === '0')).toHaveLength(1);

    await user.keyboard('{ArrowDown}');
    expect(personNode('cfo')).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    // Across the gutter to the nearest of ours: the CEO, one level up (level 2 is empty on our side).
    expect(personNode('our-ceo')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(personNode('ceo')).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(personNode('ops')).toHaveFocus();
    expect(onSelect).not.toHaveBeenCalled();

    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith('ops');
    expect(personNode('ops')).toHaveClass('is-selected');

    await user.keyboard('{ArrowRight} ');
    expect(onSelect).toHaveBeenLastCalledWith(expect.stringMatching(/^our-(am|svc)$/));

    await user.keyboard('{Escape}');
    expect(onSelect).toHaveBeenLastCalledWith(null);
    expect(screen.getAllByTestId('map-person').some((el) => el.classList.contains('is-dimmed'))).toBe(false);
    expect(screen.getByTestId('map-ties-panel')).toHaveTextContent('Select a person');

    await user.keyboard('{End}');
    expect(screen.getAllByTestId('map-person').at(-1)).toHaveFocus();
    await user.keyboard('{Home}');
    expect(personNode('ceo')).toHaveFocus();
  });

  it('marks the flagged risks on the people and lines, and names them', async () => {
    const onSelect = vi.fn();
    const { user } = renderWithProviders(<Harness risks={RISKS} onSelect={onSelect} />);

    expect(within(personNode('our-ceo')).getByTestId('risk-key-person')).toBeInTheDocument();
    expect(screen.getAllByTestId('risk-key-person')).toHaveLength(1);
    expect(personNode('our-ceo')).toHaveAccessibleName(expect.stringContaining('key-person risk'));

    expect(within(personNode('cfo')).getByTestId('risk-bypassed')).toBeInTheDocument();
    expect(screen.getAllByTestId('risk-bypassed')).toHaveLength(1);

    expect(screen.getAllByTestId('risk-far-above').map((m) => m.getAttribute('data-tie-id'))).toEqual(['ceo-ceo']);
    expect(tieLine('ceo-ceo')).toHaveClass('is-far-above');
    expect(tieLine('cfo-ceo')).not.toHaveClass('is-far-above');

    const summary = screen.getByTestId('map-risks');
    expect(summary).toHaveTextContent('Key-person risk: Margit Halvorsen');
    expect(summary).toHaveTextContent('May feel bypassed: Rafael Ortega');
    expect(summary).toHaveTextContent('1 executive tie');
    expect(summary).toHaveTextContent('working level is 3');

    await user.click(within(summary).getByRole('button', { name: 'Margit Halvorsen' }));
    expect(onSelect).toHaveBeenLastCalledWith('our-ceo');
    expect(within(screen.getByTestId('map-ties-panel')).getAllByTestId('map-tie-far-above')).toHaveLength(1);
  });

  it('shows no risk summary or markers when nothing is flagged', () => {
    renderWithProviders(<Harness />);
    expect(screen.queryByTestId('map-risks')).not.toBeInTheDocument();
    expect(screen.queryByTestId('risk-key-person')).not.toBeInTheDocument();
    expect(screen.queryByTestId('risk-far-above')).not.toBeInTheDocument();
    expect(screen.queryByTestId('risk-bypassed')).not.toBeInTheDocument();
  });

  it('hides people who left until asked, then shows them muted', async () => {
    const { user } = renderWithProviders(<Harness />);
    expect(screen.queryByRole('button', { name: /Sam Idowu/ })).not.toBeInTheDocument();

    await user.click(screen.getByTestId('map-show-inactive'));
    expect(personNode('buyer')).toHaveClass('is-inactive');
    expect(personNode('buyer')).toHaveAccessibleName(expect.stringContaining('has left'));
    expect(screen.getAllByTestId('map-tie')).toHaveLength(5);
  });

  it('renders a 60+ person account with every person and tie', () => {
    const { people, ties } = bigAccount(40, 24);
    renderWithProviders(
      <RelationshipMap people={people} ties={ties} risks={NO_RISKS} selectedId={null} onSelect={vi.fn()} />,
    );
    expect(screen.getAllByTestId('map-person')).toHaveLength(64);
    expect(screen.getAllByTestId('map-tie')).toHaveLength(ties.length);
    const transforms = screen.getAllByTestId('map-person').map((el) => el.getAttribute('transform'));
    expect(new Set(transforms).size).toBe(64);
  });

  it('says so when the account has no people', () => {
    renderWithProviders(<RelationshipMap people={[]} ties={[]} risks={NO_RISKS} selectedId={null} onSelect={vi.fn()} />);
    expect(screen.getByTestId('map-empty')).toHaveTextContent('No people on this account yet');
  });

  it('never uses the style attribute (the CSP forbids inline styles)', () => {
    const { container } = renderWithProviders(<Harness risks={RISKS} selectedId="ops" />);
    expect(container.querySelectorAll('[style]')).toHaveLength(0);
  });
});
