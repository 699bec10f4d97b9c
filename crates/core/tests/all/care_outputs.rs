//! What the care data turns into, from a real encrypted vault with a pinned
//! clock: the brief's feedback, stories and overdue follow-ups sections (and
//! the line they earn among the three things to know), and the planned
//! cadence touchpoints as a calendar file.

use crate::common;

use std::process::Command;

use chrono::{Duration, NaiveDate};
use common::*;
use rapport_core::Vault;
use rapport_core::accounts::{self, AccountInput};
use rapport_core::blueprint::store::{self as blueprints, BlueprintInput};
use rapport_core::blueprint::{BlueprintCommand as C, IdeaKind, Measure, PersonRef};
use rapport_core::brief::{self, BriefOptions};
use rapport_core::care::feedback::{FeedbackAction, FeedbackChannel, FeedbackStep, ThanksHow};
use rapport_core::care::store::{self, FeedbackInput, StoryInput};
use rapport_core::care::story::{Failure, StoryKind};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Dimension, Function, InteractionKind, MeetingKind, Side};
use rapport_core::meetings::{self, MeetingInput};
use rapport_core::pdf::{Block, Document};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::settings::{self, Settings};
use rapport_core::touchpoints;

/// 23 Nov 2026, the day everything below is read against.
fn today() -> NaiveDate {
    now().date_naive()
}

fn ago(days: i64) -> NaiveDate {
    today() - Duration::days(days)
}

fn options() -> BriefOptions {
    BriefOptions { now: now(), home_zone: Some(chrono_tz::Europe::London), audience: Default::default() }
}

async fn person(vault: &Vault, account: Option<&str>, name: &str, title: &str, level: u8) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        title: Some(title.into()),
        function: account.is_none().then_some(Function::Executive),
        org_level: Some(level),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

async fn tie(vault: &Vault, ours: &Person, theirs: &Person, cadence: Option<u32>) -> String {
    let input = ConnectionInput {
        ours_id: ours.id.clone(),
        theirs_id: theirs.id.clone(),
        dimension: Some(Dimension::Personal),
        strength: Some(4),
        cadence_days: cadence,
        ..ConnectionInput::default()
    };
    connections::create(vault.pool(), &input, now()).await.unwrap().id
}

async fn contact(vault: &Vault, account: &str, on: NaiveDate, people: &[&Person]) {
    let input = InteractionInput {
        account_id: account.into(),
        occurred_on: on.to_string(),
        kind: Some(InteractionKind::Call),
        summary: "Catch-up on the winter schedule".into(),
        people: people.iter().map(|p| p.id.clone()).collect(),
        ..InteractionInput::default()
    };
    interactions::create(vault.pool(), &input, now()).await.unwrap();
}

struct Book {
    _dir: tempfile::TempDir,
    vault: Vault,
    account: String,
    ana: Person,
    ben: Person,
    kenji: Person,
    lea: Person,
    mia: Person,
    /// Ana ↔ Kenji: every 30 days, last contact 40 days ago.
    overdue_tie: String,
}

/// Nordhavn: Ana (ours) and Kenji (theirs) last spoke 40 days ago on a
/// 30-day cadence; Ben and Lea 50 days ago, also every 30 days.
async fn book() -> Book {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let name = Settings { your_name: Some("Helena Marsh".into()), ..Settings::default() };
    settings::update(vault.pool(), &name).await.unwrap();
    let account = add_account(&vault, "Nordhavn").await.id;
    let ana = person(&vault, None, "Ana Ruiz", "Chief Executive", 1).await;
    let ben = person(&vault, None, "Ben Ortiz", "Head of Service", 3).await;
    let kenji = person(&vault, Some(&account), "Kenji Sato", "Chief Operating Officer", 2).await;
    let lea = person(&vault, Some(&account), "Lea Berg", "Fleet Manager", 3).await;
    let mia = person(&vault, Some(&account), "Mia Holm", "Procurement Lead", 4).await;
    let overdue_tie = tie(&vault, &ana, &kenji, Some(30)).await;
    tie(&vault, &ben, &lea, Some(30)).await;
    tie(&vault, &ben, &mia, None).await;
    contact(&vault, &account, ago(50), &[&ben, &lea]).await;
    contact(&vault, &account, ago(40), &[&ana, &kenji]).await;
    Book { _dir: dir, vault, account, ana, ben, kenji, lea, mia, overdue_tie }
}

