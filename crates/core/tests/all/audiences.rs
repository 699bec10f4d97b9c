//! Audiences: the sample book in a real vault, a private interaction and a
//! personal tie's note planted in it, then every document for each audience
//! — the brief, a pack, the blueprint, the annual and portfolio reviews, the
//! calendar — read back as text (`pdftotext`): what an audience may not read
//! is not there, what the executive reads is, and every page's footer says
//! who the document is for.

use crate::common;

use std::ops::ControlFlow;
use std::path::Path;

use common::*;
use rapport_core::Vault;
use rapport_core::accounts;
use rapport_core::brief::{self, BriefOptions, PackRequest};
use rapport_core::connections::{self, ConnectionInput};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Audience, Dimension, Function, InteractionKind, Side};
use rapport_core::meetings::{self, MeetingQuery};
use rapport_core::people::{self, PersonInput};
use rapport_core::report::{annual, blueprint, portfolio};
use rapport_sample as demo;

const PRIVATE_NOTE: &str = "Quietly discussed their reorganisation over dinner";
const TIE_NOTE: &str = "Sails with her every August";
const INTERNAL: &str = "Internal — not for the customer";
const SHAREABLE: &str = "Shareable with the customer";
/// What the customer never reads: our analysis, health and dispositions.
const ANALYSIS: &[&str] = &[
    "Three things to know",
    "Relationship snapshot",
    "Key-person risk",
    "Dimension mix",
    "Health",
    "Who's who",
    "Questions raised in review",
    "Sensitivities",
    "Why we are going",
    "What we will ask for",
    "Overdue follow-ups",
];

struct Planted {
    _dir: tempfile::TempDir,
    vault: Vault,
    meeting_id: String,
    account_id: String,
    account_name: String,
    /// The names of every other account in the book.
    others: Vec<String>,
}

/// The sample book, with a private interaction (the account's latest) and a
/// personal tie with a note to one of their people at a meeting.
async fn planted() -> Planted {
    let dir = tempfile::tempdir().unwrap();
    let vault = create_passphrase_vault(&paths(dir.path())).await.vault;
    let pool = vault.pool();
    demo::load_sample(pool, now()).await.unwrap();
    let all = meetings::list(pool, &MeetingQuery::default()).await.unwrap();
    let mut chosen = None;
    'find: for m in &all {
        for id in &meetings::get(pool, &m.id).await.unwrap().attendees {
            let p = people::get(pool, id).await.unwrap();
            if p.side == Side::Theirs {
                chosen = Some((m.clone(), p));
                break 'find;
            }
        }
    }
    let (meeting, theirs) = chosen.expect("a sample meeting with one of theirs attending");

    let ours = people::create(
        pool,
        &PersonInput {
            side: Some(Side::Ours),
            name: "Maren Audience".into(),
            title: Some("Chief Operating Officer".into()),
            function: Some(Function::Executive),
            org_level: Some(1),
            ..PersonInput::default()
        },
        now(),
    )
    .await
    .unwrap();
    connections::create(
        pool,
        &ConnectionInput {
            ours_id: ours.id.clone(),
            theirs_id: theirs.id.clone(),
            dimension: Some(Dimension::Personal),
            strength: Some(5),
            notes: Some(TIE_NOTE.into()),
            ..ConnectionInput::default()
        },
        now(),
    )
    .await
    .unwrap();
    interactions::create(
        pool,
        &InteractionInput {
            account_id: meeting.account_id.clone(),
            occurred_on: now().date_naive().to_string(),
            kind: Some(InteractionKind::Social),
            summary: PRIVATE_NOTE.into(),
            private: true,
            people: vec![ours.id.clone(), theirs.id.clone()],
            ..InteractionInput::default()
        },
        now(),
    )
    .await
    .unwrap();
    let others = accounts::list(pool)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.id != meeting.account_id)
        .map(|a| a.name)
        .collect();
    Planted {
        _dir: dir,
        vault,
        meeting_id: meeting.id,
        account_id: meeting.account_id,
        account_name: meeting.account_name,
        others,
    }
}

async fn options(vault: &Vault, audience: Audience) -> BriefOptions {
    BriefOptions::from_settings(vault.pool(), now()).await.unwrap().for_audience(audience)
}

