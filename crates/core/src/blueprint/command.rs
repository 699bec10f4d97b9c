//! Every change to a blueprint is one command, checked before anything moves:
//! a refused command leaves the blueprint exactly as it was.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Ballot, Blueprint, CheckIn, Goal, GoalStatus, Idea, IdeaKind, Involved, Measure, Participant};
use super::model::{Period, PersonRef, PlannedConnection, Review, RevisionSnapshot, Verdict};
use super::stage::{self, BlueprintStage, StageAction};
use super::{MAX_CADENCE_DAYS, MAX_SCORE, Refusal, VOTE_BUDGET};
use crate::kinds::{Function, Side};
use crate::text;

/// Ideas one blueprint holds at most, merged ones included.
pub const MAX_IDEAS: usize = 2_000;

/// A new idea split off an existing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IdeaPart {
    pub id: String,
    pub text: String,
}

/// One change to a blueprint. New things carry their id (the caller makes it),
/// so applying a command is deterministic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum BlueprintCommand {
    // Frame
    SetQuestion {
        question: String,
    },
    SetPeriod {
        period: Period,
    },
    /// One of our people joins the room, with the function they work in.
    AddParticipant {
        person: PersonRef,
        function: Function,
    },
    /// Refused while ideas are theirs; their votes go with them.
    RemoveParticipant {
        person_id: String,
    },
    // Ideas
    AddIdea {
        id: String,
        text: String,
        participant_id: Option<String>,
        kind: IdeaKind,
    },
    EditIdea {
        id: String,
        text: String,
        participant_id: Option<String>,
        kind: IdeaKind,
    },
    /// `duplicate` is folded into `keep`: its votes, scores (where `keep` has
    /// none), choice and goals move over, and it drops out of the ranking.
    MergeIdeas {
        keep: String,
        duplicate: String,
    },
    /// The idea keeps `text`; each part becomes a new idea of the same kind and
    /// participant, marked as split from it.
    SplitIdea {
        id: String,
        text: String,
        parts: Vec<IdeaPart>,
    },
    // Prioritise
    /// 1 to 5 each; `None` clears a score.
    ScoreIdea {
        id: String,
        impact: Option<u8>,
        effort: Option<u8>,
    },
    /// Sets (not adds) the participant's votes on the idea, within
    /// [`VOTE_BUDGET`](super::VOTE_BUDGET) across all ideas. 0 takes them back.
    Vote {
        participant_id: String,
        idea_id: String,
        votes: u32,
    },
    ChooseIdea {
        id: String,
        chosen: bool,
    },
    // Goals
    /// A goal from chosen ideas (a merged idea counts as the one it was merged into).
    MakeGoal {
        id: String,
        title: String,
        idea_ids: Vec<String>,
    },
    /// Replaces the goal's plan fields; `None` clears one.
    EditGoal {
        id: String,
        title: String,
        owner: Option<PersonRef>,
        counterpart: Option<PersonRef>,
        #[cfg_attr(feature = "specta", specta(type = Option<String>))]
        target_date: Option<NaiveDate>,
        measure: Option<Measure>,
    },
    RemoveGoal {
        id: String,
    },
    // People
    Involve {
        goal_id: String,
        person: PersonRef,
    },
    Uninvolve {
        goal_id: String,
        person_id: String,
    },
    /// Plans (or re-times) a connection between one of ours and one of theirs.
    PlanConnection {
        goal_id: String,
        ours: PersonRef,
        theirs: PersonRef,
        cadence_days: u32,
    },
    DropConnection {
        goal_id: String,
        ours_id: String,
        theirs_id: String,
    },
    // Moving between stages
    Advance,
    Back,
    /// `by_sponsor` is looked up by the caller (is `by` the account's
    /// executive sponsor?), never taken from the user.
    Approve {
        by: String,
        by_sponsor: bool,
        comment: Option<String>,
    },
    SendBack {
        by: String,
        by_sponsor: bool,
        comment: String,
    },
    /// Starts the next revision from the approved one.
    OpenRevision,
    // Track
    /// `status` defaults to the goal's current status.
    CheckIn {
        goal_id: String,
        #[cfg_attr(feature = "specta", specta(type = String))]
        on: NaiveDate,
        value: f64,
        note: Option<String>,
        status: Option<GoalStatus>,
    },
}

impl BlueprintCommand {
    /// Changes the plan, which is locked while the sponsor reviews it and frozen
    /// once approved. Stage moves and check-ins are not plan changes.
    pub fn changes_plan(&self) -> bool {
        use BlueprintCommand as C;
        !matches!(
            self,
            C::Advance | C::Back | C::Approve { .. } | C::SendBack { .. } | C::OpenRevision | C::CheckIn { .. }
        )
    }
}

