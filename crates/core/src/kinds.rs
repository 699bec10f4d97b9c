//! The closed vocabularies of the domain. Each is stored as lowercase
//! snake_case text (checked again by the schema), crosses IPC and the
//! interchange format under the same name, and parses with a message that
//! names the field and lists what is allowed.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, field = $field:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal / $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// In a sentence.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Accepts the stored form or the label, any case, spaces or dashes
            /// for underscores.
            pub fn parse(text: &str) -> $crate::error::Result<Self> {
                let wanted = text.trim().to_lowercase().replace([' ', '-'], "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted || v.label().replace(' ', "_") == wanted)
                    .ok_or_else(|| {
                        let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.label()).collect();
                        $crate::error::Error::validation($field, format!("\"{}\" is not one of: {}", text.trim(), allowed.join(", ")))
                    })
            }

            /// For rows read back from the vault, where the schema already checked.
            #[allow(dead_code, reason = "not every vocabulary is stored")]
            pub(crate) fn from_stored(text: &str) -> $crate::error::Result<Self> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == text)
                    .ok_or_else(|| $crate::error::Error::Corrupt(format!("unknown {} \"{text}\" in the vault", $field)))
            }
        }

        // Stored as its text: rows map it by name, and a value the vocabulary
        // does not know reads as the `Corrupt` error of `from_stored`.
        impl sqlx::Type<sqlx::Sqlite> for $name {
            fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
                <str as sqlx::Type<sqlx::Sqlite>>::type_info()
            }

            fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for $name {
            fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<sqlx::Sqlite>>::decode(value)?;
                Ok(Self::from_stored(text)?)
            }
        }

        impl sqlx::Encode<'_, sqlx::Sqlite> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<sqlx::Sqlite>>::encode(self.as_str(), buf)
            }
        }
    };
}

pub(crate) use text_enum;

/// How many days a contact interval may be, an account's or a tie's own.
pub const CADENCE_DAYS: std::ops::RangeInclusive<u32> = 1..=3650;
/// A tie's strength: 1 (weak) to 5 (strong).
pub const STRENGTH: std::ops::RangeInclusive<u8> = 1..=5;

/// Checks an account's or a tie's own contact interval (`None`: the tier's).
pub(crate) fn check_cadence_days(days: Option<u32>) -> Result<()> {
    match days {
        Some(d) if !CADENCE_DAYS.contains(&d) => Err(Error::validation(
            "cadence_days",
            format!("must be between {} and {} days", CADENCE_DAYS.start(), CADENCE_DAYS.end()),
        )),
        _ => Ok(()),
    }
}

text_enum!(
    /// How a connection is held.
    Dimension, field = "dimension", {
        /// Role and contract based.
        Formal => "formal" / "formal",
        /// Direct rapport between the two people.
        Personal => "personal" / "personal",
        /// Through an intermediary, who is named.
        Proxied => "proxied" / "proxied",
    }
);

text_enum!(
    /// Our people's functions.
    Function, field = "function", {
        Executive => "executive" / "executive",
        Sales => "sales" / "sales",
        ProductDevelopment => "product_development" / "product development",
        CustomerService => "customer_service" / "customer service",
        Installation => "installation" / "installation",
        Logistics => "logistics" / "logistics",
        Finance => "finance" / "finance",
        Other => "other" / "other",
    }
);

text_enum!(
    /// The part one of their people plays in decisions.
    DecisionRole, field = "decision_role", {
        DecisionMaker => "decision_maker" / "decision maker",
        Approver => "approver" / "approver",
        Influencer => "influencer" / "influencer",
        User => "user" / "user",
        Gatekeeper => "gatekeeper" / "gatekeeper",
    }
);

text_enum!(
    /// How one of their people feels about us.
    Disposition, field = "disposition", {
        Champion => "champion" / "champion",
        Supporter => "supporter" / "supporter",
        Neutral => "neutral" / "neutral",
        Sceptic => "sceptic" / "sceptic",
        Detractor => "detractor" / "detractor",
    }
);

text_enum!(
    /// Where an account stands with us.
    AccountStatus, field = "status", {
        Prospect => "prospect" / "prospect",
        Active => "active" / "active",
        AtRisk => "at_risk" / "at risk",
        Dormant => "dormant" / "dormant",
        Former => "former" / "former customer",
    }
);

text_enum!(
    /// Which side of the relationship a person is on.
    Side, field = "side", {
        Ours => "ours" / "ours",
        Theirs => "theirs" / "theirs",
    }
);

text_enum!(
    InteractionKind, field = "kind", {
        Meeting => "meeting" / "meeting",
        Call => "call" / "call",
        Email => "email" / "email",
        Event => "event" / "event",
        SiteVisit => "site_visit" / "site visit",
        AnnualCustomerReview => "annual_customer_review" / "annual customer review",
        ExecutiveBusinessReview => "executive_business_review" / "executive business review",
        Social => "social" / "social",
    }
);

