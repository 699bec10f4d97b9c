//! Meeting briefs and meeting packs: the data of a meeting (and its account,
//! people and ties) turned into a [`pdf::Document`]. Nothing here is typed by
//! hand: every line comes from the vault. The sections are in [`sections`];
//! adding one is adding a function to [`sections::BRIEF`].

mod audience;
mod moves;
mod pack;
mod promises;
pub mod sections;
pub mod since;

use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use sqlx::{SqliteConnection, SqlitePool};

pub use self::pack::PackRequest;
use crate::accounts::{self, Account};
use crate::care::{
    self,
    feedback::{FeedbackChannel, FeedbackDue, FeedbackFacts, FeedbackState, THANKS_WITHIN_DAYS},
    story::{Failure, StoryKind},
};
pub use crate::documents::kit::{BriefOptions, Exported, write_atomically};
use crate::documents::kit::{exported, render_blocking, write_document};
use crate::error::{Error, Result};
use crate::interactions::{self, Interaction};
use crate::meetings::{self, GateEvent, LOCAL_FORMAT, Meeting};
use crate::pdf::Document;
use crate::people::Person;
use crate::relationship::{self, Relationship};
use crate::store::reports as store;

/// Everything one brief is made from, read in one go.
#[derive(Debug, Clone)]
pub struct BriefData {
    pub meeting: Meeting,
    pub account: Account,
    /// Attendees, ours first then theirs, top of the organisation first.
    pub attendees: Vec<Person>,
    pub relationship: Relationship,
    pub events: Vec<GateEvent>,
    /// The latest interactions with the account, newest first.
    pub recent: Vec<Interaction>,
    pub zone: Tz,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub starts_utc: DateTime<Utc>,
    pub ends_utc: DateTime<Utc>,
    /// The account's blueprint the brief reports on, if it has one.
    pub plan: Option<crate::blueprint::BlueprintData>,
    /// The day the brief is read against (overdue, "the last 12 months").
    pub today: NaiveDate,
    /// What the account cares about: see [`Care`].
    pub care: Care,
    /// People who moved into or out of the account, the latest first.
    pub moves: Vec<crate::people::moves::Move>,
    /// Commitments still owed on either side (open or late), by the day they are due.
    pub promises: Vec<crate::commitments::Commitment>,
    /// What changed since the last visit or the chosen day; `None` when
    /// there was no earlier meeting and no day was chosen.
    pub since: Option<since::SinceLastVisit>,
    /// How old the first page's facts are.
    pub ages: since::FactAges,
}

/// The account's feedback, stories and overdue ties as a brief needs them,
/// read once per account.
#[derive(Debug, Clone, Default)]
pub struct Care {
    /// Open feedback (new, acting, deferred), feedback done in the last 12
    /// months, and any feedback nobody has thanked them for; newest first.
    pub feedback: Vec<FeedbackItem>,
    /// Stories of the last 12 months and every unresolved horror story,
    /// newest first.
    pub stories: Vec<StoryItem>,
    /// Ties past their cadence (`connections.due_on` before today), by
    /// connection id, with the day they fell due.
    pub ties_due: Vec<(String, NaiveDate)>,
    /// The account's target interval between contacts, in days.
    pub every_days: u32,
}

/// One piece of feedback, as the brief reads it.
#[derive(Debug, Clone)]
pub struct FeedbackItem {
    pub id: String,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub received_on: NaiveDate,
    pub channel: FeedbackChannel,
    pub text: String,
    pub theme: Option<String>,
    pub state: FeedbackState,
    /// Done: what the customer can see, and since when.
    pub change: Option<String>,
    pub visible_on: Option<NaiveDate>,
    /// Deferred: the day it comes back.
    pub reconsider_on: Option<NaiveDate>,
    pub thanked_on: Option<NaiveDate>,
    /// What it asks of us on the brief's day.
    pub due: Vec<FeedbackDue>,
}