async fn meeting(b: &Book, account: &str, attendees: &[&Person]) -> String {
    let input = MeetingInput {
        account_id: account.into(),
        title: "Winter reliability review".into(),
        kind: Some(MeetingKind::Connecting),
        starts_local: "2026-11-26T09:30".into(),
        ends_local: "2026-11-26T11:00".into(),
        time_zone: "Europe/Copenhagen".into(),
        location: Some("Their office, Aarhus".into()),
        objective: Some("Agree what winter reliability means for both of us.".into()),
        value_proposition: Some("Fewer cancelled sailings through the winter.".into()),
        attendees: attendees.iter().map(|p| p.id.clone()).collect(),
        ..MeetingInput::default()
    };
    meetings::create(b.vault.pool(), &input, now()).await.unwrap().id
}

fn said(b: &Book, who: &Person, on: NaiveDate, text: &str) -> FeedbackInput {
    FeedbackInput {
        account_id: b.account.clone(),
        person_id: Some(who.id.clone()),
        received_on: on.to_string(),
        channel: Some(FeedbackChannel::Meeting),
        text: text.into(),
        theme: None,
    }
}

async fn feedback(b: &Book, who: &Person, on: NaiveDate, text: &str) -> String {
    store::create_feedback(b.vault.pool(), &said(b, who, on, text), now(), today()).await.unwrap().id
}

async fn step(b: &Book, id: &str, step: FeedbackStep, today: NaiveDate) {
    store::act(b.vault.pool(), id, &step, now(), today).await.unwrap();
}

async fn thank(b: &Book, id: &str, on: NaiveDate) {
    store::thank(b.vault.pool(), id, &on.to_string(), Some(ThanksHow::Note), now(), today()).await.unwrap();
}

fn story(b: &Book, kind: StoryKind, title: &str, department: &str, on: NaiveDate, resolved: bool) -> StoryInput {
    StoryInput {
        account_id: b.account.clone(),
        kind: Some(kind),
        title: title.into(),
        department: department.into(),
        occurred_on: on.to_string(),
        impact: Some(format!("Impact of {title}")),
        failure: (kind == StoryKind::Horror).then_some(Failure::Late),
        resolved,
        lesson: Some(format!("Lesson of {title}")),
    }
}

async fn trash(b: &Book, table: &str, id: &str) {
    let sql = format!("UPDATE {table} SET deleted_at = '2026-11-22T10:00:00Z' WHERE id = ?1");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).execute(b.vault.pool()).await.unwrap();
}

/// The account's feedback and stories, as described in each test.
struct Care {
    horror: String,
}

