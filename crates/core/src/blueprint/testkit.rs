//! Shared test helpers: pinned dates, people and ready-made blueprints.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::kinds::{Function, Side};
use BlueprintCommand as C;

pub fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn now() -> DateTime<Utc> {
    "2027-03-01T10:00:00Z".parse().unwrap()
}

pub fn today() -> NaiveDate {
    day("2027-03-01")
}

pub fn ours(id: &str) -> PersonRef {
    PersonRef { id: id.into(), side: Side::Ours }
}

pub fn theirs(id: &str) -> PersonRef {
    PersonRef { id: id.into(), side: Side::Theirs }
}

pub fn blank() -> Blueprint {
    Blueprint::new(NewBlueprint {
        id: "bp1".into(),
        account_id: "acme".into(),
        period: Period { starts_on: day("2027-01-01"), ends_on: day("2027-12-31") },
        question: None,
    })
    .unwrap()
}

/// Applies each command, failing the test with the refusal.
pub fn run(bp: &mut Blueprint, commands: impl IntoIterator<Item = BlueprintCommand>) {
    for command in commands {
        if let Err(why) = bp.apply(&command, now(), today()) {
            panic!("{command:?} refused: {why}");
        }
    }
}

/// Applies one command expecting a refusal; checks nothing changed.
pub fn refused(bp: &mut Blueprint, command: BlueprintCommand) -> Refusal {
    let before = bp.clone();
    let why = bp.apply(&command, now(), today()).expect_err(&format!("{command:?} should be refused"));
    assert_eq!(*bp, before, "{command:?} was refused but changed the blueprint");
    why
}

pub fn participant(id: &str, function: Function) -> BlueprintCommand {
    C::AddParticipant { person: ours(id), function }
}

pub fn idea(id: &str, text: &str, by: &str, kind: IdeaKind) -> BlueprintCommand {
    C::AddIdea { id: id.into(), text: text.into(), participant_id: Some(by.into()), kind }
}

pub fn choose(id: &str) -> BlueprintCommand {
    C::ChooseIdea { id: id.into(), chosen: true }
}

pub fn goal(id: &str, title: &str, ideas: &[&str]) -> BlueprintCommand {
    C::MakeGoal { id: id.into(), title: title.into(), idea_ids: ideas.iter().map(|i| i.to_string()).collect() }
}

pub fn measure(metric: &str, unit: &str, baseline: f64, target: f64) -> Measure {
    Measure { metric: metric.into(), unit: unit.into(), baseline, target }
}

/// Every plan field of a goal set: owner, counterpart, date, measure.
pub fn complete(id: &str, title: &str, owner: &str, date: &str, m: Measure) -> BlueprintCommand {
    C::EditGoal {
        id: id.into(),
        title: title.into(),
        owner: Some(ours(owner)),
        counterpart: Some(theirs("cfo")),
        target_date: Some(day(date)),
        measure: Some(m),
    }
}

pub fn approve() -> BlueprintCommand {
    C::Approve { by: "sponsor".into(), by_sponsor: true, comment: Some("Go.".into()) }
}

/// At the prioritise stage: Ana (sales) and Ben (installation) in the room,
/// four ideas, none chosen.
pub fn with_ideas() -> Blueprint {
    let mut bp = blank();
    run(
        &mut bp,
        [
            participant("ana", Function::Sales),
            participant("ben", Function::Installation),
            C::Advance,
            idea("i1", "Predictive maintenance for their fleet", "ana", IdeaKind::Innovation),
            idea("i2", "Fix the late spare-part deliveries", "ben", IdeaKind::ImplementationFailure),
            idea("i3", "Meet their new COO", "ana", IdeaKind::Relationship),
            idea("i4", "Spare parts arrive late", "ben", IdeaKind::ImplementationFailure),
            C::Advance,
        ],
    );
    bp
}

/// Revision 1 approved and tracking: goals "uptime" and "parts".
pub fn approved() -> Blueprint {
    let mut bp = with_ideas();
    run(
        &mut bp,
        [
            choose("i1"),
            choose("i2"),
            C::Advance,
            goal("uptime", "Raise fleet uptime", &["i1"]),
            goal("parts", "Spare parts on time", &["i2"]),
            complete("uptime", "Raise fleet uptime", "ana", "2027-09-30", measure("uptime", "%", 90.0, 98.0)),
            complete(
                "parts",
                "Spare parts on time",
                "ben",
                "2027-06-30",
                measure("late deliveries", "per month", 12.0, 2.0),
            ),
            C::Advance,
            C::Advance,
            approve(),
        ],
    );
    bp
}
