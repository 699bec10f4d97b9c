import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { bigAccount, person } from './fixtures';
import { OrgChart } from './OrgChart';
import type { OrgChartProps } from './OrgChart';
import { allNodes, buildOrgTree } from './orgTree';
import type { MapPerson } from './types';

// Maren (CEO) ← Oskar (COO) ← Ivo, Wanda; Maren ← Beatriz (CFO); Quentin reports to someone not on the account.
const ORG: MapPerson[] = [
  person({ id: 'ivo', name: 'Ivo Petrov', title: 'Plant Manager', level: 3, reports_to_id: 'oskar', decision_role: 'user' }),
  person({ id: 'maren', name: 'Maren Falk', title: 'CEO', level: 1, decision_role: 'decision_maker', disposition: 'supporter' }),
  person({ id: 'oskar', name: 'Oskar Nyberg', title: 'COO', level: 2, reports_to_id: 'maren', disposition: 'champion' }),
  person({ id: 'beatriz', name: 'Beatriz Sousa', title: 'CFO', level: 2, reports_to_id: 'maren', decision_role: 'approver', disposition: 'detractor' }),
  person({ id: 'wanda', name: 'Wanda Ekström', title: 'Quality Lead', level: 3, reports_to_id: 'oskar', active: false }),
  person({ id: 'quentin', name: 'Quentin Abara', title: 'Procurement', level: 3, reports_to_id: 'not-on-account', decision_role: 'gatekeeper' }),
  person({ id: 'our-rep', name: 'Tove Lund', side: 'ours', level: 3 }),
];

function Harness(props: Partial<OrgChartProps>) {
  const [selectedId, setSelectedId] = useState<string | null>(props.selectedId ?? null);
  return (
    <OrgChart
      people={ORG}
      {...props}
      selectedId={selectedId}
      onSelect={(id) => {
        setSelectedId(id);
        props.onSelect?.(id);
      }}
    />
  );
}

const item = (name: string) => screen.getByRole('treeitem', { name });
const names = (nodes: ReturnType<typeof buildOrgTree>) => allNodes(nodes).map((n) => n.person.id);

describe('buildOrgTree', () => {
  it('roots the tree at people with no manager on the account, children by level then name', () => {
    const roots = buildOrgTree(ORG.filter((p) => p.side === 'theirs'));
    expect(roots.map((r) => r.person.id)).toEqual(['maren', 'quentin']);
    expect(roots[0].children.map((c) => c.person.id)).toEqual(['beatriz', 'oskar']);
    expect(roots[0].children[1].children.map((c) => c.person.id)).toEqual(['ivo', 'wanda']);
    expect(roots[0].children[1].children[0].depth).toBe(2);
  });

  it('survives a reporting loop, placing everyone exactly once', () => {
    const people = [
      person({ id: 'a', name: 'Aino Mäki', level: 2, reports_to_id: 'b' }),
      person({ id: 'b', name: 'Bela Toth', level: 1, reports_to_id: 'c' }),
      person({ id: 'c', name: 'Cem Aydin', level: 3, reports_to_id: 'a' }),
      person({ id: 'd', name: 'Dora Kis', level: 4, reports_to_id: 'c' }),
      person({ id: 'self', name: 'Egon Selb', level: 2, reports_to_id: 'self' }),
    ];
    const roots = buildOrgTree(people);
    expect(names(roots).sort()).toEqual(['a', 'b', 'c', 'd', 'self']);
    // The loop is cut above its most senior member, who is flagged.
    const loopRoot = roots.find((r) => r.person.id === 'b')!;
    expect(loopRoot.inLoop).toBe(true);
    expect(names([loopRoot])).toEqual(['b', 'a', 'c', 'd']);
    // Reporting to oneself is no manager at all.
    expect(roots.find((r) => r.person.id === 'self')?.inLoop).toBe(false);
  });

  it('copes with a chain thousands deep and with duplicate ids', () => {
    const chain = Array.from({ length: 5000 }, (_, i) =>
      person({ id: `n${i}`, name: `Node ${i}`, level: i + 1, reports_to_id: i ? `n${i - 1}` : null }),
    );
    expect(allNodes(buildOrgTree([...chain, chain[10]]))).toHaveLength(5000);
  });
});

