//! Connections: one of our people ↔ one of theirs, with how the tie is held,
//! how strong it is and how often it should be tended. The last contact is
//! derived from the interaction log, never typed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
use crate::kinds::{Dimension, Side};
use crate::summary;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Connection {
    pub id: String,
    pub account_id: String,
    pub ours_id: String,
    pub theirs_id: String,
    pub dimension: Dimension,
    /// Who a proxied tie runs through.
    pub intermediary: Option<String>,
    /// 1–5.
    pub strength: u8,
    pub cadence_days: Option<u32>,
    pub notes: Option<String>,
    /// The latest logged interaction with both of them in it.
    pub last_contact: Option<String>,
    /// How many logged interactions had both of them in it.
    pub interactions: u32,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ConnectionInput {
    pub ours_id: String,
    pub theirs_id: String,
    pub dimension: Option<Dimension>,
    pub intermediary: Option<String>,
    pub strength: Option<u8>,
    pub cadence_days: Option<u32>,
    pub notes: Option<String>,
}

pub(crate) struct Clean {
    dimension: Dimension,
    intermediary: Option<String>,
    strength: u8,
    cadence_days: Option<u32>,
    notes: Option<String>,
}

impl ConnectionInput {
    pub(crate) fn validate(&self) -> Result<Clean> {
        if self.ours_id.trim().is_empty() {
            return Err(Error::validation("ours_id", "choose one of our people"));
        }
        if self.theirs_id.trim().is_empty() {
            return Err(Error::validation("theirs_id", "choose one of their people"));
        }
        let dimension =
            self.dimension.ok_or_else(|| Error::validation("dimension", "choose formal, personal or proxied"))?;
        let strength = self.strength.ok_or_else(|| Error::validation("strength", "cannot be empty"))?;
        if !(1..=5).contains(&strength) {
            return Err(Error::validation("strength", "must be between 1 (weak) and 5 (strong)"));
        }
        if let Some(days) = self.cadence_days
            && !(1..=3650).contains(&days)
        {
            return Err(Error::validation("cadence_days", "must be between 1 and 3650 days"));
        }
        let intermediary = text::optional_line("intermediary", self.intermediary.as_deref())?;
        let intermediary = match (dimension, intermediary) {
            (Dimension::Proxied, None) => {
                return Err(Error::validation("intermediary", "name who the proxied tie runs through"));
            }
            (Dimension::Proxied, some) => some,
            // Only a proxied tie has an intermediary; a stale one is dropped.
            _ => None,
        };
        Ok(Clean {
            dimension,
            intermediary,
            strength,
            cadence_days: self.cadence_days,
            notes: text::optional_text("notes", self.notes.as_deref())?,
        })
    }
}

/// Checks both ends and returns the account the tie belongs to.
async fn check_ends(conn: &mut SqliteConnection, input: &ConnectionInput) -> Result<String> {
    let end = async |conn: &mut SqliteConnection, id: &str| -> Result<Option<(String, Option<String>, String)>> {
        Ok(sqlx::query_as("SELECT side, account_id, name FROM people WHERE id = ?1 AND deleted_at IS NULL")
            .bind(id.trim())
            .fetch_optional(&mut *conn)
            .await?)
    };
    match end(conn, &input.ours_id).await? {
        None => return Err(Error::validation("ours_id", "that person does not exist (or is in the trash)")),
        Some((side, _, name)) if side != Side::Ours.as_str() => {
            return Err(Error::validation("ours_id", format!("{name} is on the customer's side")));
        }
        Some(_) => {}
    }
    match end(conn, &input.theirs_id).await? {
        None => Err(Error::validation("theirs_id", "that person does not exist (or is in the trash)")),
        Some((side, _, name)) if side != Side::Theirs.as_str() => {
            Err(Error::validation("theirs_id", format!("{name} is on our side; a connection joins ours and theirs")))
        }
        Some((_, account, _)) => {
            let account = account.ok_or_else(|| Error::Corrupt("a customer person without an account".into()))?;
            if crate::accounts::is_live(conn, &account).await? {
                Ok(account)
            } else {
                Err(Error::validation("theirs_id", "their account is in the trash; restore it first"))
            }
        }
    }
}

fn duplicate(e: sqlx::Error) -> Error {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            Error::validation("theirs_id", "these two are already connected; edit that connection instead")
        }
        _ => Error::from(e),
    }
}

pub async fn create(pool: &SqlitePool, input: &ConnectionInput, now: DateTime<Utc>) -> Result<Connection> {
    let clean = input.validate()?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let account = check_ends(&mut tx, input).await?;
    let id = text::new_id();
    let stamp = text::timestamp(now);
    sqlx::query(
        "INSERT INTO connections (id, account_id, ours_id, theirs_id, dimension, intermediary, strength, cadence_days,
             notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )
    .bind(&id)
    .bind(&account)
    .bind(input.ours_id.trim())
    .bind(input.theirs_id.trim())
    .bind(clean.dimension.as_str())
    .bind(&clean.intermediary)
    .bind(clean.strength)
    .bind(clean.cadence_days)
    .bind(&clean.notes)
    .bind(&stamp)
    .execute(&mut *tx)
    .await
    .map_err(duplicate)?;
    summary::refresh(&mut tx, &account).await?;
    let connection = get_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(connection)
}

