//! Small per-vault preferences: who is using Rapport here, the traveller's
//! home time zone (briefs show both times) and the default traveller on packs.

use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::Result;
use crate::text;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Settings {
    /// Recorded as "who" on review-gate steps taken in this app.
    pub your_name: Option<String>,
    /// IANA name; briefs show meeting times here too.
    pub home_time_zone: Option<String>,
    /// Printed on a pack's cover unless the export names someone else.
    pub traveller: Option<String>,
}

const KEYS: [&str; 3] = ["your_name", "home_time_zone", "traveller"];

pub async fn get(pool: &SqlitePool) -> Result<Settings> {
    get_in(&mut *pool.acquire().await?).await
}

pub(crate) async fn get_in(conn: &mut SqliteConnection) -> Result<Settings> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings").fetch_all(&mut *conn).await?;
    let mut settings = Settings::default();
    for (key, value) in rows {
        match key.as_str() {
            "your_name" => settings.your_name = Some(value),
            "home_time_zone" => settings.home_time_zone = Some(value),
            "traveller" => settings.traveller = Some(value),
            _ => {}
        }
    }
    Ok(settings)
}

/// Replaces all settings; blanks clear them.
pub async fn update(pool: &SqlitePool, input: &Settings) -> Result<Settings> {
    let clean = Settings {
        your_name: text::optional_line("your_name", input.your_name.as_deref())?,
        home_time_zone: match text::blank_to_none(&input.home_time_zone) {
            Some(name) => Some(crate::zone::zone("home_time_zone", &name)?.name().to_string()),
            None => None,
        },
        traveller: text::optional_line("traveller", input.traveller.as_deref())?,
    };
    let mut tx = crate::db::begin_upkeep(pool).await?;
    let values = [&clean.your_name, &clean.home_time_zone, &clean.traveller];
    for (key, value) in KEYS.iter().zip(values) {
        match value {
            Some(v) => {
                sqlx::query(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                )
                .bind(key)
                .bind(v)
                .execute(&mut *tx)
                .await?
            }
            None => sqlx::query("DELETE FROM settings WHERE key = ?1").bind(key).execute(&mut *tx).await?,
        };
    }
    tx.commit().await?;
    Ok(clean)
}

/// The folder backups go to, when the user picked one (`backups::folder`).
/// Kept apart from [`Settings`]: it is chosen on the backup panel, not the form.
pub async fn backup_folder(pool: &SqlitePool) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = 'backup_folder'").fetch_optional(pool).await?)
}

pub(crate) async fn set_backup_folder(pool: &SqlitePool, folder: Option<&str>) -> Result<()> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    match folder {
        Some(folder) => sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('backup_folder', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1",
        )
        .bind(folder)
        .execute(&mut *tx)
        .await?,
        None => sqlx::query("DELETE FROM settings WHERE key = 'backup_folder'").execute(&mut *tx).await?,
    };
    tx.commit().await?;
    Ok(())
}

/// The user's calendar day at `now`: in their home time zone when one is set,
/// otherwise in this machine's. Due dates and "overdue" are counted in it.
pub async fn today(pool: &SqlitePool, now: chrono::DateTime<chrono::Utc>) -> Result<chrono::NaiveDate> {
    Ok(match get(pool).await?.home_time_zone {
        Some(name) => now.with_timezone(&crate::zone::zone("home_time_zone", &name)?).date_naive(),
        None => now.with_timezone(&chrono::Local).date_naive(),
    })
}
