//! Feedback: what a customer told us, and the loop we owe them. A state machine
//! like the review gate's: the feedback's facts and one step go in, the next
//! state (or the reason it is refused) comes out.
//!
//! ```text
//! new ──act──▶ acting ──done (what they can see, and when)──▶ done
//!  │             │  └──decline (why)──▶ declined
//!  │             └──defer (until a date)──▶ deferred ──(that date comes)──▶ due again
//!  └── done / defer / decline straight from new
//! deferred ──act / done / decline / defer again
//! done, declined ──reopen──▶ acting
//! ```
//!
//! Thanks are separate from the state: any feedback, whatever became of it,
//! deserves a thank-you, and one not thanked within [`THANKS_WITHIN_DAYS`]
//! surfaces on its own.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::blueprint::Refusal;
pub use crate::kinds::{FeedbackChannel, FeedbackState, ThanksHow};

crate::kinds::text_enum!(
    /// A step in the feedback loop.
    FeedbackAction, field = "action", {
        Act => "act" / "start acting",
        Complete => "complete" / "mark done",
        Defer => "defer" / "defer",
        Decline => "decline" / "decline",
        Reopen => "reopen" / "reopen",
    }
);

/// The action of the event that records a thank-you. It is not a step of
/// the loop ([`FeedbackAction`]): it leaves the state as it was.
pub(crate) const THANKS_ACTION: &str = "thank";

/// Feedback not thanked after this many days surfaces.
pub const THANKS_WITHIN_DAYS: i64 = 2;

/// One step and what comes with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct FeedbackStep {
    pub action: Option<FeedbackAction>,
    /// Done: the change the customer can see.
    pub change: Option<String>,
    /// Done: when they could see it.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub visible_on: Option<NaiveDate>,
    /// Defer: the day it comes back.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub reconsider_on: Option<NaiveDate>,
    /// Decline: why.
    pub reason: Option<String>,
}

fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// Decides one step. `received_on` is when they told us (a change cannot be
/// visible before it); `today` bounds the dates.
pub fn next(
    state: FeedbackState,
    step: &FeedbackStep,
    received_on: NaiveDate,
    today: NaiveDate,
) -> Result<FeedbackState, Refusal> {
    use FeedbackAction as A;
    use FeedbackState as S;
    let action = step.action.ok_or_else(|| Refusal::on("action", "choose what to do"))?;
    match (action, state) {
        (A::Act, S::New | S::Deferred) => Ok(S::Acting),
        (A::Act, S::Acting) => Err(Refusal::because("it is already being acted on")),
        (A::Complete, S::New | S::Acting | S::Deferred) => {
            if blank(&step.change) {
                return Err(Refusal::on("change", "say what changed that the customer can see"));
            }
            match step.visible_on {
                None => Err(Refusal::on("visible_on", "say when they could see the change")),
                Some(d) if d < received_on => {
                    Err(Refusal::on("visible_on", "the change cannot come before they told us"))
                }
                Some(d) if d > today => Err(Refusal::on(
                    "visible_on",
                    "it is done only once they can see it; defer it to that date instead",
                )),
                Some(_) => Ok(S::Done),
            }
        }
        (A::Defer, S::New | S::Acting | S::Deferred) => match step.reconsider_on {
            None => Err(Refusal::on("reconsider_on", "choose the day to look at it again")),
            Some(d) if d <= today => Err(Refusal::on("reconsider_on", "choose a day after today")),
            Some(_) => Ok(S::Deferred),
        },
        (A::Decline, S::New | S::Acting | S::Deferred) => {
            if blank(&step.reason) {
                Err(Refusal::on("reason", "say why, so the account team can explain it to the customer"))
            } else {
                Ok(S::Declined)
            }
        }
        (A::Reopen, S::Done | S::Declined) => Ok(S::Acting),
        (A::Reopen, _) => Err(Refusal::because("only done or declined feedback can be reopened")),
        (_, S::Done | S::Declined) => Err(Refusal::because(format!("it is {}; reopen it first", state.label()))),
    }
}

