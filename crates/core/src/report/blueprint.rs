//! The blueprint as a PDF: a one-page summary, the goals with owners, dates,
//! measures and status, the people plan, and every idea grouped by the
//! function of who brought it. The goals table is the kit's
//! ([`crate::documents::kit`]): meeting briefs show it too.

use std::collections::BTreeMap;
use std::path::Path;

use sqlx::SqlitePool;

use crate::blueprint::{Blueprint, BlueprintData, GoalProgress, IdeaKind, Progress, plan};
use crate::documents::kit::{
    self, Audience, BriefOptions, Exported, capitalised, col, goal_table, long_date, note, number,
};
use crate::error::Result;
use crate::kinds::{Function, Side};
use crate::pdf::{Align, Block, Column, Document, Fact, Span};

/// The blueprint's PDF as a document. Not yet approved: every page is marked DRAFT.
pub async fn document(pool: &SqlitePool, id: &str, options: &BriefOptions) -> Result<Document> {
    let today = crate::settings::today(pool, options.now).await?;
    let mut data = plan::load(&mut *pool.acquire().await?, id, today).await?;
    // What the customer may read; the chapters' audiences in `build` do the rest.
    if options.audience == Audience::Shareable {
        kit::plan_for_customer(&mut data);
    }
    Ok(build(&data, options))
}

/// Renders the blueprint and writes it to `path`.
pub async fn export(pool: &SqlitePool, id: &str, path: &Path, options: &BriefOptions) -> Result<Exported> {
    let doc = document(pool, id, options).await?;
    kit::write_document(doc, path, 0).await
}

pub fn build(data: &BlueprintData, options: &BriefOptions) -> Document {
    let b = &data.blueprint;
    let draft = !b.frozen();
    let title = format!("{} — Blueprint {}", data.account.name, period(b));
    super::document(
        title,
        draft,
        options,
        vec![
            (Audience::Shareable, "Summary", summary(data)),
            (Audience::Shareable, "Goals", goals(data)),
            (Audience::Internal, "People plan", people_plan(data)),
            (Audience::Internal, "Ideas by function", ideas_by_function(data)),
        ],
    )
}

fn period(b: &Blueprint) -> String {
    format!("{} – {}", long_date(b.period.starts_on), long_date(b.period.ends_on))
}

fn approval_line(data: &BlueprintData) -> String {
    let b = &data.blueprint;
    match (b.frozen(), b.approved()) {
        (true, Some(s)) => format!(
            "Revision {} approved by {} on {}",
            s.revision,
            data.name(&s.approved_by),
            long_date(s.approved_at.date_naive())
        ),
        (false, Some(s)) => format!(
            "Revision {} in the {} stage; revision {} was approved by {} on {}",
            b.revision,
            b.stage.label(),
            s.revision,
            data.name(&s.approved_by),
            long_date(s.approved_at.date_naive())
        ),
        (_, None) => format!("Revision {} in the {} stage, not approved yet", b.revision, b.stage.label()),
    }
}