text_enum!(
    /// What the account list flags and filters on. Derived, never typed.
    Flag, field = "flag", {
        /// A strategic or key account without an active owner.
        NoOwner => "no_owner" / "no owner",
        /// A strategic or key account without an active executive sponsor.
        NoSponsor => "no_sponsor" / "no sponsor",
        NoTies => "no_ties" / "no connections",
        MostlyInformal => "mostly_informal" / "mostly informal ties",
        KeyPerson => "key_person" / "key-person risk",
        SingleThread => "single_thread" / "single executive thread",
        FarAbove => "far_above" / "ties far above working level",
        Bypass => "bypass" / "team may feel bypassed",
        CoverageGap => "coverage_gap" / "decision role gap",
        NoChampion => "no_champion" / "no champion",
    }
);

text_enum!(
    /// What an executive visit is for.
    MeetingKind, field = "kind", {
        /// Getting to know each other, or keeping in touch.
        Connecting => "connecting" / "connecting",
        Negotiation => "negotiation" / "negotiation",
        ProductEvent => "product_event" / "product event",
        /// The last resort when something has gone wrong.
        Escalation => "escalation" / "escalation",
        AnnualReview => "annual_review" / "annual customer review",
        BusinessReview => "business_review" / "executive business review",
    }
);

// How much an account matters to us: what it is owed (an owner and a sponsor,
// a default contact cadence) follows from it. (A plain comment: a doc comment
// would change the generated TypeScript bindings.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Strategic,
    #[default]
    Key,
    Growth,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Strategic, Tier::Key, Tier::Growth];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strategic => "strategic",
            Self::Key => "key",
            Self::Growth => "growth",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| Error::validation("tier", format!("\"{text}\" is not a tier; use strategic, key or growth")))
    }

    /// Strategic and key accounts must have an owner and a sponsor.
    pub fn needs_owner_and_sponsor(self) -> bool {
        matches!(self, Self::Strategic | Self::Key)
    }

    /// The target contact interval for an account of this tier, in days,
    /// unless the account sets its own.
    pub fn default_cadence_days(self) -> u32 {
        match self {
            Self::Strategic => 30,
            Self::Key => 60,
            Self::Growth => 90,
        }
    }
}

/// What can be in the trash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TrashKind {
    Account,
    Person,
    Connection,
    Interaction,
    Meeting,
    Blueprint,
    /// A piece of feedback, with the steps of its loop.
    Feedback,
    Story,
}

impl TrashKind {
    /// What the user calls one.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Person => "person",
            Self::Connection => "connection",
            Self::Interaction => "interaction",
            Self::Meeting => "meeting",
            Self::Blueprint => "blueprint",
            Self::Feedback => "feedback",
            Self::Story => "story",
        }
    }
}

// The review gate of executive visits (re-exported by `meetings`).

text_enum!(
    /// Where a meeting stands in the review gate.
    MeetingState, field = "state", {
        Draft => "draft" / "draft",
        /// Waiting for the executive.
        Submitted => "submitted" / "submitted",
        /// The executive asked questions; the team answers, then submits again.
        Challenged => "challenged" / "challenged",
        Approved => "approved" / "approved",
        Declined => "declined" / "declined",
        /// It took place.
        Held => "held" / "held",
        FollowedUp => "followed_up" / "followed up",
    }
);

text_enum!(
    /// What someone does to a meeting at the gate.
    GateAction, field = "action", {
        Submit => "submit" / "submit",
        Challenge => "challenge" / "challenge",
        Answer => "answer" / "answer",
        Approve => "approve" / "approve",
        Decline => "decline" / "decline",
        Reopen => "reopen" / "reopen",
        Hold => "hold" / "hold",
        FollowUp => "follow_up" / "follow up",
    }
);

// The feedback loop (re-exported by `care::feedback`).

text_enum!(
    /// Where a piece of feedback stands.
    FeedbackState, field = "state", {
        New => "new" / "new",
        /// Someone is working on it.
        Acting => "acting" / "acting",
        /// Changed something the customer can see.
        Done => "done" / "done",
        /// Put off until a date, when it comes back.
        Deferred => "deferred" / "deferred",
        Declined => "declined" / "declined",
    }
);

text_enum!(
    /// How the customer told us.
    FeedbackChannel, field = "channel", {
        Meeting => "meeting" / "in a meeting",
        Call => "call" / "on a call",
        Email => "email" / "by email",
        Survey => "survey" / "in a survey",
        Review => "review" / "in a review",
        Other => "other" / "other",
    }
);

