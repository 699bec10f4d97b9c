//! The blueprint aggregate and its parts, shaped to be stored as rows: ids are
//! strings, dates are calendar dates, vocabularies are snake_case text.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::stage::{self, BlueprintStage, Facts, GoalGap, StageAction};
pub use super::vocab::{GoalStatus, IdeaKind, Verdict};
use super::{DEFAULT_QUESTION, Refusal, VOTE_BUDGET};
use crate::kinds::{Function, Side};
use crate::text;

/// The planning period, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Period {
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub ends_on: NaiveDate,
}

impl Period {
    pub fn check(self) -> Result<Self, Refusal> {
        if self.ends_on < self.starts_on {
            return Err(Refusal::on("period", "ends before it starts"));
        }
        Ok(self)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.starts_on..=self.ends_on).contains(&day)
    }
}

/// A person named in a command, with the side the caller looked up, so the
/// rules about sides (participants and owners are ours, counterparts theirs)
/// hold without a database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonRef {
    pub id: String,
    pub side: Side,
}

/// One of our people in the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Participant {
    pub person_id: String,
    pub function: Function,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Idea {
    pub id: String,
    pub text: String,
    /// Who brought it: one of the participants.
    pub participant_id: Option<String>,
    pub kind: IdeaKind,
    /// 1 to 5.
    pub impact: Option<u8>,
    /// 1 to 5.
    pub effort: Option<u8>,
    pub chosen: bool,
    /// A duplicate of this idea, which carries on for it. Always a live idea.
    pub merged_into: Option<String>,
    /// The idea this one was split off.
    pub split_from: Option<String>,
}

impl Idea {
    /// Not merged into another.
    pub fn is_live(&self) -> bool {
        self.merged_into.is_none()
    }
}

/// Votes one participant gave one idea. Votes are kept per participant so the
/// budget holds; an idea's total is the sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ballot {
    pub participant_id: String,
    pub idea_id: String,
    pub votes: u32,
}

/// How a goal is measured: from the baseline to the target, either way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Measure {
    pub metric: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
}

/// Someone to involve in a goal, on either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Involved {
    pub person_id: String,
    pub side: Side,
}

/// A new connection to make between one of ours and one of theirs, kept up at
/// a cadence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannedConnection {
    pub ours_id: String,
    pub theirs_id: String,
    pub cadence_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Goal {
    pub id: String,
    pub title: String,
    /// One of our people.
    pub owner_id: Option<String>,
    /// One of their people.
    pub counterpart_id: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub target_date: Option<NaiveDate>,
    pub measure: Option<Measure>,
    pub status: GoalStatus,
    /// The ideas it came from (live ideas; merging re-points them).
    pub idea_ids: Vec<String>,
    pub involve: Vec<Involved>,
    pub planned_connections: Vec<PlannedConnection>,
}

impl Goal {
    /// What it lacks before it can be approved, in words.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.owner_id.is_none() {
            missing.push("an owner");
        }
        if self.target_date.is_none() {
            missing.push("a target date");
        }
        if self.measure.is_none() {
            missing.push("a measure");
        }
        missing
    }

    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }
}

/// A reading on a goal while tracking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckIn {
    pub goal_id: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub on: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
    /// The goal's status as of this check-in (status over time).
    pub status: GoalStatus,
}

/// The executive sponsor's decision on one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Review {
    pub revision: u32,
    /// The sponsor's person id.
    pub by: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: DateTime<Utc>,
    pub verdict: Verdict,
    pub comment: Option<String>,
}

/// The goals as approved: a frozen copy that never changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevisionSnapshot {
    pub revision: u32,
    pub approved_by: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub approved_at: DateTime<Utc>,
    pub goals: Vec<Goal>,
}

