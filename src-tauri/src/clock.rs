//! The app's clock. Always the system clock, except in end-to-end tests, which
//! set `RAPPORT_E2E_CLOCK` to a file holding an RFC 3339 time and rewrite it to
//! move the app's "now" (deferred feedback coming back, a due date passing)
//! without waiting for days.

use chrono::{DateTime, Utc};

/// Now, as the app sees it.
pub fn now() -> DateTime<Utc> {
    std::env::var_os("RAPPORT_E2E_CLOCK")
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}
