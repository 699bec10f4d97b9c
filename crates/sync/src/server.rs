//! The team server: a stock PostgreSQL (15 or newer) that stores each team's
//! events as ciphertext, in order, and lets each member's role see only its
//! own team's rows.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
pub use sqlx::postgres::PgConnectOptions;
use sqlx::postgres::{PgConnection, PgListener, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};
use uuid::Uuid;

use crate::envelope::Roster;
use crate::keys::{MemberKey, MemberPublicKey, TeamKey};

/// The server schema's migrations, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a connection attempt may take before the server counts as down.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What went wrong talking to the team server. Each message is one line for a
/// person, and never holds the password.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("the server address is not a PostgreSQL URL like postgres://USER:PASSWORD@HOST:5432/DATABASE ({0})")]
    BadUrl(String),
    #[error("cannot reach the PostgreSQL server at {at}: {why}")]
    Unreachable { at: String, why: String },
    #[error("the PostgreSQL server at {at} refused the user name or password")]
    Refused { at: String },
    #[error("the PostgreSQL server at {at} refused: {message}")]
    Server { at: String, message: String },
    #[error("setting up the server's schema at {at} failed: {why}")]
    Migration { at: String, why: String },
    #[error("the PostgreSQL server at {at} returned something that cannot be right: {why}")]
    Garbage { at: String, why: String },
    #[error("this member has not been admitted to team {team} on the server at {at}")]
    NotAdmitted { at: String, team: Uuid },
    #[error("the team key that the server at {at} holds for this member does not open with this member's keys")]
    TeamKeyUnreadable { at: String },
}

/// What `server_setup` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupReport {
    /// Migrations applied by this run, oldest first (empty when the server
    /// was up to date).
    pub applied: Vec<i64>,
    /// The schema version now on the server.
    pub version: i64,
}

/// Parses a server URL. The error names what is wrong without repeating the
/// URL, which may hold a password.
pub fn parse_url(url: &str) -> Result<PgConnectOptions, ServerError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(ServerError::BadUrl("it does not start with postgres://".into()));
    }
    let options = PgConnectOptions::from_str(url).map_err(|e| ServerError::BadUrl(without_url(&e.to_string())))?;
    // sqlx logs every statement at DEBUG; the server's statements carry no
    // secrets today, but keep the logs as quiet as the vault's.
    Ok(options.log_statements(log::LevelFilter::Off))
}

/// Where a connection goes, for messages: `host:port/database`.
fn address(options: &PgConnectOptions) -> String {
    format!("{}:{}/{}", options.get_host(), options.get_port(), options.get_database().unwrap_or("(default)"))
}

fn without_url(message: &str) -> String {
    // sqlx's URL errors describe the problem; keep only the first line.
    message.lines().next().unwrap_or("unreadable").to_string()
}

/// Opens one connection, turning failures into one clear line.
pub async fn connect(options: &PgConnectOptions) -> Result<PgConnection, ServerError> {
    let at = address(options);
    match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(options)).await {
        Err(_) => Err(ServerError::Unreachable { at, why: format!("no answer within {}s", CONNECT_TIMEOUT.as_secs()) }),
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(classify(e, at)),
    }
}

fn classify(error: sqlx::Error, at: String) -> ServerError {
    match error {
        sqlx::Error::Io(e) => ServerError::Unreachable { at, why: e.to_string() },
        sqlx::Error::Tls(e) => ServerError::Unreachable { at, why: format!("TLS: {e}") },
        // The listener's pool of one, when it cannot connect in time.
        sqlx::Error::PoolTimedOut => {
            ServerError::Unreachable { at, why: format!("no answer within {}s", CONNECT_TIMEOUT.as_secs()) }
        }
        sqlx::Error::Database(e) => match e.code().as_deref() {
            // invalid_password, invalid_authorization_specification
            Some("28P01" | "28000") => ServerError::Refused { at },
            _ => ServerError::Server { at, message: e.message().to_string() },
        },
        other => ServerError::Server { at, message: other.to_string() },
    }
}

/// Creates or brings up to date the team schema on a server, with an
/// administrator's connection (a role that may create schemas and roles).
/// Safe to run twice: applied migrations are recorded and skipped, and
/// concurrent runs wait for each other.
pub async fn server_setup(admin_url: &str) -> Result<SetupReport, ServerError> {
    let options = parse_url(admin_url)?;
    let at = address(&options);
    let mut conn = connect(&options).await?;
    let before = applied_versions(&mut conn, &at).await?;
    MIGRATOR.run(&mut conn).await.map_err(|e| ServerError::Migration { at: at.clone(), why: e.to_string() })?;
    let after = applied_versions(&mut conn, &at).await?;
    conn.close().await.ok();
    let applied = after.iter().copied().filter(|v| !before.contains(v)).collect();
    let version = after.last().copied().unwrap_or(0);
    Ok(SetupReport { applied, version })
}

