//! The portfolio review as a PDF, for the internal executive business review:
//! a first page that stands on its own (the size of the book, revenue and
//! margin by currency, how healthy it is, what is falling or sliding back, and
//! the ten weakest strategic accounts with what costs them most), then what
//! needs attention, which of our departments make the success and the horror
//! stories, and every account in one table by tier.
//!
//! Everything comes from the rows of [`crate::care::portfolio`], made for the
//! screen at 10,000 accounts, so the report stays quick at that size: only the
//! ten weakest strategic accounts are read in full, for their main reason.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Months, NaiveDate};
use sqlx::SqlitePool;

use super::{count, long_date, money, signed};
use crate::blueprint::BlueprintStage;
use crate::care::portfolio::{Portfolio, PortfolioRow};
use crate::care::story::DepartmentStories;
use crate::care::{account, store};
use crate::documents::kit::{self, Audience, BriefOptions, Exported, capitalised, col, note};
use crate::error::{Error, Result};
use crate::kinds::{Flag, Tier};
use crate::pdf::{Align, Block, Column, Document, Fact};

/// Accounts falling this many points or more in 90 days are "falling".
pub const FALLING: i32 = -10;
/// Health bands: weak below [`FAIR`], strong from [`STRONG`].
pub const FAIR: u32 = 40;
pub const STRONG: u32 = 70;
/// The weakest strategic accounts on the first page.
pub const WEAKEST: usize = 10;
/// Rows per "needs attention" list; the rest are counted.
pub const ATTENTION_ROWS: usize = 25;

/// One of the weakest strategic accounts and the part of its score that
/// costs it most.
#[derive(Debug, Clone, PartialEq)]
pub struct Weak {
    pub name: String,
    pub health: u32,
    pub trend: Option<i32>,
    /// "Goal progress: no approved blueprint with goals (0 of 15)".
    pub reason: String,
}

/// Everything the portfolio review is made from.
#[derive(Debug, Clone)]
pub struct PortfolioData {
    pub portfolio: Portfolio,
    /// Weakest first.
    pub weakest: Vec<Weak>,
    /// Stories per department over the last twelve months.
    pub departments: Vec<DepartmentStories>,
    /// The day of each account's next meeting where it is held (the rows
    /// carry its start in UTC), by account id.
    pub meeting_days: HashMap<String, NaiveDate>,
    pub today: NaiveDate,
}

/// The portfolio review as a document. Reads the recorded scores (the app
/// scores every account once a day after unlocking; see
/// [`care::portfolio::record_all`](crate::care::portfolio::record_all)); the
/// ten weakest strategic accounts are scored afresh for their reasons.
pub async fn document(pool: &SqlitePool, options: &BriefOptions) -> Result<Document> {
    if options.audience == Audience::Shareable {
        return Err(Error::validation(
            "audience",
            "the portfolio review names every customer and their health: it cannot be shared with one; choose internal",
        ));
    }
    let data = load(pool, options).await?;
    Ok(build(&data, options))
}

/// Renders the portfolio review and writes it to `path`.
pub async fn export(pool: &SqlitePool, path: &Path, options: &BriefOptions) -> Result<Exported> {
    let doc = document(pool, options).await?;
    kit::write_document(doc, path, 0).await
}

/// Reads the portfolio, scores the weakest strategic accounts afresh for
/// their reasons, and counts the last twelve months' stories by department.
pub async fn load(pool: &SqlitePool, options: &BriefOptions) -> Result<PortfolioData> {
    let today = options.today();
    let portfolio = crate::care::portfolio::portfolio(pool, options.now, today).await?;
    let mut weakest = Vec::new();
    for row in weakest_rows(&portfolio.rows) {
        let care = account::account_care(pool, &row.account_id, today).await?;
        weakest.push(Weak {
            name: row.name.clone(),
            health: care.health.score,
            trend: row.trend,
            reason: main_reason(&care.health),
        });
    }
    weakest.sort_by(|a, b| a.health.cmp(&b.health).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    let since = year_before(today) + chrono::Duration::days(1);
    let departments = store::stories_by_department(pool, None, Some(since)).await?;
    let meeting_days = crate::care::portfolio::next_meetings(&mut *pool.acquire().await?, options.now)
        .await?
        .into_iter()
        .filter_map(|(account, _, _, local)| Some((account, super::day(&local)?)))
        .collect();
    Ok(PortfolioData { portfolio, weakest, departments, meeting_days, today })
}

/// The same day a year before (28 Feb for 29 Feb).
pub(crate) fn year_before(day: NaiveDate) -> NaiveDate {
    day.checked_sub_months(Months::new(12)).unwrap_or(day - chrono::Duration::days(365))
}

/// The scored strategic accounts with the lowest health, lowest first.
fn weakest_rows(rows: &[PortfolioRow]) -> Vec<&PortfolioRow> {
    let mut strategic: Vec<&PortfolioRow> =
        rows.iter().filter(|r| tier(r) == Some(Tier::Strategic) && r.health.is_some()).collect();
    strategic.sort_by(|a, b| a.health.cmp(&b.health).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    strategic.truncate(WEAKEST);
    strategic
}

/// The part that falls furthest short of its maximum, in words.
fn main_reason(health: &crate::care::health::Health) -> String {
    // The biggest shortfall; on a tie, the part shown first.
    let worst = health
        .parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.points < p.max)
        .max_by_key(|(n, p)| (p.max - p.points, std::cmp::Reverse(*n)))
        .map(|(_, p)| p);
    match worst {
        Some(p) => format!("{}: {} ({} of {})", capitalised(p.part.label()), p.reason, p.points, p.max),
        None => "Every part at its best".into(),
    }
}

fn tier(row: &PortfolioRow) -> Option<Tier> {
    Tier::parse(&row.tier).ok()
}

fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Strategic => "Strategic",
        Tier::Key => "Key",
        Tier::Growth => "Growth",
    }
}

