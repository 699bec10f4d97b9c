//! Opening the SQLCipher database through sqlx, and the maintenance operations
//! that need raw SQL (backup, integrity check).

use std::path::Path;
use std::sync::{Condvar, Mutex, Once, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row};

use crate::error::{Error, Result};
use crate::secret::DataKey;

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Pool size: the UI issues a few calls at once; SQLite serialises writers anyway.
const MAX_CONNECTIONS: u32 = 4;
/// 64 MiB page cache per connection (negative = KiB). SQLCipher decrypts every page
/// it reads, so a small cache costs several times the CPU on bulk work.
const CACHE_SIZE_KIB: &str = "-65536";

/// The base of every connection to a vault file: keyed first, never logged.
fn keyed(path: &Path, key: &DataKey) -> SqliteConnectOptions {
    unlogged()
        .filename(path)
        // `key` is the first pragma sqlx sends on every new connection (its slot is
        // reserved at the head of the pragma list), so no statement ever runs unkeyed.
        .pragma("key", key.sqlcipher_literal().to_string())
}

/// The base of every connection this process makes: never logged (sqlx logs
/// every statement at DEBUG, `PRAGMA key` included), and run on a worker
/// thread named so that process exit can wait for it ([`wait_at_exit`]).
fn unlogged() -> SqliteConnectOptions {
    exit_waits_for_connections();
    SqliteConnectOptions::new()
        .thread_name(|id| format!("{WORKER_THREAD}{id}"))
        .log_statements(log::LevelFilter::Off)
        .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(3600))
}

fn connect_options(path: &Path, key: &DataKey, create: bool) -> SqliteConnectOptions {
    keyed(path, key)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power
        // loss. A user's edit must be on disk when the call returns; the cost is
        // one fsync per transaction, invisible at human editing speed.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .pragma("cache_size", CACHE_SIZE_KIB)
        // Sorts and temporary tables stay in memory, never in a temp file.
        .pragma("temp_store", "MEMORY")
}

/// Pools being closed on threads of their own ([`close_behind`]).
static CLOSING: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());
/// How long process exit waits for closing connections at most.
const EXIT_WAIT: Duration = Duration::from_secs(10);
/// The name of every SQLite worker thread of this process, before its number
/// (at most 15 bytes in all: the kernel's limit for a thread name).
const WORKER_THREAD: &str = "rapport-db-";

/// Makes process exit wait for connections still closing ([`wait_at_exit`]).
///
/// SQLCipher frees its provider, heap and mutexes at exit (an `atexit`
/// handler it registers when SQLite initialises, and again from
/// `.fini_array`). A connection still closing on its sqlx worker thread at
/// that moment crashes the process: SIGSEGV or "double free", after the
/// process has printed everything and chosen its exit code. Connections close
/// on their worker thread whenever they are dropped rather than closed: a
/// vault dropped without [`Vault::lock`](super::Vault::lock), and a half-made
/// connection sqlx drops itself when a damaged file fails a connection's
/// first pragma. `atexit` handlers run in the reverse order of registration,
/// so SQLite is initialised first and this handler, registered after
/// SQLCipher's, runs before it.
fn exit_waits_for_connections() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        unsafe extern "C" {
            fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
        }
        // SAFETY: `sqlite3_initialize` is safe to call at any time and from any
        // thread; `atexit` registers a plain function with no arguments.
        unsafe {
            libsqlite3_sys::sqlite3_initialize();
            if atexit(wait_at_exit) != 0 {
                tracing::warn!("could not register the wait for closing connections at exit");
            }
        }
    });
}

/// Closes a pool nobody will use again, on a thread of its own; process exit
/// waits until it is closed ([`exit_waits_for_connections`]).
pub(crate) fn close_behind(pool: SqlitePool) {
    if pool.is_closed() {
        return;
    }
    let (count, _) = &CLOSING;
    *count.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    let closed = move || {
        if let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
            runtime.block_on(pool.close());
        }
        let (count, done) = &CLOSING;
        let mut count = count.lock().unwrap_or_else(PoisonError::into_inner);
        *count -= 1;
        done.notify_all();
    };
    if let Err(e) = std::thread::Builder::new().name("rapport-close".into()).spawn(closed) {
        // No thread: the pool closes as it is dropped, and exit waits for its workers.
        tracing::warn!("could not start a thread to close the vault: {e}");
        *CLOSING.0.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
    }
}

