// Invented people and ties for the map tests. Not imported by the app.

import type { MapPerson, MapRisks, MapTie } from './types';

let nextId = 1;

export function person(overrides: Partial<MapPerson> & Pick<MapPerson, 'name'>): MapPerson {
  return {
    id: `p${nextId++}`,
    title: null,
    side: 'theirs',
    level: 1,
    function: null,
    department: null,
    reports_to_id: null,
    decision_role: null,
    disposition: null,
    active: true,
    ...overrides,
  };
}

export function tie(overrides: Partial<MapTie> & Pick<MapTie, 'ours_id' | 'theirs_id'>): MapTie {
  return {
    id: `t${nextId++}`,
    dimension: 'formal',
    intermediary: null,
    strength: 3,
    last_contact: null,
    ...overrides,
  };
}

export const NO_RISKS: MapRisks = { key_person_ids: [], far_above_tie_ids: [], bypassed_ids: [], working_level: null };

const FIRST = ['Ada', 'Bram', 'Cleo', 'Dario', 'Edda', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Lars'];
const LAST = ['Varga', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Quispe', 'Novak', 'Haddad', 'Brennan', 'Iyer'];

/**
 * A big account: `theirs` of their people over five levels with a reporting
 * tree, `ours` of ours over four, and about two ties per person of theirs.
 */
export function bigAccount(theirs = 40, ours = 24): { people: MapPerson[]; ties: MapTie[] } {
  const name = (i: number) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
  const them: MapPerson[] = [];
  for (let i = 0; i < theirs; i += 1) {
    // 1 at level 1, 3 at level 2, then the rest spread over 3–5.
    const level = i === 0 ? 1 : i < 4 ? 2 : 3 + (i % 3);
    const manager = i === 0 ? null : them[i < 4 ? 0 : 1 + (i % 3)];
    them.push(
      person({
        id: `them-${i}`,
        name: name(i),
        title: `Director of Something Quite Long ${i}`,
        level,
        reports_to_id: manager?.id ?? null,
        decision_role: i % 4 === 0 ? 'decision_maker' : 'influencer',
        disposition: (['champion', 'supporter', 'neutral', 'sceptic', 'detractor'] as const)[i % 5],
      }),
    );
  }
  const us: MapPerson[] = [];
  for (let i = 0; i < ours; i += 1) {
    us.push(
      person({
        id: `us-${i}`,
        name: name(i + 200),
        side: 'ours',
        level: i === 0 ? 1 : 2 + (i % 3),
        function: i === 0 ? 'executive' : 'sales',
      }),
    );
  }
  const ties: MapTie[] = [];
  if (ours === 0) return { people: them, ties };
  them.forEach((p, i) => {
    ties.push(tie({ id: `tie-${i}-a`, theirs_id: p.id, ours_id: us[(i * 7) % ours].id, strength: 1 + (i % 5) }));
    if (i % 2 === 0) {
      ties.push(
        tie({ id: `tie-${i}-b`, theirs_id: p.id, ours_id: us[(i * 3 + 1) % ours].id, dimension: 'personal' }),
      );
    }
  });
  return { people: [...them, ...us], ties };
}
