//! Store: the per-account summary rows and what they are computed from.
//!
//! Every read here takes a set of accounts (a JSON array of ids bound once),
//! so refreshing 10,000 accounts after a bulk load is a few statements per
//! chunk of accounts instead of a dozen per account, and refreshing the one
//! account an edit touched is the same statements with one id. The lookups
//! walk the `account_id` indexes (see migration `20261208100000_bulk_indexes`).

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::error::{Error, Result};
use crate::kinds::Dimension;
use crate::store::Timestamp;
use crate::store::people::{self, PersonRow};

/// What an account's summary copies from the account, its owner and its
/// sponsor (owner and sponsor only while out of the trash).
#[derive(sqlx::FromRow)]
pub(crate) struct AccountFacts {
    pub id: String,
    pub name: String,
    pub tier: String,
    pub status: String,
    pub industry: Option<String>,
    pub currency: Option<String>,
    pub annual_revenue: Option<i64>,
    pub annual_margin: Option<i64>,
    pub cadence_days: Option<u32>,
    pub created_at: String,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub owner_active: Option<bool>,
    pub sponsor_id: Option<String>,
    pub sponsor_name: Option<String>,
    pub sponsor_active: Option<bool>,
    /// In the trash.
    pub deleted: bool,
}

/// A live tie (both people out of the trash) as the summary needs it.
pub(crate) struct LiveTie {
    pub id: String,
    pub account_id: String,
    pub ours_id: String,
    pub theirs_id: String,
    pub dimension: Dimension,
    pub strength: u8,
    pub cadence_days: Option<u32>,
    pub created_at: String,
    /// The latest logged interaction with both of them in it.
    pub last_contact: Option<String>,
    /// How many logged interactions had both of them in it.
    pub interactions: u32,
}

#[derive(sqlx::FromRow)]
struct TieRow {
    id: String,
    account_id: String,
    ours_id: String,
    theirs_id: String,
    dimension: String,
    strength: i64,
    cadence_days: Option<i64>,
    created_at: String,
    last_contact: Option<String>,
    interactions: i64,
}

impl TryFrom<TieRow> for LiveTie {
    type Error = Error;
    fn try_from(r: TieRow) -> Result<Self> {
        Ok(LiveTie {
            dimension: Dimension::from_stored(&r.dimension)?,
            strength: u8::try_from(r.strength).map_err(|_| Error::Corrupt(format!("connection {} strength", r.id)))?,
            cadence_days: r.cadence_days.and_then(|d| u32::try_from(d).ok()),
            interactions: u32::try_from(r.interactions).unwrap_or(u32::MAX),
            id: r.id,
            account_id: r.account_id,
            ours_id: r.ours_id,
            theirs_id: r.theirs_id,
            created_at: r.created_at,
            last_contact: r.last_contact,
        })
    }
}

/// One account's summary row, as written.
pub(crate) struct Summary {
    pub account_id: String,
    pub name: String,
    pub tier: String,
    pub status: String,
    pub industry: Option<String>,
    pub currency: Option<String>,
    pub annual_revenue: Option<i64>,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub sponsor_id: Option<String>,
    pub sponsor_name: Option<String>,
    pub last_contact: Option<String>,
    pub people_ours: i64,
    pub people_theirs: i64,
    pub connections: i64,
    pub flags: String,
    pub flag_count: i64,
    pub key_person_id: Option<String>,
    pub annual_margin: Option<i64>,
    pub due_on: Option<String>,
}

/// A tie's last contact and next due day, as kept on its row.
pub(crate) struct TieDates<'a> {
    pub id: &'a str,
    pub last_contact: Option<&'a str>,
    pub due_on: Option<String>,
}

/// `ids` as the JSON array the statements below bind.
fn json_ids<S: AsRef<str>>(ids: &[S]) -> Result<String> {
    let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    serde_json::to_string(&ids).map_err(|e| Error::Internal(e.to_string()))
}

/// Every account's id, trash included, in id order.
pub(crate) async fn all_account_ids(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar!("SELECT id FROM accounts ORDER BY id").fetch_all(&mut *conn).await?)
}