/// Every page's text, and a check that every page's footer names the audience.
fn read(pdf: &Path, audience: Audience) -> String {
    let pages = poppler::pages_text(pdf);
    assert!(!pages.is_empty(), "{} has pages", pdf.display());
    for (n, page) in pages.iter().enumerate() {
        for line in [INTERNAL, SHAREABLE] {
            let wanted = audience.footer() == Some(line);
            assert_eq!(page.contains(line), wanted, "{} page {}: footer \"{line}\"\n{page}", pdf.display(), n + 1);
        }
    }
    pages.join("\n")
}

fn absent(text: &str, what: &str, doc: &str) {
    assert!(!text.contains(what), "{doc} must not show \"{what}\":\n{text}");
}

fn present(text: &str, what: &str, doc: &str) {
    assert!(text.contains(what), "{doc} must show \"{what}\":\n{text}");
}

#[tokio::test]
async fn each_audience_reads_only_what_it_may() {
    let book = planted().await;
    let pool = book.vault.pool();
    let out = tempfile::tempdir().unwrap();
    let mut account_meetings = meetings::list(pool, &MeetingQuery::default()).await.unwrap();
    account_meetings.retain(|m| m.account_id == book.account_id);
    let pack =
        PackRequest { meeting_ids: account_meetings.iter().map(|m| m.id.clone()).collect(), ..PackRequest::default() };

    for audience in Audience::ALL.iter().copied() {
        let options = options(&book.vault, audience).await;
        let name = audience.as_str();
        let path = out.path().join(format!("brief-{name}.pdf"));
        brief::export_brief(pool, &book.meeting_id, &path, &options).await.unwrap();
        let brief_text = read(&path, audience);
        let path = out.path().join(format!("pack-{name}.pdf"));
        brief::export_pack(pool, &pack, &path, &options, |_, _| ControlFlow::Continue(())).await.unwrap();
        let pack_text = read(&path, audience);
        let path = out.path().join(format!("annual-{name}.pdf"));
        annual::export(pool, &book.account_id, &path, &options).await.unwrap();
        let annual_text = read(&path, audience);

        for (doc, text) in [("brief", &brief_text), ("pack", &pack_text)] {
            let doc = format!("the {name} {doc}");
            match audience {
                Audience::Executive => {
                    present(text, PRIVATE_NOTE, &doc);
                    present(text, TIE_NOTE, &doc);
                    present(text, "Personal ties in the room", &doc);
                    present(text, "Three things to know", &doc);
                }
                Audience::Internal => {
                    absent(text, PRIVATE_NOTE, &doc);
                    absent(text, TIE_NOTE, &doc);
                    absent(text, "Personal ties in the room", &doc);
                    // Still our preparation, analysis and all.
                    present(text, "Three things to know", &doc);
                    present(text, "Relationship snapshot", &doc);
                }
                Audience::Shareable => {
                    absent(text, PRIVATE_NOTE, &doc);
                    absent(text, TIE_NOTE, &doc);
                    for word in ANALYSIS {
                        absent(text, word, &doc);
                    }
                    for other in &book.others {
                        absent(text, other, &doc);
                    }
                    present(text, &book.account_name, &doc);
                }
            }
        }
        match audience {
            Audience::Shareable => {
                absent(&annual_text, "Health", "the shareable annual review");
                absent(&annual_text, "Coverage and cadence", "the shareable annual review");
            }
            _ => present(&annual_text, "Health", &format!("the {name} annual review")),
        }
    }
}

#[tokio::test]
async fn the_blueprint_for_the_customer_keeps_the_goals_only() {
    let book = planted().await;
    let pool = book.vault.pool();
    let out = tempfile::tempdir().unwrap();
    let today = now().date_naive();
    let plans = rapport_core::blueprint::store::list(pool, None, today).await.unwrap();
    let plan = plans.first().expect("the sample book has blueprints");
    for audience in Audience::ALL.iter().copied() {
        let path = out.path().join(format!("blueprint-{}.pdf", audience.as_str()));
        blueprint::export(pool, &plan.id, &path, &options(&book.vault, audience).await).await.unwrap();
        let text = read(&path, audience);
        present(&text, "Goals", "every blueprint");
        if audience == Audience::Shareable {
            absent(&text, "Ideas by function", "the shareable blueprint");
            absent(&text, "People plan", "the shareable blueprint");
            absent(&text, "The sponsor's decisions", "the shareable blueprint");
        } else {
            present(&text, "Ideas by function", "the blueprint");
            present(&text, "People plan", "the blueprint");
        }
    }
}