impl Blueprint {
    /// Applies one command, or refuses it and changes nothing. `now` stamps the
    /// sponsor's reviews; `today` (the user's calendar day) bounds check-ins.
    pub fn apply(&mut self, command: &BlueprintCommand, now: DateTime<Utc>, today: NaiveDate) -> Result<(), Refusal> {
        use BlueprintCommand as C;
        if command.changes_plan() {
            self.check_open()?;
        }
        match command {
            C::SetQuestion { question } => {
                self.question = text::required_line("question", question)?;
                Ok(())
            }
            C::SetPeriod { period } => {
                self.period = period.check()?;
                Ok(())
            }
            C::AddParticipant { person, function } => self.add_participant(person, *function),
            C::RemoveParticipant { person_id } => self.remove_participant(person_id),
            C::AddIdea { id, text, participant_id, kind } => self.add_idea(id, text, participant_id, *kind),
            C::EditIdea { id, text, participant_id, kind } => self.edit_idea(id, text, participant_id, *kind),
            C::MergeIdeas { keep, duplicate } => self.merge(keep, duplicate),
            C::SplitIdea { id, text, parts } => self.split(id, text, parts),
            C::ScoreIdea { id, impact, effort } => self.score(id, *impact, *effort),
            C::Vote { participant_id, idea_id, votes } => self.vote(participant_id, idea_id, *votes),
            C::ChooseIdea { id, chosen } => self.choose(id, *chosen),
            C::MakeGoal { id, title, idea_ids } => self.make_goal(id, title, idea_ids),
            C::EditGoal { id, title, owner, counterpart, target_date, measure } => {
                self.edit_goal(id, title, owner.as_ref(), counterpart.as_ref(), *target_date, measure.as_ref())
            }
            C::RemoveGoal { id } => {
                let g = self.goal_index("id", id)?;
                self.goals.remove(g);
                Ok(())
            }
            C::Involve { goal_id, person } => self.involve(goal_id, person),
            C::Uninvolve { goal_id, person_id } => self.uninvolve(goal_id, person_id),
            C::PlanConnection { goal_id, ours, theirs, cadence_days } => {
                self.plan_connection(goal_id, ours, theirs, *cadence_days)
            }
            C::DropConnection { goal_id, ours_id, theirs_id } => self.drop_connection(goal_id, ours_id, theirs_id),
            C::Advance => self.step(StageAction::Advance),
            C::Back => self.step(StageAction::Back),
            C::OpenRevision => self.step(StageAction::OpenRevision),
            C::Approve { by, by_sponsor, comment } => {
                self.review(Verdict::Approved, by, *by_sponsor, comment.as_deref(), now)
            }
            C::SendBack { by, by_sponsor, comment } => {
                self.review(Verdict::SentBack, by, *by_sponsor, Some(comment), now)
            }
            C::CheckIn { goal_id, on, value, note, status } => {
                self.check_in(goal_id, *on, *value, note.as_deref(), *status, today)
            }
        }
    }

    fn check_open(&self) -> Result<(), Refusal> {
        match self.stage {
            BlueprintStage::Track => Err(stage::frozen(self.revision)),
            BlueprintStage::Approve => Err(Refusal::because(format!(
                "revision {} is with the sponsor for approval; go back to change it",
                self.revision
            ))),
            _ => Ok(()),
        }
    }

    // -- Stages ---------------------------------------------------------------

    fn step(&mut self, action: StageAction) -> Result<(), Refusal> {
        let to = stage::next(&self.facts(false, false), action)?;
        if action == StageAction::OpenRevision {
            self.revision += 1;
        }
        self.stage = to;
        Ok(())
    }

    fn review(
        &mut self,
        verdict: Verdict,
        by: &str,
        by_sponsor: bool,
        comment: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        let action = match verdict {
            Verdict::Approved => StageAction::Approve,
            Verdict::SentBack => StageAction::SendBack,
        };
        let comment = text::optional_text("comment", comment)?;
        let to = stage::next(&self.facts(by_sponsor, comment.is_some()), action)?;
        let by = text::required_line("by", by)?;
        if verdict == Verdict::Approved {
            self.revisions.push(RevisionSnapshot {
                revision: self.revision,
                approved_by: by.clone(),
                approved_at: now,
                goals: self.goals.clone(),
            });
        }
        self.reviews.push(Review { revision: self.revision, by, at: now, verdict, comment });
        self.stage = to;
        Ok(())
    }

    // -- Frame ----------------------------------------------------------------

    fn add_participant(&mut self, person: &PersonRef, function: Function) -> Result<(), Refusal> {
        let id = side("person", person, Side::Ours, "a participant must be one of our people")?;
        if self.participant(&id).is_some() {
            return Err(Refusal::on("person", "already in the room"));
        }
        self.participants.push(Participant { person_id: id, function });
        Ok(())
    }

    fn remove_participant(&mut self, person_id: &str) -> Result<(), Refusal> {
        let Some(p) = self.participants.iter().position(|p| p.person_id == person_id) else {
            return Err(Refusal::on("person_id", "not in the room"));
        };
        match self.ideas.iter().filter(|i| i.participant_id.as_deref() == Some(person_id)).count() {
            0 => {}
            1 => return Err(Refusal::on("person_id", "an idea is theirs; give it to someone else first")),
            n => {
                return Err(Refusal::on("person_id", format!("{n} ideas are theirs; give them to someone else first")));
            }
        }
        self.ballots.retain(|b| b.participant_id != person_id);
        self.participants.remove(p);
        Ok(())
    }

    // -- Ideas ----------------------------------------------------------------

    fn add_idea(&mut self, id: &str, text: &str, by: &Option<String>, kind: IdeaKind) -> Result<(), Refusal> {
        self.room_for_ideas(1)?;
        let id = self.fresh_idea_id("id", id)?;
        let text = text::required_text("text", text)?;
        let participant_id = self.author(by)?;
        self.ideas.push(Idea {
            id,
            text,
            participant_id,
            kind,
            impact: None,
            effort: None,
            chosen: false,
            merged_into: None,
            split_from: None,
        });
        Ok(())
    }

    fn edit_idea(&mut self, id: &str, text: &str, by: &Option<String>, kind: IdeaKind) -> Result<(), Refusal> {
        let i = self.live_idea("id", id)?;
        let text = text::required_text("text", text)?;
        let participant_id = self.author(by)?;
        let idea = &mut self.ideas[i];
        (idea.text, idea.participant_id, idea.kind) = (text, participant_id, kind);
        Ok(())
    }