/// Every account a person's change can touch: theirs, or every account one of
/// ours is tied to, owns or sponsors.
pub(crate) async fn accounts_for_person(conn: &mut SqliteConnection, person_id: &str) -> Result<Vec<String>> {
    // The first branch filters out a missing account, which sqlx cannot tell
    // from the nullable column.
    Ok(sqlx::query_scalar!(
        r#"SELECT account_id AS "account_id!" FROM people WHERE id = ?1 AND account_id IS NOT NULL
         UNION SELECT account_id FROM connections WHERE ours_id = ?1
         UNION SELECT id FROM accounts WHERE owner_id = ?1 AND deleted_at IS NULL
         UNION SELECT id FROM accounts WHERE sponsor_id = ?1 AND deleted_at IS NULL"#,
        person_id
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The facts of each of `ids` that exists.
pub(crate) async fn facts(conn: &mut SqliteConnection, ids: &[String]) -> Result<Vec<AccountFacts>> {
    let ids = json_ids(ids)?;
    // Owner and sponsor come from outer joins: absent when there is none.
    Ok(sqlx::query_as!(
        AccountFacts,
        r#"SELECT a.id, a.name, a.tier, a.status, a.industry, a.currency, a.annual_revenue, a.annual_margin,
                a.cadence_days AS "cadence_days: u32", a.created_at, o.id AS "owner_id?", o.name AS "owner_name?",
                o.active AS "owner_active?: bool", sp.id AS "sponsor_id?", sp.name AS "sponsor_name?",
                sp.active AS "sponsor_active?: bool", a.deleted_at IS NOT NULL AS "deleted!: bool"
         FROM accounts a
         LEFT JOIN people o ON o.id = a.owner_id AND o.deleted_at IS NULL
         LEFT JOIN people sp ON sp.id = a.sponsor_id AND sp.deleted_at IS NULL
         WHERE a.id IN (SELECT value FROM json_each(?1))"#,
        ids
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The live people of `accounts` (theirs), each account's top of the
/// organisation first: `(account, person)`.
pub(crate) async fn theirs(conn: &mut SqliteConnection, accounts: &[String]) -> Result<Vec<(String, PersonRow)>> {
    let accounts = json_ids(accounts)?;
    let rows: Vec<PersonRow> = people::select_people!(
        "WHERE account_id IN (SELECT value FROM json_each(?1)) AND deleted_at IS NULL
         ORDER BY account_id, org_level, name COLLATE NOCASE, id",
        accounts
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|row| (row.account_id.clone().unwrap_or_default(), row)).collect())
}

/// Our live people on the maps of `accounts`: those in its live ties, its
/// owner and its sponsor, in the order of [`theirs`]: `(account, person)`.
pub(crate) async fn ours(conn: &mut SqliteConnection, accounts: &[String]) -> Result<Vec<(String, PersonRow)>> {
    let accounts = json_ids(accounts)?;
    let rows = sqlx::query!(
        r#"WITH wanted (id) AS (SELECT value FROM json_each(?1)),
              listed (acc, pid) AS (
                SELECT account_id, ours_id FROM connections
                 WHERE account_id IN (SELECT id FROM wanted) AND deleted_at IS NULL
                UNION SELECT id, owner_id FROM accounts WHERE id IN (SELECT id FROM wanted)
                UNION SELECT id, sponsor_id FROM accounts WHERE id IN (SELECT id FROM wanted))
         SELECT listed.acc AS "for_account!: String", p.id, p.side, p.account_id, p.name, p.title, p.function,
                p.department, p.org_level, p.reports_to_id, p.decision_role, p.disposition, p.email, p.phone,
                p.notes, p.active AS "active: bool", p.created_at AS "created_at: Timestamp",
                p.updated_at AS "updated_at: Timestamp"
           FROM listed JOIN people p ON p.id = listed.pid AND p.deleted_at IS NULL
          ORDER BY listed.acc, p.org_level, p.name COLLATE NOCASE, p.id"#,
        accounts
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let person = PersonRow {
                id: r.id,
                side: r.side,
                account_id: r.account_id,
                name: r.name,
                title: r.title,
                function: r.function,
                department: r.department,
                org_level: r.org_level,
                reports_to_id: r.reports_to_id,
                decision_role: r.decision_role,
                disposition: r.disposition,
                email: r.email,
                phone: r.phone,
                notes: r.notes,
                active: r.active,
                created_at: r.created_at,
                updated_at: r.updated_at,
            };
            (r.for_account, person)
        })
        .collect())
}

/// The live ties of `accounts` (both people out of the trash), each
/// account's in the order they were made.
pub(crate) async fn live_ties(conn: &mut SqliteConnection, accounts: &[String]) -> Result<Vec<LiveTie>> {
    let accounts = json_ids(accounts)?;
    // A max over no interactions is null; a count is never.
    let rows: Vec<TieRow> = sqlx::query_as!(
        TieRow,
        r#"SELECT c.id, c.account_id, c.ours_id, c.theirs_id, c.dimension, c.strength, c.cadence_days, c.created_at,
            (SELECT max(i.occurred_on) FROM interaction_people b
                JOIN interaction_people a ON a.interaction_id = b.interaction_id AND a.person_id = c.ours_id
                JOIN interactions i ON i.id = b.interaction_id AND i.deleted_at IS NULL
              WHERE b.person_id = c.theirs_id) AS "last_contact?: String",
            (SELECT count(*) FROM interaction_people b
                JOIN interaction_people a ON a.interaction_id = b.interaction_id AND a.person_id = c.ours_id
                JOIN interactions i ON i.id = b.interaction_id AND i.deleted_at IS NULL
              WHERE b.person_id = c.theirs_id) AS "interactions!: i64"
         FROM connections c
         JOIN people o ON o.id = c.ours_id AND o.deleted_at IS NULL
         JOIN people t ON t.id = c.theirs_id AND t.deleted_at IS NULL
         WHERE c.account_id IN (SELECT value FROM json_each(?1)) AND c.deleted_at IS NULL
         ORDER BY c.account_id, c.created_at, c.id"#,
        accounts
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(LiveTie::try_from).collect()
}

/// The day of each of `accounts`' latest live interaction: `(account, day)`.
pub(crate) async fn last_contacts(conn: &mut SqliteConnection, accounts: &[String]) -> Result<Vec<(String, String)>> {
    let accounts = json_ids(accounts)?;
    // sqlx reads a grouped column as nullable; `account_id` is NOT NULL, and
    // each group has at least one interaction, so its latest day is present.
    let rows = sqlx::query!(
        r#"SELECT account_id AS "account_id!", max(occurred_on) AS "last!: String" FROM interactions
          WHERE account_id IN (SELECT value FROM json_each(?1)) AND deleted_at IS NULL
          GROUP BY account_id"#,
        accounts
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.account_id, r.last)).collect())
}

/// Our live people with these ids, in no particular order.
pub(crate) async fn live_people(conn: &mut SqliteConnection, ids: &[&String]) -> Result<Vec<PersonRow>> {
    let ids = json_ids(ids)?;
    Ok(people::select_people!("WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?1))", ids)
        .fetch_all(&mut *conn)
        .await?)
}

/// Writes each tie's last contact and due day where they changed, then
/// clears the due day of every other tie of `accounts` (ties in the trash or
/// with a person in it, and every tie of an account in the trash).
pub(crate) async fn write_tie_dates(
    conn: &mut SqliteConnection,
    accounts: &[String],
    dates: &[TieDates<'_>],
) -> Result<()> {
    let rows: Vec<(&str, Option<&str>, Option<&str>)> =
        dates.iter().map(|d| (d.id, d.last_contact, d.due_on.as_deref())).collect();
    let rows = serde_json::to_string(&rows).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query!(
        "UPDATE connections SET last_contact = d.last_contact, due_on = d.due_on
           FROM (SELECT value ->> 0 AS id, value ->> 1 AS last_contact, value ->> 2 AS due_on
                   FROM json_each(?1)) AS d
          WHERE connections.id = d.id
            AND (connections.last_contact IS NOT d.last_contact OR connections.due_on IS NOT d.due_on)",
        rows
    )
    .execute(&mut *conn)
    .await?;
    let accounts = json_ids(accounts)?;
    sqlx::query!(
        "UPDATE connections SET due_on = NULL
          WHERE account_id IN (SELECT value FROM json_each(?1)) AND due_on IS NOT NULL
            AND id NOT IN (SELECT value ->> 0 FROM json_each(?2))",
        accounts,
        rows
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes the summaries of `accounts` (in the trash: an account there has none).
pub(crate) async fn remove(conn: &mut SqliteConnection, accounts: &[String]) -> Result<()> {
    let accounts = json_ids(accounts)?;
    sqlx::query!("DELETE FROM account_summaries WHERE account_id IN (SELECT value FROM json_each(?1))", accounts)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Columns bound per summary row; rows per statement stay under SQLite's
/// 32,766 bound parameters.
const SUMMARY_COLUMNS: usize = 20;
const SUMMARIES_PER_STATEMENT: usize = 32_766 / SUMMARY_COLUMNS;

/// Writes the summary rows. An upsert, not a replace: the health columns are
/// kept by the health record ([`write_health`]).
pub(crate) async fn upsert(conn: &mut SqliteConnection, rows: &[Summary]) -> Result<()> {
    for chunk in rows.chunks(SUMMARIES_PER_STATEMENT) {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO account_summaries (account_id, name, tier, status, industry, currency, annual_revenue,
                 owner_id, owner_name, sponsor_id, sponsor_name, last_contact, people_ours, people_theirs,
                 connections, flags, flag_count, key_person_id, annual_margin, due_on) ",
        );
        query.push_values(chunk, |mut row, s| {
            row.push_bind(&s.account_id)
                .push_bind(&s.name)
                .push_bind(&s.tier)
                .push_bind(&s.status)
                .push_bind(&s.industry)
                .push_bind(&s.currency)
                .push_bind(s.annual_revenue)
                .push_bind(&s.owner_id)
                .push_bind(&s.owner_name)
                .push_bind(&s.sponsor_id)
                .push_bind(&s.sponsor_name)
                .push_bind(&s.last_contact)
                .push_bind(s.people_ours)
                .push_bind(s.people_theirs)
                .push_bind(s.connections)
                .push_bind(&s.flags)
                .push_bind(s.flag_count)
                .push_bind(&s.key_person_id)
                .push_bind(s.annual_margin)
                .push_bind(&s.due_on);
        });
        query.push(
            " ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, tier = excluded.tier,
                 status = excluded.status, industry = excluded.industry, currency = excluded.currency,
                 annual_revenue = excluded.annual_revenue, owner_id = excluded.owner_id,
                 owner_name = excluded.owner_name, sponsor_id = excluded.sponsor_id,
                 sponsor_name = excluded.sponsor_name, last_contact = excluded.last_contact,
                 people_ours = excluded.people_ours, people_theirs = excluded.people_theirs,
                 connections = excluded.connections, flags = excluded.flags, flag_count = excluded.flag_count,
                 key_person_id = excluded.key_person_id, annual_margin = excluded.annual_margin,
                 due_on = excluded.due_on",
        );
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Copies each of `accounts`' latest recorded health score onto its summary
/// row, with its trend against the score closest to 90 days before it (within
/// 60 to 120 days before; no trend without one). An account with no score
/// keeps what its row holds. (The ORDER BY of a correlated subquery cannot
/// see the outer row in SQLite: the distance is a column of a derived table.)
pub(crate) async fn write_health(conn: &mut SqliteConnection, accounts: &[String]) -> Result<()> {
    let accounts = json_ids(accounts)?;
    sqlx::query!(
        "UPDATE account_summaries SET
             health = latest.score, health_on = latest.on_date, health_trend = latest.score - latest.before
           FROM (SELECT h.account_id, h.score, h.on_date,
                        (SELECT near.score
                           FROM (SELECT p.score, p.on_date,
                                        abs(julianday(p.on_date) - julianday(h.on_date, '-90 days')) AS distance
                                   FROM health_history p
                                  WHERE p.account_id = h.account_id
                                    AND p.on_date BETWEEN date(h.on_date, '-120 days')
                                                      AND date(h.on_date, '-60 days')) AS near
                          ORDER BY near.distance, near.on_date DESC
                          LIMIT 1) AS before
                   FROM health_history h
                  WHERE h.account_id IN (SELECT value FROM json_each(?1))
                    AND h.on_date = (SELECT max(m.on_date) FROM health_history m
                                      WHERE m.account_id = h.account_id)) AS latest
          WHERE account_summaries.account_id = latest.account_id",
        accounts
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// [`write_health`] for one account, with `backslides` (the rules that fired
/// at its latest score) when given.
pub(crate) async fn write_health_with(
    conn: &mut SqliteConnection,
    account_id: &str,
    backslides: Option<&str>,
) -> Result<()> {
    write_health(conn, std::slice::from_ref(&account_id.to_string())).await?;
    if let Some(backslides) = backslides {
        sqlx::query!(
            "UPDATE account_summaries SET backslides = ?2
              WHERE account_id = ?1 AND EXISTS (SELECT 1 FROM health_history WHERE account_id = ?1)",
            account_id,
            backslides
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Our person's new name on the account list, where they own or sponsor.
pub(crate) async fn rename_person(conn: &mut SqliteConnection, person_id: &str, name: &str) -> Result<()> {
    sqlx::query!("UPDATE account_summaries SET owner_name = ?2 WHERE owner_id = ?1", person_id, name)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("UPDATE account_summaries SET sponsor_name = ?2 WHERE sponsor_id = ?1", person_id, name)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
