//! The review gate as a state machine, with no IO: the meeting's facts go in,
//! the next state (or the reason it is refused) comes out.
//!
//! ```text
//! draft ──submit──▶ submitted ──approve──▶ approved ──hold──▶ held ──follow up──▶ followed up
//!   ▲                 │   ▲                    │
//!   │           challenge  submit / approve    │
//!   │                 ▼   │ (all answered)     │
//!   │               challenged ◀──answer──┐    │
//!   │                 │ └────────────────┘    │
//!   │              decline                    │
//!   └──reopen── declined / submitted / approved
//! ```

use chrono::{DateTime, Utc};

use crate::error::Error;
pub use crate::kinds::{GateAction, MeetingState};

impl MeetingState {
    /// Whether the fields the executive reviews (who, when, why) may change
    /// without going back to draft.
    pub fn reviewed_fields_open(self) -> bool {
        matches!(self, Self::Draft | Self::Challenged)
    }

    /// Whether anything at all may still change.
    pub fn editable(self) -> bool {
        !matches!(self, Self::Held | Self::FollowedUp | Self::Declined)
    }

    /// Not approved (yet): its brief carries a DRAFT mark.
    pub fn is_draft_for_brief(self) -> bool {
        !matches!(self, Self::Approved | Self::Held | Self::FollowedUp)
    }
}

/// What the gate needs to know about a meeting to decide.
#[derive(Debug, Clone)]
pub struct Facts {
    pub state: MeetingState,
    pub has_value_proposition: bool,
    pub ours_attending: usize,
    pub theirs_attending: usize,
    /// Questions in the current challenge round with no answer yet.
    pub unanswered_questions: usize,
    pub starts_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// Why a transition was refused: says what is missing or what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Refused(r.0)
    }
}