fn summary(data: &BlueprintData) -> Vec<Block> {
    let b = &data.blueprint;
    let progress = data.progress();
    let room = b.functions_in_room();
    let participants: Vec<String> =
        b.participants.iter().map(|p| format!("{} ({})", data.name(&p.person_id), p.function.label())).collect();
    let live = b.live_ideas().count();
    let chosen = b.live_ideas().filter(|i| i.chosen).count();
    let mut facts = vec![
        Fact { label: "Period".into(), value: period(b) },
        Fact { label: "Status".into(), value: approval_line(data) },
        Fact {
            label: "Sponsor".into(),
            value: data.sponsor.as_deref().map(|s| data.name(s)).unwrap_or_else(|| "not named yet".into()),
        },
        Fact {
            label: "In the room".into(),
            value: if participants.is_empty() { "nobody yet".into() } else { participants.join("; ") },
        },
        Fact { label: "Ideas".into(), value: format!("{live} captured, {chosen} chosen") },
        Fact { label: "Goals".into(), value: goals_line(&progress) },
    ];
    if let Some(message) = &room.message {
        facts.push(Fact { label: "Functions".into(), value: message.clone() });
    }
    let mut blocks = vec![
        Block::Title { text: format!("Blueprint: {}", data.account.name), subtitle: Some(b.question.clone()) },
        Block::Facts { rows: facts },
    ];
    if progress.goals.is_empty() {
        blocks.push(note("No goals yet."));
    } else {
        blocks.push(Block::Callout {
            title: "The goals at a glance".into(),
            items: progress.goals.iter().map(|g| glance(data, g)).collect(),
        });
    }
    let reviews: Vec<String> = b
        .reviews
        .iter()
        .map(|r| {
            let verdict = capitalised(r.verdict.label());
            let comment = r.comment.as_deref().map(|c| format!(": {c}")).unwrap_or_default();
            format!(
                "Revision {} — {verdict} by {}, {}{comment}",
                r.revision,
                data.name(&r.by),
                long_date(r.at.date_naive())
            )
        })
        .collect();
    if !reviews.is_empty() {
        blocks.push(Block::Heading { text: "The sponsor's decisions".into() });
        blocks.push(Block::Bullets { items: reviews });
    }
    blocks
}

fn goals_line(progress: &Progress) -> String {
    let n = progress.goals.len();
    let mut line = format!("{n} {}", if n == 1 { "goal" } else { "goals" });
    if let Some(overall) = progress.overall {
        line.push_str(&format!(", {overall:.0}% of the way overall"));
    }
    if progress.overdue > 0 {
        line.push_str(&format!(", {} overdue", progress.overdue));
    }
    line
}

fn glance(data: &BlueprintData, g: &GoalProgress) -> String {
    let goal = data.blueprint.goal(&g.goal_id);
    let owner = goal.and_then(|g| g.owner_id.as_deref()).map(|o| data.name(o)).unwrap_or_else(|| "no owner".into());
    let by = g.target_date.map(long_date).unwrap_or_else(|| "no date".into());
    let overdue = if g.overdue { " — overdue" } else { "" };
    format!("{} — {owner}, by {by}: {}{overdue}", g.title, g.status.label())
}

