//! Changes between a member's vault and the team server: a member pushes
//! changes from their vault's change log as sealed events, and pulls the
//! team's events back as changes, each checked against the team's roster.
//!
//! Neither side applies anything to a vault: merging received changes into
//! the book is the next step (docs/SYNC.md).

use chrono::{DateTime, Utc};
use rapport_core::changes::Change;
use uuid::Uuid;

use serde::Serialize;

use crate::envelope::{self, EnvelopeError, Event, MemberKey, TeamKey};
use crate::server::{Member, ServerError};

/// Pushes `changes` (in the order given, oldest first) to the team's log as
/// `member`, all or none; returns the server's number for each.
pub async fn push(
    server: &mut Member,
    team: Uuid,
    member: Uuid,
    team_key: &TeamKey,
    signing_key: &MemberKey,
    changes: &[impl Serialize],
) -> Result<Vec<i64>, ServerError> {
    let sealed: Vec<Vec<u8>> =
        changes.iter().map(|change| envelope::seal(change, team, member, team_key, signing_key)).collect();
    server.push(team, member, &sealed).await
}

/// One event pulled from the server: where it sits in the team's log, who the
/// server says wrote it, and either the change or why it was refused.
#[derive(Debug)]
pub struct Received<T = Change> {
    pub seq: i64,
    pub member: Uuid,
    pub at: DateTime<Utc>,
    pub change: Result<T, EnvelopeError>,
}

/// The team's events after `after` (at most `limit`), each verified against
/// the roster the server lists now and decrypted with the team key. A refused
/// event is returned as refused, in its place, so the caller can report it
/// and move past it. A batch that is not numbered after `after` in strictly
/// rising order (a server replaying what was seen, or returning garbage) is
/// refused whole.
pub async fn pull(
    server: &mut Member,
    team: Uuid,
    team_key: &TeamKey,
    after: i64,
    limit: u32,
) -> Result<Vec<Received>, ServerError> {
    pull_as(server, team, team_key, after, limit, envelope::open).await
}

/// [`pull`] for events with their clocks ([`Event`]), as `rapport sync` pushes them.
pub async fn pull_events(
    server: &mut Member,
    team: Uuid,
    team_key: &TeamKey,
    after: i64,
    limit: u32,
) -> Result<Vec<Received<Event>>, ServerError> {
    pull_as(server, team, team_key, after, limit, envelope::open_event).await
}

type Opener<T> = fn(&[u8], Uuid, &crate::envelope::Roster, &TeamKey) -> Result<T, EnvelopeError>;

async fn pull_as<T>(
    server: &mut Member,
    team: Uuid,
    team_key: &TeamKey,
    after: i64,
    limit: u32,
    open: Opener<T>,
) -> Result<Vec<Received<T>>, ServerError> {
    let roster = server.roster(team).await?;
    let events = server.pull(team, after, limit).await?;
    let numbers: Vec<i64> = events.iter().map(|e| e.seq).collect();
    in_order(after, &numbers).map_err(|why| ServerError::Garbage { at: server.address().to_string(), why })?;
    Ok(events
        .into_iter()
        .map(|event| Received {
            seq: event.seq,
            member: event.member,
            at: event.at,
            change: open(&event.bytes, event.member, &roster, team_key),
        })
        .collect())
}

/// Checks that a pulled batch continues after `after`, each number above the
/// last.
fn in_order(after: i64, numbers: &[i64]) -> Result<(), String> {
    let mut last = after;
    for &seq in numbers {
        if seq <= last {
            return Err(format!("event {seq} came after {last}: events must come in rising order"));
        }
        last = seq;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::in_order;

    #[test]
    fn a_batch_must_continue_in_rising_order() {
        assert_eq!(in_order(0, &[]), Ok(()));
        assert_eq!(
            in_order(4, &[5, 6, 9]),
            Ok(()),
            "gaps are allowed: a refused insert leaves none, but a batch may end anywhere"
        );
        assert_eq!(in_order(4, &[4]), Err("event 4 came after 4: events must come in rising order".into()));
        assert_eq!(in_order(4, &[5, 7, 6]), Err("event 6 came after 7: events must come in rising order".into()));
        assert_eq!(in_order(4, &[5, 5]), Err("event 5 came after 5: events must come in rising order".into()));
    }
}