/// The document: the summary page, what needs attention, every account.
pub fn build(data: &PortfolioData, options: &BriefOptions) -> Document {
    let title = format!("Portfolio review, {}", long_date(data.today));
    super::document(
        title,
        false,
        options,
        vec![
            (Audience::Internal, "Summary", summary(data)),
            (Audience::Internal, "Needs attention", attention(data)),
            (Audience::Internal, "Every account", every_account(data)),
        ],
    )
}

// ---------------------------------------------------------------------------
// Page one

fn summary(data: &PortfolioData) -> Vec<Block> {
    let rows = &data.portfolio.rows;
    let scored: Vec<u32> = rows.iter().filter_map(|r| r.health).collect();
    let unscored = rows.len() - scored.len();
    let mut by_tier = [0usize; 3];
    for r in rows {
        if let Some(t) = tier(r) {
            by_tier[Tier::ALL.iter().position(|x| *x == t).unwrap_or(0)] += 1;
        }
    }
    let falling = rows.iter().filter(|r| r.trend.is_some_and(|t| t <= FALLING)).count();
    let sliding = rows.iter().filter(|r| !r.backslides.trim().is_empty()).count();
    let late_accounts = rows.iter().filter(|r| r.goals_overdue > 0).count();
    let late_goals: u32 = rows.iter().map(|r| r.goals_overdue).sum();
    let (no_owner, no_sponsor) = gaps(rows);

    let mut facts = vec![
        Fact {
            label: "Accounts".into(),
            value: format!("{}: {} strategic, {} key, {} growth", rows.len(), by_tier[0], by_tier[1], by_tier[2]),
        },
        Fact { label: "Revenue".into(), value: totals(rows, |r| r.revenue) },
        Fact { label: "Margin".into(), value: totals(rows, |r| r.margin) },
        Fact {
            label: "Health".into(),
            value: if scored.is_empty() {
                "no account has a score yet".into()
            } else {
                let average = f64::from(scored.iter().sum::<u32>()) / scored.len() as f64;
                format!("average {average:.0} across {}", count(scored.len(), "scored account", "scored accounts"))
            },
        },
        Fact {
            label: "Falling".into(),
            value: format!("{} down {} points or more in 90 days", count(falling, "account", "accounts"), -FALLING),
        },
        Fact {
            label: "Sliding back".into(),
            value: format!(
                "{} whose contact is getting rarer or slipping down the levels",
                count(sliding, "account", "accounts")
            ),
        },
        Fact {
            label: "Overdue goals".into(),
            value: if late_goals == 0 {
                "none".into()
            } else {
                format!(
                    "{} past their date, at {}",
                    count(late_goals as usize, "goal", "goals"),
                    count(late_accounts, "account", "accounts")
                )
            },
        },
        Fact {
            label: "Gaps".into(),
            value: format!(
                "{} without an owner, {} without a sponsor (strategic and key)",
                count(no_owner, "account", "accounts"),
                no_sponsor
            ),
        },
    ];
    if unscored > 0 {
        facts.push(Fact {
            label: "Not scored".into(),
            value: format!("{} with no health score yet", count(unscored, "account", "accounts")),
        });
    }
    let mut blocks = vec![
        Block::Title {
            text: "Portfolio review".into(),
            subtitle: Some(format!("For the internal executive business review · {}", long_date(data.today))),
        },
        Block::Facts { rows: facts },
        Block::Heading { text: "Health across the portfolio".into() },
        health_bands(rows),
        Block::Heading { text: "The weakest strategic accounts".into() },
    ];
    let scored_strategic = rows.iter().filter(|r| tier(r) == Some(Tier::Strategic) && r.health.is_some()).count();
    if scored_strategic > data.weakest.len() {
        blocks.push(note(&format!(
            "The {} lowest scores of the {scored_strategic} scored strategic accounts.",
            data.weakest.len()
        )));
    }
    if data.weakest.is_empty() {
        blocks.push(note("No strategic account has a health score yet."));
    } else {
        blocks.push(Block::Table {
            columns: vec![
                col("Account", 2.2),
                right("Health", 1.0),
                right("Trend", 0.9),
                col("What costs it most", 6.0),
            ],
            rows: data
                .weakest
                .iter()
                .map(|w| vec![w.name.clone(), w.health.to_string(), trend(w.trend), w.reason.clone()])
                .collect(),
        });
    }
    blocks
}

