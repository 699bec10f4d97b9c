//! Planned touchpoints: the contacts the cadences ask for, laid out on the
//! calendar so they get done rather than noticed late.
//!
//! - Each live tie with a cadence is due on its `connections.due_on` (kept by
//!   the account summary's refresh: the last contact, or the day the tie was
//!   recorded, plus the cadence; cleared when either end has left or is in
//!   the trash). Already past: planned for today, "overdue since" that day.
//!   Then again every cadence days, up to the horizon.
//! - Each account is due its target interval (its own, or its tier's
//!   default) after its last logged contact (or the day it was added): the
//!   next account-level contact, once. Former customers count only with an
//!   interval set on purpose.
//!
//! Each touchpoint has a UID made of the tie (or account) and which
//! occurrence it is, counted from today, so importing the calendar again
//! updates the entries instead of adding a second set.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use sqlx::SqlitePool;

use crate::error::{Error, Result};
use crate::ics::{self, DayEvent, EventStatus};
use crate::kinds::Tier;
use crate::kinds::{AccountStatus, Dimension};
use crate::store::touchpoints as store;

/// The longest horizon, in days.
pub const MAX_HORIZON_DAYS: u32 = 731;

/// One planned contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Touchpoint {
    /// Stable across exports: the tie or account, and the occurrence.
    pub uid: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub on: NaiveDate,
    pub account_id: String,
    pub account_name: String,
    /// The tie, for a tie's touchpoint; `None` for the account's own.
    pub connection_id: Option<String>,
    /// "Touch base: Ana Ruiz ↔ Kenji Sato (Nordhavn)".
    pub summary: String,
    /// The cadence, the last contact and who owns it, one fact a line.
    pub description: String,
    /// The day it fell due, when that was before today.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub overdue_since: Option<NaiveDate>,
    pub every_days: u32,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub last_contact: Option<NaiveDate>,
}

/// The planned contacts from `today` for `horizon_days` days (today
/// included), of one account or the whole book, by date.
pub async fn touchpoints(
    pool: &SqlitePool,
    account_id: Option<&str>,
    today: NaiveDate,
    horizon_days: u32,
) -> Result<Vec<Touchpoint>> {
    if !(1..=MAX_HORIZON_DAYS).contains(&horizon_days) {
        return Err(Error::validation("horizon_days", format!("must be between 1 and {MAX_HORIZON_DAYS} days")));
    }
    let end = today + Days::new(u64::from(horizon_days));
    let mut conn = pool.acquire().await?;
    if let Some(id) = account_id
        && !crate::store::accounts::is_live(&mut conn, id).await?
    {
        return Err(Error::NotFound("account".into()));
    }
    let mut out = Vec::new();

    for tie in store::ties_due(&mut conn, account_id, end).await? {
        let store::TieRow {
            id,
            account_id,
            account_name,
            ours_name: ours,
            theirs_name: theirs,
            dimension,
            strength,
            cadence_days: every,
            last_contact: last,
            created_at,
            due_on: due,
        } = tie;
        let every = every.max(1);
        let mut lines = vec![format!("{ours} (ours) ↔ {theirs}, {account_name}.")];
        lines.push(format!("Cadence: every {}.", crate::care::days(i64::from(every))));
        lines.push(match last {
            Some(d) => format!("Last contact: {}.", long(d)),
            None => format!("No contact logged yet (tie recorded {}).", long(created_at.day())),
        });
        let tie = Dimension::from_stored(&dimension).map(|d| d.label()).unwrap_or("tie");
        lines.push(format!("{ours} owns the tie ({tie}, {strength}/5)."));
        let summary = format!("Touch base: {ours} ↔ {theirs} ({account_name})");
        let mut on = due.max(today);
        let mut n = 0;
        while on < end {
            let overdue_since = (n == 0 && due < today).then_some(due);
            out.push(Touchpoint {
                uid: format!("touchpoint-tie-{id}-{n}"),
                on,
                account_id: account_id.clone(),
                account_name: account_name.clone(),
                connection_id: Some(id.clone()),
                summary: summary.clone(),
                description: description(&lines, overdue_since, n, every),
                overdue_since,
                every_days: every,
                last_contact: last,
            });
            n += 1;
            on = match on.checked_add_days(Days::new(u64::from(every))) {
                Some(next) => next,
                None => break,
            };
        }
    }

    for account in store::accounts(&mut conn, account_id).await? {
        let store::AccountRow {
            id,
            name,
            tier,
            status,
            cadence_days: own_every,
            created_at,
            owner_name: owner,
            last_contact: last,
        } = account;
        let tier = Tier::parse(&tier)?;
        if own_every.is_none() && AccountStatus::from_stored(&status)? == AccountStatus::Former {
            continue;
        }
        let every = own_every.unwrap_or_else(|| tier.default_cadence_days()).max(1);
        let from = match last {
            Some(d) => d,
            None => created_at.day(),
        };
        let Some(due) = from.checked_add_days(Days::new(u64::from(every))) else { continue };
        let on = due.max(today);
        if on >= end {
            continue;
        }
        let overdue_since = (due < today).then_some(due);
        let mut lines = vec![format!(
            "{name} ({} account) aims for contact every {}{}.",
            tier.as_str(),
            crate::care::days(i64::from(every)),
            if own_every.is_none() { format!(", the {} tier's default", tier.as_str()) } else { String::new() }
        )];
        lines.push(match last {
            Some(d) => format!("Last contact: {}.", long(d)),
            None => format!("No contact logged yet (account added {}).", long(from)),
        });
        lines.push(match owner {
            Some(o) => format!("{o} owns the relationship."),
            None => "Nobody owns the relationship yet: a gap.".into(),
        });
        out.push(Touchpoint {
            uid: format!("touchpoint-account-{id}-0"),
            on,
            account_id: id.clone(),
            account_name: name.clone(),
            connection_id: None,
            summary: format!("Touch base: {name}"),
            description: description(&lines, overdue_since, 0, every),
            overdue_since,
            every_days: every,
            last_contact: last,
        });
    }
    out.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.summary.cmp(&b.summary)).then_with(|| a.uid.cmp(&b.uid)));
    Ok(out)
}

