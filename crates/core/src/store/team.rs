//! The vault's side of a team (docs/SYNC.md): its membership and positions,
//! the clocks the merge compares, and applying a teammate's change to the
//! book's tables so that the change log records it as theirs.
//!
//! A change names its record kind, id and columns; the columns written are
//! only those the change log records for that table (read from the schema,
//! as the log's triggers are), so an event can never reach a column or a
//! table the log does not know.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::SqliteConnection;

use crate::changes::{Change, ChangeAction};
use crate::error::{Error, Result};
use crate::store::changes::{ChangeRow, read_change};
use crate::vault::triggers::{self, Table};

/// This vault's membership of a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub team_id: String,
    pub team_name: String,
    /// `postgres://ROLE@HOST:PORT/DATABASE`, never with a password.
    pub server_url: String,
    pub member_id: String,
    /// `owner` or `member`.
    pub role: String,
    pub owner_fingerprint: String,
    /// The last server event applied here.
    pub pulled_seq: i64,
    /// The last local change-log entry pushed.
    pub pushed_seq: i64,
    /// The last local change-log entry given a clock.
    pub stamped_seq: i64,
    /// The hybrid logical clock (milliseconds << 12 | a counter).
    pub clock: i64,
    pub joined_at: String,
}

pub(crate) async fn membership(conn: &mut SqliteConnection) -> Result<Option<Membership>> {
    Ok(sqlx::query_as!(
        Membership,
        "SELECT team_id, team_name, server_url, member_id, role, owner_fingerprint, pulled_seq, pushed_seq,
                stamped_seq, clock, joined_at
           FROM team_membership WHERE id = 1"
    )
    .fetch_optional(conn)
    .await?)
}

/// Records the membership, with every position at the start of the log:
/// refused when the vault is in a team already.
pub(crate) async fn insert_membership(conn: &mut SqliteConnection, m: &Membership) -> Result<()> {
    if membership(&mut *conn).await?.is_some() {
        return Err(Error::Refused("this vault is in a team already; one vault shares one team".into()));
    }
    // Changes made before joining are the book as it was: they are not
    // pushed as events (a newcomer's book comes from the team).
    sqlx::query!(
        "INSERT INTO team_membership (id, team_id, team_name, server_url, member_id, role, owner_fingerprint,
                                      pulled_seq, pushed_seq, stamped_seq, clock, joined_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?7, 0, ?8)",
        m.team_id,
        m.team_name,
        m.server_url,
        m.member_id,
        m.role,
        m.owner_fingerprint,
        m.pushed_seq,
        m.joined_at,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn add_invitation(conn: &mut SqliteConnection, secret: &str, at: &str) -> Result<()> {
    sqlx::query!("INSERT INTO team_invitations (secret, created_at) VALUES (?1, ?2)", secret, at).execute(conn).await?;
    Ok(())
}

/// The secrets of invitations not used yet, oldest first.
pub(crate) async fn open_invitations(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT secret AS "secret!" FROM team_invitations WHERE used_by IS NULL ORDER BY created_at, secret"#
    )
    .fetch_all(conn)
    .await?)
}

