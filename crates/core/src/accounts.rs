//! Accounts: the customer organisations whose relationships Rapport keeps.
//! Validation lives here, next to the storage, so the app and the CLI enforce
//! exactly the same rules.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::error::{Error, Result};
pub use crate::kinds::Tier;
use crate::kinds::{AccountStatus, Side};
use crate::store::accounts::{self as store, AccountRow, Order};
use crate::store::people::Link;
use crate::summary::{self, Flag};
use crate::text;

pub const NAME_MAX_CHARS: usize = text::LINE_MAX_CHARS;
/// Money amounts stay exact in the UI's numbers (2^53 − 1).
pub const MAX_AMOUNT: i64 = (1 << 53) - 1;

/// An account with every field, plus the names of its owner and sponsor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Account {
    pub id: String,
    pub name: String,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub tier: Tier,
    pub status: AccountStatus,
    /// ISO 4217, for revenue and margin.
    pub currency: Option<String>,
    /// Whole units of `currency` per year.
    /// Exact in a JS number up to 2^53.
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub annual_revenue: Option<i64>,
    /// Exact in a JS number up to 2^53.
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub annual_margin: Option<i64>,
    /// The relationship owner: one of our people.
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    /// The executive sponsor: one of our people.
    pub sponsor_id: Option<String>,
    pub sponsor_name: Option<String>,
    pub business_environment: Option<String>,
    pub customer_strategy: Option<String>,
    pub mutual_goals: Option<String>,
    pub last_customer_review: Option<String>,
    pub next_customer_review: Option<String>,
    pub last_internal_review: Option<String>,
    pub next_internal_review: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Every editable field of an account, as the account page sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct AccountInput {
    pub name: String,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub tier: Option<Tier>,
    pub status: Option<AccountStatus>,
    pub currency: Option<String>,
    /// Exact in a JS number up to 2^53.
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub annual_revenue: Option<i64>,
    /// Exact in a JS number up to 2^53.
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub annual_margin: Option<i64>,
    pub owner_id: Option<String>,
    pub sponsor_id: Option<String>,
    pub business_environment: Option<String>,
    pub customer_strategy: Option<String>,
    pub mutual_goals: Option<String>,
    pub last_customer_review: Option<String>,
    pub next_customer_review: Option<String>,
    pub last_internal_review: Option<String>,
    pub next_internal_review: Option<String>,
}

/// The quick way in (the CLI, a one-line form): a name, a tier and the owner's
/// name. An owner nobody on our side is called yet is added to our people.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAccount {
    pub name: String,
    pub tier: Option<Tier>,
    pub owner_name: Option<String>,
}

/// A validated [`AccountInput`].
pub(crate) type Clean = store::Fields;

impl AccountInput {
    pub(crate) fn validate(&self) -> Result<Clean> {
        let name = text::required_line("name", &self.name)?;
        let currency = text::currency("currency", self.currency.as_deref())?;
        if let Some(revenue) = self.annual_revenue
            && revenue < 0
        {
            return Err(Error::validation("annual_revenue", "cannot be negative"));
        }
        for (field, amount) in [("annual_revenue", self.annual_revenue), ("annual_margin", self.annual_margin)] {
            if amount.is_some_and(|a| a.unsigned_abs() > MAX_AMOUNT.unsigned_abs()) {
                return Err(Error::validation(field, "is too large"));
            }
        }
        if (self.annual_revenue.is_some() || self.annual_margin.is_some()) && currency.is_none() {
            return Err(Error::validation("currency", "say which currency the revenue and margin are in"));
        }
        if let (Some(revenue), Some(margin)) = (self.annual_revenue, self.annual_margin)
            && revenue > 0
            && margin.unsigned_abs() > revenue.unsigned_abs()
        {
            return Err(Error::validation("annual_margin", "cannot be larger than the revenue"));
        }
        Ok(Clean {
            name,
            industry: text::optional_line("industry", self.industry.as_deref())?,
            region: text::optional_line("region", self.region.as_deref())?,
            tier: self.tier.unwrap_or_default(),
            status: self.status.unwrap_or(AccountStatus::Active),
            currency,
            annual_revenue: self.annual_revenue,
            annual_margin: self.annual_margin,
            owner_id: text::blank_to_none(&self.owner_id),
            sponsor_id: text::blank_to_none(&self.sponsor_id),
            business_environment: text::optional_text("business_environment", self.business_environment.as_deref())?,
            customer_strategy: text::optional_text("customer_strategy", self.customer_strategy.as_deref())?,
            mutual_goals: text::optional_text("mutual_goals", self.mutual_goals.as_deref())?,
            dates: [
                text::optional_date("last_customer_review", self.last_customer_review.as_deref())?,
                text::optional_date("next_customer_review", self.next_customer_review.as_deref())?,
                text::optional_date("last_internal_review", self.last_internal_review.as_deref())?,
                text::optional_date("next_internal_review", self.next_internal_review.as_deref())?,
            ],
        })
    }
}