async fn care(b: &Book) -> Care {
    // Kenji (attending): 13 days ago, nobody has thanked him.
    feedback(b, &b.kenji, ago(13), "Your crews never tell us when a sailing is cancelled until it is too late.").await;
    // Lea (not attending): being acted on, thanked.
    let acting = feedback(b, &b.lea, ago(30), "The portal logs us out every ten minutes.").await;
    step(b, &acting, FeedbackStep { action: Some(FeedbackAction::Act), ..FeedbackStep::default() }, today()).await;
    thank(b, &acting, ago(29)).await;
    // Mia (attending): deferred until three days ago, so it is back.
    let back = feedback(b, &b.mia, ago(60), "We want one invoice per month, not per sailing.").await;
    let defer =
        FeedbackStep { action: Some(FeedbackAction::Defer), reconsider_on: Some(ago(3)), ..FeedbackStep::default() };
    step(b, &back, defer, ago(10)).await;
    thank(b, &back, ago(58)).await;
    // Lea: deferred until next month.
    let later = feedback(b, &b.lea, ago(20), "Could the app show berth numbers?").await;
    let defer = FeedbackStep {
        action: Some(FeedbackAction::Defer),
        reconsider_on: Some(today() + Duration::days(20)),
        ..FeedbackStep::default()
    };
    step(b, &later, defer, today()).await;
    thank(b, &later, ago(19)).await;
    // Done within the year, and done long ago.
    for (on, visible, text, change) in [
        (200, 150, "Invoices never carry our PO number.", "Every invoice now carries the PO number."),
        (500, 450, "Nobody answers the phone at night.", "A night desk answers within ten minutes."),
    ] {
        let id = feedback(b, &b.lea, ago(on), text).await;
        let done = FeedbackStep {
            action: Some(FeedbackAction::Complete),
            change: Some(change.into()),
            visible_on: Some(ago(visible)),
            ..FeedbackStep::default()
        };
        step(b, &id, done, today()).await;
        thank(b, &id, ago(on - 1)).await;
    }
    // In the trash: never shown.
    let gone = feedback(b, &b.kenji, ago(15), "TRASHED FEEDBACK").await;
    trash(b, "feedback", &gone).await;

    let pool = b.vault.pool();
    let add = |input: StoryInput| async move { store::create_story(pool, &input, now(), today()).await.unwrap().id };
    let horror = add(story(b, StoryKind::Horror, "Spare parts three weeks late", "Logistics", ago(400), false)).await;
    add(story(b, StoryKind::Success, "Route planning pilot", "Product development", ago(30), true)).await;
    add(story(b, StoryKind::Horror, "Installation overran", "Installation", ago(100), true)).await;
    add(story(b, StoryKind::Horror, "Old resolved mess", "Finance", ago(500), true)).await;
    let gone = add(story(b, StoryKind::Horror, "TRASHED STORY", "Logistics", ago(5), false)).await;
    trash(b, "stories", &gone).await;
    Care { horror }
}

/// An approved blueprint whose one goal was due on 30 Jun 2026.
async fn blueprint(b: &Book) {
    let pool = b.vault.pool();
    let account = accounts::get(pool, &b.account).await.unwrap();
    let mut details = AccountInput::from(&account);
    details.sponsor_id = Some(b.ana.id.clone());
    accounts::update(pool, &b.account, &details, now()).await.unwrap();
    let input = BlueprintInput {
        account_id: b.account.clone(),
        starts_on: "2026-01-01".into(),
        ends_on: "2026-12-31".into(),
        question: None,
    };
    let id = blueprints::create(pool, &input, now()).await.unwrap().blueprint.id;
    let r = |p: &Person| PersonRef { id: p.id.clone(), side: Side::Ours };
    let commands = vec![
        C::AddParticipant { person: r(&b.ana), function: Function::Executive },
        C::AddParticipant { person: r(&b.ben), function: Function::CustomerService },
        C::Advance,
        C::AddIdea {
            id: "i1".into(),
            text: "Warn them of cancellations".into(),
            participant_id: Some(b.ben.id.clone()),
            kind: IdeaKind::ImplementationFailure,
        },
        C::Advance,
        C::ScoreIdea { id: "i1".into(), impact: Some(5), effort: Some(2) },
        C::ChooseIdea { id: "i1".into(), chosen: true },
        C::Advance,
        C::MakeGoal { id: "g1".into(), title: "Cancellation alerts live".into(), idea_ids: vec!["i1".into()] },
        C::EditGoal {
            id: "g1".into(),
            title: "Cancellation alerts live".into(),
            owner: Some(r(&b.ben)),
            counterpart: None,
            target_date: NaiveDate::from_ymd_opt(2026, 6, 30),
            measure: Some(Measure { metric: "Sailings alerted".into(), unit: "%".into(), baseline: 0.0, target: 95.0 }),
        },
        C::Advance,
        C::Advance,
        C::Approve { by: "whoever".into(), by_sponsor: false, comment: Some("Go.".into()) },
    ];
    for (n, command) in commands.into_iter().enumerate() {
        blueprints::apply(pool, &id, command.clone(), now(), today())
            .await
            .unwrap_or_else(|e| panic!("step {n} {command:?}: {e}"));
    }
}

