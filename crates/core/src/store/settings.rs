//! Store: the vault's small preferences, one row a key.

use sqlx::{SqliteConnection, SqlitePool};

use crate::error::Result;

#[derive(sqlx::FromRow)]
pub(crate) struct Setting {
    pub(crate) key: String,
    pub(crate) value: String,
}

/// Every setting stored.
pub(crate) async fn all(conn: &mut SqliteConnection) -> Result<Vec<Setting>> {
    Ok(sqlx::query_as!(Setting, "SELECT key, value FROM settings").fetch_all(&mut *conn).await?)
}

/// One setting's value, if it is set.
pub(crate) async fn value(pool: &SqlitePool, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!("SELECT value FROM settings WHERE key = ?1", key).fetch_optional(pool).await?)
}

/// Sets one setting, or clears it with `None`.
pub(crate) async fn put(conn: &mut SqliteConnection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => {
            sqlx::query!(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                key,
                v
            )
            .execute(&mut *conn)
            .await?
        }
        None => sqlx::query!("DELETE FROM settings WHERE key = ?1", key).execute(&mut *conn).await?,
    };
    Ok(())
}
