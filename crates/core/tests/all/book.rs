//! The interchange format and the demo books, against real encrypted vaults in
//! temp dirs: export → import → export is byte-identical, bad files are refused
//! with a message naming the record and field and change nothing.

use crate::common;

use chrono::Duration;
use common::*;
use rapport_core::accounts::{self, AccountInput, Tier};
use rapport_core::blueprint::BlueprintStage;
use rapport_core::blueprint::store::{self, BlueprintSummary};
use rapport_core::book::{self, BookCounts};
use rapport_core::care::account::{self as care_account, HealthPoint, OwnershipQuestion};
use rapport_core::care::feedback::{FeedbackAction, FeedbackChannel, FeedbackState, FeedbackStep, ThanksHow};
use rapport_core::care::store::{self as care, FeedbackInput, StoryInput};
use rapport_core::care::story::{Failure, StoryKind};
use rapport_core::changes::{self, ChangeAction, ChangeMode};
use rapport_core::interactions::{self, InteractionInput};
use rapport_core::kinds::{Function, InteractionKind, MeetingKind, Side};
use rapport_core::meetings::{self, GateAction, GateRequest, MeetingInput, MeetingQuery, MeetingState};
use rapport_core::people::{self, Person, PersonInput};
use rapport_core::settings::{self, Settings};
use rapport_core::trash::{self, TrashKind};
use rapport_core::{ErrorCode, Vault};
use rapport_sample::{self as demo, LargeSize, Progress};
use serde_json::{Value, json};

async fn vault(dir: &tempfile::TempDir, name: &str) -> Vault {
    let paths = rapport_core::VaultPaths::new(dir.path().join(name));
    create_passphrase_vault(&paths).await.vault
}

async fn export_bytes(vault: &Vault, at: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
    let mut out = Vec::new();
    book::export(vault.pool(), &mut out, at).await.unwrap();
    out
}

/// The file without its first line, which carries `exported_at`.
fn body(file: &[u8]) -> &[u8] {
    let newline = file.iter().position(|b| *b == b'\n').unwrap();
    &file[newline..]
}

async fn count(vault: &Vault, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(vault.pool())
        .await
        .unwrap()
}

async fn import_bytes(vault: &Vault, bytes: Vec<u8>) -> rapport_core::Result<BookCounts> {
    book::import(vault.pool(), std::io::Cursor::new(bytes), now()).await
}

async fn flags(vault: &Vault) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT a.name, s.flags FROM account_summaries s JOIN accounts a ON a.id = s.account_id ORDER BY a.name",
    )
    .fetch_all(vault.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn sample_book_round_trips_byte_for_byte_and_shows_every_flag() {
    let dir = tempfile::tempdir().unwrap();
    let first = vault(&dir, "first.db").await;
    let loaded = demo::load_sample(first.pool(), now()).await.unwrap();
    assert_eq!(loaded.accounts, 12);
    assert!(loaded.people >= 15 + 12 * 4, "{loaded}");

    let exported = export_bytes(&first, now()).await;
    let text = String::from_utf8(exported.clone()).unwrap();
    assert!(
        text.starts_with("{\"format\":\"rapport-book\",\"version\":1,\"exported_at\":\"2026-11-23T09:30:00.000Z\"")
    );
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["accounts"].as_array().unwrap().len(), 12);
    // The trash travels: the binned account and interaction keep deleted_at.
    let trashed = parsed["accounts"].as_array().unwrap().iter().filter(|a| !a["deleted_at"].is_null()).count();
    assert_eq!(trashed, 1);
    assert!(parsed["interactions"].as_array().unwrap().iter().any(|i| !i["deleted_at"].is_null()));
    assert!(parsed["people"].as_array().unwrap().iter().any(|p| p["active"] == json!(false)));
    assert!(parsed["connections"].as_array().unwrap().iter().any(|c| c["dimension"] == "proxied"));
    check_sample_week(&parsed);
    check_sample_blueprints(&parsed);
    check_sample_care(&parsed);
    assert_eq!(loaded.blueprints, 8);
    assert_eq!((loaded.feedback, loaded.stories), (17, 19));
    assert_eq!(loaded.health_history, 11 * 54, "53 weekly scores and today's, for every live account");
    let listed = store::list(first.pool(), None, now().date_naive()).await.unwrap();
    let nordhavn: Vec<&BlueprintSummary> = listed.iter().filter(|b| b.account_name == "Nordhavn Energy").collect();
    assert_eq!(nordhavn.len(), 2, "this year's and last year's");
    let current = nordhavn[0];
    assert_eq!((current.stage, current.revision, current.approved_revision), (BlueprintStage::Track, 2, Some(2)));
    assert_eq!((current.goals, current.overdue_goals), (5, 2), "{current:?}");
    assert!(current.progress.is_some_and(|p| p > 0.0 && p < 100.0), "{current:?}");
    assert_eq!((nordhavn[1].overdue_goals, nordhavn[1].progress), (0, Some(100.0)), "last year's is done");

    // Every kind of flag is present somewhere in the sample.
    let before = flags(&first).await;
    let all: String = before.iter().map(|(_, f)| f.as_str()).collect::<Vec<_>>().join(" ");
    for flag in [
        "no_owner",
        "no_sponsor",
        "key_person",
        "single_thread",
        "mostly_informal",
        "far_above",
        "bypass",
        "coverage_gap",
        "no_champion",
    ] {
        assert!(all.split(' ').any(|f| f == flag), "no account shows {flag}: {before:?}");
    }
    let nordhavn = before.iter().find(|(name, _)| name == "Nordhavn Energy").unwrap();
    assert_eq!(nordhavn.1, "", "the healthy account has no flags");

    let second = vault(&dir, "second.db").await;
    let imported = import_bytes(&second, exported.clone()).await.unwrap();
    assert_eq!(imported, BookCounts { ..loaded });
    let again = export_bytes(&second, now() + Duration::hours(1)).await;
    assert_ne!(exported, again, "exported_at differs");
    assert_eq!(body(&exported), body(&again));
    assert_eq!(flags(&second).await, before, "summaries are refreshed after import");
    // The care screens read the same in the new vault.
    let today = now().date_naive();
    let calder = account_id(&parsed, "Calder Retail Group");
    assert_eq!(
        care::list_feedback(second.pool(), &calder, today).await.unwrap(),
        care::list_feedback(first.pool(), &calder, today).await.unwrap()
    );
    assert_eq!(
        care::feedback_due(second.pool(), today).await.unwrap(),
        care::feedback_due(first.pool(), today).await.unwrap()
    );
    assert_eq!(
        care::stories_by_department(second.pool(), None, None).await.unwrap(),
        care::stories_by_department(first.pool(), None, None).await.unwrap()
    );
    let (was, is) = (
        care_account::account_care(first.pool(), &calder, today).await.unwrap(),
        care_account::account_care(second.pool(), &calder, today).await.unwrap(),
    );
    assert_eq!((is.health, is.history, is.ownership), (was.health, was.history, was.ownership));
    // Search rows were written by the triggers; trashed rows stay out.
    assert_eq!(count(&second, "search_rows").await, count(&first, "search_rows").await);
}

fn account_id(book: &Value, name: &str) -> String {
    let accounts = book["accounts"].as_array().unwrap();
    accounts.iter().find(|a| a["name"] == name).unwrap()["id"].as_str().unwrap().to_string()
}

/// The sample's care (the book is loaded on Monday 23 November 2026):
/// feedback in every state with its loop, one deferral due and others
/// waiting, every way of thanking and feedback left unthanked; stories from
/// several departments; the ownership check answered in full, in part and
/// not at all; two accounts on their own cadence; a year of health scores.
fn check_sample_care(book: &Value) {
    let feedback = book["feedback"].as_array().unwrap();
    let live: Vec<&Value> = feedback.iter().filter(|f| f["deleted_at"].is_null()).collect();
    let states: std::collections::BTreeSet<&str> = live.iter().map(|f| f["state"].as_str().unwrap()).collect();
    assert_eq!(states.into_iter().collect::<Vec<_>>(), ["acting", "declined", "deferred", "done", "new"]);
    assert_eq!(feedback.len() - live.len(), 1, "a duplicate in the trash");
    let reconsider: Vec<&str> =
        live.iter().filter(|f| f["state"] == "deferred").map(|f| f["reconsider_on"].as_str().unwrap()).collect();
    assert_eq!(reconsider.iter().filter(|d| **d <= "2026-11-23").count(), 1, "{reconsider:?}");
    assert!(reconsider.iter().any(|d| *d > "2026-11-23"), "{reconsider:?}");
    let hows: std::collections::BTreeSet<&str> = live.iter().filter_map(|f| f["thanked_how"].as_str()).collect();
    assert_eq!(hows.into_iter().collect::<Vec<_>>(), ["call", "handwritten", "note"]);
    let unthanked_long =
        live.iter().filter(|f| f["thanked_on"].is_null() && f["received_on"].as_str() < Some("2026-11-21"));
    assert!(unthanked_long.count() >= 2);
    assert!(
        live.iter().filter(|f| f["state"] == "done").all(|f| f["change"].is_string() && f["visible_on"].is_string())
    );
    assert!(live.iter().filter(|f| f["state"] == "declined").all(|f| f["reason"].is_string()));
    let events = book["feedback_events"].as_array().unwrap();
    let ns: Vec<i64> = events.iter().map(|e| e["n"].as_i64().unwrap()).collect();
    assert_eq!(ns, (1..=events.len() as i64).collect::<Vec<_>>());
    let actions: std::collections::BTreeSet<&str> = events.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.into_iter().collect::<Vec<_>>(), ["act", "complete", "decline", "defer", "reopen", "thank"]);

    let stories = book["stories"].as_array().unwrap();
    let departments: std::collections::BTreeSet<&str> =
        stories.iter().map(|s| s["department"].as_str().unwrap()).collect();
    for department in ["Engineering", "Support", "Delivery", "Product", "Finance"] {
        assert!(departments.contains(department), "{departments:?}");
    }
    let horror = |resolved: bool| stories.iter().filter(move |s| s["kind"] == "horror" && s["resolved"] == resolved);
    assert!(horror(true).all(|s| s["lesson"].is_string()) && horror(true).count() >= 3);
    assert!(horror(false).count() >= 3);
    assert!(stories.iter().filter(|s| s["kind"] == "success").all(|s| s["failure"].is_null() && s["resolved"] == true));

    let answers = book["ownership_answers"].as_array().unwrap();
    let answered = |name: &str| {
        let id = account_id(book, name);
        answers.iter().filter(|a| a["account_id"] == id.as_str()).count()
    };
    assert_eq!(
        (answered("Nordhavn Energy"), answered("Calder Retail Group"), answered("Vireo Manufacturing")),
        (6, 2, 0)
    );
    let cadences: std::collections::BTreeSet<(&str, i64)> = book["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| Some((a["name"].as_str().unwrap(), a["cadence_days"].as_i64()?)))
        .collect();
    assert_eq!(cadences.into_iter().collect::<Vec<_>>(), [("Aldergrove Foods", 21), ("Quayside Bank", 60)]);

    let history = book["health_history"].as_array().unwrap();
    let keel = account_id(book, "Keel & Harrow Shipping");
    let scores: Vec<(&str, i64)> = history
        .iter()
        .filter(|h| h["account_id"] == keel.as_str())
        .map(|h| (h["on_date"].as_str().unwrap(), h["score"].as_i64().unwrap()))
        .collect();
    assert_eq!(scores.len(), 54);
    assert_eq!((scores[0].0, scores[53].0), ("2025-11-17", "2026-11-23"));
    assert!(scores[0].1 > scores[53].1 + 10, "Keel & Harrow is sliding: {scores:?}");
    for h in history {
        let sum: i64 = h["parts"].as_array().unwrap().iter().map(|p| p[1].as_i64().unwrap()).sum();
        assert_eq!(h["score"].as_i64(), Some(sum), "{h}");
    }
}

