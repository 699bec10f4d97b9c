//! The closed vocabularies of the domain. Each is stored as lowercase
//! snake_case text (checked again by the schema), crosses IPC and the
//! interchange format under the same name, and parses with a message that
//! names the field and lists what is allowed.

use serde::{Deserialize, Serialize};

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
    };
}

pub(crate) use text_enum;

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

    pub fn parse(text: &str) -> crate::error::Result<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text.trim().to_ascii_lowercase()).ok_or_else(|| {
            crate::error::Error::validation("tier", format!("\"{text}\" is not a tier; use strategic, key or growth"))
        })
    }

    /// Strategic and key accounts must have an owner and a sponsor.
    pub fn needs_owner_and_sponsor(self) -> bool {
        matches!(self, Self::Strategic | Self::Key)
    }
}

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
    fn rejects_unknown_words_naming_the_field_and_the_choices() {
        let err = Disposition::parse("fan").unwrap_err();
        assert_eq!(err.field(), Some("disposition"));
        assert!(err.to_string().contains("champion, supporter"), "{err}");
        assert!(Dimension::from_stored("Formal").is_err(), "stored form is exact");
    }
}
