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
use crate::kinds::{MeetingKind, Side};
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

async fn write_attendees(conn: &mut SqliteConnection, id: &str, people: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM meeting_attendees WHERE meeting_id = ?1").bind(id).execute(&mut *conn).await?;
    for person in people {
        sqlx::query("INSERT INTO meeting_attendees (meeting_id, person_id) VALUES (?1, ?2)")
            .bind(id)
            .bind(person)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
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
    insert_in(&mut tx, &id, account_id, &clean, MeetingState::Draft, 0, &text::timestamp(now)).await?;
    let meeting = get_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(meeting)
}

async fn insert_in(
    conn: &mut SqliteConnection,
    id: &str,
    account_id: &str,
    c: &Clean,
    state: MeetingState,
    revision: u32,
    stamp: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO meetings (id, account_id, title, kind, starts_local, ends_local, time_zone, starts_utc,
             ends_utc, location, trip, objective, value_proposition, asks, talking_points, sensitivities,
             logistics, state, revision, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)",
    )
    .bind(id)
    .bind(account_id)
    .bind(&c.title)
    .bind(c.kind.as_str())
    .bind(&c.starts_local)
    .bind(&c.ends_local)
    .bind(&c.time_zone)
    .bind(&c.starts_utc)
    .bind(&c.ends_utc)
    .bind(&c.location)
    .bind(&c.trip)
    .bind(&c.objective)
    .bind(&c.value_proposition)
    .bind(&c.asks)
    .bind(&c.talking_points)
    .bind(&c.sensitivities)
    .bind(&c.logistics)
    .bind(state.as_str())
    .bind(revision)
    .bind(stamp)
    .execute(&mut *conn)
    .await?;
    write_attendees(conn, id, &c.attendees).await
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
    sqlx::query(
        "UPDATE meetings SET title = ?2, kind = ?3, starts_local = ?4, ends_local = ?5, time_zone = ?6,
             starts_utc = ?7, ends_utc = ?8, location = ?9, trip = ?10, objective = ?11, value_proposition = ?12,
             asks = ?13, talking_points = ?14, sensitivities = ?15, logistics = ?16, revision = revision + 1,
             updated_at = ?17
         WHERE id = ?1",
    )
    .bind(id)
    .bind(&clean.title)
    .bind(clean.kind.as_str())
    .bind(&clean.starts_local)
    .bind(&clean.ends_local)
    .bind(&clean.time_zone)
    .bind(&clean.starts_utc)
    .bind(&clean.ends_utc)
    .bind(&clean.location)
    .bind(&clean.trip)
    .bind(&clean.objective)
    .bind(&clean.value_proposition)
    .bind(&clean.asks)
    .bind(&clean.talking_points)
    .bind(&clean.sensitivities)
    .bind(&clean.logistics)
    .bind(text::timestamp(now))
    .execute(&mut *tx)
    .await?;
    write_attendees(&mut tx, id, &clean.attendees).await?;
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

pub(crate) const SELECT: &str = "SELECT m.id, m.account_id, m.title, m.kind, m.starts_local, m.ends_local,
        m.time_zone, m.starts_utc, m.ends_utc, m.location, m.trip, m.objective, m.value_proposition, m.asks,
        m.talking_points, m.sensitivities, m.logistics, m.state, m.revision,
        (SELECT group_concat(person_id, ' ') FROM meeting_attendees WHERE meeting_id = m.id) AS attendees,
        m.created_at, m.updated_at
    FROM meetings m";

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: String,
    account_id: String,
    title: String,
    kind: String,
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
    state: String,
    revision: i64,
    attendees: Option<String>,
    created_at: String,
    updated_at: String,
}

impl TryFrom<Row> for Meeting {
    type Error = Error;
    fn try_from(r: Row) -> Result<Self> {
        let mut attendees: Vec<String> =
            r.attendees.unwrap_or_default().split(' ').filter(|s| !s.is_empty()).map(Into::into).collect();
        attendees.sort();
        Ok(Meeting {
            kind: MeetingKind::from_stored(&r.kind)?,
            state: MeetingState::from_stored(&r.state)?,
            revision: u32::try_from(r.revision).unwrap_or(u32::MAX),
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
        })
    }
}

