//! Care in the vault: feedback and its loop (`feedback`, `feedback_events`),
//! stories, the ownership answers and health record of an account, and the
//! read models of the Today screen and the portfolio, which span the book's
//! tables in one query each so they stay fast at 10,000 accounts.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
use crate::kinds::{Failure, FeedbackChannel, FeedbackState, MeetingState, OwnershipQuestion, StoryKind, ThanksHow};

// ---------------------------------------------------------------------------
// Feedback

/// One piece of feedback of a live account, with who said it (if they are
/// not in the trash) and the account's name.
#[derive(sqlx::FromRow)]
pub(crate) struct FeedbackRow {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub received_on: NaiveDate,
    pub channel: FeedbackChannel,
    pub text: String,
    pub theme: Option<String>,
    pub state: FeedbackState,
    pub change: Option<String>,
    pub visible_on: Option<NaiveDate>,
    pub reconsider_on: Option<NaiveDate>,
    pub reason: Option<String>,
    pub thanked_on: Option<NaiveDate>,
    pub thanked_how: Option<ThanksHow>,
    pub updated_at: String,
}

// Feedback of live accounts: what a trashed account holds goes with it (the
// join to the account in each query below); who said it is an outer join.

/// A query for [`FeedbackRow`]s of live accounts: the columns and joins, then
/// `$rest` (from `WHERE` on) and the arguments. The text is joined with `+`,
/// which sqlx's macros accept, so each query is still checked at compile time.
macro_rules! select_feedback {
    ($rest:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            FeedbackRow,
            r#"SELECT f.id, f.account_id, a.name AS account_name, f.person_id, p.name AS "person_name?",
        f.received_on AS "received_on: NaiveDate", f.channel AS "channel: FeedbackChannel", f.text, f.theme,
        f.state AS "state: FeedbackState", f.change, f.visible_on AS "visible_on: NaiveDate",
        f.reconsider_on AS "reconsider_on: NaiveDate", f.reason, f.thanked_on AS "thanked_on: NaiveDate",
        f.thanked_how AS "thanked_how: ThanksHow", f.updated_at
   FROM feedback f JOIN accounts a ON a.id = f.account_id AND a.deleted_at IS NULL
   LEFT JOIN people p ON p.id = f.person_id AND p.deleted_at IS NULL
"# + $rest
            $(, $arg)*
        )
    };
}

