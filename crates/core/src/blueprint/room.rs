//! Who is in the room: a blueprint made by the account team alone misses what
//! product, service, installation, logistics and finance know.

use serde::{Deserialize, Serialize};

use super::and_list;
use super::model::Blueprint;
use crate::kinds::Function;

/// The functions that make up the account team.
pub const ACCOUNT_TEAM: [Function; 2] = [Function::Executive, Function::Sales];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RoomCheck {
    /// In the vocabulary's order.
    pub present: Vec<Function>,
    /// Every function but "other" that nobody in the room works in.
    pub missing: Vec<Function>,
    /// Someone is in the room, and all of them are executive or sales.
    pub only_account_team: bool,
    /// A warning when the room is empty or only the account team.
    pub message: Option<String>,
}

impl Blueprint {
    pub fn functions_in_room(&self) -> RoomCheck {
        let here = |f: &Function| self.participants.iter().any(|p| p.function == *f);
        let present: Vec<Function> = Function::ALL.iter().copied().filter(here).collect();
        let missing: Vec<Function> =
            Function::ALL.iter().copied().filter(|f| *f != Function::Other && !here(f)).collect();
        let only_account_team = !present.is_empty() && present.iter().all(|f| ACCOUNT_TEAM.contains(f));
        let missing_words: Vec<&str> = missing.iter().map(|f| f.label()).collect();
        let message = if present.is_empty() {
            Some("No one is in the room yet: invite people from across the company, not only the account team.".into())
        } else if only_account_team {
            Some(format!("Only the account team is in the room. Missing: {}.", and_list(&missing_words)))
        } else {
            None
        };
        RoomCheck { present, missing, only_account_team, message }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use crate::kinds::Function as F;

    #[test]
    fn an_empty_room_asks_for_people() {
        let room = blank().functions_in_room();
        assert!(room.present.is_empty() && !room.only_account_team);
        assert_eq!(room.missing.len(), F::ALL.len() - 1, "every function but other");
        assert!(room.message.unwrap().contains("No one is in the room"));
    }

    #[test]
    fn only_the_account_team_is_a_warning_that_names_what_is_missing() {
        let mut bp = blank();
        run(&mut bp, [participant("eva", F::Executive), participant("sam", F::Sales), participant("sue", F::Sales)]);
        let room = bp.functions_in_room();
        assert_eq!(room.present, [F::Executive, F::Sales]);
        assert!(room.only_account_team);
        assert_eq!(
            room.message.as_deref(),
            Some(
                "Only the account team is in the room. Missing: product development, customer service, \
                 installation, logistics and finance."
            )
        );
    }

    #[test]
    fn anyone_from_beyond_the_account_team_lifts_the_warning() {
        let mut bp = blank();
        run(&mut bp, [participant("sam", F::Sales), participant("ben", F::Installation), participant("oli", F::Other)]);
        let room = bp.functions_in_room();
        assert_eq!(room.present, [F::Sales, F::Installation, F::Other]);
        assert_eq!(room.missing, [F::Executive, F::ProductDevelopment, F::CustomerService, F::Logistics, F::Finance]);
        assert!(!room.only_account_team);
        assert_eq!(room.message, None);
    }
}