/// The sample's blueprints: every stage across the accounts; Nordhavn's
/// revision 2 approved after revision 1 (sent back once on the way) and
/// tracked, with a goal done; rooms of several functions, and one of only the
/// account team.
fn check_sample_blueprints(book: &Value) {
    let blueprints = book["blueprints"].as_array().unwrap();
    let stages: std::collections::BTreeSet<&str> = blueprints.iter().map(|b| b["stage"].as_str().unwrap()).collect();
    assert_eq!(stages.len(), 7, "every stage: {stages:?}");
    let account_name = |b: &Value| {
        let accounts = book["accounts"].as_array().unwrap();
        accounts.iter().find(|a| a["id"] == b["account_id"]).unwrap()["name"].as_str().unwrap().to_string()
    };
    let revised: Vec<&Value> = blueprints.iter().filter(|b| b["revision"] == 2).collect();
    assert_eq!(revised.len(), 1);
    let revised = revised[0];
    assert_eq!((account_name(revised).as_str(), revised["stage"].as_str()), ("Nordhavn Energy", Some("track")));
    let snapshots: Vec<i64> =
        revised["revisions"].as_array().unwrap().iter().map(|r| r["revision"].as_i64().unwrap()).collect();
    assert_eq!(snapshots, [1, 2]);
    let verdicts: Vec<&str> =
        revised["reviews"].as_array().unwrap().iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["approved", "sent_back", "approved"]);
    let first: Vec<&Value> = revised["revisions"][0]["goals"].as_array().unwrap().iter().collect();
    let second: Vec<&Value> = revised["revisions"][1]["goals"].as_array().unwrap().iter().collect();
    assert_eq!((first.len(), second.len()), (4, 5), "revision 2 adds a goal");
    assert!(revised["check_ins"].as_array().unwrap().len() >= 10);
    assert!(revised["goals"].as_array().unwrap().iter().any(|g| g["status"] == "done"));
    assert!(revised["ideas"].as_array().unwrap().iter().any(|i| !i["merged_into"].is_null()), "a duplicate merged");
    for b in blueprints {
        let functions: std::collections::BTreeSet<&str> =
            b["participants"].as_array().unwrap().iter().map(|p| p["function"].as_str().unwrap()).collect();
        let name = account_name(b);
        if name == "Stellan Health" {
            assert_eq!(functions.into_iter().collect::<Vec<_>>(), ["executive", "sales"], "only the account team");
        } else {
            assert!(functions.len() >= 3, "{name}: {functions:?}");
        }
        assert!(b["deleted_at"].is_null() && b["created_at"].as_str() <= b["updated_at"].as_str(), "{name}");
    }
    // Ideas speak about the customer, in the words of the people in the room.
    let texts: Vec<&str> = revised["ideas"].as_array().unwrap().iter().map(|i| i["text"].as_str().unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("substation")), "{texts:?}");
}

/// The sample's week of visits: every gate state, next week's Monday to
/// Friday (now is Monday 23 November 2026), held ones the week before and
/// one two months before at the next visit's account, a challenge thread, a
/// meeting in the trash and the settings of a London CEO.
fn check_sample_week(book: &Value) {
    let meetings = book["meetings"].as_array().unwrap();
    assert!((10..=14).contains(&meetings.len()), "{}", meetings.len());
    for state in ["draft", "submitted", "challenged", "approved", "declined", "held", "followed_up"] {
        assert!(meetings.iter().any(|m| m["state"] == state && m["deleted_at"].is_null()), "no {state} meeting");
    }
    assert_eq!(meetings.iter().filter(|m| !m["deleted_at"].is_null()).count(), 1);
    let zones: std::collections::BTreeSet<&str> = meetings.iter().map(|m| m["time_zone"].as_str().unwrap()).collect();
    for zone in ["Europe/Oslo", "Europe/London", "America/New_York", "Asia/Singapore", "Asia/Tokyo"] {
        assert!(zones.contains(zone), "{zone} missing from {zones:?}");
    }
    for m in meetings {
        let day = &m["starts_local"].as_str().unwrap()[..10];
        if m["title"] == "The winter outage plan: ready before the first storm" {
            // The last visit to the next visit's account (Nordhavn Energy), two months before it.
            assert_eq!((day, m["state"].as_str().unwrap()), ("2026-09-29", "followed_up"));
        } else if m["state"] == "held" || m["state"] == "followed_up" {
            assert!(("2026-11-16".."2026-11-21").contains(&day), "held on {day}");
        } else {
            assert!(("2026-11-30".."2026-12-05").contains(&day), "{} on {day}", m["title"]);
        }
        assert!(!m["attendees"].as_array().unwrap().is_empty());
    }
    let trips: std::collections::BTreeSet<&str> = meetings.iter().filter_map(|m| m["trip"].as_str()).collect();
    assert!(trips.len() >= 2, "{trips:?}");
    let events = book["meeting_events"].as_array().unwrap();
    let ns: Vec<i64> = events.iter().map(|e| e["n"].as_i64().unwrap()).collect();
    assert_eq!(ns, (1..=events.len() as i64).collect::<Vec<_>>());
    let answers: Vec<&Value> = events.iter().filter(|e| e["action"] == "answer").collect();
    assert!(!answers.is_empty());
    for answer in answers {
        let question = &events[answer["reply_to"].as_i64().unwrap() as usize - 1];
        assert_eq!(question["action"], "challenge");
        assert_eq!(question["meeting_id"], answer["meeting_id"]);
    }
    assert!(events.iter().any(|e| e["action"] == "decline" && e["body"].is_string()));
    assert_eq!(
        book["settings"],
        json!({"your_name": "Helena Marsh", "home_time_zone": "Europe/London", "traveller": "Helena Marsh"})
    );
}

#[tokio::test]
async fn demo_and_import_refuse_a_book_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let first = vault(&dir, "first.db").await;
    demo::load_sample(first.pool(), now()).await.unwrap();
    let exported = export_bytes(&first, now()).await;

    let err = demo::load_sample(first.pool(), now()).await.unwrap_err();
    assert_eq!(err.field(), Some("book"));
    assert!(err.to_string().contains("empty"), "{err}");
    let size = LargeSize { accounts: 3, people: 30, interactions: 30 };
    assert_eq!(demo::generate_large(first.pool(), size, 1, now(), |_| {}).await.unwrap_err().field(), Some("book"));

    let people = count(&first, "people").await;
    let err = import_bytes(&first, exported).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(err.field(), Some("file"));
    assert!(err.to_string().contains("empty vault"), "{err}");
    assert_eq!(count(&first, "people").await, people);
}

#[tokio::test]
async fn a_generated_book_is_deterministic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let size = LargeSize { accounts: 100, people: 2_000, interactions: 10_000 };
    let first = vault(&dir, "first.db").await;
    let mut reports = Vec::new();
    let counts = demo::generate_large(first.pool(), size, 42, now(), |p| reports.push(p)).await.unwrap();
    assert_eq!(counts.accounts, 100);
    assert_eq!(counts.people, 2_000);
    assert_eq!(counts.interactions, 10_000);
    assert!(counts.connections > 500, "{counts}");
    assert_eq!(reports.last(), Some(&Progress::Summaries));
    assert!(reports.contains(&Progress::Written(counts)));
    assert_eq!(count(&first, "account_summaries").await, 100);

    // Sizes vary: a few big accounts, many small ones.
    let sizes: Vec<i64> =
        sqlx::query_scalar("SELECT count(*) FROM people WHERE side = 'theirs' GROUP BY account_id ORDER BY 1")
            .fetch_all(first.pool())
            .await
            .unwrap();
    assert!(sizes.last().unwrap() > &(sizes[0] * 4), "{sizes:?}");

    let exported = export_bytes(&first, now()).await;

    // Same seed, same day: the same book, ids included.
    let twin = vault(&dir, "twin.db").await;
    demo::generate_large(twin.pool(), size, 42, now() + Duration::hours(3), |_| {}).await.unwrap();
    assert_eq!(export_bytes(&twin, now()).await, exported);
    let other = vault(&dir, "other.db").await;
    demo::generate_large(other.pool(), size, 43, now(), |_| {}).await.unwrap();
    assert_ne!(body(&export_bytes(&other, now()).await), body(&exported));

    let second = vault(&dir, "second.db").await;
    assert_eq!(import_bytes(&second, exported.clone()).await.unwrap(), counts);
    assert_eq!(body(&export_bytes(&second, now() + Duration::days(1)).await), body(&exported));
}

/// A minimal valid book to break one field at a time.
fn small_book() -> Value {
    let stamp = "2026-01-05T10:00:00.000Z";
    json!({
        "format": "rapport-book",
        "version": 1,
        "exported_at": stamp,
        "accounts": [{
            "id": "01900000-0000-7000-8000-00000000000a", "name": "Harbour Freight", "tier": "key",
            "status": "active", "currency": "EUR", "annual_revenue": 1000, "annual_margin": 100,
            "owner_id": "01900000-0000-7000-8000-000000000001", "sponsor_id": null,
            "last_customer_review": "2026-01-04", "created_at": stamp, "updated_at": stamp, "deleted_at": null
        }],
        "people": [
            { "id": "01900000-0000-7000-8000-000000000001", "side": "ours", "account_id": null, "name": "Ada Ours",
              "function": "sales", "org_level": 4, "active": true, "created_at": stamp, "updated_at": stamp },
            { "id": "01900000-0000-7000-8000-000000000002", "side": "theirs",
              "account_id": "01900000-0000-7000-8000-00000000000a", "name": "Bo Boss", "org_level": 1,
              "reports_to_id": null, "decision_role": "decision_maker", "disposition": "champion",
              "active": true, "created_at": stamp, "updated_at": stamp },
            { "id": "01900000-0000-7000-8000-000000000003", "side": "theirs",
              "account_id": "01900000-0000-7000-8000-00000000000a", "name": "Cy Report", "org_level": 3,
              "reports_to_id": "01900000-0000-7000-8000-000000000002", "active": true,
              "created_at": stamp, "updated_at": stamp }
        ],
        "connections": [{
            "id": "01900000-0000-7000-8000-0000000000c1", "account_id": "01900000-0000-7000-8000-00000000000a",
            "ours_id": "01900000-0000-7000-8000-000000000001", "theirs_id": "01900000-0000-7000-8000-000000000003",
            "dimension": "formal", "intermediary": null, "strength": 3, "cadence_days": 30,
            "created_at": stamp, "updated_at": stamp
        }],
        "interactions": [{
            "id": "01900000-0000-7000-8000-0000000000e1", "account_id": "01900000-0000-7000-8000-00000000000a",
            "occurred_on": "2026-01-05", "kind": "call", "summary": "Call about the renewal",
            "people": ["01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-000000000003"],
            "created_at": stamp, "updated_at": stamp, "future_field": {"ignored": true}
        }],
        "a_later_addition": [1, 2, 3]
    })
}

