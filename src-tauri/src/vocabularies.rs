//! The closed vocabularies the UI offers as choices, written into the bindings
//! as constants in the core's order. The UI takes its lists from these and its
//! words from label maps typed by the same unions, so a new variant here fails
//! the TypeScript build until the UI has a word for it.

use rapport_core::accounts::Tier;
use rapport_core::blueprint::{BlueprintStage, GoalStatus, IdeaKind};
use rapport_core::care::feedback::{FeedbackChannel, FeedbackState, ThanksHow};
use rapport_core::care::story::{Failure, StoryKind};
use rapport_core::kinds::{
    AccountStatus, Audience, DecisionRole, Dimension, Disposition, Flag, Function, InteractionKind, MeetingKind, Side,
};
use rapport_core::meetings::{GateAction, MeetingState};
use tauri_specta::Builder;

/// Adds every vocabulary's variants, e.g. `export const TIERS = ["strategic", "key", "growth"] as const;`.
pub fn constants<R: tauri::Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .constant("ACCOUNT_STATUSES", AccountStatus::ALL)
        .constant("AUDIENCES", Audience::ALL)
        .constant("BLUEPRINT_STAGES", BlueprintStage::ALL)
        .constant("DECISION_ROLES", DecisionRole::ALL)
        .constant("DIMENSIONS", Dimension::ALL)
        .constant("DISPOSITIONS", Disposition::ALL)
        .constant("FAILURES", Failure::ALL)
        .constant("FEEDBACK_CHANNELS", FeedbackChannel::ALL)
        .constant("FEEDBACK_STATES", FeedbackState::ALL)
        .constant("FLAGS", Flag::ALL)
        .constant("FUNCTIONS", Function::ALL)
        .constant("GATE_ACTIONS", GateAction::ALL)
        .constant("GOAL_STATUSES", GoalStatus::ALL)
        .constant("IDEA_KINDS", IdeaKind::ALL)
        .constant("INTERACTION_KINDS", InteractionKind::ALL)
        .constant("MEETING_KINDS", MeetingKind::ALL)
        .constant("MEETING_STATES", MeetingState::ALL)
        .constant("SIDES", Side::ALL)
        .constant("STORY_KINDS", StoryKind::ALL)
        .constant("THANKS_HOW", ThanksHow::ALL)
        .constant("TIERS", Tier::ALL)
}
