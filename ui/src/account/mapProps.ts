// From the account view to the relationship map's plain shapes. Pure, so the
// risk mapping can be tested without rendering anything.
import type { Analysis, Connection, Person, PlannedTie } from '../ipc';
import type { MapPerson, MapRisks, MapTie } from '../map/types';

export function toMapPerson(person: Person): MapPerson {
  return {
    id: person.id,
    name: person.name,
    title: person.title,
    side: person.side,
    level: person.org_level,
    function: person.function,
    department: person.department,
    reports_to_id: person.reports_to_id,
    decision_role: person.decision_role,
    disposition: person.disposition,
    active: person.active,
  };
}

export function toMapTie(connection: Connection): MapTie {
  return {
    id: connection.id,
    ours_id: connection.ours_id,
    theirs_id: connection.theirs_id,
    dimension: connection.dimension,
    intermediary: connection.intermediary,
    strength: connection.strength,
    last_contact: connection.last_contact,
  };
}

/** A blueprint's planned tie, drawn apart from the ties that exist. */
export function toPlannedMapTie(tie: PlannedTie): MapTie {
  return {
    id: `planned:${tie.ours_id}:${tie.theirs_id}`,
    ours_id: tie.ours_id,
    theirs_id: tie.theirs_id,
    dimension: 'formal',
    intermediary: null,
    strength: 2,
    last_contact: null,
    planned: { cadence_days: tie.cadence_days, goal: tie.goal },
  };
}

/** Ours then theirs, once each (the owner may also be in a tie). */
export function toMapPeople(ours: readonly Person[], theirs: readonly Person[]): MapPerson[] {
  const seen = new Set<string>();
  const out: MapPerson[] = [];
  for (const person of [...ours, ...theirs]) {
    if (seen.has(person.id)) continue;
    seen.add(person.id);
    out.push(toMapPerson(person));
  }
  return out;
}

function unique(ids: Iterable<string>): string[] {
  return [...new Set(ids)];
}

/**
 * What the map marks, read from the findings: the people a key-person or
 * single-thread finding names; the ties whose two ends a far-above finding
 * names; the people a bypass finding names.
 */
export function mapRisks(analysis: Analysis, connections: readonly Connection[]): MapRisks {
  const { findings } = analysis;
  const peopleOf = (...kinds: string[]) =>
    findings.filter((f) => kinds.includes(f.kind)).flatMap((f) => f.people);

  const farAbove = findings.filter((f) => f.kind === 'far_above_working_level').map((f) => new Set(f.people));
  const farAboveTies = connections
    .filter((c) => farAbove.some((people) => people.has(c.ours_id) && people.has(c.theirs_id)))
    .map((c) => c.id);

  return {
    key_person_ids: unique(peopleOf('key_person', 'single_executive_thread')),
    far_above_tie_ids: unique(farAboveTies),
    bypassed_ids: unique(peopleOf('bypass')),
    working_level: analysis.working_level,
  };
}
