//! The one clock of the commands that write something: the current time, or
//! `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when it is set, so a script
//! that sets it gets the same bytes from the same data every time.

use chrono::{DateTime, TimeZone, Utc};
use rapport_core::Error;

/// The variable that pins the clock.
pub const VARIABLE: &str = "SOURCE_DATE_EPOCH";

/// What `--help` says about the clock.
pub const HELP: &str = "\
Environment:
  SOURCE_DATE_EPOCH   seconds since 1970-01-01 UTC, used as \"now\" by demo, export, brief, pack,
                      ics, blueprint, today, report, import, backup and restore (the date
                      printed on briefs and reports, the week the sample book plans, what is
                      overdue or due for thanks, the time in a backup's name): the same data
                      then gives the same output every time
  RAPPORT_DB          the vault's database file (as --db)
  RAPPORT_PASSPHRASE  the passphrase or recovery key, for scripts";

/// Now, or the time `SOURCE_DATE_EPOCH` names. An empty variable counts as unset.
pub fn now() -> Result<DateTime<Utc>, Error> {
    match std::env::var_os(VARIABLE) {
        None => Ok(Utc::now()),
        Some(value) if value.is_empty() => Ok(Utc::now()),
        Some(value) => {
            let text = value.to_string_lossy();
            text.trim().parse::<i64>().ok().and_then(|seconds| Utc.timestamp_opt(seconds, 0).single()).ok_or_else(
                || Error::validation(VARIABLE, format!("\"{text}\" is not a time in whole seconds since 1970")),
            )
        }
    }
}
