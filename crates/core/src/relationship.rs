//! An account's relationship as the map shows it: its people and the ties
//! between them, run through the analysis, with the new ties its blueprints
//! plan to make. Read on demand (the account page, briefs, health); the
//! per-account figures the lists sort on are kept by [`crate::summary`].

use std::collections::BTreeSet;

use serde::Serialize;
use sqlx::SqliteConnection;

use crate::analysis::{Analysis, Tie};
use crate::connections::{self, Connection};
use crate::error::Result;
use crate::people::{self, Person};
use crate::store::summaries as store;
use crate::summary::{self, Member};

/// An account's people and ties with the analysis of them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Relationship {
    /// Our people in its ties, plus the owner and the sponsor.
    pub ours: Vec<Person>,
    /// Their people, top of the organisation first, including those who left.
    pub theirs: Vec<Person>,
    pub connections: Vec<Connection>,
    pub analysis: Analysis,
    /// New ties the account's blueprints plan to make (not in the analysis).
    pub planned: Vec<PlannedTie>,
    /// Our people who appear only in planned ties.
    pub planned_people: Vec<Person>,
}

/// A tie a blueprint goal plans to make: drawn on the map as planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannedTie {
    pub ours_id: String,
    pub theirs_id: String,
    pub cadence_days: u32,
    /// The goal it serves.
    pub goal: String,
}

pub(crate) async fn load(conn: &mut SqliteConnection, account_id: &str) -> Result<Relationship> {
    let theirs = people::list_theirs_in(conn, account_id).await?;
    let connections = connections::list_in(conn, account_id).await?;
    let account = [account_id.to_string()];
    let ours: Vec<Person> =
        store::ours(conn, &account).await?.into_iter().map(|(_, p)| Person::try_from(p)).collect::<Result<_>>()?;
    let ties: Vec<Tie> = connections
        .iter()
        .map(|c| Tie {
            ours: c.ours_id.clone(),
            theirs: c.theirs_id.clone(),
            dimension: c.dimension,
            strength: c.strength,
            interactions: c.interactions,
        })
        .collect();
    // The same analysis the account's summary flags come from.
    let members = |people: &[Person]| people.iter().map(Member::from).collect::<Vec<_>>();
    let analysis = summary::analyse(&members(&ours), &members(&theirs), &ties);
    let planned: Vec<PlannedTie> = crate::blueprint::store::planned_connections(conn, account_id)
        .await?
        .into_iter()
        .map(|(ours_id, theirs_id, cadence_days, goal)| PlannedTie { ours_id, theirs_id, cadence_days, goal })
        .collect();
    // Our people who appear only in planned ties, in id order.
    let unlisted: Vec<&String> = planned
        .iter()
        .map(|t| &t.ours_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|id| !ours.iter().any(|p| &p.id == *id))
        .collect();
    let mut planned_people: Vec<Person> = if unlisted.is_empty() {
        Vec::new()
    } else {
        store::live_people(conn, &unlisted).await?.into_iter().map(Person::try_from).collect::<Result<_>>()?
    };
    planned_people.sort_by(|a, b| a.id.cmp(&b.id));
    // Drawn only between people on the map, and only until the tie is made.
    let live_theirs = |id: &str| theirs.iter().any(|p| p.id == id);
    let made = |t: &PlannedTie| connections.iter().any(|c| c.ours_id == t.ours_id && c.theirs_id == t.theirs_id);
    let planned = planned
        .into_iter()
        .filter(|t| {
            live_theirs(&t.theirs_id) && ours.iter().chain(&planned_people).any(|p| p.id == t.ours_id) && !made(t)
        })
        .collect();
    Ok(Relationship { ours, theirs, connections, analysis, planned, planned_people })
}

impl From<&Person> for Member {
    fn from(p: &Person) -> Self {
        Member {
            id: p.id.clone(),
            name: p.name.clone(),
            active: p.active,
            function: p.function,
            level: p.org_level,
            reports_to: p.reports_to_id.clone(),
            role: p.decision_role,
            disposition: p.disposition,
        }
    }
}
