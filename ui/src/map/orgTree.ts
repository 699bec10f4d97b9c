// Their organisation as a tree, from each person's reports-to. The data is typed
// in by people, so it can be wrong in every way: a manager who is not on the
// account, someone reporting to themselves, a loop. None of that may hang the UI.

import { normaliseLevel } from './layout';
import type { MapPerson } from './types';

export interface OrgNode {
  person: MapPerson;
  children: OrgNode[];
  /** 0 for a root. */
  depth: number;
  parentId: string | null;
  /** Placed as a root because their reporting line loops back on itself. */
  inLoop: boolean;
}

const senior = (a: MapPerson, b: MapPerson) =>
  normaliseLevel(a.level) - normaliseLevel(b.level) ||
  a.name.localeCompare(b.name) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Roots are people with no manager, or whose manager is not in `people`. Every
 * person appears exactly once; a loop is cut above its most senior member,
 * who becomes a root flagged `inLoop`.
 */
export function buildOrgTree(people: MapPerson[]): OrgNode[] {
  const byId = new Map<string, MapPerson>();
  for (const p of people) if (!byId.has(p.id)) byId.set(p.id, p);

  const managerOf = (p: MapPerson): string | null => {
    const m = p.reports_to_id;
    return m && m !== p.id && byId.has(m) ? m : null;
  };

  const reports = new Map<string, MapPerson[]>();
  for (const p of byId.values()) {
    const m = managerOf(p);
    if (m) reports.set(m, [...(reports.get(m) ?? []), p]);
  }
  for (const list of reports.values()) list.sort(senior);

  const placed = new Set<string>();
  // Iterative, so a reporting chain hundreds deep cannot overflow the stack.
  const grow = (rootPerson: MapPerson, inLoop: boolean): OrgNode => {
    const root: OrgNode = { person: rootPerson, children: [], depth: 0, parentId: null, inLoop };
    placed.add(rootPerson.id);
    const stack: OrgNode[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      for (const child of reports.get(node.person.id) ?? []) {
        if (placed.has(child.id)) continue;
        placed.add(child.id);
        const childNode: OrgNode = {
          person: child,
          children: [],
          depth: node.depth + 1,
          parentId: node.person.id,
          inLoop: false,
        };
        node.children.push(childNode);
        stack.push(childNode);
      }
    }
    return root;
  };

  const roots = [...byId.values()]
    .filter((p) => managerOf(p) === null)
    .sort(senior)
    .map((p) => grow(p, false));

  // Whoever is left hangs off a loop. Walk up from one of them until a person
  // repeats: the walk from there is the loop. Cut it above its most senior member.
  for (const start of [...byId.values()].sort(senior)) {
    if (placed.has(start.id)) continue;
    const walk: string[] = [];
    const onWalk = new Set<string>();
    let at: string | null = start.id;
    while (at !== null && !onWalk.has(at) && !placed.has(at)) {
      walk.push(at);
      onWalk.add(at);
      at = managerOf(byId.get(at)!);
    }
    // An unplaced person's manager is unplaced too (else they would have been
    // placed beneath them), so the walk can only stop on a repeat: a loop.
    const loop = at !== null && onWalk.has(at) ? walk.slice(walk.indexOf(at)) : walk;
    const head = loop.map((id) => byId.get(id)!).sort(senior)[0];
    roots.push(grow(head, true));
  }

  return roots;
}

/** Items on screen, top to bottom: roots, and the children of expanded nodes. */
export function visibleNodes(roots: OrgNode[], isExpanded: (id: string) => boolean): OrgNode[] {
  const out: OrgNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    if (node.children.length && isExpanded(node.person.id)) {
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]);
    }
  }
  return out;
}

/** Every node, depth first. */
export function allNodes(roots: OrgNode[]): OrgNode[] {
  return visibleNodes(roots, () => true);
}
