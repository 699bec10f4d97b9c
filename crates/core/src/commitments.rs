//! Commitments: what we promised the customer and what they promised us, in
//! a meeting or an interaction — who, to whom, what, by when. A commitment is
//! open until it is kept (on a day) or dropped (for a reason); an open one
//! past its day is late, read against the app clock's today, never stored.
//!
//! Open and late commitments show in the account's next brief, on Today for
//! the one of ours who made them, in the account's health (kept ones count
//! for it, late ones against) and in the portfolio.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
pub use crate::kinds::{CommitmentState, Side};
use crate::store::commitments::{self as store, CommitmentRow};
use crate::text;

/// Where a commitment stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Past its day and not kept.
    Late,
    Open,
    Kept,
    Dropped,
}

impl CommitmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Late => "late",
            Self::Open => "open",
            Self::Kept => "kept",
            Self::Dropped => "dropped",
        }
    }

    /// Still owed: open or late.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::Late)
    }
}

/// An open commitment is late once its day has passed: due today is not late yet.
pub fn status(state: CommitmentState, due_on: Option<NaiveDate>, today: NaiveDate) -> CommitmentStatus {
    match state {
        CommitmentState::Kept => CommitmentStatus::Kept,
        CommitmentState::Dropped => CommitmentStatus::Dropped,
        CommitmentState::Open if due_on.is_some_and(|d| d < today) => CommitmentStatus::Late,
        CommitmentState::Open => CommitmentStatus::Open,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Commitment {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    /// Who promised: `ours` (we) or `theirs` (they).
    pub side: Side,
    pub by_person_id: Option<String>,
    pub by_name: Option<String>,
    pub to_person_id: Option<String>,
    pub to_name: Option<String>,
    pub what: String,
    /// YYYY-MM-DD.
    pub made_on: String,
    pub due_on: Option<String>,
    pub meeting_id: Option<String>,
    pub interaction_id: Option<String>,
    pub status: CommitmentStatus,
    pub kept_on: Option<String>,
    pub dropped_reason: Option<String>,
    /// Days past its day, when late.
    pub days_late: Option<u32>,
    /// The commitment in one sentence: "Nora Lind promised Dana Whitfield to
    /// send the pricing model by 12 Jan 2027".
    pub sentence: String,
    pub updated_at: String,
}

impl Commitment {
    fn from_row(r: CommitmentRow, today: NaiveDate) -> Self {
        let status = status(r.state, r.due_on, today);
        let days_late = (status == CommitmentStatus::Late)
            .then(|| r.due_on.map(|d| u32::try_from((today - d).num_days()).unwrap_or(0)))
            .flatten();
        let sentence = sentence(r.side, r.by_name.as_deref(), r.to_name.as_deref(), &r.what, r.due_on);
        Self {
            id: r.id,
            account_id: r.account_id,
            account_name: r.account_name,
            side: r.side,
            by_person_id: r.by_person_id,
            by_name: r.by_name,
            to_person_id: r.to_person_id,
            to_name: r.to_name,
            what: r.what,
            made_on: r.made_on.to_string(),
            due_on: r.due_on.map(|d| d.to_string()),
            meeting_id: r.meeting_id,
            interaction_id: r.interaction_id,
            status,
            kept_on: r.kept_on.map(|d| d.to_string()),
            dropped_reason: r.dropped_reason,
            days_late,
            sentence,
            updated_at: r.updated_at,
        }
    }

    /// Where it stands, in a few words: "open", "late by 3 days", "kept 4 Feb".
    pub fn standing(&self) -> String {
        match self.status {
            CommitmentStatus::Late => format!("late by {}", days(self.days_late.unwrap_or(0))),
            CommitmentStatus::Open => "open".into(),
            CommitmentStatus::Kept => {
                format!("kept {}", self.kept_on.as_deref().and_then(|d| d.parse().ok()).map(short).unwrap_or_default())
                    .trim_end()
                    .to_string()
            }
            CommitmentStatus::Dropped => {
                format!("dropped: {}", self.dropped_reason.as_deref().unwrap_or_default())
            }
        }
    }
}

fn days(n: u32) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}

fn short(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// "We promised Dana Whitfield: send the pricing model, by 12 Jan 2027".
pub fn sentence(side: Side, by: Option<&str>, to: Option<&str>, what: &str, due_on: Option<NaiveDate>) -> String {
    let who = by.unwrap_or(match side {
        Side::Ours => "We",
        Side::Theirs => "They",
    });
    let to = to.map(|t| format!(" {t}")).unwrap_or_default();
    let by_when = due_on.map(|d| format!(", by {}", short(d))).unwrap_or_default();
    format!("{who} promised{to}: {what}{by_when}")
}

/// What the one-line form sends.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct CommitmentInput {
    pub account_id: String,
    /// Who promised: `ours` (we) or `theirs` (they).
    pub side: Option<Side>,
    /// One of that side's people, when named.
    pub by_person_id: Option<String>,
    /// One of the other side's people, when named.
    pub to_person_id: Option<String>,
    pub what: String,
    /// YYYY-MM-DD; blank for today.
    pub made_on: String,
    /// YYYY-MM-DD, by when; blank for no day.
    pub due_on: Option<String>,
    /// Made in this meeting, or in this interaction (not both).
    pub meeting_id: Option<String>,
    pub interaction_id: Option<String>,
}

/// A validated [`CommitmentInput`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clean {
    account_id: String,
    side: Side,
    by_person_id: Option<String>,
    to_person_id: Option<String>,
    what: String,
    made_on: NaiveDate,
    due_on: Option<NaiveDate>,
    meeting_id: Option<String>,
    interaction_id: Option<String>,
}

