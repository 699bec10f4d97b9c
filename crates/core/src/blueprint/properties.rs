//! Property tests without a property-testing crate: seeded random command
//! sequences, valid and invalid, with the invariants checked after every step.
//! A failure prints the seed and the step; `one_sequence(seed, &mut
//! Reached::default())` replays that sequence alone.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::testkit::{day, ours, theirs};
use super::*;
use crate::kinds::{Function, Side};
use BlueprintCommand as C;

const SEQUENCES: u64 = 2_000;
const MAX_STEPS: usize = 60;
const FIRST_SEED: u64 = 0xB1E5_0000;

const OURS: &[&str] = &["ana", "ben", "cai", "eva"];
const THEIRS: &[&str] = &["cfo", "coo", "cto"];
const IDEA_IDS: &[&str] = &["i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "", "nope"];
const GOAL_IDS: &[&str] = &["g0", "g1", "g2", "g3", "g4", "", "nope"];

/// What the sequences reached, so the properties are not checked on nothing.
#[derive(Debug, Default)]
struct Reached {
    steps: usize,
    refused: usize,
    approvals: usize,
    sent_back: usize,
    revisions_opened: usize,
    frozen_edits_refused: usize,
    check_ins: usize,
    merges: usize,
    splits: usize,
    third_revision: usize,
}

#[test]
fn no_sequence_of_commands_breaks_the_invariants() {
    let mut reached = Reached::default();
    for seed in FIRST_SEED..FIRST_SEED + SEQUENCES {
        one_sequence(seed, &mut reached);
    }
    let r = &reached;
    eprintln!("{r:?}");
    assert!(r.steps > SEQUENCES as usize * 20, "{} steps", r.steps);
    assert!(r.refused > r.steps / 10 && r.refused < r.steps * 9 / 10, "{} of {} refused", r.refused, r.steps);
    assert!(r.approvals > 1_000, "{} approvals", r.approvals);
    assert!(r.sent_back > 200, "{} sent back", r.sent_back);
    assert!(r.revisions_opened > 500, "{} revisions opened", r.revisions_opened);
    assert!(r.frozen_edits_refused > 500, "{} frozen edits refused", r.frozen_edits_refused);
    assert!(r.check_ins > 500, "{} check-ins", r.check_ins);
    assert!(r.merges > 100 && r.splits > 100, "{} merges, {} splits", r.merges, r.splits);
    assert!(r.third_revision > 50, "{} sequences reached revision 3", r.third_revision);
}

fn one_sequence(seed: u64, reached: &mut Reached) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut bp = Blueprint::new(NewBlueprint {
        id: "bp".into(),
        account_id: "acme".into(),
        period: Period { starts_on: day("2027-01-01"), ends_on: day("2027-12-31") },
        question: None,
    })
    .unwrap();
    let mut approved: Vec<RevisionSnapshot> = vec![];
    let start: DateTime<Utc> = "2027-01-04T09:00:00Z".parse().unwrap();
    let steps = rng.random_range(1..=MAX_STEPS);
    for step in 0..steps {
        let now = start + Duration::days(step as i64);
        let today = now.date_naive();
        let command = if rng.random_bool(0.75) { helpful(&mut rng, &bp, today) } else { anything(&mut rng, &bp) };
        let before = bp.clone();
        let result = bp.apply(&command, now, today);
        let at = format!("seed {seed} step {step}: {command:?} -> {result:?}");
        check(&before, &bp, &command, &result, &mut approved, &at);
        // Whatever the commands reach, import would accept.
        if let Err(refusal) = bp.check_stored() {
            panic!("{at}: the commands made a blueprint import refuses: {refusal}");
        }
        tally(reached, &before, &bp, &command, &result);
    }
    reached.third_revision += usize::from(bp.revision >= 3);
}

fn tally(
    r: &mut Reached,
    before: &Blueprint,
    after: &Blueprint,
    command: &BlueprintCommand,
    result: &Result<(), Refusal>,
) {
    r.steps += 1;
    let ok = result.is_ok();
    r.refused += usize::from(!ok);
    r.approvals += usize::from(ok && matches!(command, C::Approve { .. }));
    r.sent_back += usize::from(ok && matches!(command, C::SendBack { .. }));
    r.revisions_opened += usize::from(after.revision > before.revision);
    r.frozen_edits_refused += usize::from(before.frozen() && command.changes_plan());
    r.check_ins += usize::from(ok && matches!(command, C::CheckIn { .. }));
    r.merges += usize::from(ok && matches!(command, C::MergeIdeas { .. }));
    r.splits += usize::from(ok && matches!(command, C::SplitIdea { .. }));
}

