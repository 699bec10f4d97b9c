// Blueprints as the core sends them, for tests. Not imported by the app.
import type {
  Blueprint,
  BlueprintCommand,
  BlueprintStage,
  BlueprintSummary,
  BlueprintView,
  Goal,
  Idea,
  PlanPerson,
  StageAction,
  StageCheck,
} from '../ipc';

export const ANA: PlanPerson = { id: 'p-ana', name: 'Ana Lima', title: 'Account Director', side: 'ours', function: 'sales', gone: false };
export const BEN: PlanPerson = { id: 'p-ben', name: 'Ben Okafor', title: 'Service Lead', side: 'ours', function: 'customer_service', gone: false };
export const EVA: PlanPerson = { id: 'p-eva', name: 'Eva Strand', title: 'CEO', side: 'ours', function: 'executive', gone: false };
export const COO: PlanPerson = { id: 'p-coo', name: 'Carla Ortiz', title: 'COO', side: 'theirs', function: null, gone: false };
export const CFO: PlanPerson = { id: 'p-cfo', name: 'Frank Moe', title: 'CFO', side: 'theirs', function: null, gone: false };
export const GONE: PlanPerson = { id: 'p-gone', name: 'Old Timer', title: null, side: 'theirs', function: null, gone: true };
export const PEOPLE: readonly PlanPerson[] = [ANA, BEN, EVA, COO, CFO, GONE];

export function idea(overrides: Partial<Idea> & Pick<Idea, 'id' | 'text'>): Idea {
  return {
    participant_id: null,
    kind: 'innovation',
    impact: null,
    effort: null,
    chosen: false,
    merged_into: null,
    split_from: null,
    ...overrides,
  };
}

export function goal(overrides: Partial<Goal> & Pick<Goal, 'id' | 'title'>): Goal {
  return {
    owner_id: null,
    counterpart_id: null,
    target_date: null,
    measure: null,
    status: 'not_started',
    idea_ids: [],
    involve: [],
    planned_connections: [],
    ...overrides,
  };
}

export function blueprint(overrides: Partial<Blueprint> = {}): Blueprint {
  return {
    id: 'bp-1',
    account_id: 'acc-1',
    period: { starts_on: '2027-01-01', ends_on: '2027-12-31' },
    question: 'What could we achieve together if our relationship with this customer were stronger?',
    participants: [
      { person_id: ANA.id, function: 'sales' },
      { person_id: BEN.id, function: 'customer_service' },
    ],
    ideas: [],
    ballots: [],
    goals: [],
    stage: 'frame',
    revision: 1,
    reviews: [],
    revisions: [],
    check_ins: [],
    ...overrides,
  };
}

/** What the stage machine allows from a stage, roughly as the core says it. */
export function actionsAt(stage: BlueprintStage, overrides: Partial<Record<StageAction, string | null>> = {}): StageCheck[] {
  const open: Record<BlueprintStage, readonly StageAction[]> = {
    frame: ['advance'],
    ideas: ['advance', 'back'],
    prioritise: ['advance', 'back'],
    goals: ['advance', 'back'],
    people: ['advance', 'back'],
    approve: ['back', 'approve', 'send_back'],
    track: ['open_revision'],
  };
  const all: readonly StageAction[] = ['advance', 'back', 'approve', 'send_back', 'open_revision'];
  return all.map((action) => {
    if (action in overrides) {
      const reason = overrides[action] ?? null;
      return { action, allowed: reason === null, reason };
    }
    return open[stage].includes(action)
      ? { action, allowed: true, reason: null }
      : { action, allowed: false, reason: `not at the ${stage} stage` };
  });
}

/** A view the way blueprint_view answers, derived from the blueprint where the core would compute it. */
export function view(bp: Blueprint = blueprint(), overrides: Partial<BlueprintView> = {}): BlueprintView {
  const live = bp.ideas.filter((i) => i.merged_into === null);
  const votes = (id: string) => bp.ballots.filter((b) => b.idea_id === id).reduce((n, b) => n + b.votes, 0);
  return {
    blueprint: bp,
    account_name: 'Brightwater Foods',
    sponsor: EVA,
    people: [...PEOPLE],
    ranked: live.map((i, n) => ({
      rank: n + 1,
      idea_id: i.id,
      text: i.text,
      kind: i.kind,
      participant_id: i.participant_id,
      votes: votes(i.id),
      impact: i.impact,
      effort: i.effort,
      ratio: i.impact && i.effort ? i.impact / i.effort : null,
      chosen: i.chosen,
    })),
    chart: live.flatMap((i) =>
      i.impact && i.effort ? [{ idea_id: i.id, text: i.text, impact: i.impact, effort: i.effort, chosen: i.chosen }] : [],
    ),
    room: { present: ['sales', 'customer_service'], missing: ['executive', 'product_development', 'installation', 'logistics', 'finance'], only_account_team: false, message: null },
    // The core's rule, enough for the screens: nobody of ours involved and no tie planned.
    people_gaps: bp.goals
      .filter((g) => !g.involve.some((i) => i.side === 'ours') && g.planned_connections.length === 0)
      .map((g) => ({ goal_id: g.id, title: g.title, message: `Nobody on our side is involved in "${g.title}".` })),
    alike: [],
    progress: { goals: [], overall: null, overdue: 0 },
    actions: actionsAt(bp.stage),
    drafts: [],
    updated_at: '2026-11-01T09:00:00Z',
    ...overrides,
    // Pairs given by a test stay offered while both ideas are live, as the core would.
    ...(overrides.alike && {
      alike: overrides.alike.filter((p) => [p.keep, p.duplicate].every((id) => live.some((i) => i.id === id))),
    }),
  };
}

