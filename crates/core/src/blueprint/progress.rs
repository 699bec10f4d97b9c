//! Tracking: how far each goal has moved from its baseline towards its target,
//! which goals are overdue, and the blueprint as a whole.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Blueprint, CheckIn, Goal, GoalStatus};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GoalProgress {
    pub goal_id: String,
    pub title: String,
    pub status: GoalStatus,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub target_date: Option<NaiveDate>,
    /// 0 to 100; `None` without a measure or a check-in.
    pub percent: Option<f64>,
    pub latest: Option<CheckIn>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    /// In the blueprint's order.
    pub goals: Vec<GoalProgress>,
    /// The mean over all goals, a goal with no reading yet counting as 0;
    /// `None` without goals.
    pub overall: Option<f64>,
    pub overdue: u32,
}

/// Where the value stands between the goal's baseline (0) and target (100),
/// clamped; works for targets below the baseline too.
pub fn goal_percent(goal: &Goal, latest: Option<&CheckIn>) -> Option<f64> {
    let m = goal.measure.as_ref()?;
    let span = m.target - m.baseline;
    if span == 0.0 {
        return None;
    }
    let fraction = (latest?.value - m.baseline) / span;
    Some(fraction.clamp(0.0, 1.0) * 100.0)
}

/// The target date has passed and the goal is not done.
pub fn is_overdue(goal: &Goal, today: NaiveDate) -> bool {
    goal.status != GoalStatus::Done && goal.target_date.is_some_and(|d| d < today)
}

impl Blueprint {
    /// The goal's check-ins, oldest first (same day: in the order taken).
    pub fn history(&self, goal_id: &str) -> Vec<&CheckIn> {
        let mut readings: Vec<&CheckIn> = self.check_ins.iter().filter(|c| c.goal_id == goal_id).collect();
        readings.sort_by_key(|c| c.on);
        readings
    }

    pub fn latest_check_in(&self, goal_id: &str) -> Option<&CheckIn> {
        self.history(goal_id).pop()
    }

    pub fn progress(&self, today: NaiveDate) -> Progress {
        let goals: Vec<GoalProgress> = self
            .goals
            .iter()
            .map(|g| {
                let latest = self.latest_check_in(&g.id);
                GoalProgress {
                    goal_id: g.id.clone(),
                    title: g.title.clone(),
                    status: g.status,
                    target_date: g.target_date,
                    percent: goal_percent(g, latest),
                    latest: latest.cloned(),
                    overdue: is_overdue(g, today),
                }
            })
            .collect();
        let overall = (!goals.is_empty())
            .then(|| goals.iter().map(|g| g.percent.unwrap_or(0.0)).sum::<f64>() / goals.len() as f64);
        let overdue = goals.iter().filter(|g| g.overdue).count() as u32;
        Progress { goals, overall, overdue }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::*;
    use BlueprintCommand as C;

    fn check(goal: &str, on: &str, value: f64) -> BlueprintCommand {
        C::CheckIn { goal_id: goal.into(), on: day(on), value, note: None, status: None }
    }

    #[test]
    fn progress_runs_from_baseline_to_target_either_way_and_is_clamped() {
        let mut bp = approved();
        // uptime: 90 → 98 %, parts: 12 → 2 late deliveries a month.
        run(&mut bp, [check("uptime", "2027-01-31", 92.0), check("uptime", "2027-02-28", 94.0)]);
        run(&mut bp, [check("parts", "2027-02-28", 7.0)]);
        let p = bp.progress(day("2027-03-01"));
        let percents: Vec<Option<f64>> = p.goals.iter().map(|g| g.percent).collect();
        assert_eq!(percents, [Some(50.0), Some(50.0)]);
        assert_eq!(p.overall, Some(50.0));
        assert_eq!(p.goals[0].latest.as_ref().unwrap().value, 94.0, "the latest reading counts");
        run(&mut bp, [check("uptime", "2027-03-01", 99.0), check("parts", "2027-03-01", 15.0)]);
        let percents: Vec<Option<f64>> = bp.progress(today()).goals.iter().map(|g| g.percent).collect();
        assert_eq!(percents, [Some(100.0), Some(0.0)], "past the target, or worse than the baseline");
    }

    #[test]
    fn a_goal_without_a_reading_has_no_percent_and_counts_as_zero_overall() {
        let mut bp = approved();
        run(&mut bp, [check("uptime", "2027-02-28", 98.0)]);
        let p = bp.progress(today());
        assert_eq!(p.goals[1].percent, None);
        assert_eq!(p.overall, Some(50.0));
        assert_eq!(blank().progress(today()).overall, None);
        let mut goal = bp.goals[0].clone();
        goal.measure = None;
        assert_eq!(goal_percent(&goal, bp.latest_check_in("uptime")), None);
    }

    /// Parts is due 2027-06-30, uptime 2027-09-30.
    #[test]
    fn overdue_means_past_the_target_date_and_not_done() {
        let mut bp = approved();
        let overdue = |bp: &Blueprint, on: &str| -> Vec<String> {
            bp.progress(day(on)).goals.into_iter().filter(|g| g.overdue).map(|g| g.goal_id).collect()
        };
        assert!(overdue(&bp, "2027-06-30").is_empty(), "due today is not overdue");
        assert_eq!(overdue(&bp, "2027-07-01"), ["parts"]);
        assert_eq!(bp.progress(day("2027-10-01")).overdue, 2);
        let done = C::CheckIn {
            goal_id: "parts".into(),
            on: day("2027-03-01"),
            value: 2.0,
            note: Some("two months under target".into()),
            status: Some(GoalStatus::Done),
        };
        run(&mut bp, [done]);
        assert_eq!(overdue(&bp, "2027-10-01"), ["uptime"]);
    }
}
