//! The portfolio review and the annual customer review as PDFs, from the
//! sample book in a real encrypted vault with the clock pinned to Monday 23
//! November 2026, read back the way a reader would (poppler-utils): the page
//! count, the text on the pages, the same bytes from the same data. The sample
//! book gets a year and a bit of feedback, stories and health scores for
//! Nordhavn Energy so that both years have something to compare.

use crate::common;
use crate::common::poppler;

use std::ops::ControlFlow;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use common::*;
use rapport_core::brief::BriefOptions;
use rapport_core::care::account;
use rapport_core::care::feedback::{FeedbackAction, FeedbackChannel, FeedbackStep, ThanksHow};
use rapport_core::care::portfolio::{self, Portfolio, PortfolioRow};
use rapport_core::care::store::{self, FeedbackInput, StoryInput};
use rapport_core::care::story::{DepartmentStories, Failure, StoryKind};
use rapport_core::report::{annual, portfolio as review};
use rapport_core::{ErrorCode, Vault};
use rapport_sample::{self as demo, LargeSize};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Collapses the layout's runs of spaces so phrases can be searched.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every page's text in reading order (`pdftotext` without `-layout`), so
/// text wrapped inside a table cell reads as one phrase; white space squashed.
fn reading(pdf: &Path) -> String {
    squash(&String::from_utf8(poppler::run("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])).unwrap())
}

/// With `RAPPORT_KEEP_PDF=DIR`, keeps a copy of each PDF for looking at.
fn keep(pdf: &Path, name: &str) {
    if let Some(dir) = std::env::var_os("RAPPORT_KEEP_PDF") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(pdf, Path::new(&dir).join(name)).unwrap();
    }
}

async fn id_of(vault: &Vault, name: &str) -> String {
    sqlx::query_scalar("SELECT id FROM accounts WHERE name = ?1").bind(name).fetch_one(vault.pool()).await.unwrap()
}

async fn count(vault: &Vault, sql: &'static str, id: &str, from: &str, to: &str) -> i64 {
    sqlx::query_scalar(sql).bind(id).bind(from).bind(to).fetch_one(vault.pool()).await.unwrap()
}

/// What the sample book is given for Nordhavn Energy, on top of its own data.
struct Nordhavn {
    id: String,
    /// The last score of last year (YYYY-MM-DD) and today's.
    then_on: String,
    then: u32,
    now: u32,
}

fn step(action: FeedbackAction) -> FeedbackStep {
    FeedbackStep { action: Some(action), ..FeedbackStep::default() }
}

/// The sample book, with feedback and stories in both years and health
/// scores recorded across them; every account scored today.
async fn sample() -> (tempfile::TempDir, Vault, Nordhavn) {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    demo::load_sample(vault.pool(), now()).await.unwrap();
    let pool = vault.pool();
    let id = id_of(&vault, "Nordhavn Energy").await;

    let said = |on: &str, text: &str| FeedbackInput {
        account_id: id.clone(),
        received_on: on.into(),
        channel: Some(FeedbackChannel::Meeting),
        text: text.into(),
        ..FeedbackInput::default()
    };
    let f = store::create_feedback(pool, &said("2026-03-10", "Invoices never carry our PO number."), now(), today())
        .await
        .unwrap();
    let done = FeedbackStep {
        change: Some("Invoices now carry their PO number".into()),
        visible_on: Some(d("2026-05-01")),
        ..step(FeedbackAction::Complete)
    };
    store::act(pool, &f.id, &done, now(), today()).await.unwrap();
    store::thank(pool, &f.id, "2026-03-11", Some(ThanksHow::Call), now(), today()).await.unwrap();
    let f =
        store::create_feedback(pool, &said("2026-06-02", "We want a portal for spare-parts orders."), now(), today())
            .await
            .unwrap();
    let defer = FeedbackStep { reconsider_on: Some(d("2027-01-15")), ..step(FeedbackAction::Defer) };
    store::act(pool, &f.id, &defer, now(), today()).await.unwrap();
    store::thank(pool, &f.id, "2026-06-03", Some(ThanksHow::Note), now(), today()).await.unwrap();
    let f = store::create_feedback(pool, &said("2026-09-15", "Send engineers at weekends for free."), now(), today())
        .await
        .unwrap();
    let decline = FeedbackStep {
        reason: Some("Their contract does not cover weekend call-outs".into()),
        ..step(FeedbackAction::Decline)
    };
    store::act(pool, &f.id, &decline, now(), today()).await.unwrap();
    store::create_feedback(pool, &said("2026-11-02", "The new monitoring screens are hard to read."), now(), today())
        .await
        .unwrap();
    let f =
        store::create_feedback(pool, &said("2025-06-20", "Reports arrive a week late."), now(), today()).await.unwrap();
    let done = FeedbackStep {
        change: Some("Monthly reports on the second working day".into()),
        visible_on: Some(d("2025-08-01")),
        ..step(FeedbackAction::Complete)
    };
    store::act(pool, &f.id, &done, now(), today()).await.unwrap();

    let story = |kind, title: &str, department: &str, on: &str, failure, resolved| StoryInput {
        account_id: id.clone(),
        kind: Some(kind),
        title: title.into(),
        department: department.into(),
        occurred_on: on.into(),
        failure,
        resolved,
        lesson: failure.map(|_| "Check stock before promising a date".into()),
        ..StoryInput::default()
    };
    for input in [
        story(StoryKind::Success, "Two faults caught a week early", "Product development", "2026-05-12", None, true),
        story(
            StoryKind::Horror,
            "Spare transformer three weeks late",
            "Logistics",
            "2026-08-03",
            Some(Failure::Late),
            false,
        ),
        story(
            StoryKind::Horror,
            "Crew missed the outage window",
            "Installation",
            "2025-02-10",
            Some(Failure::Broken),
            true,
        ),
    ] {
        store::create_story(pool, &input, now(), today()).await.unwrap();
    }

    // Scores across both years (unless the sample book has them already),
    // and today's afresh: the feedback and stories above count in it.
    let last_score = "SELECT on_date, score FROM health_history
                       WHERE account_id = ?1 AND on_date > '2024-11-23' AND on_date <= '2025-11-23'
                       ORDER BY on_date DESC LIMIT 1";
    let mut conn = pool.acquire().await.unwrap();
    let before: Option<(String, u32)> = sqlx::query_as(last_score).bind(&id).fetch_optional(pool).await.unwrap();
    if before.is_none() {
        for on in ["2025-02-20", "2025-08-20", "2025-11-20", "2026-06-01"] {
            account::record_health(&mut conn, &id, d(on)).await.unwrap();
        }
    }
    let now = account::record_health(&mut conn, &id, today()).await.unwrap().score;
    drop(conn);
    let (then_on, then) = sqlx::query_as(last_score).bind(&id).fetch_one(pool).await.unwrap();
    portfolio::record_all(pool, today(), |_, _| ControlFlow::Continue(())).await.unwrap();
    (dir, vault, Nordhavn { id, then_on, then, now })
}

async fn options(vault: &Vault) -> BriefOptions {
    BriefOptions::from_settings(vault.pool(), now()).await.unwrap()
}

#[tokio::test]
async fn the_portfolio_review_stands_on_its_first_page_and_lists_every_account() {
    let (dir, vault, nordhavn) = sample().await;
    let pool = vault.pool();
    let options = options(&vault).await;
    let pdf = dir.path().join("portfolio.pdf");
    let written = review::export(pool, &pdf, &options).await.unwrap();
    keep(&pdf, "portfolio.pdf");
    let pages = poppler::pages_text(&pdf);
    assert_eq!(written.pages as usize, pages.len());
    assert_eq!(poppler::page_count(&pdf), pages.len());
    assert!((3..=8).contains(&pages.len()), "{} pages", pages.len());

    // Page one: the size of the book, revenue by currency, health in bands, the weakest strategic accounts.
    let p = portfolio::portfolio(pool, now(), today()).await.unwrap();
    assert_eq!(p.rows.len(), 11, "the account in the trash is left out");
    let first = squash(&pages[0]);
    for words in [
        "Portfolio review",
        "Accounts 11:",
        "Revenue EUR",
        "Health average",
        "Strong (70–100)",
        "Weak (0–39)",
        "The weakest strategic accounts",
        "What costs it most",
    ] {
        assert!(first.contains(words), "{words:?} missing from page one: {first}");
    }
    let strategic: Vec<&PortfolioRow> = p.rows.iter().filter(|r| r.tier == "strategic").collect();
    let weakest = strategic.iter().min_by_key(|r| (r.health, r.name.to_lowercase())).unwrap();
    assert!(
        first.contains(&format!("{} {}", weakest.name, weakest.health.unwrap())),
        "the weakest strategic account, {} at {:?}, leads the list: {first}",
        weakest.name,
        weakest.health
    );
    let average = f64::from(p.rows.iter().filter_map(|r| r.health).sum::<u32>()) / p.rows.len() as f64;
    assert!(first.contains(&format!("average {average:.0} across 11 scored accounts")), "{first}");
    assert!(!first.contains("By tier, then name"), "the full table starts on its own page");

    // Needs attention: the stories by department come from the feedback above.
    let all = squash(&pages.join("\n"));
    assert!(all.contains("Needs attention"), "{all}");
    let departments = store::stories_by_department(pool, None, Some(d("2025-11-24"))).await.unwrap();
    let logistics = departments.iter().find(|d| d.department == "Logistics").expect("the late transformer");
    assert!(logistics.open_horror >= 1);
    for d in &departments {
        let row = format!("{} {} {} {}", d.department, d.success, d.horror, d.open_horror);
        assert!(all.contains(&row), "{row:?} missing: {all}");
    }
    assert!(all.contains("Goals past their date"), "{all}");
    let late = p.rows.iter().find(|r| r.account_id == nordhavn.id).unwrap().goals_overdue;
    assert!(late > 0, "the sample's Nordhavn has goals past their date");
    assert!(all.contains(&format!("Nordhavn Energy Strategic {late} Tracking")), "{late} overdue goals: {all}");

    // Every account, by tier: Nordhavn's row carries its revenue and today's health.
    let table = all.split("Every account By tier").nth(1).expect("the full table");
    assert!(
        table.contains(&format!("Nordhavn Energy EUR 48.0m {}", nordhavn.now)),
        "Nordhavn's row with health {}: {table}",
        nordhavn.now
    );
    for r in &p.rows {
        assert!(table.contains(r.name.split(' ').next().unwrap()), "{} missing from the table", r.name);
    }
    assert!(!all.contains("Solent Water"), "an account in the trash is not reviewed");
    let strategic_at = table.find("Strategic accounts").unwrap();
    let key_at = table.find("Key accounts").unwrap();
    let growth_at = table.find("Growth accounts").unwrap();
    assert!(strategic_at < key_at && key_at < growth_at, "by tier: {table}");

    // The same data and clock give the same bytes.
    let again = dir.path().join("again.pdf");
    review::export(pool, &again, &options).await.unwrap();
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap(), "two exports differ");
}

#[tokio::test]
async fn the_annual_review_sets_this_year_against_last() {
    let (dir, vault, nordhavn) = sample().await;
    let pool = vault.pool();
    let options = options(&vault).await;
    let pdf = dir.path().join("annual.pdf");
    let written = annual::export(pool, &nordhavn.id, &pdf, &options).await.unwrap();
    keep(&pdf, "annual.pdf");
    let pages = poppler::pages_text(&pdf);
    assert_eq!(written.pages as usize, pages.len());
    assert!((5..=12).contains(&pages.len()), "{} pages", pages.len());

    // The first page: who, the two years, and the year against last.
    let first = squash(&pages[0]);
    for words in [
        "Nordhavn Energy Annual customer review: the year to 23 Nov 2026 against the year before",
        "This year 24 Nov 2025 – 23 Nov 2026",
        "Last year 24 Nov 2024 – 23 Nov 2025",
        "Owner Amara Lindqvist",
        "Sponsor Tomasz Wren",
        "EUR 48,000,000 a year; margin EUR 9,100,000 (19%)",
        "Last year This year Change",
    ] {
        assert!(first.contains(words), "{words:?} missing from page one: {first}");
    }
    let change = i64::from(nordhavn.now) - i64::from(nordhavn.then);
    let sign = match change {
        0 => "0".to_string(),
        c if c > 0 => format!("+{c}"),
        c => format!("–{}", -c),
    };
    let health = format!("Health (0–100) at the year's end {} {} {sign}", nordhavn.then, nordhavn.now);
    assert!(first.contains(&health), "{health:?} missing: {first}");
    let (a, b, c) = ("2024-11-23", "2025-11-23", "2026-11-23");
    let interactions = "SELECT count(*) FROM interactions WHERE account_id = ?1 AND deleted_at IS NULL
                          AND occurred_on > ?2 AND occurred_on <= ?3";
    let last = count(&vault, interactions, &nordhavn.id, a, b).await;
    let this = count(&vault, interactions, &nordhavn.id, b, c).await;
    assert!(last > 0 && this > 0, "the sample book has contact in both years");
    assert!(first.contains(&format!("Interactions {last} {this}")), "interactions {last} then {this}: {first}");
    let figures = |label: &str, last: i64, this: i64| {
        let change = match this - last {
            0 => "0".to_string(),
            c if c > 0 => format!("+{c}"),
            c => format!("–{}", -c),
        };
        format!("{label} {last} {this} {change}")
    };
    let received = "SELECT count(*) FROM feedback WHERE account_id = ?1 AND deleted_at IS NULL
                      AND received_on > ?2 AND received_on <= ?3";
    let done = "SELECT count(*) FROM feedback WHERE account_id = ?1 AND deleted_at IS NULL AND state = 'done'
                  AND received_on > ?2 AND received_on <= ?3";
    let horror = "SELECT count(*) FROM stories WHERE account_id = ?1 AND deleted_at IS NULL AND kind = 'horror'
                    AND occurred_on > ?2 AND occurred_on <= ?3";
    for (label, sql) in
        [("Feedback received", received), ("Feedback done (a change they can see)", done), ("Horror stories", horror)]
    {
        let row =
            figures(label, count(&vault, sql, &nordhavn.id, a, b).await, count(&vault, sql, &nordhavn.id, b, c).await);
        assert!(first.contains(&row), "{row:?} missing: {first}");
    }
    assert!(first.contains("To talk about"), "{first}");
    assert!(first.contains("horror story still open") || first.contains("horror stories still open"), "{first}");

    let all = reading(&pdf);
    // Goals: this year's blueprint and last year's, each under its own year.
    let goals_this = all.find("This year: 24 Nov 2025 – 23 Nov 2026").expect("this year's goals");
    let goals_last = all.find("Last year: 24 Nov 2024 – 23 Nov 2025").expect("last year's goals");
    let current = all.find("Blueprint 7 Apr 2026 – 6 Apr 2027").expect("this year's blueprint");
    let earlier = all.find("Blueprint 7 Apr 2025 – 6 Apr 2026").expect("last year's blueprint");
    assert!(goals_this < current && current < goals_last && goals_last < earlier, "{all}");
    assert!(all[current..goals_last].contains("Warn of transformer faults a week ahead"), "{all}");
    assert!(all[earlier..].contains("Monitoring live at the twelve worst substations"), "{all}");
    assert!(all[current..goals_last].contains("2 overdue"), "{all}");

    // Health: a year ago against today, and the parts with their reasons.
    let then_on = d(&nordhavn.then_on).format("%-d %b %Y");
    assert!(all.contains(&format!("A year ago {} on {then_on} ({sign} since)", nordhavn.then)), "{all}");
    assert!(all.contains("The parts today"), "{all}");
    assert!(all.contains("Cadence") && all.contains("Feedback responsiveness"), "{all}");

    // Feedback: what became of each piece.
    for words in [
        "Done: Invoices now carry their PO number (visible from 1 May 2026)",
        "Deferred until 15 Jan 2027",
        "Declined: Their contract does not cover weekend call-outs",
        "Not picked up yet",
        "11 Mar 2026, a call",
        "Done: Monthly reports on the second working day",
    ] {
        assert!(all.contains(words), "{words:?} missing: {all}");
    }
    // Stories in their years.
    assert!(all.contains("Horror: Spare transformer three weeks late"), "{all}");
    assert!(all.contains("Late, still open. Lesson: Check stock before promising a date"), "{all}");
    assert!(all.contains("Horror: Crew missed the outage window"), "{all}");
    assert!(all.contains("Coverage and cadence") && all.contains("Contact by level"), "{all}");

    // The same data and clock give the same bytes.
    let again = dir.path().join("again.pdf");
    annual::export(pool, &nordhavn.id, &again, &options).await.unwrap();
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap(), "two exports differ");
}

