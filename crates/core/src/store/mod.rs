//! The store: the only code with SQL on the book's tables.
//!
//! One module per table or aggregate. Rows are mapped by name (`FromRow`)
//! into real types (`NaiveDate`, `DateTime<Utc>`, the `kinds` enums); a
//! stored date that does not parse is an error ([`crate::Error::Corrupt`]),
//! never a default. Bulk inserts go through `QueryBuilder`. Writes take the
//! transaction from [`crate::db::begin_write`], whose stamp the change log's
//! triggers record (see [`crate::changes`]).
//!
//! The domain modules above call these functions and never write SQL
//! themselves; a test (`tests/architecture.rs`) holds them to it.

pub(crate) mod accounts;
pub(crate) mod blueprints;
pub(crate) mod book;
pub(crate) mod bulk;
pub(crate) mod care;
pub mod changes;
pub(crate) mod commitments;
pub(crate) mod connections;
pub(crate) mod imports;
pub(crate) mod interactions;
pub(crate) mod meetings;
pub(crate) mod people;
pub(crate) mod reports;
pub(crate) mod search;
pub(crate) mod settings;
pub(crate) mod summaries;
pub(crate) mod team;
pub(crate) mod touchpoints;
pub(crate) mod trash;

use chrono::{DateTime, NaiveDate};
use sqlx::sqlite::{Sqlite, SqliteTypeInfo, SqliteValueRef};

/// A stored timestamp (`created_at`, `updated_at`, `deleted_at`): checked as
/// RFC 3339 when read, so a bad one is [`crate::Error::Corrupt`], and kept as
/// the exact text the vault holds, which the domain's JSON and the book
/// export repeat byte for byte (chrono would write it back without the
/// milliseconds, or in UTC where an imported book had an offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timestamp {
    text: String,
    day: NaiveDate,
}

impl Timestamp {
    /// The calendar day as written (in the offset it was stored with).
    pub(crate) fn day(&self) -> NaiveDate {
        self.day
    }

    /// The text as stored.
    pub(crate) fn into_text(self) -> String {
        self.text
    }
}

impl sqlx::Type<Sqlite> for Timestamp {
    fn type_info() -> SqliteTypeInfo {
        <String as sqlx::Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as sqlx::Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, Sqlite> for Timestamp {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <String as sqlx::Decode<Sqlite>>::decode(value)?;
        match DateTime::parse_from_rfc3339(&text) {
            Ok(at) => Ok(Self { day: at.date_naive(), text }),
            Err(_) => Err(format!("\"{text}\" is not a timestamp").into()),
        }
    }
}

/// A write that a unique index may refuse: `Ok(false)` when it did (another
/// writer took the name, or the pair, between the domain's check and the
/// write), so the domain can say which rule was broken.
pub(crate) fn unless_unique<T>(result: std::result::Result<T, sqlx::Error>) -> crate::Result<bool> {
    match result {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}
