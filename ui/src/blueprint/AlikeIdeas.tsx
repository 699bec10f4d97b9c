import { useId, useState } from 'react';
import type { BlueprintView } from '../ipc';
import { Button } from '../ui/Button';
import { ProblemBanner, useAct } from './act';

// A few at a time: the rest come up as these are merged or set aside.
const SHOWN = 3;

/**
 * Ideas the core finds alike (most of their words shared), offered for
 * merging: the later one goes into the earlier, its votes and scores with it.
 * "Not the same" sets a pair aside while the page is open.
 */
export function AlikeIdeas({ view }: { view: BlueprintView }) {
  const titleId = useId();
  const { blueprint } = view;
  const { act, problem, pending } = useAct(blueprint.id);
  const [apart, setApart] = useState<ReadonlySet<string>>(() => new Set());
  const key = (keep: string, duplicate: string) => `${keep}/${duplicate}`;
  const pairs = view.alike.filter((p) => !apart.has(key(p.keep, p.duplicate))).slice(0, SHOWN);
  const text = (id: string) => blueprint.ideas.find((i) => i.id === id)?.text ?? '';
  if (pairs.length === 0 && !problem) return null;

  return (
    <section className="bp-alike" aria-labelledby={titleId} data-testid="alike-ideas">
      <h3 className="details-subhead" id={titleId}>
        These look alike — merge?
      </h3>
      <ul className="bp-plain-list">
        {pairs.map((p) => (
          <li key={key(p.keep, p.duplicate)} className="bp-alike-pair" data-testid="alike-pair" data-keep={p.keep} data-duplicate={p.duplicate}>
            <span className="bp-alike-texts">
              “{text(p.keep)}” <span className="muted">and</span> “{text(p.duplicate)}”
            </span>
            <span className="bp-alike-actions">
              <Button
                size="sm"
                data-testid="alike-merge"
                aria-label={`Merge “${text(p.duplicate)}” into “${text(p.keep)}”`}
                pending={pending === `alike:${p.duplicate}`}
                onClick={() => void act({ command: 'merge_ideas', keep: p.keep, duplicate: p.duplicate }, `alike:${p.duplicate}`)}
              >
                Merge
              </Button>
              <Button
                size="sm"
                variant="ghost"
                data-testid="alike-apart"
                onClick={() => setApart((s) => new Set(s).add(key(p.keep, p.duplicate)))}
              >
                Not the same
              </Button>
            </span>
          </li>
        ))}
      </ul>
      {problem && <ProblemBanner problem={problem} testId="alike-refused" />}
    </section>
  );
}
