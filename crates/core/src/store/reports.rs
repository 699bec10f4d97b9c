//! Store: what the documents (briefs, packs, the annual review) read beyond
//! each aggregate's own rows: the blueprint a brief reports on, the care
//! items of the year, and the dated history a review compares two years on.

use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

use super::Timestamp;
use crate::error::Result;

/// The blueprint a brief reports on: the account's latest approved one, or
/// failing that the latest being worked on.
pub(crate) async fn plan_blueprint(conn: &mut SqliteConnection, account_id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT b.id FROM blueprints b
          WHERE b.account_id = ?1 AND b.deleted_at IS NULL
          ORDER BY EXISTS (SELECT 1 FROM blueprint_revisions r WHERE r.blueprint_id = b.id) DESC,
                   b.starts_on DESC, b.id
          LIMIT 1",
        account_id,
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// A piece of feedback as a brief reads it.
pub(crate) struct FeedbackRow {
    pub(crate) id: String,
    pub(crate) person_id: Option<String>,
    /// The person, unless they are in the trash.
    pub(crate) person_name: Option<String>,
    pub(crate) received_on: NaiveDate,
    pub(crate) channel: String,
    pub(crate) text: String,
    pub(crate) theme: Option<String>,
    pub(crate) state: String,
    pub(crate) change: Option<String>,
    pub(crate) visible_on: Option<NaiveDate>,
    pub(crate) reconsider_on: Option<NaiveDate>,
    pub(crate) thanked_on: Option<NaiveDate>,
}

/// The account's live feedback that is open, done since `since`, or still
/// unthanked though received before `thank_by`; newest first.
pub(crate) async fn brief_feedback(
    conn: &mut SqliteConnection,
    account_id: &str,
    since: NaiveDate,
    thank_by: NaiveDate,
) -> Result<Vec<FeedbackRow>> {
    Ok(sqlx::query_as!(
        FeedbackRow,
        r#"SELECT f.id, f.person_id, p.name AS person_name, f.received_on AS "received_on: NaiveDate", f.channel,
                f.text, f.theme, f.state, f.change, f.visible_on AS "visible_on: NaiveDate",
                f.reconsider_on AS "reconsider_on: NaiveDate", f.thanked_on AS "thanked_on: NaiveDate"
           FROM feedback f LEFT JOIN people p ON p.id = f.person_id AND p.deleted_at IS NULL
          WHERE f.account_id = ?1 AND f.deleted_at IS NULL
            AND (f.state IN ('new', 'acting', 'deferred')
                 OR (f.state = 'done' AND f.visible_on >= ?2)
                 OR (f.thanked_on IS NULL AND f.received_on < ?3))
          ORDER BY f.received_on DESC, f.id"#,
        account_id,
        since,
        thank_by,
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A story as a brief reads it.
pub(crate) struct StoryRow {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) department: String,
    pub(crate) occurred_on: NaiveDate,
    pub(crate) impact: Option<String>,
    pub(crate) failure: Option<String>,
    pub(crate) resolved: bool,
    pub(crate) lesson: Option<String>,
}

/// The account's live stories since `since` and every unresolved horror
/// story, newest first.
pub(crate) async fn brief_stories(
    conn: &mut SqliteConnection,
    account_id: &str,
    since: NaiveDate,
) -> Result<Vec<StoryRow>> {
    Ok(sqlx::query_as!(
        StoryRow,
        r#"SELECT id, kind, title, department, occurred_on AS "occurred_on: NaiveDate", impact, failure,
                resolved AS "resolved: bool", lesson
           FROM stories
          WHERE account_id = ?1 AND deleted_at IS NULL
            AND (occurred_on >= ?2 OR (kind = 'horror' AND resolved = 0))
          ORDER BY occurred_on DESC, id"#,
        account_id,
        since,
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A tie past its cadence and the day it fell due.
pub(crate) struct TieDue {
    pub(crate) id: String,
    pub(crate) due_on: NaiveDate,
}

/// The account's live ties due before `today`, by due day. The summary
/// refresh keeps each tie's due day (cleared when either end has left or is
/// in the trash).
pub(crate) async fn ties_due(conn: &mut SqliteConnection, account_id: &str, today: NaiveDate) -> Result<Vec<TieDue>> {
    // `due_on IS NOT NULL` in the WHERE clause, which SQLite's nullability
    // inference does not see: hence the `!`.
    Ok(sqlx::query_as!(
        TieDue,
        r#"SELECT id, due_on AS "due_on!: NaiveDate" FROM connections
          WHERE account_id = ?1 AND deleted_at IS NULL AND due_on IS NOT NULL AND due_on < ?2
          ORDER BY due_on, id"#,
        account_id,
        today,
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A live blueprint's period.
pub(crate) struct Period {
    pub(crate) id: String,
    pub(crate) starts_on: NaiveDate,
    pub(crate) ends_on: NaiveDate,
}

/// The account's live blueprints, oldest period first.
pub(crate) async fn blueprint_periods(pool: &SqlitePool, account_id: &str) -> Result<Vec<Period>> {
    Ok(sqlx::query_as!(
        Period,
        r#"SELECT id, starts_on AS "starts_on: NaiveDate", ends_on AS "ends_on: NaiveDate" FROM blueprints
          WHERE account_id = ?1 AND deleted_at IS NULL
          ORDER BY starts_on, id"#,
        account_id,
    )
    .fetch_all(pool)
    .await?)
}

/// A day's recorded health score, with its parts as stored (JSON).
pub(crate) struct ScoreRow {
    pub(crate) on_date: NaiveDate,
    pub(crate) score: u32,
    pub(crate) parts: String,
}

/// The account's recorded scores after `from` up to `to`, oldest first.
pub(crate) async fn scores(
    pool: &SqlitePool,
    account_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ScoreRow>> {
    Ok(sqlx::query_as!(
        ScoreRow,
        r#"SELECT on_date AS "on_date: NaiveDate", score AS "score: u32", parts FROM health_history
          WHERE account_id = ?1 AND on_date > ?2 AND on_date <= ?3 ORDER BY on_date"#,
        account_id,
        from,
        to,
    )
    .fetch_all(pool)
    .await?)
}

/// One of their live people in a live interaction (or the interaction
/// alone, with no person, when none of theirs was there).
pub(crate) struct MetRow {
    pub(crate) id: String,
    pub(crate) occurred_on: NaiveDate,
    pub(crate) person_id: Option<String>,
    pub(crate) org_level: Option<i64>,
}

/// The account's interactions after `from` up to `to`, oldest first, one row
/// per person of theirs in each.
pub(crate) async fn met(pool: &SqlitePool, account_id: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<MetRow>> {
    Ok(sqlx::query_as!(
        MetRow,
        r#"SELECT i.id, i.occurred_on AS "occurred_on: NaiveDate", p.id AS person_id, p.org_level
           FROM interactions i
           LEFT JOIN interaction_people ip ON ip.interaction_id = i.id
           LEFT JOIN people p ON p.id = ip.person_id AND p.side = 'theirs' AND p.deleted_at IS NULL
          WHERE i.account_id = ?1 AND i.deleted_at IS NULL AND i.occurred_on > ?2 AND i.occurred_on <= ?3
          ORDER BY i.occurred_on, i.id"#,
        account_id,
        from,
        to,
    )
    .fetch_all(pool)
    .await?)
}

/// When one of their people was recorded, last changed and trashed.
pub(crate) struct TheirsRow {
    pub(crate) created_at: Timestamp,
    pub(crate) active: bool,
    pub(crate) updated_at: Timestamp,
    pub(crate) deleted_at: Option<Timestamp>,
}

/// Every one of the account's people, trashed or not.
pub(crate) async fn theirs(pool: &SqlitePool, account_id: &str) -> Result<Vec<TheirsRow>> {
    Ok(sqlx::query_as!(
        TheirsRow,
        r#"SELECT created_at AS "created_at: Timestamp", active AS "active: bool", updated_at AS "updated_at: Timestamp",
                deleted_at AS "deleted_at: Timestamp"
           FROM people WHERE account_id = ?1 AND side = 'theirs'"#,
        account_id,
    )
    .fetch_all(pool)
    .await?)
}

/// A tie, trashed or not, with whether both its people are live.
pub(crate) struct TieRow {
    pub(crate) id: String,
    pub(crate) ours_id: String,
    pub(crate) theirs_id: String,
    pub(crate) cadence_days: Option<u32>,
    pub(crate) created_at: Timestamp,
    pub(crate) deleted_at: Option<Timestamp>,
    pub(crate) people_live: bool,
}

/// Every tie of the account, by id.
pub(crate) async fn ties(pool: &SqlitePool, account_id: &str) -> Result<Vec<TieRow>> {
    Ok(sqlx::query_as!(
        TieRow,
        r#"SELECT c.id, c.ours_id, c.theirs_id, c.cadence_days AS "cadence_days: u32",
                c.created_at AS "created_at: Timestamp", c.deleted_at AS "deleted_at: Timestamp",
                o.deleted_at IS NULL AND t.deleted_at IS NULL AS "people_live: bool"
           FROM connections c JOIN people o ON o.id = c.ours_id JOIN people t ON t.id = c.theirs_id
          WHERE c.account_id = ?1
          ORDER BY c.id"#,
        account_id,
    )
    .fetch_all(pool)
    .await?)
}

/// A day the two people of a tie with a cadence were in the same live
/// interaction.
pub(crate) struct TieContact {
    pub(crate) id: String,
    pub(crate) occurred_on: NaiveDate,
}

/// Contacts on the account's ties with a cadence up to `to`, by tie, oldest
/// first.
pub(crate) async fn tie_contacts(pool: &SqlitePool, account_id: &str, to: NaiveDate) -> Result<Vec<TieContact>> {
    Ok(sqlx::query_as!(
        TieContact,
        r#"SELECT c.id, i.occurred_on AS "occurred_on: NaiveDate"
           FROM connections c
           JOIN interaction_people a ON a.person_id = c.ours_id
           JOIN interaction_people b ON b.interaction_id = a.interaction_id AND b.person_id = c.theirs_id
           JOIN interactions i ON i.id = a.interaction_id AND i.deleted_at IS NULL
          WHERE c.account_id = ?1 AND c.cadence_days IS NOT NULL AND i.occurred_on <= ?2
          ORDER BY c.id, i.occurred_on"#,
        account_id,
        to,
    )
    .fetch_all(pool)
    .await?)
}

/// The account's last recorded score on or before `on`.
pub(crate) async fn score_on_or_before(
    conn: &mut SqliteConnection,
    account_id: &str,
    on: NaiveDate,
) -> Result<Option<ScoreRow>> {
    Ok(sqlx::query_as!(
        ScoreRow,
        r#"SELECT on_date AS "on_date: NaiveDate", score AS "score: u32", parts FROM health_history
          WHERE account_id = ?1 AND on_date <= ?2 ORDER BY on_date DESC LIMIT 1"#,
        account_id,
        on,
    )
    .fetch_optional(&mut *conn)
    .await?)
}
