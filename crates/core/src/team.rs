//! A vault's part in a team (issue 15, docs/SYNC.md): its membership and
//! positions, the clocks of its outgoing changes, and the merge of a
//! teammate's changes into the book.
//!
//! The team server and the sealed events are `rapport_sync`'s; this module
//! only reads and writes the vault, each step in one transaction so a kill
//! at any point loses nothing and applies nothing twice:
//! - [`stamp_outgoing`] gives each new local edit its clock (kept, so a push
//!   repeated after a crash carries the same clocks);
//! - [`mark_pushed`] moves the pushed position once the server has them;
//! - [`apply`] applies a pulled batch and moves the pulled position in the
//!   same transaction.
//!
//! The merge, per field: the value with the greater (hybrid logical clock,
//! member id) wins, on every member alike, so members that have applied the
//! same events hold the same values.

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use crate::changes::Change;
use crate::error::Result;
use crate::store::team as store;
pub use crate::store::team::Membership;

/// The clock's counter bits: a clock value is milliseconds << 12 | counter.
pub const COUNTER_BITS: u32 = 12;

pub async fn membership(pool: &SqlitePool) -> Result<Option<Membership>> {
    let mut conn = pool.acquire().await?;
    store::membership(&mut conn).await
}

/// Records this vault's membership of a team (refused when it has one).
/// Changes already in the log stay local: sharing starts after them.
pub async fn join(pool: &SqlitePool, membership: &Membership) -> Result<Membership> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    let mut m = membership.clone();
    m.pushed_seq = store::last_change(&mut tx).await?;
    store::insert_membership(&mut tx, &m).await?;
    let m = store::membership(&mut tx).await?.unwrap_or(m);
    tx.commit().await?;
    Ok(m)
}

/// Keeps an invitation's one-time secret (hex) until a joiner uses it.
pub async fn add_invitation(pool: &SqlitePool, secret: &str, now: DateTime<Utc>) -> Result<()> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    store::add_invitation(&mut tx, secret, &crate::text::timestamp(now)).await?;
    tx.commit().await?;
    Ok(())
}

/// The secrets of the invitations no one has used, oldest first.
pub async fn open_invitations(pool: &SqlitePool) -> Result<Vec<String>> {
    let mut conn = pool.acquire().await?;
    store::open_invitations(&mut conn).await
}

/// Marks an invitation as used by `member`; false when it was used already.
pub async fn use_invitation(pool: &SqlitePool, secret: &str, member: &str) -> Result<bool> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    let used = store::use_invitation(&mut tx, secret, member).await?;
    tx.commit().await?;
    Ok(used)
}

/// A local change ready to push, with its clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub hlc: i64,
    pub change: Change,
}

/// Gives every local edit since the last stamp its clock, in one
/// transaction, and returns every stamped change not pushed yet (at most
/// `limit`), oldest first.
pub async fn stamp_outgoing(pool: &SqlitePool, limit: u32) -> Result<Vec<Outgoing>> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    let Some(m) = store::membership(&mut tx).await? else {
        return Ok(Vec::new());
    };
    let last = store::last_change(&mut tx).await?;
    let mut clock = m.clock;
    let mut after = m.stamped_seq;
    loop {
        let batch = store::local_edits_after(&mut tx, after, 500).await?;
        let Some(end) = batch.last().map(|c| c.seq) else { break };
        for change in &batch {
            clock = (clock + 1).max(store::physical(change.at));
            store::stamp(&mut tx, change, clock, &m.member_id).await?;
        }
        after = end;
    }
    store::set_stamped(&mut tx, last, clock).await?;
    let out = store::outgoing(&mut tx, limit).await?;
    tx.commit().await?;
    Ok(out.into_iter().map(|(change, hlc)| Outgoing { hlc, change }).collect())
}