/// The owner and sponsor must be active people on our side.
async fn check_our_person(conn: &mut SqliteConnection, field: &'static str, id: &Option<String>) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    match crate::store::people::link(conn, id).await? {
        None => Err(Error::validation(field, "that person does not exist (or is in the trash)")),
        Some(Link { side, name, .. }) if side.0 != Side::Ours => {
            Err(Error::validation(field, format!("{name} is on the customer's side; choose one of our people")))
        }
        Some(Link { name, active: false, .. }) => {
            Err(Error::validation(field, format!("{name} has left; choose someone still here")))
        }
        Some(_) => Ok(()),
    }
}

/// The owner or sponsor to store on an update. Unchanged is always fine (an
/// owner who has since left must not block saving other fields). An owner in
/// the trash reads as none, so "none" from a form keeps them: restoring the
/// person brings the ownership back. A new choice must be active and ours.
async fn keep_link(
    conn: &mut SqliteConnection,
    field: &'static str,
    stored: Option<String>,
    incoming: Option<String>,
) -> Result<Option<String>> {
    if incoming == stored {
        return Ok(incoming);
    }
    if incoming.is_none()
        && let Some(stored_id) = &stored
        && crate::store::people::is_trashed(conn, stored_id).await?
    {
        return Ok(stored);
    }
    check_our_person(conn, field, &incoming).await?;
    Ok(incoming)
}

async fn check_name_free(conn: &mut SqliteConnection, name: &str, except: Option<&str>) -> Result<()> {
    match store::name_taken(conn, name, except).await? {
        Some(existing) => Err(Error::validation("name", format!("an account named \"{existing}\" already exists"))),
        None => Ok(()),
    }
}

/// Another writer took the name between our check and the write.
fn name_taken(name: &str) -> Error {
    Error::validation("name", format!("an account named \"{name}\" already exists"))
}

/// Creates an account from the quick form.
pub async fn create(pool: &SqlitePool, input: &NewAccount, now: DateTime<Utc>) -> Result<Account> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let owner_id = match &input.owner_name {
        Some(owner) => match text::optional_line("owner_name", Some(owner))? {
            Some(owner) => Some(crate::people::find_or_add_ours(&mut tx, &owner, now).await?),
            None => None,
        },
        None => None,
    };
    let full = AccountInput { name: input.name.clone(), tier: input.tier, owner_id, ..AccountInput::default() };
    let id = create_in(&mut tx, &full, now).await?;
    let account = get_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(account)
}

/// Creates an account with every field.
pub async fn create_full(pool: &SqlitePool, input: &AccountInput, now: DateTime<Utc>) -> Result<Account> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let id = create_in(&mut tx, input, now).await?;
    let account = get_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(account)
}

pub(crate) async fn create_in(
    tx: &mut Transaction<'_, Sqlite>,
    input: &AccountInput,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = create_in_bulk(tx, input, now).await?;
    summary::refresh(tx, &id).await?;
    Ok(id)
}

/// [`create_in`] for a bulk write, without the summary refresh: the caller
/// refreshes every account it touched once, at the end
/// ([`summary::refresh_many`]).
pub(crate) async fn create_in_bulk(
    tx: &mut Transaction<'_, Sqlite>,
    input: &AccountInput,
    now: DateTime<Utc>,
) -> Result<String> {
    let clean = input.validate()?;
    check_name_free(tx, &clean.name, None).await?;
    check_our_person(tx, "owner_id", &clean.owner_id).await?;
    check_our_person(tx, "sponsor_id", &clean.sponsor_id).await?;
    let id = text::new_id();
    if !store::insert(tx, &id, &clean, &text::timestamp(now)).await? {
        return Err(name_taken(&clean.name));
    }
    Ok(id)
}

/// Saves every field of an existing account (the page saves as the user goes).
pub async fn update(pool: &SqlitePool, id: &str, input: &AccountInput, now: DateTime<Utc>) -> Result<Account> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    update_in(&mut tx, id, input, now).await?;
    let account = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(account)
}

pub(crate) async fn update_in(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    input: &AccountInput,
    now: DateTime<Utc>,
) -> Result<()> {
    update_in_bulk(tx, id, input, now).await?;
    summary::refresh(tx, id).await
}