/// Waits, for [`EXIT_WAIT`] at most, until the pools handed to
/// [`close_behind`] are closed and no SQLite worker thread is left.
extern "C" fn wait_at_exit() {
    let deadline = std::time::Instant::now() + EXIT_WAIT;
    {
        let (count, done) = &CLOSING;
        let count = count.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = done.wait_timeout_while(count, EXIT_WAIT, |n| *n > 0);
    }
    while sqlite_workers() > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// How many SQLite worker threads this process has (Linux: read from
/// `/proc`; elsewhere unknown, and exit relies on [`close_behind`] alone).
pub(crate) fn sqlite_workers() -> usize {
    #[cfg(target_os = "linux")]
    {
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return 0 };
        tasks
            .filter_map(|task| std::fs::read(task.ok()?.path().join("comm")).ok())
            .filter(|comm| comm.starts_with(WORKER_THREAD.as_bytes()))
            .count()
    }
    #[cfg(not(target_os = "linux"))]
    {
        0
    }
}

/// SQLCipher writes "ERROR CORE" lines to stderr on a wrong key; the caller gets
/// a proper error instead. The level is process-wide, so set it once.
async fn quiet_sqlcipher() {
    static QUIET: Once = Once::new();
    if QUIET.is_completed() {
        return;
    }
    if let Ok(mut conn) = unlogged().in_memory(true).connect().await {
        let _ = sqlx::query("PRAGMA cipher_log_level = NONE").execute(&mut conn).await;
        let _ = conn.close().await;
        QUIET.call_once(|| {});
    }
}

/// Opens (or creates) the encrypted database and brings its schema up to date.
pub(crate) async fn open(path: &Path, key: &DataKey, create: bool) -> Result<SqlitePool> {
    quiet_sqlcipher().await;
    let pool = SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect_with(connect_options(path, key, create))
        .await
        .map_err(Error::from)?;
    let ready = async {
        // Reading the schema fails with SQLITE_NOTADB when the key is wrong.
        sqlx::query("SELECT count(*) FROM sqlite_master").fetch_one(&pool).await?;
        super::backup_files::before_migration(path, &pool, key).await?;
        MIGRATOR.run(&pool).await?;
        super::triggers::install(&pool).await
    }
    .await;
    if let Err(e) = ready {
        // Closed here, not dropped: see [`exit_waits_for_connections`].
        pool.close().await;
        return Err(e);
    }
    Ok(pool)
}

/// For benchmarks only: the same database, options and schema with no key,
/// i.e. plain SQLite from the same build, so the cost of encryption is a ratio.
#[cfg(feature = "bench")]
pub(crate) async fn open_unencrypted(path: &Path) -> Result<SqlitePool> {
    let options = unlogged()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .pragma("cache_size", CACHE_SIZE_KIB)
        .pragma("temp_store", "MEMORY");
    let pool = SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS).connect_with(options).await?;
    MIGRATOR.run(&pool).await?;
    super::triggers::install(&pool).await?;
    Ok(pool)
}

/// A connection for one bulk load (import, generated book): a big page cache
/// for the load, and closed when dropped instead of going back to the pool,
/// so no pooled connection is left with a cache full of the load's pages
/// (measured: such a connection answered the account list in 50 ms instead
/// of 5).
pub(crate) async fn bulk_connection(pool: &SqlitePool) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
    refuse_if_damaged(pool)?;
    let mut conn = pool.acquire().await?;
    conn.close_on_drop();
    sqlx::query("PRAGMA cache_size = -262144").execute(&mut *conn).await?;
    Ok(conn)
}

/// How long a write waits for another process's write (an import can hold
/// the lock for minutes) before giving up with [`Error::Busy`].
const WRITE_WAIT: Duration = Duration::from_secs(60);