impl FeedbackItem {
    pub fn is_open(&self) -> bool {
        matches!(self.state, FeedbackState::New | FeedbackState::Acting | FeedbackState::Deferred)
    }
    pub fn unthanked(&self) -> bool {
        self.due.iter().any(|d| matches!(d, FeedbackDue::Thank { .. }))
    }
    pub fn to_reconsider(&self) -> bool {
        self.due.iter().any(|d| matches!(d, FeedbackDue::Reconsider { .. }))
    }
}

/// One story, as the brief reads it.
#[derive(Debug, Clone)]
pub struct StoryItem {
    pub id: String,
    pub kind: StoryKind,
    pub title: String,
    pub department: String,
    pub occurred_on: NaiveDate,
    pub impact: Option<String>,
    pub failure: Option<Failure>,
    pub resolved: bool,
    pub lesson: Option<String>,
}

impl StoryItem {
    pub fn open_horror(&self) -> bool {
        self.kind == StoryKind::Horror && !self.resolved
    }
}

/// The day twelve months before `today`: where "recent" starts.
pub fn year_before(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today)
}

impl BriefData {
    pub fn ours(&self) -> impl Iterator<Item = &Person> {
        self.attendees.iter().filter(|p| p.account_id.is_none())
    }
    pub fn theirs(&self) -> impl Iterator<Item = &Person> {
        self.attendees.iter().filter(|p| p.account_id.is_some())
    }
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.relationship.ours.iter().chain(&self.relationship.theirs).chain(&self.attendees).find(|p| p.id == id)
    }
    pub fn is_draft(&self) -> bool {
        self.meeting.state.is_draft_for_brief()
    }
    /// Whether the person is on this meeting's attendee list.
    pub fn attending(&self, person_id: Option<&str>) -> bool {
        person_id.is_some_and(|id| self.attendees.iter().any(|p| p.id == id))
    }
}

/// What every meeting with one account shares: read once per account in a pack.
#[derive(Debug, Clone)]
pub(crate) struct AccountPart {
    account: Account,
    relationship: Relationship,
    recent: Vec<Interaction>,
    plan: Option<crate::blueprint::BlueprintData>,
    care: Care,
    moves: Vec<crate::people::moves::Move>,
}

/// Account parts already read, by account id.
pub(crate) type AccountCache = std::collections::HashMap<String, AccountPart>;

pub(crate) async fn load_in(
    conn: &mut SqliteConnection,
    meeting_id: &str,
    options: &BriefOptions,
) -> Result<BriefData> {
    load_cached(conn, meeting_id, &mut AccountCache::new(), options).await
}

pub(crate) async fn load_cached(
    conn: &mut SqliteConnection,
    meeting_id: &str,
    cache: &mut AccountCache,
    options: &BriefOptions,
) -> Result<BriefData> {
    let today = options.today();
    let meeting = meetings::get_in(conn, meeting_id).await?;
    if !cache.contains_key(&meeting.account_id) {
        let part = AccountPart {
            account: accounts::get_in(conn, &meeting.account_id).await?,
            relationship: relationship::load(conn, &meeting.account_id).await?,
            recent: interactions::list_in(conn, &meeting.account_id, 0, 3).await?,
            plan: crate::blueprint::plan::current(conn, &meeting.account_id, today).await?,
            care: care_of(conn, &meeting.account_id, today).await?,
            moves: crate::people::moves::moves_in(conn, &meeting.account_id).await?,
        };
        cache.insert(meeting.account_id.clone(), part);
    }
    let AccountPart { account, relationship, recent, plan, care, moves } = cache[&meeting.account_id].clone();
    let rows = crate::store::people::list_attendees(conn, meeting_id).await?;
    let attendees = rows.into_iter().map(Person::try_from).collect::<Result<Vec<_>>>()?;
    let events = meetings::events_in(conn, meeting_id).await?;
    let promises = crate::commitments::owed(conn, &meeting.account_id, today).await?;
    let zone = meetings::zone("time_zone", &meeting.time_zone)?;
    let parse_local = |s: &str| {
        NaiveDateTime::parse_from_str(s, LOCAL_FORMAT).map_err(|e| Error::Corrupt(format!("meeting time \"{s}\": {e}")))
    };
    let parse_utc = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| Error::Corrupt(format!("meeting time \"{s}\": {e}")))
    };
    let mut data = BriefData {
        starts: parse_local(&meeting.starts_local)?,
        ends: parse_local(&meeting.ends_local)?,
        starts_utc: parse_utc(&meeting.starts_utc)?,
        ends_utc: parse_utc(&meeting.ends_utc)?,
        meeting,
        account,
        attendees,
        relationship,
        events,
        recent,
        zone,
        plan,
        today,
        care,
        moves,
        promises,
        since: None,
        ages: since::FactAges::default(),
    };
    data.since = since::load(conn, &data, options).await?;
    data.ages = since::fact_ages(conn, &data, options.home_zone.unwrap_or(chrono_tz::UTC)).await?;
    Ok(data)
}