impl Clean {
    fn fields(&self) -> store::Fields<'_> {
        store::Fields {
            side: self.side,
            by_person_id: self.by_person_id.as_deref(),
            to_person_id: self.to_person_id.as_deref(),
            what: &self.what,
            made_on: self.made_on,
            due_on: self.due_on,
            meeting_id: self.meeting_id.as_deref(),
            interaction_id: self.interaction_id.as_deref(),
        }
    }
}

impl CommitmentInput {
    /// The rules that need nothing from the vault; each error names its field.
    pub(crate) fn validate(&self, today: NaiveDate) -> Result<Clean> {
        let account_id = self.account_id.trim();
        if account_id.is_empty() {
            return Err(Error::validation("account_id", "choose the account"));
        }
        let side = self.side.ok_or_else(|| Error::validation("side", "who promised: we or they?"))?;
        let what = text::required_line("what", &self.what)?;
        let made_on = if self.made_on.trim().is_empty() { today } else { text::date("made_on", &self.made_on)? };
        if made_on > today + chrono::Days::new(1) {
            return Err(Error::validation("made_on", "is in the future; record a promise once it is made"));
        }
        let due_on = match self.due_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(text::date("due_on", d)?),
        };
        if due_on.is_some_and(|d| d < made_on) {
            return Err(Error::validation("due_on", "is before the day the promise was made"));
        }
        let meeting_id = text::blank_to_none(&self.meeting_id);
        let interaction_id = text::blank_to_none(&self.interaction_id);
        if meeting_id.is_some() && interaction_id.is_some() {
            return Err(Error::validation(
                "interaction_id",
                "a promise is made in a meeting or an interaction, not both",
            ));
        }
        let by_person_id = text::blank_to_none(&self.by_person_id);
        let to_person_id = text::blank_to_none(&self.to_person_id);
        if by_person_id.is_some() && by_person_id == to_person_id {
            return Err(Error::validation("to_person_id", "someone does not promise themselves"));
        }
        Ok(Clean {
            account_id: account_id.to_string(),
            side,
            by_person_id,
            to_person_id,
            what,
            made_on,
            due_on,
            meeting_id,
            interaction_id,
        })
    }
}

/// What happened to a promise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CommitmentOutcome {
    /// Kept, on this day (YYYY-MM-DD; blank for today).
    Keep { on: String },
    /// Dropped, and why.
    Drop { reason: String },
    /// Owed again.
    Reopen,
}

/// The state an outcome leads to from `made_on`, with the day kept or the
/// reason; each refusal names its field.
pub(crate) fn next(
    state: CommitmentState,
    made_on: NaiveDate,
    outcome: &CommitmentOutcome,
    today: NaiveDate,
) -> Result<(CommitmentState, Option<NaiveDate>, Option<String>)> {
    match outcome {
        CommitmentOutcome::Keep { on } => {
            let on = if on.trim().is_empty() { today } else { text::date("kept_on", on)? };
            if on < made_on {
                return Err(Error::validation("kept_on", "is before the day the promise was made"));
            }
            if on > today + chrono::Days::new(1) {
                return Err(Error::validation("kept_on", "is in the future; mark it kept once it is"));
            }
            Ok((CommitmentState::Kept, Some(on), None))
        }
        CommitmentOutcome::Drop { reason } => {
            if reason.trim().is_empty() {
                return Err(Error::validation("dropped_reason", "say why it was dropped"));
            }
            let reason = text::required_line("dropped_reason", reason)?;
            Ok((CommitmentState::Dropped, None, Some(reason)))
        }
        CommitmentOutcome::Reopen if state == CommitmentState::Open => {
            Err(Error::validation("state", "it is open already"))
        }
        CommitmentOutcome::Reopen => Ok((CommitmentState::Open, None, None)),
    }
}