/// [`WRITE_WAIT`], or `RAPPORT_WRITE_WAIT_SECS` when set (tests shorten it).
fn write_wait() -> Duration {
    std::env::var("RAPPORT_WRITE_WAIT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(WRITE_WAIT, Duration::from_secs)
}

/// Retries `BEGIN IMMEDIATE` while another process holds the write lock.
/// Each attempt already waits up to the busy timeout inside SQLite; between
/// attempts a short pause, doubling up to a second, until [`write_wait`] has
/// passed.
struct WriteWait {
    deadline: std::time::Instant,
    pause: Duration,
    signalled: bool,
}

impl WriteWait {
    fn new() -> Self {
        Self { deadline: std::time::Instant::now() + write_wait(), pause: Duration::from_millis(50), signalled: false }
    }

    /// After a busy attempt: `Ok` to try again, or the error to give up with.
    async fn again(&mut self, e: sqlx::Error) -> Result<()> {
        if !crate::error::is_busy(&e) {
            return Err(e.into());
        }
        if !self.signalled {
            self.signalled = true;
            tracing::info!("another process is writing to the vault; waiting");
            crate::files::test_signal("busy");
        }
        let now = std::time::Instant::now();
        if now >= self.deadline {
            return Err(Error::Busy(crate::error::BUSY.into()));
        }
        tokio::time::sleep(self.pause.min(self.deadline - now)).await;
        self.pause = (self.pause * 2).min(Duration::from_secs(1));
        Ok(())
    }
}

/// What a write transaction is recorded as in the change log (see
/// [`crate::changes`] and `vault/triggers.rs`): the triggers on the book's tables read it from the
/// one-row `change_context` table, set at the start of every write.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stamp {
    /// A user's edit at this moment of the app's clock.
    Edit(DateTime<Utc>),
    /// A bulk load (book import, CSV import, generated sample): one entry per
    /// record, without its fields.
    Import(DateTime<Utc>),
    /// Derived data (health scores, summaries) and local preferences: the
    /// tables it writes keep no history. A book table written under it is
    /// still recorded, at the database's own clock.
    Upkeep,
}

impl Stamp {
    fn at(self) -> Option<String> {
        match self {
            Stamp::Edit(at) | Stamp::Import(at) => Some(crate::text::timestamp(at)),
            Stamp::Upkeep => None,
        }
    }

    fn mode(self) -> &'static str {
        match self {
            Stamp::Edit(_) => "edit",
            Stamp::Import(_) => "import",
            Stamp::Upkeep => "upkeep",
        }
    }
}

/// Sets who and when the transaction's changes are recorded as: the user
/// named in settings, at the stamp's time.
async fn stamp(conn: &mut sqlx::SqliteConnection, stamp: Stamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO change_context (id, at, who, mode)
         VALUES (1, ?1, (SELECT value FROM settings WHERE key = 'your_name'), ?2)
         ON CONFLICT (id) DO UPDATE SET at = excluded.at, who = excluded.who, mode = excluded.mode",
    )
    .bind(stamp.at())
    .bind(stamp.mode())
    .execute(conn)
    .await?;
    Ok(())
}

/// Starts a write transaction for a user's edit at `now` (the app's clock),
/// which the change log records. IMMEDIATE takes the write lock up front, so
/// the busy timeout applies and writers queue; a deferred transaction that
/// reads first and then writes fails at once with SQLITE_BUSY when another
/// writer committed in between. Every write path goes through here,
/// [`begin_write_as`] or, for a bulk load on its own connection,
/// [`begin_write_on`].
///
/// Refuses with [`Error::Corrupt`] when the vault failed its check at unlock
/// ([`mark_damaged`]): writing to a damaged file can only spread the damage.
/// Waits for another process's write up to [`write_wait`], then fails with
/// [`Error::Busy`].
pub(crate) async fn begin_write(
    pool: &SqlitePool,
    now: DateTime<Utc>,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    begin_write_as(pool, Stamp::Edit(now)).await
}

/// [`begin_write`] for derived data and local preferences ([`Stamp::Upkeep`]).
pub(crate) async fn begin_upkeep(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    begin_write_as(pool, Stamp::Upkeep).await
}