// -- The invariants ------------------------------------------------------------

fn check(
    before: &Blueprint,
    after: &Blueprint,
    command: &BlueprintCommand,
    result: &Result<(), Refusal>,
    approved: &mut Vec<RevisionSnapshot>,
    at: &str,
) {
    // A refused command changes nothing.
    if result.is_err() {
        assert_eq!(after, before, "refused but changed; {at}");
    }
    // Nothing edits a frozen revision.
    if before.frozen() && command.changes_plan() {
        assert!(result.is_err(), "a plan change went through on a frozen revision; {at}");
    }
    // Revision numbers never decrease, and approved ones strictly increase.
    assert!(after.revision >= before.revision, "revision went down; {at}");
    let numbers: Vec<u32> = after.revisions.iter().map(|r| r.revision).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "snapshots {numbers:?}; {at}");
    // An approved revision's snapshot is exactly what it was when approved.
    assert!(after.revisions.len() >= approved.len(), "a snapshot disappeared; {at}");
    assert_eq!(after.revisions[..approved.len()], approved[..], "a snapshot changed; {at}");
    approved.extend_from_slice(&after.revisions[approved.len()..]);
    // Tracking only when the current revision is approved, and then the plan
    // is the approved one (status aside, which check-ins move).
    if after.stage == BlueprintStage::Track {
        let last = after.revisions.last().unwrap_or_else(|| panic!("tracking with nothing approved; {at}"));
        assert_eq!(last.revision, after.revision, "tracking an unapproved revision; {at}");
        let review = after.reviews.last().unwrap();
        assert_eq!((review.revision, review.verdict), (after.revision, Verdict::Approved), "{at}");
        assert_eq!(plan(&after.goals), plan(&last.goals), "the frozen plan drifted; {at}");
    } else if let Some(last) = after.revisions.last() {
        assert!(last.revision < after.revision, "editing an approved revision number; {at}");
    }
    consistent(after, at);
}

fn plan(goals: &[Goal]) -> Vec<Goal> {
    goals.iter().map(|g| Goal { status: GoalStatus::NotStarted, ..g.clone() }).collect()
}

/// The aggregate's own rules about references and budgets.
fn consistent(bp: &Blueprint, at: &str) {
    let live = |id: &str| bp.idea(id).is_some_and(Idea::is_live);
    for idea in &bp.ideas {
        if let Some(keep) = &idea.merged_into {
            assert!(live(keep), "{} merged into a non-live {keep}; {at}", idea.id);
            assert!(!idea.chosen, "a merged idea is chosen; {at}");
        }
        if let Some(p) = &idea.participant_id {
            assert!(bp.participant(p).is_some(), "idea by {p}, who is not in the room; {at}");
        }
        assert_eq!(bp.ideas.iter().filter(|i| i.id == idea.id).count(), 1, "idea id {} twice; {at}", idea.id);
    }
    for goal in &bp.goals {
        assert!(!goal.idea_ids.is_empty(), "goal {} from no idea; {at}", goal.id);
        for id in &goal.idea_ids {
            assert!(live(id) && bp.idea(id).unwrap().chosen, "goal {} from {id}; {at}", goal.id);
        }
        assert_eq!(bp.goals.iter().filter(|g| g.id == goal.id).count(), 1, "goal id {} twice; {at}", goal.id);
    }
    for b in &bp.ballots {
        assert!(b.votes > 0 && live(&b.idea_id) && bp.participant(&b.participant_id).is_some(), "{b:?}; {at}");
    }
    for p in &bp.participants {
        let spent: u32 = bp.ballots.iter().filter(|b| b.participant_id == p.person_id).map(|b| b.votes).sum();
        assert!(spent <= VOTE_BUDGET, "{} spent {spent}; {at}", p.person_id);
    }
}

// -- The generator ---------------------------------------------------------------

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn text(rng: &mut StdRng) -> String {
    if rng.random_bool(0.1) { " ".into() } else { format!("text {}", rng.random_range(0..100)) }
}

fn existing_or(rng: &mut StdRng, existing: Vec<&str>, pool: &[&str]) -> String {
    if !existing.is_empty() && rng.random_bool(0.75) {
        existing[rng.random_range(0..existing.len())].to_string()
    } else {
        pick(rng, pool).to_string()
    }
}

fn idea_id(rng: &mut StdRng, bp: &Blueprint) -> String {
    existing_or(rng, bp.ideas.iter().map(|i| i.id.as_str()).collect(), IDEA_IDS)
}

