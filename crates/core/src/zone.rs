//! Time zones by their IANA name. A leaf: meetings, settings, briefs and the
//! interchange format all read zones, and none of them should have to import
//! another to do it.

use std::str::FromStr;

use chrono_tz::Tz;

use crate::error::{Error, Result};

/// A time zone by its IANA name; `field` names the input in the error.
pub(crate) fn zone(field: &'static str, name: &str) -> Result<Tz> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::validation(field, "choose a time zone"));
    }
    Tz::from_str(name)
        .map_err(|_| Error::validation(field, format!("\"{name}\" is not a time zone; use a name such as Europe/Oslo")))
}
