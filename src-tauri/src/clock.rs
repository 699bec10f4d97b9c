//! The app's clock. Always the system clock, except in end-to-end tests, which
//! set `RAPPORT_E2E_CLOCK` to a file holding an RFC 3339 time and rewrite it to
//! move the app's "now" (deferred feedback coming back, a due date passing)
//! without waiting for days.
//!
//! The UI never asks the webview for the date: it asks this clock (`clock_now`)
//! for "now", "today" and the zone today is counted in, so a form's default day
//! and the core's "not in the future" rule can never disagree.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Now, as the app sees it.
pub fn now() -> DateTime<Utc> {
    std::env::var_os("RAPPORT_E2E_CLOCK")
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// What the UI needs to count days the way the core does.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppClock {
    /// The app's "now", RFC 3339 in UTC.
    pub now: String,
    /// The user's calendar day at `now` (YYYY-MM-DD): in their home time zone
    /// when one is set, otherwise in this machine's.
    pub today: String,
    /// The IANA zone `today` is counted in; `None` means this machine's own.
    pub zone: Option<String>,
}

impl AppClock {
    pub fn at(now: DateTime<Utc>, today: chrono::NaiveDate, zone: Option<String>) -> Self {
        Self { now: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), today: today.to_string(), zone }
    }
}