/// The facts about one piece of feedback that decide whether it needs someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackFacts {
    pub state: FeedbackState,
    pub received_on: NaiveDate,
    pub reconsider_on: Option<NaiveDate>,
    pub thanked_on: Option<NaiveDate>,
}

/// Why a piece of feedback needs someone today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeedbackDue {
    /// Deferred to a day that has come.
    Reconsider {
        #[cfg_attr(feature = "specta", specta(type = String))]
        since: NaiveDate,
        message: String,
    },
    /// Nobody has thanked them.
    Thank {
        #[cfg_attr(feature = "specta", specta(type = f64))]
        days: i64,
        message: String,
    },
}

/// What a piece of feedback asks of us today, most pressing first.
pub fn due(facts: &FeedbackFacts, today: NaiveDate) -> Vec<FeedbackDue> {
    let mut out = Vec::new();
    if facts.state == FeedbackState::Deferred
        && let Some(on) = facts.reconsider_on
        && on <= today
    {
        let late = (today - on).num_days();
        let message = match late {
            0 => "deferred until today: time to look at it again".to_string(),
            n => format!("deferred until {}, {} ago: time to look at it again", on.format("%-d %b"), super::days(n)),
        };
        out.push(FeedbackDue::Reconsider { since: on, message });
    }
    let waited = (today - facts.received_on).num_days();
    if facts.thanked_on.is_none() && waited > THANKS_WITHIN_DAYS {
        out.push(FeedbackDue::Thank {
            days: waited,
            message: format!("told us {} ago and nobody has thanked them yet", super::days(waited)),
        });
    }
    out
}

