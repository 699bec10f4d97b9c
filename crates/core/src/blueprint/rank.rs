//! Ranking the ideas and the impact/effort chart. Merged duplicates are left
//! out: their votes and scores live on in the idea they were merged into.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::model::{Blueprint, Idea, IdeaKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RankedIdea {
    /// From 1.
    pub rank: u32,
    pub idea_id: String,
    pub text: String,
    pub kind: IdeaKind,
    pub participant_id: Option<String>,
    pub votes: u32,
    pub impact: Option<u8>,
    pub effort: Option<u8>,
    /// Impact over effort, when both are scored.
    pub ratio: Option<f64>,
    pub chosen: bool,
}

/// One idea on the impact/effort chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChartPoint {
    pub idea_id: String,
    pub text: String,
    pub impact: u8,
    pub effort: u8,
    pub chosen: bool,
}

fn ratio(idea: &Idea) -> Option<f64> {
    Some(f64::from(idea.impact?) / f64::from(idea.effort?))
}

/// More votes first, then a better impact/effort ratio (unscored last), then
/// the order they were captured in.
fn by_rank(a: &(usize, u32, Option<f64>), b: &(usize, u32, Option<f64>)) -> Ordering {
    let ratio = |r: Option<f64>| r.unwrap_or(f64::NEG_INFINITY);
    b.1.cmp(&a.1).then(ratio(b.2).total_cmp(&ratio(a.2))).then(a.0.cmp(&b.0))
}

impl Blueprint {
    /// The live ideas, best first.
    pub fn rank(&self) -> Vec<RankedIdea> {
        let mut order: Vec<(usize, u32, Option<f64>)> = self
            .ideas
            .iter()
            .enumerate()
            .filter(|(_, i)| i.is_live())
            .map(|(n, i)| (n, self.votes_for(&i.id), ratio(i)))
            .collect();
        order.sort_by(by_rank);
        order
            .into_iter()
            .zip(1..)
            .map(|((n, votes, ratio), rank)| {
                let idea = &self.ideas[n];
                RankedIdea {
                    rank,
                    idea_id: idea.id.clone(),
                    text: idea.text.clone(),
                    kind: idea.kind,
                    participant_id: idea.participant_id.clone(),
                    votes,
                    impact: idea.impact,
                    effort: idea.effort,
                    ratio,
                    chosen: idea.chosen,
                }
            })
            .collect()
    }

    /// The live ideas with both scores, in capture order.
    pub fn chart(&self) -> Vec<ChartPoint> {
        self.live_ideas()
            .filter_map(|i| {
                Some(ChartPoint {
                    idea_id: i.id.clone(),
                    text: i.text.clone(),
                    impact: i.impact?,
                    effort: i.effort?,
                    chosen: i.chosen,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::*;
    use BlueprintCommand as C;

    fn ids(bp: &Blueprint) -> Vec<String> {
        bp.rank().into_iter().map(|r| r.idea_id).collect()
    }

    #[test]
    fn votes_first_then_impact_for_effort_then_capture_order() {
        let mut bp = with_ideas();
        let score =
            |id: &str, impact, effort| C::ScoreIdea { id: id.into(), impact: Some(impact), effort: Some(effort) };
        let vote = |p: &str, id: &str, n| C::Vote { participant_id: p.into(), idea_id: id.into(), votes: n };
        assert_eq!(ids(&bp), ["i1", "i2", "i3", "i4"], "nothing scored: capture order");
        run(&mut bp, [score("i1", 2, 4), score("i3", 5, 1), score("i4", 4, 2)]);
        assert_eq!(ids(&bp), ["i3", "i4", "i1", "i2"], "ratio 5, 2, 0.5, unscored");
        run(&mut bp, [vote("ana", "i2", 3), vote("ben", "i1", 3)]);
        assert_eq!(ids(&bp), ["i1", "i2", "i3", "i4"], "equal votes: ratio, then unscored");
        let top = &bp.rank()[0];
        assert_eq!((top.rank, top.votes, top.ratio), (1, 3, Some(0.5)));
    }

    #[test]
    fn merged_duplicates_leave_the_ranking_and_the_chart() {
        let mut bp = with_ideas();
        run(&mut bp, [C::ScoreIdea { id: "i4".into(), impact: Some(3), effort: Some(3) }]);
        run(&mut bp, [C::ScoreIdea { id: "i1".into(), impact: Some(5), effort: Some(2) }]);
        run(&mut bp, [C::MergeIdeas { keep: "i1".into(), duplicate: "i4".into() }]);
        assert_eq!(ids(&bp), ["i1", "i2", "i3"]);
        let chart: Vec<(String, u8, u8)> = bp.chart().into_iter().map(|p| (p.idea_id, p.impact, p.effort)).collect();
        assert_eq!(chart, [("i1".to_string(), 5, 2)], "only scored, live ideas");
    }
}