describe('OrgChart', () => {
  it('renders their side as an accessible tree with names, titles, roles and dispositions', () => {
    renderWithProviders(<Harness initialDepth={9} />);
    const tree = screen.getByRole('tree', { name: 'Their organisation' });
    expect(within(tree).getAllByRole('treeitem')).toHaveLength(6);
    expect(screen.queryByText('Tove Lund')).not.toBeInTheDocument();

    expect(item('Maren Falk')).toHaveAttribute('aria-level', '1');
    expect(item('Maren Falk')).toHaveAttribute('aria-expanded', 'true');
    expect(item('Oskar Nyberg')).toHaveAttribute('aria-level', '2');
    expect(item('Ivo Petrov')).toHaveAttribute('aria-level', '3');
    expect(item('Ivo Petrov')).not.toHaveAttribute('aria-expanded');
    expect(item('Quentin Abara')).toHaveAttribute('aria-level', '1');

    const beatriz = item('Beatriz Sousa');
    expect(beatriz).toHaveTextContent('CFO');
    expect(within(beatriz).getByText('Approver')).toHaveClass('badge');
    expect(within(beatriz).getByText('Detractor')).toHaveClass('map-disposition-detractor');
    expect(within(item('Wanda Ekström')).getByText('Left')).toBeInTheDocument();
  });

  it('starts deep subtrees collapsed and shows how many report in', () => {
    renderWithProviders(<Harness />);
    expect(item('Oskar Nyberg')).toHaveAttribute('aria-expanded', 'false');
    expect(item('Oskar Nyberg')).toHaveTextContent('2 reports');
    expect(screen.queryByRole('treeitem', { name: 'Ivo Petrov' })).not.toBeInTheDocument();
  });

  it('moves, opens and closes with the keyboard, per the WAI-ARIA tree pattern', async () => {
    const onSelect = vi.fn();
    const { user } = renderWithProviders(<Harness onSelect={onSelect} />);

    await user.tab(); // Expand all
    await user.tab(); // Collapse all
    await user.tab();
    expect(item('Maren Falk')).toHaveFocus();

    await user.keyboard('{ArrowDown}');
    expect(item('Beatriz Sousa')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(item('Oskar Nyberg')).toHaveFocus();

    await user.keyboard('{ArrowRight}');
    expect(item('Oskar Nyberg')).toHaveAttribute('aria-expanded', 'true');
    expect(item('Oskar Nyberg')).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(item('Ivo Petrov')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(item('Wanda Ekström')).toHaveFocus();

    await user.keyboard('{ArrowLeft}');
    expect(item('Oskar Nyberg')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(item('Oskar Nyberg')).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('treeitem', { name: 'Ivo Petrov' })).not.toBeInTheDocument();
    await user.keyboard('{ArrowLeft}');
    expect(item('Maren Falk')).toHaveFocus();

    await user.keyboard('{End}');
    expect(item('Quentin Abara')).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(item('Oskar Nyberg')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(item('Maren Falk')).toHaveFocus();

    await user.keyboard('q');
    expect(item('Quentin Abara')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith('quentin');
    expect(item('Quentin Abara')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp} ');
    expect(onSelect).toHaveBeenLastCalledWith('oskar');

    // Still one tab stop.
    expect(screen.getAllByRole('treeitem').filter((el) => el.getAttribute('tabindex') === '0')).toEqual([
      item('Oskar Nyberg'),
    ]);
  });

  it('selects and toggles with the mouse', async () => {
    const onSelect = vi.fn();
    const { user } = renderWithProviders(<Harness onSelect={onSelect} />);
    await user.click(within(item('Beatriz Sousa')).getByText('Beatriz Sousa'));
    expect(onSelect).toHaveBeenLastCalledWith('beatriz');
    expect(item('Beatriz Sousa')).toHaveFocus();

    await user.click(item('Oskar Nyberg').querySelector('.org-toggle')!);
    expect(item('Oskar Nyberg')).toHaveAttribute('aria-expanded', 'true');
    expect(onSelect).toHaveBeenCalledTimes(1);

    await user.click(screen.getByTestId('org-collapse-all'));
    expect(screen.getAllByRole('treeitem')).toHaveLength(2);
    await user.click(screen.getByTestId('org-expand-all'));
    expect(screen.getAllByRole('treeitem')).toHaveLength(6);
  });

  it('opens the branches down to a person selected elsewhere', () => {
    const { rerender } = renderWithProviders(<OrgChart people={ORG} selectedId={null} onSelect={vi.fn()} />);
    expect(screen.queryByRole('treeitem', { name: 'Ivo Petrov' })).not.toBeInTheDocument();
    rerender(<OrgChart people={ORG} selectedId="ivo" onSelect={vi.fn()} />);
    expect(item('Ivo Petrov')).toHaveAttribute('aria-selected', 'true');
  });

  it('shows a reporting loop instead of hanging', () => {
    const people = [
      person({ id: 'a', name: 'Aino Mäki', level: 1, reports_to_id: 'b' }),
      person({ id: 'b', name: 'Bela Toth', level: 2, reports_to_id: 'a' }),
    ];
    renderWithProviders(<OrgChart people={people} selectedId={null} onSelect={vi.fn()} />);
    expect(screen.getAllByRole('treeitem')).toHaveLength(2);
    expect(within(item('Aino Mäki')).getByText('Reporting loop')).toBeInTheDocument();
    expect(item('Bela Toth')).toHaveAttribute('aria-level', '2');
  });

  it('handles a 60+ person organisation', async () => {
    const { people } = bigAccount(64, 0);
    const { user } = renderWithProviders(
      <OrgChart people={people} selectedId={null} onSelect={vi.fn()} initialDepth={1} />,
    );
    expect(screen.getAllByRole('treeitem')).toHaveLength(1);
    await user.click(screen.getByTestId('org-expand-all'));
    expect(screen.getAllByRole('treeitem')).toHaveLength(64);
  });

  it('says so when their side is empty', () => {
    renderWithProviders(<OrgChart people={[]} selectedId={null} onSelect={vi.fn()} />);
    expect(screen.getByTestId('org-empty')).toBeInTheDocument();
  });
});