/// The server holds every local change up to `seq`.
pub async fn mark_pushed(pool: &SqlitePool, seq: i64) -> Result<()> {
    let mut tx = crate::db::begin_upkeep(pool).await?;
    store::set_pushed(&mut tx, seq).await?;
    tx.commit().await?;
    Ok(())
}

/// One event pulled from the server, checked by the caller.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Its place in the team's log.
    pub server_seq: i64,
    /// Its author's member id.
    pub member_id: String,
    /// The change with its clock, or why the event was refused.
    pub event: std::result::Result<(i64, Change), String>,
}

/// What [`apply`] did with a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Changes written to the book (some fields may have lost to newer ones).
    pub applied: usize,
    /// Changes that brought nothing newer, this member's own, or already applied.
    pub unchanged: usize,
    /// Events not applied, with why (also kept in the vault).
    pub skipped: Vec<(i64, String)>,
    /// Accounts whose records changed.
    pub accounts: Vec<String>,
}

/// Applies a pulled batch in one write transaction, and records that the
/// team's log has been read up to `through` in the same transaction. Each
/// change lands in the change log as its author's (`who`, else "member" and
/// the id's first digits), at its own time. An event that was refused, or
/// that the book cannot take (a record that is not there, a value a column
/// refuses), is skipped and kept with its reason; the rest go on.
pub async fn apply(pool: &SqlitePool, batch: &[Incoming], through: i64, now: DateTime<Utc>) -> Result<ApplyReport> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let Some(m) = store::membership(&mut tx).await? else {
        return Ok(ApplyReport::default());
    };
    let tables = store::book_tables(&mut tx).await?;
    let noted = crate::text::timestamp(now);
    let mut report = ApplyReport::default();
    let mut clock = m.clock;
    for incoming in batch {
        let (hlc, change) = match &incoming.event {
            Err(why) => {
                store::skip(&mut tx, incoming.server_seq, &incoming.member_id, why, &noted).await?;
                report.skipped.push((incoming.server_seq, why.clone()));
                continue;
            }
            Ok(event) => event,
        };
        clock = clock.max(*hlc);
        if incoming.member_id == m.member_id || change.seq <= store::author_seq(&mut tx, &incoming.member_id).await? {
            report.unchanged += 1;
            continue;
        }
        let who = change
            .who
            .clone()
            .unwrap_or_else(|| format!("member {}", incoming.member_id.chars().take(8).collect::<String>()));
        let before = store::last_change(&mut tx).await?;
        let mut one = sqlx::Connection::begin(&mut *tx).await?;
        let outcome = store::apply(&mut one, &tables, m.stamped_seq, change, *hlc, &incoming.member_id, &who).await;
        match outcome {
            Ok(applied) => {
                one.commit().await?;
                store::mark_received(&mut tx, before).await?;
                match applied {
                    store::Applied::Written { account_id } => {
                        report.applied += 1;
                        report.accounts.extend(account_id);
                    }
                    store::Applied::Superseded => report.unchanged += 1,
                }
            }
            Err(e) => {
                one.rollback().await?;
                let why = format!("{} {} could not be applied: {e}", change.entity, change.entity_id);
                store::skip(&mut tx, incoming.server_seq, &incoming.member_id, &why, &noted).await?;
                report.skipped.push((incoming.server_seq, why));
            }
        }
        store::set_author_seq(&mut tx, &incoming.member_id, change.seq).await?;
    }
    report.accounts.sort();
    report.accounts.dedup();
    let accounts = store::existing_accounts(&mut tx, &report.accounts).await?;
    crate::summary::refresh_many(&mut tx, &accounts).await?;
    store::set_pulled(&mut tx, through, clock).await?;
    tx.commit().await?;
    Ok(report)
}

/// Events pulled and not applied, oldest first: (server seq, member, reason).
pub async fn skipped(pool: &SqlitePool) -> Result<Vec<(i64, String, String)>> {
    let mut conn = pool.acquire().await?;
    store::skipped(&mut conn).await
}