export function summary(overrides: Partial<BlueprintSummary> = {}): BlueprintSummary {
  return {
    id: 'bp-1',
    account_id: 'acc-1',
    account_name: 'Brightwater Foods',
    period: { starts_on: '2027-01-01', ends_on: '2027-12-31' },
    stage: 'ideas',
    revision: 1,
    approved_revision: null,
    ideas: 12,
    goals: 0,
    overdue_goals: 0,
    progress: null,
    updated_at: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

/**
 * A small stand-in for the core's apply, enough for the screens: it changes
 * the blueprint as the command says and answers with a fresh view. Commands it
 * does not model are answered with the view unchanged.
 */
export function fakeCore(start: Blueprint, overrides: Partial<BlueprintView> = {}) {
  const state = { bp: structuredClone(start) };
  const next: Partial<Record<BlueprintStage, BlueprintStage>> = {
    frame: 'ideas',
    ideas: 'prioritise',
    prioritise: 'goals',
    goals: 'people',
    people: 'approve',
  };
  const previous: Partial<Record<BlueprintStage, BlueprintStage>> = {
    ideas: 'frame',
    prioritise: 'ideas',
    goals: 'prioritise',
    people: 'goals',
    approve: 'people',
  };
  const current = () => view(structuredClone(state.bp), { ...overrides, actions: actionsAt(state.bp.stage) });
  const apply = (command: BlueprintCommand): BlueprintView => {
    const bp = state.bp;
    const find = (id: string) => bp.ideas.find((i) => i.id === id);
    switch (command.command) {
      case 'add_idea':
        bp.ideas.push(idea({ id: command.id, text: command.text, participant_id: command.participant_id, kind: command.kind }));
        break;
      case 'edit_idea':
        Object.assign(find(command.id) ?? {}, { text: command.text, participant_id: command.participant_id, kind: command.kind });
        break;
      case 'merge_ideas':
        Object.assign(find(command.duplicate) ?? {}, { merged_into: command.keep });
        break;
      case 'split_idea': {
        const at = bp.ideas.findIndex((i) => i.id === command.id);
        const original = bp.ideas[at];
        if (!original) break;
        original.text = command.text;
        const parts = command.parts.map((p) =>
          idea({ id: p.id, text: p.text, kind: original.kind, participant_id: original.participant_id, split_from: original.id }),
        );
        bp.ideas.splice(at + 1, 0, ...parts);
        break;
      }
      case 'score_idea':
        Object.assign(find(command.id) ?? {}, { impact: command.impact, effort: command.effort });
        break;
      case 'choose_idea':
        Object.assign(find(command.id) ?? {}, { chosen: command.chosen });
        break;
      case 'vote': {
        bp.ballots = bp.ballots.filter((b) => !(b.participant_id === command.participant_id && b.idea_id === command.idea_id));
        if (command.votes > 0) bp.ballots.push({ participant_id: command.participant_id, idea_id: command.idea_id, votes: command.votes });
        break;
      }
      case 'involve':
        bp.goals.find((g) => g.id === command.goal_id)?.involve.push({ person_id: command.person.id, side: command.person.side });
        break;
      case 'plan_connection':
        bp.goals
          .find((g) => g.id === command.goal_id)
          ?.planned_connections.push({ ours_id: command.ours.id, theirs_id: command.theirs.id, cadence_days: command.cadence_days });
        break;
      case 'make_goal':
        bp.goals.push(goal({ id: command.id, title: command.title, idea_ids: command.idea_ids }));
        break;
      case 'edit_goal':
        Object.assign(bp.goals.find((g) => g.id === command.id) ?? {}, {
          title: command.title,
          owner_id: command.owner?.id ?? null,
          counterpart_id: command.counterpart?.id ?? null,
          target_date: command.target_date,
          measure: command.measure,
        });
        break;
      case 'advance':
        bp.stage = next[bp.stage] ?? bp.stage;
        break;
      case 'back':
        bp.stage = previous[bp.stage] ?? bp.stage;
        break;
      case 'approve':
        bp.revisions.push({ revision: bp.revision, approved_by: EVA.id, approved_at: '2026-12-01T10:00:00Z', goals: structuredClone(bp.goals) });
        bp.reviews.push({ revision: bp.revision, by: EVA.id, at: '2026-12-01T10:00:00Z', verdict: 'approved', comment: command.comment });
        bp.stage = 'track';
        break;
      case 'send_back':
        bp.reviews.push({ revision: bp.revision, by: EVA.id, at: '2026-12-01T10:00:00Z', verdict: 'sent_back', comment: command.comment });
        bp.stage = 'goals';
        break;
      case 'open_revision':
        bp.revision += 1;
        bp.stage = 'goals';
        break;
      default:
        break;
    }
    return current();
  };
  return { state, apply, current };
}