/// Strategic and key accounts without an owner, and without a sponsor.
fn gaps(rows: &[PortfolioRow]) -> (usize, usize) {
    let needs = rows.iter().filter(|r| tier(r).is_some_and(Tier::needs_owner_and_sponsor));
    needs.fold((0, 0), |(o, s), r| {
        let (owner, sponsor) = missing(r);
        (o + usize::from(owner), s + usize::from(sponsor))
    })
}

/// Whether the account has no active owner, and no active sponsor, as its
/// summary flags say: the names stay on the row after their person has left.
fn missing(r: &PortfolioRow) -> (bool, bool) {
    let flags = crate::summary::parse_flags(&r.flags);
    (flags.contains(&Flag::NoOwner), flags.contains(&Flag::NoSponsor))
}

/// "EUR 123.4m, GBP 12.0m" — each currency's own total, largest first; accounts
/// without a figure counted.
fn totals(rows: &[PortfolioRow], amount: impl Fn(&PortfolioRow) -> Option<i64>) -> String {
    let mut sums: BTreeMap<String, i128> = BTreeMap::new();
    let mut missing = 0;
    for r in rows {
        match amount(r) {
            Some(v) => *sums.entry(r.currency.clone().unwrap_or_default()).or_default() += i128::from(v),
            None => missing += 1,
        }
    }
    let mut sums: Vec<(String, i128)> = sums.into_iter().collect();
    sums.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut parts: Vec<String> = sums
        .iter()
        .map(|(c, v)| if c.is_empty() { format!("{} (no currency)", money(None, *v)) } else { money(Some(c), *v) })
        .collect();
    if parts.is_empty() {
        parts.push("none recorded".into());
    }
    let mut line = parts.join(", ");
    if missing > 0 && !sums.is_empty() {
        line.push_str(&format!("; {} without a figure", count(missing, "account", "accounts")));
    }
    line
}

/// The health bands, strongest first, then the accounts not scored yet.
const BANDS: [&str; 4] = ["Strong (70–100)", "Fair (40–69)", "Weak (0–39)", "Not scored yet"];

fn band(health: Option<u32>) -> usize {
    match health {
        Some(h) if h >= STRONG => 0,
        Some(h) if h >= FAIR => 1,
        Some(_) => 2,
        None => 3,
    }
}

fn health_bands(rows: &[PortfolioRow]) -> Block {
    let total = rows.len().max(1);
    let table_rows = BANDS
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let within = |r: &&PortfolioRow| band(r.health) == n;
            let of = |t: Tier| rows.iter().filter(within).filter(|r| tier(r) == Some(t)).count().to_string();
            let accounts = rows.iter().filter(within).count();
            vec![
                (*name).to_string(),
                accounts.to_string(),
                format!("{:.0}%", 100.0 * accounts as f64 / total as f64),
                of(Tier::Strategic),
                of(Tier::Key),
                of(Tier::Growth),
            ]
        })
        .collect();
    Block::Table {
        columns: vec![
            col("Health", 2.4),
            right("Accounts", 1.2),
            right("Share", 1.0),
            right("Strategic", 1.2),
            right("Key", 1.0),
            right("Growth", 1.0),
        ],
        rows: table_rows,
    }
}

fn right(title: &str, width: f32) -> Column {
    Column { title: title.into(), width, align: Align::Right }
}

fn trend(t: Option<i32>) -> String {
    t.map(|t| signed(i64::from(t))).unwrap_or_else(|| "—".into())
}

