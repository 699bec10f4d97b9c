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
use crate::kinds::{AccountStatus, Function};
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
    let planned: Vec<PlannedTie> = crate::blueprint::store::planned_connections(conn, account_id)
        .await?
        .into_iter()
        .map(|(ours_id, theirs_id, cadence_days, goal)| PlannedTie { ours_id, theirs_id, cadence_days, goal })
        .collect();
    let mut planned_people = Vec::new();
    for id in planned.iter().map(|t| &t.ours_id).collect::<BTreeSet<_>>() {
        if ours.iter().any(|p| &p.id == id) {
            continue;
        }
        let row: Option<people::PersonRow> =
            sqlx::query_as(sql!("{} WHERE deleted_at IS NULL AND id = ?1", people::SELECT))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(row) = row {
            planned_people.push(Person::try_from(row)?);
        }
    }
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

/// Keeps each tie's last contact and next due day on its row (see the care
/// migration), writing only what changed.
async fn write_contact_dates(conn: &mut SqliteConnection, account_id: &str, rel: &Relationship) -> Result<()> {
    let active = |id: &str| rel.ours.iter().chain(&rel.theirs).any(|p| p.id == id && p.active);
    let mut live = Vec::with_capacity(rel.connections.len());
    for c in &rel.connections {
        let due = match c.cadence_days {
            Some(days) if active(&c.ours_id) && active(&c.theirs_id) => {
                let from = c.last_contact.as_deref().unwrap_or(&c.created_at);
                chrono::NaiveDate::parse_from_str(from.get(..10).unwrap_or(from), "%Y-%m-%d")
                    .ok()
                    .map(|d| (d + chrono::Duration::days(i64::from(days))).to_string())
            }
            _ => None,
        };
        sqlx::query(
            "UPDATE connections SET last_contact = ?2, due_on = ?3
              WHERE id = ?1 AND (last_contact IS NOT ?2 OR due_on IS NOT ?3)",
        )
        .bind(&c.id)
        .bind(&c.last_contact)
        .bind(&due)
        .execute(&mut *conn)
        .await?;
        live.push(c.id.as_str());
    }
    // Ties whose person is in the trash are not listed above: nothing is due.
    let live = serde_json::to_string(&live).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query(
        "UPDATE connections SET due_on = NULL
          WHERE account_id = ?1 AND due_on IS NOT NULL AND id NOT IN (SELECT value FROM json_each(?2))",
    )
    .bind(account_id)
    .bind(live)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) fn parse_flags(stored: &str) -> Vec<Flag> {
    stored.split(' ').filter_map(|code| Flag::from_stored(code).ok()).collect()
}

#[derive(sqlx::FromRow)]
struct AccountFacts {
    name: String,
    tier: String,
    status: String,
    industry: Option<String>,
    currency: Option<String>,
    annual_revenue: Option<i64>,
    annual_margin: Option<i64>,
    cadence_days: Option<u32>,
    created_at: String,
    owner_id: Option<String>,
    owner_name: Option<String>,
    owner_active: Option<bool>,
    sponsor_id: Option<String>,
    sponsor_name: Option<String>,
    sponsor_active: Option<bool>,
    deleted: bool,
}

