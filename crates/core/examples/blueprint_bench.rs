//! The capture benchmark: how long from Enter to an idea shown and stored,
//! with 500 ideas already in the blueprint, through the core in a real
//! encrypted vault (`store::apply` loads the aggregate, applies the command,
//! writes the changed row, commits, and returns the whole screen's view).
//! Also the view's size as JSON, which is what crosses IPC.
//!
//! `cargo run --release -p rapport_core --example blueprint_bench [ideas] [adds]`
//! (also a step of `scripts/bench.sh`).

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use rapport_core::blueprint::store::{self, BlueprintInput};
use rapport_core::blueprint::{BlueprintCommand as C, IdeaKind, PersonRef};
use rapport_core::kinds::{Function, Side};
use rapport_core::{CreateOptions, KeySource, NoKeychain, Secret, Vault, VaultPaths};
use rapport_sample as demo;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

const KINDS: [IdeaKind; 5] =
    [IdeaKind::Innovation, IdeaKind::ImplementationFailure, IdeaKind::Relationship, IdeaKind::Growth, IdeaKind::Risk];

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().expect("numbers: ideas, adds"));
    let before = args.next().unwrap_or(500);
    let adds = args.next().unwrap_or(200);
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let today = now.date_naive();
    let dir = tempfile::tempdir().unwrap();
    let keychain: std::sync::Arc<dyn rapport_core::KeyStore> = std::sync::Arc::new(NoKeychain);
    let options = CreateOptions { key_source: KeySource::Passphrase, passphrase: Some(Secret::new("bench pass")) };
    let vault =
        Vault::create(&VaultPaths::new(dir.path().join("rapport.db")), options, &keychain, now).await.unwrap().vault;
    let pool = vault.pool();
    demo::load_sample(pool, now).await.unwrap();
    let account: String = sqlx::query_scalar(
        "SELECT id FROM accounts WHERE deleted_at IS NULL AND id NOT IN (SELECT account_id FROM blueprints) ORDER BY name LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let ours: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, function FROM people WHERE side = 'ours' AND active = 1 AND deleted_at IS NULL ORDER BY name LIMIT 6",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let input = BlueprintInput {
        account_id: account,
        starts_on: "2031-01-01".into(),
        ends_on: "2031-12-31".into(),
        question: None,
    };
    let id = store::create(pool, &input, now).await.unwrap().blueprint.id;
    for (person, function) in &ours {
        let function = Function::parse(function).unwrap();
        let person = PersonRef { id: person.clone(), side: Side::Ours };
        store::apply(pool, &id, C::AddParticipant { person, function }, now, today).await.unwrap();
    }
    store::apply(pool, &id, C::Advance, now, today).await.unwrap();
    let idea = |n: usize| C::AddIdea {
        id: format!("idea-{n:05}"),
        text: format!("Idea {n}: ask their operations team which delivery windows would save them a night shift"),
        participant_id: Some(ours[n % ours.len()].0.clone()),
        kind: KINDS[n % KINDS.len()],
    };
    for n in 0..before {
        store::apply(pool, &id, idea(n), now, today).await.unwrap();
    }

    let mut samples = Vec::with_capacity(adds);
    let mut view_bytes = 0;
    for n in before..before + adds {
        let started = Instant::now();
        let view = store::apply(pool, &id, idea(n), now, today).await.unwrap();
        let json = serde_json::to_vec(&view).unwrap();
        samples.push(started.elapsed());
        view_bytes = json.len();
        assert_eq!(view.blueprint.ideas.len(), n + 1);
    }
    samples.sort();
    println!("Blueprint capture, {before} ideas already in, {adds} more added one by one (release, SQLCipher vault):");
    println!("  Enter → stored and the view back, as JSON   median {:6.2} ms", ms(percentile(&samples, 0.5)));
    println!("                                              p95    {:6.2} ms", ms(percentile(&samples, 0.95)));
    println!("                                              max    {:6.2} ms", ms(*samples.last().unwrap()));
    println!("  the view as JSON                            {:6} KB", view_bytes / 1024);
    let started = Instant::now();
    store::view(pool, &id, today).await.unwrap();
    println!("  opening the blueprint (view only)           {:6.2} ms", ms(started.elapsed()));
}
