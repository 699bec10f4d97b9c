//! Connections: one of our people ↔ one of theirs, with how the tie is held,
//! how strong it is and how often it should be tended. The last contact is
//! derived from the interaction log, never typed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
use crate::kinds::{Dimension, STRENGTH, Side, check_cadence_days};
use crate::store::connections::{self as store, ConnectionRow, Ends};
use crate::store::people::Link;
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

/// A validated [`ConnectionInput`].
pub(crate) type Clean = store::Fields;

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
        if !STRENGTH.contains(&strength) {
            return Err(Error::validation(
                "strength",
                format!("must be between {} (weak) and {} (strong)", STRENGTH.start(), STRENGTH.end()),
            ));
        }
        check_cadence_days(self.cadence_days)?;
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
    use crate::store::people::link;
    match link(conn, input.ours_id.trim()).await? {
        None => return Err(Error::validation("ours_id", "that person does not exist (or is in the trash)")),
        Some(Link { side, name, .. }) if side.0 != Side::Ours => {
            return Err(Error::validation("ours_id", format!("{name} is on the customer's side")));
        }
        Some(_) => {}
    }
    match link(conn, input.theirs_id.trim()).await? {
        None => Err(Error::validation("theirs_id", "that person does not exist (or is in the trash)")),
        Some(Link { side, name, .. }) if side.0 != Side::Theirs => {
            Err(Error::validation("theirs_id", format!("{name} is on our side; a connection joins ours and theirs")))
        }
        Some(Link { account_id, .. }) => {
            let account = account_id.ok_or_else(|| Error::Corrupt("a customer person without an account".into()))?;
            if crate::store::accounts::is_live(conn, &account).await? {
                Ok(account)
            } else {
                Err(Error::validation("theirs_id", "their account is in the trash; restore it first"))
            }
        }
    }
}

fn duplicate() -> Error {
    Error::validation("theirs_id", "these two are already connected; edit that connection instead")
}

pub async fn create(pool: &SqlitePool, input: &ConnectionInput, now: DateTime<Utc>) -> Result<Connection> {
    let clean = input.validate()?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let account = check_ends(&mut tx, input).await?;
    let id = text::new_id();
    let ends = Ends { account_id: &account, ours_id: input.ours_id.trim(), theirs_id: input.theirs_id.trim() };
    if !store::insert(&mut tx, &id, &ends, &clean, &text::timestamp(now)).await? {
        return Err(duplicate());
    }
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
    store::update(&mut tx, id, &clean, &text::timestamp(now)).await?;
    summary::refresh(&mut tx, &before.account_id).await?;
    let connection = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(connection)
}

impl TryFrom<ConnectionRow> for Connection {
    type Error = Error;
    fn try_from(r: ConnectionRow) -> Result<Self> {
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
            created_at: r.created_at.into_text(),
            updated_at: r.updated_at.into_text(),
            last_contact: r.last_contact.map(|d| d.to_string()),
        })
    }
}

pub(crate) async fn get_in(conn: &mut SqliteConnection, id: &str) -> Result<Connection> {
    store::get(conn, id).await?.ok_or_else(|| Error::NotFound("connection".into()))?.try_into()
}

/// An account's live connections: both people present (not in the trash).
pub(crate) async fn list_in(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<Connection>> {
    store::list(conn, account_id).await?.into_iter().map(Connection::try_from).collect()
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