/// The blocks under one heading, up to the next heading.
fn section(doc: &Document, heading: &str) -> Option<Vec<Block>> {
    let blocks = &doc.chapters[0].blocks;
    let start = blocks.iter().position(|b| matches!(b, Block::Heading { text } if text == heading))?;
    Some(blocks[start + 1..].iter().take_while(|b| !matches!(b, Block::Heading { .. })).cloned().collect())
}

fn tables(blocks: &[Block]) -> Vec<Vec<Vec<String>>> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { rows, .. } => Some(rows.clone()),
            _ => None,
        })
        .collect()
}

fn checklist(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Checklist { items } => Some(items.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

fn three_things(doc: &Document) -> Vec<String> {
    doc.chapters[0]
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Callout { items, .. } => Some(items.clone()),
            _ => None,
        })
        .unwrap()
}

fn headings(doc: &Document) -> Vec<String> {
    doc.chapters[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn row_with<'a>(rows: &'a [Vec<String>], needle: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.iter().any(|c| c.contains(needle)))
        .unwrap_or_else(|| panic!("no row with {needle}: {rows:?}"))
}

#[tokio::test]
async fn a_brief_carries_feedback_stories_and_what_is_overdue() {
    let b = book().await;
    let m = meeting(&b, &b.account, &[&b.ana, &b.kenji, &b.mia]).await;
    let pool = b.vault.pool();

    // Nothing told, nothing happened: no care sections, only the account
    // itself, 40 days since the last contact on a 30-day target, is late.
    let doc = brief::brief_document(pool, &m, &options()).await.unwrap();
    let names = headings(&doc);
    assert!(!names.iter().any(|h| h == "Feedback" || h == "Success and horror stories"), "{names:?}");
    let late = checklist(&section(&doc, "Overdue follow-ups").unwrap());
    assert_eq!(late.len(), 2, "{late:?}");
    assert!(
        late[0].starts_with("Get Ana Ruiz and Kenji Sato back in touch (both in this meeting): due 13 Nov 2026"),
        "{late:?}"
    );
    assert!(late[0].contains("; every 30 days, last contact 14 Oct 2026"), "{late:?}");
    assert!(late[1].starts_with("Contact with Nordhavn is overdue"), "{late:?}");
    assert!(!late.iter().any(|l| l.contains("Lea Berg")), "a late tie with nobody in the room is not listed");

    let c = care(&b).await;
    blueprint(&b).await;
    let doc = brief::brief_document(pool, &m, &options()).await.unwrap();
    let names = headings(&doc);
    let at = |h: &str| names.iter().position(|n| n == h).unwrap_or_else(|| panic!("no {h}: {names:?}"));
    assert!(at("Blueprint goals, 1 Jan 2026 – 31 Dec 2026") < at("Feedback"));
    assert!(at("Feedback") < at("Success and horror stories"));
    assert!(at("Success and horror stories") < at("Overdue follow-ups"));
    assert!(at("Overdue follow-ups") < at("Sensitivities and ground rules"));

    // Feedback: four open, newest first, attendees marked; one change this year.
    let fb = section(&doc, "Feedback").unwrap();
    let t = tables(&fb);
    assert_eq!(t.len(), 2, "open feedback, then what we changed");
    let open = &t[0];
    assert_eq!(open.len(), 4, "{open:?}");
    let kenji = row_with(open, "sailing is cancelled");
    assert_eq!(kenji[1], "Kenji Sato\n(attending)");
    assert_eq!(kenji[3], "New: nobody has taken it up yet");
    assert!(kenji[0].starts_with("10 Nov 2026"));
    let lea = row_with(open, "logs us out");
    assert_eq!((lea[1].as_str(), lea[3].as_str()), ("Lea Berg", "We are acting on it"));
    assert_eq!(row_with(open, "one invoice per month")[3], "Deferred until 20 Nov 2026: due again now");
    assert_eq!(row_with(open, "berth numbers")[3], "Deferred: comes back 13 Dec 2026");
    assert_eq!(open[0][0].lines().next(), Some("10 Nov 2026"), "newest first");
    let changed = &t[1];
    assert_eq!(changed.len(), 1, "only changes of the last 12 months: {changed:?}");
    assert_eq!(changed[0][1], "Every invoice now carries the PO number.");
    assert_eq!(changed[0][2], "26 Jun 2026");
    assert!(changed[0][0].starts_with("Lea Berg: “Invoices never carry our PO number.”"));

    // Stories: the unresolved horror story first however old, then the
    // year's, newest first; old resolved ones and trashed ones left out.
    let st = section(&doc, "Success and horror stories").unwrap();
    let rows = &tables(&st)[0];
    let titles: Vec<&str> = rows.iter().map(|r| r[3].lines().next().unwrap()).collect();
    assert_eq!(titles, ["Spare parts three weeks late", "Route planning pilot", "Installation overran"]);
    assert_eq!(rows[0][1], "Horror (late)\nnot resolved");
    assert_eq!((rows[0][0].as_str(), rows[0][2].as_str()), ("19 Oct 2025", "Logistics"));
    assert!(rows[0][3].contains("\nImpact: Impact of Spare parts") && rows[0][3].contains("\nLesson: Lesson of Spare"));
    assert_eq!(rows[1][1], "Success");
    assert_eq!(rows[2][1], "Horror (late)\nresolved");
    assert!(
        matches!(st.last().unwrap(), Block::Note { text } if text == "In the last 12 months: 1 success, 1 horror story. One horror story is not resolved yet."),
        "{:?}",
        st.last()
    );

    // Overdue follow-ups: thanks, the deferred item come back, the late tie
    // with people in the room, the account itself, the late goal.
    let late = checklist(&section(&doc, "Overdue follow-ups").unwrap());
    assert_eq!(late.len(), 5, "{late:#?}");
    let thanks = "Thank Kenji Sato (in this meeting) for their feedback of 10 Nov 2026 (13 days ago): “Your crews";
    assert!(late[0].starts_with(thanks), "{late:?}");
    assert!(
        late[1].starts_with("Look again at the feedback from Mia Holm: “We want one invoice per month"),
        "{late:?}"
    );
    assert!(late[1].contains("deferred until 20 Nov 2026, 3 days ago"), "{late:?}");
    let tie = "Get Ana Ruiz and Kenji Sato back in touch (both in this meeting): due 13 Nov 2026; every 30 days, \
               last contact 14 Oct 2026";
    assert_eq!(late[2], tie);
    assert!(late[3].starts_with("Contact with Nordhavn is overdue"));
    assert_eq!(
        late[4],
        "Blueprint goal past its date: Cancellation alerts live — due 30 Jun 2026, not started; Ben Ortiz owns it"
    );

    // Nothing trashed anywhere.
    let json = serde_json::to_string(&doc).unwrap();
    assert!(!json.contains("TRASHED"), "trashed feedback or stories leaked");

    // Page one: the unresolved horror story outranks the last contact…
    let things = three_things(&doc);
    assert_eq!(things.len(), 3);
    assert!(
        things.iter().any(|t| t.starts_with("Unresolved horror story from Logistics: Spare parts three weeks late"))
    );
    // …and once it is resolved, Kenji's unthanked feedback takes its place.
    let mut fixed = story(&b, StoryKind::Horror, "Spare parts three weeks late", "Logistics", ago(400), true);
    fixed.lesson = Some("Ship spares from the Aarhus depot".into());
    store::update_story(pool, &c.horror, &fixed, now(), today()).await.unwrap();
    let doc = brief::brief_document(pool, &m, &options()).await.unwrap();
    let things = three_things(&doc);
    assert!(!things.iter().any(|t| t.contains("horror")), "{things:?}");
    assert!(
        things
            .iter()
            .any(|t| t.starts_with("Kenji Sato told us on 10 Nov 2026") && t.ends_with("thank them in the room.")),
        "{things:?}"
    );
    let titles: Vec<String> = tables(&section(&doc, "Success and horror stories").unwrap())[0]
        .iter()
        .map(|r| r[3].lines().next().unwrap().to_string())
        .collect();
    assert_eq!(titles, ["Route planning pilot", "Installation overran"], "resolved and over a year old: gone");

    // The same account in a meeting without Kenji: no marks, no thanks in the room.
    let other = meeting(&b, &b.account, &[&b.ben, &b.lea]).await;
    let doc = brief::brief_document(pool, &other, &options()).await.unwrap();
    let fb = section(&doc, "Feedback").unwrap();
    let open = &tables(&fb)[0];
    assert_eq!(row_with(open, "sailing is cancelled")[1], "Kenji Sato", "Kenji is not here this time");
    assert_eq!(row_with(open, "logs us out")[1], "Lea Berg\n(attending)", "Lea is");
    let late = checklist(&section(&doc, "Overdue follow-ups").unwrap());
    assert!(late.iter().any(|l| l.starts_with("Get Ben Ortiz and Lea Berg back in touch")), "{late:?}");
    assert!(!late.iter().any(|l| l.contains("Ana Ruiz and Kenji")), "{late:?}");
    assert!(!late.iter().any(|l| l.starts_with("Thank") && l.contains("in this meeting)")), "{late:?}");
    assert!(late.iter().any(|l| l.starts_with("Thank Kenji Sato for their feedback")), "{late:?}");
}