/// [`begin_write`], recorded as `stamp` says.
pub(crate) async fn begin_write_as(
    pool: &SqlitePool,
    stamp_as: Stamp,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    refuse_if_damaged(pool)?;
    let mut wait = WriteWait::new();
    loop {
        match pool.begin_with("BEGIN IMMEDIATE").await {
            Ok(mut tx) => {
                crate::files::test_pause("write");
                stamp(&mut tx, stamp_as).await?;
                return Ok(tx);
            }
            Err(e) => wait.again(e).await?,
        }
    }
}

/// [`begin_write_as`] on a connection of its own (from [`bulk_connection`],
/// which has already refused a damaged vault). Waits for the lock with a
/// `BEGIN IMMEDIATE` that is rolled back at once, then takes it for real: a
/// transaction borrowed from the connection cannot be retried in a loop.
pub(crate) async fn begin_write_on(
    conn: &mut sqlx::SqliteConnection,
    stamp_as: Stamp,
) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
    let mut wait = WriteWait::new();
    loop {
        match sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut *conn).await {
            Ok(_) => {
                sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await?;
                break;
            }
            Err(e) => wait.again(e).await?,
        }
    }
    let mut tx = sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?;
    crate::files::test_pause("write");
    stamp(&mut tx, stamp_as).await?;
    Ok(tx)
}

/// Vaults found damaged at unlock in this process, by database path, with
/// what the check said. Consulted by every write; cleared by a clean check
/// (after a restore, say).
static DAMAGED: Mutex<Vec<(std::path::PathBuf, String)>> = Mutex::new(Vec::new());

pub(crate) fn mark_damaged(path: &Path, why: Option<String>) {
    let mut damaged = DAMAGED.lock().unwrap_or_else(PoisonError::into_inner);
    damaged.retain(|(p, _)| p != path);
    if let Some(why) = why {
        damaged.push((path.to_path_buf(), why));
    }
}

/// What the check at unlock found wrong with the vault at `path`, if anything.
pub(crate) fn damage(path: &Path) -> Option<String> {
    let damaged = DAMAGED.lock().unwrap_or_else(PoisonError::into_inner);
    damaged.iter().find(|(p, _)| p == path).map(|(_, why)| why.clone())
}

fn refuse_if_damaged(pool: &SqlitePool) -> Result<()> {
    match damage(pool.connect_options().get_filename()) {
        Some(why) => Err(Error::Corrupt(format!(
            "the vault is damaged ({why}), so nothing more is written to it; restore it from a backup \
             (rapport restore), or export what can still be read"
        ))),
        None => Ok(()),
    }
}

/// Problems reported by SQLite (a row may hold several lines) as one short
/// line: the first three, and how many more.
fn one_line<'a>(rows: impl IntoIterator<Item = &'a str>) -> String {
    let lines: Vec<&str> = rows.into_iter().flat_map(str::lines).map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut text = lines.iter().take(3).copied().collect::<Vec<_>>().join("; ");
    if lines.len() > 3 {
        text.push_str(&format!("; and {} more", lines.len() - 3));
    }
    text
}

/// `PRAGMA quick_check`: every page read (so every page's authentication
/// code verified) and the b-tree structure checked, without the index
/// cross-check of `integrity_check`. `None` when sound, else what it found.
pub(crate) async fn quick_check(pool: &SqlitePool) -> Option<String> {
    match sqlx::query_scalar::<_, String>("PRAGMA quick_check").fetch_all(pool).await {
        Ok(lines) if lines == ["ok"] => None,
        Ok(lines) => Some(one_line(lines.iter().map(String::as_str))),
        Err(e) => Some(one_line([e.to_string().as_str()])),
    }
}

pub(crate) async fn cipher_version(pool: &SqlitePool) -> Result<String> {
    let row = sqlx::query("PRAGMA cipher_version").fetch_optional(pool).await?;
    Ok(row.map(|r| r.get::<String, _>(0)).unwrap_or_else(|| "not SQLCipher".into()))
}

pub(crate) async fn schema_version(pool: &SqlitePool) -> Result<i64> {
    let version: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success = 1").fetch_one(pool).await?;
    Ok(version.unwrap_or(0))
}