/// [`update_in`] for a bulk write, without the summary refresh (see
/// [`create_in_bulk`]).
pub(crate) async fn update_in_bulk(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    input: &AccountInput,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut clean = input.validate()?;
    get_in(tx, id).await?;
    check_name_free(tx, &clean.name, Some(id)).await?;
    let stored = store::links(tx, id).await?;
    clean.owner_id = keep_link(tx, "owner_id", stored.owner_id, clean.owner_id).await?;
    clean.sponsor_id = keep_link(tx, "sponsor_id", stored.sponsor_id, clean.sponsor_id).await?;
    if !store::update(tx, id, &clean, &text::timestamp(now)).await? {
        return Err(name_taken(&clean.name));
    }
    Ok(())
}

impl From<&Account> for AccountInput {
    fn from(a: &Account) -> Self {
        AccountInput {
            name: a.name.clone(),
            industry: a.industry.clone(),
            region: a.region.clone(),
            tier: Some(a.tier),
            status: Some(a.status),
            currency: a.currency.clone(),
            annual_revenue: a.annual_revenue,
            annual_margin: a.annual_margin,
            owner_id: a.owner_id.clone(),
            sponsor_id: a.sponsor_id.clone(),
            business_environment: a.business_environment.clone(),
            customer_strategy: a.customer_strategy.clone(),
            mutual_goals: a.mutual_goals.clone(),
            last_customer_review: a.last_customer_review.clone(),
            next_customer_review: a.next_customer_review.clone(),
            last_internal_review: a.last_internal_review.clone(),
            next_internal_review: a.next_internal_review.clone(),
        }
    }
}

impl TryFrom<AccountRow> for Account {
    type Error = Error;
    fn try_from(row: AccountRow) -> Result<Self> {
        Ok(Account {
            tier: Tier::parse(&row.tier)
                .map_err(|_| Error::Corrupt(format!("account {} has tier {}", row.id, row.tier)))?,
            status: AccountStatus::from_stored(&row.status)?,
            // A trashed owner reads as no owner.
            owner_id: row.owner_name.as_ref().and(row.owner_id),
            sponsor_id: row.sponsor_name.as_ref().and(row.sponsor_id),
            id: row.id,
            name: row.name,
            industry: row.industry,
            region: row.region,
            currency: row.currency,
            annual_revenue: row.annual_revenue,
            annual_margin: row.annual_margin,
            owner_name: row.owner_name,
            sponsor_name: row.sponsor_name,
            business_environment: row.business_environment,
            customer_strategy: row.customer_strategy,
            mutual_goals: row.mutual_goals,
            last_customer_review: row.last_customer_review.map(|d| d.to_string()),
            next_customer_review: row.next_customer_review.map(|d| d.to_string()),
            last_internal_review: row.last_internal_review.map(|d| d.to_string()),
            next_internal_review: row.next_internal_review.map(|d| d.to_string()),
            created_at: row.created_at.into_text(),
            updated_at: row.updated_at.into_text(),
        })
    }
}

pub(crate) async fn get_in(conn: &mut SqliteConnection, id: &str) -> Result<Account> {
    store::get(conn, id).await?.ok_or_else(|| Error::NotFound("account".into()))?.try_into()
}

/// Whether the account exists and is not in the trash.
pub(crate) async fn is_live(conn: &mut SqliteConnection, id: &str) -> Result<bool> {
    store::is_live(conn, id).await
}

pub async fn get(pool: &SqlitePool, id: &str) -> Result<Account> {
    get_in(&mut *pool.acquire().await?, id).await
}

/// Every account not in the trash, by name.
pub async fn list(pool: &SqlitePool) -> Result<Vec<Account>> {
    store::list(pool).await?.into_iter().map(Account::try_from).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AccountSort {
    #[default]
    Name,
    Tier,
    Revenue,
    Owner,
    LastContact,
    Flags,
}

/// What the account list asks for: filters, an order and a window.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct AccountQuery {
    /// Part of the name, any case.
    pub text: Option<String>,
    /// Empty: every tier.
    pub tiers: Vec<Tier>,
    pub owner_id: Option<String>,
    pub sponsor_id: Option<String>,
    /// Accounts with any of these flags; empty: no filter.
    pub flags: Vec<Flag>,
    pub sort: AccountSort,
    pub descending: bool,
    pub offset: u32,
    /// At most 500; 0 means 100.
    pub limit: u32,
}

/// One line of the account list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountListRow {
    pub id: String,
    pub name: String,
    pub tier: Tier,
    pub status: AccountStatus,
    pub industry: Option<String>,
    pub currency: Option<String>,
    /// Exact in a JS number up to 2^53.
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub annual_revenue: Option<i64>,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    pub sponsor_id: Option<String>,
    pub sponsor_name: Option<String>,
    pub last_contact: Option<String>,
    pub people_theirs: u32,
    pub connections: u32,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountPage {
    /// How many accounts match the filters.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<AccountListRow>,
}