#[tokio::test]
async fn another_accounts_brief_has_no_care_sections() {
    let b = book().await;
    care(&b).await;
    let pool = b.vault.pool();
    let quiet = add_account(&b.vault, "Quiet Harbour").await;
    let host = person(&b.vault, Some(&quiet.id), "Ola Lund", "Harbour Master", 2).await;
    let m = meeting(&b, &quiet.id, &[&b.ana, &host]).await;
    let doc = brief::brief_document(pool, &m, &options()).await.unwrap();
    let names = headings(&doc);
    for gone in ["Feedback", "Success and horror stories", "Overdue follow-ups"] {
        assert!(!names.iter().any(|h| h == gone), "{gone} in {names:?}");
    }
    assert!(names.iter().any(|h| h == "Follow-up checklist"));
    assert!(!three_things(&doc).iter().any(|t| t.contains("horror") || t.contains("thank")));
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn the_care_sections_read_right_in_the_pdf() {
    let b = book().await;
    care(&b).await;
    blueprint(&b).await;
    let m = meeting(&b, &b.account, &[&b.ana, &b.kenji, &b.mia]).await;
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("RAPPORT_KEEP_PDF").map(std::path::PathBuf::from);
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir).unwrap();
    }
    let pdf = keep.as_deref().unwrap_or(dir.path()).join("brief-care.pdf");
    let written = brief::export_brief(b.vault.pool(), &m, &pdf, &options()).await.unwrap();
    let text: String = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Unresolved horror story from Logistics",
        "Feedback",
        "(attending)",
        "Deferred: comes",
        "What we changed because of it",
        "Every invoice now carries the PO number.",
        "Success and horror stories",
        "Spare parts three weeks late",
        "Lesson: Lesson of Route planning pilot",
        "Overdue follow-ups",
        "Thank Kenji Sato",
        "Cancellation alerts live",
        &format!("of {}", written.pages),
    ] {
        assert!(flat.contains(needle), "the PDF lacks {needle:?}:\n{text}");
    }
    assert!(!flat.contains("TRASHED"));
    // The in-app preview renders the same blocks.
    let html = rapport_core::pdf::html::render(&brief::brief_document(b.vault.pool(), &m, &options()).await.unwrap());
    for needle in ["Success and horror stories", "Overdue follow-ups", "Kenji Sato<br>(attending)"] {
        assert!(html.contains(needle), "the preview lacks {needle:?}");
    }
}