fn live_idea_id(rng: &mut StdRng, bp: &Blueprint) -> String {
    existing_or(rng, bp.live_ideas().map(|i| i.id.as_str()).collect(), IDEA_IDS)
}

fn goal_id(rng: &mut StdRng, bp: &Blueprint) -> String {
    existing_or(rng, bp.goals.iter().map(|g| g.id.as_str()).collect(), GOAL_IDS)
}

fn participant_id(rng: &mut StdRng, bp: &Blueprint) -> String {
    existing_or(rng, bp.participants.iter().map(|p| p.person_id.as_str()).collect(), OURS)
}

/// Usually on the right side; sometimes not.
fn person(rng: &mut StdRng, side: Side) -> PersonRef {
    let side = if rng.random_bool(0.9) { side } else { [Side::Ours, Side::Theirs][rng.random_range(0..2)] };
    let id = if side == Side::Ours { pick(rng, OURS) } else { pick(rng, THEIRS) };
    PersonRef { id: id.into(), side }
}

fn date(rng: &mut StdRng) -> NaiveDate {
    day("2027-01-01") + Duration::days(rng.random_range(0..400))
}

fn measure(rng: &mut StdRng) -> Measure {
    let baseline = f64::from(rng.random_range(0..10));
    let target = match rng.random_range(0..10) {
        0 => baseline,
        1 => f64::NAN,
        n => baseline + f64::from(n) - 5.5,
    };
    let metric = if rng.random_bool(0.05) { "" } else { "uptime" };
    Measure { metric: metric.into(), unit: "%".into(), baseline, target }
}

fn score(rng: &mut StdRng) -> Option<u8> {
    if rng.random_bool(0.1) { None } else { Some(rng.random_range(0..=6)) }
}

fn kind(rng: &mut StdRng) -> IdeaKind {
    IdeaKind::ALL[rng.random_range(0..IdeaKind::ALL.len())]
}

fn fresh(rng: &mut StdRng, prefix: &str) -> String {
    format!("{prefix}{}", rng.random_range(0..1_000_000))
}

/// A command that moves the work along at the current stage (still sometimes refused).
fn helpful(rng: &mut StdRng, bp: &Blueprint, today: NaiveDate) -> BlueprintCommand {
    use BlueprintStage as S;
    // Advance half the time it would be accepted, and now and then regardless.
    let advance = rng.random_bool(if bp.check(StageAction::Advance, true).is_ok() { 0.5 } else { 0.05 });
    match bp.stage {
        S::Frame if advance => C::Advance,
        S::Frame => C::AddParticipant {
            person: ours(pick(rng, OURS)),
            function: Function::ALL[rng.random_range(0..Function::ALL.len())],
        },
        S::Ideas if advance => C::Advance,
        S::Ideas => C::AddIdea {
            id: fresh(rng, "i"),
            text: text(rng),
            participant_id: Some(participant_id(rng, bp)),
            kind: kind(rng),
        },
        S::Prioritise if advance => C::Advance,
        S::Prioritise => match rng.random_range(0..4) {
            0 => C::ScoreIdea { id: live_idea_id(rng, bp), impact: score(rng), effort: score(rng) },
            1 => C::Vote {
                participant_id: participant_id(rng, bp),
                idea_id: live_idea_id(rng, bp),
                votes: rng.random_range(0..6),
            },
            _ => C::ChooseIdea { id: live_idea_id(rng, bp), chosen: true },
        },
        S::Goals | S::People if advance => C::Advance,
        S::Goals | S::People => {
            let incomplete = bp.goals.iter().find(|g| !g.is_complete()).map(|g| g.id.clone());
            if bp.goals.is_empty() || (incomplete.is_none() && rng.random_bool(0.3)) {
                let chosen = bp.live_ideas().filter(|i| i.chosen).map(|i| i.id.clone()).take(2).collect();
                return C::MakeGoal { id: fresh(rng, "g"), title: text(rng), idea_ids: chosen };
            }
            let id = incomplete.unwrap_or_else(|| goal_id(rng, bp));
            match rng.random_range(0..4) + if bp.stage == S::Goals { 2 } else { 0 } {
                0 => C::Involve { goal_id: id, person: person(rng, Side::Theirs) },
                1 => C::PlanConnection {
                    goal_id: id,
                    ours: person(rng, Side::Ours),
                    theirs: person(rng, Side::Theirs),
                    cadence_days: rng.random_range(0..100),
                },
                _ => C::EditGoal {
                    id,
                    title: text(rng),
                    owner: Some(person(rng, Side::Ours)),
                    counterpart: Some(person(rng, Side::Theirs)),
                    target_date: Some(date(rng)),
                    measure: Some(measure(rng)),
                },
            }
        }
        S::Approve => match rng.random_range(0..5) {
            0 => C::SendBack { by: "sponsor".into(), by_sponsor: rng.random_bool(0.9), comment: text(rng) },
            1 => C::Back,
            _ => C::Approve { by: "sponsor".into(), by_sponsor: rng.random_bool(0.9), comment: None },
        },
        S::Track => match rng.random_range(0..4) {
            0 => C::OpenRevision,
            _ => C::CheckIn {
                goal_id: goal_id(rng, bp),
                on: today - Duration::days(rng.random_range(-1..30)),
                value: f64::from(rng.random_range(0..20)),
                note: Some(text(rng)),
                status: Some(GoalStatus::ALL[rng.random_range(0..GoalStatus::ALL.len())]),
            },
        },
    }
}

