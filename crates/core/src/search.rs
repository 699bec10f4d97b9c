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

pub async fn search(pool: &SqlitePool, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else { return Ok(Vec::new()) };
    type Row = (String, String, Option<String>, Option<String>, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.kind, r.ref_id, r.account_id, a.name, search_index.title,
                snippet(search_index, 1, '', '', '…', 12)
         FROM search_index
         JOIN search_rows r ON r.n = search_index.rowid
         LEFT JOIN accounts a ON a.id = r.account_id
         WHERE search_index MATCH ?1 AND (r.account_id IS NULL OR a.deleted_at IS NULL)
         ORDER BY CASE r.kind WHEN 'account' THEN 0 WHEN 'person' THEN 1 ELSE 2 END, bm25(search_index, 4.0, 1.0)
         LIMIT ?2",
    )
    .bind(query)
    .bind(limit.clamp(1, 200))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
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