// ---------------------------------------------------------------------------
// Needs attention

/// At most [`ATTENTION_ROWS`] rows, and a note counting the rest.
fn capped(blocks: &mut Vec<Block>, columns: Vec<Column>, mut rows: Vec<Vec<String>>, empty: &str) {
    if rows.is_empty() {
        blocks.push(note(empty));
        return;
    }
    let more = rows.len().saturating_sub(ATTENTION_ROWS);
    rows.truncate(ATTENTION_ROWS);
    blocks.push(Block::Table { columns, rows });
    if more > 0 {
        blocks.push(note(&format!("And {} more: see every account at the end.", count(more, "account", "accounts"))));
    }
}

fn slides(codes: &str) -> String {
    let words: Vec<&str> = codes
        .split_whitespace()
        .map(|c| match c {
            "rarer" => "contact getting rarer",
            "down_the_levels" => "executive contact lapsed",
            other => other,
        })
        .collect();
    capitalised(&words.join("; "))
}

fn attention(data: &PortfolioData) -> Vec<Block> {
    let rows = &data.portfolio.rows;
    let name_tier = |r: &PortfolioRow| (r.name.clone(), tier(r).map_or(r.tier.clone(), |t| tier_name(t).into()));
    let mut blocks = vec![Block::Title { text: "Needs attention".into(), subtitle: None }];

    blocks.push(Block::Heading { text: format!("Falling fastest: down {} points or more in 90 days", -FALLING) });
    let mut falling: Vec<&PortfolioRow> = rows.iter().filter(|r| r.trend.is_some_and(|t| t <= FALLING)).collect();
    falling.sort_by_key(|r| (r.trend, r.name.to_lowercase()));
    capped(
        &mut blocks,
        vec![col("Account", 3.0), col("Tier", 1.2), right("Health", 1.0), right("Trend", 1.0), col("Owner", 2.2)],
        falling
            .iter()
            .map(|r| {
                let (name, tier) = name_tier(r);
                vec![name, tier, health(r.health), trend(r.trend), or_dash(&r.owner)]
            })
            .collect(),
        "No account fell that far.",
    );

    blocks.push(Block::Heading { text: "Sliding back".into() });
    let mut sliding: Vec<&PortfolioRow> = rows.iter().filter(|r| !r.backslides.trim().is_empty()).collect();
    sliding.sort_by_key(|r| (tier(r), r.health, r.name.to_lowercase()));
    capped(
        &mut blocks,
        vec![
            col("Account", 3.0),
            col("Tier", 1.2),
            right("Health", 1.0),
            col("What the contact shows", 3.0),
            right("Days overdue", 1.3),
        ],
        sliding
            .iter()
            .map(|r| {
                let (name, tier) = name_tier(r);
                vec![name, tier, health(r.health), slides(&r.backslides), r.days_overdue.to_string()]
            })
            .collect(),
        "No account shows contact getting rarer or slipping down the levels.",
    );

    blocks.push(Block::Heading { text: "Goals past their date".into() });
    let mut late: Vec<&PortfolioRow> = rows.iter().filter(|r| r.goals_overdue > 0).collect();
    late.sort_by_key(|r| (std::cmp::Reverse(r.goals_overdue), r.name.to_lowercase()));
    capped(
        &mut blocks,
        vec![col("Account", 3.0), col("Tier", 1.2), right("Overdue", 1.2), col("Blueprint", 1.5), col("Owner", 2.2)],
        late.iter()
            .map(|r| {
                let (name, tier) = name_tier(r);
                vec![name, tier, r.goals_overdue.to_string(), stage(r), or_dash(&r.owner)]
            })
            .collect(),
        "No goal is past its date.",
    );

    blocks.push(Block::Heading { text: "Promises past their day".into() });
    let mut owed: Vec<&PortfolioRow> = rows.iter().filter(|r| r.promises_late > 0).collect();
    owed.sort_by_key(|r| (std::cmp::Reverse(r.promises_late), r.name.to_lowercase()));
    capped(
        &mut blocks,
        vec![col("Account", 3.0), col("Tier", 1.2), right("Late", 1.0), right("Still owed", 1.3), col("Owner", 2.2)],
        owed.iter()
            .map(|r| {
                let (name, tier) = name_tier(r);
                vec![name, tier, r.promises_late.to_string(), r.promises_open.to_string(), or_dash(&r.owner)]
            })
            .collect(),
        "No promise either side made is past its day.",
    );

    blocks.push(Block::Heading { text: "No owner or no sponsor".into() });
    let mut gaps: Vec<&PortfolioRow> = rows
        .iter()
        .filter(|r| {
            let (owner, sponsor) = missing(r);
            tier(r).is_some_and(Tier::needs_owner_and_sponsor) && (owner || sponsor)
        })
        .collect();
    gaps.sort_by_key(|r| (tier(r), r.name.to_lowercase()));
    capped(
        &mut blocks,
        vec![col("Account", 3.0), col("Tier", 1.2), col("Missing", 2.0), col("Owner", 2.2)],
        gaps.iter()
            .map(|r| {
                let (name, tier) = name_tier(r);
                let (no_owner, no_sponsor) = missing(r);
                let what = match (no_owner, no_sponsor) {
                    (true, true) => "Owner and sponsor",
                    (true, false) => "Owner",
                    _ => "Sponsor",
                };
                let owner = match &r.owner {
                    Some(o) if no_owner => format!("{o} (left)"),
                    _ => or_dash(&r.owner),
                };
                vec![name, tier, what.into(), owner]
            })
            .collect(),
        "Every strategic and key account has an owner and a sponsor.",
    );

    blocks.push(Block::Heading { text: "Where the stories come from".into() });
    if data.departments.is_empty() {
        blocks.push(note("No success or horror stories recorded in the last twelve months."));
    } else {
        blocks.push(note(
            "Our departments by the stories customers told in the last twelve months, most horror stories first.",
        ));
        blocks.push(Block::Table {
            columns: vec![
                col("Department", 3.0),
                right("Successes", 1.3),
                right("Horror stories", 1.5),
                right("Still open", 1.3),
            ],
            rows: data
                .departments
                .iter()
                .map(|d| {
                    vec![d.department.clone(), d.success.to_string(), d.horror.to_string(), d.open_horror.to_string()]
                })
                .collect(),
        });
    }
    blocks
}

