//! Executive visits: what they are for, who goes, when (in the meeting's own
//! time zone), and where each stands in the review gate ([`gate`]).

pub mod gate;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

pub use self::gate::{GateAction, MeetingState};
use crate::error::{Error, Result};
use crate::kinds::{Audience, MeetingKind, Side};
use crate::store::meetings as store;
use crate::text;

/// Who can attend one meeting, at most.
pub const MAX_ATTENDEES: usize = 100;
/// The longest a meeting (or an off-site) may run.
pub const MAX_DAYS: i64 = 14;
/// How local times are written: the wall clock where the meeting is.
pub const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Meeting {
    pub id: String,
    pub account_id: String,
    pub title: String,
    pub kind: MeetingKind,
    /// `YYYY-MM-DDTHH:MM`, wall clock in `time_zone`.
    pub starts_local: String,
    pub ends_local: String,
    /// IANA name, e.g. `Europe/Oslo`.
    pub time_zone: String,
    /// RFC 3339 instants, derived from the above.
    pub starts_utc: String,
    pub ends_utc: String,
    pub location: Option<String>,
    pub trip: Option<String>,
    pub objective: Option<String>,
    pub value_proposition: Option<String>,
    pub asks: Option<String>,
    pub talking_points: Option<String>,
    pub sensitivities: Option<String>,
    pub logistics: Option<String>,
    pub state: MeetingState,
    /// Bumped on every change (the calendar export's SEQUENCE).
    pub revision: u32,
    /// Attendees on both sides, by id.
    pub attendees: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct MeetingInput {
    pub account_id: String,
    pub title: String,
    pub kind: Option<MeetingKind>,
    pub starts_local: String,
    pub ends_local: String,
    pub time_zone: String,
    pub location: Option<String>,
    pub trip: Option<String>,
    pub objective: Option<String>,
    pub value_proposition: Option<String>,
    pub asks: Option<String>,
    pub talking_points: Option<String>,
    pub sensitivities: Option<String>,
    pub logistics: Option<String>,
    pub attendees: Vec<String>,
}

/// A cleaned input, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clean {
    title: String,
    kind: MeetingKind,
    starts_local: String,
    ends_local: String,
    time_zone: String,
    starts_utc: String,
    ends_utc: String,
    location: Option<String>,
    trip: Option<String>,
    objective: Option<String>,
    value_proposition: Option<String>,
    asks: Option<String>,
    talking_points: Option<String>,
    sensitivities: Option<String>,
    logistics: Option<String>,
    attendees: Vec<String>,
}

/// A time zone by its IANA name (the parser lives in [`crate::zone`]).
pub fn zone(field: &'static str, name: &str) -> Result<Tz> {
    crate::zone::zone(field, name)
}