/// Decides one step. `body` is the question, answer or comment that came with
/// the action (already cleaned); challenges and answers need one, declines need
/// a reason.
pub fn next(facts: &Facts, action: GateAction, body: Option<&str>) -> Result<MeetingState, Refusal> {
    use GateAction as A;
    use MeetingState as S;
    let has_body = body.is_some_and(|b| !b.trim().is_empty());
    let refuse = |why: String| Err(Refusal(why));
    let not_from = |verb: &str| Err(Refusal(format!("a {} meeting cannot be {verb}", facts.state.label())));
    match (action, facts.state) {
        (A::Submit, S::Draft | S::Challenged) => {
            let mut missing = Vec::new();
            if !facts.has_value_proposition {
                missing.push("write the value proposition".to_string());
            }
            if facts.ours_attending == 0 {
                missing.push("add at least one of our people as an attendee".to_string());
            }
            if facts.theirs_attending == 0 {
                missing.push("add at least one of their people as an attendee".to_string());
            }
            if facts.unanswered_questions > 0 {
                missing.push(match facts.unanswered_questions {
                    1 => "answer the executive's open question".to_string(),
                    n => format!("answer the executive's {n} open questions"),
                });
            }
            if missing.is_empty() {
                Ok(S::Submitted)
            } else {
                refuse(format!("before it goes for review: {}", missing.join("; ")))
            }
        }
        (A::Submit, _) => not_from("submitted"),
        (A::Challenge, S::Submitted | S::Challenged) => {
            if has_body {
                Ok(S::Challenged)
            } else {
                refuse("a challenge needs the question to answer".into())
            }
        }
        (A::Challenge, _) => {
            refuse(format!("only a meeting waiting for review can be challenged; this one is {}", facts.state.label()))
        }
        (A::Answer, S::Challenged) => {
            if has_body {
                Ok(S::Challenged)
            } else {
                refuse("write the answer".into())
            }
        }
        (A::Answer, _) => refuse("there is no open challenge to answer".into()),
        (A::Approve, S::Submitted) => Ok(S::Approved),
        (A::Approve, S::Challenged) => match facts.unanswered_questions {
            0 => Ok(S::Approved),
            1 => refuse("the team has not answered the open question yet".into()),
            n => refuse(format!("the team has not answered {n} open questions yet")),
        },
        (A::Approve, _) => not_from("approved"),
        (A::Decline, S::Submitted | S::Challenged) => {
            if has_body {
                Ok(S::Declined)
            } else {
                refuse("say why it is declined".into())
            }
        }
        (A::Decline, _) => not_from("declined"),
        (A::Reopen, S::Submitted | S::Approved | S::Declined) => Ok(S::Draft),
        (A::Reopen, _) => not_from("reopened"),
        (A::Hold, S::Approved) => {
            if facts.now >= facts.starts_at {
                Ok(S::Held)
            } else {
                refuse("it has not started yet; mark it held once it has taken place".into())
            }
        }
        (A::Hold, S::Draft | S::Submitted | S::Challenged) => {
            refuse("it was never approved; only an approved meeting can be marked held".into())
        }
        (A::Hold, _) => not_from("marked held"),
        (A::FollowUp, S::Held) => {
            if has_body {
                Ok(S::FollowedUp)
            } else {
                refuse("note what was followed up".into())
            }
        }
        (A::FollowUp, _) => refuse("only a meeting that took place can be followed up".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GateAction as A;
    use MeetingState as S;

    fn facts(state: MeetingState) -> Facts {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        Facts {
            state,
            has_value_proposition: true,
            ours_attending: 1,
            theirs_attending: 1,
            unanswered_questions: 0,
            starts_at: t("2026-11-24T09:00:00Z"),
            now: t("2026-11-25T09:00:00Z"),
        }
    }

    /// Every (action, state) pair with a well-formed meeting and a body:
    /// the full table of what the gate allows.
    #[test]
    fn the_whole_table() {
        let legal: &[(GateAction, MeetingState, MeetingState)] = &[
            (A::Submit, S::Draft, S::Submitted),
            (A::Submit, S::Challenged, S::Submitted),
            (A::Challenge, S::Submitted, S::Challenged),
            (A::Challenge, S::Challenged, S::Challenged),
            (A::Answer, S::Challenged, S::Challenged),
            (A::Approve, S::Submitted, S::Approved),
            (A::Approve, S::Challenged, S::Approved),
            (A::Decline, S::Submitted, S::Declined),
            (A::Decline, S::Challenged, S::Declined),
            (A::Reopen, S::Submitted, S::Draft),
            (A::Reopen, S::Approved, S::Draft),
            (A::Reopen, S::Declined, S::Draft),
            (A::Hold, S::Approved, S::Held),
            (A::FollowUp, S::Held, S::FollowedUp),
        ];
        for &action in GateAction::ALL {
            for &state in MeetingState::ALL {
                let got = next(&facts(state), action, Some("why"));
                match legal.iter().find(|(a, s, _)| *a == action && *s == state) {
                    Some((_, _, to)) => assert_eq!(got, Ok(*to), "{action:?} from {state:?}"),
                    None => {
                        let Err(Refusal(why)) = got else { panic!("{action:?} from {state:?} should be refused") };
                        assert!(!why.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn submit_says_everything_that_is_missing() {
        let mut f = facts(S::Draft);
        f.has_value_proposition = false;
        f.ours_attending = 0;
        f.theirs_attending = 0;
        let Refusal(why) = next(&f, A::Submit, None).unwrap_err();
        assert!(why.contains("value proposition"), "{why}");
        assert!(why.contains("our people"), "{why}");
        assert!(why.contains("their people"), "{why}");
    }

    #[test]
    fn resubmitting_waits_for_every_answer() {
        let mut f = facts(S::Challenged);
        f.unanswered_questions = 2;
        let Refusal(why) = next(&f, A::Submit, None).unwrap_err();
        assert!(why.contains("2 open questions"), "{why}");
    }

    #[test]
    fn texts_are_required_where_they_carry_the_point() {
        for (action, state) in [
            (A::Challenge, S::Submitted),
            (A::Answer, S::Challenged),
            (A::Decline, S::Submitted),
            (A::FollowUp, S::Held),
        ] {
            assert!(next(&facts(state), action, None).is_err(), "{action:?} without text");
            assert!(next(&facts(state), action, Some("  ")).is_err(), "{action:?} with blank text");
        }
    }

    #[test]
    fn a_meeting_is_held_only_once_it_has_started() {
        let mut f = facts(S::Approved);
        f.now = f.starts_at - chrono::Duration::minutes(1);
        assert!(next(&f, A::Hold, None).unwrap_err().0.contains("not started"));
        f.now = f.starts_at;
        assert_eq!(next(&f, A::Hold, None), Ok(S::Held));
    }
}
