//! The brief's "What was promised" section: every commitment still owed on
//! either side for the account, the late ones first, so whoever walks in knows
//! what we owe them and what they owe us.

use super::{BriefData, BriefOptions};
use crate::commitments::{Commitment, CommitmentStatus, Side};
use crate::documents::kit::{col, note};
use crate::pdf::Block;

/// Rows printed; the rest are counted.
const ROWS: usize = 12;

pub(super) fn promises(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let owed = &data.promises;
    if owed.is_empty() {
        return None;
    }
    let mut sorted: Vec<&Commitment> = owed.iter().collect();
    // Late first, then by the day they are due (none last); the list is read
    // already ordered by day.
    sorted.sort_by_key(|c| c.status != CommitmentStatus::Late);
    let rows = sorted
        .iter()
        .take(ROWS)
        .map(|c| {
            let side = match c.side {
                Side::Ours => "We",
                Side::Theirs => "They",
            };
            let who = match (&c.by_name, &c.to_name) {
                (Some(by), Some(to)) => format!("{side}: {by}\nto {to}"),
                (Some(by), None) => format!("{side}: {by}"),
                (None, Some(to)) => format!("{side}\nto {to}"),
                (None, None) => side.to_string(),
            };
            let by_when = c.due_on.as_deref().and_then(|d| d.parse::<chrono::NaiveDate>().ok());
            vec![
                who,
                c.what.clone(),
                by_when.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_else(|| "no date".into()),
                c.standing(),
            ]
        })
        .collect();
    let count = |side: Side| owed.iter().filter(|c| c.side == side).count();
    let late = owed.iter().filter(|c| c.status == CommitmentStatus::Late).count();
    let mut line = format!("Still owed: {} by us, {} by them", count(Side::Ours), count(Side::Theirs));
    line.push_str(&match late {
        0 => "; none late.".to_string(),
        1 => "; 1 is late.".to_string(),
        n => format!("; {n} are late."),
    });
    let mut blocks = vec![
        Block::Heading { text: "What was promised".into() },
        Block::Table { columns: vec![col("Who", 2.4), col("What", 5.0), col("By", 1.5), col("Now", 1.5)], rows },
    ];
    if owed.len() > ROWS {
        blocks.push(note(&format!("… and {} more in Rapport.", owed.len() - ROWS)));
    }
    blocks.push(note(&line));
    Some(blocks)
}
