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