/// The account's feedback, stories and overdue ties, as of `today`. Trashed
/// rows never show.
pub(crate) async fn care_of(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Care> {
    let since = year_before(today);
    let thank_by = today - chrono::Duration::days(THANKS_WITHIN_DAYS);
    let rows = store::brief_feedback(conn, account_id, since, thank_by).await?;
    let mut feedback = Vec::with_capacity(rows.len());
    for row in rows {
        let store::FeedbackRow { id, person_id, person_name, channel, text, theme, state, change, .. } = row;
        let state = FeedbackState::from_stored(&state)?;
        let facts = FeedbackFacts {
            state,
            received_on: row.received_on,
            reconsider_on: row.reconsider_on,
            thanked_on: row.thanked_on,
        };
        feedback.push(FeedbackItem {
            id,
            person_id,
            person_name,
            received_on: facts.received_on,
            channel: FeedbackChannel::from_stored(&channel)?,
            text,
            theme,
            state,
            change,
            visible_on: row.visible_on,
            reconsider_on: facts.reconsider_on,
            thanked_on: facts.thanked_on,
            due: care::feedback::due(&facts, today),
        });
    }

    let rows = store::brief_stories(conn, account_id, since).await?;
    let stories = rows
        .into_iter()
        .map(|r| {
            Ok(StoryItem {
                kind: StoryKind::from_stored(&r.kind)?,
                failure: r.failure.as_deref().map(Failure::from_stored).transpose()?,
                id: r.id,
                title: r.title,
                department: r.department,
                occurred_on: r.occurred_on,
                impact: r.impact,
                resolved: r.resolved,
                lesson: r.lesson,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let ties_due = store::ties_due(conn, account_id, today).await?.into_iter().map(|t| (t.id, t.due_on)).collect();

    let crate::store::accounts::Cadence { tier, cadence_days: every } =
        crate::store::accounts::cadence(conn, account_id).await?;
    let every_days = match every {
        Some(days) => days,
        None => crate::kinds::Tier::parse(&tier)?.default_cadence_days(),
    };
    Ok(Care { feedback, stories, ties_due, every_days })
}

/// What changed at the meeting's account since the last visit (or
/// `options.since`), as its brief lists it; `None` when there was no earlier
/// meeting and no day was chosen.
pub async fn since_last_visit(
    pool: &SqlitePool,
    meeting_id: &str,
    options: &BriefOptions,
) -> Result<Option<since::SinceLastVisit>> {
    Ok(load_in(&mut *pool.acquire().await?, meeting_id, options).await?.since)
}

/// The day a brief's change list starts from, as typed (YYYY-MM-DD; blank:
/// since the last visit). A bad date is a validation error on `since`.
pub fn since_day(text: Option<&str>) -> Result<Option<NaiveDate>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(Some(crate::text::date("since", t)?)),
        None => Ok(None),
    }
}

/// The brief of one meeting as a document.
pub async fn brief_document(pool: &SqlitePool, meeting_id: &str, options: &BriefOptions) -> Result<Document> {
    let data = load_in(&mut *pool.acquire().await?, meeting_id, options).await?.for_audience(options.audience);
    Ok(Document {
        title: format!("Brief: {}", data.meeting.title),
        generated: options.now,
        chapters: sections::brief_chapters(&data, options),
        audience: options.footer(),
    })
}

/// Renders a meeting's brief and writes it to `path`.
pub async fn export_brief(
    pool: &SqlitePool,
    meeting_id: &str,
    path: &Path,
    options: &BriefOptions,
) -> Result<Exported> {
    let doc = brief_document(pool, meeting_id, options).await?;
    write_document(doc, path, 1).await
}

/// Renders a pack and writes it to `path`. `progress(done, total)` is called
/// as meetings are read and chapters are laid out; returning `Break` cancels,
/// and nothing is written.
pub async fn export_pack(
    pool: &SqlitePool,
    request: &PackRequest,
    path: &Path,
    options: &BriefOptions,
    progress: impl FnMut(usize, usize) -> ControlFlow<()> + Send + 'static,
) -> Result<Exported> {
    let doc = pack::document(pool, request, options).await?;
    let meetings = u32::try_from(pack::meeting_count(&doc)).unwrap_or(u32::MAX);
    let rendered = render_blocking(doc, progress).await?;
    write_atomically(path, &rendered.bytes)?;
    Ok(exported(path, &rendered, meetings))
}

pub use self::pack::document as pack_document;

// ---------------------------------------------------------------------------
// How times read on paper

/// "Tue 24 Nov 2026", "09:30–11:00 CET"
pub(crate) fn day(t: &NaiveDateTime) -> String {
    t.format("%a %-d %b %Y").to_string()
}

/// The meeting's time where it happens: "Tue 24 Nov 2026, 09:30–11:00 CET".
pub fn local_when(data: &BriefData) -> String {
    let abbr = data.zone.from_utc_datetime(&data.starts_utc.naive_utc()).format("%Z").to_string();
    let same_day = data.starts.date() == data.ends.date();
    if same_day {
        format!(
            "{}, {}–{} {} ({})",
            day(&data.starts),
            data.starts.format("%H:%M"),
            data.ends.format("%H:%M"),
            abbr,
            data.zone.name()
        )
    } else {
        format!(
            "{} {} – {} {} {} ({})",
            day(&data.starts),
            data.starts.format("%H:%M"),
            day(&data.ends),
            data.ends.format("%H:%M"),
            abbr,
            data.zone.name()
        )
    }
}

/// The same time at the traveller's home, or `None` when home is the
/// meeting's own zone (or unknown).
pub fn home_when(data: &BriefData, home: Option<Tz>) -> Option<String> {
    let home = home?;
    if home == data.zone {
        return None;
    }
    let s = data.starts_utc.with_timezone(&home);
    let e = data.ends_utc.with_timezone(&home);
    let (sn, en) = (s.naive_local(), e.naive_local());
    let abbr = s.format("%Z");
    Some(if sn.date() == data.starts.date() && sn.date() == en.date() {
        format!("{}–{} {} at home ({})", sn.format("%H:%M"), en.format("%H:%M"), abbr, home.name())
    } else {
        format!("{} {}–{} {} at home ({})", day(&sn), sn.format("%H:%M"), en.format("%H:%M"), abbr, home.name())
    })
}

/// The same time at home, short, for tables: "08:00–09:30 GMT", with the day
/// when it differs from the meeting's own.
pub fn home_short(data: &BriefData, home: Option<Tz>) -> Option<String> {
    let home = home?;
    if home == data.zone {
        return None;
    }
    let s = data.starts_utc.with_timezone(&home);
    let e = data.ends_utc.with_timezone(&home);
    let day = if s.date_naive() == data.starts.date() { String::new() } else { s.format("%a %-d %b ").to_string() };
    Some(format!("{day}{}–{} {}", s.format("%H:%M"), e.format("%H:%M"), s.format("%Z")))
}

/// "New York" for America/New_York: how people name a zone.
pub fn zone_city(zone: Tz) -> String {
    zone.name().rsplit('/').next().unwrap_or(zone.name()).replace('_', " ")
}
