//! Briefs and packs from a real vault, checked the way a reader would:
//! the text on each page (pdftotext), the fonts (pdffonts), the page count
//! (pdfinfo). Needs poppler-utils (scripts/setup.sh --test installs it).

use crate::common;
use crate::common::poppler;

use std::ops::ControlFlow;
use std::path::Path;
use std::process::Command;

use chrono::Duration;
use common::*;
use rapport_core::accounts::{self, AccountInput};
use rapport_core::brief::{self, BriefOptions, PackRequest};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::kinds::{DecisionRole, Dimension, Disposition, Function, MeetingKind, Side};
use rapport_core::meetings::{self, GateAction, GateRequest, Meeting, MeetingInput};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::{ErrorCode, Vault};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-layout", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"])
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// With `RAPPORT_KEEP_PDF=DIR`, keeps a copy of each PDF for looking at.
fn keep(pdf: &Path, name: &str) {
    if let Some(dir) = std::env::var_os("RAPPORT_KEEP_PDF") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(pdf, Path::new(&dir).join(name)).unwrap();
    }
}

/// Collapses the layout's runs of spaces so phrases can be searched.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The DRAFT mark's colour (see tests/pdf.rs).
const DRAFT_RGB: [u8; 3] = [0xF6, 0xD4, 0xD4];

struct Book {
    vault: Vault,
    ceo: Person,
    cfo: Person,
    coo: Person,
    account: String,
}

async fn person(vault: &Vault, account: Option<&str>, name: &str, title: &str, level: u8) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        title: Some(title.into()),
        function: account.is_none().then_some(Function::Executive),
        org_level: Some(level),
        decision_role: account.is_some().then_some(DecisionRole::DecisionMaker),
        disposition: account.is_some().then_some(Disposition::Sceptic),
        email: Some(format!("{}@example.com", name.split(' ').next().unwrap().to_lowercase())),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

async fn book(dir: &Path) -> Book {
    let vault = create_passphrase_vault(&paths(dir)).await.vault;
    let account = add_account(&vault, "Nordlys Shipping").await;
    let mut details = AccountInput::from(&account);
    details.annual_revenue = Some(12_500_000);
    details.currency = Some("EUR".into());
    details.customer_strategy = Some("Become their routing partner for the northern fleet.".into());
    accounts::update(vault.pool(), &account.id, &details, now()).await.unwrap();
    let ceo = person(&vault, None, "Marit Olsen", "Chief Executive", 1).await;
    let cfo = person(&vault, Some(&account.id), "Henrik Dahl", "Finance Director", 2).await;
    let coo = person(&vault, Some(&account.id), "Åsa Lindqvist", "Head of Operations", 2).await;
    let tie = ConnectionInput {
        ours_id: ceo.id.clone(),
        theirs_id: cfo.id.clone(),
        dimension: Some(Dimension::Personal),
        strength: Some(4),
        cadence_days: Some(30),
        ..ConnectionInput::default()
    };
    connections::create(vault.pool(), &tie, now()).await.unwrap();
    Book { vault, ceo, cfo, coo, account: account.id }
}

async fn visit(b: &Book, title: &str, start: &str, zone: &str) -> Meeting {
    let end = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M").unwrap() + Duration::minutes(90);
    let input = MeetingInput {
        account_id: b.account.clone(),
        title: title.into(),
        kind: Some(MeetingKind::Negotiation),
        starts_local: start.into(),
        ends_local: end.format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: zone.into(),
        location: Some("Their head office, Bergen".into()),
        objective: Some("Agree the scope of a two-route pilot.".into()),
        value_proposition: Some("Route planning that cuts fuel use by a tenth on their busiest lines.".into()),
        asks: Some("- A named sponsor on their side\n- Fuel data for the last two winters".into()),
        talking_points: Some("Winter reliability\nCrew scheduling".into()),
        sensitivities: Some("Their last supplier overpromised; no big numbers before the data.".into()),
        attendees: vec![b.ceo.id.clone(), b.cfo.id.clone(), b.coo.id.clone()],
        ..MeetingInput::default()
    };
    meetings::create(b.vault.pool(), &input, now()).await.unwrap()
}

async fn approve(b: &Book, id: &str) {
    for action in [GateAction::Submit, GateAction::Approve] {
        let step = GateRequest { action: Some(action), by: Some("Marit Olsen".into()), ..GateRequest::default() };
        meetings::act(b.vault.pool(), id, &step, now()).await.unwrap();
    }
}

fn options() -> BriefOptions {
    BriefOptions { now: now(), home_zone: Some(chrono_tz::Europe::London), audience: Default::default() }
}

