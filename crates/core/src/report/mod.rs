//! Reports beyond the meeting brief, on the same PDF engine: the blueprint
//! ([`blueprint`]), the portfolio review for the internal executive business
//! review ([`portfolio`]) and one account's annual customer review, this year
//! against last ([`annual`]). Each reads what it needs in one go, builds a
//! [`Document`](crate::pdf::Document) with a pure `build`, and is written by
//! the document [`kit`](crate::documents::kit) like a brief; the same data and
//! the same clock give the same bytes.

pub mod annual;
pub mod blueprint;
pub mod portfolio;

use chrono::NaiveDate;

use crate::documents::kit::{Audience, BriefOptions, long_date};
use crate::pdf::{Block, Chapter, Document};

/// A report: chapters on new pages, each headed "title · chapter", all marked
/// DRAFT or none. Each chapter names the least trusted audience that may
/// read it; the options' audience gets those it may read, and every page's
/// footer says who that is.
pub(crate) fn document(
    title: String,
    draft: bool,
    options: &BriefOptions,
    chapters: Vec<(Audience, &str, Vec<Block>)>,
) -> Document {
    let chapters = chapters
        .into_iter()
        .filter(|(reader, ..)| options.audience.may_read(*reader))
        .map(|(_, name, blocks)| (name, blocks))
        .map(|(name, blocks)| Chapter { title: format!("{title} · {name}"), draft, in_contents: false, blocks })
        .collect();
    Document { title, generated: options.now, chapters, audience: options.footer() }
}

/// A stored YYYY-MM-DD (or a timestamp starting with one) as a day.
pub(crate) fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// A stored date as "23 Nov 2026", or the text as stored when it is not one.
pub(crate) fn stored_date(s: &str) -> String {
    day(s).map(long_date).unwrap_or_else(|| s.to_string())
}

/// An amount short enough for a table cell: "EUR 48.0m", "GBP 950k".
pub(crate) fn money(currency: Option<&str>, amount: i128) -> String {
    let abs = amount.unsigned_abs() as f64;
    let sign = if amount < 0 { "-" } else { "" };
    let figure = if abs >= 1e9 {
        format!("{:.1}bn", abs / 1e9)
    } else if abs >= 1e6 {
        format!("{:.1}m", abs / 1e6)
    } else if abs >= 1e4 {
        format!("{:.0}k", abs / 1e3)
    } else {
        format!("{abs:.0}")
    };
    match currency {
        Some(c) => format!("{c} {sign}{figure}"),
        None => format!("{sign}{figure}"),
    }
}

/// A change in points with its sign: "+7", "–12", "0". The bundled fonts
/// have no minus sign (U+2212); an en dash stands in for it, as in print.
pub(crate) fn signed(v: i64) -> String {
    match v {
        0 => "0".into(),
        v if v > 0 => format!("+{v}"),
        v => format!("–{}", v.unsigned_abs()),
    }
}

/// "1 account", "3 accounts".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_short_and_keeps_its_currency() {
        assert_eq!(money(Some("EUR"), 48_000_000), "EUR 48.0m");
        assert_eq!(money(Some("GBP"), 950_000), "GBP 950k");
        assert_eq!(money(Some("USD"), 2_350_000_000), "USD 2.4bn");
        assert_eq!(money(None, 9_500), "9500");
        assert_eq!(money(Some("CHF"), -1_200_000), "CHF -1.2m");
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!([signed(7), signed(0), signed(-12)], ["+7", "0", "–12"]);
    }
}
