//! Store: accounts, and the account list over their summaries.

use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

use super::{Timestamp, unless_unique};
use crate::error::Result;
use crate::kinds::{AccountStatus, Tier};

/// Every stored field of an account but the id and the stamps, validated by
/// the domain (`accounts::AccountInput::validate`).
pub(crate) struct Fields {
    pub(crate) name: String,
    pub(crate) industry: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) tier: Tier,
    pub(crate) status: AccountStatus,
    pub(crate) currency: Option<String>,
    pub(crate) annual_revenue: Option<i64>,
    pub(crate) annual_margin: Option<i64>,
    pub(crate) owner_id: Option<String>,
    pub(crate) sponsor_id: Option<String>,
    pub(crate) business_environment: Option<String>,
    pub(crate) customer_strategy: Option<String>,
    pub(crate) mutual_goals: Option<String>,
    /// Last and next customer review, last and next internal review.
    pub(crate) dates: [Option<String>; 4],
}

/// Adds an account; `Ok(false)` when another live account has its name.
pub(crate) async fn insert(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<bool> {
    let [last_customer_review, next_customer_review, last_internal_review, next_internal_review] = &fields.dates;
    let insert = sqlx::query!(
        "INSERT INTO accounts (id, name, industry, region, tier, status, currency, annual_revenue, annual_margin,
             owner_id, sponsor_id, business_environment, customer_strategy, mutual_goals,
             last_customer_review, next_customer_review, last_internal_review, next_internal_review,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)",
        id,
        fields.name,
        fields.industry,
        fields.region,
        fields.tier.as_str(),
        fields.status,
        fields.currency,
        fields.annual_revenue,
        fields.annual_margin,
        fields.owner_id,
        fields.sponsor_id,
        fields.business_environment,
        fields.customer_strategy,
        fields.mutual_goals,
        last_customer_review,
        next_customer_review,
        last_internal_review,
        next_internal_review,
        stamp,
    );
    unless_unique(insert.execute(&mut *conn).await)
}

/// Saves every field; `Ok(false)` when another live account has the name.
pub(crate) async fn update(conn: &mut SqliteConnection, id: &str, fields: &Fields, stamp: &str) -> Result<bool> {
    let [last_customer_review, next_customer_review, last_internal_review, next_internal_review] = &fields.dates;
    let update = sqlx::query!(
        "UPDATE accounts SET name = ?2, industry = ?3, region = ?4, tier = ?5, status = ?6, currency = ?7,
             annual_revenue = ?8, annual_margin = ?9, owner_id = ?10, sponsor_id = ?11, business_environment = ?12,
             customer_strategy = ?13, mutual_goals = ?14, last_customer_review = ?15, next_customer_review = ?16,
             last_internal_review = ?17, next_internal_review = ?18, updated_at = ?19
         WHERE id = ?1",
        id,
        fields.name,
        fields.industry,
        fields.region,
        fields.tier.as_str(),
        fields.status,
        fields.currency,
        fields.annual_revenue,
        fields.annual_margin,
        fields.owner_id,
        fields.sponsor_id,
        fields.business_environment,
        fields.customer_strategy,
        fields.mutual_goals,
        last_customer_review,
        next_customer_review,
        last_internal_review,
        next_internal_review,
        stamp,
    );
    unless_unique(update.execute(&mut *conn).await)
}