/// A window of the account list, filtered and sorted in the database over
/// `account_summaries` alone (narrow rows, one per live account, indexed for
/// each sort), so the first page is instant however large the book.
pub async fn query(pool: &SqlitePool, q: &AccountQuery) -> Result<AccountPage> {
    let filter = store::Filter {
        text: q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()),
        tiers: &q.tiers,
        owner_id: q.owner_id.as_deref(),
        sponsor_id: q.sponsor_id.as_deref(),
        flags: q.flags.iter().map(|f| f.as_str()).collect(),
    };
    let order = match q.sort {
        AccountSort::Name => Order::Name,
        AccountSort::Tier => Order::Tier,
        AccountSort::Revenue => Order::Revenue,
        AccountSort::Owner => Order::Owner,
        AccountSort::LastContact => Order::LastContact,
        AccountSort::Flags => Order::Flags,
    };
    let limit = match q.limit {
        0 => 100,
        n => n.min(500),
    };
    let (total, rows) = store::page(pool, &filter, order, q.descending, q.offset, limit).await?;
    Ok(AccountPage {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        offset: q.offset,
        rows: rows
            .into_iter()
            .map(|r| {
                Ok(AccountListRow {
                    tier: Tier::parse(&r.tier)?,
                    status: AccountStatus::from_stored(&r.status)?,
                    flags: summary::parse_flags(&r.flags),
                    id: r.account_id,
                    name: r.name,
                    industry: r.industry,
                    currency: r.currency,
                    annual_revenue: r.annual_revenue,
                    owner_id: r.owner_id,
                    owner_name: r.owner_name,
                    sponsor_id: r.sponsor_id,
                    sponsor_name: r.sponsor_name,
                    last_contact: r.last_contact.map(|d| d.to_string()),
                    people_theirs: u32::try_from(r.people_theirs).unwrap_or(0),
                    connections: u32::try_from(r.connections).unwrap_or(0),
                })
            })
            .collect::<Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str) -> AccountInput {
        AccountInput { name: name.into(), ..AccountInput::default() }
    }

    #[test]
    fn validation_names_the_field_and_the_rule() {
        let cases: Vec<(AccountInput, &str, &str)> = vec![
            (input(""), "name", "cannot be empty"),
            (input("   "), "name", "cannot be empty"),
            (input(&"x".repeat(201)), "name", "at most 200"),
            (input("Acme\nCorp"), "name", "single line"),
            (AccountInput { industry: Some("y".repeat(201)), ..input("Acme") }, "industry", "at most 200"),
            (AccountInput { currency: Some("euro".into()), ..input("Acme") }, "currency", "three letters"),
            (AccountInput { annual_revenue: Some(10), ..input("Acme") }, "currency", "which currency"),
            (
                AccountInput { annual_revenue: Some(-1), currency: Some("EUR".into()), ..input("Acme") },
                "annual_revenue",
                "negative",
            ),
            (
                AccountInput {
                    annual_revenue: Some(100),
                    annual_margin: Some(200),
                    currency: Some("EUR".into()),
                    ..input("Acme")
                },
                "annual_margin",
                "larger than the revenue",
            ),
            (
                AccountInput { next_customer_review: Some("next spring".into()), ..input("Acme") },
                "next_customer_review",
                "YYYY-MM-DD",
            ),
            (AccountInput { customer_strategy: Some("\u{0}".into()), ..input("Acme") }, "customer_strategy", "control"),
            (
                AccountInput { annual_revenue: Some(1 << 60), currency: Some("EUR".into()), ..input("Acme") },
                "annual_revenue",
                "too large",
            ),
            (
                AccountInput {
                    annual_revenue: Some(100),
                    annual_margin: Some(i64::MIN),
                    currency: Some("EUR".into()),
                    ..input("Acme")
                },
                "annual_margin",
                "too large",
            ),
        ];
        for (case, field, rule) in cases {
            let err = case.validate().err().unwrap_or_else(|| panic!("{case:?} passed"));
            assert_eq!(err.field(), Some(field), "{case:?}");
            assert!(err.to_string().contains(rule), "{case:?}: {err}");
        }
    }

    #[test]
    fn clean_input_is_trimmed_and_defaults_applied() {
        let clean = AccountInput { owner_id: Some("  ".into()), currency: Some("chf".into()), ..input("  Nordlicht ") }
            .validate()
            .unwrap();
        assert_eq!(clean.name, "Nordlicht");
        assert_eq!(clean.tier, Tier::Key);
        assert_eq!(clean.status, AccountStatus::Active);
        assert_eq!(clean.owner_id, None);
        assert_eq!(clean.currency.as_deref(), Some("CHF"));
    }

    #[test]
    fn tiers_parse_case_insensitively_and_reject_others() {
        assert_eq!(Tier::parse("Strategic").unwrap(), Tier::Strategic);
        let err = Tier::parse("gold").unwrap_err();
        assert_eq!(err.field(), Some("tier"));
    }
}