async fn applied_versions(conn: &mut PgConnection, at: &str) -> Result<Vec<i64>, ServerError> {
    // sqlx keeps its ledger in `_sqlx_migrations` (made by the first run).
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| classify(e, at.to_string()))?;
    if !exists {
        return Ok(Vec::new());
    }
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| classify(e, at.to_string()))
}

/// One event as the server returns it: the routing it sees in the clear and
/// the sealed bytes (see [`crate::envelope`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub seq: i64,
    pub member: Uuid,
    pub bytes: Vec<u8>,
    pub at: DateTime<Utc>,
}

/// A member as the server lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedMember {
    pub id: Uuid,
    /// Their PostgreSQL role.
    pub role: String,
    pub owner: bool,
    /// Whether the team key has been wrapped for them.
    pub admitted: bool,
    /// Their public keys (`None` if the server holds something that is not one).
    pub key: Option<MemberPublicKey>,
    /// A waiting member's proof of their invitation.
    pub proof: Option<[u8; 32]>,
    pub joined_at: DateTime<Utc>,
}

/// A `members` row as [`Member::members`] reads it: id, role, owner,
/// admitted, public key, proof, joined at.
type MemberRow = (Uuid, String, bool, bool, Vec<u8>, Option<Vec<u8>>, DateTime<Utc>);

/// A member's connection to the team server, as their own role.
pub struct Member {
    conn: PgConnection,
    at: String,
}

impl Member {
    pub async fn connect(url: &str) -> Result<Self, ServerError> {
        Self::connect_with(&parse_url(url)?).await
    }

    /// [`Self::connect`] with options already parsed (a password added from
    /// the keychain, say).
    pub async fn connect_with(options: &PgConnectOptions) -> Result<Self, ServerError> {
        let at = address(options);
        Ok(Self { conn: connect(options).await?, at })
    }

    /// Creates team `team` with this role as its owner, member `member`,
    /// admitted with the team key wrapped for themselves.
    pub async fn create_team(
        &mut self,
        team: Uuid,
        member: Uuid,
        key: &MemberPublicKey,
        wrapped_team_key: &[u8],
    ) -> Result<(), ServerError> {
        sqlx::query("SELECT rapport.create_team($1, $2, $3, $4)")
            .bind(team)
            .bind(member)
            .bind(key.to_bytes().to_vec())
            .bind(wrapped_team_key)
            .execute(&mut self.conn)
            .await
            .map_err(|e| classify(e, self.at.clone()))?;
        Ok(())
    }

    /// Asks to join `team` as `member`, with this role's public keys and the
    /// proof that it holds the invitation (see [`crate::keys::invitation_proof`]).
    pub async fn join_team(
        &mut self,
        team: Uuid,
        member: Uuid,
        key: &MemberPublicKey,
        proof: &[u8; 32],
    ) -> Result<(), ServerError> {
        sqlx::query("SELECT rapport.join_team($1, $2, $3, $4)")
            .bind(team)
            .bind(member)
            .bind(key.to_bytes().to_vec())
            .bind(proof.to_vec())
            .execute(&mut self.conn)
            .await
            .map_err(|e| classify(e, self.at.clone()))?;
        Ok(())
    }

    /// Writes the team key wrapped for a waiting member (the owner only);
    /// false when they were admitted already.
    pub async fn admit(&mut self, team: Uuid, member: Uuid, wrapped_team_key: &[u8]) -> Result<bool, ServerError> {
        sqlx::query_scalar("SELECT rapport.admit($1, $2, $3)")
            .bind(team)
            .bind(member)
            .bind(wrapped_team_key)
            .fetch_one(&mut self.conn)
            .await
            .map_err(|e| classify(e, self.at.clone()))
    }

    /// The team's members as the server lists them, admitted or waiting,
    /// oldest first.
    pub async fn members(&mut self, team: Uuid) -> Result<Vec<ListedMember>, ServerError> {
        let rows: Vec<MemberRow> = sqlx::query_as(
            "SELECT id, role::text, owner, team_key IS NOT NULL, public_key, proof, joined_at \
               FROM rapport.members WHERE team = $1 ORDER BY joined_at, id",
        )
        .bind(team)
        .fetch_all(&mut self.conn)
        .await
        .map_err(|e| classify(e, self.at.clone()))?;
        Ok(rows
            .into_iter()
            .map(|(id, role, owner, admitted, key, proof, joined_at)| ListedMember {
                id,
                role,
                owner,
                admitted,
                key: MemberPublicKey::from_bytes(&key),
                proof: proof.and_then(|p| <[u8; 32]>::try_from(p.as_slice()).ok()),
                joined_at,
            })
            .collect())
    }

