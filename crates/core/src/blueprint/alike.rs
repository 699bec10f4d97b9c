//! Ideas that look alike: in a workshop the same idea is often said twice in
//! other words ("Fix the late spare-part deliveries", "Spare parts arrive
//! late"). Two live ideas are offered for merging when they share at least
//! half of their words: token Jaccard similarity over lowercased words, with
//! common English words left out and plurals folded ("parts" is "part").

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::model::{Blueprint, Idea};

/// Two ideas share at least this share of their distinct words to be offered for merging.
pub const ALIKE_AT: f64 = 0.5;

/// Words that say nothing about what an idea is.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do",
    "for", "from", "get", "had", "has", "have", "how", "if", "in", "into", "is", "it", "its", "more", "most", "not",
    "of", "on", "onto", "or", "our", "ours", "out", "over", "so", "some", "than", "that", "the", "their", "theirs",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "under", "up", "us", "very", "via", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would", "you", "your",
];

/// A likely duplicate: `duplicate` (captured later) would be merged into `keep`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AlikeIdeas {
    pub keep: String,
    pub duplicate: String,
    /// Shared words over all their distinct words, from [`ALIKE_AT`] to 1.
    pub similarity: f64,
}

/// The words an idea is about: lowercased, stop-words and single letters left
/// out, a plural folded onto its singular.
pub fn idea_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 1 && !STOP_WORDS.contains(&w.as_str()))
        .map(singular)
        .collect()
}

fn singular(word: String) -> String {
    let long = word.chars().count() > 4;
    if long && word.ends_with("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if long && ["sses", "xes", "ches", "shes"].iter().any(|end| word.ends_with(end)) {
        word[..word.len() - 2].to_string()
    } else if long && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        word[..word.len() - 1].to_string()
    } else {
        word
    }
}

/// Shared words over all distinct words; 0 when either says nothing.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    let all = a.union(b).count();
    shared as f64 / all as f64
}

/// One idea split off the other: they were made apart on purpose.
fn split_apart(a: &Idea, b: &Idea) -> bool {
    a.split_from.as_deref() == Some(&b.id)
        || b.split_from.as_deref() == Some(&a.id)
        || (a.split_from.is_some() && a.split_from == b.split_from)
}

impl Blueprint {
    /// Pairs of live ideas that look alike, most alike first (then in the
    /// order they were captured); the earlier idea of a pair is the one kept.
    pub fn alike_ideas(&self) -> Vec<AlikeIdeas> {
        let live: Vec<(&Idea, BTreeSet<String>)> = self.live_ideas().map(|i| (i, idea_words(&i.text))).collect();
        let mut pairs = Vec::new();
        for (n, (keep, keep_words)) in live.iter().enumerate() {
            for (duplicate, duplicate_words) in &live[n + 1..] {
                let similarity = similarity(keep_words, duplicate_words);
                if similarity >= ALIKE_AT && !split_apart(keep, duplicate) {
                    pairs.push((n, AlikeIdeas { keep: keep.id.clone(), duplicate: duplicate.id.clone(), similarity }));
                }
            }
        }
        pairs.sort_by(|(a_at, a), (b_at, b)| b.similarity.total_cmp(&a.similarity).then(a_at.cmp(b_at)));
        pairs.into_iter().map(|(_, pair)| pair).collect()
    }
}