    fn merge(&mut self, keep: &str, duplicate: &str) -> Result<(), Refusal> {
        if keep == duplicate {
            return Err(Refusal::on("duplicate", "an idea cannot be merged into itself"));
        }
        let k = self.live_idea("keep", keep)?;
        let d = self.live_idea("duplicate", duplicate)?;
        let taken = std::mem::replace(&mut self.ideas[d].chosen, false);
        let (impact, effort) = (self.ideas[d].impact, self.ideas[d].effort);
        let kept = &mut self.ideas[k];
        kept.chosen |= taken;
        kept.impact = kept.impact.or(impact);
        kept.effort = kept.effort.or(effort);
        let (keep, duplicate) = (kept.id.clone(), self.ideas[d].id.clone());
        for idea in &mut self.ideas {
            if idea.id == duplicate || idea.merged_into.as_deref() == Some(&duplicate) {
                idea.merged_into = Some(keep.clone());
            }
        }
        self.move_ballots(&duplicate, &keep);
        for goal in &mut self.goals {
            repoint(&mut goal.idea_ids, &duplicate, &keep);
        }
        Ok(())
    }

    fn move_ballots(&mut self, from: &str, to: &str) {
        let (moving, staying): (Vec<Ballot>, Vec<Ballot>) =
            std::mem::take(&mut self.ballots).into_iter().partition(|b| b.idea_id == from);
        self.ballots = staying;
        for ballot in moving {
            let same = |b: &&mut Ballot| b.participant_id == ballot.participant_id && b.idea_id == to;
            match self.ballots.iter_mut().find(same) {
                Some(b) => b.votes += ballot.votes,
                None => self.ballots.push(Ballot { idea_id: to.to_string(), ..ballot }),
            }
        }
    }

    fn split(&mut self, id: &str, text: &str, parts: &[IdeaPart]) -> Result<(), Refusal> {
        let i = self.live_idea("id", id)?;
        let text = text::required_text("text", text)?;
        if parts.is_empty() {
            return Err(Refusal::on("parts", "split off at least one new idea"));
        }
        self.room_for_ideas(parts.len())?;
        let original = &self.ideas[i];
        let mut new: Vec<Idea> = Vec::with_capacity(parts.len());
        for part in parts {
            let part_id = self.fresh_idea_id("parts", &part.id)?;
            if new.iter().any(|n| n.id == part_id) {
                return Err(Refusal::on("parts", format!("\"{part_id}\" is used twice")));
            }
            new.push(Idea {
                id: part_id,
                text: text::required_text("parts", &part.text)?,
                participant_id: original.participant_id.clone(),
                kind: original.kind,
                impact: None,
                effort: None,
                chosen: false,
                merged_into: None,
                split_from: Some(original.id.clone()),
            });
        }
        self.ideas[i].text = text;
        self.ideas.splice(i + 1..i + 1, new);
        Ok(())
    }

    // -- Prioritise -----------------------------------------------------------

    fn score(&mut self, id: &str, impact: Option<u8>, effort: Option<u8>) -> Result<(), Refusal> {
        let i = self.live_idea("id", id)?;
        let impact = check_score("impact", impact)?;
        let effort = check_score("effort", effort)?;
        (self.ideas[i].impact, self.ideas[i].effort) = (impact, effort);
        Ok(())
    }

    fn vote(&mut self, participant_id: &str, idea_id: &str, votes: u32) -> Result<(), Refusal> {
        if self.participant(participant_id).is_none() {
            return Err(Refusal::on("participant_id", "only participants in the room vote"));
        }
        let idea_id = self.ideas[self.live_idea("idea_id", idea_id)?].id.clone();
        let mine = |b: &Ballot| b.participant_id == participant_id;
        let elsewhere: u32 = self.ballots.iter().filter(|b| mine(b) && b.idea_id != idea_id).map(|b| b.votes).sum();
        let left = VOTE_BUDGET.saturating_sub(elsewhere);
        if votes > left {
            return Err(Refusal::on(
                "votes",
                format!("each participant has {VOTE_BUDGET} votes; {left} left for this idea"),
            ));
        }
        match self.ballots.iter().position(|b| mine(b) && b.idea_id == idea_id) {
            Some(b) if votes == 0 => drop(self.ballots.remove(b)),
            Some(b) => self.ballots[b].votes = votes,
            None if votes == 0 => {}
            None => self.ballots.push(Ballot { participant_id: participant_id.to_string(), idea_id, votes }),
        }
        Ok(())
    }

    fn choose(&mut self, id: &str, chosen: bool) -> Result<(), Refusal> {
        let i = self.live_idea("id", id)?;
        if !chosen && let Some(goal) = self.goals.iter().find(|g| g.idea_ids.contains(&self.ideas[i].id)) {
            return Err(Refusal::on(
                "id",
                format!("goal \"{}\" came from this idea; remove the goal first", goal.title),
            ));
        }
        self.ideas[i].chosen = chosen;
        Ok(())
    }

    // -- Goals ----------------------------------------------------------------

    fn make_goal(&mut self, id: &str, title: &str, idea_ids: &[String]) -> Result<(), Refusal> {
        let id = text::required_line("id", id)?;
        if self.goal_id_used(&id) {
            return Err(Refusal::on("id", format!("\"{id}\" is already used")));
        }
        let title = text::required_line("title", title)?;
        if idea_ids.is_empty() {
            return Err(Refusal::on("idea_ids", "make a goal from at least one chosen idea"));
        }
        let mut ideas: Vec<String> = Vec::with_capacity(idea_ids.len());
        for raw in idea_ids {
            let idea = self.idea(raw).ok_or_else(|| Refusal::on("idea_ids", format!("no idea \"{raw}\"")))?;
            let idea = idea.merged_into.as_deref().and_then(|keep| self.idea(keep)).unwrap_or(idea);
            if !idea.chosen {
                return Err(Refusal::on(
                    "idea_ids",
                    format!("\"{}\" is not chosen; choose it first", short(&idea.text)),
                ));
            }
            if !ideas.contains(&idea.id) {
                ideas.push(idea.id.clone());
            }
        }
        self.goals.push(Goal {
            id,
            title,
            owner_id: None,
            counterpart_id: None,
            target_date: None,
            measure: None,
            status: GoalStatus::NotStarted,
            idea_ids: ideas,
            involve: vec![],
            planned_connections: vec![],
        });
        Ok(())
    }