/// [`small_book`] with a meeting, its review record (a question and its
/// answer) and the settings.
fn small_book_with_meetings() -> Value {
    let stamp = "2026-01-05T10:00:00.000Z";
    let mut book = small_book();
    let meeting = "01900000-0000-7000-8000-0000000000d1";
    book["meetings"] = json!([{
        "id": meeting, "account_id": "01900000-0000-7000-8000-00000000000a", "title": "Renewal terms",
        "kind": "negotiation", "starts_local": "2026-02-10T09:30", "ends_local": "2026-02-10T11:00",
        "time_zone": "Europe/Amsterdam", "starts_utc": "worked out again on import", "location": "Their office",
        "value_proposition": "A longer term for a lower price.", "state": "challenged", "revision": 4,
        "attendees": ["01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-000000000003"],
        "created_at": stamp, "updated_at": stamp, "deleted_at": null
    }]);
    let event = |n: i64, action: &str, from: &str, to: &str, body: Value, reply_to: Value| {
        json!({"n": n, "meeting_id": meeting, "at": stamp, "actor": "Ada Ours", "action": action,
               "from_state": from, "to_state": to, "body": body, "reply_to": reply_to})
    };
    book["meeting_events"] = json!([
        event(1, "submit", "draft", "submitted", Value::Null, Value::Null),
        event(4, "challenge", "submitted", "challenged", json!("Why now?"), Value::Null),
        event(7, "answer", "challenged", "challenged", json!("Their budget closes in March."), json!(4)),
    ]);
    book["settings"] = json!({"your_name": "Ada Ours", "home_time_zone": "Europe/London", "traveller": null});
    book
}

/// Writes the book with `format` and `version` first (serde_json's map is
/// sorted, and a book must start with them), then the arrays in file order.
fn to_bytes(book: &Value) -> Vec<u8> {
    let object = book.as_object().unwrap();
    let order = [
        "format",
        "version",
        "exported_at",
        "accounts",
        "people",
        "connections",
        "interactions",
        "meetings",
        "meeting_events",
        "blueprints",
        "feedback",
        "feedback_events",
        "stories",
        "ownership_answers",
        "health_history",
        "changes",
        "settings",
    ];
    let keys = order.iter().copied().chain(object.keys().map(String::as_str).filter(|k| !order.contains(k)));
    let fields: Vec<String> = keys
        .filter_map(|k| Some(format!("{}: {}", json!(k), serde_json::to_string_pretty(object.get(k)?).unwrap())))
        .collect();
    format!("{{\n{}\n}}", fields.join(",\n")).into_bytes()
}

#[tokio::test]
async fn bad_records_are_refused_with_the_record_and_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    type Break = fn(&mut Value);
    let cases: &[(Break, &str)] = &[
        (
            |b| b["connections"][0]["strength"] = json!(9),
            "connections[0] (id 01900000-0000-7000-8000-0000000000c1): strength: 9 is out of range",
        ),
        (
            |b| b["people"][2]["org_level"] = json!(13),
            "people[2] (id 01900000-0000-7000-8000-000000000003): org_level: 13",
        ),
        (
            |b| b["people"][1]["org_level"] = Value::Null,
            "people[1] (id 01900000-0000-7000-8000-000000000002): org_level:",
        ),
        (
            |b| b["accounts"][0]["tier"] = json!("gold"),
            "accounts[0] (id 01900000-0000-7000-8000-00000000000a): tier: \"gold\"",
        ),
        (
            |b| b["accounts"][0]["name"] = Value::Null,
            "accounts[0] (id 01900000-0000-7000-8000-00000000000a): name: is required",
        ),
        (|b| b["accounts"][0]["currency"] = json!("euro"), "currency: \"euro\""),
        (
            |b| b["accounts"][0]["last_customer_review"] = json!("04/01/2026"),
            "last_customer_review: \"04/01/2026\" is not a date",
        ),
        (|b| b["interactions"][0]["occurred_on"] = json!("2026-02-30"), "interactions[0]"),
        (|b| b["interactions"][0]["kind"] = json!("lunch"), "kind: \"lunch\""),
        (|b| b["people"][1]["side"] = json!("both"), "people[1]"),
        (
            |b| b["people"][0]["account_id"] = json!("01900000-0000-7000-8000-00000000000a"),
            "people[0] (id 01900000-0000-7000-8000-000000000001): account_id: only their people",
        ),
        (
            |b| b["accounts"][0]["owner_id"] = json!("01900000-0000-7000-8000-000000000002"),
            "accounts[0] (id 01900000-0000-7000-8000-00000000000a): owner_id: 01900000-0000-7000-8000-000000000002 is one of their people",
        ),
        (
            |b| b["accounts"][0]["sponsor_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            "sponsor_id: no person with id",
        ),
        (
            |b| b["people"][1]["reports_to_id"] = json!("01900000-0000-7000-8000-000000000003"),
            "reports_to_id: the reporting line loops",
        ),
        (
            |b| b["people"][2]["reports_to_id"] = json!("01900000-0000-7000-8000-000000000001"),
            "reports_to_id: 01900000-0000-7000-8000-000000000001 is not one of their people",
        ),
        (
            |b| b["connections"][0]["theirs_id"] = json!("01900000-0000-7000-8000-000000000001"),
            "connections[0] (id 01900000-0000-7000-8000-0000000000c1): theirs_id:",
        ),
        (|b| b["connections"][0]["dimension"] = json!("proxied"), "intermediary: a proxied connection names"),
        (
            |b| b["interactions"][0]["people"][1] = json!("01900000-0000-7000-8000-000000000001"),
            "people: 01900000-0000-7000-8000-000000000001 is listed twice",
        ),
        (|b| b["interactions"][0]["people"][0] = json!("nobody"), "people: \"nobody\" is not an id"),
        (
            |b| b["people"][2]["id"] = json!("01900000-0000-7000-8000-000000000001"),
            "people[2] (id 01900000-0000-7000-8000-000000000001): id: another person has the same id",
        ),
        (|b| b["interactions"][0]["created_at"] = json!("last tuesday"), "created_at: \"last tuesday\""),
        (
            |b| b["interactions"][0]["people"] = json!("everyone"),
            "interactions[0]: invalid type: string \"everyone\", expected a sequence at line",
        ),
        (|b| b["version"] = json!(2), "version: this book is format version 2, written by a newer Rapport"),
        (|b| b["format"] = json!("other-app"), "this is not a Rapport book"),
        (
            |b| {
                b.as_object_mut().unwrap().remove("format");
            },
            "this is not a Rapport book",
        ),
    ];
    for (break_it, expected) in cases {
        let mut book = small_book();
        break_it(&mut book);
        let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
        assert_eq!(err.field(), Some("file"), "{err}");
        assert!(err.to_string().contains(expected), "expected {expected:?} in: {err}");
        assert_eq!(count(&target, "accounts").await, 0, "{expected}: nothing stays behind");
        assert_eq!(count(&target, "people").await, 0);
    }
    // Arrays out of order cannot be checked as they stream: refused.
    let book = small_book();
    let reordered = format!(
        "{{\"format\":\"rapport-book\",\"version\":1,\"people\":{},\"accounts\":{}}}",
        book["people"], book["accounts"]
    );
    let err = import_bytes(&target, reordered.into_bytes()).await.unwrap_err();
    assert!(err.to_string().contains("account_id: no account with id"), "{err}");

    // The unbroken book imports, ignoring the fields it does not know.
    let counts = import_bytes(&target, to_bytes(&small_book())).await.unwrap();
    assert_eq!(counts, BookCounts { accounts: 1, people: 3, connections: 1, interactions: 1, ..Default::default() });
}