#[tokio::test]
async fn an_account_with_nothing_to_compare_says_so_rather_than_showing_empty_tables() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    demo::load_sample(vault.pool(), now()).await.unwrap();
    let id = add_account(&vault, "Nordlys Shipping").await.id;
    let options = options(&vault).await;
    let pdf = dir.path().join("nordlys.pdf");
    annual::export(vault.pool(), &id, &pdf, &options).await.unwrap();
    keep(&pdf, "nordlys.pdf");
    let all = squash(&poppler::pages_text(&pdf).join("\n"));
    for words in [
        "No blueprint this year.",
        "No blueprint last year.",
        "No feedback recorded in either year.",
        "No stories recorded in either year.",
        "No tie is overdue today.",
        "Owner Ines Okafor",
    ] {
        assert!(all.contains(words), "{words:?} missing: {all}");
    }
    assert!(all.contains("A year ago no score recorded in the year before"), "{all}");
    assert!(!all.contains("What they told us"), "no empty feedback table: {all}");
    assert!(!all.contains("Story Department"), "no empty story table: {all}");
}

#[tokio::test]
async fn an_unknown_or_trashed_account_is_not_found_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    demo::load_sample(vault.pool(), now()).await.unwrap();
    let options = options(&vault).await;
    let trashed = id_of(&vault, "Solent Water").await;
    for id in ["no-such-account", trashed.as_str()] {
        let pdf = dir.path().join("nothing.pdf");
        let err = annual::export(vault.pool(), id, &pdf, &options).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
        assert_eq!(err.to_string(), format!("account {id} not found"));
        assert!(!pdf.exists(), "nothing written");
    }
}

