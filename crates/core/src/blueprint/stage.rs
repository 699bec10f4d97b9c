//! The blueprint's stages as a state machine, with no IO: the blueprint's facts
//! go in, the next stage (or the reason it is refused) comes out. See the
//! diagram in the [module above](super).

pub use super::vocab::{BlueprintStage, StageAction};
use super::{Refusal, and_list};

/// A goal that cannot be approved yet, and what it lacks ("an owner", …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalGap {
    pub title: String,
    pub missing: Vec<&'static str>,
}

/// What the stage machine needs to know to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub stage: BlueprintStage,
    pub revision: u32,
    pub participants: usize,
    /// Ideas that are not merged into another.
    pub ideas: usize,
    pub chosen: usize,
    pub goals: usize,
    /// Goals lacking an owner, a target date or a measure.
    pub incomplete: Vec<GoalGap>,
    /// The person acting is the account's executive sponsor.
    pub by_sponsor: bool,
    /// A comment came with the action (sending back needs one).
    pub has_comment: bool,
}

/// Decides one move.
pub fn next(facts: &Facts, action: StageAction) -> Result<BlueprintStage, Refusal> {
    use BlueprintStage as S;
    use StageAction as A;
    match (action, facts.stage) {
        (A::Advance, S::Frame) => require(facts.participants > 0, S::Ideas, "add at least one participant first"),
        (A::Advance, S::Ideas) => require(facts.ideas > 0, S::Prioritise, "capture at least one idea first"),
        (A::Advance, S::Prioritise) => {
            require(facts.chosen > 0, S::Goals, "choose at least one idea to turn into a goal")
        }
        (A::Advance, S::Goals) => ready(facts, "before moving on").map(|()| S::People),
        (A::Advance, S::People) => ready(facts, "before it goes to the sponsor").map(|()| S::Approve),
        (A::Advance, S::Approve) => refuse("it is waiting for the executive sponsor, who approves it or sends it back"),
        (A::Advance, S::Track) => {
            refuse(format!("revision {} is approved; tracking is the last stage", facts.revision))
        }
        (A::Back, S::Frame) => refuse("frame is the first stage"),
        (A::Back, S::Ideas) => Ok(S::Frame),
        (A::Back, S::Prioritise) => Ok(S::Ideas),
        (A::Back, S::Goals) => Ok(S::Prioritise),
        (A::Back, S::People) => Ok(S::Goals),
        (A::Back, S::Approve) => Ok(S::People),
        (A::Back, S::Track) => Err(frozen(facts.revision)),
        (A::Approve, S::Approve) => {
            sponsor(facts, "approve it")?;
            ready(facts, "it cannot be approved yet").map(|()| S::Track)
        }
        (A::Approve, S::Track) => refuse(format!("revision {} is already approved", facts.revision)),
        (A::Approve, stage) => {
            refuse(format!("it is at the {} stage; send it to the sponsor before it can be approved", stage.label()))
        }
        (A::SendBack, S::Approve) => {
            sponsor(facts, "send it back")?;
            if facts.has_comment {
                Ok(S::Goals)
            } else {
                Err(Refusal::on("comment", "say what should change when sending it back"))
            }
        }
        (A::SendBack, _) => refuse("only a blueprint waiting for approval can be sent back"),
        (A::OpenRevision, S::Track) => Ok(S::Goals),
        (A::OpenRevision, _) => refuse(format!(
            "revision {} is still open for changes; a new revision opens only after approval",
            facts.revision
        )),
    }
}

/// The refusal for any change to an approved revision.
pub(crate) fn frozen(revision: u32) -> Refusal {
    Refusal::because(format!("revision {revision} is approved and frozen; open revision {} to change it", revision + 1))
}

fn refuse(why: impl Into<String>) -> Result<BlueprintStage, Refusal> {
    Err(Refusal::because(why))
}

fn require(ok: bool, to: BlueprintStage, why: &str) -> Result<BlueprintStage, Refusal> {
    if ok { Ok(to) } else { refuse(why) }
}

fn sponsor(facts: &Facts, verb: &str) -> Result<(), Refusal> {
    if facts.by_sponsor { Ok(()) } else { Err(Refusal::on("by", format!("only the executive sponsor can {verb}"))) }
}