/// The planned contacts as an iCalendar file: all-day, tentative events that
/// leave the day free. `now` is every `DTSTAMP` and `LAST-MODIFIED`, and
/// its minute is the `SEQUENCE`, so a later export of the same touchpoint
/// supersedes an earlier one in calendars that compare them.
pub async fn touchpoints_ics(
    pool: &SqlitePool,
    account_id: Option<&str>,
    now: DateTime<Utc>,
    today: NaiveDate,
    horizon_days: u32,
) -> Result<String> {
    let planned = touchpoints(pool, account_id, today, horizon_days).await?;
    if planned.is_empty() {
        // A calendar file must hold at least one event (RFC 5545 §3.6).
        return Err(Error::validation(
            "horizon_days",
            format!(
                "no contact is planned in the next {horizon_days} days; set a cadence on ties or look further ahead"
            ),
        ));
    }
    let sequence = u32::try_from(now.timestamp().div_euclid(60)).unwrap_or(0);
    let events: Vec<DayEvent> = planned
        .into_iter()
        .map(|t| DayEvent {
            uid: t.uid,
            date: t.on,
            days: 1,
            summary: t.summary,
            description: Some(t.description),
            status: EventStatus::Tentative,
            transparent: true,
            sequence,
            updated: now,
        })
        .collect();
    Ok(ics::day_calendar(&events, now))
}

fn description(lines: &[String], overdue_since: Option<NaiveDate>, n: u32, every: u32) -> String {
    let mut out = Vec::with_capacity(lines.len() + 2);
    if let Some(since) = overdue_since {
        out.push(format!("Overdue since {}.", long(since)));
    } else if n > 0 {
        out.push(format!("Planned {} after the one before.", crate::care::days(i64::from(every))));
    }
    out.extend(lines.iter().cloned());
    out.push("Planned by Rapport from the cadence: log the contact there and the next date moves.".into());
    out.join("\n")
}

fn long(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}