pub(crate) async fn get_in(conn: &mut SqliteConnection, id: &str) -> Result<Meeting> {
    // A meeting of a trashed account is in the trash with it.
    let row: Option<Row> = sqlx::query_as(sql!(
        "{SELECT} WHERE m.id = ?1 AND m.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = m.account_id AND a.deleted_at IS NULL)"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or_else(|| Error::NotFound("meeting".into()))?.try_into()
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
    let states: Vec<&str> = query.states.iter().map(|s| s.as_str()).collect();
    let ids = &query.ids;
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT m.id, m.account_id, a.name AS account_name, m.title, m.kind, m.starts_local, m.ends_local,
                m.time_zone, m.starts_utc, m.ends_utc, m.location, m.trip, m.state,
                (SELECT count(*) FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id
                  WHERE ma.meeting_id = m.id AND p.side = 'ours' AND p.deleted_at IS NULL) AS ours_attending,
                (SELECT count(*) FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id
                  WHERE ma.meeting_id = m.id AND p.side = 'theirs' AND p.deleted_at IS NULL) AS theirs_attending
           FROM meetings m JOIN accounts a ON a.id = m.account_id
          WHERE m.deleted_at IS NULL AND a.deleted_at IS NULL
            AND (?1 IS NULL OR m.starts_utc >= ?2) AND (?1 IS NULL OR substr(m.starts_local, 1, 10) >= ?1)
            AND (?3 IS NULL OR m.starts_utc < ?4) AND (?3 IS NULL OR substr(m.starts_local, 1, 10) <= ?3)
            AND (?5 = '' OR m.state IN (SELECT value FROM json_each(?6)))
            AND (?7 IS NULL OR m.account_id = ?7)
            AND (?8 IS NULL OR m.trip = ?8 COLLATE NOCASE)
            AND (?9 = 0 OR m.id IN (SELECT value FROM json_each(?10)))
          ORDER BY m.starts_utc, m.title, m.id
          LIMIT ?11",
    )
    .bind(&from)
    .bind(from.as_deref().map(|f| utc_bound(f, -1)))
    .bind(&to)
    .bind(to.as_deref().map(|t| utc_bound(t, 2)))
    .bind(if states.is_empty() { "" } else { "x" })
    .bind(serde_json::to_string(&states).expect("strings"))
    .bind(text::blank_to_none(&query.account_id))
    .bind(text::blank_to_none(&query.trip))
    .bind(i64::from(!ids.is_empty()))
    .bind(serde_json::to_string(ids).expect("strings"))
    .bind(query.limit.unwrap_or(LIST_LIMIT).clamp(1, LIST_LIMIT))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(MeetingSummary::try_from).collect()
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    account_id: String,
    account_name: String,
    title: String,
    kind: String,
    starts_local: String,
    ends_local: String,
    time_zone: String,
    starts_utc: String,
    ends_utc: String,
    location: Option<String>,
    trip: Option<String>,
    state: String,
    ours_attending: i64,
    theirs_attending: i64,
}

impl TryFrom<SummaryRow> for MeetingSummary {
    type Error = Error;
    fn try_from(r: SummaryRow) -> Result<Self> {
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(MeetingSummary {
            kind: MeetingKind::from_stored(&r.kind)?,
            state: MeetingState::from_stored(&r.state)?,
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
        })
    }
}

/// The trips meetings are grouped into, for choosing a pack.
pub async fn trips(pool: &SqlitePool) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT trip FROM meetings m JOIN accounts a ON a.id = m.account_id
          WHERE m.trip IS NOT NULL AND m.deleted_at IS NULL AND a.deleted_at IS NULL
          ORDER BY trip COLLATE NOCASE",
    )
    .fetch_all(pool)
    .await?)
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

/// n, at, actor, action, from, to, body, reply_to
type EventRow = (i64, String, String, String, String, String, Option<String>, Option<i64>);

pub(crate) async fn events_in(conn: &mut SqliteConnection, id: &str) -> Result<Vec<GateEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT n, at, actor, action, from_state, to_state, body, reply_to FROM meeting_events
          WHERE meeting_id = ?1 ORDER BY n",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    rows.into_iter()
        .map(|(num, at, actor, action, from, to, body, reply_to)| {
            Ok(GateEvent {
                n: n(num),
                at,
                actor,
                action: GateAction::from_stored(&action)?,
                from_state: MeetingState::from_stored(&from)?,
                to_state: MeetingState::from_stored(&to)?,
                body,
                reply_to: reply_to.map(n),
            })
        })
        .collect()
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
    let (ours, theirs): (i64, i64) = sqlx::query_as(
        "SELECT coalesce(sum(p.side = 'ours'), 0), coalesce(sum(p.side = 'theirs'), 0)
           FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id
          WHERE ma.meeting_id = ?1 AND p.deleted_at IS NULL AND p.active = 1",
    )
    .bind(&meeting.id)
    .fetch_one(&mut *conn)
    .await?;
    let starts_at = DateTime::parse_from_rfc3339(&meeting.starts_utc)
        .map_err(|e| Error::Corrupt(format!("meeting start \"{}\": {e}", meeting.starts_utc)))?
        .with_timezone(&Utc);
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
    sqlx::query(
        "INSERT INTO meeting_events (meeting_id, at, actor, action, from_state, to_state, body, reply_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .bind(id)
    .bind(&stamp)
    .bind(&actor)
    .bind(action.as_str())
    .bind(meeting.state.as_str())
    .bind(to.as_str())
    .bind(&body)
    .bind(reply_to)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE meetings SET state = ?2, revision = revision + 1, updated_at = ?3 WHERE id = ?1")
        .bind(id)
        .bind(to.as_str())
        .bind(&stamp)
        .execute(&mut *tx)
        .await?;
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
    let account_name: String = sqlx::query_scalar("SELECT name FROM accounts WHERE id = ?1")
        .bind(&meeting.account_id)
        .fetch_one(&mut *conn)
        .await?;
    let rows: Vec<(String, String, Option<String>, String, bool)> = sqlx::query_as(
        "SELECT p.id, p.name, p.title, p.side, p.active = 0 OR p.deleted_at IS NOT NULL
           FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id
          WHERE ma.meeting_id = ?1
          ORDER BY p.side, p.org_level, p.name COLLATE NOCASE, p.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let attendees = rows
        .into_iter()
        .map(|(id, name, title, side, gone)| Ok(Attendee { id, name, title, side: Side::from_stored(&side)?, gone }))
        .collect::<Result<Vec<_>>>()?;
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
    let mut conn = pool.acquire().await?;
    let chosen = list_in(&mut conn, query).await?;
    if chosen.is_empty() {
        return Err(Error::validation("meetings", "no meetings match; widen the dates or pick meetings"));
    }
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
            if let Some(text) = text {
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
            updated: DateTime::parse_from_rfc3339(&m.updated_at).map_or(now, |t| t.with_timezone(&Utc)),
        });
    }
    Ok((crate::ics::calendar(&events, now), events.len()))
}