/// Copies the whole database into a new encrypted file with `sqlcipher_export`
/// (a logical copy through SQLCipher, so the result is consistent even while the
/// app writes, and never a plaintext intermediate).
pub(crate) async fn export_to(pool: &SqlitePool, key: &DataKey, dest: &Path) -> Result<()> {
    // A dedicated connection: ATTACH changes the schema a connection sees, which
    // must not leak into pooled connections and their statement caches. ATTACH
    // also inherits the main file's open flags, hence `create_if_missing`.
    let options = (*pool.connect_options()).clone().create_if_missing(true);
    let mut conn = options.connect().await?;
    let copied = copy_with_attached(&mut conn, dest, key, Direction::IntoAttached).await;
    conn.close().await?;
    copied
}

#[derive(Clone, Copy)]
enum Direction {
    IntoAttached,
    FromAttached,
}

/// Attaches `other` (same key) and copies everything one way with
/// `sqlcipher_export`, plus the header's user_version, which it does not copy.
async fn copy_with_attached(
    conn: &mut sqlx::SqliteConnection,
    other: &Path,
    key: &DataKey,
    direction: Direction,
) -> Result<()> {
    sqlx::query("ATTACH DATABASE ?1 AS other KEY ?2")
        .bind(utf8(other)?)
        .bind(key.sqlcipher_param().as_str())
        .execute(&mut *conn)
        .await?;
    let (target, source) = match direction {
        Direction::IntoAttached => ("other", "main"),
        Direction::FromAttached => ("main", "other"),
    };
    let copied = async {
        sqlx::query("SELECT sqlcipher_export(?1, ?2)").bind(target).bind(source).fetch_all(&mut *conn).await?;
        let user_version: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("PRAGMA {source}.user_version")))
            .fetch_one(&mut *conn)
            .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA {target}.user_version = {user_version}")))
            .execute(&mut *conn)
            .await?;
        Ok::<_, Error>(())
    }
    .await;
    let detached = sqlx::query("DETACH DATABASE other").execute(&mut *conn).await;
    copied?;
    detached?;
    Ok(())
}

fn utf8(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| Error::validation("output", "the path must be valid UTF-8"))
}

/// A connection to an existing vault file that never writes to it: no journal
/// mode change, no migrations.
async fn connect_read_only(path: &Path, key: &DataKey) -> Result<sqlx::SqliteConnection> {
    quiet_sqlcipher().await;
    let mut conn = keyed(path, key).read_only(true).connect().await?;
    if let Err(e) = sqlx::query("SELECT count(*) FROM sqlite_master").fetch_one(&mut conn).await {
        let _ = conn.close().await;
        return Err(e.into());
    }
    Ok(conn)
}

/// Checks a vault file (a backup, say) without writing to it.
pub(crate) async fn integrity_read_only(path: &Path, key: &DataKey) -> Result<IntegrityReport> {
    let mut conn = connect_read_only(path, key).await?;
    let checked = async {
        let integrity = sqlx::query_scalar::<_, String>("PRAGMA integrity_check").fetch_all(&mut conn).await?;
        let cipher = sqlx::query_scalar::<_, String>("PRAGMA cipher_integrity_check").fetch_all(&mut conn).await?;
        Ok::<_, Error>(IntegrityReport { integrity, cipher })
    }
    .await;
    conn.close().await?;
    checked
}

/// Fills a new encrypted file at `dest` from the vault file at `source` (same
/// key), reading the source only.
pub(crate) async fn import_from(dest: &Path, source: &Path, key: &DataKey) -> Result<()> {
    let mut conn = keyed(dest, key).create_if_missing(true).connect().await?;
    let copied = copy_with_attached(&mut conn, source, key, Direction::FromAttached).await;
    conn.close().await?;
    copied
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IntegrityReport {
    /// `PRAGMA integrity_check`: "ok" or the problems found.
    pub integrity: Vec<String>,
    /// `PRAGMA cipher_integrity_check`: empty when every page's HMAC verifies.
    pub cipher: Vec<String>,
}

impl IntegrityReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"] && self.cipher.is_empty()
    }

    /// The problems found, in a few words for a one-line message.
    pub fn summary(&self) -> String {
        let mut lines: Vec<&str> = self.integrity.iter().filter(|l| *l != "ok").map(String::as_str).collect();
        lines.extend(self.cipher.iter().map(String::as_str));
        one_line(lines)
    }
}