text_enum!(
    /// How we thanked them.
    ThanksHow, field = "thanks_how", {
        Note => "note" / "a note",
        Call => "call" / "a call",
        Handwritten => "handwritten" / "a handwritten letter",
    }
);

// Commitments (re-exported by `commitments`).

text_enum!(
    /// Where a commitment stands as stored; "late" is read from its day.
    CommitmentState, field = "state", {
        Open => "open" / "open",
        Kept => "kept" / "kept",
        Dropped => "dropped" / "dropped",
    }
);

// Stories told about us (re-exported by `care::story`).

text_enum!(
    StoryKind, field = "kind", {
        Success => "success" / "success",
        Horror => "horror" / "horror story",
    }
);

text_enum!(
    /// What went wrong in a horror story.
    Failure, field = "failure", {
        Late => "late" / "late",
        Short => "short" / "short",
        Broken => "broken" / "broken",
        Unanswered => "unanswered" / "unanswered",
        Other => "other" / "something else",
    }
);

// The ownership check (re-exported by `care::account`).

text_enum!(
    /// The ownership check: what we should be able to say about every key
    /// account. The label is the question as the screen asks it.
    OwnershipQuestion, field = "question", {
        Owner => "owner" / "who owns this relationship on our side, by name",
        Function => "function" / "which function they sit in, and why that one",
        Investment => "investment" / "what we put into this relationship (people, time, money)",
        Environment => "environment" / "what is changing in their world, as they would put it",
        Evolution => "evolution" / "what both sides agreed about where the relationship should go",
        BothWin => "both_win" / "how each side wins from it today",
    }
);

// Blueprints (re-exported by `blueprint`).

text_enum!(
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

text_enum!(
    /// How a goal is doing.
    GoalStatus, field = "status", {
        NotStarted => "not_started" / "not started",
        OnTrack => "on_track" / "on track",
        AtRisk => "at_risk" / "at risk",
        OffTrack => "off_track" / "off track",
        Done => "done" / "done",
    }
);

text_enum!(
    /// What the executive sponsor decided about a revision.
    Verdict, field = "verdict", {
        Approved => "approved" / "approved",
        SentBack => "sent_back" / "sent back",
    }
);

text_enum!(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stored_form_and_label_in_any_case() {
        assert_eq!(DecisionRole::parse("decision_maker").unwrap(), DecisionRole::DecisionMaker);
        assert_eq!(DecisionRole::parse(" Decision Maker ").unwrap(), DecisionRole::DecisionMaker);
        assert_eq!(Function::parse("product-development").unwrap(), Function::ProductDevelopment);
        assert_eq!(AccountStatus::parse("Former customer").unwrap(), AccountStatus::Former);
    }

    #[test]
    fn tiers_have_their_own_interval() {
        assert_eq!([Tier::Strategic, Tier::Key, Tier::Growth].map(Tier::default_cadence_days), [30, 60, 90]);
    }

    #[test]
    fn rejects_unknown_words_naming_the_field_and_the_choices() {
        let err = Disposition::parse("fan").unwrap_err();
        assert_eq!(err.field(), Some("disposition"));
        assert!(err.to_string().contains("champion, supporter"), "{err}");
        assert!(Dimension::from_stored("Formal").is_err(), "stored form is exact");
    }
}

text_enum!(
    /// Who a document is for, and so what it may show. Every export takes
    /// one; what each may read is decided in one place per document (the
    /// brief's [`crate::brief::sections::BRIEF`] table and
    /// `BriefData::for_audience`, each report's `for_audience`).
    Audience, field = "audience", {
        /// Everything: the executive's own copy.
        Executive => "executive" / "executive",
        /// Our own people: no personal-tie details, nothing marked private.
        Internal => "internal" / "internal",
        /// The customer may read it: no analysis, health, dispositions,
        /// internal notes, other customers or anything marked private.
        Shareable => "shareable" / "shareable",
    }
);

impl Default for Audience {
    /// What every export was before audiences: the executive's copy.
    fn default() -> Self {
        Audience::Executive
    }
}

impl Audience {
    /// How much of the book this audience may read: the customer least.
    fn trust(self) -> u8 {
        match self {
            Audience::Shareable => 0,
            Audience::Internal => 1,
            Audience::Executive => 2,
        }
    }

    /// Whether this audience may read what is meant for `reader` and above
    /// (a section for the internal audience reaches the executive too).
    pub fn may_read(self, reader: Audience) -> bool {
        self.trust() >= reader.trust()
    }

    /// The line printed in every page's footer. None for the executive:
    /// their documents read as they always did.
    pub fn footer(self) -> Option<&'static str> {
        match self {
            Audience::Executive => None,
            Audience::Internal => Some("Internal — not for the customer"),
            Audience::Shareable => Some("Shareable with the customer"),
        }
    }
}