fn goals(data: &BlueprintData) -> Vec<Block> {
    let b = &data.blueprint;
    let progress = data.progress();
    let mut blocks = vec![Block::Heading { text: "Goals".into() }];
    if b.goals.is_empty() {
        blocks.push(note("No goals yet: they are made from the chosen ideas."));
        return blocks;
    }
    blocks.push(goal_table(&b.goals, &progress, |id| data.name(id)));
    for g in &b.goals {
        let from: Vec<String> = g
            .idea_ids
            .iter()
            .filter_map(|i| b.idea(i))
            .map(|i| i.text.lines().next().unwrap_or("").to_string())
            .collect();
        let history = b.history(&g.id);
        if from.is_empty() && history.is_empty() {
            continue;
        }
        blocks.push(Block::Paragraph { spans: vec![Span::strong(g.title.clone())] });
        if !from.is_empty() {
            blocks.push(Block::Paragraph { spans: vec![Span::plain(format!("From the ideas: {}", from.join("; ")))] });
        }
        if !history.is_empty() {
            let rows = history
                .iter()
                .map(|c| {
                    vec![
                        long_date(c.on),
                        number(c.value),
                        capitalised(c.status.label()),
                        c.note.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            blocks.push(Block::Table {
                columns: vec![col("Checked", 1.3), col("Value", 1.0), col("Status", 1.3), col("Note", 4.0)],
                rows,
            });
        }
    }
    blocks
}

fn people_plan(data: &BlueprintData) -> Vec<Block> {
    let b = &data.blueprint;
    let mut blocks = vec![Block::Heading { text: "People plan".into() }];
    if b.goals.iter().all(|g| g.involve.is_empty() && g.planned_connections.is_empty()) {
        blocks
            .push(note("Nobody is planned in yet: for each goal, who to involve on both sides and the ties to make."));
        return blocks;
    }
    let gaps = b.people_gaps();
    for g in &b.goals {
        blocks.push(Block::Paragraph { spans: vec![Span::strong(g.title.clone())] });
        let side = |s: Side| -> String {
            let names: Vec<String> =
                g.involve.iter().filter(|i| i.side == s).map(|i| data.name(&i.person_id)).collect();
            if names.is_empty() { "nobody yet".into() } else { names.join(", ") }
        };
        blocks.push(Block::Facts {
            rows: vec![
                Fact { label: "Our side".into(), value: side(Side::Ours) },
                Fact { label: "Their side".into(), value: side(Side::Theirs) },
            ],
        });
        if let Some(gap) = gaps.iter().find(|gap| gap.goal_id == g.id) {
            blocks.push(note(&gap.message));
        }
        if !g.planned_connections.is_empty() {
            let rows = g
                .planned_connections
                .iter()
                .map(|c| vec![data.name(&c.ours_id), data.name(&c.theirs_id), cadence(c.cadence_days)])
                .collect();
            blocks.push(Block::Table {
                columns: vec![col("New tie: ours", 2.0), col("Theirs", 2.0), col("Keep in touch", 1.5)],
                rows,
            });
        }
    }
    blocks
}

fn cadence(days: u32) -> String {
    match days {
        1 => "every day".into(),
        7 => "every week".into(),
        14 => "every two weeks".into(),
        30 | 31 => "every month".into(),
        90..=92 => "every quarter".into(),
        n => format!("every {n} days"),
    }
}

/// Fits a table column without breaking inside a word.
fn short_kind(kind: IdeaKind) -> &'static str {
    match kind {
        IdeaKind::Innovation => "Innovation",
        IdeaKind::ImplementationFailure => "Failure to fix",
        IdeaKind::Relationship => "Relationship",
        IdeaKind::Growth => "Growth",
        IdeaKind::Risk => "Risk",
    }
}

fn ideas_by_function(data: &BlueprintData) -> Vec<Block> {
    let b = &data.blueprint;
    let mut blocks = vec![Block::Heading { text: "Ideas by function".into() }];
    let mut groups: BTreeMap<Option<Function>, Vec<Vec<String>>> = BTreeMap::new();
    for ranked in b.rank() {
        let function = ranked.participant_id.as_deref().and_then(|p| b.participant(p)).map(|p| p.function);
        let by = ranked.participant_id.as_deref().map(|p| data.name(p)).unwrap_or_default();
        let score = |s: Option<u8>| s.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
        groups.entry(function).or_default().push(vec![
            ranked.text.clone(),
            short_kind(ranked.kind).into(),
            by,
            score(ranked.impact),
            score(ranked.effort),
            ranked.votes.to_string(),
            if ranked.chosen { "chosen".into() } else { String::new() },
        ]);
    }
    if groups.is_empty() {
        blocks.push(note("No ideas captured yet."));
        return blocks;
    }
    let merged = b.ideas.len() - b.live_ideas().count();
    if merged > 0 {
        blocks.push(note(&format!(
            "{merged} duplicate {} merged into the ideas below.",
            if merged == 1 { "was" } else { "were" }
        )));
    }
    // Functions in the vocabulary's order, unattributed ideas last.
    let mut ordered: Vec<(Option<Function>, Vec<Vec<String>>)> = groups.into_iter().collect();
    ordered.sort_by_key(|(f, _)| f.map_or(usize::MAX, |f| Function::ALL.iter().position(|x| *x == f).unwrap_or(0)));
    for (function, rows) in ordered {
        let heading = match function {
            Some(f) => capitalised(f.label()),
            None => "Not attributed to anyone".into(),
        };
        blocks.push(Block::Paragraph { spans: vec![Span::strong(format!("{heading} ({})", rows.len()))] });
        blocks.push(Block::Table {
            columns: vec![
                col("Idea", 3.6),
                col("Kind", 1.9),
                col("Brought by", 1.7),
                Column { title: "Impact".into(), width: 1.1, align: Align::Right },
                Column { title: "Effort".into(), width: 1.1, align: Align::Right },
                Column { title: "Votes".into(), width: 1.0, align: Align::Right },
                col("", 1.3),
            ],
            rows,
        });
    }
    blocks
}