pub(crate) async fn integrity(pool: &SqlitePool) -> Result<IntegrityReport> {
    let integrity = sqlx::query_scalar::<_, String>("PRAGMA integrity_check").fetch_all(pool).await?;
    let cipher = sqlx::query_scalar::<_, String>("PRAGMA cipher_integrity_check").fetch_all(pool).await?;
    Ok(IntegrityReport { integrity, cipher })
}

#[cfg(test)]
mod migration_tests {
    use super::MIGRATOR;
    use sqlx::{Connection, SqliteConnection};

    /// Owners typed as names in the first schema become our people, once per
    /// name, and the accounts point at them.
    #[tokio::test]
    async fn owner_names_become_our_people() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        let [first, second] = &MIGRATOR.migrations[..2] else { panic!("two migrations") };
        sqlx::raw_sql(sqlx::AssertSqlSafe(first.sql.as_str().to_string())).execute(&mut conn).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO accounts (id, name, tier, owner_name, created_at, updated_at) VALUES
                ('a1', 'Alder', 'key', 'Ines Okafor', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
                ('a2', 'Birch', 'strategic', ' ines okafor ', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
                ('a3', 'Cedar', 'growth', NULL, '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z')",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(second.sql.as_str().to_string())).execute(&mut conn).await.unwrap();

        let people: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, name, side FROM people").fetch_all(&mut conn).await.unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!((people[0].1.as_str(), people[0].2.as_str()), ("Ines Okafor", "ours"));
        assert!(uuid::Uuid::parse_str(&people[0].0).is_ok(), "{}", people[0].0);
        let owners: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT a.id, a.owner_id, s.flags FROM accounts a JOIN account_summaries s ON s.account_id = a.id ORDER BY a.id",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        assert_eq!(owners[0].1.as_deref(), Some(people[0].0.as_str()));
        assert_eq!(owners[1].1.as_deref(), Some(people[0].0.as_str()));
        assert_eq!(owners[0].2, "no_sponsor no_ties");
        assert_eq!(owners[2].2, "no_ties");
        let indexed: i64 =
            sqlx::query_scalar("SELECT count(*) FROM search_index WHERE search_index MATCH 'okafor OR alder'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert_eq!(indexed, 2, "the account and the new person are searchable");
    }
}

#[cfg(test)]
mod exit_tests {
    use super::{open, sqlite_workers, wait_at_exit};
    use crate::secret::DataKey;

    const CHILD: &str = "vault::db::exit_tests::failed_opens_then_the_exit_wait";

    /// A damaged file fails a connection's first pragma, and sqlx drops that
    /// half-made connection itself: it closes on its worker thread while the
    /// caller is already reporting the error and exiting. Run alone, in a
    /// process of its own, so every SQLite worker thread counted is this test's.
    #[test]
    #[ignore = "run in a child process by `a_process_that_failed_to_open_exits_cleanly`"]
    fn failed_opens_then_the_exit_wait() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let key = DataKey::generate();
        let db = dir.path().join("book.db");
        runtime.block_on(async {
            open(&db, &key, true).await.unwrap().close().await;
            let bytes = std::fs::read(&db).unwrap();
            // The file's first page torn: SQLite cannot even read its header.
            std::fs::write(&db, [&bytes[..16], &[0x5a; 4080][..], &bytes[4096..]].concat()).unwrap();
            for _ in 0..20 {
                assert!(open(&db, &key, false).await.is_err(), "a torn first page must not open");
            }
        });
        drop(runtime);
        wait_at_exit();
        assert_eq!(sqlite_workers(), 0, "process exit went ahead with a connection still closing");
    }

    /// The process then ends by the test harness's exit, which runs SQLCipher's
    /// clean-up: it must exit 0, not by a signal.
    #[test]
    fn a_process_that_failed_to_open_exits_cleanly() {
        for _ in 0..3 {
            let output = std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--ignored", "--exact", CHILD, "--test-threads=1", "--nocapture"])
                .output()
                .unwrap();
            let printed = String::from_utf8_lossy(&output.stdout);
            assert!(printed.contains("1 passed"), "the child test did not run: {printed}");
            assert_eq!(output.status.code(), Some(0), "{printed}{}", String::from_utf8_lossy(&output.stderr));
        }
    }
}