pub(crate) async fn feedback(conn: &mut SqliteConnection, id: &str) -> Result<Option<FeedbackRow>> {
    Ok(select_feedback!(r#"  WHERE f.id = ?1 AND f.deleted_at IS NULL"#, id).fetch_optional(&mut *conn).await?)
}

/// An account's feedback, newest first.
pub(crate) async fn feedback_of(pool: &SqlitePool, account_id: &str) -> Result<Vec<FeedbackRow>> {
    Ok(select_feedback!(
        r#"  WHERE f.account_id = ?1 AND f.deleted_at IS NULL ORDER BY f.received_on DESC, f.id"#,
        account_id
    )
    .fetch_all(pool)
    .await?)
}

/// Deferred feedback whose day (`reconsider_by`) has come, and feedback
/// received before `thank_by` and not thanked; oldest first.
pub(crate) async fn feedback_due(
    pool: &SqlitePool,
    reconsider_by: NaiveDate,
    thank_by: NaiveDate,
) -> Result<Vec<FeedbackRow>> {
    let (reconsider_by, thank_by) = (reconsider_by.to_string(), thank_by.to_string());
    Ok(select_feedback!(
        r#"  WHERE f.deleted_at IS NULL
    AND ((f.state = 'deferred' AND f.reconsider_on <= ?1) OR (f.thanked_on IS NULL AND f.received_on < ?2))
  ORDER BY f.received_on, f.id"#,
        reconsider_by,
        thank_by
    )
    .fetch_all(pool)
    .await?)
}

/// What was said, as the form gives it.
pub(crate) struct FeedbackFields<'a> {
    pub person_id: Option<&'a str>,
    pub received_on: NaiveDate,
    pub channel: FeedbackChannel,
    pub text: &'a str,
    pub theme: Option<&'a str>,
}

pub(crate) async fn insert_feedback(
    conn: &mut SqliteConnection,
    id: &str,
    account_id: &str,
    f: &FeedbackFields<'_>,
    stamp: &str,
) -> Result<()> {
    let received_on = f.received_on.to_string();
    sqlx::query!(
        "INSERT INTO feedback (id, account_id, person_id, received_on, channel, text, theme, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        id,
        account_id,
        f.person_id,
        received_on,
        f.channel,
        f.text,
        f.theme,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Corrects what was said; the state is untouched.
pub(crate) async fn update_feedback(
    conn: &mut SqliteConnection,
    id: &str,
    f: &FeedbackFields<'_>,
    stamp: &str,
) -> Result<()> {
    let received_on = f.received_on.to_string();
    sqlx::query!(
        "UPDATE feedback SET person_id = ?2, received_on = ?3, channel = ?4, text = ?5, theme = ?6, updated_at = ?7
          WHERE id = ?1",
        id,
        f.person_id,
        received_on,
        f.channel,
        f.text,
        f.theme,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where the loop stands after a step.
pub(crate) struct FeedbackOutcome<'a> {
    pub state: FeedbackState,
    pub change: Option<&'a str>,
    pub visible_on: Option<NaiveDate>,
    pub reconsider_on: Option<NaiveDate>,
    pub reason: Option<&'a str>,
}

pub(crate) async fn set_outcome(
    conn: &mut SqliteConnection,
    id: &str,
    o: &FeedbackOutcome<'_>,
    stamp: &str,
) -> Result<()> {
    let visible_on = o.visible_on.map(|d| d.to_string());
    let reconsider_on = o.reconsider_on.map(|d| d.to_string());
    sqlx::query!(
        "UPDATE feedback SET state = ?2, change = ?3, visible_on = ?4, reconsider_on = ?5, reason = ?6, updated_at = ?7
          WHERE id = ?1",
        id,
        o.state,
        o.change,
        visible_on,
        reconsider_on,
        o.reason,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn set_thanked(
    conn: &mut SqliteConnection,
    id: &str,
    on: NaiveDate,
    how: ThanksHow,
    stamp: &str,
) -> Result<()> {
    let on = on.to_string();
    sqlx::query!(
        "UPDATE feedback SET thanked_on = ?2, thanked_how = ?3, updated_at = ?4 WHERE id = ?1",
        id,
        on,
        how,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One step of the loop, with who and when.
#[derive(sqlx::FromRow)]
pub(crate) struct FeedbackEventRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from_state: FeedbackState,
    pub to_state: FeedbackState,
    pub note: Option<String>,
}

pub(crate) async fn record_event(conn: &mut SqliteConnection, id: &str, e: &FeedbackEventRow) -> Result<()> {
    sqlx::query!(
        "INSERT INTO feedback_events (feedback_id, at, actor, action, from_state, to_state, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        id,
        e.at,
        e.actor,
        e.action,
        e.from_state,
        e.to_state,
        e.note
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The steps of a piece of feedback's loop, oldest first; none while it is in the trash.
pub(crate) async fn events(pool: &SqlitePool, id: &str) -> Result<Vec<FeedbackEventRow>> {
    Ok(sqlx::query_as!(
        FeedbackEventRow,
        r#"SELECT e.at, e.actor, e.action, e.from_state AS "from_state: FeedbackState",
                e.to_state AS "to_state: FeedbackState", e.note
           FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id AND f.deleted_at IS NULL
          WHERE e.feedback_id = ?1 ORDER BY e.n"#,
        id
    )
    .fetch_all(pool)
    .await?)
}

// ---------------------------------------------------------------------------
// Stories

#[derive(sqlx::FromRow)]
pub(crate) struct StoryRow {
    pub id: String,
    pub account_id: String,
    pub kind: StoryKind,
    pub title: String,
    pub department: String,
    pub occurred_on: NaiveDate,
    pub impact: Option<String>,
    pub failure: Option<Failure>,
    pub resolved: bool,
    pub lesson: Option<String>,
    pub updated_at: String,
}

/// A live story of a live account.
pub(crate) async fn story(conn: &mut SqliteConnection, id: &str) -> Result<Option<StoryRow>> {
    Ok(sqlx::query_as!(
        StoryRow,
        r#"SELECT s.id, s.account_id, s.kind AS "kind: StoryKind", s.title, s.department,
                s.occurred_on AS "occurred_on: NaiveDate", s.impact, s.failure AS "failure: Failure",
                s.resolved AS "resolved: bool", s.lesson, s.updated_at
           FROM stories s
          WHERE s.id = ?1 AND s.deleted_at IS NULL
            AND s.account_id IN (SELECT id FROM accounts WHERE deleted_at IS NULL)"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// One account's stories (or every live account's), newest first.
pub(crate) async fn stories(pool: &SqlitePool, account_id: Option<&str>) -> Result<Vec<StoryRow>> {
    Ok(sqlx::query_as!(
        StoryRow,
        r#"SELECT s.id, s.account_id, s.kind AS "kind: StoryKind", s.title, s.department,
                s.occurred_on AS "occurred_on: NaiveDate", s.impact, s.failure AS "failure: Failure",
                s.resolved AS "resolved: bool", s.lesson, s.updated_at
           FROM stories s JOIN accounts a ON a.id = s.account_id AND a.deleted_at IS NULL
          WHERE s.deleted_at IS NULL AND (?1 IS NULL OR s.account_id = ?1)
          ORDER BY s.occurred_on DESC, s.id"#,
        account_id
    )
    .fetch_all(pool)
    .await?)
}

/// What the story form sets.
pub(crate) struct StoryFields<'a> {
    pub kind: StoryKind,
    pub title: &'a str,
    pub department: &'a str,
    pub occurred_on: NaiveDate,
    pub impact: Option<&'a str>,
    pub failure: Option<Failure>,
    pub resolved: bool,
    pub lesson: Option<&'a str>,
}

pub(crate) async fn insert_story(
    conn: &mut SqliteConnection,
    id: &str,
    account_id: &str,
    s: &StoryFields<'_>,
    stamp: &str,
) -> Result<()> {
    let occurred_on = s.occurred_on.to_string();
    sqlx::query!(
        "INSERT INTO stories (id, account_id, kind, title, department, occurred_on, impact, failure, resolved, lesson,
                              created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        id,
        account_id,
        s.kind,
        s.title,
        s.department,
        occurred_on,
        s.impact,
        s.failure,
        s.resolved,
        s.lesson,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn update_story(
    conn: &mut SqliteConnection,
    id: &str,
    s: &StoryFields<'_>,
    stamp: &str,
) -> Result<()> {
    let occurred_on = s.occurred_on.to_string();
    sqlx::query!(
        "UPDATE stories SET kind = ?2, title = ?3, department = ?4, occurred_on = ?5, impact = ?6, failure = ?7,
                            resolved = ?8, lesson = ?9, updated_at = ?10
          WHERE id = ?1",
        id,
        s.kind,
        s.title,
        s.department,
        occurred_on,
        s.impact,
        s.failure,
        s.resolved,
        s.lesson,
        stamp
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// One account's care

/// A live account's tier, its own target interval if set, and when it was added.
#[derive(sqlx::FromRow)]
pub(crate) struct Target {
    pub tier: String,
    pub cadence_days: Option<u32>,
    /// As stored; its calendar day is the one written in it.
    pub created_at: DateTime<FixedOffset>,
}

pub(crate) async fn target(conn: &mut SqliteConnection, account_id: &str) -> Result<Option<Target>> {
    Ok(sqlx::query_as!(
        Target,
        r#"SELECT tier, cadence_days AS "cadence_days: u32", created_at AS "created_at: DateTime<FixedOffset>"
             FROM accounts WHERE id = ?1 AND deleted_at IS NULL"#,
        account_id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Sets an account's target interval (`None`: the tier's default).
pub(crate) async fn set_cadence(conn: &mut SqliteConnection, account_id: &str, every_days: Option<u32>) -> Result<()> {
    sqlx::query!("UPDATE accounts SET cadence_days = ?2 WHERE id = ?1", account_id, every_days)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One interaction and the highest level (lowest number) of theirs in it.
#[derive(sqlx::FromRow)]
pub(crate) struct ContactRow {
    pub occurred_on: NaiveDate,
    pub their_level: Option<i64>,
}

/// An account's live interactions on or after `since`.
pub(crate) async fn contacts(
    conn: &mut SqliteConnection,
    account_id: &str,
    since: NaiveDate,
) -> Result<Vec<ContactRow>> {
    let since = since.to_string();
    // No one of theirs in an interaction leaves its level null.
    Ok(sqlx::query_as!(
        ContactRow,
        r#"SELECT i.occurred_on AS "occurred_on!: NaiveDate", min(p.org_level) AS "their_level?: i64"
           FROM interactions i
           LEFT JOIN interaction_people ip ON ip.interaction_id = i.id
           LEFT JOIN people p ON p.id = ip.person_id AND p.side = 'theirs' AND p.deleted_at IS NULL
          WHERE i.account_id = ?1 AND i.deleted_at IS NULL AND i.occurred_on >= ?2
          GROUP BY i.id"#,
        account_id,
        since
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The last live interaction on or before `today`, however long ago.
pub(crate) async fn last_contact(
    conn: &mut SqliteConnection,
    account_id: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>> {
    let today = today.to_string();
    // The max of no interactions is null.
    Ok(sqlx::query_scalar!(
        r#"SELECT max(occurred_on) AS "last?: NaiveDate" FROM interactions
            WHERE account_id = ?1 AND deleted_at IS NULL AND occurred_on <= ?2"#,
        account_id,
        today
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// An account's feedback received since a day, and how much of it is late.
#[derive(sqlx::FromRow)]
pub(crate) struct FeedbackCounts {
    pub received: i64,
    /// Nobody picked it up before `ignored_before`.
    pub ignored: i64,
    /// Not thanked and received before `unthanked_before`.
    pub unthanked: i64,
    /// Late either way (counted once).
    pub late: i64,
}

pub(crate) async fn feedback_counts(
    conn: &mut SqliteConnection,
    account_id: &str,
    since: NaiveDate,
    ignored_before: NaiveDate,
    unthanked_before: NaiveDate,
) -> Result<FeedbackCounts> {
    let (since, ignored_before, unthanked_before) =
        (since.to_string(), ignored_before.to_string(), unthanked_before.to_string());
    // Counts and coalesced sums are never null.
    Ok(sqlx::query_as!(
        FeedbackCounts,
        r#"SELECT count(*) AS "received!: i64", coalesce(sum(ignored), 0) AS "ignored!: i64",
                coalesce(sum(unthanked), 0) AS "unthanked!: i64", coalesce(sum(ignored OR unthanked), 0) AS "late!: i64"
           FROM (SELECT state = 'new' AND received_on < ?3 AS ignored,
                        thanked_on IS NULL AND received_on < ?4 AS unthanked
                   FROM feedback WHERE account_id = ?1 AND deleted_at IS NULL AND received_on >= ?2)"#,
        account_id,
        since,
        ignored_before,
        unthanked_before
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// An account's live horror stories not yet resolved.
pub(crate) async fn open_horror(conn: &mut SqliteConnection, account_id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "open!: i64" FROM stories WHERE account_id = ?1 AND deleted_at IS NULL AND kind = 'horror'
           AND resolved = 0"#,
        account_id
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// An account's ownership answers.
#[derive(sqlx::FromRow)]
pub(crate) struct OwnershipRow {
    pub question: OwnershipQuestion,
    pub answer: String,
}

pub(crate) async fn ownership(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<OwnershipRow>> {
    Ok(sqlx::query_as!(
        OwnershipRow,
        r#"SELECT question AS "question: OwnershipQuestion", answer FROM ownership_answers WHERE account_id = ?1"#,
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

pub(crate) async fn ownership_answered(conn: &mut SqliteConnection, account_id: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "answered!: i64" FROM ownership_answers WHERE account_id = ?1"#,
        account_id
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// Answers one ownership question; `None` clears it.
pub(crate) async fn set_ownership(
    conn: &mut SqliteConnection,
    account_id: &str,
    question: OwnershipQuestion,
    answer: Option<&str>,
    stamp: &str,
) -> Result<()> {
    match answer {
        Some(a) => {
            sqlx::query!(
                "INSERT INTO ownership_answers (account_id, question, answer, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id, question) DO UPDATE SET answer = excluded.answer,
                                                                  updated_at = excluded.updated_at",
                account_id,
                question,
                a,
                stamp
            )
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query!("DELETE FROM ownership_answers WHERE account_id = ?1 AND question = ?2", account_id, question)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Keeps one day's score (one row per account per day; the day's last wins).
pub(crate) async fn record_score(
    conn: &mut SqliteConnection,
    account_id: &str,
    on: NaiveDate,
    score: u32,
    parts: &str,
) -> Result<()> {
    let on = on.to_string();
    sqlx::query!(
        "INSERT INTO health_history (account_id, on_date, score, parts) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, on_date) DO UPDATE SET score = excluded.score, parts = excluded.parts",
        account_id,
        on,
        score,
        parts
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub(crate) struct ScoreRow {
    pub on_date: NaiveDate,
    pub score: u32,
}

/// The last two years of recorded scores, oldest first.
pub(crate) async fn scores(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<ScoreRow>> {
    let mut rows: Vec<ScoreRow> = sqlx::query_as!(
        ScoreRow,
        r#"SELECT on_date AS "on_date: NaiveDate", score AS "score: u32" FROM health_history
            WHERE account_id = ?1 ORDER BY on_date DESC LIMIT 730"#,
        account_id
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.reverse();
    Ok(rows)
}

/// A live tie with a cadence of its own, between two active live people.
#[derive(sqlx::FromRow)]
pub(crate) struct TieRow {
    pub id: String,
    pub ours_name: String,
    pub theirs_name: String,
    pub cadence_days: u32,
    pub last_contact: Option<NaiveDate>,
    pub created_at: DateTime<FixedOffset>,
}

pub(crate) async fn ties_with_cadence(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<TieRow>> {
    // `cadence_days IS NOT NULL` is in the filter.
    Ok(sqlx::query_as!(
        TieRow,
        r#"SELECT c.id, o.name AS ours_name, t.name AS theirs_name, c.cadence_days AS "cadence_days!: u32",
                c.last_contact AS "last_contact: NaiveDate", c.created_at AS "created_at: DateTime<FixedOffset>"
           FROM connections c JOIN people o ON o.id = c.ours_id JOIN people t ON t.id = c.theirs_id
          WHERE c.account_id = ?1 AND c.deleted_at IS NULL AND c.cadence_days IS NOT NULL
            AND o.deleted_at IS NULL AND t.deleted_at IS NULL AND o.active = 1 AND t.active = 1
          ORDER BY o.name, t.name"#,
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

// ---------------------------------------------------------------------------
// The portfolio

/// The latest live blueprint of an account, whether a revision of it is
/// approved, and how many of its goals are past their date and not done.
#[derive(sqlx::FromRow)]
pub(crate) struct LatestBlueprint {
    pub account_id: String,
    pub stage: String,
    pub approved: bool,
    pub goals_overdue: i64,
}

/// Every live blueprint, the latest of each account first.
pub(crate) async fn blueprints_by_account(
    conn: &mut SqliteConnection,
    today: NaiveDate,
) -> Result<Vec<LatestBlueprint>> {
    let today = today.to_string();
    // EXISTS and a count are never null.
    Ok(sqlx::query_as!(
        LatestBlueprint,
        r#"SELECT b.account_id, b.stage,
                EXISTS (SELECT 1 FROM blueprint_revisions r WHERE r.blueprint_id = b.id) AS "approved!: bool",
                (SELECT count(*) FROM blueprint_goals g
                  WHERE g.blueprint_id = b.id AND g.status <> 'done' AND g.target_date < ?1) AS "goals_overdue!: i64"
           FROM blueprints b
          WHERE b.deleted_at IS NULL
          ORDER BY b.account_id, b.starts_on DESC, b.id"#,
        today
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The next meeting of an account that is not declined.
#[derive(sqlx::FromRow)]
pub(crate) struct NextMeeting {
    pub account_id: String,
    pub starts_utc: String,
    pub title: String,
    pub starts_local: String,
}

pub(crate) async fn next_meetings(conn: &mut SqliteConnection, from: &str) -> Result<Vec<NextMeeting>> {
    // SQLite gives the bare columns of the row holding the minimum.
    // A group's columns read as nullable to sqlx; each group has a meeting.
    Ok(sqlx::query_as!(
        NextMeeting,
        r#"SELECT account_id AS "account_id!", min(starts_utc) AS "starts_utc!: String", title AS "title!",
                starts_local AS "starts_local!"
           FROM meetings
          WHERE deleted_at IS NULL AND state <> 'declined' AND starts_utc >= ?1
          GROUP BY account_id"#,
        from
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// One account's summary line, as the JSON array below writes it (the
/// fields in the order of its columns).
#[derive(Deserialize)]
pub(crate) struct SummaryLine {
    pub account_id: String,
    pub name: String,
    pub tier: String,
    pub currency: Option<String>,
    pub revenue: Option<i64>,
    pub margin: Option<i64>,
    pub health: Option<u32>,
    pub health_on: Option<String>,
    pub trend: Option<i32>,
    pub owner: Option<String>,
    pub sponsor: Option<String>,
    pub flags: String,
    pub backslides: String,
    pub due_on: Option<NaiveDate>,
}

/// Every account's summary line. SQLite builds the rows as one JSON array:
/// 10,000 rows cross from the database in one value instead of one message
/// each, which is most of the cost at that size. The array is joined as text
/// (`group_concat`), not by `json_group_array`, which parses every row's
/// array again as JSON: half the time at 10,000 accounts.
pub(crate) async fn summary_lines(conn: &mut SqliteConnection) -> Result<Vec<SummaryLine>> {
    // An aggregate over no rows gives one row; the brackets make it an array.
    let json: String = sqlx::query_scalar!(
        r#"SELECT '[' || coalesce(group_concat(json_array(account_id, name, tier, currency, annual_revenue,
                annual_margin, health, health_on, health_trend, owner_name, sponsor_name, flags, backslides, due_on),
                ','), '') || ']' AS "lines!: String"
           FROM account_summaries"#
    )
    .fetch_one(&mut *conn)
    .await?;
    serde_json::from_str(&json).map_err(|e| Error::Corrupt(format!("portfolio rows: {e}")))
}

/// Accounts with no score for `today` (or a later day), by id.
pub(crate) async fn unscored(pool: &SqlitePool, today: NaiveDate) -> Result<Vec<String>> {
    let today = today.to_string();
    Ok(sqlx::query_scalar!(
        "SELECT account_id FROM account_summaries WHERE health_on IS NULL OR health_on < ?1 ORDER BY account_id",
        today
    )
    .fetch_all(pool)
    .await?)
}

// ---------------------------------------------------------------------------
// Today

/// A meeting on the Today screen.
#[derive(sqlx::FromRow)]
pub(crate) struct TodayMeeting {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub title: String,
    pub starts_local: String,
    pub time_zone: String,
    pub state: MeetingState,
}

/// Visits waiting for the executive (submitted before challenged), oldest first.
pub(crate) async fn awaiting_review(conn: &mut SqliteConnection) -> Result<Vec<TodayMeeting>> {
    Ok(sqlx::query_as!(
        TodayMeeting,
        r#"SELECT m.id, m.account_id, a.name AS account_name, m.title, m.starts_local, m.time_zone,
                m.state AS "state: MeetingState"
           FROM meetings m JOIN accounts a ON a.id = m.account_id AND a.deleted_at IS NULL
          WHERE m.deleted_at IS NULL AND m.state IN ('submitted', 'challenged')
          ORDER BY m.state DESC, m.starts_utc"#
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Meetings starting in `[from, until)` (UTC instants as stored), declined ones left out.
pub(crate) async fn meetings_between(
    conn: &mut SqliteConnection,
    from: &str,
    until: &str,
) -> Result<Vec<TodayMeeting>> {
    Ok(sqlx::query_as!(
        TodayMeeting,
        r#"SELECT m.id, m.account_id, a.name AS account_name, m.title, m.starts_local, m.time_zone,
                m.state AS "state: MeetingState"
           FROM meetings m JOIN accounts a ON a.id = m.account_id AND a.deleted_at IS NULL
          WHERE m.deleted_at IS NULL AND m.state NOT IN ('declined') AND m.starts_utc >= ?1 AND m.starts_utc < ?2
          ORDER BY m.starts_utc"#,
        from,
        until
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// An account past its due day, with what its cadence is worked out from.
#[derive(sqlx::FromRow)]
pub(crate) struct OverdueAccount {
    pub account_id: String,
    pub name: String,
    pub last_contact: Option<NaiveDate>,
    pub created_at: DateTime<FixedOffset>,
    pub every_days: i64,
}

/// The tiers' default intervals, for accounts without their own.
pub(crate) struct TierDays {
    pub strategic: u32,
    pub key: u32,
    pub growth: u32,
}

/// Accounts due before `today`, most overdue first (at most `limit`), and how many in all.
pub(crate) async fn overdue_accounts(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    defaults: &TierDays,
    limit: i64,
) -> Result<(Vec<OverdueAccount>, i64)> {
    let day = today.to_string();
    // The tier's default stands in for an interval of the account's own.
    let rows = sqlx::query_as!(
        OverdueAccount,
        r#"SELECT s.account_id, s.name, s.last_contact AS "last_contact: NaiveDate",
                a.created_at AS "created_at: DateTime<FixedOffset>",
                coalesce(a.cadence_days, CASE s.tier WHEN 'strategic' THEN ?2 WHEN 'key' THEN ?3 ELSE ?4 END)
                  AS "every_days!: i64"
           FROM account_summaries s JOIN accounts a ON a.id = s.account_id
          WHERE s.due_on < ?1
          ORDER BY s.due_on, s.name
          LIMIT ?5"#,
        day,
        defaults.strategic,
        defaults.key,
        defaults.growth,
        limit
    )
    .fetch_all(&mut *conn)
    .await?;
    let total =
        sqlx::query_scalar!(r#"SELECT count(*) AS "total!: i64" FROM account_summaries WHERE due_on < ?1"#, day)
            .fetch_one(&mut *conn)
            .await?;
    Ok((rows, total))
}

/// A tie past its own cadence.
#[derive(sqlx::FromRow)]
pub(crate) struct OverdueTie {
    pub account_id: String,
    pub account_name: String,
    pub ours_name: String,
    pub theirs_name: String,
    pub cadence_days: i64,
    pub last_contact: Option<NaiveDate>,
    pub created_at: DateTime<FixedOffset>,
}

/// Ties due before `today` (the refresh keeps each tie's due day, cleared
/// while its account or either person is in the trash), most overdue first
/// (at most `limit`), and how many in all.
pub(crate) async fn overdue_ties(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    limit: i64,
) -> Result<(Vec<OverdueTie>, i64)> {
    let day = today.to_string();
    // A tie with a due day has a cadence (the refresh sets one from the other).
    let rows = sqlx::query_as!(
        OverdueTie,
        r#"SELECT c.account_id, a.name AS account_name, o.name AS ours_name, t.name AS theirs_name,
                c.cadence_days AS "cadence_days!: i64", c.last_contact AS "last_contact: NaiveDate",
                c.created_at AS "created_at: DateTime<FixedOffset>"
           FROM connections c
           JOIN accounts a ON a.id = c.account_id AND a.deleted_at IS NULL
           JOIN people o ON o.id = c.ours_id
           JOIN people t ON t.id = c.theirs_id
          WHERE c.due_on IS NOT NULL AND c.deleted_at IS NULL AND c.due_on < ?1
          ORDER BY c.due_on, a.name, o.name
          LIMIT ?2"#,
        day,
        limit
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "total!: i64" FROM connections c
            WHERE c.due_on IS NOT NULL AND c.deleted_at IS NULL AND c.due_on < ?1"#,
        day
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((rows, total))
}

/// A goal of an approved blueprint past its date and not done.
#[derive(sqlx::FromRow)]
pub(crate) struct OverdueGoal {
    pub blueprint_id: String,
    pub account_id: String,
    pub account_name: String,
    pub title: String,
    pub target_date: NaiveDate,
    pub owner_name: Option<String>,
}

pub(crate) async fn overdue_goals(conn: &mut SqliteConnection, today: NaiveDate) -> Result<Vec<OverdueGoal>> {
    let today = today.to_string();
    // A goal without a date is never past it (the filter below).
    Ok(sqlx::query_as!(
        OverdueGoal,
        r#"SELECT b.id AS blueprint_id, b.account_id, a.name AS account_name, g.title,
                g.target_date AS "target_date!: NaiveDate", o.name AS "owner_name?"
           FROM blueprint_goals g
           JOIN blueprints b ON b.id = g.blueprint_id AND b.deleted_at IS NULL
           JOIN accounts a ON a.id = b.account_id AND a.deleted_at IS NULL
           LEFT JOIN people o ON o.id = g.owner_id AND o.deleted_at IS NULL
          WHERE g.status <> 'done' AND g.target_date < ?1
            AND EXISTS (SELECT 1 FROM blueprint_revisions r WHERE r.blueprint_id = b.id)
          ORDER BY g.target_date, a.name"#,
        today
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A live account whose annual customer review is due.
#[derive(sqlx::FromRow)]
pub(crate) struct ReviewDue {
    pub id: String,
    pub name: String,
    pub next_customer_review: NaiveDate,
}

/// Live accounts with a customer review on or before `horizon`, soonest first.
pub(crate) async fn reviews_due(conn: &mut SqliteConnection, horizon: NaiveDate) -> Result<Vec<ReviewDue>> {
    let horizon = horizon.to_string();
    // `next_customer_review IS NOT NULL` is in the filter.
    Ok(sqlx::query_as!(
        ReviewDue,
        r#"SELECT id, name, next_customer_review AS "next_customer_review!: NaiveDate" FROM accounts
          WHERE deleted_at IS NULL AND next_customer_review IS NOT NULL AND next_customer_review <= ?1
          ORDER BY next_customer_review, name"#,
        horizon
    )
    .fetch_all(&mut *conn)
    .await?)
}
