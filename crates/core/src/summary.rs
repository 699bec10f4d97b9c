//! What each account's relationship looks like right now: its people and ties
//! run through the analysis, plus the ownership checks, kept as a summary row
//! per account. Every write that can change it refreshes it in the same
//! transaction, so the account list sorts and filters on flags without
//! re-analysing 10,000 accounts.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use sqlx::SqliteConnection;

use crate::accounts::Tier;
use crate::analysis::{self, AccountPeople, Analysis, FindingKind, Ours, Theirs, Tie};
use crate::connections::{self, Connection};
use crate::error::{Error, Result};
pub use crate::kinds::Flag;
use crate::kinds::Function;
use crate::people::{self, Person};

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
}

pub(crate) async fn load(conn: &mut SqliteConnection, account_id: &str) -> Result<Relationship> {
    let theirs = people::list_theirs_in(conn, account_id).await?;
    let connections = connections::list_in(conn, account_id).await?;
    let rows: Vec<people::PersonRow> = sqlx::query_as(sql!(
        "{} WHERE deleted_at IS NULL AND id IN (
            SELECT ours_id FROM connections WHERE account_id = ?1 AND deleted_at IS NULL
            UNION SELECT owner_id FROM accounts WHERE id = ?1
            UNION SELECT sponsor_id FROM accounts WHERE id = ?1)
         ORDER BY org_level, name COLLATE NOCASE, id",
        people::SELECT
    ))
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let ours: Vec<Person> = rows.into_iter().map(Person::try_from).collect::<Result<_>>()?;

    let analysis_ours: Vec<Ours> = ours
        .iter()
        .filter(|p| p.active)
        .map(|p| Ours {
            id: p.id.clone(),
            name: p.name.clone(),
            function: p.function.unwrap_or(Function::Other),
            level: p.org_level,
        })
        .collect();
    let analysis_theirs: Vec<Theirs> = theirs
        .iter()
        .filter(|p| p.active)
        .map(|p| Theirs {
            id: p.id.clone(),
            name: p.name.clone(),
            level: p.org_level,
            reports_to: p.reports_to_id.clone(),
            role: p.decision_role,
            disposition: p.disposition,
        })
        .collect();
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
    let analysis = analysis::analyse(AccountPeople { ours: &analysis_ours, theirs: &analysis_theirs, ties: &ties });
    Ok(Relationship { ours, theirs, connections, analysis })
}

fn flag_for(kind: FindingKind) -> Flag {
    match kind {
        FindingKind::NoTies => Flag::NoTies,
        FindingKind::MostlyInformal => Flag::MostlyInformal,
        FindingKind::KeyPerson => Flag::KeyPerson,
        FindingKind::SingleExecutiveThread => Flag::SingleThread,
        FindingKind::FarAboveWorkingLevel => Flag::FarAbove,
        FindingKind::Bypass => Flag::Bypass,
        FindingKind::DecisionRoleGap => Flag::CoverageGap,
        FindingKind::NoChampion => Flag::NoChampion,
    }
}

pub(crate) fn parse_flags(stored: &str) -> Vec<Flag> {
    stored.split(' ').filter_map(|code| Flag::from_stored(code).ok()).collect()
}

/// Recomputes one account's summary row.
pub(crate) async fn refresh(conn: &mut SqliteConnection, account_id: &str) -> Result<()> {
    let account: Option<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT a.tier,
            (SELECT active FROM people WHERE id = a.owner_id AND deleted_at IS NULL),
            (SELECT active FROM people WHERE id = a.sponsor_id AND deleted_at IS NULL)
         FROM accounts a WHERE a.id = ?1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((tier, owner_active, sponsor_active)) = account else {
        return Err(Error::NotFound("account".into()));
    };
    let tier = Tier::parse(&tier)?;
    let relationship = load(conn, account_id).await?;

    let mut flags = BTreeSet::new();
    if tier.needs_owner_and_sponsor() {
        if owner_active != Some(1) {
            flags.insert(Flag::NoOwner);
        }
        if sponsor_active != Some(1) {
            flags.insert(Flag::NoSponsor);
        }
    }
    flags.extend(relationship.analysis.findings.iter().map(|f| flag_for(f.kind)));
    let key_person = relationship
        .analysis
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::KeyPerson)
        .and_then(|f| f.people.first().cloned());
    let codes: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();

    let last_contact: Option<String> = sqlx::query_scalar(
        "SELECT occurred_on FROM interactions WHERE account_id = ?1 AND deleted_at IS NULL
         ORDER BY occurred_on DESC LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let active_ours: HashMap<&str, bool> = relationship.ours.iter().map(|p| (p.id.as_str(), p.active)).collect();
    let people_ours = relationship
        .connections
        .iter()
        .filter(|c| active_ours.get(c.ours_id.as_str()) == Some(&true))
        .map(|c| c.ours_id.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let people_theirs = relationship.theirs.iter().filter(|p| p.active).count();

    sqlx::query(
        "INSERT INTO account_summaries (account_id, last_contact, people_ours, people_theirs, connections, flags,
             key_person_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account_id) DO UPDATE SET last_contact = excluded.last_contact,
             people_ours = excluded.people_ours, people_theirs = excluded.people_theirs,
             connections = excluded.connections, flags = excluded.flags, key_person_id = excluded.key_person_id",
    )
    .bind(account_id)
    .bind(last_contact)
    .bind(i64::try_from(people_ours).unwrap_or(i64::MAX))
    .bind(i64::try_from(people_theirs).unwrap_or(i64::MAX))
    .bind(i64::try_from(relationship.connections.len()).unwrap_or(i64::MAX))
    .bind(codes.join(" "))
    .bind(key_person)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Refreshes every account a person's change can touch: theirs, or every
/// account one of ours is tied to, owns or sponsors.
pub(crate) async fn refresh_for_person(conn: &mut SqliteConnection, person_id: &str) -> Result<()> {
    let accounts: Vec<String> = sqlx::query_scalar(
        "SELECT account_id FROM people WHERE id = ?1 AND account_id IS NOT NULL
         UNION SELECT account_id FROM connections WHERE ours_id = ?1
         UNION SELECT id FROM accounts WHERE owner_id = ?1 AND deleted_at IS NULL
         UNION SELECT id FROM accounts WHERE sponsor_id = ?1 AND deleted_at IS NULL",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    for account in accounts {
        refresh(conn, &account).await?;
    }
    Ok(())
}

/// Recomputes every summary (after a bulk import).
pub async fn refresh_all(conn: &mut SqliteConnection) -> Result<()> {
    let accounts: Vec<String> = sqlx::query_scalar("SELECT id FROM accounts").fetch_all(&mut *conn).await?;
    for account in accounts {
        refresh(conn, &account).await?;
    }
    Ok(())
}