/// The name of the live account, other than `except`, called `name` (any case).
pub(crate) async fn name_taken(
    conn: &mut SqliteConnection,
    name: &str,
    except: Option<&str>,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT name FROM accounts WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NULL AND id IS NOT ?2",
        name,
        except,
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// The owner and sponsor ids as stored (a trashed one included).
pub(crate) struct Links {
    pub(crate) owner_id: Option<String>,
    pub(crate) sponsor_id: Option<String>,
}

pub(crate) async fn links(conn: &mut SqliteConnection, id: &str) -> Result<Links> {
    Ok(sqlx::query_as!(Links, "SELECT owner_id, sponsor_id FROM accounts WHERE id = ?1", id)
        .fetch_one(&mut *conn)
        .await?)
}

/// Whether the account exists and is not in the trash.
pub(crate) async fn is_live(conn: &mut SqliteConnection, id: &str) -> Result<bool> {
    let live = sqlx::query_scalar!("SELECT 1 FROM accounts WHERE id = ?1 AND deleted_at IS NULL", id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(live.is_some())
}

/// The tier and the account's own contact interval, if it set one.
pub(crate) struct Cadence {
    pub(crate) tier: String,
    pub(crate) cadence_days: Option<u32>,
}

/// The account's tier and own interval (trashed or not).
pub(crate) async fn cadence(conn: &mut SqliteConnection, id: &str) -> Result<Cadence> {
    Ok(sqlx::query_as!(Cadence, r#"SELECT tier, cadence_days AS "cadence_days: u32" FROM accounts WHERE id = ?1"#, id)
        .fetch_one(&mut *conn)
        .await?)
}

/// A query for [`AccountRow`]s: the columns and joins, then `$rest` (the
/// query macros take only literals, so the shared part is spliced in here).
macro_rules! select_accounts {
    ($rest:tt $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            AccountRow,
            r#"SELECT a.id, a.name, a.industry, a.region, a.tier, a.status, a.currency, a.annual_revenue,
                a.annual_margin, a.owner_id, o.name AS owner_name, a.sponsor_id, s.name AS sponsor_name,
                a.business_environment, a.customer_strategy, a.mutual_goals,
                a.last_customer_review AS "last_customer_review: NaiveDate",
                a.next_customer_review AS "next_customer_review: NaiveDate",
                a.last_internal_review AS "last_internal_review: NaiveDate",
                a.next_internal_review AS "next_internal_review: NaiveDate",
                a.created_at AS "created_at: Timestamp", a.updated_at AS "updated_at: Timestamp"
            FROM accounts a
            LEFT JOIN people o ON o.id = a.owner_id AND o.deleted_at IS NULL
            LEFT JOIN people s ON s.id = a.sponsor_id AND s.deleted_at IS NULL "#
                + $rest
            $(, $arg)*
        )
    };
}

/// An account as stored, with the names of its live owner and sponsor.
pub(crate) struct AccountRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) industry: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) tier: String,
    pub(crate) status: String,
    pub(crate) currency: Option<String>,
    pub(crate) annual_revenue: Option<i64>,
    pub(crate) annual_margin: Option<i64>,
    pub(crate) owner_id: Option<String>,
    pub(crate) owner_name: Option<String>,
    pub(crate) sponsor_id: Option<String>,
    pub(crate) sponsor_name: Option<String>,
    pub(crate) business_environment: Option<String>,
    pub(crate) customer_strategy: Option<String>,
    pub(crate) mutual_goals: Option<String>,
    pub(crate) last_customer_review: Option<NaiveDate>,
    pub(crate) next_customer_review: Option<NaiveDate>,
    pub(crate) last_internal_review: Option<NaiveDate>,
    pub(crate) next_internal_review: Option<NaiveDate>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

/// A live account.
pub(crate) async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<AccountRow>> {
    Ok(select_accounts!("WHERE a.id = ?1 AND a.deleted_at IS NULL", id).fetch_optional(&mut *conn).await?)
}

/// Every live account, by name.
pub(crate) async fn list(pool: &SqlitePool) -> Result<Vec<AccountRow>> {
    Ok(select_accounts!("WHERE a.deleted_at IS NULL ORDER BY a.name COLLATE NOCASE, a.id").fetch_all(pool).await?)
}

/// What the account list filters on; empty lists do not filter.
pub(crate) struct Filter<'a> {
    /// Part of the name, any case.
    pub(crate) text: Option<&'a str>,
    pub(crate) tiers: &'a [Tier],
    pub(crate) owner_id: Option<&'a str>,
    pub(crate) sponsor_id: Option<&'a str>,
    /// Flag codes: accounts with any of them.
    pub(crate) flags: Vec<&'static str>,
}

/// The account list's orders, each matching an index on `account_summaries`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Order {
    Name,
    Tier,
    Revenue,
    Owner,
    LastContact,
    Flags,
}

/// One line of the account list, from `account_summaries`.
#[derive(sqlx::FromRow)]
pub(crate) struct ListRow {
    pub(crate) account_id: String,
    pub(crate) name: String,
    pub(crate) tier: String,
    pub(crate) status: String,
    pub(crate) industry: Option<String>,
    pub(crate) currency: Option<String>,
    pub(crate) annual_revenue: Option<i64>,
    pub(crate) owner_id: Option<String>,
    pub(crate) owner_name: Option<String>,
    pub(crate) sponsor_id: Option<String>,
    pub(crate) sponsor_name: Option<String>,
    pub(crate) last_contact: Option<NaiveDate>,
    pub(crate) people_theirs: i64,
    pub(crate) connections: i64,
    /// Flag codes, space separated.
    pub(crate) flags: String,
}

