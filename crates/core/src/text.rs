//! Field cleaning shared by every input type: trims, checks lengths and shapes,
//! and names the field in every message.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// Names, titles and other one-line fields.
pub const LINE_MAX_CHARS: usize = 200;
/// Free text (strategy, notes, summaries).
pub const TEXT_MAX_CHARS: usize = 20_000;

/// A one-line field. `None` for an optional blank.
pub(crate) fn line(field: &'static str, value: &str, required: bool) -> Result<Option<String>> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return if required { Err(Error::validation(field, "cannot be empty")) } else { Ok(None) };
    }
    if trimmed.chars().count() > LINE_MAX_CHARS {
        return Err(Error::validation(field, format!("must be at most {LINE_MAX_CHARS} characters")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Error::validation(field, "must be a single line without control characters"));
    }
    Ok(Some(trimmed.to_string()))
}

pub(crate) fn required_line(field: &'static str, value: &str) -> Result<String> {
    Ok(line(field, value, true)?.expect("required"))
}

pub(crate) fn optional_line(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    value.map_or(Ok(None), |v| line(field, v, false))
}

/// Multi-line free text: line breaks and tabs allowed, other control characters not.
pub(crate) fn optional_text(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > TEXT_MAX_CHARS {
        return Err(Error::validation(field, format!("must be at most {TEXT_MAX_CHARS} characters")));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(Error::validation(field, "contains control characters"));
    }
    Ok(Some(trimmed.replace("\r\n", "\n")))
}

pub(crate) fn required_text(field: &'static str, value: &str) -> Result<String> {
    optional_text(field, Some(value))?.ok_or_else(|| Error::validation(field, "cannot be empty"))
}

/// A calendar date as `YYYY-MM-DD`.
pub(crate) fn date(field: &'static str, value: &str) -> Result<NaiveDate> {
    let trimmed = value.trim();
    NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .ok()
        .filter(|d| trimmed.len() == 10 && (1900..=2200).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| Error::validation(field, format!("\"{trimmed}\" is not a date; use YYYY-MM-DD")))
}

pub(crate) fn optional_date(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => Ok(Some(date(field, v)?.format("%Y-%m-%d").to_string())),
    }
}

/// An ISO 4217 code: three letters, stored upper case.
pub(crate) fn currency(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.len() == 3 && v.chars().all(|c| c.is_ascii_alphabetic()) => Ok(Some(v.to_ascii_uppercase())),
        Some(v) => {
            Err(Error::validation(field, format!("\"{v}\" is not a currency code; use three letters such as EUR")))
        }
    }
}

pub(crate) fn email(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = line(field, value.unwrap_or(""), false)? else { return Ok(None) };
    let ok = v.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    }) && !v.contains(char::is_whitespace);
    if ok { Ok(Some(v)) } else { Err(Error::validation(field, format!("\"{v}\" is not an email address"))) }
}

/// An optional id from a form: blank means none.
pub(crate) fn blank_to_none(id: &Option<String>) -> Option<String> {
    id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

pub(crate) fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The first letter upper case: a stored label as a sentence or a table cell.
pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The one cleaner of user text on its way out of the app (PDF and .ics): it
/// lives with the PDF engine, which uses it for every line it draws.
pub(crate) use rapport_pdf::strip_invisible;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cleaner_names_the_field() {
        let cases: Vec<(Result<()>, &str, &str)> = vec![
            (line("name", " ", true).map(drop), "name", "cannot be empty"),
            (line("title", &"x".repeat(201), false).map(drop), "title", "at most 200"),
            (line("name", "a\u{7}b", true).map(drop), "name", "single line"),
            (optional_text("notes", Some(&"x".repeat(20_001))).map(drop), "notes", "at most 20000"),
            (optional_text("notes", Some("a\u{0}b")).map(drop), "notes", "control"),
            (date("occurred_on", "2026-02-30").map(drop), "occurred_on", "YYYY-MM-DD"),
            (date("occurred_on", "26-1-1").map(drop), "occurred_on", "YYYY-MM-DD"),
            (date("occurred_on", "0001-01-01").map(drop), "occurred_on", "YYYY-MM-DD"),
            (currency("currency", Some("EURO")).map(drop), "currency", "three letters"),
            (currency("currency", Some("€12")).map(drop), "currency", "three letters"),
            (email("email", Some("ana@")).map(drop), "email", "not an email"),
            (email("email", Some("a b@x.de")).map(drop), "email", "not an email"),
        ];
        for (result, field, rule) in cases {
            let err = result.unwrap_err();
            assert_eq!(err.field(), Some(field));
            assert!(err.to_string().contains(rule), "{err}");
        }
    }

    #[test]
    fn clean_values_are_normalised() {
        assert_eq!(currency("c", Some(" eur ")).unwrap().as_deref(), Some("EUR"));
        assert_eq!(optional_date("d", Some(" 2026-11-23 ")).unwrap().as_deref(), Some("2026-11-23"));
        assert_eq!(optional_date("d", Some("")).unwrap(), None);
        assert_eq!(optional_text("t", Some(" a\r\nb ")).unwrap().as_deref(), Some("a\nb"));
        assert_eq!(email("e", Some(" ana@nordlicht.example ")).unwrap().as_deref(), Some("ana@nordlicht.example"));
    }
}