/// What a blueprint needs before the sponsor sees it: someone in the room and
/// at least one goal, every goal with an owner, a target date and a measure.
fn ready(facts: &Facts, context: &str) -> Result<(), Refusal> {
    let mut missing = Vec::new();
    if facts.participants == 0 {
        missing.push("add at least one participant".to_string());
    }
    if facts.goals == 0 {
        missing.push("make at least one goal".to_string());
    }
    for gap in &facts.incomplete {
        missing.push(format!("goal \"{}\" needs {}", gap.title, and_list(&gap.missing)));
    }
    if missing.is_empty() { Ok(()) } else { Err(Refusal::because(format!("{context}: {}", missing.join("; ")))) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlueprintStage as S;
    use StageAction as A;

    /// Everything in place: any refusal comes from the stage alone.
    fn facts(stage: BlueprintStage) -> Facts {
        Facts {
            stage,
            revision: 1,
            participants: 2,
            ideas: 3,
            chosen: 1,
            goals: 1,
            incomplete: vec![],
            by_sponsor: true,
            has_comment: true,
        }
    }

    /// Every (action, stage) pair: the full table of what the machine allows.
    #[test]
    fn the_whole_table() {
        let legal: &[(StageAction, BlueprintStage, BlueprintStage)] = &[
            (A::Advance, S::Frame, S::Ideas),
            (A::Advance, S::Ideas, S::Prioritise),
            (A::Advance, S::Prioritise, S::Goals),
            (A::Advance, S::Goals, S::People),
            (A::Advance, S::People, S::Approve),
            (A::Back, S::Ideas, S::Frame),
            (A::Back, S::Prioritise, S::Ideas),
            (A::Back, S::Goals, S::Prioritise),
            (A::Back, S::People, S::Goals),
            (A::Back, S::Approve, S::People),
            (A::Approve, S::Approve, S::Track),
            (A::SendBack, S::Approve, S::Goals),
            (A::OpenRevision, S::Track, S::Goals),
        ];
        let mut allowed = 0;
        for &action in StageAction::ALL {
            for &stage in BlueprintStage::ALL {
                let got = next(&facts(stage), action);
                match legal.iter().find(|(a, s, _)| *a == action && *s == stage) {
                    Some((_, _, to)) => {
                        assert_eq!(got, Ok(*to), "{action:?} from {stage:?}");
                        allowed += 1;
                    }
                    None => {
                        let why = got.expect_err(&format!("{action:?} from {stage:?} should be refused"));
                        assert!(!why.message.is_empty(), "{action:?} from {stage:?}");
                    }
                }
            }
        }
        assert_eq!(allowed, legal.len());
        assert_eq!(StageAction::ALL.len() * BlueprintStage::ALL.len(), 35);
    }

    /// Each gate, with the one fact it needs missing: refused, saying what to add.
    #[test]
    fn each_gate_says_what_is_missing() {
        let gap = || vec![GoalGap { title: "Grow service".into(), missing: vec!["an owner", "a measure"] }];
        /// From, action, what breaks, words in the refusal.
        type Case = (BlueprintStage, StageAction, Box<dyn Fn(&mut Facts)>, &'static str);
        let cases: Vec<Case> = vec![
            (S::Frame, A::Advance, Box::new(|f| f.participants = 0), "participant"),
            (S::Ideas, A::Advance, Box::new(|f| f.ideas = 0), "idea"),
            (S::Prioritise, A::Advance, Box::new(|f| f.chosen = 0), "choose at least one idea"),
            (S::Goals, A::Advance, Box::new(|f| f.goals = 0), "make at least one goal"),
            (
                S::Goals,
                A::Advance,
                Box::new(move |f| f.incomplete = gap()),
                "\"Grow service\" needs an owner and a measure",
            ),
            (S::People, A::Advance, Box::new(move |f| f.incomplete = gap()), "before it goes to the sponsor"),
            (S::Approve, A::Approve, Box::new(|f| f.goals = 0), "cannot be approved yet: make at least one goal"),
            (S::Approve, A::Approve, Box::new(|f| f.by_sponsor = false), "only the executive sponsor"),
            (S::Approve, A::SendBack, Box::new(|f| f.by_sponsor = false), "only the executive sponsor"),
            (S::Approve, A::SendBack, Box::new(|f| f.has_comment = false), "say what should change"),
        ];
        for (stage, action, break_it, expect) in cases {
            let mut f = facts(stage);
            break_it(&mut f);
            let why = next(&f, action).expect_err(expect);
            assert!(why.to_string().contains(expect), "{action:?} from {stage:?}: {why}");
        }
    }

    #[test]
    fn refusals_about_the_actor_or_the_comment_name_the_field() {
        let mut f = facts(S::Approve);
        f.by_sponsor = false;
        assert_eq!(next(&f, A::Approve).unwrap_err().field, Some("by"));
        let mut f = facts(S::Approve);
        f.has_comment = false;
        assert_eq!(next(&f, A::SendBack).unwrap_err().field, Some("comment"));
    }

    #[test]
    fn an_approved_revision_points_to_the_next_one() {
        let mut f = facts(S::Track);
        f.revision = 3;
        let why = next(&f, A::Back).unwrap_err();
        assert_eq!(why.message, "revision 3 is approved and frozen; open revision 4 to change it");
    }

    #[test]
    fn stages_and_actions_keep_their_stored_names() {
        let names: Vec<&str> = BlueprintStage::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["frame", "ideas", "prioritise", "goals", "people", "approve", "track"]);
        assert_eq!(StageAction::parse("send back").unwrap(), A::SendBack);
    }
}