/// Any command at all, with arguments that are as often wrong as right.
fn anything(rng: &mut StdRng, bp: &Blueprint) -> BlueprintCommand {
    match rng.random_range(0..24) {
        0 => C::SetQuestion { question: text(rng) },
        1 => C::SetPeriod { period: Period { starts_on: date(rng), ends_on: date(rng) } },
        2 => C::AddParticipant { person: person(rng, Side::Ours), function: Function::Finance },
        3 => C::RemoveParticipant { person_id: participant_id(rng, bp) },
        4 => C::AddIdea {
            id: pick(rng, IDEA_IDS).into(),
            text: text(rng),
            participant_id: Some(participant_id(rng, bp)).filter(|_| rng.random_bool(0.8)),
            kind: kind(rng),
        },
        5 => C::EditIdea { id: idea_id(rng, bp), text: text(rng), participant_id: None, kind: kind(rng) },
        6 | 7 => C::MergeIdeas { keep: idea_id(rng, bp), duplicate: idea_id(rng, bp) },
        8 | 9 => C::SplitIdea {
            id: idea_id(rng, bp),
            text: text(rng),
            parts: (0..rng.random_range(0..3))
                .map(|_| IdeaPart { id: pick(rng, IDEA_IDS).into(), text: text(rng) })
                .collect(),
        },
        10 => C::ScoreIdea { id: idea_id(rng, bp), impact: score(rng), effort: score(rng) },
        11 => C::Vote {
            participant_id: participant_id(rng, bp),
            idea_id: idea_id(rng, bp),
            votes: rng.random_range(0..12),
        },
        12 => C::ChooseIdea { id: idea_id(rng, bp), chosen: rng.random_bool(0.5) },
        13 => C::MakeGoal {
            id: pick(rng, GOAL_IDS).into(),
            title: text(rng),
            idea_ids: (0..rng.random_range(0..3)).map(|_| idea_id(rng, bp)).collect(),
        },
        14 => C::EditGoal {
            id: goal_id(rng, bp),
            title: text(rng),
            owner: Some(person(rng, Side::Ours)).filter(|_| rng.random_bool(0.8)),
            counterpart: None,
            target_date: Some(date(rng)).filter(|_| rng.random_bool(0.8)),
            measure: Some(measure(rng)).filter(|_| rng.random_bool(0.8)),
        },
        15 => C::RemoveGoal { id: goal_id(rng, bp) },
        16 => C::Involve { goal_id: goal_id(rng, bp), person: person(rng, Side::Theirs) },
        17 => C::Uninvolve { goal_id: goal_id(rng, bp), person_id: pick(rng, THEIRS).into() },
        18 => C::PlanConnection {
            goal_id: goal_id(rng, bp),
            ours: person(rng, Side::Ours),
            theirs: theirs(pick(rng, THEIRS)),
            cadence_days: rng.random_range(0..400),
        },
        19 => C::DropConnection { goal_id: goal_id(rng, bp), ours_id: pick(rng, OURS).into(), theirs_id: "coo".into() },
        20 => [C::Advance, C::Back, C::OpenRevision][rng.random_range(0..3)].clone(),
        21 => C::Approve { by: pick(rng, &["sponsor", " "]).into(), by_sponsor: rng.random_bool(0.5), comment: None },
        22 => C::SendBack { by: "sponsor".into(), by_sponsor: rng.random_bool(0.5), comment: text(rng) },
        _ => C::CheckIn {
            goal_id: goal_id(rng, bp),
            on: date(rng),
            value: if rng.random_bool(0.1) { f64::NAN } else { 3.0 },
            note: None,
            status: None,
        },
    }
}
