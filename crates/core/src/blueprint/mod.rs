//! Blueprints: one per account per planning period, the plan for what we could
//! accomplish with a customer if the relationship were better. The aggregate is
//! pure domain (no IO, no async, no database); [`store`] keeps it in the vault,
//! and the screens, the brief and the PDF build on it.
//!
//! # The aggregate
//!
//! A [`Blueprint`] holds everything the workshop produces: the question and the
//! period, the participants (our people, each with a function), the ideas and
//! the votes on them, the goals made from the chosen ideas (with owners,
//! counterparts, dates, measures, the people to involve and the connections to
//! make), the sponsor's reviews, a frozen [`RevisionSnapshot`] of the goals at
//! each approval, and the check-ins made while tracking.
//!
//! Every change is a [`BlueprintCommand`] given to [`Blueprint::apply`]. A
//! refused command changes nothing and says why: a [`Refusal`] names the field
//! when one field is to blame, and otherwise says what is missing or what to do
//! instead.
//!
//! # The stages
//!
//! [`stage::next`] decides every move between stages from a few [`stage::Facts`]:
//!
//! ```text
//! frame ─▶ ideas ─▶ prioritise ─▶ goals ─▶ people ─▶ approve ──approve──▶ track
//!       ◀─       ◀─            ◀─       ◀─        ◀─    │    (sponsor)      │
//!                                 ▲                      │                   │
//!                                 ├──── send back ───────┘                   │
//!                                 │   (sponsor, with why)                    │
//!                                 └──── open revision N+1 ───────────────────┘
//!
//! ─▶ advance        ◀─ back
//! ```
//!
//! Leaving frame needs a participant; leaving ideas an idea; leaving
//! prioritise a chosen idea; leaving goals (and going to the sponsor) at least
//! one goal, each with an owner, a target date and a measure. Only the executive
//! sponsor approves or sends back, and sending back needs a comment.
//!
//! # Revisions
//!
//! Work happens in revision 1. Approval freezes it: the goals are copied into
//! `revisions`, the stage becomes track, and from then on every change to the
//! plan is refused with "revision 1 is approved and frozen; open revision 2 to
//! change it". Opening a revision is explicit ([`BlueprintCommand::OpenRevision`],
//! back to the goals stage with the approved goals as the starting point), so a
//! stray edit can never unfreeze an approved plan. Snapshots are never changed
//! and revision numbers only grow. While the blueprint is with the sponsor
//! (stage approve) the plan is locked as well; going back withdraws it.
//! Check-ins are not plan changes: they are taken on the goals of the latest
//! approved revision at any time after the first approval, and their status
//! becomes the goal's status. Any two snapshots can be compared ([`compare`]).
//!
//! # Storage
//!
//! One row per blueprint (id, account, period, question, stage, revision) and
//! child tables for participants, ideas, ballots, goals (with their ideas,
//! people and planned connections), reviews, revision snapshots (insert-only,
//! guarded by a trigger) and check-ins. [`store::apply`] loads the aggregate,
//! resolves the people a command names (their side comes from the vault; the
//! approver is the account's executive sponsor), applies the command and writes
//! back only the rows that changed, in one write transaction. Ids come in with
//! the commands (the caller makes them), so applying a command is
//! deterministic and can be replayed.

mod alike;
mod command;
mod compare;
mod model;
pub(crate) mod plan;
mod progress;
mod rank;
mod reach;
mod room;
pub mod stage;
pub mod store;
mod vocab;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod testkit;

use std::fmt;

pub use self::alike::{ALIKE_AT, AlikeIdeas, idea_words, similarity};
pub use self::command::{BlueprintCommand, IdeaPart, MAX_IDEAS};
pub use self::compare::{FieldChange, GoalChange, RevisionDiff, compare, goal_changes};
pub use self::model::{
    Ballot, Blueprint, CheckIn, Goal, GoalStatus, Idea, IdeaKind, Involved, Measure, NewBlueprint, Participant, Period,
    PersonRef, PlannedConnection, Review, RevisionSnapshot, Verdict,
};
pub use self::plan::BlueprintData;
pub use self::progress::{GoalProgress, Progress, goal_percent, is_overdue};
pub use self::rank::{ChartPoint, RankedIdea};
pub use self::reach::PeopleGap;
pub use self::room::{ACCOUNT_TEAM, RoomCheck};
pub use self::stage::{BlueprintStage, StageAction};
use crate::error::Error;

/// The question a blueprint starts from unless the team writes its own.
pub const DEFAULT_QUESTION: &str =
    "What could we achieve together if our relationship with this customer were stronger?";
/// Votes each participant may spend across all ideas.
pub const VOTE_BUDGET: u32 = 10;
/// Impact and effort are scored from 1 to this.
pub const MAX_SCORE: u8 = 5;
/// The longest interval for a planned connection.
pub const MAX_CADENCE_DAYS: u32 = 365;

/// Why a command or a move between stages was refused. `field` names the input
/// to fix when one is to blame; the message says what is missing or what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: Option<&'static str>,
    pub message: String,
}

impl Refusal {
    /// Refused because of one field.
    pub fn on(field: &'static str, message: impl Into<String>) -> Self {
        Self { field: Some(field), message: message.into() }
    }

    /// Refused because of the blueprint's state as a whole.
    pub fn because(message: impl Into<String>) -> Self {
        Self { field: None, message: message.into() }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Refusal {}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        match r.field {
            Some(field) => Error::validation(field, r.message),
            None => Error::Refused(r.message),
        }
    }
}

/// The field cleaners in `crate::text` report crate errors; here they are refusals.
impl From<Error> for Refusal {
    fn from(e: Error) -> Self {
        match e {
            Error::Validation { field, message } => Refusal::on(field, message),
            other => Refusal::because(other.to_string()),
        }
    }
}

/// "a", "a and b", "a, b and c".
fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}
