//! Changes between a member's vault and the team server: a member pushes
//! changes from their vault's change log as sealed events, and pulls the
//! team's events back as changes, each checked against the team's roster.
//!
//! Neither side applies anything to a vault: merging received changes into
//! the book is the next step (docs/SYNC.md).

use chrono::{DateTime, Utc};
use rapport_core::changes::Change;
use uuid::Uuid;

use crate::envelope::{self, EnvelopeError, MemberKey, TeamKey};
use crate::server::{Member, ServerError};

/// Pushes `changes` (in the order given, oldest first) to the team's log as
/// `member`, all or none; returns the server's number for each.
pub async fn push(
    server: &mut Member,
    team: Uuid,
    member: Uuid,
    team_key: &TeamKey,
    signing_key: &MemberKey,
    changes: &[Change],
) -> Result<Vec<i64>, ServerError> {
    let sealed: Vec<Vec<u8>> =
        changes.iter().map(|change| envelope::seal(change, team, member, team_key, signing_key)).collect();
    server.push(team, member, &sealed).await
}

/// One event pulled from the server: where it sits in the team's log, who the
/// server says wrote it, and either the change or why it was refused.
#[derive(Debug)]
pub struct Received {
    pub seq: i64,
    pub member: Uuid,
    pub at: DateTime<Utc>,
    pub change: Result<Change, EnvelopeError>,
}

/// The team's events after `after` (at most `limit`), each verified against
/// the roster the server lists now and decrypted with the team key. A refused
/// event is returned as refused, in its place, so the caller can report it
/// and move past it.
pub async fn pull(
    server: &mut Member,
    team: Uuid,
    team_key: &TeamKey,
    after: i64,
    limit: u32,
) -> Result<Vec<Received>, ServerError> {
    let roster = server.roster(team).await?;
    let events = server.pull(team, after, limit).await?;
    Ok(events
        .into_iter()
        .map(|event| Received {
            seq: event.seq,
            member: event.member,
            at: event.at,
            change: envelope::open(&event.bytes, event.member, &roster, team_key),
        })
        .collect())
}