/// Marks an invitation used by `member`; false when it was used already.
pub(crate) async fn use_invitation(conn: &mut SqliteConnection, secret: &str, member: &str) -> Result<bool> {
    let done =
        sqlx::query!("UPDATE team_invitations SET used_by = ?2 WHERE secret = ?1 AND used_by IS NULL", secret, member)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The local user's edits after `after` that are not teammates' changes
/// applied here, oldest first. Bulk loads (which record no fields) and
/// upkeep are not shared as events.
pub(crate) async fn local_edits_after(conn: &mut SqliteConnection, after: i64, limit: u32) -> Result<Vec<Change>> {
    let rows = sqlx::query_as!(
        ChangeRow,
        "SELECT seq, at, who, mode, action, entity, entity_id, account_id, fields FROM changes
          WHERE seq > ?1 AND mode = 'edit' AND seq NOT IN (SELECT seq FROM team_received)
          ORDER BY seq LIMIT ?2",
        after,
        limit
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(read_change).collect()
}

/// The newest change-log entry (0 for an empty log).
pub(crate) async fn last_change(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar!("SELECT max(seq) FROM changes").fetch_one(conn).await?.unwrap_or(0))
}

/// Gives local change `seq` its clock, and its fields that clock as written
/// by `member`.
pub(crate) async fn stamp(conn: &mut SqliteConnection, change: &Change, hlc: i64, member: &str) -> Result<()> {
    sqlx::query!("INSERT INTO team_outgoing (seq, hlc) VALUES (?1, ?2)", change.seq, hlc).execute(&mut *conn).await?;
    for field in &change.fields {
        set_field_clock(&mut *conn, &change.entity, &change.entity_id, &field.field, hlc, member).await?;
    }
    Ok(())
}

/// Moves the stamped position and the clock on.
pub(crate) async fn set_stamped(conn: &mut SqliteConnection, stamped_seq: i64, clock: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE team_membership SET stamped_seq = max(stamped_seq, ?1), clock = max(clock, ?2) WHERE id = 1",
        stamped_seq,
        clock
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Local changes stamped and not pushed yet, with their clocks, oldest first.
pub(crate) async fn outgoing(conn: &mut SqliteConnection, limit: u32) -> Result<Vec<(Change, i64)>> {
    let hlcs =
        sqlx::query!("SELECT seq, hlc FROM team_outgoing ORDER BY seq LIMIT ?1", limit).fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(hlcs.len());
    for row in hlcs {
        let change = sqlx::query_as!(
            ChangeRow,
            "SELECT seq, at, who, mode, action, entity, entity_id, account_id, fields FROM changes WHERE seq = ?1",
            row.seq
        )
        .fetch_one(&mut *conn)
        .await?;
        out.push((read_change(change)?, row.hlc));
    }
    Ok(out)
}

/// Everything up to local entry `seq` is on the server.
pub(crate) async fn set_pushed(conn: &mut SqliteConnection, seq: i64) -> Result<()> {
    sqlx::query!("DELETE FROM team_outgoing WHERE seq <= ?1", seq).execute(&mut *conn).await?;
    sqlx::query!("UPDATE team_membership SET pushed_seq = max(pushed_seq, ?1) WHERE id = 1", seq).execute(conn).await?;
    Ok(())
}

/// Everything up to server event `seq` is applied (or skipped) here, and the
/// clock has seen `clock`.
pub(crate) async fn set_pulled(conn: &mut SqliteConnection, seq: i64, clock: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE team_membership SET pulled_seq = max(pulled_seq, ?1), clock = max(clock, ?2) WHERE id = 1",
        seq,
        clock
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn skip(
    conn: &mut SqliteConnection,
    server_seq: i64,
    member: &str,
    reason: &str,
    at: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO team_skipped (server_seq, member_id, reason, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (server_seq) DO NOTHING",
        server_seq,
        member,
        reason,
        at
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Events not applied, oldest first: (server seq, member, reason).
pub(crate) async fn skipped(conn: &mut SqliteConnection) -> Result<Vec<(i64, String, String)>> {
    let rows = sqlx::query!("SELECT server_seq, member_id, reason FROM team_skipped ORDER BY server_seq")
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| (r.server_seq, r.member_id, r.reason)).collect())
}

/// The last change number of `member`'s applied here (0 for none).
pub(crate) async fn author_seq(conn: &mut SqliteConnection, member: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!("SELECT last_seq FROM team_authors WHERE member_id = ?1", member)
        .fetch_optional(conn)
        .await?
        .unwrap_or(0))
}

pub(crate) async fn set_author_seq(conn: &mut SqliteConnection, member: &str, seq: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO team_authors (member_id, last_seq) VALUES (?1, ?2)
         ON CONFLICT (member_id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
        member,
        seq
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn field_clock(
    conn: &mut SqliteConnection,
    entity: &str,
    id: &str,
    field: &str,
) -> Result<Option<(i64, String)>> {
    let row = sqlx::query!(
        "SELECT hlc, member_id FROM team_field_clocks WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
        entity,
        id,
        field
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.hlc, r.member_id)))
}

async fn set_field_clock(
    conn: &mut SqliteConnection,
    entity: &str,
    id: &str,
    field: &str,
    hlc: i64,
    member: &str,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO team_field_clocks (entity, entity_id, field, hlc, member_id) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, member_id = excluded.member_id",
        entity,
        id,
        field,
        hlc,
        member
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether a local edit of this field is waiting for its clock: it will be
/// pushed with a clock above everything seen, so it wins over what arrives now.
async fn pending_local(conn: &mut SqliteConnection, stamped: i64, entity: &str, id: &str, field: &str) -> Result<bool> {
    let pending = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM changes
            WHERE seq > ?1 AND mode = 'edit' AND entity = ?2 AND entity_id = ?3
              AND json_type(fields, '$."' || ?4 || '"') IS NOT NULL
              AND seq NOT IN (SELECT seq FROM team_received)) AS "pending!: bool""#,
        stamped,
        entity,
        id,
        field
    )
    .fetch_one(conn)
    .await?;
    Ok(pending)
}

/// The book's tables as the change log sees them, for [`apply`].
pub(crate) async fn book_tables(conn: &mut SqliteConnection) -> Result<Vec<Table>> {
    triggers::tables(conn).await
}

/// What applying one change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Applied {
    /// Written (some fields may have lost to newer values); the account it
    /// belongs to, if any.
    Written { account_id: Option<String> },
    /// Every field it set holds a newer value here already.
    Superseded,
}