fn health(h: Option<u32>) -> String {
    h.map(|h| h.to_string()).unwrap_or_else(|| "—".into())
}

fn or_dash(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "—".into())
}

/// The latest blueprint's stage, short enough for a narrow column.
fn stage(r: &PortfolioRow) -> String {
    let Some(stored) = r.blueprint_stage.as_deref() else { return "—".into() };
    match BlueprintStage::ALL.iter().find(|s| s.as_str() == stored) {
        Some(BlueprintStage::Prioritise) => "Ranking".into(),
        Some(s) => capitalised(s.label()),
        None => stored.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Every account

fn every_account(data: &PortfolioData) -> Vec<Block> {
    let rows = &data.portfolio.rows;
    let mut blocks = vec![
        Block::Title { text: "Every account".into(), subtitle: None },
        note(
            "By tier, then name. Health is the latest recorded score (0–100); the trend is its change against the \
             score about 90 days before. Revenue is per year. Late goals: the latest blueprint's goals past their \
             date. Owner above, executive sponsor below.",
        ),
    ];
    if rows.is_empty() {
        blocks.push(note("No accounts yet."));
        return blocks;
    }
    for t in Tier::ALL {
        let of_tier: Vec<&PortfolioRow> = rows.iter().filter(|r| tier(r) == Some(t)).collect();
        if of_tier.is_empty() {
            continue;
        }
        blocks.push(Block::Heading { text: format!("{} accounts ({})", tier_name(t), of_tier.len()) });
        // Widths in points of the 470-point line: each fits its longest word,
        // so nothing breaks inside one; the owner and the sponsor share a
        // column, one line each.
        blocks.push(Block::Table {
            columns: vec![
                col("Account", 100.0),
                right("Revenue", 58.0),
                right("Health", 42.0),
                right("Trend", 38.0),
                col("Blueprint", 54.0),
                right("Late goals", 36.0),
                col("Next meeting", 56.0),
                col("Owner / sponsor", 86.0),
            ],
            rows: of_tier.iter().map(|r| full_row(r, data.meeting_days.get(&r.account_id).copied())).collect(),
        });
    }
    blocks
}

/// One account's line; `meeting_day` is its next meeting's day where it is held.
fn full_row(r: &PortfolioRow, meeting_day: Option<NaiveDate>) -> Vec<String> {
    vec![
        r.name.clone(),
        r.revenue.map(|v| money(r.currency.as_deref(), i128::from(v))).unwrap_or_else(|| "—".into()),
        health(r.health),
        trend(r.trend),
        stage(r),
        if r.blueprint_stage.is_some() { r.goals_overdue.to_string() } else { "—".into() },
        meeting_day.map(long_date).unwrap_or_else(|| "—".into()),
        format!("{}\n{}", or_dash(&r.owner), or_dash(&r.sponsor)),
    ]
}