/// Recomputes one account's summary row (removes it for a trashed account).
pub(crate) async fn refresh(conn: &mut SqliteConnection, account_id: &str) -> Result<()> {
    let facts: Option<AccountFacts> = sqlx::query_as(
        "SELECT a.name, a.tier, a.status, a.industry, a.currency, a.annual_revenue, a.annual_margin,
                a.cadence_days, a.created_at, o.id AS owner_id, o.name AS owner_name, o.active AS owner_active,
                sp.id AS sponsor_id, sp.name AS sponsor_name, sp.active AS sponsor_active,
                a.deleted_at IS NOT NULL AS deleted
         FROM accounts a
         LEFT JOIN people o ON o.id = a.owner_id AND o.deleted_at IS NULL
         LEFT JOIN people sp ON sp.id = a.sponsor_id AND sp.deleted_at IS NULL
         WHERE a.id = ?1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(facts) = facts else {
        return Err(Error::NotFound("account".into()));
    };
    if facts.deleted {
        sqlx::query("DELETE FROM account_summaries WHERE account_id = ?1").bind(account_id).execute(&mut *conn).await?;
        // Nothing is due with an account in the trash (restoring refreshes it).
        sqlx::query("UPDATE connections SET due_on = NULL WHERE account_id = ?1 AND due_on IS NOT NULL")
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
        return Ok(());
    }
    let tier = Tier::parse(&facts.tier)?;
    let relationship = load(conn, account_id).await?;
    write_contact_dates(conn, account_id, &relationship).await?;

    let mut flags = BTreeSet::new();
    if tier.needs_owner_and_sponsor() {
        if facts.owner_active != Some(true) {
            flags.insert(Flag::NoOwner);
        }
        if facts.sponsor_active != Some(true) {
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
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);

    // The account's next contact is due its target interval after the last
    // one (or after it was created); Today walks an index on it. A former
    // customer is due only if someone set it a cadence on purpose.
    let former = AccountStatus::from_stored(&facts.status)? == AccountStatus::Former;
    let due_on = match facts.cadence_days {
        None if former => None,
        own => {
            let every = own.unwrap_or_else(|| crate::care::cadence::default_days(tier));
            let from = last_contact.as_deref().unwrap_or(&facts.created_at);
            chrono::NaiveDate::parse_from_str(from.get(..10).unwrap_or(from), "%Y-%m-%d")
                .ok()
                .map(|d| (d + chrono::Duration::days(i64::from(every))).to_string())
        }
    };

    // An upsert, not a replace: the health columns are kept by the health record.
    sqlx::query(
        "INSERT INTO account_summaries (account_id, name, tier, status, industry, currency, annual_revenue,
             owner_id, owner_name, sponsor_id, sponsor_name, last_contact, people_ours, people_theirs, connections,
             flags, flag_count, key_person_id, annual_margin, due_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
         ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, tier = excluded.tier,
             status = excluded.status, industry = excluded.industry, currency = excluded.currency,
             annual_revenue = excluded.annual_revenue, owner_id = excluded.owner_id,
             owner_name = excluded.owner_name, sponsor_id = excluded.sponsor_id,
             sponsor_name = excluded.sponsor_name, last_contact = excluded.last_contact,
             people_ours = excluded.people_ours, people_theirs = excluded.people_theirs,
             connections = excluded.connections, flags = excluded.flags, flag_count = excluded.flag_count,
             key_person_id = excluded.key_person_id, annual_margin = excluded.annual_margin,
             due_on = excluded.due_on",
    )
    .bind(account_id)
    .bind(&facts.name)
    .bind(&facts.tier)
    .bind(&facts.status)
    .bind(&facts.industry)
    .bind(&facts.currency)
    .bind(facts.annual_revenue)
    .bind(&facts.owner_id)
    .bind(&facts.owner_name)
    .bind(&facts.sponsor_id)
    .bind(&facts.sponsor_name)
    .bind(last_contact)
    .bind(count(people_ours))
    .bind(count(people_theirs))
    .bind(count(relationship.connections.len()))
    .bind(codes.join(" "))
    .bind(count(codes.len()))
    .bind(key_person)
    .bind(facts.annual_margin)
    .bind(due_on)
    .execute(&mut *conn)
    .await?;
    write_health(conn, account_id, None).await
}

/// Copies the account's latest recorded health score, with its trend against
/// the score closest to 90 days before it (within 60 to 120 days before; no
/// trend without one), onto its summary row; with `backslides` (the rules
/// that fired at that score), those too.
pub(crate) async fn write_health(
    conn: &mut SqliteConnection,
    account_id: &str,
    backslides: Option<&str>,
) -> Result<()> {
    // The ORDER BY of the trend's subquery cannot see `latest`: it reads the
    // latest day again.
    sqlx::query(
        "UPDATE account_summaries SET
             health = latest.score, health_on = latest.on_date,
             health_trend = latest.score - (
                 SELECT p.score FROM health_history p
                  WHERE p.account_id = ?1
                    AND p.on_date BETWEEN date(latest.on_date, '-120 days') AND date(latest.on_date, '-60 days')
                  ORDER BY abs(julianday(p.on_date) - julianday(
                               (SELECT max(on_date) FROM health_history WHERE account_id = ?1), '-90 days')),
                           p.on_date DESC
                  LIMIT 1),
             backslides = coalesce(?2, backslides)
           FROM (SELECT score, on_date FROM health_history WHERE account_id = ?1 ORDER BY on_date DESC LIMIT 1) AS latest
          WHERE account_id = ?1",
    )
    .bind(account_id)
    .bind(backslides)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Our person's new name on the account list, where they own or sponsor.
pub(crate) async fn rename_person(conn: &mut SqliteConnection, person_id: &str, name: &str) -> Result<()> {
    sqlx::query("UPDATE account_summaries SET owner_name = ?2 WHERE owner_id = ?1")
        .bind(person_id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE account_summaries SET sponsor_name = ?2 WHERE sponsor_id = ?1")
        .bind(person_id)
        .bind(name)
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