/// The links a commitment makes: a live account, people on the right sides
/// (ours are shared by every account, theirs belong to this one), and a
/// meeting or interaction of the same account.
async fn check_links(conn: &mut SqliteConnection, c: &Clean) -> Result<()> {
    if !crate::store::accounts::is_live(conn, &c.account_id).await? {
        return Err(Error::validation("account_id", "no such account (or it is in the trash)"));
    }
    let other = match c.side {
        Side::Ours => Side::Theirs,
        Side::Theirs => Side::Ours,
    };
    for (field, id, side) in [("by_person_id", &c.by_person_id, c.side), ("to_person_id", &c.to_person_id, other)] {
        let Some(id) = id else { continue };
        let Some(person) = crate::store::people::link(conn, id).await? else {
            return Err(Error::validation(field, "no such person (or they are in the trash)"));
        };
        let fits = person.side.0 == side
            && match side {
                Side::Ours => true,
                Side::Theirs => person.account_id.as_deref() == Some(c.account_id.as_str()),
            };
        if !fits {
            let whose = match side {
                Side::Ours => "choose one of our people",
                Side::Theirs => "choose one of their people at this account",
            };
            return Err(Error::validation(field, whose));
        }
    }
    if let Some(id) = &c.meeting_id {
        let account = crate::store::meetings::get(conn, id).await?.map(|m| m.account_id);
        if account.as_deref() != Some(c.account_id.as_str()) {
            return Err(Error::validation("meeting_id", "no such meeting at this account"));
        }
    }
    if let Some(id) = &c.interaction_id {
        let account = crate::store::interactions::get(conn, id).await?.map(|i| i.account_id);
        if account.as_deref() != Some(c.account_id.as_str()) {
            return Err(Error::validation("interaction_id", "no such interaction at this account"));
        }
    }
    Ok(())
}

async fn get_in(conn: &mut SqliteConnection, id: &str, today: NaiveDate) -> Result<Commitment> {
    let row = store::get(conn, id).await?.ok_or_else(|| Error::NotFound("commitment".into()))?;
    Ok(Commitment::from_row(row, today))
}