/// One account's plan for one period. Change it only through
/// [`Blueprint::apply`]; the fields are public for reading and for the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Blueprint {
    pub id: String,
    pub account_id: String,
    pub period: Period,
    pub question: String,
    pub participants: Vec<Participant>,
    /// In the order they were captured, merged ones included.
    pub ideas: Vec<Idea>,
    pub ballots: Vec<Ballot>,
    pub goals: Vec<Goal>,
    pub stage: BlueprintStage,
    /// The revision being worked on (or, when frozen, the one approved). Starts at 1.
    pub revision: u32,
    pub reviews: Vec<Review>,
    /// One per approval, oldest first.
    pub revisions: Vec<RevisionSnapshot>,
    pub check_ins: Vec<CheckIn>,
}

/// What a new blueprint starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewBlueprint {
    pub id: String,
    pub account_id: String,
    pub period: Period,
    /// Blank for [`DEFAULT_QUESTION`].
    pub question: Option<String>,
}

impl Blueprint {
    pub fn new(input: NewBlueprint) -> Result<Self, Refusal> {
        let id = text::required_line("id", &input.id)?;
        let account_id = text::required_line("account_id", &input.account_id)?;
        let question = text::optional_line("question", input.question.as_deref())?;
        Ok(Self {
            id,
            account_id,
            period: input.period.check()?,
            question: question.unwrap_or_else(|| DEFAULT_QUESTION.to_string()),
            participants: vec![],
            ideas: vec![],
            ballots: vec![],
            goals: vec![],
            stage: BlueprintStage::Frame,
            revision: 1,
            reviews: vec![],
            revisions: vec![],
            check_ins: vec![],
        })
    }

    /// The current revision is approved: nothing in the plan may change.
    pub fn frozen(&self) -> bool {
        self.stage == BlueprintStage::Track
    }

    /// The latest approved revision, which check-ins track.
    pub fn approved(&self) -> Option<&RevisionSnapshot> {
        self.revisions.last()
    }

    pub fn snapshot(&self, revision: u32) -> Option<&RevisionSnapshot> {
        self.revisions.iter().find(|s| s.revision == revision)
    }

    /// The sponsor's comment when the current revision was sent back.
    pub fn sent_back(&self) -> Option<&Review> {
        self.reviews.last().filter(|r| r.revision == self.revision && r.verdict == Verdict::SentBack)
    }

    pub fn participant(&self, person_id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.person_id == person_id)
    }

    pub fn idea(&self, id: &str) -> Option<&Idea> {
        self.ideas.iter().find(|i| i.id == id)
    }

    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    pub fn live_ideas(&self) -> impl Iterator<Item = &Idea> {
        self.ideas.iter().filter(|i| i.is_live())
    }

    pub fn votes_for(&self, idea_id: &str) -> u32 {
        self.ballots.iter().filter(|b| b.idea_id == idea_id).map(|b| b.votes).sum()
    }

    /// Votes the participant has not spent yet.
    pub fn votes_left(&self, participant_id: &str) -> u32 {
        let spent: u32 = self.ballots.iter().filter(|b| b.participant_id == participant_id).map(|b| b.votes).sum();
        VOTE_BUDGET.saturating_sub(spent)
    }

    /// The facts the stage machine decides on.
    pub fn facts(&self, by_sponsor: bool, has_comment: bool) -> Facts {
        Facts {
            stage: self.stage,
            revision: self.revision,
            participants: self.participants.len(),
            ideas: self.live_ideas().count(),
            chosen: self.live_ideas().filter(|i| i.chosen).count(),
            goals: self.goals.len(),
            incomplete: self
                .goals
                .iter()
                .filter(|g| !g.is_complete())
                .map(|g| GoalGap { title: g.title.clone(), missing: g.missing() })
                .collect(),
            by_sponsor,
            has_comment,
        }
    }

    /// Whether a move is possible now (for offering it in the UI), assuming a
    /// comment comes with it.
    pub fn check(&self, action: StageAction, by_sponsor: bool) -> Result<BlueprintStage, Refusal> {
        stage::next(&self.facts(by_sponsor, true), action)
    }
}