#[tokio::test]
async fn a_larger_book_runs_the_full_table_over_pages_with_the_header_on_each() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    let size = LargeSize { accounts: 300, people: 3_000, interactions: 6_000 };
    demo::generate_large(pool, size, 7, now(), |_| {}).await.unwrap();
    portfolio::record_all(pool, today(), |_, _| ControlFlow::Continue(())).await.unwrap();
    let options = options(&vault).await;
    let pdf = dir.path().join("portfolio.pdf");
    let started = Instant::now();
    let written = review::export(pool, &pdf, &options).await.unwrap();
    eprintln!("300 accounts: {} pages in {:.2} s", written.pages, started.elapsed().as_secs_f64());
    keep(&pdf, "portfolio-300.pdf");
    let pages = poppler::pages_text(&pdf);
    let start = pages.iter().position(|p| p.contains("By tier, then name")).expect("the full table");
    assert!(pages.len() - start >= 5, "300 rows span pages: {} of {}", pages.len() - start, pages.len());
    for (n, page) in pages.iter().enumerate().skip(start) {
        let text = squash(page);
        assert!(
            text.contains("Account Revenue Health Trend Blueprint Late Next Owner / sponsor"),
            "page {} lacks the table header: {text}",
            n + 1
        );
    }
    let p = portfolio::portfolio(pool, now(), today()).await.unwrap();
    let text = reading(&pdf);
    let table = text.split("By tier, then name").nth(1).unwrap();
    let missing: Vec<&str> = p.rows.iter().map(|r| r.name.as_str()).filter(|n| !table.contains(n)).collect();
    assert!(missing.is_empty(), "missing from the table: {missing:?}");
}

