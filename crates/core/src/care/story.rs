//! Stories the customer tells about us: successes (usually something new we
//! brought) and horror stories (usually a delivery that went wrong). Which of
//! our departments the stories come from says where the relationship is won
//! and where it is lost.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::blueprint::Refusal;
pub use crate::kinds::{Failure, StoryKind};

/// The parts of a story the rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryFacts {
    pub kind: StoryKind,
    /// Our department it came from, as the team names it.
    pub department: String,
    pub on: NaiveDate,
    pub resolved: bool,
}

/// A horror story needs to say what went wrong; a success never is.
pub fn check(kind: StoryKind, failure: Option<Failure>, resolved: bool) -> Result<(), Refusal> {
    match (kind, failure) {
        (StoryKind::Success, Some(_)) => Err(Refusal::on("failure", "a success story has no failure")),
        (StoryKind::Success, None) if !resolved => Err(Refusal::on("resolved", "only horror stories are left open")),
        _ => Ok(()),
    }
}

/// One department's stories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DepartmentStories {
    pub department: String,
    pub success: u32,
    pub horror: u32,
    /// Horror stories not resolved yet.
    pub open_horror: u32,
}

/// Successes and horror stories per department since `since` (all when
/// `None`), the departments with the most horror stories first, then the most
/// successes. Department names are matched ignoring case and spaces around.
pub fn by_department<'a>(
    stories: impl IntoIterator<Item = &'a StoryFacts>,
    since: Option<NaiveDate>,
) -> Vec<DepartmentStories> {
    let mut groups: BTreeMap<String, DepartmentStories> = BTreeMap::new();
    for s in stories.into_iter().filter(|s| since.is_none_or(|d| s.on >= d)) {
        let name = s.department.trim();
        let entry = groups.entry(name.to_lowercase()).or_insert_with(|| DepartmentStories {
            department: name.to_string(),
            success: 0,
            horror: 0,
            open_horror: 0,
        });
        match s.kind {
            StoryKind::Success => entry.success += 1,
            StoryKind::Horror => {
                entry.horror += 1;
                entry.open_horror += u32::from(!s.resolved);
            }
        }
    }
    let mut out: Vec<DepartmentStories> = groups.into_values().collect();
    out.sort_by(|a, b| b.horror.cmp(&a.horror).then(b.success.cmp(&a.success)).then(a.department.cmp(&b.department)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(kind: StoryKind, department: &str, on: &str, resolved: bool) -> StoryFacts {
        StoryFacts { kind, department: department.into(), on: on.parse().unwrap(), resolved }
    }

    #[test]
    fn departments_are_ranked_by_horror_then_success() {
        use StoryKind::*;
        let stories = [
            story(Success, "Product development", "2026-03-01", true),
            story(Success, "product development ", "2026-05-01", true),
            story(Horror, "Logistics", "2026-04-01", false),
            story(Horror, "Logistics", "2026-06-01", true),
            story(Horror, "Installation", "2025-01-01", false),
            story(Success, "Installation", "2026-02-01", true),
        ];
        let all = by_department(&stories, None);
        let rows: Vec<(&str, u32, u32, u32)> =
            all.iter().map(|d| (d.department.as_str(), d.success, d.horror, d.open_horror)).collect();
        assert_eq!(rows, [("Logistics", 0, 2, 1), ("Installation", 1, 1, 1), ("Product development", 2, 0, 0)]);
        let this_year = by_department(&stories, Some("2026-01-01".parse().unwrap()));
        assert_eq!(this_year.iter().find(|d| d.department == "Installation").unwrap().horror, 0);
    }

    #[test]
    fn what_a_story_must_say() {
        assert_eq!(check(StoryKind::Success, Some(Failure::Late), true).unwrap_err().field, Some("failure"));
        assert_eq!(check(StoryKind::Success, None, false).unwrap_err().field, Some("resolved"));
        assert!(check(StoryKind::Horror, Some(Failure::Broken), false).is_ok());
        assert!(check(StoryKind::Horror, None, true).is_ok());
        assert!(check(StoryKind::Success, None, true).is_ok());
    }
}