#[tokio::test]
async fn bad_meetings_and_review_records_are_refused_with_the_record_and_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    type Break = fn(&mut Value);
    let m = "meetings[0] (id 01900000-0000-7000-8000-0000000000d1): ";
    let cases: &[(Break, String)] = &[
        (|b| b["meetings"][0]["kind"] = json!("lunch"), format!("{m}kind: \"lunch\" is not allowed")),
        (|b| b["meetings"][0]["state"] = json!("maybe"), format!("{m}state: \"maybe\" is not allowed")),
        (
            |b| b["meetings"][0]["time_zone"] = json!("Europe/Atlantis"),
            format!("{m}time_zone: \"Europe/Atlantis\" is not a time zone"),
        ),
        (
            |b| b["meetings"][0]["starts_local"] = json!("10/02/2026 09:30"),
            format!("{m}starts_local: \"10/02/2026 09:30\" is not a date and time"),
        ),
        (
            |b| {
                b["meetings"][0]["starts_local"] = json!("2026-03-29T02:30");
                b["meetings"][0]["ends_local"] = json!("2026-03-29T04:00");
            },
            format!("{m}starts_local: 02:30 does not exist in Europe/Amsterdam"),
        ),
        (|b| b["meetings"][0]["ends_local"] = json!("2026-02-10T09:00"), format!("{m}ends_local: must be after")),
        (|b| b["meetings"][0]["trip"] = json!("  "), format!("{m}trip: is blank")),
        (
            |b| b["meetings"][0]["account_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            format!("{m}account_id: no account with id"),
        ),
        (
            |b| b["meetings"][0]["attendees"][1] = json!("01900000-0000-7000-8000-0000000000ff"),
            format!("{m}attendees: no person with id 01900000-0000-7000-8000-0000000000ff"),
        ),
        (
            |b| b["meetings"][0]["state"] = json!("approved"),
            format!("{m}state: is \"approved\", but its steps in meeting_events leave it \"challenged\""),
        ),
        (
            |b| b["meeting_events"][0]["meeting_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            "meeting_events[0] (n 1): meeting_id: no meeting with id".into(),
        ),
        (
            |b| b["meeting_events"][1]["n"] = json!(1),
            "meeting_events[1] (n 1): n: 1 does not come after 1".into(),
        ),
        (
            |b| b["meeting_events"][1]["action"] = json!("shrug"),
            "meeting_events[1] (n 4): action: \"shrug\" is not allowed".into(),
        ),
        (
            |b| b["meeting_events"][1]["from_state"] = json!("draft"),
            "meeting_events[1] (n 4): from_state: is \"draft\", but the meeting's steps before this one leave it \"submitted\"".into(),
        ),
        (
            |b| b["meeting_events"][1]["to_state"] = json!("approved"),
            "meeting_events[1] (n 4): to_state: challenge from submitted leads to \"challenged\", not \"approved\"".into(),
        ),
        (
            |b| b["meeting_events"][1]["body"] = Value::Null,
            "meeting_events[1] (n 4): action: challenge is not a step the gate allows: a challenge needs the question"
                .into(),
        ),
        (
            |b| b["meeting_events"][2]["reply_to"] = Value::Null,
            "meeting_events[2] (n 7): reply_to: an answer names the question".into(),
        ),
        (
            |b| b["meeting_events"][2]["reply_to"] = json!(1),
            "meeting_events[2] (n 7): reply_to: no challenge with n 1".into(),
        ),
        (
            |b| b["meeting_events"][0]["reply_to"] = json!(1),
            "meeting_events[0] (n 1): reply_to: only an answer replies".into(),
        ),
        (
            |b| b["settings"]["home_time_zone"] = json!("Nowhere/Else"),
            "settings: home_time_zone: \"Nowhere/Else\" is not a time zone".into(),
        ),
        (|b| b["settings"]["your_name"] = json!("two\nlines"), "settings: your_name: must be a single line".into()),
    ];
    for (break_it, expected) in cases {
        let mut book = small_book_with_meetings();
        break_it(&mut book);
        let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
        assert_eq!(err.field(), Some("file"), "{err}");
        assert!(err.to_string().contains(expected.as_str()), "expected {expected:?} in: {err}");
        for table in ["accounts", "people", "meetings", "meeting_events", "meeting_attendees", "settings"] {
            assert_eq!(count(&target, table).await, 0, "{expected}: nothing stays behind in {table}");
        }
    }
    // Out of order: the review record cannot come before its meetings.
    let book = small_book_with_meetings();
    let reordered = format!(
        "{{\"format\":\"rapport-book\",\"version\":1,\"accounts\":{},\"people\":{},\"meeting_events\":{},\"meetings\":{}}}",
        book["accounts"], book["people"], book["meeting_events"], book["meetings"]
    );
    let err = import_bytes(&target, reordered.into_bytes()).await.unwrap_err();
    assert!(err.to_string().contains("meeting_id: no meeting with id"), "{err}");

    // The unbroken book imports. A setting the new vault already has is kept;
    // the book fills in the others.
    settings::update(target.pool(), &Settings { your_name: Some("Bea Already-Here".into()), ..Settings::default() })
        .await
        .unwrap();
    let counts = import_bytes(&target, to_bytes(&small_book_with_meetings())).await.unwrap();
    assert_eq!((counts.meetings, counts.meeting_events), (1, 3));
    let stored = settings::get(target.pool()).await.unwrap();
    assert_eq!(stored.your_name.as_deref(), Some("Bea Already-Here"));
    assert_eq!(stored.home_time_zone.as_deref(), Some("Europe/London"));
    let meeting = meetings::get(target.pool(), "01900000-0000-7000-8000-0000000000d1").await.unwrap();
    assert_eq!(meeting.starts_utc, "2026-02-10T08:30:00.000Z", "derived again from the local time");
    assert_eq!(meeting.state, MeetingState::Challenged);
    let view = meetings::view(target.pool(), &meeting.id, now()).await.unwrap();
    assert_eq!(view.events.iter().map(|e| (e.n, e.reply_to)).collect::<Vec<_>>(), [(1, None), (4, None), (7, Some(4))]);
    assert!(view.unanswered.is_empty());
}

async fn person(vault: &Vault, account: Option<&str>, name: &str) -> Person {
    let input = PersonInput {
        side: Some(if account.is_some() { Side::Theirs } else { Side::Ours }),
        account_id: account.map(str::to_string),
        name: name.into(),
        function: account.is_none().then_some(Function::Executive),
        org_level: Some(2),
        ..PersonInput::default()
    };
    people::create(vault.pool(), &input, now()).await.unwrap()
}

#[tokio::test]
async fn meetings_in_every_state_round_trip_with_their_review_record() {
    let dir = tempfile::tempdir().unwrap();
    let first = vault(&dir, "first.db").await;
    let pool = first.pool();
    let account = add_account(&first, "Nordlys Shipping").await;
    let ours = person(&first, None, "Marit Olsen").await;
    let theirs = person(&first, Some(&account.id), "Henrik Dahl").await;
    let who = Settings {
        your_name: Some("Marit Olsen".into()),
        home_time_zone: Some("Europe/London".into()),
        traveller: Some("Marit Olsen".into()),
        stale_after_days: None,
    };
    settings::update(pool, &who).await.unwrap();
    let input = |title: &str, starts: &str, ends: &str, zone: &str| MeetingInput {
        account_id: account.id.clone(),
        title: title.into(),
        kind: Some(MeetingKind::Negotiation),
        starts_local: starts.into(),
        ends_local: ends.into(),
        time_zone: zone.into(),
        trip: Some("Asia, late November".into()),
        value_proposition: Some("Half the fuel bill on two routes.".into()),
        asks: Some("A pilot on two routes.\nA reference call.".into()),
        attendees: vec![ours.id.clone(), theirs.id.clone()],
        ..MeetingInput::default()
    };
    let mut minutes = 0;
    let mut act = async |id: &str, action: GateAction, body: Option<&str>| {
        minutes += 1;
        let step = GateRequest { action: Some(action), body: body.map(str::to_string), ..GateRequest::default() };
        meetings::act(pool, id, &step, now() + Duration::minutes(minutes)).await.unwrap();
    };
    use GateAction as A;
    let approved =
        meetings::create(pool, &input("Approved", "2026-11-30T09:00", "2026-11-30T10:00", "Asia/Tokyo"), now())
            .await
            .unwrap();
    act(&approved.id, A::Submit, None).await;
    act(&approved.id, A::Challenge, Some("Why now?")).await;
    act(&approved.id, A::Challenge, Some("And who signs?")).await;
    act(&approved.id, A::Answer, Some("Their budget closes in March.")).await;
    act(&approved.id, A::Answer, Some("Their CFO.")).await;
    act(&approved.id, A::Submit, None).await;
    act(&approved.id, A::Approve, Some("Go.")).await;
    let challenged =
        meetings::create(pool, &input("Challenged", "2026-12-01T18:00", "2026-12-01T19:00", "America/New_York"), now())
            .await
            .unwrap();
    act(&challenged.id, A::Submit, None).await;
    act(&challenged.id, A::Challenge, Some("What do we give up?")).await;
    let declined =
        meetings::create(pool, &input("Declined", "2026-12-02T09:00", "2026-12-02T10:00", "Europe/Oslo"), now())
            .await
            .unwrap();
    act(&declined.id, A::Submit, None).await;
    act(&declined.id, A::Decline, Some("Not this quarter.")).await;
    let followed =
        meetings::create(pool, &input("Followed up", "2026-11-20T09:00", "2026-11-20T10:00", "Asia/Singapore"), now())
            .await
            .unwrap();
    act(&followed.id, A::Submit, None).await;
    act(&followed.id, A::Approve, None).await;
    act(&followed.id, A::Hold, None).await;
    act(&followed.id, A::FollowUp, Some("Thanks sent.")).await;
    let binned =
        meetings::create(pool, &input("Binned", "2026-12-03T09:00", "2026-12-03T10:00", "Europe/London"), now())
            .await
            .unwrap();
    meetings::create(pool, &input("Draft", "2026-12-04T09:00", "2026-12-04T10:00", "Europe/London"), now())
        .await
        .unwrap();
    trash::delete(pool, TrashKind::Meeting, &binned.id, now()).await.unwrap();

    let exported = export_bytes(&first, now()).await;
    let parsed: Value = serde_json::from_slice(&exported).unwrap();
    assert_eq!(parsed["meetings"].as_array().unwrap().len(), 6);
    assert_eq!(parsed["meeting_events"].as_array().unwrap().len(), 15);
    assert_eq!(parsed["settings"]["traveller"], "Marit Olsen");

    let second = vault(&dir, "second.db").await;
    let counts = import_bytes(&second, exported.clone()).await.unwrap();
    assert_eq!((counts.meetings, counts.meeting_events), (6, 15));
    let again = export_bytes(&second, now() + Duration::hours(2)).await;
    assert_eq!(body(&again), body(&exported));

    // The thread reads the same in the new vault: answers point at their questions.
    let before = meetings::view(pool, &approved.id, now()).await.unwrap();
    let after = meetings::view(second.pool(), &approved.id, now()).await.unwrap();
    assert_eq!(after.events, before.events);
    assert_eq!(after.meeting, before.meeting);
    let replies: Vec<Option<u32>> = after.events.iter().map(|e| e.reply_to).collect();
    assert_eq!(replies, [None, None, None, Some(before.events[1].n), Some(before.events[2].n), None, None]);
    let open = meetings::view(second.pool(), &challenged.id, now()).await.unwrap();
    assert_eq!(open.unanswered.len(), 1);
    let listed = meetings::list(second.pool(), &MeetingQuery::default()).await.unwrap();
    assert_eq!(listed.len(), 5, "the binned meeting stays in the trash");
    assert!(trash::list(second.pool()).await.unwrap().items.iter().any(|i| i.kind == TrashKind::Meeting));
    assert_eq!(settings::get(second.pool()).await.unwrap(), who);
}

#[tokio::test]
async fn malformed_json_names_line_and_column_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    let cases: &[(&[u8], &str)] = &[
        (b"", "not valid JSON: EOF while parsing a value at line 1 column 0"),
        (b"[1, 2]", "invalid type: sequence, expected a Rapport book"),
        (
            b"{\"format\":\"rapport-book\",\"version\":1,\n\"accounts\":[{\"id\": }]}",
            "accounts[0]: the file is not valid JSON: expected value at line 2 column 20",
        ),
        (b"{\"format\":\"rapport-book\",\"version\":1} trailing", "trailing characters at line 1 column 39"),
        (b"\xff\xfe{}", "not valid JSON"),
    ];
    for (bytes, expected) in cases {
        let err = import_bytes(&target, bytes.to_vec()).await.unwrap_err();
        assert_eq!(err.field(), Some("file"));
        assert!(err.to_string().contains(expected), "expected {expected:?} in: {err}");
    }

    // A file cut off deep inside the interactions: what was already inserted
    // is rolled back.
    let source = vault(&dir, "source.db").await;
    let size = LargeSize { accounts: 20, people: 300, interactions: 3_000 };
    demo::generate_large(source.pool(), size, 5, now(), |_| {}).await.unwrap();
    let mut exported = export_bytes(&source, now()).await;
    exported.truncate(exported.len() - 500);
    let err = import_bytes(&target, exported).await.unwrap_err();
    assert!(err.to_string().contains("not valid JSON") && err.to_string().contains("line"), "{err}");
    for table in ["accounts", "people", "connections", "interactions", "interaction_people", "search_rows"] {
        assert_eq!(count(&target, table).await, 0, "{table}");
    }
}

#[tokio::test]
async fn an_empty_book_exports_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let empty = vault(&dir, "empty.db").await;
    let exported = export_bytes(&empty, now()).await;
    assert_eq!(
        String::from_utf8(exported.clone()).unwrap(),
        "{\"format\":\"rapport-book\",\"version\":1,\"exported_at\":\"2026-11-23T09:30:00.000Z\",\n\"accounts\":[],\n\
         \"people\":[],\n\"connections\":[],\n\"interactions\":[],\n\"meetings\":[],\n\"meeting_events\":[],\n\
         \"blueprints\":[],\n\"feedback\":[],\n\"feedback_events\":[],\n\"stories\":[],\n\"ownership_answers\":[],\n\
         \"health_history\":[],\n\"settings\":{\"your_name\":null,\"home_time_zone\":null,\"traveller\":null}}\n"
    );
    let other = vault(&dir, "other.db").await;
    assert_eq!(import_bytes(&other, exported).await.unwrap(), BookCounts::default());
}

/// The complete example in docs/FORMAT.md imports as written.
#[tokio::test]
async fn the_example_in_the_format_document_imports() {
    let doc = include_str!("../../../../docs/FORMAT.md");
    let example = doc.split("## Example").nth(1).unwrap();
    let json = example.split("```json").nth(1).unwrap().split("```").next().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    let counts = import_bytes(&target, json.as_bytes().to_vec()).await.unwrap();
    assert_eq!(
        counts,
        BookCounts {
            accounts: 1,
            people: 2,
            connections: 1,
            interactions: 1,
            meetings: 1,
            meeting_events: 5,
            blueprints: 1,
            feedback: 1,
            feedback_events: 3,
            stories: 1,
            ownership_answers: 1,
            health_history: 1,
            commitments: 1
        }
    );
    let meeting = meetings::get(target.pool(), "0193a000-0000-7000-8000-0000000000f1").await.unwrap();
    assert_eq!(meeting.state, MeetingState::Approved);
    assert_eq!(settings::get(target.pool()).await.unwrap().traveller.as_deref(), Some("Our CEO"));
    let feedback =
        care::get_feedback(target.pool(), "0193a000-0000-7000-8000-0000000000d1", now().date_naive()).await.unwrap();
    assert_eq!((feedback.state, feedback.thanked_how), (FeedbackState::Done, Some(ThanksHow::Handwritten)));
}

