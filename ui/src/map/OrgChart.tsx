import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FocusEvent, KeyboardEvent } from 'react';
import { Button } from '../ui/Button';
import { dispositionLabel, roleLabel } from './labels';
import { allNodes, buildOrgTree, visibleNodes } from './orgTree';
import type { OrgNode } from './orgTree';
import type { MapPerson, Side } from './types';
import './map.css';

export interface OrgChartProps {
  people: MapPerson[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Whose organisation to draw; people on the other side are left out. */
  side?: Side;
  /** Levels of the tree open at first; deeper subtrees start collapsed. */
  initialDepth?: number;
}

function ancestorsOf(id: string | null, parents: Map<string, string | null>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let at = id !== null ? (parents.get(id) ?? null) : null;
  while (at !== null && !seen.has(at)) {
    seen.add(at);
    out.push(at);
    at = parents.get(at) ?? null;
  }
  return out;
}

/**
 * Their organisation as a tree (WAI-ARIA tree pattern): Up/Down move, Right opens
 * or steps in, Left closes or steps out, Home/End jump, Enter/Space select, and a
 * letter jumps to the next name starting with it.
 */
export function OrgChart({ people, selectedId, onSelect, side = 'theirs', initialDepth = 2 }: OrgChartProps) {
  const baseId = useId();
  const roots = useMemo(() => buildOrgTree(people.filter((p) => p.side === side)), [people, side]);
  const nodes = useMemo(() => allNodes(roots), [roots]);
  const parents = useMemo(() => new Map(nodes.map((n) => [n.person.id, n.parentId])), [nodes]);
  const labelIds = useMemo(() => new Map(nodes.map((n, i) => [n.person.id, `${baseId}-${i}`])), [nodes, baseId]);

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () =>
      new Set([
        ...nodes.filter((n) => n.children.length && n.depth < initialDepth - 1).map((n) => n.person.id),
        ...ancestorsOf(selectedId, parents),
      ]),
  );
  // A selection made elsewhere (the map) opens the branches down to that person.
  const [openedFor, setOpenedFor] = useState(selectedId);
  if (openedFor !== selectedId) {
    setOpenedFor(selectedId);
    const missing = ancestorsOf(selectedId, parents).filter((id) => !expanded.has(id));
    if (missing.length) setExpanded(new Set([...expanded, ...missing]));
  }

