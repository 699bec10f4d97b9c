//! An account's health: the visible sum of its parts. Each part has a
//! maximum, earns points by a rule simple enough to say in one sentence, and
//! carries that sentence as its reason; the score is the plain sum (0–100), so
//! anyone can see why an account scores what it does and what would raise it.

use serde::{Deserialize, Serialize};

crate::kinds::text_enum!(
    /// The parts of the health score, in the order they are shown.
    HealthPart, field = "part", {
        Cadence => "cadence" / "cadence",
        Coverage => "coverage" / "coverage",
        DimensionMix => "dimension_mix" / "dimension mix",
        KeyPerson => "key_person" / "key-person risk",
        Goals => "goals" / "goal progress",
        Stories => "stories" / "horror stories",
        Feedback => "feedback" / "feedback responsiveness",
        Ownership => "ownership" / "ownership check",
    }
);

impl HealthPart {
    /// Points the part can earn; they add up to 100.
    pub fn max_points(self) -> u32 {
        match self {
            Self::Cadence => 20,
            Self::Coverage | Self::Goals => 15,
            Self::DimensionMix | Self::KeyPerson | Self::Stories | Self::Feedback | Self::Ownership => 10,
        }
    }
}

/// What the score is computed from: counts and shares the storage gathers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HealthInputs {
    /// Target interval for the account, in days.
    pub every_days: u32,
    /// Days the account's contact is past the target (0 or less: on time).
    pub days_over: i64,
    /// Backsliding rules that fire (rarer, down the levels).
    pub backslides: u32,
    /// Decision roles on their side, and how many of them we are connected to.
    pub roles: u32,
    pub roles_connected: u32,
    /// Someone on their side is recorded as the decision maker.
    pub decision_maker: bool,
    /// Share of tie strength that is formal, 0–1; `None` without ties.
    pub formal_share: Option<f64>,
    /// Our people whose leaving would cut ties nobody else holds.
    pub key_people: u32,
    /// An approved blueprint: its overall progress (0–100) and overdue goals.
    pub goal_progress: Option<f64>,
    pub goals_overdue: u32,
    pub open_horror: u32,
    /// Feedback received in the last year; of it, items nobody picked up
    /// within 14 days, items not thanked in time, and items late either way
    /// (each counted once).
    pub feedback: u32,
    pub feedback_ignored: u32,
    pub feedback_unthanked: u32,
    pub feedback_late: u32,
    /// Our promises to them: kept in the last year, and open past their day.
    /// They weigh in the feedback part (how we answer the customer) like
    /// feedback picked up in time and feedback left lying.
    pub promises_kept: u32,
    pub promises_late: u32,
    /// Ownership questions, and how many are answered.
    pub ownership_questions: u32,
    pub ownership_answered: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartScore {
    pub part: HealthPart,
    pub points: u32,
    pub max: u32,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Health {
    /// 0–100: the sum of the parts' points.
    pub score: u32,
    pub parts: Vec<PartScore>,
}

fn scaled(max: u32, share: f64) -> u32 {
    (f64::from(max) * share.clamp(0.0, 1.0)).round() as u32
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

fn cadence(i: &HealthInputs) -> (u32, String) {
    let max = HealthPart::Cadence.max_points();
    let every = i64::from(i.every_days.max(1));
    let target = format!("the target of every {}", super::days(every));
    let (base, mut reason) = if i.days_over <= 0 {
        (max, format!("in touch within {target}"))
    } else if i.days_over <= every / 2 {
        (max / 2, format!("{} past {target}", super::days(i.days_over)))
    } else {
        (0, format!("{} past {target}", super::days(i.days_over)))
    };
    let points = base.saturating_sub(5 * i.backslides);
    if i.backslides > 0 {
        reason.push_str(&format!(
            "; sliding back ({}, −{} points)",
            plural(i.backslides, "sign", "signs"),
            5 * i.backslides
        ));
    }
    (points, reason)
}

fn coverage(i: &HealthInputs) -> (u32, String) {
    let max = HealthPart::Coverage.max_points();
    if i.roles == 0 {
        return (0, "nobody on their side has a decision role recorded".into());
    }
    let connected = i.roles_connected.min(i.roles);
    let mut reason = format!("connected to {connected} of the {} decision roles on their side", i.roles);
    // Not knowing who decides is a role we cannot reach: it counts as one more, unconnected.
    let of = if i.decision_maker {
        i.roles
    } else {
        reason.push_str("; nobody is recorded as their decision maker, which counts as a role we miss");
        i.roles + 1
    };
    (scaled(max, f64::from(connected) / f64::from(of)), reason)
}

fn mix(i: &HealthInputs) -> (u32, String) {
    let max = HealthPart::DimensionMix.max_points();
    match i.formal_share {
        None => (0, "no ties yet".into()),
        Some(share) if share >= 0.4 => (max, format!("{:.0}% of the tie strength is formal", share * 100.0)),
        Some(share) => (
            scaled(max, share / 0.4),
            format!("only {:.0}% of the tie strength is formal; the rest could leave with a person", share * 100.0),
        ),
    }
}

fn key_person(i: &HealthInputs) -> (u32, String) {
    match i.key_people {
        0 => (HealthPart::KeyPerson.max_points(), "no tie hangs on one of our people alone".into()),
        1 => (4, "one of our people holds ties nobody else does".into()),
        n => (0, format!("{n} of our people hold ties nobody else does")),
    }
}

fn goals(i: &HealthInputs) -> (u32, String) {
    let max = HealthPart::Goals.max_points();
    match i.goal_progress {
        None => (0, "no approved blueprint with goals".into()),
        Some(p) => {
            let points = scaled(max, p / 100.0).saturating_sub(3 * i.goals_overdue);
            let mut reason = format!("the blueprint's goals are {p:.0}% of the way");
            if i.goals_overdue > 0 {
                reason.push_str(&format!(
                    "; {} (−{})",
                    plural(i.goals_overdue, "goal overdue", "goals overdue"),
                    3 * i.goals_overdue
                ));
            }
            (points, reason)
        }
    }
}

fn stories(i: &HealthInputs) -> (u32, String) {
    match i.open_horror {
        0 => (HealthPart::Stories.max_points(), "no horror story left open".into()),
        n => (
            HealthPart::Stories.max_points().saturating_sub(5 * n),
            format!("{} left open", plural(n, "horror story", "horror stories")),
        ),
    }
}

fn feedback(i: &HealthInputs) -> (u32, String) {
    let max = HealthPart::Feedback.max_points();
    let promises = i.promises_kept + i.promises_late;
    let promised = match (i.promises_kept, i.promises_late) {
        (0, 0) => String::new(),
        (kept, 0) => format!("; {} kept", plural(kept, "promise", "promises")),
        (0, late) => format!("; {} late", plural(late, "promise", "promises")),
        (kept, late) => format!("; {} kept, {late} late", plural(kept, "promise", "promises")),
    };
    if i.feedback == 0 && promises == 0 {
        return (max, "no feedback waiting on us".into());
    }
    // Each piece of feedback and each promise is one thing we owed them; the
    // share of those answered in time earns the points.
    let late = i.feedback_late.min(i.feedback) + i.promises_late;
    let points = scaled(max, 1.0 - f64::from(late) / f64::from(i.feedback + promises));
    let reason = match (i.feedback_late.min(i.feedback), i.feedback) {
        (_, 0) => "no feedback waiting on us".into(),
        (0, 1) => "the one piece of feedback of the last year picked up and thanked".into(),
        (0, n) => format!("all {n} pieces of feedback of the last year picked up and thanked"),
        (_, n) => format!(
            "of {} in the last year, {} not picked up within two weeks and {} not thanked",
            plural(n, "piece of feedback", "pieces of feedback"),
            i.feedback_ignored,
            i.feedback_unthanked
        ),
    };
    (points, reason + &promised)
}

fn ownership(i: &HealthInputs) -> (u32, String) {
    let max = HealthPart::Ownership.max_points();
    if i.ownership_questions == 0 {
        return (max, "nothing to answer".into());
    }
    let answered = i.ownership_answered.min(i.ownership_questions);
    let open = i.ownership_questions - answered;
    (
        scaled(max, f64::from(answered) / f64::from(i.ownership_questions)),
        if open == 0 {
            "every ownership question answered".into()
        } else {
            format!("{} of the ownership check unanswered", plural(open, "question", "questions"))
        },
    )
}

/// The score and every part with its reason.
pub fn score(inputs: &HealthInputs) -> Health {
    let parts: Vec<PartScore> = HealthPart::ALL
        .iter()
        .map(|&part| {
            let (points, reason) = match part {
                HealthPart::Cadence => cadence(inputs),
                HealthPart::Coverage => coverage(inputs),
                HealthPart::DimensionMix => mix(inputs),
                HealthPart::KeyPerson => key_person(inputs),
                HealthPart::Goals => goals(inputs),
                HealthPart::Stories => stories(inputs),
                HealthPart::Feedback => feedback(inputs),
                HealthPart::Ownership => ownership(inputs),
            };
            PartScore { part, points: points.min(part.max_points()), max: part.max_points(), reason }
        })
        .collect();
    Health { score: parts.iter().map(|p| p.points).sum(), parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> HealthInputs {
        HealthInputs {
            every_days: 30,
            days_over: -3,
            backslides: 0,
            roles: 4,
            roles_connected: 4,
            decision_maker: true,
            formal_share: Some(0.6),
            key_people: 0,
            goal_progress: Some(100.0),
            goals_overdue: 0,
            open_horror: 0,
            feedback: 3,
            feedback_ignored: 0,
            feedback_unthanked: 0,
            feedback_late: 0,
            promises_kept: 0,
            promises_late: 0,
            ownership_questions: 6,
            ownership_answered: 6,
        }
    }

    fn part(h: &Health, part: HealthPart) -> (u32, &str) {
        let p = h.parts.iter().find(|p| p.part == part).unwrap();
        (p.points, p.reason.as_str())
    }

    #[test]
    fn the_parts_add_up_to_100_and_a_healthy_account_gets_them_all() {
        assert_eq!(HealthPart::ALL.iter().map(|p| p.max_points()).sum::<u32>(), 100);
        let h = score(&healthy());
        assert_eq!(h.score, 100);
        assert_eq!(h.parts.len(), HealthPart::ALL.len());
        assert_eq!(h.score, h.parts.iter().map(|p| p.points).sum::<u32>(), "the score is the visible sum");
    }

    /// One row per rule: a change to the healthy account → the part's points and words in its reason.
    #[test]
    fn every_component() {
        type Change = fn(&mut HealthInputs);
        let rows: &[(HealthPart, Change, u32, &str)] = &[
            (HealthPart::Cadence, |i| i.days_over = 0, 20, "within the target of every 30 days"),
            (HealthPart::Cadence, |i| i.days_over = 15, 10, "15 days past"),
            (
                HealthPart::Cadence,
                |i| {
                    i.every_days = 1;
                    i.days_over = 1
                },
                0,
                "1 day past the target of every 1 day",
            ),
            (
                HealthPart::Cadence,
                |i| {
                    i.every_days = 1;
                    i.days_over = 0
                },
                20,
                "in touch within the target of every 1 day",
            ),
            (HealthPart::Cadence, |i| i.days_over = 16, 0, "16 days past"),
            (HealthPart::Cadence, |i| i.backslides = 1, 15, "sliding back (1 sign, −5 points)"),
            (
                HealthPart::Cadence,
                |i| {
                    i.days_over = 40;
                    i.backslides = 2
                },
                0,
                "2 signs",
            ),
            (HealthPart::Coverage, |i| i.roles_connected = 3, 11, "3 of the 4 decision roles"),
            (HealthPart::Coverage, |i| i.roles_connected = 0, 0, "0 of the 4"),
            (
                HealthPart::Coverage,
                |i| {
                    i.roles = 3;
                    i.roles_connected = 3;
                    i.decision_maker = false
                },
                11,
                "3 of the 3 decision roles on their side; nobody is recorded as their decision maker",
            ),
            (
                HealthPart::Coverage,
                |i| {
                    i.roles = 0;
                    i.roles_connected = 0
                },
                0,
                "has a decision role recorded",
            ),
            (HealthPart::DimensionMix, |i| i.formal_share = Some(0.4), 10, "40% of the tie strength is formal"),
            (HealthPart::DimensionMix, |i| i.formal_share = Some(0.2), 5, "only 20%"),
            (HealthPart::DimensionMix, |i| i.formal_share = None, 0, "no ties yet"),
            (HealthPart::KeyPerson, |i| i.key_people = 1, 4, "one of our people"),
            (HealthPart::KeyPerson, |i| i.key_people = 3, 0, "3 of our people"),
            (HealthPart::Goals, |i| i.goal_progress = Some(40.0), 6, "40% of the way"),
            (
                HealthPart::Goals,
                |i| {
                    i.goal_progress = Some(40.0);
                    i.goals_overdue = 1
                },
                3,
                "1 goal overdue (−3)",
            ),
            (
                HealthPart::Goals,
                |i| {
                    i.goal_progress = Some(10.0);
                    i.goals_overdue = 4
                },
                0,
                "4 goals overdue",
            ),
            (HealthPart::Goals, |i| i.goal_progress = None, 0, "no approved blueprint"),
            (HealthPart::Stories, |i| i.open_horror = 1, 5, "1 horror story left open"),
            (HealthPart::Stories, |i| i.open_horror = 3, 0, "3 horror stories"),
            (HealthPart::Feedback, |i| i.feedback = 0, 10, "no feedback waiting"),
            (
                HealthPart::Feedback,
                |i| {
                    i.feedback_unthanked = 1;
                    i.feedback_late = 1
                },
                7,
                "1 not thanked",
            ),
            (
                HealthPart::Feedback,
                |i| {
                    i.feedback_ignored = 2;
                    i.feedback_unthanked = 2;
                    i.feedback_late = 3
                },
                0,
                "2 not picked up",
            ),
            // The same item ignored and unthanked is one late item, not two.
            (
                HealthPart::Feedback,
                |i| {
                    i.feedback_ignored = 1;
                    i.feedback_unthanked = 1;
                    i.feedback_late = 1
                },
                7,
                "of 3 pieces of feedback in the last year, 1 not picked up within two weeks and 1 not thanked",
            ),
            (
                HealthPart::Feedback,
                |i| {
                    i.feedback = 1;
                    i.feedback_unthanked = 1;
                    i.feedback_late = 1
                },
                0,
                "of 1 piece of feedback in the last year, 0 not picked up",
            ),
            (HealthPart::Feedback, |_| {}, 10, "all 3 pieces of feedback of the last year"),
            (HealthPart::Feedback, |i| i.feedback = 1, 10, "the one piece of feedback of the last year picked up"),
            // Promises to them weigh like feedback: kept ones count for, late ones against.
            (
                HealthPart::Feedback,
                |i| i.promises_kept = 2,
                10,
                "all 3 pieces of feedback of the last year picked up and thanked; 2 promises kept",
            ),
            (HealthPart::Feedback, |i| i.promises_late = 1, 8, "; 1 promise late"),
            (
                HealthPart::Feedback,
                |i| {
                    i.feedback = 0;
                    i.promises_kept = 1;
                    i.promises_late = 1
                },
                5,
                "no feedback waiting on us; 1 promise kept, 1 late",
            ),
            (
                HealthPart::Feedback,
                |i| {
                    i.feedback_unthanked = 1;
                    i.feedback_late = 1;
                    i.promises_kept = 3;
                    i.promises_late = 0
                },
                8,
                "1 not thanked; 3 promises kept",
            ),
            (HealthPart::Ownership, |i| i.ownership_answered = 3, 5, "3 questions of the ownership check unanswered"),
            (HealthPart::Ownership, |i| i.ownership_answered = 5, 8, "1 question"),
            (
                HealthPart::Ownership,
                |i| {
                    i.ownership_questions = 0;
                    i.ownership_answered = 0
                },
                10,
                "nothing to answer",
            ),
        ];
        for (which, change, points, words) in rows {
            let mut inputs = healthy();
            change(&mut inputs);
            let h = score(&inputs);
            let (got, reason) = part(&h, *which);
            assert_eq!(got, *points, "{which:?}: {reason}");
            assert!(reason.contains(words), "{which:?}: {reason:?} lacks {words:?}");
            assert_eq!(h.score, 100 - which.max_points() + points, "only {which:?} moved");
        }
    }
}