    fn edit_goal(
        &mut self,
        id: &str,
        title: &str,
        owner: Option<&PersonRef>,
        counterpart: Option<&PersonRef>,
        target_date: Option<NaiveDate>,
        measure: Option<&Measure>,
    ) -> Result<(), Refusal> {
        let g = self.goal_index("id", id)?;
        let title = text::required_line("title", title)?;
        let owner_id = owner.map(|p| side("owner", p, Side::Ours, "the owner is one of our people")).transpose()?;
        let counterpart_id = counterpart
            .map(|p| side("counterpart", p, Side::Theirs, "the counterpart is one of their people"))
            .transpose()?;
        let measure = measure.map(check_measure).transpose()?;
        if let Some(date) = target_date
            && date < self.period.starts_on
        {
            return Err(Refusal::on(
                "target_date",
                format!("is before the blueprint's period starts ({})", self.period.starts_on.format("%-d %b %Y")),
            ));
        }
        let goal = &mut self.goals[g];
        (goal.title, goal.owner_id, goal.counterpart_id) = (title, owner_id, counterpart_id);
        (goal.target_date, goal.measure) = (target_date, measure);
        Ok(())
    }

    // -- People ---------------------------------------------------------------

    fn involve(&mut self, goal_id: &str, person: &PersonRef) -> Result<(), Refusal> {
        let g = self.goal_index("goal_id", goal_id)?;
        let person_id = text::required_line("person", &person.id)?;
        if self.goals[g].involve.iter().any(|i| i.person_id == person_id) {
            return Err(Refusal::on("person", "already involved in this goal"));
        }
        self.goals[g].involve.push(Involved { person_id, side: person.side });
        Ok(())
    }

    fn uninvolve(&mut self, goal_id: &str, person_id: &str) -> Result<(), Refusal> {
        let g = self.goal_index("goal_id", goal_id)?;
        let Some(i) = self.goals[g].involve.iter().position(|i| i.person_id == person_id) else {
            return Err(Refusal::on("person_id", "not involved in this goal"));
        };
        self.goals[g].involve.remove(i);
        Ok(())
    }

    fn plan_connection(
        &mut self,
        goal_id: &str,
        ours: &PersonRef,
        theirs: &PersonRef,
        cadence_days: u32,
    ) -> Result<(), Refusal> {
        let g = self.goal_index("goal_id", goal_id)?;
        let ours_id = side("ours", ours, Side::Ours, "must be one of our people")?;
        let theirs_id = side("theirs", theirs, Side::Theirs, "must be one of their people")?;
        if !(1..=MAX_CADENCE_DAYS).contains(&cadence_days) {
            return Err(Refusal::on("cadence_days", format!("from 1 to {MAX_CADENCE_DAYS} days")));
        }
        let planned = &mut self.goals[g].planned_connections;
        match planned.iter_mut().find(|c| c.ours_id == ours_id && c.theirs_id == theirs_id) {
            Some(c) => c.cadence_days = cadence_days,
            None => planned.push(PlannedConnection { ours_id, theirs_id, cadence_days }),
        }
        Ok(())
    }

    fn drop_connection(&mut self, goal_id: &str, ours_id: &str, theirs_id: &str) -> Result<(), Refusal> {
        let g = self.goal_index("goal_id", goal_id)?;
        let planned = &mut self.goals[g].planned_connections;
        let Some(c) = planned.iter().position(|c| c.ours_id == ours_id && c.theirs_id == theirs_id) else {
            return Err(Refusal::on("theirs_id", "no such connection is planned for this goal"));
        };
        planned.remove(c);
        Ok(())
    }

    // -- Track ----------------------------------------------------------------

    fn check_in(
        &mut self,
        goal_id: &str,
        on: NaiveDate,
        value: f64,
        note: Option<&str>,
        status: Option<GoalStatus>,
        today: NaiveDate,
    ) -> Result<(), Refusal> {
        let Some(approved) = self.approved() else {
            return Err(Refusal::because("check-ins start once the blueprint is approved"));
        };
        let g = self.goal_index("goal_id", goal_id)?;
        let goal = &self.goals[g];
        if !approved.goals.iter().any(|a| a.id == goal.id) {
            return Err(Refusal::on("goal_id", format!("goal \"{}\" is not approved yet", goal.title)));
        }
        if on > today {
            return Err(Refusal::on("on", "cannot be in the future"));
        }
        if !value.is_finite() {
            return Err(Refusal::on("value", "must be a number"));
        }
        let note = text::optional_text("note", note)?;
        let status = status.unwrap_or(goal.status);
        let latest = self.check_ins.iter().filter(|c| c.goal_id == goal.id).all(|c| c.on <= on);
        self.check_ins.push(CheckIn { goal_id: goal.id.clone(), on, value, note, status });
        if latest {
            self.goals[g].status = status;
        }
        Ok(())
    }

    // -- Lookups that refuse --------------------------------------------------

    fn live_idea(&self, field: &'static str, id: &str) -> Result<usize, Refusal> {
        let i = self
            .ideas
            .iter()
            .position(|i| i.id == id)
            .ok_or_else(|| Refusal::on(field, format!("no idea \"{id}\"")))?;
        match self.ideas[i].merged_into.as_deref().and_then(|keep| self.idea(keep)) {
            None => Ok(i),
            Some(keep) => {
                Err(Refusal::on(field, format!("it was merged into \"{}\"; use that one", short(&keep.text))))
            }
        }
    }

    fn goal_index(&self, field: &'static str, id: &str) -> Result<usize, Refusal> {
        self.goals.iter().position(|g| g.id == id).ok_or_else(|| Refusal::on(field, format!("no goal \"{id}\"")))
    }

    fn fresh_idea_id(&self, field: &'static str, id: &str) -> Result<String, Refusal> {
        let id = text::required_line(field, id)?;
        if self.idea(&id).is_some() {
            return Err(Refusal::on(field, format!("\"{id}\" is already used")));
        }
        Ok(id)
    }

