//! Two revisions side by side: goals added, removed and changed, matched by id
//! (goal ids are never reused, so a goal keeps its id across revisions).
//! Status is left out: it reports tracking, not the plan.

use serde::{Deserialize, Serialize};

use super::model::{Blueprint, Goal, RevisionSnapshot};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevisionDiff {
    pub from: u32,
    pub to: u32,
    /// In the later revision's order.
    pub added: Vec<Goal>,
    /// In the earlier revision's order.
    pub removed: Vec<Goal>,
    /// In the later revision's order.
    pub changed: Vec<GoalChange>,
}

impl RevisionDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GoalChange {
    pub goal_id: String,
    /// As in the later revision.
    pub title: String,
    pub fields: Vec<FieldChange>,
}

/// One field, as text; `None` where it was not set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What changed from revision `a` to revision `b`.
pub fn compare(a: &RevisionSnapshot, b: &RevisionSnapshot) -> RevisionDiff {
    compare_goals(a.revision, &a.goals, b.revision, &b.goals)
}

impl Blueprint {
    /// Two approved revisions, by number.
    pub fn compare_revisions(&self, from: u32, to: u32) -> Option<RevisionDiff> {
        Some(compare(self.snapshot(from)?, self.snapshot(to)?))
    }

    /// The revision being worked on against the last approved one; `None`
    /// before the first approval.
    pub fn changes_since_approval(&self) -> Option<RevisionDiff> {
        let approved = self.approved()?;
        Some(compare_goals(approved.revision, &approved.goals, self.revision, &self.goals))
    }
}

fn compare_goals(from: u32, before: &[Goal], to: u32, after: &[Goal]) -> RevisionDiff {
    let find = |goals: &[Goal], id: &str| goals.iter().find(|g| g.id == id).cloned();
    let added = after.iter().filter(|g| find(before, &g.id).is_none()).cloned().collect();
    let removed = before.iter().filter(|g| find(after, &g.id).is_none()).cloned().collect();
    let changed = after
        .iter()
        .filter_map(|b| {
            let fields = goal_changes(&find(before, &b.id)?, b);
            (!fields.is_empty()).then(|| GoalChange { goal_id: b.id.clone(), title: b.title.clone(), fields })
        })
        .collect();
    RevisionDiff { from, to, added, removed, changed }
}

/// The plan fields that differ between two versions of one goal.
pub fn goal_changes(before: &Goal, after: &Goal) -> Vec<FieldChange> {
    plan_fields(before)
        .into_iter()
        .zip(plan_fields(after))
        .filter(|((_, b), (_, a))| a != b)
        .map(|((field, before), (_, after))| FieldChange { field: field.to_string(), before, after })
        .collect()
}