/// How many accounts match `filter`, and a window of them in `order`.
pub(crate) async fn page(
    pool: &SqlitePool,
    filter: &Filter<'_>,
    order: Order,
    descending: bool,
    offset: u32,
    limit: u32,
) -> Result<(i64, Vec<ListRow>)> {
    let mut sql = String::from(" WHERE 1");
    let mut binds: Vec<String> = Vec::new();
    let mut bind = |value: String, binds_sql: &mut String, template: &str| {
        binds.push(value);
        binds_sql.push_str(&template.replace('?', &format!("?{}", binds.len())));
    };
    if let Some(text) = filter.text {
        let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        bind(format!("%{escaped}%"), &mut sql, " AND name LIKE ? ESCAPE '\\'");
    }
    if !filter.tiers.is_empty() {
        // Tiers are a closed set of plain words: safe to inline.
        let list: Vec<String> = filter.tiers.iter().map(|t| format!("'{}'", t.as_str())).collect();
        sql.push_str(&format!(" AND tier IN ({})", list.join(", ")));
    }
    if let Some(owner) = filter.owner_id {
        bind(owner.to_string(), &mut sql, " AND owner_id = ?");
    }
    if let Some(sponsor) = filter.sponsor_id {
        bind(sponsor.to_string(), &mut sql, " AND sponsor_id = ?");
    }
    if !filter.flags.is_empty() {
        // Flag codes are a closed set of plain words: safe to inline.
        let any: Vec<String> = filter.flags.iter().map(|f| format!("(' ' || flags || ' ') LIKE '% {f} %'")).collect();
        sql.push_str(&format!(" AND ({})", any.join(" OR ")));
    }
    let (dir, reverse) = if descending { ("DESC", "ASC") } else { ("ASC", "DESC") };
    // The name breaks ties.
    let order = match order {
        Order::Name => format!("name COLLATE NOCASE {dir}"),
        // Stored words sort growth < key < strategic: ascending means strategic first.
        Order::Tier => format!("tier {reverse}, name COLLATE NOCASE"),
        Order::Revenue => format!("annual_revenue {dir}, name COLLATE NOCASE"),
        Order::Owner => format!("owner_name COLLATE NOCASE {dir}, name COLLATE NOCASE"),
        Order::LastContact => format!("last_contact {dir}, name COLLATE NOCASE"),
        Order::Flags => format!("flag_count {dir}, name COLLATE NOCASE"),
    };
    let count_sql = format!("SELECT count(*) FROM account_summaries{sql}");
    let rows_sql = format!(
        "SELECT account_id, name, tier, status, industry, currency, annual_revenue, owner_id, owner_name, sponsor_id,
                sponsor_name, last_contact, people_theirs, connections, flags
         FROM account_summaries{sql} ORDER BY {order}, account_id LIMIT {limit} OFFSET {offset}"
    );
    let mut conn = pool.acquire().await?;
    let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
    for b in &binds {
        count = count.bind(b);
    }
    let total = count.fetch_one(&mut *conn).await?;
    let mut rows = sqlx::query_as::<_, ListRow>(sqlx::AssertSqlSafe(rows_sql));
    for b in &binds {
        rows = rows.bind(b);
    }
    Ok((total, rows.fetch_all(&mut *conn).await?))
}

/// The account page's figures from its summary: flag codes and the last
/// contact (none before the first refresh).
#[derive(Default)]
pub(crate) struct Glance {
    pub(crate) flags: String,
    pub(crate) last_contact: Option<NaiveDate>,
}

pub(crate) async fn glance(conn: &mut SqliteConnection, id: &str) -> Result<Option<Glance>> {
    Ok(sqlx::query_as!(
        Glance,
        r#"SELECT flags, last_contact AS "last_contact: NaiveDate" FROM account_summaries WHERE account_id = ?1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// The account's name, if it exists and is not in the trash.
pub(crate) async fn live_name(conn: &mut SqliteConnection, id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!("SELECT name FROM accounts WHERE id = ?1 AND deleted_at IS NULL", id)
        .fetch_optional(&mut *conn)
        .await?)
}
