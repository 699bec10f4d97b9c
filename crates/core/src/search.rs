//! One search box for the whole book — accounts, people, interaction text,
//! meetings, blueprints and their goals, feedback and stories — over the FTS5
//! index that lives inside the encrypted vault. Triggers keep the index (see
//! the migrations); this module only reads it.

use serde::Serialize;
use sqlx::SqlitePool;

use crate::error::Result;
use crate::store::search::{self as store, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Account,
    Person,
    Interaction,
    Meeting,
    Blueprint,
    /// A goal of a blueprint; it opens on its blueprint.
    Goal,
    Feedback,
    Story,
}

impl HitKind {
    fn from_stored(kind: &str) -> Self {
        match kind {
            "account" => Self::Account,
            "person" => Self::Person,
            "meeting" => Self::Meeting,
            "blueprint" => Self::Blueprint,
            "goal" => Self::Goal,
            "feedback" => Self::Feedback,
            "story" => Self::Story,
            _ => Self::Interaction,
        }
    }
}

/// Where the words were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MatchIn {
    /// In the name: the snippet is the title with the words marked.
    Title,
    /// In the text: the snippet is an excerpt around them.
    Text,
}

/// A run of plain text, matched or not. The UI renders it as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SnippetPart {
    pub text: String,
    /// One of the words searched for.
    pub matched: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: HitKind,
    /// The row's id (a goal's own id within its blueprint).
    pub id: String,
    /// The blueprint page it opens on: a blueprint's own id, a goal's blueprint.
    pub blueprint_id: Option<String>,
    /// The account it belongs to (none for our own people).
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    pub title: String,
    /// What tells it apart beyond its title, plain text: a person's job
    /// title, a meeting's day and place, the question a goal serves.
    pub detail: String,
    pub matched_in: MatchIn,
    /// The match in context, the searched words marked.
    pub snippet: Vec<SnippetPart>,
}

/// Marks around a match in what FTS5 returns, split off by [`parts`]: control
/// characters, which the core refuses in every text it stores.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// The longest word taken from the box: no word in the book is longer, and a
/// pasted page costs no more than a sentence.
const MAX_WORD: usize = 64;
/// The most words taken from the box.
const MAX_WORDS: usize = 12;

/// Turns what the user typed into an FTS5 query: every word must match, the
/// last as a prefix (search as you type); quotes and operators are taken
/// literally, so no input is a syntax error.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| format!("\"{}\"", w.chars().take(MAX_WORD).collect::<String>()))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

/// Splits FTS5 output marked with [`OPEN`] and [`CLOSE`] into runs of text.
fn parts(marked: &str) -> Vec<SnippetPart> {
    let mut out: Vec<SnippetPart> = Vec::new();
    // The pieces alternate: outside, inside, outside … (marks never nest).
    for (i, text) in marked.split([OPEN, CLOSE]).enumerate() {
        let matched = i % 2 == 1;
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.matched == matched => last.text.push_str(text),
            _ => out.push(SnippetPart { text: text.to_string(), matched }),
        }
    }
    out
}

/// Names first (accounts, then the rest — people, meetings, blueprints,
/// goals, stories — best match first, newest first while fewer than three
/// letters are typed), then the newest text that matches (interactions,
/// feedback, the plans of meetings …). Each half is cut off inside the index
/// (`ORDER BY rank` on names only; `ORDER BY rowid DESC` on text, which FTS5
/// walks without sorting), and each hit's own row is then read by key, so a
/// two-letter prefix over a million interactions costs no more than a
/// precise word.
pub async fn search(pool: &SqlitePool, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else { return Ok(Vec::new()) };
    let limit = limit.clamp(1, 200);
    let mut conn = pool.acquire().await?;
    // With only one or two letters typed, relevance cannot tell the matches
    // apart (and ranking them all is the slow part): show the newest names;
    // from the third letter on, the best-ranked.
    let longest = input.split(|c: char| !c.is_alphanumeric()).map(|w| w.chars().count()).max().unwrap_or(0);
    let by_rank = longest >= 3;
    let mut names = store::names(&mut conn, &query, by_rank, limit).await?;
    let mut text = store::texts(&mut conn, &query, limit).await?;

    // Accounts first; then best-ranked (or newest) first, ties broken by the
    // newest, so the order never depends on how SQLite joined.
    names.sort_by(|x, y| {
        let group = |r: &Row| u8::from(r.kind != "account");
        let order = if by_rank { x.score.total_cmp(&y.score) } else { std::cmp::Ordering::Equal };
        group(x).cmp(&group(y)).then(order).then(y.n.cmp(&x.n))
    });
    text.sort_by_key(|row| std::cmp::Reverse(row.n));

    let mut seen = std::collections::HashSet::new();
    let tagged =
        names.into_iter().map(|row| (row, MatchIn::Title)).chain(text.into_iter().map(|row| (row, MatchIn::Text)));
    Ok(tagged
        .filter(|(row, _)| seen.insert(row.ref_id.clone()))
        .take(limit as usize)
        .map(|(row, matched_in)| SearchHit {
            kind: HitKind::from_stored(&row.kind),
            id: row.id,
            blueprint_id: row.blueprint_id,
            account_id: row.account_id,
            account_name: row.account_name,
            title: row.title,
            detail: row.detail,
            matched_in,
            snippet: parts(&row.marked),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_becomes_a_safe_prefix_query() {
        assert_eq!(fts_query("nord").as_deref(), Some("\"nord\"*"));
        assert_eq!(fts_query("ana  ok").as_deref(), Some("\"ana\" \"ok\"*"));
        assert_eq!(fts_query("\"AND\" OR (x*").as_deref(), Some("\"AND\" \"OR\" \"x\"*"));
        assert_eq!(fts_query("Müller-Lüdenscheidt").as_deref(), Some("\"Müller\" \"Lüdenscheidt\"*"));
        assert_eq!(fts_query("  ** "), None);
        assert_eq!(
            fts_query("a NEAR(b c, 2) -d ^e title:f").as_deref(),
            Some("\"a\" \"NEAR\" \"b\" \"c\" \"2\" \"d\" \"e\" \"title\" \"f\"*")
        );
    }

    #[test]
    fn a_long_paste_is_cut_to_a_few_short_words() {
        let word = "x".repeat(10_000);
        assert_eq!(fts_query(&word), Some(format!("\"{}\"*", "x".repeat(MAX_WORD))));
        let many = "word ".repeat(1000);
        let query = fts_query(&many).unwrap();
        assert_eq!(query.matches("\"word\"").count(), MAX_WORDS);
    }

    #[test]
    fn marked_text_splits_into_runs() {
        let run = |text: &str, matched| SnippetPart { text: text.into(), matched };
        assert_eq!(
            parts("…met \u{2}Ravi\u{3} at the \u{2}hall\u{3}"),
            vec![run("…met ", false), run("Ravi", true), run(" at the ", false), run("hall", true)]
        );
        assert_eq!(parts("\u{2}Nord\u{3}\u{2}wind\u{3}"), vec![run("Nordwind", true)]);
        assert_eq!(parts("no match"), vec![run("no match", false)]);
        assert_eq!(parts(""), Vec::<SnippetPart>::new());
    }
}