#[tokio::test]
async fn a_brief_reads_right_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path()).await;
    let m = visit(&b, "Pilot scope with Nordlys", "2026-11-26T09:30", "Europe/Oslo").await;
    let pdf = dir.path().join("brief.pdf");
    let written = brief::export_brief(b.vault.pool(), &m.id, &pdf, &options()).await.unwrap();
    assert_eq!(written.pages as usize, pages(&pdf));
    assert!(written.pages >= 2, "the first page stands alone");

    keep(&pdf, "brief.pdf");
    let first = squash(&page_text(&pdf, 1));
    for needle in [
        "Pilot scope with Nordlys",
        "Thu 26 Nov 2026, 09:30–11:00 CET (Europe/Oslo)",
        "08:30–10:00 GMT at home (Europe/London)",
        "Their head office, Bergen",
        "Henrik Dahl",
        "Route planning that cuts fuel use",
        "A named sponsor on their side",
        "Three things to know",
        "CONFIDENTIAL",
        &format!("Page 1 of {}", written.pages),
    ] {
        assert!(first.contains(needle), "page 1 lacks {needle:?}:\n{first}");
    }
    assert!(
        squash(&page_text(&pdf, 2))
            .starts_with("Nordlys Shipping — Pilot scope with Nordlys CONFIDENTIAL · generated 23 Nov 2026 Who's who"),
        "the first page stands alone:\n{}",
        page_text(&pdf, 2)
    );
    let rest: String = (2..=written.pages as usize).map(|p| squash(&page_text(&pdf, p))).collect::<Vec<_>>().join("\n");
    for needle in [
        "Who's who",
        "Åsa Lindqvist",
        "Marit Olsen (personal, 4/5)",
        "Relationship snapshot",
        "Account snapshot",
        "12,500,000 EUR",
        "Sensitivities and ground rules",
        "Follow-up checklist",
        "Thank Henrik Dahl",
    ] {
        assert!(rest.contains(needle), "the brief lacks {needle:?}:\n{rest}");
    }

    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 3], ["yes", "yes"], "font not embedded and subset: {line}");
    }
    assert!(std::fs::metadata(&pdf).unwrap().len() < 400_000, "subset fonts keep a brief small");

    // Not approved: every page carries the DRAFT mark (drawn, not text);
    // approved, none does.
    let marked = |pdf: &Path| -> Vec<bool> {
        poppler::raster_color(pdf, 30).iter().map(|page| page.count_near(DRAFT_RGB, 6) > 500).collect()
    };
    assert!(marked(&pdf).iter().all(|&m| m), "a draft brief is marked on every page");
    approve(&b, &m.id).await;
    brief::export_brief(b.vault.pool(), &m.id, &pdf, &options()).await.unwrap();
    assert!(marked(&pdf).iter().all(|&m| !m), "an approved brief is not marked");
}

#[tokio::test]
async fn the_same_data_and_clock_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path()).await;
    let m = visit(&b, "Pilot scope", "2026-11-26T09:30", "Europe/Oslo").await;
    let (one, two, later) = (dir.path().join("1.pdf"), dir.path().join("2.pdf"), dir.path().join("3.pdf"));
    brief::export_brief(b.vault.pool(), &m.id, &one, &options()).await.unwrap();
    brief::export_brief(b.vault.pool(), &m.id, &two, &options()).await.unwrap();
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
    let tomorrow = BriefOptions { now: now() + Duration::days(1), ..options() };
    brief::export_brief(b.vault.pool(), &m.id, &later, &tomorrow).await.unwrap();
    assert_ne!(std::fs::read(&one).unwrap(), std::fs::read(&later).unwrap());
}

#[tokio::test]
async fn a_pack_has_a_cover_itinerary_contents_briefs_and_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path()).await;
    let oslo = visit(&b, "Morning in Oslo", "2026-11-24T09:00", "Europe/Oslo").await;
    visit(&b, "Lunch in Singapore", "2026-11-25T12:00", "Asia/Singapore").await;
    visit(&b, "Dinner in New York", "2026-11-26T19:00", "America/New_York").await;
    approve(&b, &oslo.id).await;
    let request = PackRequest {
        from: Some("2026-11-24".into()),
        to: Some("2026-11-27".into()),
        traveller: Some("Marit Olsen".into()),
        ..PackRequest::default()
    };
    let pdf = dir.path().join("pack.pdf");
    let mut seen = Vec::new();
    let written = brief::export_pack(b.vault.pool(), &request, &pdf, &options(), move |done, total| {
        seen.push((done, total));
        ControlFlow::Continue(())
    })
    .await
    .unwrap();
    assert_eq!(written.meetings, 3);
    keep(&pdf, "pack.pdf");
    let total = pages(&pdf);
    assert_eq!(written.pages as usize, total);

    let cover = squash(&page_text(&pdf, 1));
    assert!(cover.contains("Marit Olsen") && cover.contains("Contents"), "{cover}");
    // Contents lines name the page each chapter starts on; check each.
    for title in ["Itinerary", "Morning in Oslo", "Lunch in Singapore", "Dinner in New York", "Directory of people met"]
    {
        let line = cover.split(title).nth(1).unwrap_or_else(|| panic!("{title} not in contents: {cover}"));
        let page: usize = line.split_whitespace().find_map(|w| w.trim_matches('.').parse().ok()).unwrap();
        assert!(squash(&page_text(&pdf, page)).contains(title), "{title} is not on page {page}");
    }
    let itinerary = squash(&page_text(&pdf, 2));
    let order: Vec<usize> = ["Morning in Oslo", "Lunch in Singapore", "Dinner in New York"]
        .iter()
        .map(|t| itinerary.find(t).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "itinerary in time order: {itinerary}");
    let last = squash(&page_text(&pdf, total));
    assert!(
        last.contains("Åsa Lindqvist") && last.contains("asa@example.com") || last.contains("åsa@example.com"),
        "{last}"
    );
}

