//! One account's annual customer review as a PDF: this year (the twelve
//! months up to today) against the twelve before. A first page with the
//! account, owner and sponsor and the year against last in one table; then the
//! blueprints of each year with their goals; the health score over both years
//! and its parts today; coverage (people and ties, contact by level) and the
//! cadence picture; and what became of the customer's feedback, and the
//! stories told about us.
//!
//! The past is read from what the vault keeps dated: scores from the daily
//! health record, ties from when they were recorded and removed, contact from
//! the interaction log. Someone who left is counted until the day their record
//! was last changed, the closest the vault has to the day they left.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{Duration, Months, NaiveDate};
use sqlx::SqlitePool;

use super::portfolio::year_before;
use super::{count, day, signed, stored_date};
use crate::accounts::{self, Account};
use crate::blueprint::{BlueprintData, GoalStatus};
use crate::care::account::{self as care, AccountCare, OwnershipQuestion};
use crate::care::cadence::{self, Contact};
use crate::care::feedback::FeedbackState;
use crate::care::store::{self, Feedback, Story};
use crate::care::story::StoryKind;
use crate::documents::kit::{
    self, Audience, BriefOptions, Exported, capitalised, col, goal_table, group_thousands, long_date, note,
};
use crate::error::{Error, Result};
use crate::pdf::{Align, Block, Column, Document, Fact, Span};
use crate::store::reports;

/// The two years a review compares: this year is after `year_ago` up to
/// `today`; last year is after `two_years_ago` up to `year_ago`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    pub today: NaiveDate,
    pub year_ago: NaiveDate,
    pub two_years_ago: NaiveDate,
}

/// Which of the two years: an index into `[last, this]` pairs.
const LAST: usize = 0;
const THIS: usize = 1;

impl Years {
    pub fn new(today: NaiveDate) -> Self {
        let year_ago = year_before(today);
        Self { today, year_ago, two_years_ago: year_before(year_ago) }
    }

    /// [`THIS`], [`LAST`] or neither.
    fn of(&self, d: NaiveDate) -> Option<usize> {
        if d > self.year_ago && d <= self.today {
            Some(THIS)
        } else if d > self.two_years_ago && d <= self.year_ago {
            Some(LAST)
        } else {
            None
        }
    }

    fn label(&self, which: usize) -> String {
        let (from, to) = if which == THIS { (self.year_ago, self.today) } else { (self.two_years_ago, self.year_ago) };
        format!("{} – {}", long_date(from + Duration::days(1)), long_date(to))
    }
}

/// One recorded health score.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub on: NaiveDate,
    pub score: u32,
    /// Each part's points, by the part's code.
    pub parts: Vec<(String, u32)>,
}

/// One interaction: when, the highest level of theirs there (1 = the top),
/// and which of their people were there.
#[derive(Debug, Clone, PartialEq)]
pub struct Met {
    pub on: NaiveDate,
    pub their_level: Option<u8>,
    pub theirs: Vec<String>,
}

/// One of their people, as far as the dates go.
#[derive(Debug, Clone, PartialEq)]
pub struct Theirs {
    pub created: NaiveDate,
    pub active: bool,
    pub updated: NaiveDate,
    pub deleted: Option<NaiveDate>,
}

impl Theirs {
    fn on_record(&self, d: NaiveDate) -> bool {
        self.created <= d && self.deleted.is_none_or(|x| x > d) && (self.active || self.updated > d)
    }
}

/// One tie and the days both ends were in the same interaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    pub ours_id: String,
    pub theirs_id: String,
    pub created: NaiveDate,
    /// When it went to the trash.
    pub deleted: Option<NaiveDate>,
    pub cadence_days: Option<u32>,
    /// Neither end is in the trash.
    pub people_live: bool,
    /// Oldest first.
    pub met: Vec<NaiveDate>,
}

impl Tie {
    fn live_on(&self, d: NaiveDate) -> bool {
        self.created <= d && self.deleted.is_none_or(|x| x > d)
    }