/// [`small_book`] with a blueprint approved and tracked: Ada Ours in the room,
/// one idea, one goal owned by Ada with Cy Report as the counterpart.
fn small_book_with_blueprint() -> Value {
    let stamp = "2026-01-05T10:00:00.000Z";
    let ada = "01900000-0000-7000-8000-000000000001";
    let cy = "01900000-0000-7000-8000-000000000003";
    let goal = json!({
        "id": "g1", "title": "Renewal signed for three years", "owner_id": ada, "counterpart_id": cy,
        "target_date": "2026-06-30", "measure": {"metric": "contract years", "unit": "years", "baseline": 1.0, "target": 3.0},
        "status": "not_started", "idea_ids": ["i1"], "involve": [{"person_id": cy, "side": "theirs"}],
        "planned_connections": [{"ours_id": ada, "theirs_id": "01900000-0000-7000-8000-000000000002", "cadence_days": 90}]
    });
    let mut tracked = goal.clone();
    tracked["status"] = json!("on_track");
    let mut book = small_book();
    book["blueprints"] = json!([{
        "id": "01900000-0000-7000-8000-0000000000b1", "account_id": "01900000-0000-7000-8000-00000000000a",
        "period": {"starts_on": "2026-01-01", "ends_on": "2026-12-31"},
        "question": "What could we do together?",
        "participants": [{"person_id": ada, "function": "sales"}],
        "ideas": [{"id": "i1", "text": "A longer renewal for a better price", "participant_id": ada,
                   "kind": "growth", "impact": 4, "effort": 2, "chosen": true, "merged_into": null, "split_from": null}],
        "ballots": [{"participant_id": ada, "idea_id": "i1", "votes": 5}],
        "goals": [tracked],
        "stage": "track", "revision": 1,
        "reviews": [{"revision": 1, "by": ada, "at": stamp, "verdict": "approved", "comment": null}],
        "revisions": [{"revision": 1, "approved_by": ada, "approved_at": stamp, "goals": [goal]}],
        "check_ins": [{"goal_id": "g1", "on": "2026-02-01", "value": 1.5, "note": "Draft sent.", "status": "on_track"}],
        "created_at": stamp, "updated_at": stamp, "deleted_at": null
    }]);
    book
}

#[tokio::test]
async fn bad_blueprints_are_refused_with_the_record_part_and_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    type Break = fn(&mut Value);
    let b = "blueprints[0] (id 01900000-0000-7000-8000-0000000000b1): ";
    let theirs = "01900000-0000-7000-8000-000000000002";
    let ours = "01900000-0000-7000-8000-000000000001";
    let cases: &[(Break, String)] = &[
        (
            |b| b["blueprints"][0]["account_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            format!("{b}account_id: no account with id 01900000-0000-7000-8000-0000000000ff in the file"),
        ),
        (
            |b| b["blueprints"][0]["participants"][0]["person_id"] = json!("01900000-0000-7000-8000-000000000002"),
            // The idea and the ballot name Ada, who is no longer in the room.
            format!("{b}ideas: idea \"i1\": participant_id: {ours} is not in the room"),
        ),
        (
            |b| {
                let bp = &mut b["blueprints"][0];
                bp["participants"][0]["person_id"] = json!("01900000-0000-7000-8000-000000000002");
                bp["ideas"][0]["participant_id"] = Value::Null;
                bp["ballots"] = json!([]);
            },
            format!("{b}participants: {theirs} is one of their people; it must be one of ours"),
        ),
        (
            |b| b["blueprints"][0]["goals"][0]["counterpart_id"] = json!("01900000-0000-7000-8000-000000000001"),
            format!("{b}goals: goal \"g1\": counterpart_id: {ours} is one of our people; it must be one of theirs"),
        ),
        (
            |b| {
                b["blueprints"][0]["revisions"][0]["goals"][0]["owner_id"] =
                    json!("01900000-0000-7000-8000-000000000002")
            },
            format!("{b}revisions: revision 1: goal \"g1\": owner_id: {theirs} is one of their people"),
        ),
        (
            |b| b["blueprints"][0]["goals"][0]["involve"][0]["side"] = json!("ours"),
            "goals: goal \"g1\": involve: 01900000-0000-7000-8000-000000000003 is one of their people".into(),
        ),
        (
            |b| {
                b["blueprints"][0]["goals"][0]["planned_connections"][0]["theirs_id"] =
                    json!("01900000-0000-7000-8000-0000000000ff")
            },
            format!("{b}goals: goal \"g1\": planned_connections: no person with id"),
        ),
        (
            |b| b["blueprints"][0]["reviews"][0]["by"] = json!("01900000-0000-7000-8000-0000000000ff"),
            format!("{b}reviews: review of revision 1: by: no person with id"),
        ),
        (
            |b| b["blueprints"][0]["revisions"][0]["approved_by"] = json!("01900000-0000-7000-8000-000000000003"),
            format!(
                "{b}revisions: revision 1: approved_by: 01900000-0000-7000-8000-000000000003 is one of their people"
            ),
        ),
        (|b| b["blueprints"][0]["revision"] = json!(0), format!("{b}revision: must be 1 or more")),
        (
            |b| b["blueprints"][0]["revisions"][0]["revision"] = json!(2),
            format!("{b}revisions: revision 2: is later than the blueprint's revision 1"),
        ),
        (
            |b| b["blueprints"][0]["stage"] = json!("goals"),
            format!("{b}stage: revision 1 is approved, so the stage is track"),
        ),
        (
            |b| {
                b["blueprints"][0]["revisions"] = json!([]);
                b["blueprints"][0]["reviews"] = json!([]);
                b["blueprints"][0]["check_ins"] = json!([]);
            },
            format!("{b}stage: track needs revision 1 approved"),
        ),
        (
            |b| b["blueprints"][0]["ideas"][0]["impact"] = json!(9),
            format!("{b}ideas: idea \"i1\": impact: 9 is out of range; score from 1 to 5"),
        ),
        (
            |b| {
                let idea = b["blueprints"][0]["ideas"][0].clone();
                b["blueprints"][0]["ideas"].as_array_mut().unwrap().push(idea);
            },
            format!("{b}ideas: the id \"i1\" is used by two ideas"),
        ),
        (
            |b| b["blueprints"][0]["check_ins"][0]["goal_id"] = json!("g7"),
            format!("{b}check_ins: check-in on goal \"g7\": no approved goal has this id"),
        ),
        (|b| b["blueprints"][0]["stage"] = json!("finished"), "blueprints[0]: unknown variant `finished`".into()),
        (|b| b["blueprints"][0]["created_at"] = Value::Null, format!("{b}created_at: is required")),
        (
            |b| {
                let mut other = b["blueprints"][0].clone();
                other["id"] = json!("01900000-0000-7000-8000-0000000000b2");
                other["period"] = json!({"starts_on": "2026-12-01", "ends_on": "2027-11-30"});
                b["blueprints"].as_array_mut().unwrap().push(other);
            },
            "blueprints[1] (id 01900000-0000-7000-8000-0000000000b2): period: overlaps blueprints[0] \
             (2026-01-01 to 2026-12-31) of the same account"
                .into(),
        ),
        (
            |b| {
                let mut other = b["blueprints"][0].clone();
                other["period"] = json!({"starts_on": "2027-01-01", "ends_on": "2027-12-31"});
                b["blueprints"].as_array_mut().unwrap().push(other);
            },
            "blueprints[1] (id 01900000-0000-7000-8000-0000000000b1): id: another blueprint has the same id".into(),
        ),
    ];
    for (break_it, expected) in cases {
        let mut book = small_book_with_blueprint();
        break_it(&mut book);
        let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
        assert_eq!(err.field(), Some("file"), "{err}");
        assert!(err.to_string().contains(expected.as_str()), "expected {expected:?} in: {err}");
        for table in ["accounts", "people", "blueprints", "blueprint_ideas", "blueprint_revisions"] {
            assert_eq!(count(&target, table).await, 0, "{expected}: nothing stays behind in {table}");
        }
    }

    // A blueprint in the trash may share its period with a live one (restoring
    // it is what gets refused). The unbroken book imports as written.
    let mut book = small_book_with_blueprint();
    let mut binned = book["blueprints"][0].clone();
    binned["id"] = json!("01900000-0000-7000-8000-0000000000b2");
    binned["deleted_at"] = json!("2026-03-01T10:00:00.000Z");
    book["blueprints"].as_array_mut().unwrap().push(binned);
    let counts = import_bytes(&target, to_bytes(&book)).await.unwrap();
    assert_eq!(counts.blueprints, 2);
    let mut conn = target.pool().acquire().await.unwrap();
    let stored = store::get(&mut conn, "01900000-0000-7000-8000-0000000000b1").await.unwrap();
    drop(conn);
    let written: rapport_core::blueprint::Blueprint =
        serde_json::from_value(small_book_with_blueprint()["blueprints"][0].clone()).unwrap();
    assert_eq!(stored, written);
    let listed = store::list(target.pool(), None, now().date_naive()).await.unwrap();
    assert_eq!(listed.len(), 1, "the binned one stays in the trash");
    assert_eq!(listed[0].updated_at, "2026-01-05T10:00:00.000Z", "timestamps kept as written");
}

#[tokio::test]
async fn blueprints_round_trip_with_the_trash_and_every_revision() {
    let dir = tempfile::tempdir().unwrap();
    let first = vault(&dir, "first.db").await;
    demo::load_sample(first.pool(), now()).await.unwrap();
    let before = store::list(first.pool(), None, now().date_naive()).await.unwrap();
    let stellan = before.iter().find(|b| b.account_name == "Stellan Health").unwrap();
    trash::delete(first.pool(), TrashKind::Blueprint, &stellan.id, now()).await.unwrap();

    let exported = export_bytes(&first, now()).await;
    let second = vault(&dir, "second.db").await;
    let counts = import_bytes(&second, exported.clone()).await.unwrap();
    assert_eq!(counts.blueprints, 8, "the binned one travels too");
    assert_eq!(body(&export_bytes(&second, now()).await), body(&exported));

    let after = store::list(second.pool(), None, now().date_naive()).await.unwrap();
    assert_eq!(after, store::list(first.pool(), None, now().date_naive()).await.unwrap());
    assert_eq!(after.len(), 7);
    assert!(trash::list(second.pool()).await.unwrap().items.iter().any(|i| i.kind == TrashKind::Blueprint));
    let nordhavn = after.iter().find(|b| b.account_name == "Nordhavn Energy").unwrap();
    let diff = store::compare(second.pool(), &nordhavn.id, 1, 2).await.unwrap();
    assert_eq!(diff, store::compare(first.pool(), &nordhavn.id, 1, 2).await.unwrap());
    let (mut a, mut b) = (first.pool().acquire().await.unwrap(), second.pool().acquire().await.unwrap());
    for listed in &after {
        assert_eq!(store::get(&mut a, &listed.id).await.unwrap(), store::get(&mut b, &listed.id).await.unwrap());
    }
}