#[tokio::test]
async fn a_cancelled_pack_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path()).await;
    visit(&b, "Morning in Oslo", "2026-11-24T09:00", "Europe/Oslo").await;
    visit(&b, "Afternoon in Oslo", "2026-11-24T15:00", "Europe/Oslo").await;
    let request =
        PackRequest { from: Some("2026-11-24".into()), to: Some("2026-11-24".into()), ..PackRequest::default() };
    let pdf = dir.path().join("pack.pdf");
    let err = brief::export_pack(b.vault.pool(), &request, &pdf, &options(), |done, _| {
        if done >= 1 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    })
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!pdf.exists() && !left.iter().any(|n| n.to_string_lossy().contains(".part")), "{left:?}");

    // An empty selection is refused with a reason.
    let none = PackRequest { from: Some("2030-01-01".into()), to: Some("2030-01-02".into()), ..PackRequest::default() };
    let err = brief::export_pack(b.vault.pool(), &none, &pdf, &options(), |_, _| ControlFlow::Continue(()))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("from"));
}

#[tokio::test]
async fn hostile_text_in_a_meeting_still_gives_a_valid_brief() {
    let dir = tempfile::tempdir().unwrap();
    let b = book(dir.path()).await;
    let m = visit(&b, "Pilot scope", "2026-11-26T09:30", "Europe/Oslo").await;
    let long_word = "Ünterschrift".repeat(800);
    let hostile = format!(
        "\u{202e}evil override\u{202c} zero\u{200b}width \u{feff}bom 😀🚢 Z̷̢a̶l̴g̵o̸ Ελληνικά Кириллица 日本語 中文 \u{e000} {long_word}"
    );
    let input = MeetingInput {
        account_id: b.account.clone(),
        title: "Pilot \u{202e}scope\u{202c} 😀".into(),
        kind: Some(MeetingKind::Escalation),
        starts_local: "2026-11-26T09:30".into(),
        ends_local: "2026-11-26T11:00".into(),
        time_zone: "Europe/Oslo".into(),
        location: Some("Ωmega 日本 \u{200d}".into()),
        objective: Some(hostile.clone()),
        value_proposition: Some(hostile.clone()),
        asks: Some(format!("{hostile}\n{hostile}")),
        sensitivities: Some(hostile.clone()),
        attendees: vec![b.ceo.id.clone(), b.cfo.id.clone()],
        ..MeetingInput::default()
    };
    meetings::update(b.vault.pool(), &m.id, &input, now()).await.unwrap();
    let pdf = dir.path().join("hostile.pdf");
    let written = brief::export_brief(b.vault.pool(), &m.id, &pdf, &options()).await.unwrap();
    keep(&pdf, "hostile-brief.pdf");
    assert_eq!(written.pages as usize, pages(&pdf));
    let text: String = (1..=pages(&pdf)).map(|p| page_text(&pdf, p)).collect();
    for needle in ["Ελληνικά", "Кириллица", "日本語", "\u{fffd}"] {
        assert!(text.contains(needle), "{needle} missing");
    }
    assert!(!text.contains('\u{202e}') && !text.contains('\u{200b}'), "controls are stripped");
    // Nothing drawn in the outer 3 mm of any page (A4 at 30 dpi: 3 mm ≈ 4 px).
    for (i, page) in poppler::raster(&pdf, 30).iter().enumerate() {
        let (w, h) = (page.width, page.height);
        let edge = page.ink_in(0, 0, w, 3, 200)
            + page.ink_in(0, h - 3, w, h, 200)
            + page.ink_in(0, 0, 3, h, 200)
            + page.ink_in(w - 3, 0, w, h, 200);
        assert_eq!(edge, 0, "page {} has ink at its edge", i + 1);
    }
}
