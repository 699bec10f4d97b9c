import { describe, expect, it } from 'vitest';
import type { Analysis } from '../ipc';
import { connection, OUR_AM, OUR_CEO, THEIR_BUYER, THEIR_CEO, THEIR_OPS } from './fixtures';
import { mapRisks, toMapPeople, toMapTie } from './mapProps';

const CONNECTIONS = [
  connection({ id: 'ceo-ceo', ours_id: 'our-ceo', theirs_id: 'th-ceo' }),
  connection({ id: 'ceo-ops', ours_id: 'our-ceo', theirs_id: 'th-ops' }),
  connection({ id: 'am-ops', ours_id: 'our-am', theirs_id: 'th-ops', dimension: 'proxied', intermediary: 'Lotta Rask' }),
  connection({ id: 'am-ceo', ours_id: 'our-am', theirs_id: 'th-ceo' }),
];

function analysis(findings: Analysis['findings'], working_level: number | null = 3): Analysis {
  return {
    dimension_mix: { formal: 1, personal: 0, proxied: 0, total_strength: 4 },
    working_level,
    coverage: { roles_connected: [], roles_unconnected: [], functions_connected: [], champion_connected: false },
    findings,
  };
}

describe('mapRisks', () => {
  it('marks the people of key-person and single-thread findings, once each', () => {
    const risks = mapRisks(
      analysis([
        { kind: 'key_person', message: 'Ingrid holds most of it.', people: ['our-ceo'] },
        { kind: 'single_executive_thread', message: 'Only Ingrid above working level.', people: ['our-ceo'] },
        { kind: 'key_person', message: 'Tomas too.', people: ['our-am'] },
      ]),
      CONNECTIONS,
    );
    expect(risks.key_person_ids).toEqual(['our-ceo', 'our-am']);
    expect(risks.far_above_tie_ids).toEqual([]);
    expect(risks.bypassed_ids).toEqual([]);
  });

  it('marks only the ties whose two ends a far-above finding names', () => {
    const risks = mapRisks(
      analysis([{ kind: 'far_above_working_level', message: 'Ingrid ↔ Marguerite is far above.', people: ['our-ceo', 'th-ceo'] }]),
      CONNECTIONS,
    );
    // our-ceo ↔ th-ops and our-am ↔ th-ceo share one end each: not marked.
    expect(risks.far_above_tie_ids).toEqual(['ceo-ceo']);
    expect(risks.key_person_ids).toEqual([]);
  });

  it('marks the people of bypass findings and passes the working level on', () => {
    const risks = mapRisks(
      analysis(
        [
          { kind: 'bypass', message: 'Marguerite may feel bypassed.', people: ['th-ceo'] },
          { kind: 'no_champion', message: 'No champion.', people: [] },
          { kind: 'decision_role_gap', message: 'Nobody on the user.', people: ['th-buyer'] },
        ],
        4,
      ),
      CONNECTIONS,
    );
    expect(risks).toEqual({ key_person_ids: [], far_above_tie_ids: [], bypassed_ids: ['th-ceo'], working_level: 4 });
  });

  it('is empty with no findings', () => {
    expect(mapRisks(analysis([], null), CONNECTIONS)).toEqual({
      key_person_ids: [],
      far_above_tie_ids: [],
      bypassed_ids: [],
      working_level: null,
    });
  });
});

describe('toMapPeople and toMapTie', () => {
  it('maps side, level and the rest, ours first, without duplicates', () => {
    const people = toMapPeople([OUR_CEO, OUR_AM, OUR_CEO], [THEIR_CEO, THEIR_OPS, THEIR_BUYER]);
    expect(people.map((p) => p.id)).toEqual(['our-ceo', 'our-am', 'th-ceo', 'th-ops', 'th-buyer']);
    expect(people[0]).toMatchObject({ side: 'ours', level: 1, function: 'executive' });
    expect(people[3]).toMatchObject({
      side: 'theirs',
      level: 3,
      reports_to_id: 'th-ceo',
      decision_role: 'influencer',
      disposition: 'champion',
      active: true,
    });
    expect(people[4]).toMatchObject({ active: false });
  });

  it('keeps a tie’s ends, dimension, intermediary, strength and last contact', () => {
    expect(toMapTie(CONNECTIONS[2])).toEqual({
      id: 'am-ops',
      ours_id: 'our-am',
      theirs_id: 'th-ops',
      dimension: 'proxied',
      intermediary: 'Lotta Rask',
      strength: 3,
      last_contact: null,
    });
  });
});
