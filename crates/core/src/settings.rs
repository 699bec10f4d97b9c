//! Small per-vault preferences: who is using Rapport here, the traveller's
//! home time zone (briefs show both times) and the default traveller on packs.

use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
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
    /// A brief marks a fact on its first page stale when it is older than
    /// this many days; `None`: [`STALE_AFTER_DAYS`].
    pub stale_after_days: Option<i32>,
}

/// When no threshold is set: about six months.
pub const STALE_AFTER_DAYS: u32 = 180;
/// The longest threshold accepted: ten years.
const STALE_AFTER_MAX: i32 = 3650;

impl Settings {
    /// The stale threshold in force.
    pub fn stale_after(&self) -> u32 {
        self.stale_after_days.and_then(|d| u32::try_from(d).ok()).filter(|d| *d > 0).unwrap_or(STALE_AFTER_DAYS)
    }
}

const KEYS: [&str; 4] = ["your_name", "home_time_zone", "traveller", "stale_after_days"];
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
            // A value this version cannot read is ignored, like a key it
            // does not know: the default applies.
            "stale_after_days" => settings.stale_after_days = value.parse().ok(),
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
        stale_after_days: match input.stale_after_days {
            Some(days) if !(1..=STALE_AFTER_MAX).contains(&days) => {
                return Err(Error::validation(
                    "stale_after_days",
                    format!("Stale after must be between 1 and {STALE_AFTER_MAX} days."),
                ));
            }
            days => days,
        },
    };
    let mut tx = crate::db::begin_upkeep(pool).await?;
    let stale = clean.stale_after_days.map(|d| d.to_string());
    let values = [&clean.your_name, &clean.home_time_zone, &clean.traveller, &stale];
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
