//! The blueprint's closed vocabularies, stored as snake_case text.

use serde::{Deserialize, Serialize};

crate::kinds::text_enum!(
    /// What an idea is about.
    IdeaKind, field = "kind", {
        /// Something new we could bring them.
        Innovation => "innovation" / "innovation to bring",
        /// Something we delivered badly and should put right.
        ImplementationFailure => "implementation_failure" / "implementation failure to fix",
        Relationship => "relationship" / "relationship to build",
        Growth => "growth" / "growth",
        Risk => "risk" / "risk",
    }
);

crate::kinds::text_enum!(
    /// How a goal is doing.
    GoalStatus, field = "status", {
        NotStarted => "not_started" / "not started",
        OnTrack => "on_track" / "on track",
        AtRisk => "at_risk" / "at risk",
        OffTrack => "off_track" / "off track",
        Done => "done" / "done",
    }
);

crate::kinds::text_enum!(
    /// What the executive sponsor decided about a revision.
    Verdict, field = "verdict", {
        Approved => "approved" / "approved",
        SentBack => "sent_back" / "sent back",
    }
);

crate::kinds::text_enum!(
    /// Where a blueprint stands in the workshop.
    BlueprintStage, field = "stage", {
        /// The question, the period and who is in the room.
        Frame => "frame" / "frame",
        Ideas => "ideas" / "ideas",
        /// Scores, votes, merging duplicates, choosing.
        Prioritise => "prioritise" / "prioritise",
        Goals => "goals" / "goals",
        /// Who to involve on both sides; connections to make.
        People => "people" / "people",
        /// With the executive sponsor.
        Approve => "approve" / "approval",
        /// Approved and frozen; check-ins on the goals.
        Track => "track" / "tracking",
    }
);

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