/// A wall-clock time in `tz`, and the instant it names. A time the clocks skip
/// is refused; one they pass twice means the first.
pub fn local_time(field: &'static str, value: &str, tz: Tz) -> Result<(NaiveDateTime, DateTime<Utc>)> {
    let trimmed = value.trim();
    let local = NaiveDateTime::parse_from_str(trimmed, LOCAL_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M"))
        .ok()
        .filter(|t| (1900..=2200).contains(&chrono::Datelike::year(t)))
        .ok_or_else(|| {
            Error::validation(field, format!("\"{trimmed}\" is not a date and time; use YYYY-MM-DDTHH:MM"))
        })?;
    let instant = tz.from_local_datetime(&local).earliest().ok_or_else(|| {
        Error::validation(
            field,
            format!("{} does not exist in {} that day (the clocks skip it)", local.format("%H:%M"), tz.name()),
        )
    })?;
    Ok((local, instant.with_timezone(&Utc)))
}

impl MeetingInput {
    pub(crate) fn validate(&self) -> Result<Clean> {
        if self.account_id.trim().is_empty() {
            return Err(Error::validation("account_id", "choose the account"));
        }
        let title = text::required_line("title", &self.title)?;
        let kind = self.kind.ok_or_else(|| Error::validation("kind", "choose what kind of meeting it is"))?;
        let tz = zone("time_zone", &self.time_zone)?;
        let (starts, starts_utc) = local_time("starts_local", &self.starts_local, tz)?;
        let (ends, ends_utc) = local_time("ends_local", &self.ends_local, tz)?;
        if ends_utc <= starts_utc {
            return Err(Error::validation("ends_local", "must be after the start"));
        }
        if ends_utc - starts_utc > chrono::Duration::days(MAX_DAYS) {
            return Err(Error::validation("ends_local", format!("a meeting lasts at most {MAX_DAYS} days")));
        }
        let attendees: BTreeSet<String> =
            self.attendees.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        if attendees.len() > MAX_ATTENDEES {
            return Err(Error::validation("attendees", format!("at most {MAX_ATTENDEES} people")));
        }
        Ok(Clean {
            title,
            kind,
            starts_local: starts.format(LOCAL_FORMAT).to_string(),
            ends_local: ends.format(LOCAL_FORMAT).to_string(),
            time_zone: tz.name().to_string(),
            starts_utc: text::timestamp(starts_utc),
            ends_utc: text::timestamp(ends_utc),
            location: text::optional_line("location", self.location.as_deref())?,
            trip: text::optional_line("trip", self.trip.as_deref())?,
            objective: text::optional_text("objective", self.objective.as_deref())?,
            value_proposition: text::optional_text("value_proposition", self.value_proposition.as_deref())?,
            asks: text::optional_text("asks", self.asks.as_deref())?,
            talking_points: text::optional_text("talking_points", self.talking_points.as_deref())?,
            sensitivities: text::optional_text("sensitivities", self.sensitivities.as_deref())?,
            logistics: text::optional_text("logistics", self.logistics.as_deref())?,
            attendees: attendees.into_iter().collect(),
        })
    }
}

impl Clean {
    fn fields(&self) -> store::Fields<'_> {
        store::Fields {
            title: &self.title,
            kind: self.kind,
            starts_local: &self.starts_local,
            ends_local: &self.ends_local,
            time_zone: &self.time_zone,
            starts_utc: &self.starts_utc,
            ends_utc: &self.ends_utc,
            location: self.location.as_deref(),
            trip: self.trip.as_deref(),
            objective: self.objective.as_deref(),
            value_proposition: self.value_proposition.as_deref(),
            asks: self.asks.as_deref(),
            talking_points: self.talking_points.as_deref(),
            sensitivities: self.sensitivities.as_deref(),
            logistics: self.logistics.as_deref(),
            attendees: &self.attendees,
        }
    }

    /// The fields the executive reviewed that differ from `before`, by name.
    fn reviewed_changes(&self, before: &Meeting) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut check = |name, same: bool| {
            if !same {
                changed.push(name);
            }
        };
        check("title", self.title == before.title);
        check("kind", self.kind == before.kind);
        check(
            "time",
            self.starts_local == before.starts_local
                && self.ends_local == before.ends_local
                && self.time_zone == before.time_zone,
        );
        check("attendees", self.attendees == before.attendees);
        check("objective", self.objective == before.objective);
        check("value proposition", self.value_proposition == before.value_proposition);
        check("asks", self.asks == before.asks);
        changed
    }
}

pub async fn create(pool: &SqlitePool, input: &MeetingInput, now: DateTime<Utc>) -> Result<Meeting> {
    let clean = input.validate()?;
    let account_id = input.account_id.trim();
    let mut tx = crate::db::begin_write(pool, now).await?;
    if !crate::accounts::is_live(&mut tx, account_id).await? {
        return Err(Error::validation("account_id", "that account does not exist (or is in the trash)"));
    }
    crate::people::check_all_belong(&mut tx, account_id, &clean.attendees, "attendees").await?;
    let id = text::new_id();
    store::insert(&mut tx, &id, account_id, &clean.fields(), MeetingState::Draft, 0, &text::timestamp(now)).await?;
    let meeting = get_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(meeting)
}