/// [`small_book`] with its care: Harbour Freight on a 45-day cadence; Cy
/// Report's feedback thanked by letter, acted on and done; feedback from
/// nobody named, deferred; an open horror story and a success; two answers
/// of the ownership check; two weekly health scores.
fn small_book_with_care() -> Value {
    let stamp = "2026-01-05T10:00:00.000Z";
    let account = "01900000-0000-7000-8000-00000000000a";
    let (f1, f2) = ("01900000-0000-7000-8000-0000000000f1", "01900000-0000-7000-8000-0000000000f2");
    let mut book = small_book();
    book["accounts"][0]["cadence_days"] = json!(45);
    let feedback = |id: &str, person: Value, state: &str| {
        json!({
            "id": id, "account_id": account, "person_id": person, "received_on": "2026-01-05", "channel": "meeting",
            "text": "Your invoices never carry our purchase order number.", "theme": "Invoicing", "state": state,
            "change": null, "visible_on": null, "reconsider_on": null, "reason": null, "thanked_on": null,
            "thanked_how": null, "created_at": stamp, "updated_at": stamp, "deleted_at": null
        })
    };
    let mut done = feedback(f1, json!("01900000-0000-7000-8000-000000000003"), "done");
    done["change"] = json!("The PO number is printed on every invoice.");
    done["visible_on"] = json!("2026-02-01");
    done["thanked_on"] = json!("2026-01-06");
    done["thanked_how"] = json!("handwritten");
    let mut deferred = feedback(f2, Value::Null, "deferred");
    deferred["reconsider_on"] = json!("2026-03-01");
    book["feedback"] = json!([done, deferred]);
    let event = |n: i64, id: &str, action: &str, from: &str, to: &str, note: Value| {
        json!({"n": n, "feedback_id": id, "at": stamp, "actor": "Ada Ours", "action": action,
               "from_state": from, "to_state": to, "note": note})
    };
    book["feedback_events"] = json!([
        event(1, f1, "thank", "new", "new", json!("a handwritten letter on 2026-01-06")),
        event(2, f1, "act", "new", "acting", Value::Null),
        event(3, f2, "defer", "new", "deferred", json!("until 2026-03-01")),
        event(5, f1, "complete", "acting", "done", json!("The PO number is printed on every invoice.")),
    ]);
    let story = |id: &str, kind: &str, failure: Value, resolved: bool| {
        json!({
            "id": id, "account_id": account, "kind": kind, "title": "The renewal quote came a month late",
            "department": "Finance", "occurred_on": "2026-01-02", "impact": "They nearly went to tender.",
            "failure": failure, "resolved": resolved, "lesson": null,
            "created_at": stamp, "updated_at": stamp, "deleted_at": null
        })
    };
    book["stories"] = json!([
        story("01900000-0000-7000-8000-0000000000a1", "horror", json!("late"), false),
        story("01900000-0000-7000-8000-0000000000a2", "success", Value::Null, true),
    ]);
    book["ownership_answers"] = json!([
        {"account_id": account, "question": "owner", "answer": "Ada Ours.", "updated_at": stamp},
        {"account_id": account, "question": "both_win", "answer": "They save on paperwork; we renew.",
         "updated_at": stamp},
    ]);
    let parts = json!([["cadence", 20], ["coverage", 15], ["dimension_mix", 5]]);
    book["health_history"] = json!([
        {"account_id": account, "on_date": "2026-01-05", "score": 40, "parts": parts},
        {"account_id": account, "on_date": "2026-01-12", "score": 40, "parts": parts},
    ]);
    book
}

