//! Who a goal reaches on our side: a goal that involves none of our people and
//! plans no new connection has nobody to carry the relationship it needs. The
//! People stage, the blueprint view and the PDF's people plan say so in the
//! same words. A warning, not a gate: the sponsor may still see the plan.

use serde::{Deserialize, Serialize};

use super::model::{Blueprint, Goal};
use crate::kinds::Side;

/// A goal with nobody on our side to carry it, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PeopleGap {
    pub goal_id: String,
    pub title: String,
    pub message: String,
}

impl Goal {
    /// None of our people is involved and no connection is planned.
    pub fn reaches_nobody_of_ours(&self) -> bool {
        !self.involve.iter().any(|i| i.side == Side::Ours) && self.planned_connections.is_empty()
    }
}

impl Blueprint {
    /// The goals of the revision being worked on that reach nobody on our side, in goal order.
    pub fn people_gaps(&self) -> Vec<PeopleGap> {
        self.goals
            .iter()
            .filter(|g| g.reaches_nobody_of_ours())
            .map(|g| PeopleGap {
                goal_id: g.id.clone(),
                title: g.title.clone(),
                message: format!(
                    "Nobody on our side is involved in \"{}\" and no new connection is planned: involve one of \
                     our people, or plan a connection between one of ours and one of theirs.",
                    g.title
                ),
            })
            .collect()
    }
}
