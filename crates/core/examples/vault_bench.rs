//! Times the vault's start-up paths on real files in a temp dir:
//! `cargo run -p rapport_core --example vault_bench [runs]`.
//! Prints the median and range of each over the runs (default 7).

use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport_core::accounts::{self, NewAccount};
use rapport_core::{CreateOptions, KeySource, KeyStore, Keychain, Secret, Vault, VaultPaths};

const PASSPHRASE: &str = "benchmark passphrase";

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<46} median {:>8.1} ms   min {:>8.1}   max {:>8.1}   (n={})",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(7);
    let dir = tempfile::tempdir().unwrap();
    // The sample store answers from memory: this isolates the vault's own cost
    // from the D-Bus round trip (measured separately below when available).
    let keychain: Arc<dyn KeyStore> = Arc::new(Keychain::from_store(keyring_core::sample::Store::new().unwrap()));
    let paths = VaultPaths::new(dir.path().join("rapport.db"));
    let options = CreateOptions { key_source: KeySource::Keychain, passphrase: Some(Secret::new(PASSPHRASE)) };
    let started = Instant::now();
    let created = Vault::create(&paths, options, &keychain, chrono::Utc::now()).await.unwrap();
    println!("create (two Argon2id slots, schema): {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    for i in 0..1000 {
        let input = NewAccount { name: format!("Account {i:04}"), tier: None, owner_name: None };
        accounts::create(created.vault.pool(), &input, chrono::Utc::now()).await.unwrap();
    }
    created.vault.lock().await;

    let mut open_keychain = Vec::new();
    let mut open_and_list = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let vault = Vault::unlock_with_keychain(&paths, &keychain).await.unwrap();
        open_keychain.push(t.elapsed());
        let n = accounts::list(vault.pool()).await.unwrap().len();
        open_and_list.push(t.elapsed());
        assert_eq!(n, 1000);
        vault.lock().await;
    }
    report("open with keychain key (in-memory store)", open_keychain);
    report("  … and list 1,000 accounts", open_and_list);

    let mut passphrase = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let vault = Vault::unlock_with_secret(&paths, &Secret::new(PASSPHRASE), &keychain).await.unwrap();
        passphrase.push(t.elapsed());
        vault.lock().await;
    }
    report("unlock with passphrase (Argon2id 64 MiB, t=3)", passphrase);

    let mut wrong = Vec::new();
    for _ in 0..runs.min(3) {
        let t = Instant::now();
        let _ = Vault::unlock_with_secret(&paths, &Secret::new("wrong passphrase!"), &keychain).await.unwrap_err();
        wrong.push(t.elapsed());
    }
    report("refuse a wrong passphrase (tries both slots)", wrong);

    match Keychain::system() {
        Ok(system) => {
            let system: Arc<dyn KeyStore> = Arc::new(system);
            let sys_paths = VaultPaths::new(dir.path().join("system.db"));
            let options = CreateOptions { key_source: KeySource::Keychain, passphrase: None };
            let created = Vault::create(&sys_paths, options, &system, chrono::Utc::now()).await.unwrap();
            let id = created.vault.status().await.unwrap().vault_id;
            created.vault.lock().await;
            let mut samples = Vec::new();
            for _ in 0..runs {
                let t = Instant::now();
                let vault = Vault::unlock_with_keychain(&sys_paths, &system).await.unwrap();
                samples.push(t.elapsed());
                vault.lock().await;
            }
            report("open with keychain key (real Secret Service)", samples);
            system.remove(&id).unwrap();
        }
        Err(e) => println!("real keychain: not measured ({e})"),
    }
}
