//! One search box for accounts, people and interaction text, over the FTS5
//! index that lives inside the encrypted vault.

use serde::Serialize;
use sqlx::SqlitePool;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Account,
    Person,
    Interaction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: String,
    /// The account to open (none for our own people).
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    pub title: String,
    /// A short excerpt around the match, plain text.
    pub snippet: String,
}

/// Turns what the user typed into an FTS5 query: every word must match, the
/// last as a prefix (search as you type); quotes and operators are taken
/// literally, so no input is a syntax error.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{w}\""))
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

/// Names first (accounts, then people, best match first — newest first while
/// fewer than three letters are typed), then the newest
/// interactions and other text that match. Each half is cut off inside the
/// index (`ORDER BY rank` on names only; `ORDER BY rowid DESC` on text, which
/// FTS5 walks without sorting), so a two-letter prefix over a million
/// interactions costs no more than a precise word.
pub async fn search(pool: &SqlitePool, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else { return Ok(Vec::new()) };
    let limit = limit.clamp(1, 200);
    let mut conn = pool.acquire().await?;
    type Row = (String, String, Option<String>, Option<String>, String, String);
    // With only one or two letters typed, relevance cannot tell the matches
    // apart (and ranking them all is the slow part): show the newest names;
    // from the third letter on, the best-ranked.
    let longest = input.split(|c: char| !c.is_alphanumeric()).map(|w| w.chars().count()).max().unwrap_or(0);
    let names_order = if longest < 3 { "rowid DESC" } else { "rank" };
    let names: Vec<Row> = sqlx::query_as(sql!(
        "WITH hits AS (
            SELECT rowid AS n, title FROM search_index WHERE search_index MATCH ?1 ORDER BY {names_order} LIMIT ?2)
         SELECT r.kind, r.ref_id, r.account_id, a.name, hits.title, coalesce(p.title, a.industry, '')
         FROM hits JOIN search_rows r ON r.n = hits.n
         LEFT JOIN accounts a ON a.id = r.account_id
         LEFT JOIN people p ON p.id = r.ref_id
         WHERE r.account_id IS NULL OR a.deleted_at IS NULL
         ORDER BY CASE r.kind WHEN 'account' THEN 0 ELSE 1 END"
    ))
    .bind(format!("title : ({query})"))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let text: Vec<Row> = sqlx::query_as(
        "WITH hits AS (
            SELECT rowid AS n, snippet(search_index, 1, '', '', '…', 12) AS snip
            FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
         SELECT r.kind, r.ref_id, r.account_id, a.name,
                coalesce(i.occurred_on || ' · ' || substr(i.summary, 1, 120), p.name, a.name, ''), hits.snip
         FROM hits JOIN search_rows r ON r.n = hits.n
         LEFT JOIN accounts a ON a.id = r.account_id
         LEFT JOIN interactions i ON i.id = r.ref_id
         LEFT JOIN people p ON p.id = r.ref_id
         WHERE (r.account_id IS NULL OR a.deleted_at IS NULL)
         ORDER BY hits.n DESC",
    )
    .bind(format!("body : ({query})"))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;

    let mut seen = std::collections::HashSet::new();
    Ok(names
        .into_iter()
        .chain(text)
        .filter(|row| seen.insert(row.1.clone()))
        .take(limit as usize)
        .map(|(kind, id, account_id, account_name, title, snippet)| SearchHit {
            kind: match kind.as_str() {
                "account" => HitKind::Account,
                "person" => HitKind::Person,
                _ => HitKind::Interaction,
            },
            id,
            account_id,
            account_name,
            title,
            snippet,
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
    }
}