/// Applies `change`, written by `member` at clock `hlc`, to the book's
/// tables, recorded in the change log as written by `who` at the change's
/// time. Per field, the greater (hlc, member) wins; a create makes the record
/// when it is missing; a delete removes it. The caller holds the write
/// transaction; an error leaves the record as it was if the caller rolls
/// back to a savepoint.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    tables: &[Table],
    stamped: i64,
    change: &Change,
    hlc: i64,
    member: &str,
    who: &str,
) -> Result<Applied> {
    let name = triggers::table_of(&change.entity);
    let table = tables
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| Error::Refused(format!("this book has no record kind {:?}", change.entity)))?;
    let key: Vec<&str> = change.entity_id.split('/').collect();
    if key.len() != table.key.len() || table.key.is_empty() {
        return Err(Error::Refused(format!("{:?} is not an id of a {}", change.entity_id, change.entity)));
    }
    let at = crate::text::timestamp(change.at);
    sqlx::query!("UPDATE change_context SET at = ?1, who = ?2, mode = 'edit' WHERE id = 1", at, who)
        .execute(&mut *conn)
        .await?;
    let where_key: Vec<String> = table.key.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect();
    let where_key = where_key.join(" AND ");
    let exists_sql = sql!("SELECT count(*) FROM {} WHERE {where_key}", table.name);
    let mut exists = sqlx::query_scalar::<_, i64>(exists_sql);
    for part in &key {
        exists = exists.bind(*part);
    }
    let exists = exists.fetch_one(&mut *conn).await? > 0;

    if change.action == ChangeAction::Delete {
        if exists {
            let delete = sql!("DELETE FROM {} WHERE {where_key}", table.name);
            let mut query = sqlx::query(delete);
            for part in &key {
                query = query.bind(*part);
            }
            query.execute(&mut *conn).await?;
            return Ok(Applied::Written { account_id: change.account_id.clone() });
        }
        return Ok(Applied::Superseded);
    }

    let known: Vec<&String> = table.fields().collect();
    let mut winners: Vec<(&str, &Value)> = Vec::new();
    for diff in &change.fields {
        let Some(column) = known.iter().find(|c| c.as_str() == diff.field) else {
            return Err(Error::Refused(format!("a {} has no field {:?}", change.entity, diff.field)));
        };
        if exists {
            if pending_local(&mut *conn, stamped, &change.entity, &change.entity_id, column).await? {
                continue;
            }
            if let Some((their_hlc, their_member)) =
                field_clock(&mut *conn, &change.entity, &change.entity_id, column).await?
                && (their_hlc, their_member.as_str()) >= (hlc, member)
            {
                continue;
            }
        }
        winners.push((column.as_str(), &diff.new));
    }
    for (column, _) in &winners {
        set_field_clock(&mut *conn, &change.entity, &change.entity_id, column, hlc, member).await?;
    }
    let stamps: Vec<&str> =
        ["created_at", "updated_at"].into_iter().filter(|s| table.columns.iter().any(|c| c == s)).collect();

    if !exists {
        if change.action != ChangeAction::Create {
            return Err(Error::Refused(format!("the {} it changes is not in this book", change.entity)));
        }
        let mut columns: Vec<&str> = table.key.iter().map(String::as_str).collect();
        columns.extend(winners.iter().map(|(c, _)| *c));
        columns.extend(stamps.iter().copied());
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let insert = sql!("INSERT INTO {} ({}) VALUES ({})", table.name, columns.join(", "), marks.join(", "));
        let mut query = sqlx::query(insert);
        for part in &key {
            query = query.bind(*part);
        }
        for (_, value) in &winners {
            query = bind_value(query, value);
        }
        for _ in &stamps {
            query = query.bind(at.clone());
        }
        query.execute(&mut *conn).await?;
        return Ok(Applied::Written { account_id: change.account_id.clone() });
    }

    if winners.is_empty() {
        return Ok(Applied::Superseded);
    }
    let n = key.len();
    let mut sets: Vec<String> = winners.iter().enumerate().map(|(i, (c, _))| format!("{c} = ?{}", n + i + 1)).collect();
    let updated_at = stamps.contains(&"updated_at");
    if updated_at {
        sets.push(format!("updated_at = ?{}", n + winners.len() + 1));
    }
    let update = sql!("UPDATE {} SET {} WHERE {where_key}", table.name, sets.join(", "));
    let mut query = sqlx::query(update);
    for part in &key {
        query = query.bind(*part);
    }
    for (_, value) in &winners {
        query = bind_value(query, value);
    }
    if updated_at {
        query = query.bind(at);
    }
    query.execute(&mut *conn).await?;
    Ok(Applied::Written { account_id: change.account_id.clone() })
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// Binds a logged value as SQLite stores it: text, integer, real or null.
fn bind_value<'q>(query: Query<'q>, value: &Value) -> Query<'q> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::String(s) => query.bind(s.clone()),
        Value::Bool(b) => query.bind(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => query.bind(i),
            None => query.bind(n.as_f64().unwrap_or_default()),
        },
        other => query.bind(other.to_string()),
    }
}

/// Marks the change-log entries after `after` as teammates' changes applied
/// here, never to be pushed back.
pub(crate) async fn mark_received(conn: &mut SqliteConnection, after: i64) -> Result<()> {
    sqlx::query!("INSERT OR IGNORE INTO team_received (seq) SELECT seq FROM changes WHERE seq > ?1", after)
        .execute(conn)
        .await?;
    Ok(())
}

/// The accounts among `ids` that are in the book (trash included).
pub(crate) async fn existing_accounts(conn: &mut SqliteConnection, ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for id in ids {
        if sqlx::query_scalar!("SELECT count(*) FROM accounts WHERE id = ?1", id).fetch_one(&mut *conn).await? > 0 {
            out.push(id.clone());
        }
    }
    Ok(out)
}

/// The clock's physical part for a time: milliseconds, shifted past the counter.
pub(crate) fn physical(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis().max(0) << 12
}