/// Saves a change. While the executive has it (submitted) or after approval,
/// only the practical details (location, trip, talking points, sensitivities,
/// logistics) may change; the rest needs the meeting reopened as a draft.
pub async fn update(pool: &SqlitePool, id: &str, input: &MeetingInput, now: DateTime<Utc>) -> Result<Meeting> {
    let clean = input.validate()?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let before = get_in(&mut tx, id).await?;
    if before.account_id != input.account_id.trim() {
        return Err(Error::validation("account_id", "a meeting cannot move to another account"));
    }
    if !before.state.editable() {
        return Err(Error::Refused(match before.state {
            MeetingState::Declined => "it was declined; reopen it as a draft to rework it".into(),
            _ => "it has taken place and is kept as it was; log what happened in the account's interactions".into(),
        }));
    }
    if !before.state.reviewed_fields_open() {
        let changed = clean.reviewed_changes(&before);
        if !changed.is_empty() {
            return Err(Error::Refused(format!(
                "it is {}: changing the {} needs a new review, so reopen it as a draft first",
                before.state.label(),
                changed.join(", ")
            )));
        }
    }
    if clean == clean_of(&before) {
        tx.commit().await?;
        return Ok(before);
    }
    let added: Vec<String> = clean.attendees.iter().filter(|p| !before.attendees.contains(p)).cloned().collect();
    crate::people::check_all_belong(&mut tx, &before.account_id, &added, "attendees").await?;
    store::update(&mut tx, id, &clean.fields(), &text::timestamp(now)).await?;
    let meeting = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(meeting)
}

/// What a stored meeting would look like as a cleaned input (to skip no-op saves).
fn clean_of(m: &Meeting) -> Clean {
    Clean {
        title: m.title.clone(),
        kind: m.kind,
        starts_local: m.starts_local.clone(),
        ends_local: m.ends_local.clone(),
        time_zone: m.time_zone.clone(),
        starts_utc: m.starts_utc.clone(),
        ends_utc: m.ends_utc.clone(),
        location: m.location.clone(),
        trip: m.trip.clone(),
        objective: m.objective.clone(),
        value_proposition: m.value_proposition.clone(),
        asks: m.asks.clone(),
        talking_points: m.talking_points.clone(),
        sensitivities: m.sensitivities.clone(),
        logistics: m.logistics.clone(),
        attendees: m.attendees.clone(),
    }
}