    /// The days it went past its cadence, up to `today`: the day after the
    /// interval ran out since it was made or since the last contact.
    pub fn went_overdue(&self, today: NaiveDate) -> Vec<NaiveDate> {
        let Some(every) = self.cadence_days else { return Vec::new() };
        if self.deleted.is_some() || !self.people_live {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut anchor = self.created;
        let mut met = self.met.iter().copied().filter(|d| *d <= today).peekable();
        loop {
            while met.next_if(|d| *d <= anchor).is_some() {}
            let due = anchor + Duration::days(i64::from(every) + 1);
            match met.next() {
                Some(next) => {
                    if next >= due {
                        out.push(due);
                    }
                    anchor = next;
                }
                None => {
                    if due <= today {
                        out.push(due);
                    }
                    return out;
                }
            }
        }
    }
}

/// Everything the annual review is made from.
#[derive(Debug, Clone)]
pub struct AnnualData {
    pub account: Account,
    pub years: Years,
    /// Today's health, cadence, backsliding and overdue ties.
    pub care: AccountCare,
    /// The blueprints whose period falls mostly in each year, `[last, this]`;
    /// one starting after today counts as this year's.
    pub blueprints: [Vec<BlueprintData>; 2],
    /// Scores recorded over the two years, oldest first.
    pub scores: Vec<Score>,
    /// Interactions over the two years, oldest first.
    pub met: Vec<Met>,
    pub theirs: Vec<Theirs>,
    pub ties: Vec<Tie>,
    /// Newest first.
    pub feedback: Vec<Feedback>,
    /// Newest first.
    pub stories: Vec<Story>,
}

/// The annual review of one live account as a document. An unknown account,
/// or one in the trash, is not found. Today's health score is recorded on
/// the way, as opening the account does.
pub async fn document(pool: &SqlitePool, account_id: &str, options: &BriefOptions) -> Result<Document> {
    let data = load(pool, account_id, options).await?;
    Ok(build(&data, options))
}

/// Renders the annual review and writes it to `path`.
pub async fn export(pool: &SqlitePool, account_id: &str, path: &Path, options: &BriefOptions) -> Result<Exported> {
    let doc = document(pool, account_id, options).await?;
    kit::write_document(doc, path, 0).await
}

/// Reads everything the review shows, recording today's health score (see
/// [`document`]).
pub async fn load(pool: &SqlitePool, account_id: &str, options: &BriefOptions) -> Result<AnnualData> {
    let years = Years::new(options.today());
    let (today, from) = (years.today, years.two_years_ago);
    let account = match accounts::get(pool, account_id).await {
        Err(Error::NotFound(_)) => return Err(Error::NotFound(format!("account {account_id}"))),
        other => other?,
    };
    let care = care::account_care(pool, account_id, years.today).await?;

    let mut blueprints: [Vec<BlueprintData>; 2] = [Vec::new(), Vec::new()];
    for reports::Period { id, starts_on: starts, ends_on: ends } in reports::blueprint_periods(pool, account_id).await?
    {
        let overlap = |from: NaiveDate, to: NaiveDate| (ends.min(to) - starts.max(from)).num_days().max(-1) + 1;
        let this = overlap(years.year_ago + Duration::days(1), years.today);
        let last = overlap(years.two_years_ago + Duration::days(1), years.year_ago);
        let which = if starts > years.today || (this > 0 && this >= last) {
            THIS
        } else if last > 0 {
            LAST
        } else {
            continue;
        };
        let data = crate::blueprint::plan::load(&mut *pool.acquire().await?, &id, years.today).await?;
        blueprints[which].push(data);
    }

    let scores = reports::scores(pool, account_id, from, today)
        .await?
        .into_iter()
        .map(|r| Score { on: r.on_date, score: r.score, parts: serde_json::from_str(&r.parts).unwrap_or_default() })
        .collect();

    let mut met: Vec<Met> = Vec::new();
    let mut last_id = String::new();
    for reports::MetRow { id, occurred_on: on, person_id: person, org_level: level } in
        reports::met(pool, account_id, from, today).await?
    {
        if id != last_id || met.is_empty() {
            met.push(Met { on, their_level: None, theirs: Vec::new() });
            last_id = id;
        }
        let m = met.last_mut().expect("pushed above");
        if let Some(person) = person {
            let level = level.and_then(|l| u8::try_from(l).ok());
            m.their_level = match (m.their_level, level) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            m.theirs.push(person);
        }
    }

    let theirs = reports::theirs(pool, account_id)
        .await?
        .into_iter()
        .map(|r| Theirs {
            created: r.created_at.day(),
            active: r.active,
            updated: r.updated_at.day(),
            deleted: r.deleted_at.map(|d| d.day()),
        })
        .collect();

    let rows = reports::ties(pool, account_id).await?;
    let mut met_by_tie: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    for contact in reports::tie_contacts(pool, account_id, today).await? {
        met_by_tie.entry(contact.id).or_default().push(contact.occurred_on);
    }
    let ties = rows
        .into_iter()
        .map(|r| Tie {
            met: met_by_tie.remove(&r.id).unwrap_or_default(),
            ours_id: r.ours_id,
            theirs_id: r.theirs_id,
            created: r.created_at.day(),
            deleted: r.deleted_at.map(|d| d.day()),
            cadence_days: r.cadence_days,
            people_live: r.people_live,
        })
        .collect();

    let feedback = store::list_feedback(pool, account_id, years.today).await?;
    let stories = store::list_stories(pool, Some(account_id)).await?;
    Ok(AnnualData { account, years, care, blueprints, scores, met, theirs, ties, feedback, stories })
}

// ---------------------------------------------------------------------------
// The figures both years are compared on

/// The score recorded last on or before `d`, within the two years.
fn score_by(data: &AnnualData, d: NaiveDate) -> Option<&Score> {
    data.scores.iter().rev().find(|s| s.on <= d)
}

/// The score a year ago: the last one recorded in last year.
fn year_ago_score(data: &AnnualData) -> Option<&Score> {
    score_by(data, data.years.year_ago).filter(|s| data.years.of(s.on) == Some(LAST))
}

fn per_year<T>(items: &[T], on: impl Fn(&T) -> Option<NaiveDate>, years: &Years) -> [usize; 2] {
    let mut out = [0, 0];
    for item in items {
        if let Some(which) = on(item).and_then(|d| years.of(d)) {
            out[which] += 1;
        }
    }
    out
}

fn goals_of(data: &AnnualData, which: usize) -> (usize, usize) {
    let goals = data.blueprints[which].iter().flat_map(|b| &b.blueprint.goals);
    goals.fold((0, 0), |(n, done), g| (n + 1, done + usize::from(g.status == GoalStatus::Done)))
}

/// Level bands as the cadence picture has them.
fn band(level: Option<u8>) -> usize {
    match level {
        Some(l) if l <= cadence::EXECUTIVE_LEVEL => 0,
        Some(3 | 4) => 1,
        _ => 2,
    }
}

struct Contacts {
    /// Executive, management, working level.
    by_band: [[usize; 3]; 2],
    all: [usize; 2],
    people: [usize; 2],
}

fn contacts(data: &AnnualData) -> Contacts {
    let mut out = Contacts { by_band: [[0; 3]; 2], all: [0; 2], people: [0; 2] };
    let mut people: [BTreeSet<&str>; 2] = [BTreeSet::new(), BTreeSet::new()];
    for m in &data.met {
        let Some(which) = data.years.of(m.on) else { continue };
        out.all[which] += 1;
        out.by_band[which][band(m.their_level)] += 1;
        people[which].extend(m.theirs.iter().map(String::as_str));
    }
    out.people = [people[LAST].len(), people[THIS].len()];
    out
}

struct Coverage {
    /// A year ago, now.
    theirs: [usize; 2],
    theirs_tied: [usize; 2],
    ours_tied: [usize; 2],
    ties: [usize; 2],
    /// Last year, this year.
    added: [usize; 2],
    made: [usize; 2],
    removed: [usize; 2],
    went_overdue: [usize; 2],
}

fn coverage(data: &AnnualData) -> Coverage {
    let y = &data.years;
    let at = [y.year_ago, y.today];
    let tied = |d: NaiveDate, ours: bool| -> usize {
        let ids: BTreeSet<&str> = data
            .ties
            .iter()
            .filter(|t| t.live_on(d))
            .map(|t| if ours { t.ours_id.as_str() } else { t.theirs_id.as_str() })
            .collect();
        ids.len()
    };
    let mut went_overdue = [0, 0];
    for t in &data.ties {
        let years: BTreeSet<usize> = t.went_overdue(y.today).into_iter().filter_map(|d| y.of(d)).collect();
        for which in years {
            went_overdue[which] += 1;
        }
    }
    Coverage {
        theirs: at.map(|d| data.theirs.iter().filter(|p| p.on_record(d)).count()),
        theirs_tied: at.map(|d| tied(d, false)),
        ours_tied: at.map(|d| tied(d, true)),
        ties: at.map(|d| data.ties.iter().filter(|t| t.live_on(d)).count()),
        added: per_year(&data.theirs, |p| Some(p.created), y),
        made: per_year(&data.ties, |t| Some(t.created), y),
        removed: per_year(&data.ties, |t| t.deleted, y),
        went_overdue,
    }
}

fn feedback_in(data: &AnnualData, which: usize) -> Vec<&Feedback> {
    data.feedback.iter().filter(|f| day(&f.received_on).and_then(|d| data.years.of(d)) == Some(which)).collect()
}

fn stories_in(data: &AnnualData, which: usize) -> Vec<&Story> {
    data.stories.iter().filter(|s| day(&s.occurred_on).and_then(|d| data.years.of(d)) == Some(which)).collect()
}

fn in_state(items: &[&Feedback], state: FeedbackState) -> usize {
    items.iter().filter(|f| f.state == state).count()
}

fn of_kind(items: &[&Story], kind: StoryKind) -> usize {
    items.iter().filter(|s| s.kind == kind).count()
}

// ---------------------------------------------------------------------------
// The document

/// The document: the summary page, goals, health, coverage and cadence,
/// feedback and stories, each chapter on new pages.
pub fn build(data: &AnnualData, options: &BriefOptions) -> Document {
    let title = format!("{} — Annual customer review", data.account.name);
    super::document(
        title,
        false,
        options,
        vec![
            (Audience::Internal, "Summary", summary(data)),
            (Audience::Shareable, "Goals", goals(data)),
            (Audience::Internal, "Health", health(data)),
            (Audience::Internal, "Coverage and cadence", coverage_and_cadence(data)),
            (Audience::Internal, "Feedback and stories", feedback_and_stories(data)),
        ],
    )
}

fn right(title: &str, width: f32) -> Column {
    Column { title: title.into(), width, align: Align::Right }
}

/// One row of figures: the label, the two figures and the change.
fn figures(label: &str, [before, after]: [usize; 2]) -> Vec<String> {
    vec![label.into(), before.to_string(), after.to_string(), signed(after as i64 - before as i64)]
}

/// A table of figures for two years (or two days) with the change.
fn compare(rows: Vec<Vec<String>>, columns: [&str; 2]) -> Block {
    Block::Table {
        columns: vec![col("", 3.6), right(columns[0], 1.3), right(columns[1], 1.3), right("Change", 1.1)],
        rows,
    }
}

fn slide_message(b: &cadence::Backslide) -> &str {
    match b {
        cadence::Backslide::Rarer { message, .. } | cadence::Backslide::DownTheLevels { message, .. } => message,
    }
}

const YEARS: [&str; 2] = ["Last year", "This year"];

fn person_or(name: &Option<String>, missing: &str) -> String {
    name.clone().unwrap_or_else(|| missing.into())
}

fn summary(data: &AnnualData) -> Vec<Block> {
    let a = &data.account;
    let y = &data.years;
    let mut about: Vec<String> = vec![capitalised(a.tier.as_str())];
    about.extend(a.industry.clone());
    about.extend(a.region.clone());
    let mut facts = vec![
        Fact { label: "This year".into(), value: y.label(THIS) },
        Fact { label: "Last year".into(), value: y.label(LAST) },
        Fact { label: "Account".into(), value: about.join(" · ") },
        Fact { label: "Owner".into(), value: person_or(&a.owner_name, "nobody named yet") },
        Fact { label: "Sponsor".into(), value: person_or(&a.sponsor_name, "nobody named yet") },
    ];
    if let Some(revenue) = a.annual_revenue {
        let currency = a.currency.clone().map(|c| format!("{c} ")).unwrap_or_default();
        let mut value = format!("{currency}{} a year", group_thousands(revenue));
        if let Some(margin) = a.annual_margin {
            value.push_str(&format!("; margin {currency}{}", group_thousands(margin)));
            if revenue > 0 {
                value.push_str(&format!(" ({:.0}%)", 100.0 * margin as f64 / revenue as f64));
            }
        }
        facts.push(Fact { label: "Revenue".into(), value });
    }
    let reviews = match (&a.last_customer_review, &a.next_customer_review) {
        (Some(last), Some(next)) => {
            Some(format!("last held {}; the next is due {}", stored_date(last), stored_date(next)))
        }
        (Some(last), None) => Some(format!("last held {}", stored_date(last))),
        (None, Some(next)) => Some(format!("the next is due {}", stored_date(next))),
        (None, None) => None,
    };
    if let Some(reviews) = reviews {
        facts.push(Fact { label: "Reviews".into(), value: reviews });
    }

    let c = contacts(data);
    let cov = coverage(data);
    let feedback = [feedback_in(data, LAST), feedback_in(data, THIS)];
    let stories = [stories_in(data, LAST), stories_in(data, THIS)];
    let goals = [goals_of(data, LAST), goals_of(data, THIS)];
    let mut blocks = vec![
        Block::Title {
            text: a.name.clone(),
            subtitle: Some(format!(
                "Annual customer review: the year to {} against the year before",
                long_date(y.today)
            )),
        },
        Block::Facts { rows: facts },
    ];
    let mut talk = Vec::new();
    let this_progress: Vec<_> = data.blueprints[THIS].iter().map(|b| b.blueprint.progress(y.today)).collect();
    let overdue: u32 = this_progress.iter().map(|p| p.overdue).sum();
    if overdue > 0 {
        talk.push(format!(
            "{} in this year's blueprint past {} date",
            count(overdue as usize, "goal", "goals"),
            if overdue == 1 { "its" } else { "their" }
        ));
    }
    if data.blueprints[THIS].is_empty() {
        talk.push("No blueprint for this year yet".into());
    }
    let open_horror = data.stories.iter().filter(|s| s.kind == StoryKind::Horror && !s.resolved).count();
    if open_horror > 0 {
        talk.push(format!("{} still open", count(open_horror, "horror story", "horror stories")));
    }
    let unthanked = data.feedback.iter().filter(|f| f.thanked_on.is_none()).count();
    if unthanked > 0 {
        talk.push(format!("{} not thanked yet", count(unthanked, "piece of feedback", "pieces of feedback")));
    }
    if let Some(o) = &data.care.overdue {
        talk.push(capitalised(&o.message));
    }
    talk.extend(data.care.backslides.iter().map(|b| capitalised(slide_message(b))));
    if !talk.is_empty() {
        blocks.push(Block::Callout { title: "To talk about".into(), items: talk });
    }
    blocks.push(Block::Heading { text: "This year against last".into() });
    let then = year_ago_score(data);
    let health = vec![
        "Health (0–100) at the year's end".to_string(),
        then.map(|s| s.score.to_string()).unwrap_or_else(|| "—".into()),
        data.care.health.score.to_string(),
        then.map(|s| signed(i64::from(data.care.health.score) - i64::from(s.score))).unwrap_or_else(|| "—".into()),
    ];
    blocks.push(compare(
        vec![
            health,
            figures("Goals in the year's blueprints", [goals[LAST].0, goals[THIS].0]),
            figures("Goals done", [goals[LAST].1, goals[THIS].1]),
            figures("Interactions", c.all),
            figures("With their executives", [c.by_band[LAST][0], c.by_band[THIS][0]]),
            figures("Ties that went overdue", cov.went_overdue),
            figures("Feedback received", [feedback[LAST].len(), feedback[THIS].len()]),
            figures(
                "Feedback done (a change they can see)",
                [in_state(&feedback[LAST], FeedbackState::Done), in_state(&feedback[THIS], FeedbackState::Done)],
            ),
            figures(
                "Success stories",
                [of_kind(&stories[LAST], StoryKind::Success), of_kind(&stories[THIS], StoryKind::Success)],
            ),
            figures(
                "Horror stories",
                [of_kind(&stories[LAST], StoryKind::Horror), of_kind(&stories[THIS], StoryKind::Horror)],
            ),
        ],
        YEARS,
    ));

    blocks
}

// ---------------------------------------------------------------------------
// Goals

fn goals(data: &AnnualData) -> Vec<Block> {
    let mut blocks = vec![Block::Title { text: "Goals".into(), subtitle: None }];
    for which in [THIS, LAST] {
        blocks.push(Block::Heading { text: format!("{}: {}", YEARS[which], data.years.label(which)) });
        if data.blueprints[which].is_empty() {
            blocks.push(note(if which == THIS { "No blueprint this year." } else { "No blueprint last year." }));
        }
        for b in &data.blueprints[which] {
            blocks.extend(blueprint_blocks(b, data.years.today));
        }
    }
    blocks
}

fn blueprint_blocks(data: &BlueprintData, today: NaiveDate) -> Vec<Block> {
    let b = &data.blueprint;
    let progress = b.progress(today);
    let status = match b.approved() {
        Some(s) if b.frozen() => format!(
            "revision {} approved by {} on {}",
            s.revision,
            data.name(&s.approved_by),
            long_date(s.approved_at.date_naive())
        ),
        Some(s) => format!(
            "revision {} in the {} stage; revision {} was approved on {}",
            b.revision,
            b.stage.label(),
            s.revision,
            long_date(s.approved_at.date_naive())
        ),
        None => format!("in the {} stage, not approved yet", b.stage.label()),
    };
    let mut line = format!("{}, {status}", count(progress.goals.len(), "goal", "goals"));
    if let Some(overall) = progress.overall {
        line.push_str(&format!("; {overall:.0}% of the way overall"));
    }
    let done = progress.goals.iter().filter(|g| g.status == GoalStatus::Done).count();
    if done > 0 {
        line.push_str(&format!("; {done} done"));
    }
    if progress.overdue > 0 {
        line.push_str(&format!("; {} overdue", progress.overdue));
    }
    let mut blocks = vec![
        Block::Paragraph {
            spans: vec![Span::strong(format!(
                "Blueprint {} – {}",
                long_date(b.period.starts_on),
                long_date(b.period.ends_on)
            ))],
        },
        Block::Paragraph { spans: vec![Span::plain(capitalised(&line))] },
    ];
    if b.goals.is_empty() {
        blocks.push(note("No goals yet."));
    } else {
        blocks.push(goal_table(&b.goals, &progress, |id| data.name(id)));
    }
    blocks
}

// ---------------------------------------------------------------------------
// Health

fn health(data: &AnnualData) -> Vec<Block> {
    let y = &data.years;
    let now = &data.care.health;
    let then = year_ago_score(data);
    let range = |which: usize| -> String {
        let scores: Vec<u32> = data.scores.iter().filter(|s| y.of(s.on) == Some(which)).map(|s| s.score).collect();
        match (scores.iter().min(), scores.iter().max()) {
            (Some(lo), Some(hi)) => {
                let average = f64::from(scores.iter().sum::<u32>()) / scores.len() as f64;
                format!(
                    "between {lo} and {hi}, {average:.0} on average, over {} scored",
                    count(scores.len(), "day", "days")
                )
            }
            _ => "no score recorded".into(),
        }
    };
    let mut facts = vec![
        Fact { label: "Today".into(), value: format!("{} of 100", now.score) },
        Fact {
            label: "A year ago".into(),
            value: match then {
                Some(s) => format!(
                    "{} on {} ({} since)",
                    s.score,
                    long_date(s.on),
                    signed(i64::from(now.score) - i64::from(s.score))
                ),
                None => "no score recorded in the year before".into(),
            },
        },
        Fact { label: "This year".into(), value: range(THIS) },
        Fact { label: "Last year".into(), value: range(LAST) },
    ];
    if data.scores.len() <= 1 {
        facts.push(Fact {
            label: "History".into(),
            value: "scores are recorded once a day from when the account is first scored".into(),
        });
    }
    let mut blocks = vec![
        Block::Title { text: "Health".into(), subtitle: Some("The score is the sum of its parts".into()) },
        Block::Facts { rows: facts },
        Block::Heading { text: "Quarter by quarter".into() },
    ];
    // Eight quarters ending today, oldest first: the last score of each.
    let ends: Vec<NaiveDate> =
        (0..8).rev().map(|q| y.today.checked_sub_months(Months::new(3 * q)).unwrap_or(y.today)).collect();
    let mut rows = Vec::new();
    let mut start = y.two_years_ago;
    for end in ends {
        let scores: Vec<u32> = data.scores.iter().filter(|s| s.on > start && s.on <= end).map(|s| s.score).collect();
        let cell = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
        rows.push(vec![
            format!("{} – {}", long_date(start + Duration::days(1)), long_date(end)),
            cell(scores.last().copied()),
            cell(scores.iter().min().copied()),
            cell(scores.iter().max().copied()),
        ]);
        start = end;
    }
    blocks.push(Block::Table {
        columns: vec![col("Quarter", 3.6), right("At its end", 1.4), right("Lowest", 1.2), right("Highest", 1.2)],
        rows,
    });
    blocks.push(Block::Heading { text: "The parts today".into() });
    let part_then = |code: &str| -> String {
        then.and_then(|s| s.parts.iter().find(|(c, _)| c == code))
            .map(|(_, p)| p.to_string())
            .unwrap_or_else(|| "—".into())
    };
    blocks.push(Block::Table {
        columns: vec![
            col("Part", 2.0),
            right("A year ago", 1.3),
            right("Today", 1.1),
            right("Out of", 1.1),
            col("Why, today", 4.6),
        ],
        rows: now
            .parts
            .iter()
            .map(|p| {
                vec![
                    capitalised(p.part.label()),
                    part_then(p.part.as_str()),
                    p.points.to_string(),
                    p.max.to_string(),
                    capitalised(&p.reason),
                ]
            })
            .collect(),
    });
    blocks.push(Block::Heading { text: "Ownership check".into() });
    let answered = data.care.ownership.iter().filter(|a| a.answer.is_some()).count();
    blocks.push(note(&format!(
        "What we should be able to say about every key account: {} of {} answered.",
        answered,
        data.care.ownership.len()
    )));
    blocks.push(Block::Facts {
        rows: data
            .care
            .ownership
            .iter()
            .map(|a| Fact {
                label: ownership_label(a.question).into(),
                value: a.answer.clone().unwrap_or_else(|| format!("Not answered yet: {}", a.question.label())),
            })
            .collect(),
    });
    blocks
}

/// The question in a word or two, for the label column.
fn ownership_label(q: OwnershipQuestion) -> &'static str {
    match q {
        OwnershipQuestion::Owner => "Who owns it",
        OwnershipQuestion::Function => "Which function",
        OwnershipQuestion::Investment => "What we invest",
        OwnershipQuestion::Environment => "Their world",
        OwnershipQuestion::Evolution => "Where it goes",
        OwnershipQuestion::BothWin => "How both win",
    }
}