  const [focusedId, setFocusedId] = useState<string | null>(null);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  useEffect(() => {
    // A selection made on the map may be far down a long tree. jsdom has no scrollIntoView.
    if (selectedId) itemRefs.current.get(selectedId)?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);

  const visible = visibleNodes(roots, (id) => expanded.has(id));
  const visibleIds = new Set(visible.map((n) => n.person.id));
  const tabbableId =
    focusedId !== null && visibleIds.has(focusedId)
      ? focusedId
      : selectedId !== null && visibleIds.has(selectedId)
        ? selectedId
        : (visible[0]?.person.id ?? null);

  const setOpen = (id: string, open: boolean) => {
    if (expanded.has(id) === open) return;
    const next = new Set(expanded);
    if (open) next.add(id);
    else next.delete(id);
    setExpanded(next);
  };

  const moveFocus = (node: OrgNode | undefined) => {
    if (!node) return;
    setFocusedId(node.person.id);
    itemRefs.current.get(node.person.id)?.focus();
  };

  const idOf = (target: EventTarget) =>
    target instanceof Element ? (target.closest('[role="treeitem"]')?.getAttribute('data-person-id') ?? null) : null;

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const id = idOf(event.target);
    const index = visible.findIndex((n) => n.person.id === id);
    if (id === null || index < 0) return;
    const node = visible[index];
    const open = expanded.has(id);
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case 'ArrowDown':
        handled();
        moveFocus(visible[index + 1]);
        return;
      case 'ArrowUp':
        handled();
        moveFocus(visible[index - 1]);
        return;
      case 'ArrowRight':
        handled();
        if (node.children.length && !open) setOpen(id, true);
        else if (node.children.length) moveFocus(node.children[0]);
        return;
      case 'ArrowLeft':
        handled();
        if (node.children.length && open) setOpen(id, false);
        else moveFocus(visible.find((n) => n.person.id === node.parentId));
        return;
      case 'Home':
        handled();
        moveFocus(visible[0]);
        return;
      case 'End':
        handled();
        moveFocus(visible[visible.length - 1]);
        return;
      case 'Enter':
      case ' ':
        handled();
        onSelect(id);
        return;
      case '*': {
        handled();
        const siblings = node.parentId === null ? roots : (nodes.find((n) => n.person.id === node.parentId)?.children ?? []);
        setExpanded(new Set([...expanded, ...siblings.filter((n) => n.children.length).map((n) => n.person.id)]));
        return;
      }
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const letter = event.key.toLocaleLowerCase();
          const after = [...visible.slice(index + 1), ...visible.slice(0, index)];
          const match = after.find((n) => n.person.name.trim().toLocaleLowerCase().startsWith(letter));
          if (match) {
            handled();
            moveFocus(match);
          }
        }
    }
  };

  const onFocus = (event: FocusEvent<HTMLUListElement>) => {
    const id = idOf(event.target);
    if (id !== null) setFocusedId(id);
  };

  const renderNode = (node: OrgNode, position: number, setSize: number) => {
    const { person } = node;
    const hasChildren = node.children.length > 0;
    const open = hasChildren && expanded.has(person.id);
    const labelId = labelIds.get(person.id);
    return (
      <li
        key={person.id}
        ref={(el) => {
          if (el) itemRefs.current.set(person.id, el);
          else itemRefs.current.delete(person.id);
        }}
        role="treeitem"
        aria-level={node.depth + 1}
        aria-setsize={setSize}
        aria-posinset={position}
        aria-expanded={hasChildren ? open : undefined}
        aria-selected={person.id === selectedId}
        aria-labelledby={labelId}
        tabIndex={person.id === tabbableId ? 0 : -1}
        className={`org-item${person.active ? '' : ' is-inactive'}`}
        data-testid="org-node"
        data-person-id={person.id}
      >
        <div
          className="org-row"
          onClick={() => {
            setFocusedId(person.id);
            itemRefs.current.get(person.id)?.focus();
            onSelect(person.id);
          }}
        >
          <span
            className={`org-toggle${hasChildren ? '' : ' is-leaf'}`}
            aria-hidden="true"
            onClick={(event) => {
              if (!hasChildren) return;
              event.stopPropagation();
              setFocusedId(person.id);
              itemRefs.current.get(person.id)?.focus();
              setOpen(person.id, !open);
            }}
          >
            {hasChildren && (
              <svg width="12" height="12" viewBox="0 0 12 12" focusable="false">
                <path d="M 4 2.5 L 8 6 L 4 9.5" />
              </svg>
            )}
          </span>
          <span className="org-text">
            <span id={labelId} className="org-name" title={person.name}>
              {person.name}
            </span>
            {person.title && <span className="org-title" title={person.title}>
                {person.title}
              </span>}
          </span>
          <span className="org-badges">
            {person.decision_role && <span className="badge org-role">{roleLabel(person.decision_role)}</span>}
            {person.disposition && (
              <span className={`badge org-disposition map-disposition-${person.disposition}`}>
                {dispositionLabel(person.disposition)}
              </span>
            )}
            {!person.active && <span className="badge org-left">Left</span>}
            {node.inLoop && (
              <span className="flag-warn" title="Their reporting line loops back to them; check who they report to">
                Reporting loop
              </span>
            )}
            {hasChildren && !open && (
              <span className="org-count muted">
                {node.children.length === 1 ? '1 report' : `${node.children.length} reports`}
              </span>
            )}
          </span>
        </div>
        {open && (
          <ul role="group" className="org-group">
            {node.children.map((child, i) => renderNode(child, i + 1, node.children.length))}
          </ul>
        )}
      </li>
    );
  };

  if (roots.length === 0) {
    return (
      <p className="muted" data-testid="org-empty">
        No one recorded on their side yet.
      </p>
    );
  }

  const branches = nodes.filter((n) => n.children.length).map((n) => n.person.id);
  return (
    <div className="org-chart" data-testid="org-chart">
      <div className="org-toolbar">
        <Button size="sm" variant="ghost" onClick={() => setExpanded(new Set(branches))} data-testid="org-expand-all">
          Expand all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setExpanded(new Set())} data-testid="org-collapse-all">
          Collapse all
        </Button>
      </div>
      <div className="org-scroll">
        <ul
          role="tree"
          aria-label={side === 'theirs' ? 'Their organisation' : 'Our organisation'}
          className="org-tree"
          onKeyDown={onKeyDown}
          onFocus={onFocus}
        >
          {roots.map((root, i) => renderNode(root, i + 1, roots.length))}
        </ul>
      </div>
    </div>
  );
}