impl From<store::MeetingRow> for Meeting {
    fn from(r: store::MeetingRow) -> Self {
        let mut attendees: Vec<String> =
            r.attendees.unwrap_or_default().split(' ').filter(|s| !s.is_empty()).map(Into::into).collect();
        attendees.sort();
        Meeting {
            kind: r.kind,
            state: r.state,
            revision: r.revision,
            id: r.id,
            account_id: r.account_id,
            title: r.title,
            starts_local: r.starts_local,
            ends_local: r.ends_local,
            time_zone: r.time_zone,
            starts_utc: r.starts_utc,
            ends_utc: r.ends_utc,
            location: r.location,
            trip: r.trip,
            objective: r.objective,
            value_proposition: r.value_proposition,
            asks: r.asks,
            talking_points: r.talking_points,
            sensitivities: r.sensitivities,
            logistics: r.logistics,
            attendees,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A live meeting (one of a trashed account is in the trash with it).
pub(crate) async fn get_in(conn: &mut SqliteConnection, id: &str) -> Result<Meeting> {
    Ok(store::get(conn, id).await?.ok_or_else(|| Error::NotFound("meeting".into()))?.into())
}

pub async fn get(pool: &SqlitePool, id: &str) -> Result<Meeting> {
    get_in(&mut *pool.acquire().await?, id).await
}

// ---------------------------------------------------------------------------
// Lists

/// One line of the upcoming list, the week view and the review inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingSummary {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub title: String,
    pub kind: MeetingKind,
    pub starts_local: String,
    pub ends_local: String,
    pub time_zone: String,
    pub starts_utc: String,
    pub ends_utc: String,
    pub location: Option<String>,
    pub trip: Option<String>,
    pub state: MeetingState,
    pub ours_attending: u32,
    pub theirs_attending: u32,
}

/// Which meetings to list. Dates are the meeting's own local dates, inclusive.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct MeetingQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub states: Vec<MeetingState>,
    pub account_id: Option<String>,
    pub trip: Option<String>,
    /// Hand-picked meetings (a pack); the other filters still apply.
    pub ids: Vec<String>,
    pub limit: Option<u32>,
}

/// The most a list returns.
pub const LIST_LIMIT: u32 = 2000;

pub async fn list(pool: &SqlitePool, query: &MeetingQuery) -> Result<Vec<MeetingSummary>> {
    list_in(&mut *pool.acquire().await?, query).await
}

pub(crate) async fn list_in(conn: &mut SqliteConnection, query: &MeetingQuery) -> Result<Vec<MeetingSummary>> {
    let from = text::optional_date("from", query.from.as_deref())?;
    let to = text::optional_date("to", query.to.as_deref())?;
    if let (Some(f), Some(t)) = (&from, &to)
        && t < f
    {
        return Err(Error::validation("to", "is before the start of the range"));
    }
    // Local dates differ from UTC ones by at most 14 hours: the UTC window
    // narrows the scan through the index, the local date decides.
    let utc_bound = |date: &str, days: i64| -> String {
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("cleaned above");
        let t = d.and_hms_opt(0, 0, 0).expect("midnight") + chrono::Duration::days(days);
        text::timestamp(Utc.from_utc_datetime(&t))
    };
    let filter = store::ListFilter {
        from: from.as_deref(),
        from_utc: from.as_deref().map(|f| utc_bound(f, -1)),
        to: to.as_deref(),
        to_utc: to.as_deref().map(|t| utc_bound(t, 2)),
        states: &query.states,
        account_id: text::blank_to_none(&query.account_id),
        trip: text::blank_to_none(&query.trip),
        ids: &query.ids,
        limit: query.limit.unwrap_or(LIST_LIMIT).clamp(1, LIST_LIMIT),
    };
    Ok(store::list(conn, &filter).await?.into_iter().map(MeetingSummary::from).collect())
}

impl From<store::SummaryRow> for MeetingSummary {
    fn from(r: store::SummaryRow) -> Self {
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        MeetingSummary {
            kind: r.kind,
            state: r.state,
            ours_attending: count(r.ours_attending),
            theirs_attending: count(r.theirs_attending),
            id: r.id,
            account_id: r.account_id,
            account_name: r.account_name,
            title: r.title,
            starts_local: r.starts_local,
            ends_local: r.ends_local,
            time_zone: r.time_zone,
            starts_utc: r.starts_utc,
            ends_utc: r.ends_utc,
            location: r.location,
            trip: r.trip,
        }
    }
}

/// The trips meetings are grouped into, for choosing a pack.
pub async fn trips(pool: &SqlitePool) -> Result<Vec<String>> {
    store::trips(pool).await
}

// ---------------------------------------------------------------------------
// The gate

/// One step in a meeting's record: a transition, a question or an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GateEvent {
    pub n: u32,
    pub at: String,
    pub actor: String,
    pub action: GateAction,
    pub from_state: MeetingState,
    pub to_state: MeetingState,
    pub body: Option<String>,
    /// For an answer: the question it answers.
    pub reply_to: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct GateRequest {
    pub action: Option<GateAction>,
    /// The question, answer, reason or note that goes with it.
    pub body: Option<String>,
    /// Who acts; defaults to the name in the settings.
    pub by: Option<String>,
    /// For an answer: which question (defaults to the oldest unanswered one).
    pub reply_to: Option<u32>,
}

/// Whether an action is open now, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActionCheck {
    pub action: GateAction,
    pub allowed: bool,
    pub reason: Option<String>,
}

pub(crate) async fn events_in(conn: &mut SqliteConnection, id: &str) -> Result<Vec<GateEvent>> {
    Ok(store::events(conn, id)
        .await?
        .into_iter()
        .map(|e| GateEvent {
            n: e.n,
            at: e.at,
            actor: e.actor,
            action: e.action,
            from_state: e.from_state,
            to_state: e.to_state,
            body: e.body,
            reply_to: e.reply_to,
        })
        .collect())
}