    /// Goal ids stay unique across revisions, so comparing revisions by id holds.
    fn goal_id_used(&self, id: &str) -> bool {
        self.goal(id).is_some() || self.revisions.iter().any(|r| r.goals.iter().any(|g| g.id == id))
    }

    fn room_for_ideas(&self, more: usize) -> Result<(), Refusal> {
        if self.ideas.len() + more > MAX_IDEAS {
            return Err(Refusal::because(format!("a blueprint holds at most {MAX_IDEAS} ideas")));
        }
        Ok(())
    }

    /// An idea's participant: blank for none, otherwise someone in the room.
    fn author(&self, participant_id: &Option<String>) -> Result<Option<String>, Refusal> {
        let Some(id) = text::blank_to_none(participant_id) else { return Ok(None) };
        if self.participant(&id).is_none() {
            return Err(Refusal::on("participant_id", "must be one of the participants in the room"));
        }
        Ok(Some(id))
    }
}

/// The person's id, if they are on the side the rule wants.
fn side(field: &'static str, person: &PersonRef, want: Side, rule: &str) -> Result<String, Refusal> {
    let id = text::required_line(field, &person.id)?;
    if person.side != want {
        return Err(Refusal::on(field, rule));
    }
    Ok(id)
}

fn check_score(field: &'static str, score: Option<u8>) -> Result<Option<u8>, Refusal> {
    match score {
        Some(n) if !(1..=MAX_SCORE).contains(&n) => Err(Refusal::on(field, format!("score from 1 to {MAX_SCORE}"))),
        _ => Ok(score),
    }
}

fn check_measure(m: &Measure) -> Result<Measure, Refusal> {
    let metric = text::required_line("metric", &m.metric)?;
    let unit = text::required_line("unit", &m.unit)?;
    for (field, value) in [("baseline", m.baseline), ("target", m.target)] {
        if !value.is_finite() {
            return Err(Refusal::on(field, "must be a number"));
        }
    }
    if m.target == m.baseline {
        return Err(Refusal::on("target", "must differ from the baseline, or there is nothing to move"));
    }
    Ok(Measure { metric, unit, baseline: m.baseline, target: m.target })
}

/// Replaces `from` with `to`, keeping the first of any repeats.
fn repoint(ids: &mut Vec<String>, from: &str, to: &str) {
    for id in ids.iter_mut() {
        if id == from {
            *id = to.to_string();
        }
    }
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
}