/// A thank-you cannot be before they told us or after today.
pub fn check_thanks(received_on: NaiveDate, thanked_on: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    if thanked_on < received_on {
        return Err(Refusal::on("thanked_on", "cannot thank them before they told us"));
    }
    if thanked_on > today {
        return Err(Refusal::on("thanked_on", "record the thanks once it is given"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use FeedbackAction as A;
    use FeedbackState as S;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn step(action: FeedbackAction) -> FeedbackStep {
        FeedbackStep {
            action: Some(action),
            change: Some("Invoices now carry their PO number".into()),
            visible_on: Some(d("2026-11-20")),
            reconsider_on: Some(d("2027-01-15")),
            reason: Some("Their contract does not cover it".into()),
        }
    }

    /// Every (action, state) pair with complete input: the whole table.
    #[test]
    fn every_transition() {
        let expected: &[(A, S, Option<S>)] = &[
            (A::Act, S::New, Some(S::Acting)),
            (A::Act, S::Acting, None),
            (A::Act, S::Done, None),
            (A::Act, S::Deferred, Some(S::Acting)),
            (A::Act, S::Declined, None),
            (A::Complete, S::New, Some(S::Done)),
            (A::Complete, S::Acting, Some(S::Done)),
            (A::Complete, S::Done, None),
            (A::Complete, S::Deferred, Some(S::Done)),
            (A::Complete, S::Declined, None),
            (A::Defer, S::New, Some(S::Deferred)),
            (A::Defer, S::Acting, Some(S::Deferred)),
            (A::Defer, S::Done, None),
            (A::Defer, S::Deferred, Some(S::Deferred)),
            (A::Defer, S::Declined, None),
            (A::Decline, S::New, Some(S::Declined)),
            (A::Decline, S::Acting, Some(S::Declined)),
            (A::Decline, S::Done, None),
            (A::Decline, S::Deferred, Some(S::Declined)),
            (A::Decline, S::Declined, None),
            (A::Reopen, S::New, None),
            (A::Reopen, S::Acting, None),
            (A::Reopen, S::Done, Some(S::Acting)),
            (A::Reopen, S::Deferred, None),
            (A::Reopen, S::Declined, Some(S::Acting)),
        ];
        assert_eq!(expected.len(), A::ALL.len() * S::ALL.len());
        for &(action, state, to) in expected {
            let got = next(state, &step(action), d("2026-11-01"), d("2026-11-23"));
            assert_eq!(got.clone().ok(), to, "{action:?} from {state:?}: {got:?}");
            if let Err(refusal) = got {
                assert!(!refusal.message.is_empty());
            }
        }
    }

    #[test]
    fn each_step_needs_what_it_says_and_names_the_field() {
        let today = d("2026-11-23");
        let received = d("2026-11-01");
        let cases: Vec<(FeedbackStep, &str, &str)> = vec![
            (FeedbackStep::default(), "action", "choose"),
            (FeedbackStep { change: Some("  ".into()), ..step(A::Complete) }, "change", "can see"),
            (FeedbackStep { visible_on: None, ..step(A::Complete) }, "visible_on", "when"),
            (FeedbackStep { visible_on: Some(d("2026-10-30")), ..step(A::Complete) }, "visible_on", "before"),
            (FeedbackStep { visible_on: Some(d("2026-12-01")), ..step(A::Complete) }, "visible_on", "defer"),
            (FeedbackStep { reconsider_on: None, ..step(A::Defer) }, "reconsider_on", "choose the day"),
            (FeedbackStep { reconsider_on: Some(today), ..step(A::Defer) }, "reconsider_on", "after today"),
            (FeedbackStep { reason: None, ..step(A::Decline) }, "reason", "why"),
        ];
        for (s, field, words) in cases {
            let refusal = next(S::Acting, &s, received, today).unwrap_err();
            assert_eq!(refusal.field, Some(field), "{refusal}");
            assert!(refusal.message.contains(words), "{field}: {refusal}");
        }
        let refusal = next(S::Done, &step(A::Defer), received, today).unwrap_err();
        assert_eq!(refusal.message, "it is done; reopen it first");
    }

    #[test]
    fn deferred_feedback_comes_back_on_its_day_and_unthanked_feedback_surfaces() {
        let facts = FeedbackFacts {
            state: S::Deferred,
            received_on: d("2026-11-01"),
            reconsider_on: Some(d("2026-11-25")),
            thanked_on: Some(d("2026-11-02")),
        };
        assert!(due(&facts, d("2026-11-24")).is_empty(), "not yet");
        assert!(
            matches!(&due(&facts, d("2026-11-25"))[..], [FeedbackDue::Reconsider { message, .. }] if message.contains("until today"))
        );
        let later = due(&facts, d("2026-11-28"));
        assert!(
            matches!(&later[..], [FeedbackDue::Reconsider { message, .. }] if message.contains("3 days ago")),
            "{later:?}"
        );
        let acting = FeedbackFacts { state: S::Acting, ..facts.clone() };
        assert!(due(&acting, d("2026-11-28")).is_empty(), "picked up again: no longer due");

        let unthanked = FeedbackFacts { state: S::New, thanked_on: None, reconsider_on: None, ..facts };
        assert!(due(&unthanked, d("2026-11-03")).is_empty(), "two days to say thanks");
        assert_eq!(
            due(&unthanked, d("2026-11-04")),
            [FeedbackDue::Thank { days: 3, message: "told us 3 days ago and nobody has thanked them yet".into() }]
        );
        let declined = FeedbackFacts { state: S::Declined, ..unthanked };
        assert_eq!(due(&declined, d("2026-11-10")).len(), 1, "declined feedback is still thanked");
    }

    #[test]
    fn thanks_fall_between_hearing_it_and_today() {
        let (received, today) = (d("2026-11-01"), d("2026-11-23"));
        assert_eq!(check_thanks(received, d("2026-10-31"), today).unwrap_err().field, Some("thanked_on"));
        assert_eq!(check_thanks(received, d("2026-11-24"), today).unwrap_err().field, Some("thanked_on"));
        assert!(check_thanks(received, received, today).is_ok());
        assert!(check_thanks(received, today, today).is_ok());
    }
}