impl Blueprint {
    /// Checks a blueprint that did not come through [`Blueprint::apply`] (a
    /// book file, possibly edited by hand) for what the commands would never
    /// let happen: unique ids, references inside the aggregate, scores,
    /// budgets, revisions and the stage they allow. People's sides and the
    /// account's other blueprints need the data around it and are checked by
    /// the caller. The field names the part; the message names the element.
    pub fn check_stored(&self) -> Result<(), Refusal> {
        use std::collections::HashSet;

        use super::{MAX_IDEAS, MAX_SCORE};

        text::required_line("id", &self.id)?;
        text::required_line("account_id", &self.account_id)?;
        text::required_line("question", &self.question)?;
        self.period.check()?;

        let mut seen = HashSet::new();
        for p in &self.participants {
            text::required_line("participants", &p.person_id)?;
            if !seen.insert(p.person_id.as_str()) {
                return Err(Refusal::on("participants", format!("{} is in the room twice", p.person_id)));
            }
        }

        if self.ideas.len() > MAX_IDEAS {
            return Err(Refusal::on(
                "ideas",
                format!("{} ideas; a blueprint holds at most {MAX_IDEAS}", self.ideas.len()),
            ));
        }
        let mut seen = HashSet::new();
        for idea in &self.ideas {
            text::required_line("ideas", &idea.id)?;
            if !seen.insert(idea.id.as_str()) {
                return Err(Refusal::on("ideas", format!("the id \"{}\" is used by two ideas", idea.id)));
            }
        }
        let live = |id: &str| self.idea(id).is_some_and(Idea::is_live);
        for idea in &self.ideas {
            let at = |problem: String| Refusal::on("ideas", format!("idea \"{}\": {problem}", idea.id));
            text::required_text("text", &idea.text).map_err(|e| at(Refusal::from(e).to_string()))?;
            if let Some(by) = &idea.participant_id
                && self.participant(by).is_none()
            {
                return Err(at(format!("participant_id: {by} is not in the room")));
            }
            for (field, score) in [("impact", idea.impact), ("effort", idea.effort)] {
                if let Some(n) = score
                    && !(1..=MAX_SCORE).contains(&n)
                {
                    return Err(at(format!("{field}: {n} is out of range; score from 1 to {MAX_SCORE}")));
                }
            }
            if let Some(keep) = &idea.merged_into {
                if !live(keep) || *keep == idea.id {
                    return Err(at(format!("merged_into: \"{keep}\" is not another idea that carries on")));
                }
                if idea.chosen {
                    return Err(at("chosen: a merged idea is chosen through the one it was merged into".into()));
                }
            }
            if let Some(from) = &idea.split_from
                && (self.idea(from).is_none() || *from == idea.id)
            {
                return Err(at(format!("split_from: no other idea \"{from}\"")));
            }
        }

        let mut seen = HashSet::new();
        for b in &self.ballots {
            let at = |problem: &str| {
                Refusal::on("ballots", format!("{} on idea \"{}\": {problem}", b.participant_id, b.idea_id))
            };
            if self.participant(&b.participant_id).is_none() {
                return Err(at("only participants in the room vote"));
            }
            if !live(&b.idea_id) {
                return Err(at("votes go to an idea that is not merged into another"));
            }
            if b.votes == 0 {
                return Err(at("leave out a ballot with no votes"));
            }
            if !seen.insert((b.participant_id.as_str(), b.idea_id.as_str())) {
                return Err(at("listed twice"));
            }
        }
        for p in &self.participants {
            let spent: u64 =
                self.ballots.iter().filter(|b| b.participant_id == p.person_id).map(|b| u64::from(b.votes)).sum();
            if spent > u64::from(VOTE_BUDGET) {
                return Err(Refusal::on(
                    "ballots",
                    format!("{} spent {spent} votes; each participant has {VOTE_BUDGET}", p.person_id),
                ));
            }
        }

        check_goals("goals", &self.goals, |id| {
            self.idea(id).filter(|i| i.is_live() && i.chosen).map(|_| ()).ok_or("is not a chosen idea")
        })?;

        if self.revision == 0 {
            return Err(Refusal::on("revision", "must be 1 or more"));
        }
        let mut previous = 0;
        for s in &self.revisions {
            let at = |problem: String| Refusal::on("revisions", format!("revision {}: {problem}", s.revision));
            if s.revision <= previous {
                return Err(at(format!("does not come after revision {previous}; list them oldest first, each once")));
            }
            if s.revision > self.revision {
                return Err(at(format!("is later than the blueprint's revision {}", self.revision)));
            }
            previous = s.revision;
            text::required_line("approved_by", &s.approved_by).map_err(|e| at(Refusal::from(e).to_string()))?;
            check_goals("revisions", &s.goals, |id| self.idea(id).map(|_| ()).ok_or("is not an idea"))
                .map_err(|r| at(r.message))?;
        }
        let approved_now = self.revisions.last().is_some_and(|s| s.revision == self.revision);
        match (self.stage == BlueprintStage::Track, approved_now) {
            (true, false) => {
                return Err(Refusal::on(
                    "stage",
                    format!("track needs revision {} approved, with its snapshot in revisions", self.revision),
                ));
            }
            (false, true) => {
                return Err(Refusal::on(
                    "stage",
                    format!(
                        "revision {} is approved, so the stage is track (or open revision {} to change it)",
                        self.revision,
                        self.revision + 1
                    ),
                ));
            }
            _ => {}
        }

        for r in &self.reviews {
            let at = |problem: String| Refusal::on("reviews", format!("review of revision {}: {problem}", r.revision));
            if r.revision == 0 || r.revision > self.revision {
                return Err(at(format!("the revision must be from 1 to {}", self.revision)));
            }
            text::required_line("by", &r.by).map_err(|e| at(Refusal::from(e).to_string()))?;
            if r.verdict == Verdict::SentBack && r.comment.as_deref().is_none_or(|c| c.trim().is_empty()) {
                return Err(at("comment: sending back says what should change".into()));
            }
            if r.verdict == Verdict::Approved && self.snapshot(r.revision).is_none() {
                return Err(at("approved, but revisions has no snapshot of it".into()));
            }
        }

        if !self.check_ins.is_empty() && self.revisions.is_empty() {
            return Err(Refusal::on("check_ins", "check-ins start once the blueprint is approved"));
        }
        for c in &self.check_ins {
            let at = |problem: &str| Refusal::on("check_ins", format!("check-in on goal \"{}\": {problem}", c.goal_id));
            if !self.revisions.iter().any(|s| s.goals.iter().any(|g| g.id == c.goal_id)) {
                return Err(at("no approved goal has this id"));
            }
            if !c.value.is_finite() {
                return Err(at("value: must be a number"));
            }
        }

        Ok(())
    }
}

