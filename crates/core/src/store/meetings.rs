//! Meetings, their attendees and their review-gate record (`meetings`,
//! `meeting_attendees`, `meeting_events`). The local and UTC times are kept
//! as the text they were stored as: the domain computed them, and the screens
//! and exports show them as written.

use sqlx::{SqliteConnection, SqlitePool};

use crate::error::Result;
use crate::kinds::{GateAction, MeetingKind, MeetingState, Side};

/// What a meeting's form sets, cleaned by the domain.
pub(crate) struct Fields<'a> {
    pub title: &'a str,
    pub kind: MeetingKind,
    pub starts_local: &'a str,
    pub ends_local: &'a str,
    pub time_zone: &'a str,
    pub starts_utc: &'a str,
    pub ends_utc: &'a str,
    pub location: Option<&'a str>,
    pub trip: Option<&'a str>,
    pub objective: Option<&'a str>,
    pub value_proposition: Option<&'a str>,
    pub asks: Option<&'a str>,
    pub talking_points: Option<&'a str>,
    pub sensitivities: Option<&'a str>,
    pub logistics: Option<&'a str>,
    pub attendees: &'a [String],
}

/// A new meeting row and its attendees.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    id: &str,
    account_id: &str,
    f: &Fields<'_>,
    state: MeetingState,
    revision: u32,
    stamp: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO meetings (id, account_id, title, kind, starts_local, ends_local, time_zone, starts_utc,
             ends_utc, location, trip, objective, value_proposition, asks, talking_points, sensitivities,
             logistics, state, revision, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)",
        id,
        account_id,
        f.title,
        f.kind,
        f.starts_local,
        f.ends_local,
        f.time_zone,
        f.starts_utc,
        f.ends_utc,
        f.location,
        f.trip,
        f.objective,
        f.value_proposition,
        f.asks,
        f.talking_points,
        f.sensitivities,
        f.logistics,
        state,
        revision,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    replace_attendees(conn, id, f.attendees).await
}

/// Rewrites a meeting's fields and attendees; the revision goes up by one.
pub(crate) async fn update(conn: &mut SqliteConnection, id: &str, f: &Fields<'_>, stamp: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE meetings SET title = ?2, kind = ?3, starts_local = ?4, ends_local = ?5, time_zone = ?6,
             starts_utc = ?7, ends_utc = ?8, location = ?9, trip = ?10, objective = ?11, value_proposition = ?12,
             asks = ?13, talking_points = ?14, sensitivities = ?15, logistics = ?16, revision = revision + 1,
             updated_at = ?17
         WHERE id = ?1",
        id,
        f.title,
        f.kind,
        f.starts_local,
        f.ends_local,
        f.time_zone,
        f.starts_utc,
        f.ends_utc,
        f.location,
        f.trip,
        f.objective,
        f.value_proposition,
        f.asks,
        f.talking_points,
        f.sensitivities,
        f.logistics,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    replace_attendees(conn, id, f.attendees).await
}