    /// Appends sealed events to the team's log as `member`, all or none, in
    /// one statement; the server numbers them in the order given and returns
    /// their numbers. Row-level security refuses a team the role is not in
    /// and a member the role is not.
    pub async fn push(&mut self, team: Uuid, member: Uuid, events: &[Vec<u8>]) -> Result<Vec<i64>, ServerError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        // Row triggers run in the order the rows are inserted, and each sees
        // the rows before it (see the migration's next_seq).
        let mut numbers: Vec<i64> = sqlx::query_scalar(
            "INSERT INTO rapport.events (team, member, bytes) \
             SELECT $1, $2, e.bytes FROM unnest($3::bytea[]) WITH ORDINALITY AS e (bytes, n) ORDER BY e.n \
             RETURNING seq",
        )
        .bind(team)
        .bind(member)
        .bind(events)
        .fetch_all(&mut self.conn)
        .await
        .map_err(|e| classify(e, self.at.clone()))?;
        numbers.sort_unstable();
        Ok(numbers)
    }

    /// The team's events after `after`, in order, at most `limit`.
    pub async fn pull(&mut self, team: Uuid, after: i64, limit: u32) -> Result<Vec<StoredEvent>, ServerError> {
        let rows: Vec<(i64, Uuid, Vec<u8>, DateTime<Utc>)> = sqlx::query_as(
            "SELECT seq, member, bytes, at FROM rapport.events WHERE team = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(team)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&mut self.conn)
        .await
        .map_err(|e| classify(e, self.at.clone()))?;
        Ok(rows.into_iter().map(|(seq, member, bytes, at)| StoredEvent { seq, member, bytes, at }).collect())
    }

    /// Where this connection goes, for messages: `host:port/database`.
    pub fn address(&self) -> &str {
        &self.at
    }

    /// The team key wrapped for `member` (see [`crate::keys`]), opened with
    /// the member's keys.
    pub async fn team_key(&mut self, team: Uuid, member: Uuid, mine: &MemberKey) -> Result<TeamKey, ServerError> {
        let wrapped: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT team_key FROM rapport.members WHERE team = $1 AND id = $2")
                .bind(team)
                .bind(member)
                .fetch_optional(&mut self.conn)
                .await
                .map_err(|e| classify(e, self.at.clone()))?;
        let Some(Some(wrapped)) = wrapped else {
            return Err(ServerError::NotAdmitted { at: self.at.clone(), team });
        };
        TeamKey::unwrap(&wrapped, team, member, mine).ok_or(ServerError::TeamKeyUnreadable { at: self.at.clone() })
    }

    /// The team's admitted members and their public keys, as the server
    /// lists them. A key that is not a valid Ed25519 key leaves its member out: their
    /// events are then refused as not a member's.
    pub async fn roster(&mut self, team: Uuid) -> Result<Roster, ServerError> {
        let rows: Vec<(Uuid, Vec<u8>)> =
            sqlx::query_as("SELECT id, public_key FROM rapport.members WHERE team = $1 AND team_key IS NOT NULL")
                .bind(team)
                .fetch_all(&mut self.conn)
                .await
                .map_err(|e| classify(e, self.at.clone()))?;
        let mut roster = Roster::new(team);
        for (member, key) in rows {
            if let Some(key) = MemberPublicKey::from_bytes(&key) {
                roster.admit(member, key);
            }
        }
        Ok(roster)
    }
}

/// Waits for a team's log to grow: PostgreSQL's LISTEN/NOTIFY on the team's
/// channel, which every insert into its events notifies on commit.
pub struct Listener {
    inner: PgListener,
    at: String,
}

impl Listener {
    pub async fn connect(url: &str, team: Uuid) -> Result<Self, ServerError> {
        let options = parse_url(url)?;
        let at = address(&options);
        let fail = |e| classify(e, at.clone());
        // One connection, kept: the listener reconnects through this pool.
        let connecting = PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_with(options);
        let pool = connecting.await.map_err(fail)?;
        let mut inner = PgListener::connect_with(&pool).await.map_err(fail)?;
        inner.ignore_pool_close_event(true);
        inner.listen(&channel(team)).await.map_err(fail)?;
        Ok(Self { inner, at })
    }

    /// Waits up to `timeout`. `true` when the team's log may have grown
    /// since the last call — a notification came, or the connection dropped
    /// and notifications may have been missed — so the caller should pull.
    pub async fn wait(&mut self, timeout: Duration) -> Result<bool, ServerError> {
        match tokio::time::timeout(timeout, self.inner.try_recv()).await {
            Err(_) => Ok(false),
            Ok(Ok(_)) => {
                // A pushed batch may have left several; one pull sees them all.
                while self.inner.next_buffered().is_some() {}
                Ok(true)
            }
            Ok(Err(e)) => Err(classify(e, self.at.clone())),
        }
    }
}

/// The team's notification channel (see the migration's `notify_team`).
fn channel(team: Uuid) -> String {
    format!("rapport_{}", team.simple())
}