/// Changes how a tie is held; its two ends stay (connect others anew).
pub async fn update(pool: &SqlitePool, id: &str, input: &ConnectionInput, now: DateTime<Utc>) -> Result<Connection> {
    let clean = input.validate()?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let before = get_in(&mut tx, id).await?;
    if before.ours_id != input.ours_id.trim() || before.theirs_id != input.theirs_id.trim() {
        return Err(Error::validation("theirs_id", "a connection's two people cannot change; add a new connection"));
    }
    sqlx::query(
        "UPDATE connections SET dimension = ?2, intermediary = ?3, strength = ?4, cadence_days = ?5, notes = ?6,
             updated_at = ?7 WHERE id = ?1",
    )
    .bind(id)
    .bind(clean.dimension.as_str())
    .bind(&clean.intermediary)
    .bind(clean.strength)
    .bind(clean.cadence_days)
    .bind(&clean.notes)
    .bind(text::timestamp(now))
    .execute(&mut *tx)
    .await?;
    summary::refresh(&mut tx, &before.account_id).await?;
    let connection = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(connection)
}

/// Connections with their derived contact history. Starts from their person
/// (few interactions each) and checks ours by key, so an executive who is in
/// thousands of interactions costs nothing extra.
const SELECT: &str = "SELECT c.id, c.account_id, c.ours_id, c.theirs_id, c.dimension, c.intermediary, c.strength,
        c.cadence_days, c.notes, c.created_at, c.updated_at,
        (SELECT max(i.occurred_on) FROM interaction_people b
            JOIN interaction_people a ON a.interaction_id = b.interaction_id AND a.person_id = c.ours_id
            JOIN interactions i ON i.id = b.interaction_id AND i.deleted_at IS NULL
          WHERE b.person_id = c.theirs_id) AS last_contact,
        (SELECT count(*) FROM interaction_people b
            JOIN interaction_people a ON a.interaction_id = b.interaction_id AND a.person_id = c.ours_id
            JOIN interactions i ON i.id = b.interaction_id AND i.deleted_at IS NULL
          WHERE b.person_id = c.theirs_id) AS interactions
    FROM connections c";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    account_id: String,
    ours_id: String,
    theirs_id: String,
    dimension: String,
    intermediary: Option<String>,
    strength: i64,
    cadence_days: Option<i64>,
    notes: Option<String>,
    created_at: String,
    updated_at: String,
    last_contact: Option<String>,
    interactions: i64,
}

impl TryFrom<Row> for Connection {
    type Error = Error;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Connection {
            dimension: Dimension::from_stored(&r.dimension)?,
            strength: u8::try_from(r.strength).map_err(|_| Error::Corrupt(format!("connection {} strength", r.id)))?,
            cadence_days: r.cadence_days.and_then(|d| u32::try_from(d).ok()),
            interactions: u32::try_from(r.interactions).unwrap_or(u32::MAX),
            id: r.id,
            account_id: r.account_id,
            ours_id: r.ours_id,
            theirs_id: r.theirs_id,
            intermediary: r.intermediary,
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
            last_contact: r.last_contact,
        })
    }
}

pub(crate) async fn get_in(conn: &mut SqliteConnection, id: &str) -> Result<Connection> {
    let row: Option<Row> = sqlx::query_as(sql!("{SELECT} WHERE c.id = ?1 AND c.deleted_at IS NULL"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.ok_or_else(|| Error::NotFound("connection".into()))?.try_into()
}

/// An account's live connections: both people present (not in the trash).
pub(crate) async fn list_in(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<Connection>> {
    let rows: Vec<Row> = sqlx::query_as(sql!(
        "{SELECT}
         JOIN people o ON o.id = c.ours_id AND o.deleted_at IS NULL
         JOIN people t ON t.id = c.theirs_id AND t.deleted_at IS NULL
         WHERE c.account_id = ?1 AND c.deleted_at IS NULL ORDER BY c.created_at, c.id"
    ))
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(Connection::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ConnectionInput {
        ConnectionInput {
            ours_id: "o".into(),
            theirs_id: "t".into(),
            dimension: Some(Dimension::Formal),
            strength: Some(3),
            ..ConnectionInput::default()
        }
    }

    #[test]
    fn validation_names_the_field_and_the_rule() {
        let cases: Vec<(ConnectionInput, &str, &str)> = vec![
            (ConnectionInput { ours_id: " ".into(), ..input() }, "ours_id", "our people"),
            (ConnectionInput { theirs_id: "".into(), ..input() }, "theirs_id", "their people"),
            (ConnectionInput { dimension: None, ..input() }, "dimension", "formal, personal or proxied"),
            (ConnectionInput { strength: None, ..input() }, "strength", "cannot be empty"),
            (ConnectionInput { strength: Some(0), ..input() }, "strength", "between 1"),
            (ConnectionInput { strength: Some(6), ..input() }, "strength", "between 1"),
            (ConnectionInput { cadence_days: Some(0), ..input() }, "cadence_days", "between 1 and 3650"),
            (ConnectionInput { dimension: Some(Dimension::Proxied), ..input() }, "intermediary", "runs through"),
            (
                ConnectionInput { dimension: Some(Dimension::Proxied), intermediary: Some("  ".into()), ..input() },
                "intermediary",
                "runs through",
            ),
        ];
        for (case, field, rule) in cases {
            let err = case.validate().err().unwrap_or_else(|| panic!("{case:?} passed"));
            assert_eq!(err.field(), Some(field), "{case:?}");
            assert!(err.to_string().contains(rule), "{case:?}: {err}");
        }
    }

    #[test]
    fn only_proxied_ties_keep_an_intermediary() {
        let formal = ConnectionInput { intermediary: Some("Jo".into()), ..input() }.validate().unwrap();
        assert_eq!(formal.intermediary, None);
        let proxied = ConnectionInput {
            dimension: Some(Dimension::Proxied),
            intermediary: Some(" Jo Brandt ".into()),
            ..input()
        }
        .validate()
        .unwrap();
        assert_eq!(proxied.intermediary.as_deref(), Some("Jo Brandt"));
    }
}
