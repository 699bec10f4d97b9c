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

/// Removes the invisible characters that can reorder or hide text, from user
/// text on its way into a document that leaves the app: the PDF (and its HTML
/// preview) and the .ics calendar export both clean with this one function.
///
/// Dropped everywhere: the bidi embeddings, overrides, isolates and marks
/// (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C), so text cannot reverse
/// itself or what follows; zero-width space, word joiner, invisible operators,
/// BOM, soft hyphen, Hangul fillers and the other format characters that draw
/// nothing (see [`is_hidden`]).
///
/// Kept only where they do their job, dropped elsewhere:
/// - ZWJ and ZWNJ (U+200D, U+200C) between two visible characters: emoji
///   sequences (👩‍💻) and Arabic, Persian and Indic joining need them;
/// - a variation selector (U+FE00–FE0F, U+E0100–E01EF) right after a visible
///   character: it picks emoji or text presentation (❤️);
/// - tag characters (U+E0020–E007F) only as a well-formed emoji tag sequence
///   after 🏴 (the flags of England, Scotland and Wales): anywhere else they
///   are invisible ASCII that can smuggle hidden text.
///
/// Control characters (tabs, line breaks, C0/C1) are left to the caller: what
/// a line break means differs between a page and a calendar line.
pub(crate) fn strip_invisible(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut last: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let keep = match c {
            '\u{200C}' | '\u{200D}' => {
                last.is_some_and(|l| is_visible(l) || is_variation_selector(l))
                    && chars.get(i).is_some_and(|&n| is_visible(n))
            }
            c if is_variation_selector(c) => last.is_some_and(is_visible),
            '\u{E0020}'..='\u{E007F}' => {
                let run = chars[i - 1..].iter().take_while(|t| ('\u{E0020}'..='\u{E007F}').contains(*t)).count();
                let tags = &chars[i - 1..i - 1 + run];
                let flag = last == Some('\u{1F3F4}')
                    && (2..=32).contains(&run)
                    && tags[run - 1] == '\u{E007F}'
                    && tags[..run - 1].iter().all(|&t| t != '\u{E007F}' && t != '\u{E0020}');
                if flag {
                    out.extend(tags);
                    last = Some('\u{E007F}');
                }
                i += run - 1;
                continue;
            }
            c => !is_hidden(c),
        };
        if keep {
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// Format characters that draw nothing and are never kept by
/// [`strip_invisible`] (bidi controls, zero-width and other invisible ones).
pub(crate) fn is_hidden(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B
            | 0x200E..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFEFF
            | 0xFFA0
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE001F
            | 0xE0080..=0xE00FF
            | 0xE01F0..=0xE0FFF
    )
}

fn is_variation_selector(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
}

/// A character that shows something: not blank, not a control, not one of the
/// invisible format characters.
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !is_hidden(c)
        && !is_variation_selector(c)
        && !matches!(c, '\u{200C}' | '\u{200D}' | '\u{E0020}'..='\u{E007F}')
}

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
    fn strip_invisible_drops_direction_and_hidden_characters() {
        let cases = [
            ("plain text", "plain text"),
            ("a\u{202E}b\u{202A}c\u{202B}d\u{202C}e\u{202D}f", "abcdef"),
            ("a\u{2066}b\u{2067}c\u{2068}d\u{2069}e\u{200E}f\u{200F}g\u{061C}h", "abcdefgh"),
            ("in\u{200B}vi\u{2060}si\u{FEFF}ble\u{00AD}\u{2062}", "invisible"),
            ("tabs\tand\nbreaks stay\r\n", "tabs\tand\nbreaks stay\r\n"),
            ("\u{202E}gpj.exe", "gpj.exe"),
            // Joiners inside a sequence stay; stray ones go.
            ("\u{1F469}\u{200D}\u{1F4BB}", "\u{1F469}\u{200D}\u{1F4BB}"),
            ("\u{1F441}\u{FE0F}\u{200D}\u{1F5E8}\u{FE0F}", "\u{1F441}\u{FE0F}\u{200D}\u{1F5E8}\u{FE0F}"),
            ("\u{200D}a\u{200D} \u{200C}\u{200D}\u{200D}b", "a b"),
            (
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
                "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
            ),
            // Variation selectors only after something visible.
            ("\u{2764}\u{FE0F} \u{FE0F}x\u{FE0F}\u{FE0F}", "\u{2764}\u{FE0F} x\u{FE0F}"),
            ("1\u{FE0F}\u{20E3}", "1\u{FE0F}\u{20E3}"),
            // Tags: a flag's tag sequence stays, hidden ASCII goes.
            (
                "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}!",
                "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}!",
            ),
            ("ok\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E007F}", "ok"),
            ("\u{1F3F4}\u{E0067}\u{E0062}", "\u{1F3F4}"),
            ("\u{3164}\u{115F}name\u{FFA0}", "name"),
        ];
        for (input, expected) in cases {
            assert_eq!(strip_invisible(input), expected, "{input:?}");
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