// ---------------------------------------------------------------------------
// Touchpoints

/// People in the trash leave Today's goals and the executive contact: a
/// trashed owner is not named on an overdue goal, and a trashed executive's
/// meetings no longer count as contact at their level on the account page or
/// in the annual review.
#[tokio::test]
async fn trashed_people_own_no_goals_and_make_no_executive_contact() {
    use rapport_core::care::{account, today};
    use rapport_core::report::annual;
    let b = book().await;
    blueprint(&b).await;
    let pool = b.vault.pool();
    let goal = || async { today::today(pool, now(), today()).await.unwrap().goals_overdue.items[0].detail.clone() };
    assert!(goal().await.ends_with("; Ben Ortiz owns it"), "{}", goal().await);
    let executive = || async {
        let months = account::account_care(pool, &b.account, today()).await.unwrap().months;
        let met = annual::load(pool, &b.account, &options()).await.unwrap().met;
        let met: Vec<(Option<u8>, usize)> = met.iter().map(|m| (m.their_level, m.theirs.len())).collect();
        (months.iter().map(|m| m.executive).sum::<u32>(), met)
    };
    assert_eq!(executive().await, (1, vec![(Some(3), 1), (Some(2), 1)]), "Lea, then Kenji (level 2)");

    trash(&b, "people", &b.ben.id).await;
    trash(&b, "people", &b.kenji.id).await;
    assert!(!goal().await.contains("Ben Ortiz"), "{}", goal().await);
    assert_eq!(executive().await, (0, vec![(Some(3), 1), (None, 0)]), "the call with Kenji is no executive contact");
}

