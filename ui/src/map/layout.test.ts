import { describe, expect, it } from 'vitest';
import { bigAccount, person, tie } from './fixtures';
import { countCrossings, fitToWidth, layoutMap, MIN_GUTTER, neighbour, NODE_H } from './layout';
import type { NodeBox } from './layout';

const overlaps = (a: NodeBox, b: NodeBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutMap', () => {
  it('puts their people left and ours right, in bands by level with the most senior on top', () => {
    const people = [
      person({ id: 'ceo', name: 'Marta Solberg', level: 1 }),
      person({ id: 'vp', name: 'Tomas Reyes', level: 3 }),
      person({ id: 'our-ceo', name: 'Nadia Frost', side: 'ours', level: 1 }),
      person({ id: 'our-am', name: 'Oskar Lind', side: 'ours', level: 2 }),
    ];
    const layout = layoutMap(people, []);

    expect(layout.bands.map((b) => b.level)).toEqual([1, 2, 3]);
    for (const p of people) {
      const node = layout.nodes.get(p.id)!;
      const band = layout.bands.find((b) => b.level === p.level)!;
      expect(node.y).toBeGreaterThanOrEqual(band.y);
      expect(node.y + node.height).toBeLessThanOrEqual(band.y + band.height);
    }
    expect(layout.nodes.get('ceo')!.y).toBeLessThan(layout.nodes.get('vp')!.y);
    const theirsRight = Math.max(...['ceo', 'vp'].map((id) => layout.nodes.get(id)!.x + layout.nodes.get(id)!.width));
    const oursLeft = Math.min(...['our-ceo', 'our-am'].map((id) => layout.nodes.get(id)!.x));
    expect(theirsRight).toBeLessThan(oursLeft);
    // The same level sits at the same height on both sides.
    expect(layout.nodes.get('ceo')!.y).toBe(layout.nodes.get('our-ceo')!.y);
  });

  it('wraps a crowded level into rows of maxPerRow', () => {
    const people = Array.from({ length: 7 }, (_, i) =>
      person({ id: `m${i}`, name: `Manager ${String.fromCharCode(65 + i)}`, level: 2 }),
    );
    const layout = layoutMap(people, [], { maxPerRow: 3 });
    const nodes = people.map((p) => layout.nodes.get(p.id)!);

    expect(nodes.map((n) => n.row).sort()).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(Math.max(...nodes.map((n) => n.col))).toBe(2);
    expect(new Set(nodes.map((n) => n.y)).size).toBe(3);
    expect(layout.bands[0].height).toBeGreaterThanOrEqual(3 * NODE_H);
    for (const a of nodes) for (const b of nodes) if (a !== b) expect(overlaps(a, b)).toBe(false);
  });

  it('orders people within a level so that ties do not cross', () => {
    // By name the ties would cross three times: A–Z, B–Y, C–X.
    const people = [
      person({ id: 'a', name: 'Anna Berg', level: 2 }),
      person({ id: 'b', name: 'Boris Kahn', level: 2 }),
      person({ id: 'c', name: 'Carla Diaz', level: 2 }),
      person({ id: 'x', name: 'Xavier Pohl', side: 'ours', level: 2 }),
      person({ id: 'y', name: 'Yara Nolan', side: 'ours', level: 2 }),
      person({ id: 'z', name: 'Zeno Abate', side: 'ours', level: 2 }),
    ];
    const ties = [
      tie({ theirs_id: 'a', ours_id: 'z' }),
      tie({ theirs_id: 'b', ours_id: 'y' }),
      tie({ theirs_id: 'c', ours_id: 'x' }),
    ];
    expect(countCrossings(layoutMap(people, ties, { maxPerRow: 1, sweeps: 0 }))).toBe(3);
    expect(countCrossings(layoutMap(people, ties, { maxPerRow: 1 }))).toBe(0);
  });

  it('lays out 60+ people without overlaps, inside the picture, fewer crossings than by name', () => {
    const { people, ties } = bigAccount(40, 24);
    const layout = layoutMap(people, ties);
    const nodes = [...layout.nodes.values()];

    expect(nodes).toHaveLength(64);
    expect([...layout.order.theirs, ...layout.order.ours].sort()).toEqual(people.map((p) => p.id).sort());
    for (let i = 0; i < nodes.length; i += 1) {
      const a = nodes[i];
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(layout.headerHeight);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (let j = i + 1; j < nodes.length; j += 1) expect(overlaps(a, nodes[j]), `${a.id} / ${nodes[j].id}`).toBe(false);
    }
    expect(layout.edges).toHaveLength(ties.length);
    expect(countCrossings(layout)).toBeLessThan(countCrossings(layoutMap(people, ties, { sweeps: 0 })));
  });

  it('gives the same picture whatever order the people arrive in', () => {
    const { people, ties } = bigAccount(20, 10);
    const a = layoutMap(people, ties);
    const b = layoutMap([...people].reverse(), [...ties].reverse());
    for (const [id, node] of a.nodes) expect(b.nodes.get(id)).toEqual(node);
  });

  it('drops ties to people not on the map and separates parallel ties', () => {
    const people = [
      person({ id: 'them', name: 'Ilse Maren', level: 2 }),
      person({ id: 'us', name: 'Piet Aalto', side: 'ours', level: 2 }),
    ];
    const ties = [
      tie({ id: 'formal', theirs_id: 'them', ours_id: 'us' }),
      tie({ id: 'personal', theirs_id: 'them', ours_id: 'us', dimension: 'personal' }),
      tie({ id: 'gone', theirs_id: 'them', ours_id: 'left-the-company' }),
      tie({ id: 'backwards', theirs_id: 'us', ours_id: 'them' }),
    ];
    const layout = layoutMap(people, ties);
    expect(layout.edges.map((e) => e.tie.id)).toEqual(['formal', 'personal']);
    expect(layout.edges[0].y1).not.toBe(layout.edges[1].y1);
    expect(layout.edges[0].x1).toBe(layout.nodes.get('them')!.x + layout.nodes.get('them')!.width);
    expect(layout.edges[0].x2).toBe(layout.nodes.get('us')!.x);
  });

  it('reads odd levels as sane ones', () => {
    const layout = layoutMap(
      [person({ id: 'zero', name: 'Rui Zero', level: 0 }), person({ id: 'nan', name: 'Ona Nan', level: Number.NaN })],
      [],
    );
    expect(layout.bands.map((b) => b.level)).toEqual([1]);
  });
});