/// 10,000 accounts laid out straight from portfolio rows (copies of the
/// sample book's, renamed and varied): the size the product promises,
/// without generating a whole book.
#[tokio::test]
async fn ten_thousand_accounts_render_in_reasonable_time() {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    demo::load_sample(vault.pool(), now()).await.unwrap();
    let sample = portfolio::portfolio(vault.pool(), now(), today()).await.unwrap();
    let rows: Vec<PortfolioRow> = (0..10_000)
        .map(|n| {
            let like = &sample.rows[n % sample.rows.len()];
            PortfolioRow {
                account_id: format!("a{n:05}"),
                name: format!("{} {n:05}", like.name),
                health: (n % 7 != 0).then_some((n % 101) as u32),
                trend: Some((n % 41) as i32 - 20),
                goals_overdue: (n % 5) as u32,
                backslides: if n % 9 == 0 { "rarer".into() } else { String::new() },
                ..like.clone()
            }
        })
        .collect();
    // Each next meeting on the day it starts, as the review reads it.
    let meeting_days = rows
        .iter()
        .filter_map(|r| Some((r.account_id.clone(), r.next_meeting.as_deref()?.get(..10)?.parse().ok()?)))
        .collect();
    let data = review::PortfolioData {
        portfolio: Portfolio { rows, ..sample },
        weakest: Vec::new(),
        departments: vec![DepartmentStories { department: "Logistics".into(), success: 1, horror: 2, open_horror: 1 }],
        meeting_days,
        today: today(),
    };
    let options = BriefOptions { now: now(), home_zone: None, audience: Default::default() };
    let started = Instant::now();
    let doc = review::build(&data, &options);
    let rendered = tokio::task::spawn_blocking(move || rapport_core::pdf::render(&doc).unwrap()).await.unwrap();
    let took = started.elapsed();
    eprintln!(
        "10,000 accounts: {} pages, {} KB in {:.1} s",
        rendered.pages,
        rendered.bytes.len() / 1024,
        took.as_secs_f64()
    );
    assert!(rendered.pages > 300, "{} pages", rendered.pages);
    assert!(took.as_secs() < 120, "took {took:?}");
}
