//! Writes a plain (unencrypted) SQLite file with the vault's schema: every
//! migration and the change-log triggers, and no data. sqlx's query macros
//! describe the store's queries against it when `scripts/sqlx-prepare.sh`
//! refreshes the offline query data in `crates/core/.sqlx/`.
//!
//! `cargo run -p rapport_core --features bench --example schema_db -- PATH`

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: schema_db PATH");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(path);
    if path.exists() {
        eprintln!("schema_db: {} exists; give a new path", path.display());
        std::process::exit(2);
    }
    match rapport_core::bench::open_unencrypted(&path).await {
        Ok(pool) => pool.close().await,
        Err(e) => {
            eprintln!("schema_db: {e}");
            std::process::exit(1);
        }
    }
}