/// A goal's plan as named text fields, in the order a reader expects.
fn plan_fields(g: &Goal) -> [(&'static str, Option<String>); 11] {
    let m = g.measure.as_ref();
    let listed = |items: Vec<String>| (!items.is_empty()).then(|| items.join("; "));
    [
        ("title", Some(g.title.clone())),
        ("owner", g.owner_id.clone()),
        ("counterpart", g.counterpart_id.clone()),
        ("target_date", g.target_date.map(|d| d.format("%Y-%m-%d").to_string())),
        ("metric", m.map(|m| m.metric.clone())),
        ("unit", m.map(|m| m.unit.clone())),
        ("baseline", m.map(|m| m.baseline.to_string())),
        ("target", m.map(|m| m.target.to_string())),
        ("ideas", listed(g.idea_ids.clone())),
        ("involve", listed(g.involve.iter().map(|i| format!("{} ({})", i.person_id, i.side.label())).collect())),
        (
            "connections",
            listed(
                g.planned_connections
                    .iter()
                    .map(|c| format!("{} with {} every {} days", c.ours_id, c.theirs_id, c.cadence_days))
                    .collect(),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::*;
    use BlueprintCommand as C;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange { field: field.into(), before: before.map(str::to_string), after: after.map(str::to_string) }
    }

    /// Revision 2: uptime moves out to December and aims higher, the parts goal
    /// is dropped, a goal about the COO comes in.
    fn two_revisions() -> Blueprint {
        let mut bp = approved();
        let uptime = measure("uptime", "%", 90.0, 99.5);
        let meetings = measure("meetings", "count", 0.0, 4.0);
        run(
            &mut bp,
            [
                C::OpenRevision,
                complete("uptime", "Raise fleet uptime", "ana", "2027-12-31", uptime),
                C::RemoveGoal { id: "parts".into() },
                choose("i3"),
                goal("coo", "Know the new COO", &["i3"]),
                complete("coo", "Know the new COO", "ana", "2027-06-30", meetings),
                C::Advance,
                C::Advance,
                approve(),
            ],
        );
        bp
    }

    #[test]
    fn revision_two_against_one_is_exactly_what_changed() {
        let bp = two_revisions();
        assert_eq!(bp.revisions.iter().map(|r| r.revision).collect::<Vec<_>>(), [1, 2]);
        let diff = bp.compare_revisions(1, 2).unwrap();
        assert_eq!((diff.from, diff.to), (1, 2));
        assert_eq!(diff.added.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["coo"]);
        assert_eq!(diff.added[0].measure.as_ref().unwrap().target, 4.0);
        assert_eq!(diff.removed, [bp.snapshot(1).unwrap().goals[1].clone()]);
        assert_eq!(diff.removed[0].id, "parts");
        assert_eq!(
            diff.changed,
            [GoalChange {
                goal_id: "uptime".into(),
                title: "Raise fleet uptime".into(),
                fields: vec![
                    change("target_date", Some("2027-09-30"), Some("2027-12-31")),
                    change("target", Some("98"), Some("99.5")),
                ],
            }]
        );
    }

    #[test]
    fn comparing_the_other_way_swaps_added_and_removed() {
        let bp = two_revisions();
        let back = bp.compare_revisions(2, 1).unwrap();
        assert_eq!(back.added[0].id, "parts");
        assert_eq!(back.removed[0].id, "coo");
        assert_eq!(back.changed[0].fields[0], change("target_date", Some("2027-12-31"), Some("2027-09-30")));
        assert!(bp.compare_revisions(2, 2).unwrap().is_empty());
        assert_eq!(bp.compare_revisions(1, 3), None);
    }

    /// Revision 3 changes only people and wording; check-ins between revisions
    /// change status, which is not part of the comparison.
    #[test]
    fn people_and_titles_show_as_changes_and_status_does_not() {
        let mut bp = two_revisions();
        run(
            &mut bp,
            [C::CheckIn {
                goal_id: "uptime".into(),
                on: day("2027-02-15"),
                value: 93.0,
                note: None,
                status: Some(GoalStatus::OnTrack),
            }],
        );
        run(&mut bp, [C::OpenRevision]);
        let draft = bp.changes_since_approval().unwrap();
        assert!(draft.is_empty(), "{draft:?}");
        let meetings = measure("meetings", "count", 0.0, 4.0);
        run(
            &mut bp,
            [
                complete("coo", "Earn the new COO's trust", "ana", "2027-06-30", meetings),
                C::Involve { goal_id: "coo".into(), person: theirs("coo") },
                C::PlanConnection { goal_id: "coo".into(), ours: ours("eva"), theirs: theirs("coo"), cadence_days: 30 },
                C::Advance,
                C::Advance,
                approve(),
            ],
        );
        let diff = bp.compare_revisions(2, 3).unwrap();
        assert!(diff.added.is_empty() && diff.removed.is_empty());
        assert_eq!(diff.changed.len(), 1, "{diff:?}");
        assert_eq!(
            diff.changed[0].fields,
            [
                change("title", Some("Know the new COO"), Some("Earn the new COO's trust")),
                change("involve", None, Some("coo (theirs)")),
                change("connections", None, Some("eva with coo every 30 days")),
            ]
        );
    }
}
