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
pub(crate) mod care;
pub mod changes;
pub(crate) mod connections;
pub(crate) mod imports;
pub(crate) mod interactions;
pub(crate) mod meetings;
pub(crate) mod people;
pub(crate) mod reports;
pub(crate) mod search;
pub(crate) mod settings;
pub(crate) mod summaries;
pub(crate) mod touchpoints;
pub(crate) mod trash;