#[tokio::test]
async fn bad_care_records_are_refused_with_the_record_and_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    type Break = fn(&mut Value);
    let f = "feedback[0] (id 01900000-0000-7000-8000-0000000000f1): ";
    let f2 = "feedback[1] (id 01900000-0000-7000-8000-0000000000f2): ";
    let s = "stories[1] (id 01900000-0000-7000-8000-0000000000a2): ";
    let o = "ownership_answers[0] (account 01900000-0000-7000-8000-00000000000a, ";
    let h = "health_history[0] (account 01900000-0000-7000-8000-00000000000a, 2026-01-05): ";
    let cases: &[(Break, String)] = &[
        (
            |b| b["accounts"][0]["cadence_days"] = json!(0),
            "accounts[0] (id 01900000-0000-7000-8000-00000000000a): cadence_days: 0 is out of range".into(),
        ),
        (|b| b["feedback"][0]["channel"] = json!("fax"), format!("{f}channel: \"fax\" is not allowed")),
        (|b| b["feedback"][0]["state"] = json!("maybe"), format!("{f}state: \"maybe\" is not allowed")),
        (|b| b["feedback"][0]["received_on"] = json!("05/01/2026"), format!("{f}received_on: \"05/01/2026\"")),
        (|b| b["feedback"][0]["text"] = json!(" "), format!("{f}text: is required")),
        (|b| b["feedback"][0]["thanked_how"] = json!("flowers"), format!("{f}thanked_how: \"flowers\"")),
        (
            |b| b["feedback"][1]["reconsider_on"] = Value::Null,
            format!("{f2}reconsider_on: deferred feedback names the day it comes back"),
        ),
        (|b| b["feedback"][0]["change"] = Value::Null, format!("{f}change: done feedback says what changed")),
        (|b| b["feedback"][0]["visible_on"] = Value::Null, format!("{f}visible_on: done feedback says when")),
        (|b| b["feedback"][1]["state"] = json!("declined"), format!("{f2}reason: declined feedback says why")),
        (|b| b["feedback"][0]["thanked_how"] = Value::Null, format!("{f}thanked_how: say how they were thanked")),
        (|b| b["feedback"][0]["thanked_on"] = Value::Null, format!("{f}thanked_on: say when they were thanked")),
        (
            |b| b["feedback"][0]["person_id"] = json!("01900000-0000-7000-8000-000000000001"),
            format!("{f}person_id: 01900000-0000-7000-8000-000000000001 is one of our people"),
        ),
        (
            |b| b["feedback"][0]["person_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            format!("{f}person_id: no person with id 01900000-0000-7000-8000-0000000000ff in the file"),
        ),
        (
            |b| {
                let mut other = b["accounts"][0].clone();
                other["id"] = json!("01900000-0000-7000-8000-00000000000b");
                other["name"] = json!("Other Freight");
                b["accounts"].as_array_mut().unwrap().push(other);
                let mut elsewhere = b["people"][2].clone();
                elsewhere["id"] = json!("01900000-0000-7000-8000-000000000004");
                elsewhere["account_id"] = json!("01900000-0000-7000-8000-00000000000b");
                elsewhere["reports_to_id"] = Value::Null;
                b["people"].as_array_mut().unwrap().push(elsewhere);
                b["feedback"][0]["person_id"] = json!("01900000-0000-7000-8000-000000000004");
            },
            format!("{f}person_id: 01900000-0000-7000-8000-000000000004 is one of their people at another account"),
        ),
        (
            |b| b["feedback"][0]["account_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            format!("{f}account_id: no account with id"),
        ),
        (
            |b| b["feedback"][1]["id"] = json!("01900000-0000-7000-8000-0000000000f1"),
            "feedback[1] (id 01900000-0000-7000-8000-0000000000f1): id: another piece of feedback has the same id"
                .into(),
        ),
        (
            |b| b["feedback_events"][0]["feedback_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            "feedback_events[0] (n 1): feedback_id: no feedback with id".into(),
        ),
        (|b| b["feedback_events"][1]["n"] = json!(1), "feedback_events[1] (n 1): n: 1 does not come after 1".into()),
        (
            |b| b["feedback_events"][1]["action"] = json!("shrug"),
            "feedback_events[1] (n 2): action: \"shrug\" is not allowed".into(),
        ),
        (|b| b["feedback_events"][1]["actor"] = Value::Null, "feedback_events[1] (n 2): actor: is required".into()),
        (
            |b| b["feedback_events"][1]["from_state"] = json!("acting"),
            "feedback_events[1] (n 2): from_state: is \"acting\", but the feedback's steps before this one leave it \
             \"new\""
                .into(),
        ),
        (
            |b| b["feedback_events"][1]["to_state"] = json!("done"),
            "feedback_events[1] (n 2): to_state: act from new leads to \"acting\", not \"done\"".into(),
        ),
        (
            |b| b["feedback_events"][3]["action"] = json!("reopen"),
            "feedback_events[3] (n 5): action: reopen is not a step from acting: only done or declined feedback can \
             be reopened"
                .into(),
        ),
        (
            |b| b["feedback_events"][0]["to_state"] = json!("acting"),
            "feedback_events[0] (n 1): to_state: a thank-you leaves the state as it was (\"new\")".into(),
        ),
        (
            |b| {
                b["feedback_events"][2]["action"] = json!("thank");
                b["feedback_events"][2]["to_state"] = json!("new");
            },
            "feedback_events[2] (n 3): action: a thank-you, but the feedback's thanked_on is null".into(),
        ),
        (
            |b| {
                let mut again = b["feedback_events"][0].clone();
                again["n"] = json!(9);
                again["from_state"] = json!("done");
                again["to_state"] = json!("done");
                b["feedback_events"].as_array_mut().unwrap().push(again);
            },
            "feedback_events[4] (n 9): action: they were thanked at an earlier step".into(),
        ),
        (
            |b| {
                b["feedback_events"].as_array_mut().unwrap().remove(3);
            },
            format!("{f}state: is \"done\", but its steps in feedback_events leave it \"acting\""),
        ),
        (
            |b| {
                b["feedback_events"].as_array_mut().unwrap().remove(0);
            },
            format!("{f}thanked_on: is set, but feedback_events has no thank-you step for it"),
        ),
        (|b| b["stories"][1]["kind"] = json!("epic"), format!("{s}kind: \"epic\" is not allowed")),
        (|b| b["stories"][1]["failure"] = json!("late"), format!("{s}failure: a success story has no failure")),
        (|b| b["stories"][1]["resolved"] = json!(false), format!("{s}resolved: only horror stories are left open")),
        (|b| b["stories"][1]["resolved"] = Value::Null, format!("{s}resolved: is required")),
        (
            |b| b["stories"][0]["failure"] = json!("lost"),
            "stories[0] (id 01900000-0000-7000-8000-0000000000a1): failure: \"lost\" is not allowed".into(),
        ),
        (|b| b["stories"][1]["department"] = json!(""), format!("{s}department: is required")),
        (|b| b["stories"][1]["occurred_on"] = json!("2026-02-30"), format!("{s}occurred_on: \"2026-02-30\"")),
        (
            |b| b["stories"][1]["account_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            format!("{s}account_id: no account with id"),
        ),
        (
            |b| b["ownership_answers"][0]["question"] = json!("mood"),
            format!("{o}mood): question: \"mood\" is not allowed"),
        ),
        (|b| b["ownership_answers"][0]["answer"] = json!("  "), format!("{o}owner): answer: is required")),
        (
            |b| b["ownership_answers"][0]["account_id"] = json!("01900000-0000-7000-8000-0000000000ff"),
            "ownership_answers[0] (account 01900000-0000-7000-8000-0000000000ff, owner): account_id: no account".into(),
        ),
        (
            |b| {
                let again = b["ownership_answers"][0].clone();
                b["ownership_answers"].as_array_mut().unwrap().push(again);
            },
            "ownership_answers[2] (account 01900000-0000-7000-8000-00000000000a, owner): question: answered twice"
                .into(),
        ),
        (|b| b["health_history"][0]["score"] = json!(101), format!("{h}score: 101 is out of range")),
        (|b| b["health_history"][0]["score"] = json!(41), format!("{h}score: is 41, but its parts add up to 40")),
        (|b| b["health_history"][0]["score"] = Value::Null, format!("{h}score: is required")),
        (|b| b["health_history"][0]["parts"] = json!([]), format!("{h}parts: is required")),
        (|b| b["health_history"][0]["parts"][2][0] = json!("mood"), format!("{h}parts: \"mood\" is not allowed")),
        (
            |b| b["health_history"][0]["parts"] = json!([["cadence", 25], ["coverage", 15]]),
            format!("{h}parts: cadence: 25 is out of range; use a whole number from 0 to 20"),
        ),
        (
            |b| b["health_history"][0]["parts"] = json!([["cadence", 20], ["cadence", 20]]),
            format!("{h}parts: cadence is listed twice"),
        ),
        (|b| b["health_history"][0]["on_date"] = json!("soon"), "health_history[0] (account 01900000".into()),
        (
            |b| b["health_history"][1]["on_date"] = json!("2026-01-05"),
            "health_history[1] (account 01900000-0000-7000-8000-00000000000a, 2026-01-05): on_date: the account has \
             two scores this day"
                .into(),
        ),
        (
            |b| b["health_history"][0]["parts"] = json!("cadence: 20"),
            "health_history[0]: invalid type: string \"cadence: 20\", expected a sequence".into(),
        ),
    ];
    let tables =
        ["accounts", "people", "feedback", "feedback_events", "stories", "ownership_answers", "health_history"];
    for (break_it, expected) in cases {
        let mut book = small_book_with_care();
        break_it(&mut book);
        let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
        assert_eq!(err.field(), Some("file"), "{err}");
        assert!(err.to_string().contains(expected.as_str()), "expected {expected:?} in: {err}");
        for table in tables {
            assert_eq!(count(&target, table).await, 0, "{expected}: nothing stays behind in {table}");
        }
    }
    // Out of order: the loop cannot come before its feedback.
    let book = small_book_with_care();
    let reordered = format!(
        "{{\"format\":\"rapport-book\",\"version\":1,\"accounts\":{},\"people\":{},\"stories\":{},\"feedback\":{}}}",
        book["accounts"], book["people"], book["stories"], book["feedback"]
    );
    let err = import_bytes(&target, reordered.into_bytes()).await.unwrap_err();
    assert!(
        err.to_string().contains(
            "\"feedback\" is out of place: the arrays must come in the order accounts, people, connections, \
             interactions, meetings, meeting_events, blueprints, feedback, feedback_events, stories, \
             ownership_answers, health_history, then settings"
        ),
        "{err}"
    );

    // The unbroken book imports; the care screens read it.
    let counts = import_bytes(&target, to_bytes(&small_book_with_care())).await.unwrap();
    assert_eq!(
        (counts.feedback, counts.feedback_events, counts.stories, counts.ownership_answers, counts.health_history),
        (2, 4, 2, 2, 2)
    );
    let today = now().date_naive();
    let done = care::get_feedback(target.pool(), "01900000-0000-7000-8000-0000000000f1", today).await.unwrap();
    assert_eq!(
        (done.state, done.thanked_how, done.person_name.as_deref()),
        (FeedbackState::Done, Some(ThanksHow::Handwritten), Some("Cy Report"))
    );
    let history = care::feedback_history(target.pool(), &done.id).await.unwrap();
    let steps: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(steps, ["thank", "act", "complete"]);
    let due = care::feedback_due(target.pool(), today).await.unwrap();
    assert_eq!(due.len(), 1, "the deferred one is back and nobody thanked them");
    let account = "01900000-0000-7000-8000-00000000000a";
    let mine = care::stories_by_department(target.pool(), Some(account), None).await.unwrap();
    assert_eq!((mine[0].department.as_str(), mine[0].success, mine[0].open_horror), ("Finance", 1, 1));
    let care = care_account::account_care(target.pool(), account, today).await.unwrap();
    assert_eq!((care.every_days, care.default_cadence), (45, false));
    assert_eq!(
        care.history[..2],
        [HealthPoint { on: "2026-01-05".into(), score: 40 }, HealthPoint { on: "2026-01-12".into(), score: 40 }]
    );
    let answered: Vec<OwnershipQuestion> =
        care.ownership.iter().filter(|a| a.answer.is_some()).map(|a| a.question).collect();
    assert_eq!(answered, [OwnershipQuestion::Owner, OwnershipQuestion::BothWin]);
}

/// Feedback made by the app's own commands, every step of its loop, the
/// stories, the ownership check, the cadence and the health record travel,
/// the trash with them, and come back byte for byte.
#[tokio::test]
async fn care_round_trips_with_the_loop_and_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let first = vault(&dir, "first.db").await;
    let pool = first.pool();
    let account = add_account(&first, "Nordlys Shipping").await;
    let kari = person(&first, Some(&account.id), "Kari Nordmann").await;
    let who = Settings { your_name: Some("Helena Marsh".into()), ..Settings::default() };
    settings::update(pool, &who).await.unwrap();
    let today = now().date_naive();
    let said = |text: &str, person: Option<&str>| FeedbackInput {
        account_id: account.id.clone(),
        person_id: person.map(str::to_string),
        received_on: "2026-11-10".into(),
        channel: Some(FeedbackChannel::Call),
        text: text.into(),
        theme: Some("Service".into()),
    };
    let step = |action| FeedbackStep { action: Some(action), ..FeedbackStep::default() };
    let done = care::create_feedback(pool, &said("Tell us before the engineer arrives.", Some(&kari.id)), now(), today)
        .await
        .unwrap();
    care::thank(pool, &done.id, "2026-11-11", Some(ThanksHow::Call), now(), today).await.unwrap();
    care::act(pool, &done.id, &step(FeedbackAction::Act), now(), today).await.unwrap();
    let complete = FeedbackStep {
        change: Some("A text message goes out when the engineer sets off.".into()),
        visible_on: Some(today),
        ..step(FeedbackAction::Complete)
    };
    care::act(pool, &done.id, &complete, now(), today).await.unwrap();
    let deferred = care::create_feedback(pool, &said("Weekend cover, please.", None), now(), today).await.unwrap();
    let later = FeedbackStep { reconsider_on: Some(today + Duration::days(30)), ..step(FeedbackAction::Defer) };
    care::act(pool, &deferred.id, &later, now(), today).await.unwrap();
    let binned = care::create_feedback(pool, &said("Entered twice.", None), now(), today).await.unwrap();
    trash::delete(pool, TrashKind::Feedback, &binned.id, now()).await.unwrap();
    let story = |title: &str, kind, failure, resolved| StoryInput {
        account_id: account.id.clone(),
        kind: Some(kind),
        title: title.into(),
        department: "Support".into(),
        occurred_on: "2026-10-01".into(),
        failure,
        resolved,
        ..StoryInput::default()
    };
    care::create_story(
        pool,
        &story("The hotline rang out", StoryKind::Horror, Some(Failure::Unanswered), false),
        now(),
        today,
    )
    .await
    .unwrap();
    let copy = care::create_story(pool, &story("A copy", StoryKind::Success, None, true), now(), today).await.unwrap();
    trash::delete(pool, TrashKind::Story, &copy.id, now()).await.unwrap();
    care_account::answer_ownership(pool, &account.id, OwnershipQuestion::Owner, Some("Ines Okafor."), now(), today)
        .await
        .unwrap();
    care_account::set_cadence(pool, &account.id, Some(45), now(), today).await.unwrap();
    care_account::account_care(pool, &account.id, today + Duration::days(1)).await.unwrap();

    let exported = export_bytes(&first, now()).await;
    let parsed: Value = serde_json::from_slice(&exported).unwrap();
    assert_eq!(parsed["feedback"].as_array().unwrap().len(), 3, "the binned one travels too");
    assert_eq!(parsed["feedback_events"].as_array().unwrap().len(), 4);
    assert_eq!(parsed["health_history"].as_array().unwrap().len(), 2, "today and tomorrow");
    let second = vault(&dir, "second.db").await;
    let counts = import_bytes(&second, exported.clone()).await.unwrap();
    assert_eq!((counts.feedback, counts.stories, counts.ownership_answers), (3, 2, 1));
    assert_eq!(body(&export_bytes(&second, now() + Duration::hours(1)).await), body(&exported));

    let (a, b) = (first.pool(), second.pool());
    assert_eq!(
        care::list_feedback(b, &account.id, today).await.unwrap(),
        care::list_feedback(a, &account.id, today).await.unwrap()
    );
    assert_eq!(care::list_feedback(b, &account.id, today).await.unwrap().len(), 2);
    assert_eq!(care::feedback_history(b, &done.id).await.unwrap(), care::feedback_history(a, &done.id).await.unwrap());
    assert_eq!(care::list_stories(b, None).await.unwrap(), care::list_stories(a, None).await.unwrap());
    let binned: Vec<TrashKind> = trash::list(b).await.unwrap().items.iter().map(|i| i.kind).collect();
    assert!(binned.contains(&TrashKind::Feedback) && binned.contains(&TrashKind::Story), "{binned:?}");
    trash::restore(b, TrashKind::Feedback, &copy_of(&parsed, "feedback", "Entered twice."), now()).await.unwrap();
    assert_eq!(care::list_feedback(b, &account.id, today).await.unwrap().len(), 3);
}

/// The id of the record in `array` whose text or title is `text`.
fn copy_of(book: &Value, array: &str, text: &str) -> String {
    let records = book[array].as_array().unwrap();
    let found = records.iter().find(|r| r["text"] == text || r["title"] == text).unwrap();
    found["id"].as_str().unwrap().to_string()
}

/// The book runs the forms' own checks on every record: what a form refuses,
/// a book cannot slip in (a 52 MB summary once grew a vault to 143 MB).
#[tokio::test]
async fn what_the_forms_refuse_the_book_refuses_with_the_record_and_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    let account = "accounts[0] (id 01900000-0000-7000-8000-00000000000a): ";
    let interaction = "interactions[0] (id 01900000-0000-7000-8000-0000000000e1): ";
    type Break = fn(&mut Value);
    let cases: &[(Break, String)] = &[
        (
            |b| b["interactions"][0]["summary"] = json!("x".repeat(20_001)),
            format!("{interaction}summary: must be at most 20000 characters"),
        ),
        (
            |b| b["interactions"][0]["summary"] = json!("Call\u{0}about"),
            format!("{interaction}summary: contains control"),
        ),
        (
            |b| b["interactions"][0]["follow_ups"] = json!("Send \u{1b}[31mnow"),
            format!("{interaction}follow_ups: contains control characters"),
        ),
        (
            |b| b["interactions"][0]["occurred_on"] = json!("2027-06-01"),
            format!("{interaction}occurred_on: is in the future"),
        ),
        (
            |b| b["accounts"][0]["industry"] = json!("Ship\u{0}ping"),
            format!("{account}industry: must be a single line without control characters"),
        ),
        (
            |b| b["accounts"][0]["customer_strategy"] = json!("y".repeat(20_001)),
            format!("{account}customer_strategy: must be at most 20000 characters"),
        ),
        (
            |b| b["accounts"][0]["annual_margin"] = json!(5000),
            format!("{account}annual_margin: cannot be larger than the revenue"),
        ),
        (
            |b| b["people"][1]["title"] = json!("t".repeat(201)),
            "people[1] (id 01900000-0000-7000-8000-000000000002): title: must be at most 200 characters".into(),
        ),
        (
            |b| b["people"][0]["email"] = json!("ada@"),
            "people[0] (id 01900000-0000-7000-8000-000000000001): email: \"ada@\" is not an email address".into(),
        ),
        (
            |b| b["people"][0]["function"] = Value::Null,
            "people[0] (id 01900000-0000-7000-8000-000000000001): function: choose the function".into(),
        ),
        (
            |b| b["connections"][0]["notes"] = json!("a\u{7}b"),
            "connections[0] (id 01900000-0000-7000-8000-0000000000c1): notes: contains control characters".into(),
        ),
    ];
    for (break_it, expected) in cases {
        let mut book = small_book();
        break_it(&mut book);
        let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
        assert_eq!(err.field(), Some("file"), "{err}");
        assert!(err.to_string().contains(expected.as_str()), "expected {expected:?} in: {}", short(&err));
        for table in ["accounts", "people", "connections", "interactions"] {
            assert_eq!(count(&target, table).await, 0, "{expected}: nothing stays behind in {table}");
        }
    }

    // Meetings and care records go through their forms too.
    let mut book = small_book_with_meetings();
    book["meetings"][0]["objective"] = json!("o".repeat(20_001));
    let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("meetings[0] (id 01900000-0000-7000-8000-0000000000d1): objective: must be at most 20000"),
        "{}",
        short(&err)
    );
    let mut book = small_book_with_care();
    book["feedback"][1]["text"] = json!("They said\u{0}so");
    let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
    assert!(
        err.to_string().contains("feedback[1] (id 01900000-0000-7000-8000-0000000000f2): text: contains control"),
        "{err}"
    );
    let mut book = small_book_with_care();
    book["stories"][0]["occurred_on"] = json!("2027-01-02");
    let err = import_bytes(&target, to_bytes(&book)).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("stories[0] (id 01900000-0000-7000-8000-0000000000a1): occurred_on: cannot be in the future"),
        "{err}"
    );
    for table in ["accounts", "people", "meetings", "feedback", "stories"] {
        assert_eq!(count(&target, table).await, 0, "{table}");
    }

    // The same book, unbroken, still goes in.
    import_bytes(&target, to_bytes(&small_book_with_care())).await.unwrap();
}