async fn replace_attendees(conn: &mut SqliteConnection, id: &str, people: &[String]) -> Result<()> {
    sqlx::query!("DELETE FROM meeting_attendees WHERE meeting_id = ?1", id).execute(&mut *conn).await?;
    for person in people {
        sqlx::query!("INSERT INTO meeting_attendees (meeting_id, person_id) VALUES (?1, ?2)", id, person)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// One meeting as stored, its attendees' ids space-separated.
pub(crate) struct MeetingRow {
    pub id: String,
    pub account_id: String,
    pub title: String,
    pub kind: MeetingKind,
    pub starts_local: String,
    pub ends_local: String,
    pub time_zone: String,
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
    pub revision: u32,
    pub attendees: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A live meeting; one of a trashed account is in the trash with it.
pub(crate) async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<MeetingRow>> {
    Ok(sqlx::query_as!(
        MeetingRow,
        r#"SELECT m.id, m.account_id, m.title, m.kind AS "kind: _", m.starts_local, m.ends_local,
                m.time_zone, m.starts_utc, m.ends_utc, m.location, m.trip, m.objective, m.value_proposition, m.asks,
                m.talking_points, m.sensitivities, m.logistics, m.state AS "state: _", m.revision AS "revision: _",
                (SELECT group_concat(person_id, ' ') FROM meeting_attendees WHERE meeting_id = m.id) AS attendees,
                m.created_at, m.updated_at
           FROM meetings m
          WHERE m.id = ?1 AND m.deleted_at IS NULL
            AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = m.account_id AND a.deleted_at IS NULL)"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Which meetings to list, worked out by the domain. Local dates are
/// inclusive; the UTC bounds only narrow the scan through the index.
pub(crate) struct ListFilter<'a> {
    pub from: Option<&'a str>,
    pub from_utc: Option<String>,
    pub to: Option<&'a str>,
    pub to_utc: Option<String>,
    pub states: &'a [MeetingState],
    pub account_id: Option<String>,
    pub trip: Option<String>,
    pub ids: &'a [String],
    pub limit: u32,
}

/// One line of a meeting list.
pub(crate) struct SummaryRow {
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
    pub ours_attending: i64,
    pub theirs_attending: i64,
}

/// Live meetings of live accounts that pass the filter, by start.
pub(crate) async fn list(conn: &mut SqliteConnection, filter: &ListFilter<'_>) -> Result<Vec<SummaryRow>> {
    let states: Vec<&str> = filter.states.iter().map(|s| s.as_str()).collect();
    // The state and id filters take JSON arrays (json_each), so the SQL is
    // the same whatever the lists hold.
    Ok(sqlx::query_as!(
        SummaryRow,
        r#"SELECT m.id, m.account_id, a.name AS account_name, m.title, m.kind AS "kind: _", m.starts_local,
                m.ends_local, m.time_zone, m.starts_utc, m.ends_utc, m.location, m.trip, m.state AS "state: _",
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
          LIMIT ?11"#,
        filter.from,
        filter.from_utc.as_deref(),
        filter.to,
        filter.to_utc.as_deref(),
        if states.is_empty() { "" } else { "x" },
        serde_json::to_string(&states).expect("strings"),
        filter.account_id.as_deref(),
        filter.trip.as_deref(),
        i64::from(!filter.ids.is_empty()),
        serde_json::to_string(filter.ids).expect("strings"),
        filter.limit
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The trips live meetings are grouped into, by name.
pub(crate) async fn trips(pool: &SqlitePool) -> Result<Vec<String>> {
    // `trip IS NOT NULL` in the filter: the column is never NULL here.
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT trip AS "trip!" FROM meetings m JOIN accounts a ON a.id = m.account_id
          WHERE m.trip IS NOT NULL AND m.deleted_at IS NULL AND a.deleted_at IS NULL
          ORDER BY trip COLLATE NOCASE"#
    )
    .fetch_all(pool)
    .await?)
}

/// One step of a meeting's gate record.
pub(crate) struct EventRow {
    pub n: u32,
    pub at: String,
    pub actor: String,
    pub action: GateAction,
    pub from_state: MeetingState,
    pub to_state: MeetingState,
    pub body: Option<String>,
    pub reply_to: Option<u32>,
}

/// A meeting's gate record, oldest first.
pub(crate) async fn events(conn: &mut SqliteConnection, id: &str) -> Result<Vec<EventRow>> {
    Ok(sqlx::query_as!(
        EventRow,
        r#"SELECT n AS "n: _", at, actor, action AS "action: _", from_state AS "from_state: _",
                  to_state AS "to_state: _", body, reply_to AS "reply_to: _"
             FROM meeting_events WHERE meeting_id = ?1 ORDER BY n"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A step through the gate, as the domain decided it.
pub(crate) struct NewEvent<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub action: GateAction,
    pub from_state: MeetingState,
    pub to_state: MeetingState,
    pub body: Option<&'a str>,
    pub reply_to: Option<u32>,
}

/// Records a step and moves the meeting to its new state (a new revision).
pub(crate) async fn record_step(conn: &mut SqliteConnection, id: &str, e: &NewEvent<'_>) -> Result<()> {
    sqlx::query!(
        "INSERT INTO meeting_events (meeting_id, at, actor, action, from_state, to_state, body, reply_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        id,
        e.at,
        e.actor,
        e.action,
        e.from_state,
        e.to_state,
        e.body,
        e.reply_to
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE meetings SET state = ?2, revision = revision + 1, updated_at = ?3 WHERE id = ?1",
        id,
        e.to_state,
        e.at
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many active, live people of each side attend.
pub(crate) struct Attending {
    pub ours: i64,
    pub theirs: i64,
}

pub(crate) async fn attending(conn: &mut SqliteConnection, id: &str) -> Result<Attending> {
    Ok(sqlx::query_as!(
        Attending,
        "SELECT coalesce(sum(p.side = 'ours'), 0) AS ours, coalesce(sum(p.side = 'theirs'), 0) AS theirs
           FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id
          WHERE ma.meeting_id = ?1 AND p.deleted_at IS NULL AND p.active = 1",
        id
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// An attendee, gone or not, as the meeting page lists them.
pub(crate) struct AttendeeRow {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub side: Side,
    pub gone: bool,
}

/// Every attendee, ours first, by level and name.
pub(crate) async fn attendees(conn: &mut SqliteConnection, id: &str) -> Result<Vec<AttendeeRow>> {
    Ok(sqlx::query_as!(
        AttendeeRow,
        r#"SELECT p.id, p.name, p.title, p.side AS "side: _", p.active = 0 OR p.deleted_at IS NOT NULL AS "gone: _"
             FROM meeting_attendees ma JOIN people p ON p.id = ma.person_id
            WHERE ma.meeting_id = ?1
            ORDER BY p.side, p.org_level, p.name COLLATE NOCASE, p.id"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A meeting that went before another, as a brief's change list starts from it.
pub(crate) struct PreviousRow {
    pub id: String,
    pub title: String,
    pub starts_local: String,
    pub ends_utc: String,
}

/// The last live, not declined meeting at the same account that began
/// before `before` (RFC 3339) and shares one of our attendees with meeting
/// `id` — any of ours when `id` has none of ours on its list.
pub(crate) async fn previous(
    conn: &mut SqliteConnection,
    id: &str,
    account_id: &str,
    before: &str,
) -> Result<Option<PreviousRow>> {
    Ok(sqlx::query_as!(
        PreviousRow,
        r#"SELECT m.id, m.title, m.starts_local, m.ends_utc FROM meetings m
            WHERE m.account_id = ?2 AND m.id <> ?1 AND m.deleted_at IS NULL AND m.state <> 'declined'
              AND m.starts_utc < ?3
              AND (NOT EXISTS (SELECT 1 FROM meeting_attendees a JOIN people p ON p.id = a.person_id
                                WHERE a.meeting_id = ?1 AND p.side = 'ours')
                   OR EXISTS (SELECT 1 FROM meeting_attendees a JOIN meeting_attendees b ON b.person_id = a.person_id
                                JOIN people p ON p.id = a.person_id
                               WHERE a.meeting_id = m.id AND b.meeting_id = ?1 AND p.side = 'ours'))
            ORDER BY m.starts_utc DESC, m.id LIMIT 1"#,
        id,
        account_id,
        before
    )
    .fetch_optional(&mut *conn)
    .await?)
}