// ---------------------------------------------------------------------------
// Coverage and cadence

fn coverage_and_cadence(data: &AnnualData) -> Vec<Block> {
    let cov = coverage(data);
    let c = contacts(data);
    let care = &data.care;
    let mut blocks = vec![
        Block::Title { text: "Coverage and cadence".into(), subtitle: None },
        Block::Heading { text: "People and ties".into() },
        compare(
            vec![
                figures("Their people on record", cov.theirs),
                figures("Their people we have ties to", cov.theirs_tied),
                figures("Our people with ties here", cov.ours_tied),
                figures("Ties", cov.ties),
            ],
            ["A year ago", "Now"],
        ),
        compare(
            vec![
                figures("Their people added", cov.added),
                figures("Ties made", cov.made),
                figures("Ties removed", cov.removed),
                figures("Ties that went past their cadence", cov.went_overdue),
            ],
            YEARS,
        ),
        Block::Paragraph { spans: vec![Span::strong("Ties overdue today")] },
    ];
    if care.overdue_ties.is_empty() {
        blocks.push(note("No tie is overdue today."));
    } else {
        blocks.push(Block::Table {
            columns: vec![col("Ours", 2.2), col("Theirs", 2.2), right("Every", 1.3), right("Overdue by", 1.5)],
            rows: care
                .overdue_ties
                .iter()
                .map(|t| {
                    vec![
                        t.ours_name.clone(),
                        t.theirs_name.clone(),
                        crate::care::days(i64::from(t.every_days)),
                        crate::care::days(t.overdue.days_over),
                    ]
                })
                .collect(),
        });
    }

    blocks.push(Block::Heading { text: "Contact by level".into() });
    blocks.push(note("Each interaction counts once, at the highest level of theirs who was there."));
    blocks.push(compare(
        vec![
            figures("Their executives (levels 1–2)", [c.by_band[LAST][0], c.by_band[THIS][0]]),
            figures("Management (levels 3–4)", [c.by_band[LAST][1], c.by_band[THIS][1]]),
            figures("Working level, or nobody of theirs recorded", [c.by_band[LAST][2], c.by_band[THIS][2]]),
            figures("All interactions", c.all),
            figures("Their people met", c.people),
        ],
        YEARS,
    ));

    blocks.push(Block::Heading { text: "Cadence".into() });
    let target = if care.default_cadence {
        format!(
            "every {} (the {} tier's default)",
            crate::care::days(i64::from(care.every_days)),
            data.account.tier.as_str()
        )
    } else {
        format!("every {} (set for this account)", crate::care::days(i64::from(care.every_days)))
    };
    let slides: Vec<String> = care.backslides.iter().map(|b| slide_message(b).to_string()).collect();
    blocks.push(Block::Facts {
        rows: vec![
            Fact { label: "Target".into(), value: target },
            Fact {
                label: "Today".into(),
                value: care
                    .overdue
                    .as_ref()
                    .map(|o| o.message.clone())
                    .unwrap_or_else(|| "in touch within the target".into()),
            },
            Fact {
                label: "Sliding back".into(),
                value: if slides.is_empty() { "no sign of it".into() } else { slides.join("; ") },
            },
        ],
    });
    let points: Vec<Contact> = data.met.iter().map(|m| Contact { on: m.on, their_level: m.their_level }).collect();
    let months = cadence::by_month(&points, data.years.today, 24);
    let (before, recent) = months.split_at(months.len().saturating_sub(12));
    let month_name = |m: &str| {
        NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
            .map(|d| d.format("%b %Y").to_string())
            .unwrap_or_else(|_| m.to_string())
    };
    blocks.push(Block::Table {
        columns: vec![
            col("Month", 1.6),
            right("Executive", 1.3),
            right("Management", 1.5),
            right("Working", 1.2),
            right("All", 0.9),
            right("A year before", 1.5),
        ],
        rows: recent
            .iter()
            .enumerate()
            .map(|(n, m)| {
                let a_year_before = before.get(n);
                vec![
                    month_name(&m.month),
                    m.executive.to_string(),
                    m.management.to_string(),
                    m.working.to_string(),
                    (m.executive + m.management + m.working).to_string(),
                    a_year_before
                        .map(|b| (b.executive + b.management + b.working).to_string())
                        .unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
    });
    blocks
}

// ---------------------------------------------------------------------------
// Feedback and stories

fn outcome(f: &Feedback) -> String {
    match f.state {
        FeedbackState::Done => {
            let change = f.change.clone().unwrap_or_default();
            match f.visible_on.as_deref() {
                Some(on) => format!("Done: {change} (visible from {})", stored_date(on)),
                None => format!("Done: {change}"),
            }
        }
        FeedbackState::Deferred => {
            format!("Deferred until {}", f.reconsider_on.as_deref().map(stored_date).unwrap_or_else(|| "a date".into()))
        }
        FeedbackState::Declined => format!("Declined: {}", f.reason.clone().unwrap_or_default()),
        FeedbackState::Acting => "Being acted on".into(),
        FeedbackState::New => "Not picked up yet".into(),
    }
}

fn first_line(s: &str, max: usize) -> String {
    let line = s.lines().next().unwrap_or_default().trim();
    if line.chars().count() > max {
        format!("{}…", line.chars().take(max - 1).collect::<String>())
    } else {
        line.into()
    }
}

fn feedback_table(items: &[&Feedback]) -> Block {
    Block::Table {
        columns: vec![
            col("Received", 1.4),
            col("What they told us", 3.8),
            col("What became of it", 3.4),
            col("Thanked", 1.5),
        ],
        rows: items
            .iter()
            .map(|f| {
                let who = f.person_name.clone().map(|n| format!("{n}: ")).unwrap_or_default();
                let thanked = match (&f.thanked_on, f.thanked_how) {
                    (Some(on), Some(how)) => format!("{}, {}", stored_date(on), how.label()),
                    (Some(on), None) => stored_date(on),
                    _ => "Not yet".into(),
                };
                vec![stored_date(&f.received_on), format!("{who}{}", first_line(&f.text, 200)), outcome(f), thanked]
            })
            .collect(),
    }
}

fn story_table(items: &[&Story]) -> Block {
    Block::Table {
        columns: vec![col("Date", 1.4), col("Story", 3.4), col("Department", 1.8), col("Outcome", 3.4)],
        rows: items
            .iter()
            .map(|s| {
                let outcome = match s.kind {
                    StoryKind::Success => s.impact.clone().unwrap_or_else(|| "—".into()),
                    StoryKind::Horror => {
                        let what = s.failure.map(|f| capitalised(f.label())).unwrap_or_else(|| "Horror story".into());
                        let state = if s.resolved { "resolved" } else { "still open" };
                        let lesson = s
                            .lesson
                            .as_deref()
                            .map(|l| format!(". Lesson: {}", first_line(l, 160)))
                            .unwrap_or_default();
                        format!("{what}, {state}{lesson}")
                    }
                };
                let kind = match s.kind {
                    StoryKind::Success => "Success: ",
                    StoryKind::Horror => "Horror: ",
                };
                vec![stored_date(&s.occurred_on), format!("{kind}{}", s.title), s.department.clone(), outcome]
            })
            .collect(),
    }
}

fn feedback_and_stories(data: &AnnualData) -> Vec<Block> {
    let feedback = [feedback_in(data, LAST), feedback_in(data, THIS)];
    let stories = [stories_in(data, LAST), stories_in(data, THIS)];
    let states = |state: FeedbackState| [in_state(&feedback[LAST], state), in_state(&feedback[THIS], state)];
    let open = |which: usize| {
        feedback[which].iter().filter(|f| matches!(f.state, FeedbackState::New | FeedbackState::Acting)).count()
    };
    let unthanked = |which: usize| feedback[which].iter().filter(|f| f.thanked_on.is_none()).count();
    let mut blocks = vec![Block::Title { text: "Feedback and stories".into(), subtitle: None }];
    blocks.push(Block::Heading { text: "Feedback".into() });
    if feedback.iter().all(Vec::is_empty) {
        blocks.push(note("No feedback recorded in either year."));
    } else {
        blocks.push(compare(
            vec![
                figures("Received", [feedback[LAST].len(), feedback[THIS].len()]),
                figures("Done: a change they can see", states(FeedbackState::Done)),
                figures("Deferred", states(FeedbackState::Deferred)),
                figures("Declined", states(FeedbackState::Declined)),
                figures("Still open (new or being acted on)", [open(LAST), open(THIS)]),
                figures("Not thanked yet", [unthanked(LAST), unthanked(THIS)]),
            ],
            YEARS,
        ));
        for which in [THIS, LAST] {
            blocks.push(Block::Paragraph { spans: vec![Span::strong(format!("{}'s feedback", YEARS[which]))] });
            if feedback[which].is_empty() {
                blocks.push(note(if which == THIS { "None this year." } else { "None last year." }));
            } else {
                blocks.push(feedback_table(&feedback[which]));
            }
        }
    }

    blocks.push(Block::Heading { text: "Stories".into() });
    let open_horror = |items: &[&Story]| items.iter().filter(|s| s.kind == StoryKind::Horror && !s.resolved).count();
    if stories.iter().all(Vec::is_empty) {
        blocks.push(note("No stories recorded in either year."));
    } else {
        blocks.push(compare(
            vec![
                figures(
                    "Successes",
                    [of_kind(&stories[LAST], StoryKind::Success), of_kind(&stories[THIS], StoryKind::Success)],
                ),
                figures(
                    "Horror stories",
                    [of_kind(&stories[LAST], StoryKind::Horror), of_kind(&stories[THIS], StoryKind::Horror)],
                ),
                figures("Horror stories still open", [open_horror(&stories[LAST]), open_horror(&stories[THIS])]),
            ],
            YEARS,
        ));
        for which in [THIS, LAST] {
            blocks.push(Block::Paragraph { spans: vec![Span::strong(format!("{}'s stories", YEARS[which]))] });
            if stories[which].is_empty() {
                blocks.push(note(if which == THIS { "None this year." } else { "None last year." }));
            } else {
                blocks.push(story_table(&stories[which]));
            }
        }
    }
    let older: Vec<&Story> = data
        .stories
        .iter()
        .filter(|s| s.kind == StoryKind::Horror && !s.resolved)
        .filter(|s| day(&s.occurred_on).is_some_and(|d| data.years.of(d).is_none()))
        .collect();
    if !older.is_empty() {
        blocks.push(Block::Paragraph { spans: vec![Span::strong("Older horror stories still open")] });
        blocks.push(story_table(&older));
    }
    blocks
}