/// Questions of the current challenge round (since the last submit) with no answer.
fn unanswered(events: &[GateEvent]) -> Vec<u32> {
    let round_start = events.iter().rposition(|e| e.action == GateAction::Submit).map_or(0, |i| i + 1);
    let round = &events[round_start..];
    round
        .iter()
        .filter(|e| e.action == GateAction::Challenge)
        .filter(|q| !round.iter().any(|a| a.action == GateAction::Answer && a.reply_to == Some(q.n)))
        .map(|q| q.n)
        .collect()
}

async fn facts_in(
    conn: &mut SqliteConnection,
    meeting: &Meeting,
    events: &[GateEvent],
    now: DateTime<Utc>,
) -> Result<gate::Facts> {
    let store::Attending { ours, theirs } = store::attending(conn, &meeting.id).await?;
    let starts_at = stored_instant("meeting start", &meeting.starts_utc)?;
    Ok(gate::Facts {
        state: meeting.state,
        has_value_proposition: meeting.value_proposition.is_some(),
        ours_attending: usize::try_from(ours).unwrap_or(0),
        theirs_attending: usize::try_from(theirs).unwrap_or(0),
        unanswered_questions: unanswered(events).len(),
        starts_at,
        now,
    })
}

/// An instant the vault holds as text (a meeting's start, its last change):
/// one that does not read is damage, never a stand-in.
fn stored_instant(what: &str, value: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Corrupt(format!("{what} \"{value}\": {e}")))
}

/// Takes one step through the gate and records it with who and when.
pub async fn act(pool: &SqlitePool, id: &str, request: &GateRequest, now: DateTime<Utc>) -> Result<MeetingView> {
    let action = request.action.ok_or_else(|| Error::validation("action", "choose what to do"))?;
    let body = text::optional_text("body", request.body.as_deref())?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let actor = match text::optional_line("by", request.by.as_deref())? {
        Some(by) => by,
        None => crate::settings::get_in(&mut tx)
            .await?
            .your_name
            .ok_or_else(|| Error::validation("by", "say who is doing this (set your name in Settings)"))?,
    };
    let meeting = get_in(&mut tx, id).await?;
    let events = events_in(&mut tx, id).await?;
    let facts = facts_in(&mut tx, &meeting, &events, now).await?;
    let to = gate::next(&facts, action, body.as_deref())?;
    let reply_to = if action == GateAction::Answer {
        let open = unanswered(&events);
        let asked: Vec<u32> = events.iter().filter(|e| e.action == GateAction::Challenge).map(|e| e.n).collect();
        match request.reply_to {
            Some(q) if asked.contains(&q) => Some(q),
            Some(_) => return Err(Error::validation("reply_to", "that question is not on this meeting")),
            None => Some(*open.first().or(asked.last()).expect("a challenged meeting has a question")),
        }
    } else {
        None
    };
    let stamp = text::timestamp(now);
    let step = store::NewEvent {
        at: &stamp,
        actor: &actor,
        action,
        from_state: meeting.state,
        to_state: to,
        body: body.as_deref(),
        reply_to,
    };
    store::record_step(&mut tx, id, &step).await?;
    let view = view_in(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(view)
}

// ---------------------------------------------------------------------------
// The meeting page

/// An attendee as the meeting page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Attendee {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub side: Side,
    /// Left the company or in the trash: still listed, marked.
    pub gone: bool,
}

/// Everything the meeting page shows, in one read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingView {
    pub meeting: Meeting,
    pub account_name: String,
    pub attendees: Vec<Attendee>,
    pub events: Vec<GateEvent>,
    /// Every gate action with whether it is open now and why not.
    pub actions: Vec<ActionCheck>,
    /// Open questions of the current challenge round, by event number.
    pub unanswered: Vec<u32>,
}

pub async fn view(pool: &SqlitePool, id: &str, now: DateTime<Utc>) -> Result<MeetingView> {
    view_in(&mut *pool.acquire().await?, id, now).await
}