/// Records one commitment.
pub async fn create(
    pool: &SqlitePool,
    input: &CommitmentInput,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Commitment> {
    let mut out = create_many(pool, std::slice::from_ref(input), now, today).await?;
    out.pop().ok_or_else(|| Error::Internal("no commitment written".into()))
}

/// Records several commitments in one transaction (the lines typed under an
/// interaction): all of them or, when one breaks a rule, none.
pub async fn create_many(
    pool: &SqlitePool,
    inputs: &[CommitmentInput],
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<Commitment>> {
    let clean = inputs.iter().map(|i| i.validate(today)).collect::<Result<Vec<_>>>()?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let stamp = text::timestamp(now);
    let mut out = Vec::with_capacity(clean.len());
    for c in &clean {
        check_links(&mut tx, c).await?;
        let id = text::new_id();
        store::insert(&mut tx, &id, &c.account_id, &c.fields(), &stamp).await?;
        out.push(get_in(&mut tx, &id, today).await?);
    }
    tx.commit().await?;
    Ok(out)
}

/// Rewrites who promised what and by when; the account and where it was made stay.
pub async fn update(
    pool: &SqlitePool,
    id: &str,
    input: &CommitmentInput,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Commitment> {
    let mut clean = input.validate(today)?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let before = store::get(&mut tx, id).await?.ok_or_else(|| Error::NotFound("commitment".into()))?;
    if before.account_id != clean.account_id {
        return Err(Error::validation("account_id", "a commitment cannot move to another account"));
    }
    if before.kept_on.is_some_and(|k| k < clean.made_on) {
        return Err(Error::validation("made_on", "is after the day it was kept"));
    }
    clean.meeting_id = before.meeting_id;
    clean.interaction_id = before.interaction_id;
    check_links(&mut tx, &clean).await?;
    store::update(&mut tx, id, &clean.fields(), &text::timestamp(now)).await?;
    let out = get_in(&mut tx, id, today).await?;
    tx.commit().await?;
    Ok(out)
}

/// Marks it kept, dropped or open again.
pub async fn settle(
    pool: &SqlitePool,
    id: &str,
    outcome: &CommitmentOutcome,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Commitment> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let before = store::get(&mut tx, id).await?.ok_or_else(|| Error::NotFound("commitment".into()))?;
    let (state, kept_on, reason) = next(before.state, before.made_on, outcome, today)?;
    store::set_state(&mut tx, id, state, kept_on, reason.as_deref(), &text::timestamp(now)).await?;
    let out = get_in(&mut tx, id, today).await?;
    tx.commit().await?;
    Ok(out)
}

/// Takes a commitment recorded by mistake off the book (into the trash).
pub async fn remove(pool: &SqlitePool, id: &str, now: DateTime<Utc>) -> Result<()> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    store::get(&mut tx, id).await?.ok_or_else(|| Error::NotFound("commitment".into()))?;
    store::trash(&mut tx, id, &text::timestamp(now)).await?;
    tx.commit().await?;
    Ok(())
}

/// Which commitments to list: every filter given must hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct CommitmentQuery {
    pub account_id: Option<String>,
    pub meeting_id: Option<String>,
    pub interaction_id: Option<String>,
    /// Only those still owed (open or late).
    pub open_only: bool,
}

/// Commitments by the day they are due (late first), those without a day last.
pub async fn list(pool: &SqlitePool, query: &CommitmentQuery, today: NaiveDate) -> Result<Vec<Commitment>> {
    let mut conn = pool.acquire().await?;
    list_in(&mut conn, query, today).await
}

pub(crate) async fn list_in(
    conn: &mut SqliteConnection,
    query: &CommitmentQuery,
    today: NaiveDate,
) -> Result<Vec<Commitment>> {
    let filter = store::Filter {
        account_id: query.account_id.as_deref(),
        meeting_id: query.meeting_id.as_deref(),
        interaction_id: query.interaction_id.as_deref(),
        open_only: query.open_only,
    };
    Ok(store::list(conn, filter).await?.into_iter().map(|r| Commitment::from_row(r, today)).collect())
}

/// An account's commitments still owed, either way: what its next brief lists.
pub async fn owed(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Vec<Commitment>> {
    let query = CommitmentQuery { account_id: Some(account_id.into()), open_only: true, ..Default::default() };
    list_in(conn, &query, today).await
}

/// Our open promises that are `owner`'s to keep (the name in Settings, any
/// case), and those nobody of ours is named on; all of ours when no owner is
/// set. Late first.
pub async fn owed_by(conn: &mut SqliteConnection, owner: Option<&str>, today: NaiveDate) -> Result<Vec<Commitment>> {
    let owner = owner.map(|o| o.trim().to_lowercase()).filter(|o| !o.is_empty());
    Ok(store::open_on_side(conn, Side::Ours)
        .await?
        .into_iter()
        .filter(|r| match (&owner, &r.by_name) {
            (Some(o), Some(by)) => by.trim().to_lowercase() == *o,
            _ => true,
        })
        .map(|r| Commitment::from_row(r, today))
        .collect())
}

/// Our promises to one account that count for its health: kept in the year
/// to `today`, and late.
pub(crate) async fn health_counts(
    conn: &mut SqliteConnection,
    account_id: &str,
    today: NaiveDate,
) -> Result<(u32, u32)> {
    let c = store::health_counts(conn, account_id, today - chrono::Duration::days(365), today).await?;
    Ok((u32::try_from(c.kept).unwrap_or(0), u32::try_from(c.late).unwrap_or(0)))
}

/// Open and late commitments per live account (the portfolio's column).
pub(crate) async fn open_counts(
    conn: &mut SqliteConnection,
    today: NaiveDate,
) -> Result<std::collections::HashMap<String, (u32, u32)>> {
    Ok(store::open_counts(conn, today)
        .await?
        .into_iter()
        .map(|c| (c.account_id, (u32::try_from(c.open).unwrap_or(0), u32::try_from(c.late).unwrap_or(0))))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input() -> CommitmentInput {
        CommitmentInput {
            account_id: "a1".into(),
            side: Some(Side::Ours),
            what: "Send the pricing model".into(),
            made_on: "2026-12-01".into(),
            due_on: Some("2026-12-15".into()),
            ..Default::default()
        }
    }

    #[test]
    fn late_is_an_open_promise_past_its_day() {
        let due = Some(day("2026-12-15"));
        assert_eq!(status(CommitmentState::Open, due, day("2026-12-15")), CommitmentStatus::Open);
        assert_eq!(status(CommitmentState::Open, due, day("2026-12-16")), CommitmentStatus::Late);
        assert_eq!(status(CommitmentState::Open, None, day("2030-01-01")), CommitmentStatus::Open);
        assert_eq!(status(CommitmentState::Kept, due, day("2027-01-01")), CommitmentStatus::Kept);
        assert_eq!(status(CommitmentState::Dropped, due, day("2027-01-01")), CommitmentStatus::Dropped);
    }

    /// One row per rule: a change to a good input → the field its error names.
    #[test]
    fn each_rule_names_its_field() {
        type Change = fn(&mut CommitmentInput);
        let today = day("2026-12-07");
        let rows: &[(Change, &str)] = &[
            (|i| i.what = "  ".into(), "what"),
            (|i| i.what = "two\nlines".into(), "what"),
            (|i| i.side = None, "side"),
            (|i| i.account_id = " ".into(), "account_id"),
            (|i| i.made_on = "1 Dec".into(), "made_on"),
            (|i| i.made_on = "2026-12-20".into(), "made_on"),
            (|i| i.due_on = Some("2026-11-30".into()), "due_on"),
            (|i| i.due_on = Some("soon".into()), "due_on"),
            (
                |i| {
                    i.meeting_id = Some("m".into());
                    i.interaction_id = Some("i".into())
                },
                "interaction_id",
            ),
            (
                |i| {
                    i.by_person_id = Some("p".into());
                    i.to_person_id = Some("p".into())
                },
                "to_person_id",
            ),
        ];
        for (change, field) in rows {
            let mut i = input();
            change(&mut i);
            match i.validate(today) {
                Err(Error::Validation { field: got, .. }) => assert_eq!(got, *field, "{i:?}"),
                other => panic!("{i:?}: expected an error on {field}, got {other:?}"),
            }
        }
        let clean = input().validate(today).unwrap();
        assert_eq!(clean.what, "Send the pricing model");
        let blank = CommitmentInput { made_on: " ".into(), due_on: Some(String::new()), ..input() };
        let clean = blank.validate(today).unwrap();
        assert_eq!((clean.made_on, clean.due_on), (today, None), "blank: made today, no day");
    }

    #[test]
    fn keeping_dropping_and_reopening() {
        let made = day("2026-12-01");
        let today = day("2026-12-07");
        let keep = |on: &str| CommitmentOutcome::Keep { on: on.into() };
        let field = |r: Result<(CommitmentState, Option<NaiveDate>, Option<String>)>| match r {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(field(next(CommitmentState::Open, made, &keep("2026-11-30"), today)), "kept_on");
        assert_eq!(field(next(CommitmentState::Open, made, &keep("2026-12-20"), today)), "kept_on");
        assert_eq!(
            next(CommitmentState::Open, made, &keep("2026-12-03"), today).unwrap(),
            (CommitmentState::Kept, Some(day("2026-12-03")), None)
        );
        assert_eq!(next(CommitmentState::Open, made, &keep(""), today).unwrap().1, Some(today));
        let drop = |why: &str| CommitmentOutcome::Drop { reason: why.into() };
        assert_eq!(field(next(CommitmentState::Open, made, &drop("  "), today)), "dropped_reason");
        assert_eq!(
            next(CommitmentState::Open, made, &drop("They chose another supplier"), today).unwrap(),
            (CommitmentState::Dropped, None, Some("They chose another supplier".into()))
        );
        assert_eq!(field(next(CommitmentState::Open, made, &CommitmentOutcome::Reopen, today)), "state");
        assert_eq!(
            next(CommitmentState::Kept, made, &CommitmentOutcome::Reopen, today).unwrap(),
            (CommitmentState::Open, None, None)
        );
    }

    #[test]
    fn a_commitment_in_one_sentence() {
        let due = Some(day("2027-01-12"));
        assert_eq!(
            sentence(Side::Ours, Some("Nora Lind"), Some("Dana Whitfield"), "send the pricing model", due),
            "Nora Lind promised Dana Whitfield: send the pricing model, by 12 Jan 2027"
        );
        assert_eq!(sentence(Side::Theirs, None, None, "share the roadmap", None), "They promised: share the roadmap");
    }
}
