//! Store: people, on both sides.

use sqlx::{SqliteConnection, SqlitePool};

use super::Timestamp;
use crate::error::Result;
use crate::kinds::{DecisionRole, Disposition, Function, Side};

/// Every stored field of a person but the id and the stamps, validated by
/// the domain (`people::PersonInput::validate`).
pub(crate) struct Fields {
    pub(crate) side: Side,
    pub(crate) account_id: Option<String>,
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    pub(crate) function: Option<Function>,
    pub(crate) department: Option<String>,
    pub(crate) org_level: u8,
    pub(crate) reports_to_id: Option<String>,
    pub(crate) decision_role: Option<DecisionRole>,
    pub(crate) disposition: Option<Disposition>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) notes: Option<String>,
    pub(crate) active: bool,
}

/// Binds ?2..?15, in the column order both the insert and the update use.
fn bind_fields<'q>(query: crate::db::Query<'q>, f: &'q Fields) -> crate::db::Query<'q> {
    query
        .bind(f.side.as_str())
        .bind(&f.account_id)
        .bind(&f.name)
        .bind(&f.title)
        .bind(f.function.map(Function::as_str))
        .bind(&f.department)
        .bind(f.org_level)
        .bind(&f.reports_to_id)
        .bind(f.decision_role.map(DecisionRole::as_str))
        .bind(f.disposition.map(Disposition::as_str))
        .bind(&f.email)
        .bind(&f.phone)
        .bind(&f.notes)
        .bind(f.active)
}

pub(crate) async fn insert(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<()> {
    let insert = sqlx::query(
        "INSERT INTO people (id, side, account_id, name, title, function, department, org_level, reports_to_id,
             decision_role, disposition, email, phone, notes, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
    )
    .bind(id);
    bind_fields(insert, fields).bind(stamp).execute(&mut *conn).await?;
    Ok(())
}

/// Saves every field but the side and the account, which never change.
pub(crate) async fn update(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<()> {
    // Same numbering as the insert; side and account (?2, ?3) are not written.
    let update = sqlx::query(
        "UPDATE people SET name = ?4, title = ?5, function = ?6, department = ?7, org_level = ?8,
             reports_to_id = ?9, decision_role = ?10, disposition = ?11, email = ?12, phone = ?13, notes = ?14,
             active = ?15, updated_at = ?16
         WHERE id = ?1",
    )
    .bind(id);
    bind_fields(update, fields).bind(stamp).execute(&mut *conn).await?;
    Ok(())
}

/// What the rules about links need to know of a live person.
#[derive(sqlx::FromRow)]
pub(crate) struct Link {
    #[sqlx(try_from = "String")]
    pub(crate) side: SideText,
    pub(crate) account_id: Option<String>,
    pub(crate) name: String,
    pub(crate) active: bool,
}

/// A stored side, read as [`Side`] (an unknown one is corrupt).
pub(crate) struct SideText(pub(crate) Side);

impl TryFrom<String> for SideText {
    type Error = crate::Error;
    fn try_from(text: String) -> Result<Self> {
        Side::from_stored(&text).map(Self)
    }
}

/// The person, if they exist and are not in the trash.
pub(crate) async fn link(conn: &mut SqliteConnection, id: &str) -> Result<Option<Link>> {
    Ok(sqlx::query_as("SELECT side, account_id, name, active FROM people WHERE id = ?1 AND deleted_at IS NULL")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Whether the person is in the trash.
pub(crate) async fn is_trashed(conn: &mut SqliteConnection, id: &str) -> Result<bool> {
    let trashed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM people WHERE id = ?1 AND deleted_at IS NOT NULL")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(trashed.is_some())
}

/// Who the person reports to: `None` when there is no such person (trashed
/// or not), `Some(None)` when they report to nobody.
pub(crate) async fn manager_of(conn: &mut SqliteConnection, id: &str) -> Result<Option<Option<String>>> {
    Ok(sqlx::query_scalar("SELECT reports_to_id FROM people WHERE id = ?1").bind(id).fetch_optional(&mut *conn).await?)
}

/// The earliest added active person on our side with this name (any case).
pub(crate) async fn find_ours(conn: &mut SqliteConnection, name: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM people WHERE side = 'ours' AND name = ?1 COLLATE NOCASE AND deleted_at IS NULL AND active = 1
         ORDER BY created_at LIMIT 1",
    )
    .bind(name)
    .fetch_optional(&mut *conn)
    .await?)
}

pub(crate) const SELECT: &str = "SELECT id, side, account_id, name, title, function, department, org_level,
    reports_to_id, decision_role, disposition, email, phone, notes, active, created_at, updated_at FROM people";

/// A person as stored; the domain checks the vocabularies (`people::Person`).
#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    pub(crate) id: String,
    pub(crate) side: String,
    pub(crate) account_id: Option<String>,
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    pub(crate) function: Option<String>,
    pub(crate) department: Option<String>,
    pub(crate) org_level: i64,
    pub(crate) reports_to_id: Option<String>,
    pub(crate) decision_role: Option<String>,
    pub(crate) disposition: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) notes: Option<String>,
    pub(crate) active: bool,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

/// A live person.
pub(crate) async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<PersonRow>> {
    Ok(sqlx::query_as(sql!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Our live people, by name; those who left last.
pub(crate) async fn list_ours(pool: &SqlitePool) -> Result<Vec<PersonRow>> {
    Ok(sqlx::query_as(sql!(
        "{SELECT} WHERE side = 'ours' AND deleted_at IS NULL ORDER BY active DESC, name COLLATE NOCASE, id"
    ))
    .fetch_all(pool)
    .await?)
}

/// Their live people at one account, top of the organisation first.
pub(crate) async fn list_theirs(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<PersonRow>> {
    Ok(sqlx::query_as(sql!(
        "{SELECT} WHERE account_id = ?1 AND deleted_at IS NULL ORDER BY org_level, name COLLATE NOCASE, id"
    ))
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// A meeting's live attendees: ours first, then theirs, top of the
/// organisation first.
pub(crate) async fn list_attendees(conn: &mut SqliteConnection, meeting_id: &str) -> Result<Vec<PersonRow>> {
    Ok(sqlx::query_as(sql!(
        "{SELECT} WHERE deleted_at IS NULL AND id IN (SELECT person_id FROM meeting_attendees WHERE meeting_id = ?1)
         ORDER BY side, org_level, name COLLATE NOCASE, id"
    ))
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?)
}