/// An idea's text cut short for a message.
fn short(text: &str) -> String {
    const MAX: usize = 60;
    let first_line = text.lines().next().unwrap_or("");
    if first_line.chars().count() <= MAX && !text.contains('\n') {
        return first_line.to_string();
    }
    format!("{}…", first_line.chars().take(MAX).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::*;
    use crate::kinds::Function;
    use BlueprintCommand as C;

    #[test]
    fn a_new_blueprint_is_framed_around_the_default_question() {
        let bp = blank();
        assert_eq!(bp.question, DEFAULT_QUESTION);
        assert_eq!((bp.stage, bp.revision, bp.frozen()), (BlueprintStage::Frame, 1, false));
        let why = Blueprint::new(NewBlueprint {
            id: "b".into(),
            account_id: "a".into(),
            period: Period { starts_on: day("2027-12-31"), ends_on: day("2027-01-01") },
            question: Some("  ".into()),
        })
        .unwrap_err();
        assert_eq!(why.field, Some("period"));
    }

    /// Each command with one bad input: refused, naming the field, changing nothing.
    #[test]
    fn refusals_name_the_field() {
        let m = |b, t| measure("uptime", "%", b, t);
        let edit = |owner: PersonRef, counterpart: PersonRef, m: Measure| C::EditGoal {
            id: "uptime".into(),
            title: "Raise fleet uptime".into(),
            owner: Some(owner),
            counterpart: Some(counterpart),
            target_date: Some(day("2027-09-30")),
            measure: Some(m),
        };
        let frame = blank;
        let ideas = with_ideas;
        fn goals() -> Blueprint {
            let mut bp = with_ideas();
            run(&mut bp, [choose("i1"), C::Advance, goal("uptime", "Raise fleet uptime", &["i1"])]);
            bp
        }
        fn sponsor() -> Blueprint {
            let mut bp = goals();
            let uptime = measure("uptime", "%", 90.0, 98.0);
            run(&mut bp, [complete("uptime", "Uptime", "ana", "2027-09-30", uptime), C::Advance, C::Advance]);
            bp
        }
        /// Set-up, command, field, words in the message.
        type Case = (fn() -> Blueprint, BlueprintCommand, &'static str, &'static str);
        let cases: Vec<Case> = vec![
            (frame, C::SetQuestion { question: " ".into() }, "question", "cannot be empty"),
            (
                frame,
                C::AddParticipant { person: theirs("cfo"), function: Function::Finance },
                "person",
                "one of our people",
            ),
            (frame, C::AddParticipant { person: ours(""), function: Function::Sales }, "person", "cannot be empty"),
            (ideas, participant("ana", Function::Sales), "person", "already in the room"),
            (ideas, C::RemoveParticipant { person_id: "ana".into() }, "person_id", "2 ideas are theirs"),
            (ideas, C::RemoveParticipant { person_id: "zoe".into() }, "person_id", "not in the room"),
            (ideas, idea("i9", "  ", "ana", IdeaKind::Growth), "text", "cannot be empty"),
            (ideas, idea("i9", "More", "zoe", IdeaKind::Growth), "participant_id", "participants in the room"),
            (ideas, idea("i1", "Again", "ana", IdeaKind::Growth), "id", "already used"),
            (
                ideas,
                C::EditIdea { id: "nope".into(), text: "x".into(), participant_id: None, kind: IdeaKind::Risk },
                "id",
                "no idea",
            ),
            (ideas, C::ScoreIdea { id: "i1".into(), impact: Some(6), effort: Some(2) }, "impact", "from 1 to 5"),
            (ideas, C::ScoreIdea { id: "i1".into(), impact: Some(3), effort: Some(0) }, "effort", "from 1 to 5"),
            (ideas, C::Vote { participant_id: "ana".into(), idea_id: "i1".into(), votes: 11 }, "votes", "10 votes"),
            (
                ideas,
                C::Vote { participant_id: "zoe".into(), idea_id: "i1".into(), votes: 1 },
                "participant_id",
                "participants",
            ),
            (ideas, C::MergeIdeas { keep: "i2".into(), duplicate: "i2".into() }, "duplicate", "itself"),
            (ideas, C::MergeIdeas { keep: "i2".into(), duplicate: "i8".into() }, "duplicate", "no idea"),
            (ideas, C::SplitIdea { id: "i1".into(), text: "A".into(), parts: vec![] }, "parts", "at least one"),
            (ideas, goal("g", "Grow", &["i1"]), "idea_ids", "not chosen"),
            (ideas, goal("g", "Grow", &[]), "idea_ids", "at least one chosen idea"),
            (goals, goal("uptime", "Again", &["i1"]), "id", "already used"),
            (goals, goal("g2", " ", &["i1"]), "title", "cannot be empty"),
            (goals, C::ChooseIdea { id: "i1".into(), chosen: false }, "id", "goal \"Raise fleet uptime\" came from"),
            (goals, edit(theirs("cfo"), theirs("cfo"), m(1.0, 2.0)), "owner", "one of our people"),
            (goals, edit(ours("ana"), ours("ben"), m(1.0, 2.0)), "counterpart", "one of their people"),
            (goals, edit(ours("ana"), theirs("cfo"), m(5.0, 5.0)), "target", "differ from the baseline"),
            (goals, edit(ours("ana"), theirs("cfo"), m(f64::NAN, 5.0)), "baseline", "a number"),
            (goals, edit(ours("ana"), theirs("cfo"), measure(" ", "%", 1.0, 2.0)), "metric", "cannot be empty"),
            (goals, edit(ours("ana"), theirs("cfo"), measure("uptime", "", 1.0, 2.0)), "unit", "cannot be empty"),
            (goals, C::Involve { goal_id: "nope".into(), person: theirs("cfo") }, "goal_id", "no goal"),
            (
                goals,
                C::PlanConnection {
                    goal_id: "uptime".into(),
                    ours: ours("ana"),
                    theirs: theirs("coo"),
                    cadence_days: 0,
                },
                "cadence_days",
                "from 1 to 365",
            ),
            (
                goals,
                C::PlanConnection {
                    goal_id: "uptime".into(),
                    ours: theirs("coo"),
                    theirs: theirs("cfo"),
                    cadence_days: 30,
                },
                "ours",
                "our people",
            ),
            (
                goals,
                C::DropConnection { goal_id: "uptime".into(), ours_id: "ana".into(), theirs_id: "x".into() },
                "theirs_id",
                "no such",
            ),
            (
                frame,
                C::SetPeriod { period: Period { starts_on: day("2027-02-01"), ends_on: day("2027-01-01") } },
                "period",
                "ends before it starts",
            ),
            (
                sponsor,
                C::Approve { by: "sponsor".into(), by_sponsor: false, comment: None },
                "by",
                "only the executive sponsor",
            ),
            (sponsor, C::Approve { by: " ".into(), by_sponsor: true, comment: None }, "by", "cannot be empty"),
            (
                sponsor,
                C::SendBack { by: "sponsor".into(), by_sponsor: true, comment: " ".into() },
                "comment",
                "say what should change",
            ),
            (
                approved,
                C::CheckIn { goal_id: "uptime".into(), on: day("2027-03-02"), value: 91.0, note: None, status: None },
                "on",
                "future",
            ),
            (
                approved,
                C::CheckIn {
                    goal_id: "uptime".into(),
                    on: day("2027-03-01"),
                    value: f64::INFINITY,
                    note: None,
                    status: None,
                },
                "value",
                "a number",
            ),
            (
                approved,
                C::CheckIn { goal_id: "nope".into(), on: day("2027-03-01"), value: 1.0, note: None, status: None },
                "goal_id",
                "no goal",
            ),
        ];
        for (setup, command, field, words) in cases {
            let why = refused(&mut setup(), command.clone());
            assert_eq!(why.field, Some(field), "{command:?}: {why}");
            assert!(why.message.contains(words), "{command:?}: {why}");
        }
    }

    /// "A goal needs an owner, a date and a measure", said for each goal.
    #[test]
    fn goals_must_be_complete_to_move_on() {
        let mut bp = with_ideas();
        run(&mut bp, [choose("i1"), choose("i3"), C::Advance]);
        let why = refused(&mut bp, C::Advance);
        assert_eq!(why.message, "before moving on: make at least one goal");
        run(&mut bp, [goal("uptime", "Raise fleet uptime", &["i1"]), goal("coo", "Know the COO", &["i3"])]);
        run(&mut bp, [complete("coo", "Know the COO", "ana", "2027-05-01", measure("meetings", "count", 0.0, 3.0))]);
        let why = refused(&mut bp, C::Advance);
        assert_eq!(
            why.message,
            "before moving on: goal \"Raise fleet uptime\" needs an owner, a target date and a measure"
        );
        assert_eq!(why.field, None);
    }

    #[test]
    fn a_goal_is_not_due_before_the_period_starts() {
        let mut bp = with_ideas();
        run(&mut bp, [choose("i1"), C::Advance, goal("uptime", "Raise fleet uptime", &["i1"])]);
        let m = measure("uptime", "%", 90.0, 98.0);
        let why = refused(&mut bp, complete("uptime", "Raise fleet uptime", "ana", "0030-12-09", m.clone()));
        assert_eq!(why.field, Some("target_date"));
        assert_eq!(why.message, "is before the blueprint's period starts (1 Jan 2027)");
        run(&mut bp, [complete("uptime", "Raise fleet uptime", "ana", "2027-01-01", m)]);
    }

    #[test]
    fn a_blueprint_is_approved_only_from_the_approval_stage_and_only_with_goals() {
        let mut bp = with_ideas();
        assert!(refused(&mut bp, approve()).message.contains("send it to the sponsor"));
        run(&mut bp, [choose("i1"), C::Advance]);
        assert!(refused(&mut bp, C::Advance).message.contains("make at least one goal"));
        assert!(refused(&mut bp, approve()).message.contains("at the goals stage"));
    }

    #[test]
    fn with_the_sponsor_the_plan_is_locked_until_it_is_taken_back() {
        let mut bp = approved();
        run(&mut bp, [C::OpenRevision, C::Advance, C::Advance]);
        assert_eq!(bp.stage, BlueprintStage::Approve);
        let why = refused(&mut bp, goal("g3", "More", &["i1"]));
        assert_eq!(why.message, "revision 2 is with the sponsor for approval; go back to change it");
        run(&mut bp, [C::Back, goal("g3", "More", &["i1"])]);
        assert_eq!(bp.stage, BlueprintStage::People);
    }

    #[test]
    fn sending_back_returns_to_goals_with_the_comment() {
        let mut bp = approved();
        run(&mut bp, [C::OpenRevision, C::Advance, C::Advance]);
        run(&mut bp, [C::SendBack { by: "sponsor".into(), by_sponsor: true, comment: "Add a finance goal.".into() }]);
        assert_eq!(bp.stage, BlueprintStage::Goals);
        let review = bp.sent_back().expect("sent back");
        assert_eq!((review.revision, review.verdict), (2, Verdict::SentBack));
        assert_eq!(review.comment.as_deref(), Some("Add a finance goal."));
        assert_eq!(bp.revisions.len(), 1, "sending back freezes nothing");
    }

    /// "A frozen revision cannot be edited": every plan command is refused with
    /// the way forward; opening a revision lets them through again.
    #[test]
    fn an_approved_revision_is_frozen_until_a_new_one_is_opened() {
        let mut bp = approved();
        assert!(bp.frozen());
        assert_eq!(bp.stage, BlueprintStage::Track);
        let snapshot = bp.snapshot(1).unwrap().clone();
        assert_eq!(snapshot.goals, bp.goals);
        let plan_commands = [
            C::SetQuestion { question: "Other?".into() },
            participant("cai", Function::Finance),
            idea("i9", "More", "ana", IdeaKind::Growth),
            C::ScoreIdea { id: "i1".into(), impact: Some(5), effort: Some(1) },
            C::Vote { participant_id: "ana".into(), idea_id: "i1".into(), votes: 1 },
            complete("uptime", "Uptime", "ana", "2027-12-31", measure("uptime", "%", 90.0, 99.0)),
            C::RemoveGoal { id: "parts".into() },
            C::Involve { goal_id: "uptime".into(), person: theirs("coo") },
            C::Back,
        ];
        for command in plan_commands {
            let why = refused(&mut bp, command);
            assert_eq!(why.message, "revision 1 is approved and frozen; open revision 2 to change it");
        }
        run(&mut bp, [C::OpenRevision]);
        assert_eq!((bp.revision, bp.stage, bp.frozen()), (2, BlueprintStage::Goals, false));
        run(&mut bp, [C::RemoveGoal { id: "parts".into() }]);
        assert_eq!(bp.snapshot(1), Some(&snapshot), "the approved copy stays as approved");
        assert!(refused(&mut bp, C::OpenRevision).message.contains("revision 2 is still open"));
    }

    #[test]
    fn merging_moves_votes_choice_and_goals_to_the_kept_idea() {
        let mut bp = with_ideas();
        let vote = |p: &str, i: &str, n| C::Vote { participant_id: p.into(), idea_id: i.into(), votes: n };
        run(&mut bp, [vote("ana", "i2", 2), vote("ana", "i4", 3), vote("ben", "i4", 4), choose("i4")]);
        run(&mut bp, [C::ScoreIdea { id: "i4".into(), impact: Some(4), effort: Some(2) }]);
        run(&mut bp, [C::MergeIdeas { keep: "i2".into(), duplicate: "i4".into() }]);
        let kept = bp.idea("i2").unwrap();
        assert!(kept.chosen && kept.impact == Some(4) && kept.effort == Some(2), "{kept:?}");
        assert_eq!(bp.idea("i4").unwrap().merged_into.as_deref(), Some("i2"));
        assert_eq!(bp.votes_for("i2"), 9);
        assert_eq!(bp.votes_left("ana"), 5, "merging neither spends nor refunds votes");
        assert!(bp.rank().iter().all(|r| r.idea_id != "i4"), "the duplicate leaves the ranking");
        // A goal made from the duplicate keeps the kept idea.
        run(&mut bp, [C::Advance, goal("parts", "Spare parts on time", &["i4", "i2"])]);
        assert_eq!(bp.goal("parts").unwrap().idea_ids, ["i2"]);
        // Merging the kept idea on re-points the goal and the earlier duplicate.
        run(&mut bp, [C::MergeIdeas { keep: "i1".into(), duplicate: "i2".into() }]);
        assert_eq!(bp.goal("parts").unwrap().idea_ids, ["i1"]);
        assert_eq!(bp.idea("i4").unwrap().merged_into.as_deref(), Some("i1"));
        assert!(bp.idea("i1").unwrap().chosen);
        let why = refused(
            &mut bp,
            C::EditIdea { id: "i2".into(), text: "x".into(), participant_id: None, kind: IdeaKind::Risk },
        );
        assert!(why.message.contains("merged into \"Predictive maintenance"), "{why}");
    }

    #[test]
    fn splitting_keeps_the_original_and_adds_parts_after_it() {
        let mut bp = with_ideas();
        let part = |id: &str, text: &str| IdeaPart { id: id.into(), text: text.into() };
        run(
            &mut bp,
            [C::SplitIdea {
                id: "i1".into(),
                text: "Predictive maintenance".into(),
                parts: vec![part("i1a", "Remote monitoring"), part("i1b", "Usage reports")],
            }],
        );
        let ids: Vec<&str> = bp.ideas.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["i1", "i1a", "i1b", "i2", "i3", "i4"]);
        let a = bp.idea("i1a").unwrap();
        assert_eq!(
            (a.split_from.as_deref(), a.kind, a.participant_id.as_deref()),
            (Some("i1"), IdeaKind::Innovation, Some("ana"))
        );
        assert_eq!(bp.idea("i1").unwrap().text, "Predictive maintenance");
        let twice = C::SplitIdea { id: "i2".into(), text: "x".into(), parts: vec![part("n", "a"), part("n", "b")] };
        assert!(refused(&mut bp, twice).message.contains("used twice"));
        let taken = C::SplitIdea { id: "i2".into(), text: "x".into(), parts: vec![part("i1a", "a")] };
        assert_eq!(refused(&mut bp, taken).field, Some("parts"));
    }

    #[test]
    fn each_participant_votes_within_the_budget() {
        let mut bp = with_ideas();
        let vote = |i: &str, n| C::Vote { participant_id: "ana".into(), idea_id: i.into(), votes: n };
        run(&mut bp, [vote("i1", 7), vote("i2", 3)]);
        assert_eq!(bp.votes_left("ana"), 0);
        let why = refused(&mut bp, vote("i3", 1));
        assert_eq!(why.message, "each participant has 10 votes; 0 left for this idea");
        run(&mut bp, [vote("i1", 6), vote("i3", 1)]);
        run(&mut bp, [vote("i2", 0)]);
        assert_eq!((bp.votes_for("i1"), bp.votes_for("i2"), bp.votes_left("ana")), (6, 0, 3));
        assert_eq!(bp.ballots.len(), 2, "taking votes back removes the ballot");
        run(&mut bp, [C::Back, C::Back, idea("i5", "Ana's other idea", "ben", IdeaKind::Risk)]);
        run(
            &mut bp,
            [C::EditIdea {
                id: "i1".into(),
                text: "x".into(),
                participant_id: Some("ben".into()),
                kind: IdeaKind::Risk,
            }],
        );
        run(&mut bp, [C::EditIdea { id: "i3".into(), text: "y".into(), participant_id: None, kind: IdeaKind::Risk }]);
        run(&mut bp, [C::RemoveParticipant { person_id: "ana".into() }]);
        assert!(bp.ballots.is_empty(), "a participant who leaves takes their votes");
    }

    #[test]
    fn check_ins_track_approved_goals_and_carry_their_status() {
        let mut bp = with_ideas();
        let check = |goal: &str, on: &str, value, status| C::CheckIn {
            goal_id: goal.into(),
            on: day(on),
            value,
            note: Some("monthly review".into()),
            status,
        };
        assert!(
            refused(&mut bp, check("uptime", "2027-02-01", 91.0, None))
                .message
                .contains("once the blueprint is approved")
        );
        let mut bp = approved();
        run(&mut bp, [check("uptime", "2027-02-01", 91.0, Some(GoalStatus::OnTrack))]);
        run(&mut bp, [check("uptime", "2027-01-15", 90.5, Some(GoalStatus::AtRisk))]);
        assert_eq!(
            bp.goal("uptime").unwrap().status,
            GoalStatus::OnTrack,
            "a back-dated reading keeps the latest status"
        );
        let history: Vec<GoalStatus> = bp.history("uptime").iter().map(|c| c.status).collect();
        assert_eq!(history, [GoalStatus::AtRisk, GoalStatus::OnTrack]);
        // Revision 2 is open: the approved goals are still tracked, new ones are not yet.
        run(&mut bp, [C::OpenRevision, goal("g3", "Know the COO", &["i1"]), check("parts", "2027-02-20", 8.0, None)]);
        assert!(refused(&mut bp, check("g3", "2027-02-20", 1.0, None)).message.contains("not approved yet"));
        assert_eq!(bp.snapshot(1).unwrap().goals[0].status, GoalStatus::NotStarted, "the snapshot keeps its status");
    }

    #[test]
    fn commands_and_blueprints_travel_as_json() {
        let json =
            r#"{"command":"add_idea","id":"i9","text":"Joint roadmap","participant_id":"ana","kind":"innovation"}"#;
        let command: BlueprintCommand = serde_json::from_str(json).unwrap();
        let mut bp = with_ideas();
        run(&mut bp, [command, choose("i9"), serde_json::from_str(r#"{"command":"advance"}"#).unwrap()]);
        assert_eq!((bp.ideas.len(), bp.stage), (5, BlueprintStage::Goals));
        let bp = approved();
        let back: Blueprint = serde_json::from_str(&serde_json::to_string(&bp).unwrap()).unwrap();
        assert_eq!(back, bp);
        let stored = serde_json::to_value(&bp.goals[0]).unwrap();
        assert_eq!(stored["status"], "not_started");
        assert_eq!(stored["target_date"], "2027-09-30");
    }

    #[test]
    fn refusals_become_core_errors() {
        use crate::error::{Error, ErrorCode};
        let e = Error::from(Refusal::on("title", "cannot be empty"));
        assert_eq!((e.code(), e.field()), (ErrorCode::Validation, Some("title")));
        assert_eq!(e.to_string(), "title: cannot be empty");
        let e = Error::from(Refusal::because("revision 1 is approved and frozen; open revision 2 to change it"));
        assert_eq!((e.code(), e.field()), (ErrorCode::Refused, None));
    }
}