#[tokio::test]
async fn what_cannot_go_to_one_customer_is_refused_naming_the_audience() {
    let book = planted().await;
    let pool = book.vault.pool();
    let out = tempfile::tempdir().unwrap();
    let shareable = options(&book.vault, Audience::Shareable).await;

    let err = portfolio::export(pool, &out.path().join("portfolio.pdf"), &shareable).await.unwrap_err();
    assert_eq!(err.field(), Some("audience"), "{err}");
    let internal = out.path().join("portfolio-internal.pdf");
    portfolio::export(pool, &internal, &options(&book.vault, Audience::Internal).await).await.unwrap();
    read(&internal, Audience::Internal);

    // A pack (and a calendar) of several customers' meetings is not for one.
    let all = meetings::list(pool, &MeetingQuery::default()).await.unwrap();
    let customers: std::collections::BTreeSet<&str> = all.iter().map(|m| m.account_id.as_str()).collect();
    assert!(customers.len() > 1, "the sample has meetings with several customers");
    let every = PackRequest { meeting_ids: all.iter().map(|m| m.id.clone()).collect(), ..PackRequest::default() };
    let path = out.path().join("pack.pdf");
    let err = brief::export_pack(pool, &every, &path, &shareable, |_, _| ControlFlow::Continue(())).await.unwrap_err();
    assert_eq!(err.field(), Some("audience"), "{err}");
    assert!(err.to_string().contains(&book.account_name), "the message names the customers: {err}");
    assert!(!path.exists(), "nothing is written");
    let err = meetings::calendar_for(pool, &MeetingQuery::default(), now(), Audience::Shareable).await.unwrap_err();
    assert_eq!(err.field(), Some("audience"), "{err}");

    // One customer's calendar leaves our objective out.
    let query = MeetingQuery { ids: vec![book.meeting_id.clone()], ..MeetingQuery::default() };
    let (ours, _) = meetings::calendar_for(pool, &query, now(), Audience::Executive).await.unwrap();
    let (theirs, _) = meetings::calendar_for(pool, &query, now(), Audience::Shareable).await.unwrap();
    let meeting = meetings::get(pool, &book.meeting_id).await.unwrap();
    if meeting.objective.is_some() {
        assert!(ours.contains("Objective:"), "{ours}");
    }
    assert!(!theirs.contains("Objective:") && !theirs.contains("Value proposition:"), "{theirs}");
}

#[tokio::test]
async fn a_private_mark_is_kept_and_travels_in_the_book() {
    let book = planted().await;
    let pool = book.vault.pool();
    let list = interactions::list_for_account(pool, &book.account_id, 0, 500).await.unwrap();
    let private = list.iter().find(|i| i.summary == PRIVATE_NOTE).expect("the planted interaction");
    assert!(private.private);
    assert!(list.iter().filter(|i| i.summary != PRIVATE_NOTE).all(|i| !i.private), "others stay unmarked");

    let mut json = Vec::new();
    rapport_core::book::export(pool, &mut json, now()).await.unwrap();
    let json = String::from_utf8(json).unwrap();
    assert_eq!(json.matches("\"private\":true").count(), 1, "only the marked interaction carries the mark");
    assert!(!json.contains("\"private\":false"), "an unmarked one is written as before");

    let dir = tempfile::tempdir().unwrap();
    let other = create_passphrase_vault(&paths(dir.path())).await.vault;
    rapport_core::book::import(other.pool(), std::io::Cursor::new(json.into_bytes()), now()).await.unwrap();
    let back = interactions::list_for_account(other.pool(), &book.account_id, 0, 500).await.unwrap();
    assert!(back.iter().any(|i| i.summary == PRIVATE_NOTE && i.private), "the mark survives the round trip");

    // Unmarking it is an edit like any other.
    let input = InteractionInput {
        account_id: private.account_id.clone(),
        occurred_on: private.occurred_on.clone(),
        kind: Some(private.kind),
        summary: private.summary.clone(),
        private: false,
        people: private.people.clone(),
        ..InteractionInput::default()
    };
    assert!(!interactions::update(pool, &private.id, &input, now()).await.unwrap().private);
}