#[tokio::test]
async fn ties_and_accounts_are_planned_at_their_cadence() {
    let b = book().await;
    let pool = b.vault.pool();
    // A tie whose person has left plans nothing.
    let gone = person(&b.vault, Some(&b.account), "Per Lind", "Former buyer", 3).await;
    tie(&b.vault, &b.ben, &gone, Some(7)).await;
    let mut left = PersonInput::from(&gone);
    left.active = Some(false);
    people::update(pool, &gone.id, &left, now()).await.unwrap();

    let planned = touchpoints::touchpoints(pool, Some(&b.account), today(), 90).await.unwrap();
    let ana_kenji: Vec<_> = planned.iter().filter(|t| t.connection_id.as_deref() == Some(&b.overdue_tie)).collect();
    let days: Vec<NaiveDate> = ana_kenji.iter().map(|t| t.on).collect();
    assert_eq!(days, [today(), today() + Duration::days(30), today() + Duration::days(60)]);
    let first = ana_kenji[0];
    assert_eq!(first.summary, "Touch base: Ana Ruiz ↔ Kenji Sato (Nordhavn)");
    assert_eq!(first.overdue_since, Some(ago(10)));
    for words in ["Overdue since 13 Nov 2026.", "every 30 days", "Last contact: 14 Oct 2026.", "Ana Ruiz owns the tie"]
    {
        assert!(first.description.contains(words), "{words:?} not in {}", first.description);
    }
    assert_eq!(ana_kenji[1].overdue_since, None);
    assert!(!ana_kenji[1].description.contains("Overdue"));
    assert!(planned.iter().all(|t| !t.summary.contains("Per Lind")), "nothing planned with someone who left");
    assert!(planned.iter().all(|t| !t.summary.contains("Mia Holm")), "a tie without a cadence plans nothing");
    let ben_lea = planned.iter().filter(|t| t.summary.contains("Ben Ortiz ↔ Lea Berg")).count();
    assert_eq!(ben_lea, 3);

    // The account: strategic, every 30 days, last contact 40 days ago.
    let account: Vec<_> = planned.iter().filter(|t| t.connection_id.is_none()).collect();
    assert_eq!(account.len(), 1, "the next account-level contact, once");
    assert_eq!((account[0].on, account[0].overdue_since), (today(), Some(ago(10))));
    assert_eq!(account[0].summary, "Touch base: Nordhavn");
    assert!(
        account[0].description.contains("every 30 days, the strategic tier's default"),
        "{}",
        account[0].description
    );
    assert!(account[0].description.contains("Ines Okafor owns the relationship."));
    assert!(planned.windows(2).all(|w| w[0].on <= w[1].on), "by date");

    // A new account with its own interval; the book-wide list has both.
    let fresh = add_account(&b.vault, "Fresh Ferries").await;
    rapport_core::care::account::set_cadence(pool, &fresh.id, Some(14), now(), today()).await.unwrap();
    let all = touchpoints::touchpoints(pool, None, today(), 90).await.unwrap();
    let f = all.iter().find(|t| t.account_id == fresh.id).unwrap();
    assert_eq!((f.on, f.overdue_since), (today() + Duration::days(14), None));
    assert!(f.description.contains("No contact logged yet (account added 23 Nov 2026)."), "{}", f.description);
    assert_eq!(all.len(), planned.len() + 1);
    // A short horizon stops before the next occurrence; a bad one is refused.
    assert_eq!(touchpoints::touchpoints(pool, Some(&fresh.id), today(), 14).await.unwrap().len(), 0);
    let err = touchpoints::touchpoints(pool, None, today(), 0).await.unwrap_err();
    assert_eq!(err.field(), Some("horizon_days"));
    let err = touchpoints::touchpoints(pool, Some("no-such-account"), today(), 30).await.unwrap_err();
    assert_eq!(err.code(), rapport_core::ErrorCode::NotFound);
}

fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

#[tokio::test]
async fn touchpoints_export_as_all_day_tentative_events_with_stable_uids() {
    let b = book().await;
    let pool = b.vault.pool();
    let ics = touchpoints::touchpoints_ics(pool, Some(&b.account), now(), today(), 90).await.unwrap();
    // CRLF only, folded to 75 octets, never splitting a character.
    for (i, &byte) in ics.as_bytes().iter().enumerate() {
        if byte == b'\n' {
            assert_eq!(ics.as_bytes()[i - 1], b'\r', "bare LF at {i}");
        }
    }
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(ics.contains("\r\n "), "long descriptions are folded");
    let lines: Vec<String> = unfold(&ics).split("\r\n").map(str::to_string).collect();
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, 7, "Ana–Kenji 3, Ben–Lea 3, the account 1");
    assert!(!ics.contains("VTIMEZONE"));
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("DTSTART;VALUE=DATE:"), 7);
    assert_eq!(count("DTEND;VALUE=DATE:"), 7);
    assert_eq!(count("TRANSP:TRANSPARENT"), 7);
    assert_eq!(count("STATUS:TENTATIVE"), 7);
    assert!(lines.iter().any(|l| l == "DTSTART;VALUE=DATE:20261123"));
    assert!(lines.iter().any(|l| l == "DTEND;VALUE=DATE:20261124"));
    assert!(lines.iter().any(|l| l == "DTSTART;VALUE=DATE:20270122"), "today + 60");
    assert!(lines.iter().any(|l| l == "SUMMARY:Touch base: Ana Ruiz ↔ Kenji Sato (Nordhavn)"));
    assert!(lines.iter().any(|l| l.starts_with("DESCRIPTION:Overdue since 13 Nov 2026.\\nAna Ruiz (ours)")));

    // Exported again later (and a day on): the same UIDs, so a calendar updates them.
    let uids = |ics: &str| -> Vec<String> {
        let mut u: Vec<String> =
            unfold(ics).split("\r\n").filter_map(|l| l.strip_prefix("UID:")).map(str::to_string).collect();
        u.sort();
        u
    };
    let again =
        touchpoints::touchpoints_ics(pool, Some(&b.account), now() + Duration::hours(3), today(), 90).await.unwrap();
    assert_eq!(uids(&ics), uids(&again));
    assert_ne!(ics, again, "a later export is stamped later");
    let tomorrow = touchpoints::touchpoints_ics(
        pool,
        Some(&b.account),
        now() + Duration::days(1),
        today() + Duration::days(1),
        90,
    )
    .await
    .unwrap();
    assert_eq!(uids(&ics), uids(&tomorrow));
    assert!(uids(&ics).iter().all(|u| u.ends_with("@rapport.local") && u.starts_with("touchpoint-")));
    let seq = |ics: &str| unfold(ics).split("\r\n").find_map(|l| l.strip_prefix("SEQUENCE:").map(str::to_string));
    assert!(seq(&again).unwrap().parse::<u32>().unwrap() > seq(&ics).unwrap().parse::<u32>().unwrap());
    assert_eq!(ics, touchpoints::touchpoints_ics(pool, Some(&b.account), now(), today(), 90).await.unwrap());

    // Nothing planned: refused, since a calendar must hold an event.
    let empty = add_account(&b.vault, "Empty Quay").await;
    let err = touchpoints::touchpoints_ics(pool, Some(&empty.id), now(), today(), 7).await.unwrap_err();
    assert_eq!(err.field(), Some("horizon_days"));
}