async fn view_in(conn: &mut SqliteConnection, id: &str, now: DateTime<Utc>) -> Result<MeetingView> {
    let meeting = get_in(conn, id).await?;
    let account_name = crate::store::accounts::live_name(conn, &meeting.account_id)
        .await?
        .ok_or_else(|| Error::NotFound("account".into()))?;
    let attendees = store::attendees(conn, id)
        .await?
        .into_iter()
        .map(|a| Attendee { id: a.id, name: a.name, title: a.title, side: a.side, gone: a.gone })
        .collect();
    let events = events_in(conn, id).await?;
    let facts = facts_in(conn, &meeting, &events, now).await?;
    // Offered with a body so the check is about the state, not the text.
    let actions = GateAction::ALL
        .iter()
        .map(|&action| match gate::next(&facts, action, Some("…")) {
            Ok(_) => ActionCheck { action, allowed: true, reason: None },
            Err(gate::Refusal(why)) => ActionCheck { action, allowed: false, reason: Some(why) },
        })
        .collect();
    Ok(MeetingView { unanswered: unanswered(&events), meeting, account_name, attendees, events, actions })
}

// ---------------------------------------------------------------------------
// Calendar

/// The chosen meetings as an iCalendar file (RFC 5545) with their own time
/// zones. Approved and later meetings are confirmed, declined ones cancelled,
/// the rest tentative.
pub async fn calendar(pool: &SqlitePool, query: &MeetingQuery, now: DateTime<Utc>) -> Result<(String, usize)> {
    calendar_for(pool, query, now, Audience::Executive).await
}

/// The calendar for an audience. Internal readers get what the executive
/// gets (a calendar holds no personal-tie details nor private notes); the
/// customer gets the time, the place and the logistics of their own
/// meetings, not our objective or value proposition, and a calendar of one
/// customer only.
pub async fn calendar_for(
    pool: &SqlitePool,
    query: &MeetingQuery,
    now: DateTime<Utc>,
    audience: Audience,
) -> Result<(String, usize)> {
    let mut conn = pool.acquire().await?;
    let chosen = list_in(&mut conn, query).await?;
    if chosen.is_empty() {
        return Err(Error::validation("meetings", "no meetings match; widen the dates or pick meetings"));
    }
    let customers: std::collections::BTreeSet<&str> = chosen.iter().map(|m| m.account_name.as_str()).collect();
    if audience == Audience::Shareable && customers.len() > 1 {
        return Err(Error::validation(
            "audience",
            format!(
                "a calendar shareable with the customer is for one customer, and these meetings are with {}",
                customers.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let ours = |label: &str| label != "Logistics";
    let mut events = Vec::with_capacity(chosen.len());
    for summary in &chosen {
        let m = get_in(&mut conn, &summary.id).await?;
        let tz = zone("time_zone", &m.time_zone)?;
        let parse = |s: &str| {
            NaiveDateTime::parse_from_str(s, LOCAL_FORMAT)
                .map_err(|e| Error::Corrupt(format!("meeting time \"{s}\": {e}")))
        };
        let mut description = vec![format!("{} · {}", summary.account_name, m.kind.label())];
        for (label, text) in
            [("Objective", &m.objective), ("Value proposition", &m.value_proposition), ("Logistics", &m.logistics)]
        {
            if let Some(text) = text
                && (audience != Audience::Shareable || !ours(label))
            {
                description.push(format!("{label}: {text}"));
            }
        }
        events.push(crate::ics::Event {
            uid: m.id.clone(),
            start: parse(&m.starts_local)?,
            end: parse(&m.ends_local)?,
            zone: tz,
            summary: format!("{} — {}", summary.account_name, m.title),
            location: m.location.clone(),
            description: Some(description.join("\n\n")),
            status: match m.state {
                MeetingState::Approved | MeetingState::Held | MeetingState::FollowedUp => {
                    crate::ics::EventStatus::Confirmed
                }
                MeetingState::Declined => crate::ics::EventStatus::Cancelled,
                _ => crate::ics::EventStatus::Tentative,
            },
            sequence: m.revision,
            updated: stored_instant("meeting change", &m.updated_at)?,
        });
    }
    Ok((crate::ics::calendar(&events, now), events.len()))
}
