//! The blueprint's closed vocabularies, stored as snake_case text. The stored
//! ones are defined in [`crate::kinds`] (the store maps rows onto them).

pub use crate::kinds::{BlueprintStage, GoalStatus, IdeaKind, Verdict};
use serde::{Deserialize, Serialize};

crate::kinds::text_enum!(
    /// A move between stages.
    StageAction, field = "action", {
        Advance => "advance" / "advance",
        Back => "back" / "back",
        Approve => "approve" / "approve",
        SendBack => "send_back" / "send back",
        OpenRevision => "open_revision" / "open a new revision",
    }
);