/// The goals of the plan or of a snapshot: ids unique, a title, ideas that
/// `idea_ok` accepts, a measure that can move, nobody involved twice.
fn check_goals(
    field: &'static str,
    goals: &[Goal],
    idea_ok: impl Fn(&str) -> Result<(), &'static str>,
) -> Result<(), Refusal> {
    use super::MAX_CADENCE_DAYS;
    let mut seen = std::collections::HashSet::new();
    for g in goals {
        let at = |problem: String| Refusal::on(field, format!("goal \"{}\": {problem}", g.id));
        text::required_line("id", &g.id).map_err(|e| at(Refusal::from(e).to_string()))?;
        if !seen.insert(g.id.as_str()) {
            return Err(at("the id is used by two goals".into()));
        }
        text::required_line("title", &g.title).map_err(|e| at(Refusal::from(e).to_string()))?;
        if g.idea_ids.is_empty() {
            return Err(at("idea_ids: a goal comes from at least one idea".into()));
        }
        for id in &g.idea_ids {
            idea_ok(id).map_err(|why| at(format!("idea_ids: \"{id}\" {why}")))?;
        }
        if let Some(m) = &g.measure {
            text::required_line("metric", &m.metric).map_err(|e| at(Refusal::from(e).to_string()))?;
            text::required_line("unit", &m.unit).map_err(|e| at(Refusal::from(e).to_string()))?;
            if !m.baseline.is_finite() || !m.target.is_finite() || m.baseline == m.target {
                return Err(at("measure: baseline and target are numbers, and they differ".into()));
            }
        }
        let mut involved = std::collections::HashSet::new();
        if let Some(p) = g.involve.iter().find(|p| !involved.insert(p.person_id.as_str())) {
            return Err(at(format!("involve: {} is listed twice", p.person_id)));
        }
        let mut pairs = std::collections::HashSet::new();
        if let Some(c) =
            g.planned_connections.iter().find(|c| !pairs.insert((c.ours_id.as_str(), c.theirs_id.as_str())))
        {
            return Err(at(format!("planned_connections: {} and {} are planned twice", c.ours_id, c.theirs_id)));
        }
        if let Some(c) = g.planned_connections.iter().find(|c| !(1..=MAX_CADENCE_DAYS).contains(&c.cadence_days)) {
            return Err(at(format!(
                "cadence_days: {} is out of range; from 1 to {MAX_CADENCE_DAYS} days",
                c.cadence_days
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::blueprint::BlueprintCommand as C;

    /// Revision 2 approved after revision 1, with check-ins on both.
    fn tracked_twice() -> Blueprint {
        let mut bp = approved();
        let check = |goal: &str, value, status| C::CheckIn {
            goal_id: goal.into(),
            on: day("2027-02-01"),
            value,
            note: None,
            status: Some(status),
        };
        run(
            &mut bp,
            [check("uptime", 91.0, GoalStatus::OnTrack), C::OpenRevision, C::RemoveGoal { id: "parts".into() }],
        );
        run(&mut bp, [C::Advance, C::Advance, approve(), check("uptime", 93.0, GoalStatus::Done)]);
        bp
    }

    /// Whatever the commands make passes, at every stage.
    #[test]
    fn blueprints_made_by_commands_pass() {
        let mut frame = blank();
        assert_eq!(frame.check_stored(), Ok(()));
        run(&mut frame, [participant("ana", crate::kinds::Function::Sales)]);
        let mut merged = with_ideas();
        run(&mut merged, [C::MergeIdeas { keep: "i2".into(), duplicate: "i4".into() }]);
        run(&mut merged, [C::Vote { participant_id: "ana".into(), idea_id: "i2".into(), votes: 10 }]);
        let mut sent_back = approved();
        run(&mut sent_back, [C::OpenRevision, C::Advance, C::Advance]);
        run(&mut sent_back, [C::SendBack { by: "sponsor".into(), by_sponsor: true, comment: "More.".into() }]);
        for bp in [frame, with_ideas(), merged, approved(), sent_back, tracked_twice()] {
            assert_eq!(bp.check_stored(), Ok(()), "{:?} revision {}", bp.stage, bp.revision);
        }
    }

    /// What a hand-edited file could break, each named by field and element.
    #[test]
    fn what_the_commands_never_make_is_refused_with_the_part_named() {
        type Break = fn(&mut Blueprint);
        let cases: &[(Break, &str, &str)] = &[
            (|b| b.revision = 0, "revision", "1 or more"),
            (|b| b.revisions[0].revision = 3, "revisions", "revision 3: is later than the blueprint's revision 2"),
            (|b| b.revisions.swap(0, 1), "revisions", "revision 1: does not come after revision 2"),
            (|b| b.stage = BlueprintStage::Goals, "stage", "revision 2 is approved, so the stage is track"),
            (
                |b| {
                    b.revisions.pop();
                    b.reviews.pop();
                },
                "stage",
                "track needs revision 2 approved",
            ),
            (|b| b.ideas[1].id = "i1".into(), "ideas", "the id \"i1\" is used by two ideas"),
            (|b| b.ideas[0].impact = Some(6), "ideas", "idea \"i1\": impact: 6 is out of range; score from 1 to 5"),
            (|b| b.ideas[2].effort = Some(0), "ideas", "idea \"i3\": effort: 0 is out of range"),
            (|b| b.ideas[0].participant_id = Some("zed".into()), "ideas", "participant_id: zed is not in the room"),
            (|b| b.ideas[3].merged_into = Some("nope".into()), "ideas", "idea \"i4\": merged_into: \"nope\""),
            (|b| b.ideas[0].text = " ".into(), "ideas", "idea \"i1\": text: cannot be empty"),
            (|b| b.participants.push(b.participants[0].clone()), "participants", "ana is in the room twice"),
            (
                |b| b.ballots.push(Ballot { participant_id: "ana".into(), idea_id: "i1".into(), votes: 11 }),
                "ballots",
                "ana spent 11 votes; each participant has 10",
            ),
            (
                |b| b.ballots.push(Ballot { participant_id: "zed".into(), idea_id: "i1".into(), votes: 1 }),
                "ballots",
                "zed on idea \"i1\": only participants",
            ),
            (
                |b| b.goals[0].idea_ids = vec!["i3".into()],
                "goals",
                "goal \"uptime\": idea_ids: \"i3\" is not a chosen idea",
            ),
            (|b| b.goals.push(b.goals[0].clone()), "goals", "goal \"uptime\": the id is used by two goals"),
            (
                |b| b.goals[0].measure.as_mut().unwrap().target = 90.0,
                "goals",
                "goal \"uptime\": measure: baseline and target are numbers, and they differ",
            ),
            (
                |b| {
                    b.goals[0].planned_connections.push(PlannedConnection {
                        ours_id: "ana".into(),
                        theirs_id: "cfo".into(),
                        cadence_days: 400,
                    })
                },
                "goals",
                "cadence_days: 400 is out of range",
            ),
            (|b| b.revisions[0].approved_by = String::new(), "revisions", "revision 1: approved_by: cannot be empty"),
            (
                |b| b.revisions[0].goals[0].idea_ids = vec!["i9".into()],
                "revisions",
                "revision 1: goal \"uptime\": idea_ids: \"i9\" is not an idea",
            ),
            (|b| b.reviews[0].revision = 5, "reviews", "review of revision 5: the revision must be from 1 to 2"),
            (|b| b.check_ins[0].goal_id = "g9".into(), "check_ins", "check-in on goal \"g9\": no approved goal"),
            (|b| b.check_ins[0].value = f64::NAN, "check_ins", "value: must be a number"),
            (
                |b| b.period = Period { starts_on: day("2027-02-01"), ends_on: day("2027-01-01") },
                "period",
                "ends before it starts",
            ),
            (|b| b.question = "two\nlines".into(), "question", "single line"),
        ];
        for (break_it, field, words) in cases {
            let mut bp = tracked_twice();
            break_it(&mut bp);
            let why = bp.check_stored().expect_err(words);
            assert_eq!(why.field, Some(*field), "{why}");
            assert!(why.message.contains(words), "expected {words:?} in: {why}");
        }
        let mut too_many = blank();
        too_many.ideas = (0..=crate::blueprint::MAX_IDEAS)
            .map(|n| Idea {
                id: format!("i{n}"),
                text: "x".into(),
                participant_id: None,
                kind: IdeaKind::Growth,
                impact: None,
                effort: None,
                chosen: false,
                merged_into: None,
                split_from: None,
            })
            .collect();
        assert!(too_many.check_stored().unwrap_err().message.contains("at most 2000"));
    }
}
