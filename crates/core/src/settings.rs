//! Small per-vault preferences: who is using Rapport here, the traveller's
//! home time zone (briefs show both times) and the default traveller on packs.

use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::Result;
use crate::kinds::Audience;
use crate::store::settings as store;
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
/// Where backups go: see [`backup_folder`].
const BACKUP_FOLDER: &str = "backup_folder";
/// The audience last exported for: see [`export_audience`].
const EXPORT_AUDIENCE: &str = "export_audience";

pub async fn get(pool: &SqlitePool) -> Result<Settings> {
    get_in(&mut *pool.acquire().await?).await
}

pub(crate) async fn get_in(conn: &mut SqliteConnection) -> Result<Settings> {
    let mut settings = Settings::default();
    for store::Setting { key, value } in store::all(conn).await? {
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
        store::put(&mut tx, key, value.as_deref()).await?;
    }
    tx.commit().await?;
    Ok(clean)
}

/// The folder backups go to, when the user picked one (`backups::folder`).
/// Kept apart from [`Settings`]: it is chosen on the backup panel, not the form.
pub async fn backup_folder(pool: &SqlitePool) -> Result<Option<String>> {
    store::value(pool, BACKUP_FOLDER).await
}

pub(crate) async fn set_backup_folder(pool: &SqlitePool, folder: Option<&str>) -> Result<()> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    store::put(&mut tx, BACKUP_FOLDER, folder).await?;
    tx.commit().await?;
    Ok(())
}

/// The audience the export dialogs offer first: the last one an export was
/// made for (the executive's copy until then). Kept apart from [`Settings`]:
/// it is chosen in the export dialogs, not the form.
pub async fn export_audience(pool: &SqlitePool) -> Result<Audience> {
    Ok(match store::value(pool, EXPORT_AUDIENCE).await? {
        Some(text) => Audience::from_stored(&text)?,
        None => Audience::default(),
    })
}

pub async fn set_export_audience(pool: &SqlitePool, audience: Audience) -> Result<()> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    store::put(&mut tx, EXPORT_AUDIENCE, Some(audience.as_str())).await?;
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
