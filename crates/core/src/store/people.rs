//! Store: people, on both sides.

use chrono::NaiveDate;
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

pub(crate) async fn insert(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO people (id, side, account_id, name, title, function, department, org_level, reports_to_id,
             decision_role, disposition, email, phone, notes, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
        id,
        fields.side,
        fields.account_id,
        fields.name,
        fields.title,
        fields.function,
        fields.department,
        fields.org_level,
        fields.reports_to_id,
        fields.decision_role,
        fields.disposition,
        fields.email,
        fields.phone,
        fields.notes,
        fields.active,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Saves every field but the side and the account, which never change.
pub(crate) async fn update(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE people SET name = ?2, title = ?3, function = ?4, department = ?5, org_level = ?6,
             reports_to_id = ?7, decision_role = ?8, disposition = ?9, email = ?10, phone = ?11, notes = ?12,
             active = ?13, updated_at = ?14
         WHERE id = ?1",
        id,
        fields.name,
        fields.title,
        fields.function,
        fields.department,
        fields.org_level,
        fields.reports_to_id,
        fields.decision_role,
        fields.disposition,
        fields.email,
        fields.phone,
        fields.notes,
        fields.active,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What the rules about links need to know of a live person.
pub(crate) struct Link {
    pub(crate) side: SideText,
    pub(crate) account_id: Option<String>,
    pub(crate) name: String,
    pub(crate) active: bool,
}

/// A stored side, read as [`Side`] (an unknown one is corrupt).
pub(crate) struct SideText(pub(crate) Side);

impl From<Side> for SideText {
    fn from(side: Side) -> Self {
        Self(side)
    }
}

/// The person, if they exist and are not in the trash.
pub(crate) async fn link(conn: &mut SqliteConnection, id: &str) -> Result<Option<Link>> {
    Ok(sqlx::query_as!(
        Link,
        r#"SELECT side AS "side: Side", account_id, name, active AS "active: bool"
             FROM people WHERE id = ?1 AND deleted_at IS NULL"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Whether the person is in the trash.
pub(crate) async fn is_trashed(conn: &mut SqliteConnection, id: &str) -> Result<bool> {
    let trashed = sqlx::query_scalar!("SELECT 1 FROM people WHERE id = ?1 AND deleted_at IS NOT NULL", id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(trashed.is_some())
}

/// Who the person reports to: `None` when there is no such person (trashed
/// or not), `Some(None)` when they report to nobody.
pub(crate) async fn manager_of(conn: &mut SqliteConnection, id: &str) -> Result<Option<Option<String>>> {
    Ok(sqlx::query_scalar!("SELECT reports_to_id FROM people WHERE id = ?1", id).fetch_optional(&mut *conn).await?)
}

/// The earliest added active person on our side with this name (any case).
pub(crate) async fn find_ours(conn: &mut SqliteConnection, name: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM people WHERE side = 'ours' AND name = ?1 COLLATE NOCASE AND deleted_at IS NULL AND active = 1
         ORDER BY created_at LIMIT 1",
        name,
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// A query for [`PersonRow`]s: the columns, then `$rest` (the query macros
/// take only literals, so the shared part is spliced in here).
macro_rules! select_people {
    ($rest:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            PersonRow,
            r#"SELECT id, side, account_id, name, title, function, department, org_level, reports_to_id,
                decision_role, disposition, email, phone, notes, active AS "active: bool",
                created_at AS "created_at: Timestamp", updated_at AS "updated_at: Timestamp"
            FROM people "#
                + $rest
            $(, $arg)*
        )
    };
}
pub(crate) use select_people;

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
    Ok(select_people!("WHERE id = ?1 AND deleted_at IS NULL", id).fetch_optional(&mut *conn).await?)
}

/// Our live people, by name; those who left last.
pub(crate) async fn list_ours(pool: &SqlitePool) -> Result<Vec<PersonRow>> {
    Ok(select_people!("WHERE side = 'ours' AND deleted_at IS NULL ORDER BY active DESC, name COLLATE NOCASE, id")
        .fetch_all(pool)
        .await?)
}

/// Their live people at one account, top of the organisation first.
pub(crate) async fn list_theirs(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<PersonRow>> {
    Ok(select_people!(
        "WHERE account_id = ?1 AND deleted_at IS NULL ORDER BY org_level, name COLLATE NOCASE, id",
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// A meeting's live attendees: ours first, then theirs, top of the
/// organisation first.
pub(crate) async fn list_attendees(conn: &mut SqliteConnection, meeting_id: &str) -> Result<Vec<PersonRow>> {
    Ok(select_people!(
        "WHERE deleted_at IS NULL AND id IN (SELECT person_id FROM meeting_attendees WHERE meeting_id = ?1)
         ORDER BY side, org_level, name COLLATE NOCASE, id",
        meeting_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

// ---------------------------------------------------------------------------
// Roles over time: people who move between organisations

/// One role a person held or holds (`person_roles`); `account_id` is `None`
/// for a role with us.
pub(crate) struct RoleRow {
    pub(crate) person_id: String,
    pub(crate) account_id: Option<String>,
    /// The account's name now (`None` for us, or an account gone for good).
    pub(crate) account_name: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) from_on: Option<NaiveDate>,
    pub(crate) until_on: Option<NaiveDate>,
}

/// What a stored role says, without its id and stamps.
pub(crate) struct NewRole<'a> {
    pub(crate) person_id: &'a str,
    pub(crate) account_id: Option<&'a str>,
    pub(crate) title: Option<&'a str>,
    pub(crate) from_on: Option<NaiveDate>,
    pub(crate) until_on: Option<NaiveDate>,
}

pub(crate) async fn insert_role(conn: &mut SqliteConnection, id: &str, role: &NewRole<'_>, stamp: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO person_roles (id, person_id, account_id, title, from_on, until_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        id,
        role.person_id,
        role.account_id,
        role.title,
        role.from_on,
        role.until_on,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Closes the role the person holds now (if one is recorded) on `until_on`.
/// Returns whether there was one.
pub(crate) async fn close_role(
    conn: &mut SqliteConnection,
    person_id: &str,
    until_on: NaiveDate,
    stamp: &str,
) -> Result<bool> {
    let closed = sqlx::query!(
        "UPDATE person_roles SET until_on = ?2, updated_at = ?3 WHERE person_id = ?1 AND until_on IS NULL",
        person_id,
        until_on,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(closed.rows_affected() > 0)
}

/// A person's roles, the earliest first (one begun before it was recorded
/// comes first).
pub(crate) async fn roles_of(conn: &mut SqliteConnection, person_id: &str) -> Result<Vec<RoleRow>> {
    Ok(sqlx::query_as!(
        RoleRow,
        r#"SELECT r.person_id AS "person_id!", r.account_id, a.name AS "account_name?",
                  r.title, r.from_on AS "from_on: NaiveDate", r.until_on AS "until_on: NaiveDate"
             FROM person_roles r LEFT JOIN accounts a ON a.id = r.account_id
            WHERE r.person_id = ?1
            ORDER BY r.until_on IS NULL, r.until_on, r.from_on, r.created_at, r.id"#,
        person_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Every role at an account or following one there: the roles of every live
/// person who held one at `account_id`, earliest first, by person.
pub(crate) async fn roles_through(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<RoleRow>> {
    Ok(sqlx::query_as!(
        RoleRow,
        r#"SELECT r.person_id AS "person_id!", r.account_id, a.name AS "account_name?",
                  r.title, r.from_on AS "from_on: NaiveDate", r.until_on AS "until_on: NaiveDate"
             FROM person_roles r LEFT JOIN accounts a ON a.id = r.account_id
            WHERE r.person_id IN (
                    SELECT h.person_id FROM person_roles h JOIN people p ON p.id = h.person_id
                     WHERE h.account_id = ?1 AND p.deleted_at IS NULL)
            ORDER BY r.person_id, r.until_on IS NULL, r.until_on, r.from_on, r.created_at, r.id"#,
        account_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether the person held a role at the account at some time (they may
/// have moved on since).
pub(crate) async fn held_role_at(conn: &mut SqliteConnection, person_id: &str, account_id: &str) -> Result<bool> {
    let held = sqlx::query_scalar!(
        "SELECT 1 FROM person_roles WHERE person_id = ?1 AND account_id = ?2 LIMIT 1",
        person_id,
        account_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(held.is_some())
}

/// Where a person moves: the side, the account (none for us) and what they
/// do there.
pub(crate) struct Destination<'a> {
    pub(crate) side: Side,
    pub(crate) account_id: Option<&'a str>,
    pub(crate) title: &'a str,
    pub(crate) function: Option<Function>,
    pub(crate) org_level: u8,
    pub(crate) decision_role: Option<DecisionRole>,
    pub(crate) disposition: Option<Disposition>,
}

/// Puts the person at their new organisation. What tied them into the old
/// one (their department, their manager) stays behind; nobody at the old
/// organisation reports to them any more.
pub(crate) async fn move_to(conn: &mut SqliteConnection, id: &str, to: &Destination<'_>, stamp: &str) -> Result<()> {
    sqlx::query!("UPDATE people SET reports_to_id = NULL, updated_at = ?2 WHERE reports_to_id = ?1", id, stamp,)
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "UPDATE people SET side = ?2, account_id = ?3, title = ?4, function = ?5, department = NULL, org_level = ?6,
             reports_to_id = NULL, decision_role = ?7, disposition = ?8, active = 1, updated_at = ?9
         WHERE id = ?1",
        id,
        to.side,
        to.account_id,
        to.title,
        to.function,
        to.org_level,
        to.decision_role,
        to.disposition,
        stamp,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Names of the people given, trashed or not (by primary key: a change
/// list names people who have since gone), with whether each is ours.
pub(crate) async fn names_of(conn: &mut SqliteConnection, ids: &[&str]) -> Result<Vec<NameRow>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row =
            sqlx::query_as!(NameRow, r#"SELECT id, name, side = 'ours' AS "ours: bool" FROM people WHERE id = ?1"#, id)
                .fetch_optional(&mut *conn)
                .await?;
        out.extend(row);
    }
    Ok(out)
}

/// A person's name, and whether they are one of ours.
pub(crate) struct NameRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) ours: bool,
}