describe('neighbour', () => {
  const people = [
    person({ id: 't1', name: 'Alba Ruiz', level: 1 }),
    person({ id: 't2a', name: 'Bea Holm', level: 2 }),
    person({ id: 't2b', name: 'Cai Ortiz', level: 2 }),
    person({ id: 'o1', name: 'Dov Sela', side: 'ours', level: 1 }),
  ];
  const layout = layoutMap(people, [], { maxPerRow: 3 });

  it('moves down a level, across a row, and over the gutter to the other side', () => {
    expect(neighbour(layout, 't1', 'down')).toMatch(/^t2/);
    const row = layout.order.theirs.filter((id) => id.startsWith('t2'));
    // Reading order on their side runs from the outside in; the last is next to the gutter.
    expect(neighbour(layout, row[0], 'right')).toBe(row[1]);
    expect(neighbour(layout, 't1', 'right')).toBe('o1');
    expect(neighbour(layout, 'o1', 'left')).toBe('t1');
  });

  it('stays put at the edge', () => {
    expect(neighbour(layout, 't1', 'up')).toBeNull();
    expect(neighbour(layout, 'o1', 'right')).toBeNull();
    expect(neighbour(layout, 'nobody', 'down')).toBeNull();
  });
});

describe('fitToWidth', () => {
  // Three at one level on each side: 1388 px wide with three to a row and the full gutter.
  const people = [
    ...['a', 'b', 'c'].map((id) => person({ id: `t-${id}`, name: `Their ${id}`, level: 2 })),
    ...['a', 'b', 'c'].map((id) => person({ id: `o-${id}`, name: `Our ${id}`, side: 'ours', level: 2 })),
  ];

  it('keeps three to a row and the full gutter where there is room (a 1600 px window)', () => {
    expect(layoutMap(people, []).width).toBe(1388);
    const fit = fitToWidth(people, 3, 1400);
    expect(fit).toEqual({ maxPerRow: 3, gutter: 280 });
    expect(layoutMap(people, [], fit).width).toBeLessThanOrEqual(1400);
  });

  it('narrows the gutter, then puts fewer to a row, to fit the default window (about 900 px)', () => {
    expect(fitToWidth(people, 3, 1300)).toEqual({ maxPerRow: 3, gutter: 192 });
    const fit = fitToWidth(people, 3, 904);
    expect(fit.maxPerRow).toBe(2);
    expect(fit.gutter).toBeGreaterThanOrEqual(MIN_GUTTER);
    expect(layoutMap(people, [], fit).width).toBeLessThanOrEqual(904);
  });

  it('goes no lower than one to a row: a map narrower than that scrolls', () => {
    expect(fitToWidth(people, 3, 300)).toEqual({ maxPerRow: 1, gutter: MIN_GUTTER });
  });
});