/// A message quoted in a failed assertion, without 20,000 x's.
fn short(err: &rapport_core::Error) -> String {
    err.to_string().chars().take(300).collect()
}

/// Windows tools save text with a byte-order mark, or as UTF-16: the book is
/// read all the same; text that is not Unicode is named as such.
#[tokio::test]
async fn a_book_with_a_byte_order_mark_or_in_utf16_imports() {
    let dir = tempfile::tempdir().unwrap();
    let source = vault(&dir, "source.db").await;
    demo::load_sample(source.pool(), now()).await.unwrap();
    let exported = export_bytes(&source, now()).await;
    let text = String::from_utf8(exported.clone()).unwrap();

    let with_bom = [&[0xEF, 0xBB, 0xBF][..], &exported].concat();
    let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    for (name, bytes) in [("bom", with_bom), ("utf16le", utf16le), ("utf16be", utf16be)] {
        let target = vault(&dir, &format!("{name}.db")).await;
        let counts = import_bytes(&target, bytes).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(counts.accounts, 12, "{name}");
        assert_eq!(body(&export_bytes(&target, now()).await), body(&exported), "{name}: the same book comes back");
    }

    let target = vault(&dir, "refused.db").await;
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf32: Vec<u8> =
        [0xFF, 0xFE, 0, 0].into_iter().chain(text.chars().flat_map(|c| (c as u32).to_le_bytes())).collect();
    let mut latin1 = to_bytes(&small_book());
    let at = latin1.windows(7).position(|w| w == b"Harbour").unwrap();
    latin1[at + 1] = 0xE4; // "Härbour" as Windows-1252 writes it
    let mut cut = [0xFF, 0xFE].to_vec();
    cut.extend(text.encode_utf16().take(40).flat_map(u16::to_le_bytes));
    cut.push(b'x');
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("utf16 without a mark", no_bom, "the file is not UTF-8 text: it is UTF-16 without a byte-order mark"),
        ("utf32", utf32, "the file is not UTF-8 text: it is UTF-32"),
        ("latin-1", latin1, "the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1)"),
        ("odd utf16", cut, "UTF-16 but has an odd number of bytes"),
    ];
    for (name, bytes, expected) in cases {
        let err = import_bytes(&target, bytes).await.unwrap_err();
        assert_eq!(err.field(), Some("file"), "{name}: {err}");
        assert!(err.to_string().contains(expected), "{name}: expected {expected:?} in: {err}");
        assert_eq!(count(&target, "accounts").await, 0, "{name}");
    }
}

/// A book exported before the change log (the sample, written by that
/// build and committed) imports, and exports again byte for byte apart from
/// `exported_at`: no `changes` array appears, though the import logged every
/// record it loaded.
#[tokio::test]
async fn a_book_exported_before_the_change_log_imports_and_exports_the_same() {
    let before = include_bytes!("../fixtures/book/sample_before_changes.json").to_vec();
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    let counts = import_bytes(&target, before.clone()).await.unwrap();
    assert_eq!((counts.accounts, counts.blueprints), (12, 8));
    assert!(count(&target, "changes").await > 0, "the import is in the log");
    let again = export_bytes(&target, now() + Duration::days(1)).await;
    assert!(!contains(&again, b"\"changes\""));
    assert_eq!(body(&again), body(&before));
}

fn edits(history: &[changes::Change]) -> Vec<(String, Option<String>, ChangeAction, String, String, String)> {
    history
        .iter()
        .filter(|c| c.mode == ChangeMode::Edit)
        .map(|c| {
            let fields = serde_json::to_string(&c.fields).unwrap();
            (c.at.to_rfc3339(), c.who.clone(), c.action, c.entity.clone(), c.entity_id.clone(), fields)
        })
        .collect()
}

#[tokio::test]
async fn the_change_log_travels_with_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let source = vault(&dir, "source.db").await;
    let pool = source.pool();
    settings::update(pool, &Settings { your_name: Some("Ines Okafor".into()), ..Settings::default() }).await.unwrap();
    let account = add_account(&source, "Northwind Freight").await;
    let later = now() + Duration::hours(2);
    let mut input = AccountInput::from(&account);
    input.tier = Some(Tier::Key);
    input.industry = Some("Logistics, \"ports\" & Øresund".into());
    input.business_environment = Some("Two lines\n\tof text".into());
    accounts::update(pool, &account.id, &input, later).await.unwrap();
    let bo = person(&source, Some(&account.id), "Bo Visser").await;
    let logged = InteractionInput {
        account_id: account.id.clone(),
        occurred_on: "2026-11-20".into(),
        kind: Some(InteractionKind::Call),
        summary: "Asked about the retrofit".into(),
        people: vec![bo.id.clone()],
        ..InteractionInput::default()
    };
    interactions::create(pool, &logged, later + Duration::hours(1)).await.unwrap();
    trash::delete(pool, TrashKind::Person, &bo.id, later + Duration::hours(2)).await.unwrap();
    let original = changes::history(pool, "account", &account.id).await.unwrap();
    assert!(edits(&original).len() >= 5, "{original:#?}");

    let exported = export_bytes(&source, later + Duration::days(1)).await;
    let parsed: Value = serde_json::from_slice(&exported).unwrap();
    let text = String::from_utf8(exported.clone()).unwrap();
    let at = |key: &str| text.find(&format!(",\n\"{key}\":[")).or(text.find(&format!(",\n\"{key}\":{{"))).unwrap();
    assert!(
        at("health_history") < at("changes") && at("changes") < at("settings"),
        "after health_history, before settings"
    );
    let entries = parsed["changes"].as_array().unwrap();
    let first = &entries[0];
    let first_line = text.split("\"changes\":[\n").nth(1).unwrap().lines().next().unwrap();
    let order: Vec<usize> = ["at", "who", "action", "entity", "entity_id", "account_id", "fields"]
        .iter()
        .map(|k| first_line.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(order.is_sorted() && order[0] == 1, "{first_line}");
    assert_eq!((first["who"].as_str(), first["action"].as_str()), (Some("Ines Okafor"), Some("create")));
    let lines = text.split("\"changes\":[\n").nth(1).unwrap().split("\n]").next().unwrap();
    assert_eq!(lines.lines().count(), entries.len(), "one entry per line");

    let dir2 = tempfile::tempdir().unwrap();
    let target = vault(&dir2, "target.db").await;
    import_bytes(&target, exported.clone()).await.unwrap();
    let restored = changes::history(target.pool(), "account", &account.id).await.unwrap();
    assert_eq!(edits(&restored), edits(&original), "the same edits, who and when");
    assert!(restored.iter().any(|c| c.mode == ChangeMode::Import), "and the import itself");

    let again = export_bytes(&target, now() + Duration::days(9)).await;
    assert_eq!(String::from_utf8_lossy(body(&again)), String::from_utf8_lossy(body(&exported)));
}

#[tokio::test]
async fn bad_change_log_entries_are_refused_with_the_entry_and_field_named() {
    let book = small_book();
    let entry = json!({"at": "2026-11-20T10:00:00.000Z", "who": "Ada", "action": "update", "entity": "account",
        "entity_id": "01900000-0000-7000-8000-00000000000a", "account_id": "01900000-0000-7000-8000-00000000000a",
        "fields": {"tier": ["key", "strategic"]}});
    let with = |change: Value| {
        let mut book = book.clone();
        book.as_object_mut().unwrap().insert("changes".into(), json!([entry.clone(), change]));
        to_bytes(&book)
    };
    let cases = [
        (
            json!({"action": "edited"}),
            "changes[1] (account 01900000-0000-7000-8000-00000000000a): action: \"edited\" is not allowed",
        ),
        (
            json!({"at": "yesterday"}),
            "changes[1] (account 01900000-0000-7000-8000-00000000000a): at: \"yesterday\" is not an RFC 3339",
        ),
        (json!({"who": "Ada\nLind"}), "changes[1] (account 01900000-0000-7000-8000-00000000000a): who:"),
        (json!({"entity": null}), "changes[1]: entity: is required"),
        (
            json!({"fields": {"tier": "key"}}),
            "changes[1] (account 01900000-0000-7000-8000-00000000000a): fields: tier: must be a pair [old, new]",
        ),
        (json!({"fields": ["tier"]}), "changes[1]: "),
    ];
    let dir = tempfile::tempdir().unwrap();
    let target = vault(&dir, "target.db").await;
    for (patch, expected) in cases {
        let mut change = entry.clone();
        for (k, v) in patch.as_object().unwrap() {
            change[k] = v.clone();
        }
        let err = import_bytes(&target, with(change)).await.unwrap_err();
        assert!(err.to_string().contains(expected), "{expected}\n{err}");
        assert_eq!((count(&target, "accounts").await, count(&target, "changes").await), (0, 0));
    }
    import_bytes(&target, with(entry.clone())).await.unwrap();
    let history = changes::history(target.pool(), "account", "01900000-0000-7000-8000-00000000000a").await.unwrap();
    let restored: Vec<_> = history.iter().filter(|c| c.mode == ChangeMode::Edit).collect();
    assert_eq!(restored.len(), 2);
    assert_eq!(
        (restored[0].fields[0].field.as_str(), &restored[0].fields[0].old, &restored[0].fields[0].new),
        ("tier", &json!("key"), &json!("strategic"))
    );
}
