//! Applying an import plan to the vault: every planned create and update in
//! one transaction, through the same validation as the forms, or nothing.
//!
//! The preview and the commit run one function, [`prepare`]: it plans the
//! file against the vault, applies the user's options (a currency for the
//! file, what the file's tier values mean, whether unknown owners are added
//! to our people), builds each row's form input exactly as the commit will
//! write it and runs the form's checks on it. So a row the commit would
//! refuse is a rejected row in the preview already, with its column named.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use super::fields::{self, quote};
use super::{
    AccountRecord, ContactRecord, Existing, ImportPlan, Parsed, PlanAction, PlannedItem, PlannedRecord, RecordRef,
    RowIssue, Target, match_key, plan,
};
use crate::accounts::{self, Account, AccountInput, Tier};
use crate::error::{Error, Result};
use crate::kinds::Side;
use crate::people::{self, Person, PersonInput};
use crate::store::imports as store;
use crate::summary;

/// Imported contacts have no org level in a CRM export; they start here and
/// the user places them on the org chart.
pub const DEFAULT_CONTACT_LEVEL: u8 = 4;

/// Stands in for the id of something this import creates, while the preview
/// checks a row (the forms only check that an id is given).
const NOT_YET_CREATED: &str = "created by this import";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOutcome {
    pub created: u32,
    pub updated: u32,
    /// Rows left out (the preview listed them and the user chose to go on).
    pub skipped: u32,
}

/// The choices the preview offers for a whole file. Nothing is assumed: a
/// new account without a tier needs `default_tier`, a value of the tier
/// column that is not a tier needs a mapping, and an owner name matches one
/// of our people or is left empty unless `add_unknown_owners` is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ImportOptions {
    /// ISO 4217 code for the amounts of rows that name no currency.
    pub default_currency: Option<String>,
    /// The tier of new accounts whose row has none. `None`: such rows are
    /// rejected until one is chosen.
    pub default_tier: Option<Tier>,
    /// The file's tier values, as written (any case), and the tier each
    /// stands for: "Gold" -> strategic. Wins over the tier names themselves.
    pub tiers: BTreeMap<String, Tier>,
    /// Add owners nobody on our side is called yet to our people. Off, an
    /// unknown owner is left empty and the preview warns.
    pub add_unknown_owners: bool,
}

impl ImportOptions {
    fn currency(&self) -> Result<Option<String>> {
        match self.default_currency.as_deref() {
            None => Ok(None),
            Some(code) => fields::currency(code).map_err(|problem| Error::validation("default_currency", problem)),
        }
    }

    /// The tier a value of the file's tier column stands for, if any.
    fn tier_for(&self, value: &str) -> Option<Tier> {
        let key = match_key(value);
        self.tiers
            .iter()
            .find(|(written, _)| match_key(written) == key)
            .map(|(_, tier)| *tier)
            .or_else(|| Tier::ALL.into_iter().find(|t| t.as_str() == key))
    }
}

/// One value of the file's tier column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TierValue {
    /// As the file writes it (the first spelling met).
    pub value: String,
    /// Account rows holding it.
    pub rows: u32,
    /// What it imports as; `None` until it is mapped (those rows are rejected).
    pub tier: Option<Tier>,
}

/// Who owns an imported account.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// The row names none.
    None,
    /// One of our people by that name.
    Existing(String),
    /// Nobody on our side has the name, and the user chose to add them.
    Add(String),
    /// Nobody on our side has the name: left empty.
    Unknown,
}

/// What the commit writes for an account row beyond the record itself.
#[derive(Debug, Clone)]
struct AccountChoice {
    tier: Option<Tier>,
    currency: Option<String>,
    owner: Owner,
}

/// A plan with every row checked as the commit will write it.
struct Prepared {
    plan: ImportPlan,
    accounts: HashMap<u32, AccountChoice>,
    tier_values: Vec<TierValue>,
    accounts_without_tier: u32,
    unknown_owners: Vec<String>,
}

/// What the vault holds now, as the planner matches it.
pub async fn existing(pool: &SqlitePool) -> Result<Existing> {
    let mut conn = pool.acquire().await?;
    existing_in(&mut conn).await
}

async fn existing_in(conn: &mut SqliteConnection) -> Result<Existing> {
    let mut existing = Existing::default();
    for account in store::live_accounts(conn).await? {
        existing.add_account(&account.name, &account.id);
    }
    for person in store::live_contacts(conn).await? {
        existing.add_person(&person.id, &person.account_id, &person.name, person.email.as_deref());
    }
    for owner in store::owners(conn).await? {
        existing.add_ours(&owner.name, &owner.id);
    }
    Ok(existing)
}

/// The preview for a parsed file against the vault as it is now: exactly
/// the rows [`commit`] would write and refuse with the same options.
pub async fn preview(pool: &SqlitePool, parsed: &Parsed, options: &ImportOptions) -> Result<ImportPlan> {
    let mut tx = pool.begin().await?;
    Ok(prepare(&mut tx, parsed, options).await?.plan)
}

fn at_row(row: u32, e: Error) -> Error {
    match e {
        Error::Validation { field, message } => Error::validation(field, format!("row {row}: {message}")),
        other => other,
    }
}

/// The column of the file behind a form field, for messages: the header if
/// the file has one, else the field's own name.
fn column_of(parsed: &Parsed, item: &PlannedItem, field: &str) -> (Option<String>, String) {
    let targets: &[Target] = match (item, field) {
        (PlannedItem::Account { .. }, "name") => &[Target::Name, Target::AccountName],
        (PlannedItem::Account { .. }, "industry") => &[Target::Industry],
        (PlannedItem::Account { .. }, "region") => &[Target::Region, Target::Country, Target::State],
        (PlannedItem::Account { .. }, "tier") => &[Target::Tier],
        (PlannedItem::Account { .. }, "currency") => &[Target::Currency, Target::AnnualRevenue],
        (PlannedItem::Account { .. }, "annual_revenue" | "annual_margin") => &[Target::AnnualRevenue],
        (PlannedItem::Account { .. }, "owner_id") => &[Target::OwnerName],
        (PlannedItem::Account { .. }, "business_environment") => &[Target::Notes],
        (PlannedItem::Contact { .. }, "name") => &[Target::Name, Target::FirstName, Target::LastName],
        (PlannedItem::Contact { .. }, "title") => &[Target::Title],
        (PlannedItem::Contact { .. }, "department") => &[Target::Department],
        (PlannedItem::Contact { .. }, "email") => &[Target::Email],
        (PlannedItem::Contact { .. }, "phone") => &[Target::Phone, Target::Mobile],
        (PlannedItem::Contact { .. }, "notes") => &[Target::Notes],
        _ => &[],
    };
    let header = targets.iter().find_map(|t| parsed.column_for(*t));
    let label = header.clone().unwrap_or_else(|| field.to_string());
    (header, label)
}

/// A form's refusal of a row, as a rejected row naming the column, with the
/// way out where the preview offers one.
fn refused(parsed: &Parsed, planned: &PlannedRecord, e: Error) -> Result<RowIssue> {
    let Error::Validation { field, message } = e else { return Err(e) };
    let (column, label) = column_of(parsed, &planned.item, field);
    let fix = match field {
        "currency" if message.starts_with("say which currency") => "; or choose a currency for the whole file",
        _ => "",
    };
    Ok(RowIssue::new(planned.row, column.as_deref(), format!("{label}: {message}{fix}")))
}

/// Plans `parsed` against the vault and checks every row as the commit
/// will write it. Both the preview and the commit run this.
async fn prepare(conn: &mut SqliteConnection, parsed: &Parsed, options: &ImportOptions) -> Result<Prepared> {
    let default_currency = options.currency()?;
    let existing = existing_in(conn).await?;
    let mut plan = plan(parsed, &existing);
    let tier_column = parsed.column_for(Target::Tier);
    let tier_label = tier_column.clone().unwrap_or_else(|| "tier".into());
    let mut rejects: Vec<RowIssue> = Vec::new();
    let mut rejected: HashSet<u32> = HashSet::new();
    let mut choices: HashMap<u32, AccountChoice> = HashMap::new();
    let mut tiers: BTreeMap<String, TierValue> = BTreeMap::new();
    let mut accounts_without_tier = 0u32;
    let mut unknown_owners: BTreeMap<String, String> = BTreeMap::new();

    for planned in plan.creates.iter_mut().chain(plan.updates.iter_mut()) {
        let PlannedItem::Account { record: a } = &planned.item else { continue };
        let mut reject = |issue: RowIssue| {
            rejected.insert(issue.row);
            rejects.push(issue);
        };
        let tier = match a.tier.as_deref() {
            Some(value) => {
                let tier = options.tier_for(value);
                let entry = tiers.entry(match_key(value)).or_insert_with(|| TierValue {
                    value: value.to_string(),
                    rows: 0,
                    tier,
                });
                entry.rows += 1;
                if tier.is_none() {
                    reject(RowIssue::new(
                        a.row,
                        tier_column.as_deref(),
                        format!("{tier_label}: {} is not a tier; map it to strategic, key or growth", quote(value)),
                    ));
                    continue;
                }
                tier
            }
            None if planned.action == PlanAction::Create => {
                accounts_without_tier += 1;
                if options.default_tier.is_none() {
                    reject(RowIssue::new(
                        a.row,
                        tier_column.as_deref(),
                        format!("{tier_label}: empty; choose the tier for new accounts without one"),
                    ));
                    continue;
                }
                options.default_tier
            }
            // An update without a tier keeps the account's.
            None => None,
        };
        let owner = match a.owner_name.as_deref() {
            None => Owner::None,
            Some(name) => match existing.ours_by_name.get(&match_key(name)) {
                Some(id) => Owner::Existing(id.clone()),
                None if options.add_unknown_owners => {
                    planned.warnings.push(format!("adds \"{name}\" to our people as the owner"));
                    Owner::Add(name.to_string())
                }
                None => {
                    unknown_owners.entry(match_key(name)).or_insert_with(|| name.to_string());
                    planned.warnings.push(format!(
                        "the owner \"{name}\" is not one of our people: left empty (or choose to add unknown owners)"
                    ));
                    Owner::Unknown
                }
            },
        };
        let choice = AccountChoice {
            tier,
            currency: a.currency.clone().or_else(|| a.annual_revenue.and(default_currency.clone())),
            owner,
        };
        let current = match (&planned.existing_id, planned.action) {
            (Some(id), PlanAction::Update) => Some(accounts::get_in(conn, id).await?),
            _ => None,
        };
        let owner_id = match &choice.owner {
            Owner::Existing(id) => Some(id.clone()),
            Owner::Add(_) => Some(NOT_YET_CREATED.to_string()),
            Owner::None | Owner::Unknown => None,
        };
        if let Err(e) = account_input(a, current.as_ref(), &choice, owner_id).validate() {
            reject(refused(parsed, planned, e)?);
            continue;
        }
        choices.insert(a.row, choice);
    }

    let rejected_accounts = rejected.clone();
    for planned in plan.creates.iter_mut().chain(plan.updates.iter_mut()) {
        let PlannedItem::Contact { record: c, account, .. } = &planned.item else { continue };
        if let RecordRef::ThisImport { row } = account
            && rejected_accounts.contains(row)
        {
            let (column, label) = (parsed.column_for(Target::AccountName), "account");
            let label = column.clone().unwrap_or_else(|| label.to_string());
            rejected.insert(c.row);
            rejects.push(RowIssue::new(
                c.row,
                column.as_deref(),
                format!("{label}: the account of row {row} is not imported, so neither is this contact"),
            ));
            continue;
        }
        let current = match (&planned.existing_id, planned.action) {
            (Some(id), PlanAction::Update) => Some(people::get_in(conn, id).await?),
            _ => None,
        };
        let account_id = match account {
            RecordRef::Existing { id } => id.clone(),
            RecordRef::ThisImport { .. } => NOT_YET_CREATED.to_string(),
        };
        if let Err(e) = contact_input(c, current.as_ref(), account_id).validate() {
            rejected.insert(c.row);
            rejects.push(refused(parsed, planned, e)?);
        }
    }

    plan.creates.retain(|p| !rejected.contains(&p.row));
    plan.updates.retain(|p| !rejected.contains(&p.row));
    // A manager whose own row is refused is not there to report to.
    for planned in plan.creates.iter_mut().chain(plan.updates.iter_mut()) {
        let PlannedItem::Contact { reports_to, record, .. } = &mut planned.item else { continue };
        if let Some(RecordRef::ThisImport { row }) = reports_to
            && rejected.contains(row)
        {
            let manager = record.reports_to_name.clone().unwrap_or_default();
            planned.warnings.push(format!("reports to \"{manager}\" (row {row}), who is not imported; left empty"));
            *reports_to = None;
        }
    }
    plan.rejects.extend(rejects);
    plan.rejects.sort_by_key(|r| r.row);
    Ok(Prepared {
        plan,
        accounts: choices,
        tier_values: tiers.into_values().collect(),
        accounts_without_tier,
        unknown_owners: unknown_owners.into_values().collect(),
    })
}

/// The account form's input for a row: a new account from the row, or the
/// account as it is with the row's non-empty cells laid over it.
fn account_input(
    a: &AccountRecord,
    current: Option<&Account>,
    choice: &AccountChoice,
    owner_id: Option<String>,
) -> AccountInput {
    let Some(current) = current else {
        return AccountInput {
            name: a.name.clone(),
            industry: a.industry.clone(),
            region: a.region.clone(),
            tier: choice.tier,
            currency: choice.currency.clone(),
            annual_revenue: a.annual_revenue,
            owner_id,
            business_environment: a.notes.clone(),
            ..AccountInput::default()
        };
    };
    let mut input = AccountInput::from(current);
    overlay(&mut input.industry, &a.industry);
    overlay(&mut input.region, &a.region);
    overlay(&mut input.currency, &choice.currency);
    overlay(&mut input.owner_id, &owner_id);
    if current.business_environment.is_none() {
        overlay(&mut input.business_environment, &a.notes);
    }
    if a.annual_revenue.is_some() {
        input.annual_revenue = a.annual_revenue;
    }
    if choice.tier.is_some() {
        input.tier = choice.tier;
    }
    input
}

/// The person form's input for a contact row, as [`account_input`].
fn contact_input(c: &ContactRecord, current: Option<&Person>, account_id: String) -> PersonInput {
    let Some(current) = current else {
        return PersonInput {
            side: Some(Side::Theirs),
            account_id: Some(account_id),
            name: c.name.clone(),
            title: c.title.clone(),
            department: c.department.clone(),
            org_level: Some(DEFAULT_CONTACT_LEVEL),
            email: c.email.clone(),
            phone: c.phone.clone(),
            notes: c.notes.clone(),
            ..PersonInput::default()
        };
    };
    let mut input = PersonInput::from(current);
    overlay(&mut input.title, &c.title);
    overlay(&mut input.department, &c.department);
    overlay(&mut input.email, &c.email);
    overlay(&mut input.phone, &c.phone);
    if current.notes.is_none() {
        overlay(&mut input.notes, &c.notes);
    }
    input
}

/// Prepares again inside the write transaction (the vault may have changed
/// since the preview) and applies the plan. With rejected rows, the import
/// stops unless `skip_rejected` says the user chose to leave them out.
pub async fn commit(
    pool: &SqlitePool,
    parsed: &Parsed,
    options: &ImportOptions,
    skip_rejected: bool,
    now: DateTime<Utc>,
) -> Result<ImportOutcome> {
    let mut tx = crate::db::begin_write_as(pool, crate::db::Stamp::Import(now)).await?;
    let prepared = prepare(&mut tx, parsed, options).await?;
    let plan = &prepared.plan;
    if !plan.rejects.is_empty() && !skip_rejected {
        let first = &plan.rejects[0];
        return Err(Error::validation(
            "file",
            format!(
                "{} row(s) cannot be imported (row {}: {}); fix the file or choose to skip them",
                plan.rejects.len(),
                first.row,
                first.message
            ),
        ));
    }
    if plan.creates.is_empty() && plan.updates.is_empty() {
        return Err(Error::validation("file", "there is nothing to import in this file"));
    }
    let mut outcome =
        ImportOutcome { skipped: u32::try_from(plan.rejects.len()).unwrap_or(u32::MAX), ..Default::default() };
    let mut created_accounts: HashMap<u32, String> = HashMap::new();
    let mut created_people: HashMap<u32, String> = HashMap::new();
    let mut managers: Vec<(String, RecordRef, u32)> = Vec::new();
    let mut touched: BTreeSet<String> = BTreeSet::new();

    let all: Vec<&PlannedRecord> = plan.creates.iter().chain(&plan.updates).collect();
    // Accounts first, so contacts can point at the accounts this file creates.
    for record in all.iter().filter(|r| matches!(r.item, PlannedItem::Account { .. })) {
        let PlannedItem::Account { record: a } = &record.item else { unreachable!() };
        let choice = prepared
            .accounts
            .get(&a.row)
            .ok_or_else(|| Error::Internal(format!("row {}: the account was not prepared", a.row)))?;
        let owner_id = match &choice.owner {
            Owner::Existing(id) => Some(id.clone()),
            Owner::Add(name) => Some(people::find_or_add_ours(&mut tx, name, now).await.map_err(|e| at_row(a.row, e))?),
            Owner::None | Owner::Unknown => None,
        };
        match (record.action, &record.existing_id) {
            (PlanAction::Update, Some(id)) => {
                let current = accounts::get_in(&mut tx, id).await?;
                let input = account_input(a, Some(&current), choice, owner_id);
                accounts::update_in_bulk(&mut tx, id, &input, now).await.map_err(|e| at_row(a.row, e))?;
                touched.insert(id.clone());
                outcome.updated += 1;
            }
            _ => {
                let input = account_input(a, None, choice, owner_id);
                let id = accounts::create_in_bulk(&mut tx, &input, now).await.map_err(|e| at_row(a.row, e))?;
                touched.insert(id.clone());
                created_accounts.insert(a.row, id);
                outcome.created += 1;
            }
        }
    }
    // Then contacts, in row order.
    let mut contacts: Vec<&&PlannedRecord> =
        all.iter().filter(|r| matches!(r.item, PlannedItem::Contact { .. })).collect();
    contacts.sort_by_key(|r| r.row);
    for record in contacts {
        let PlannedItem::Contact { record: c, account, reports_to } = &record.item else { unreachable!() };
        let account_id = resolve(account, &created_accounts)
            .ok_or_else(|| Error::Internal(format!("row {}: the account to import into was not created", c.row)))?;
        touched.insert(account_id.clone());
        let id = match (record.action, &record.existing_id) {
            (PlanAction::Update, Some(id)) => {
                let current = people::get_in(&mut tx, id).await?;
                let input = contact_input(c, Some(&current), account_id);
                people::update_in_bulk(&mut tx, id, &input, now).await.map_err(|e| at_row(c.row, e))?;
                outcome.updated += 1;
                id.clone()
            }
            _ => {
                let input = contact_input(c, None, account_id);
                let id = people::create_in_bulk(&mut tx, &input, now).await.map_err(|e| at_row(c.row, e))?;
                created_people.insert(c.row, id.clone());
                outcome.created += 1;
                id
            }
        };
        if let Some(manager) = reports_to {
            managers.push((id, manager.clone(), c.row));
        }
    }
    // Managers last: a contact may report to someone further down the file.
    for (id, manager, row) in managers {
        let Some(manager_id) = resolve(&manager, &created_people) else { continue };
        let current = people::get_in(&mut tx, &id).await?;
        let input = PersonInput { reports_to_id: Some(manager_id), ..PersonInput::from(&current) };
        people::update_in_bulk(&mut tx, &id, &input, now).await.map_err(|e| at_row(row, e))?;
    }
    // Every record above is theirs or an account (our people it adds belong
    // to no account): the accounts it touched are the ones it wrote and the
    // ones its contacts work for, each refreshed once.
    let touched: Vec<String> = touched.into_iter().collect();
    summary::refresh_many(&mut tx, &touched).await?;
    tx.commit().await?;
    Ok(outcome)
}

fn overlay(target: &mut Option<String>, value: &Option<String>) {
    if value.is_some() {
        target.clone_from(value);
    }
}

fn resolve(reference: &RecordRef, created: &HashMap<u32, String>) -> Option<String> {
    match reference {
        RecordRef::Existing { id } => Some(id.clone()),
        RecordRef::ThisImport { row } => created.get(row).cloned(),
    }
}

/// A file the user picked, as the desktop app sends it.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportRequest {
    pub format: super::SourceFormat,
    /// For CSV: accounts or contacts. Ignored for vCard (always contacts).
    pub kind: super::RecordKind,
    #[serde(default)]
    pub mapping: super::ColumnMapping,
    /// The account for contacts that name none (vCards without ORG).
    #[serde(default)]
    pub account_name: Option<String>,
    /// The choices for the whole file; the preview shows what each changes.
    #[serde(default)]
    pub options: ImportOptions,
}

/// What the preview screen shows: how the columns were read, what will be
/// created and updated, and every rejected row with the reason. The counts
/// are what [`commit`] does with the same request.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPreview {
    pub format: super::SourceFormat,
    pub kind: super::RecordKind,
    pub delimiter: Option<super::Delimiter>,
    pub columns: Vec<super::ColumnMatch>,
    pub unmapped_columns: Vec<String>,
    pub rows_read: u32,
    pub creates: u32,
    pub updates: u32,
    /// The first planned rows, creates then updates, for a look before committing.
    pub sample: Vec<PlannedRecord>,
    /// Every rejected row (up to 1,000), in row order.
    pub rejects: Vec<super::RowIssue>,
    pub rejected: u32,
    /// Rows that import with something to know (an owner left empty, a
    /// manager not found), up to 1,000, in row order.
    pub warnings: Vec<super::RowIssue>,
    /// Contacts without an account (ask the user for one).
    pub contacts_without_account: u32,
    /// Each value of the file's tier column and what it imports as.
    pub tier_values: Vec<TierValue>,
    /// New accounts whose row has no tier: they take `options.default_tier`,
    /// and are rejected while none is chosen.
    pub accounts_without_tier: u32,
    /// Owner names that are none of our people (left empty unless
    /// `options.add_unknown_owners`), up to 1,000.
    pub unknown_owners: Vec<String>,
}

/// How many planned rows a preview carries.
pub const PREVIEW_SAMPLE: usize = 200;

/// Reads a file for an import request.
pub fn parse(request: &ImportRequest, bytes: &[u8]) -> Result<Parsed> {
    let mut parsed = match request.format {
        super::SourceFormat::Csv => super::parse_csv(bytes, request.kind, &request.mapping)?,
        super::SourceFormat::Vcard => super::parse_vcard(bytes)?,
    };
    if let Some(account) = &request.account_name {
        parsed.set_missing_account(account);
    }
    Ok(parsed)
}

pub async fn preview_request(pool: &SqlitePool, request: &ImportRequest, bytes: &[u8]) -> Result<ImportPreview> {
    let parsed = parse(request, bytes)?;
    let prepared = {
        let mut tx = pool.begin().await?;
        prepare(&mut tx, &parsed, &request.options).await?
    };
    let plan = prepared.plan;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut warnings: Vec<super::RowIssue> = plan
        .creates
        .iter()
        .chain(&plan.updates)
        .flat_map(|p| p.warnings.iter().map(|w| super::RowIssue::new(p.row, None, w.clone())))
        .collect();
    warnings.sort_by_key(|w| w.row);
    warnings.truncate(1000);
    Ok(ImportPreview {
        format: parsed.format,
        kind: parsed.kind,
        delimiter: parsed.delimiter,
        columns: parsed.columns.clone(),
        unmapped_columns: parsed.unmapped_columns.clone(),
        rows_read: parsed.rows_read,
        creates: count(plan.creates.len()),
        updates: count(plan.updates.len()),
        sample: plan.creates.iter().chain(&plan.updates).take(PREVIEW_SAMPLE).cloned().collect(),
        rejected: count(plan.rejects.len()),
        rejects: plan.rejects.into_iter().take(1000).collect(),
        warnings,
        contacts_without_account: count(parsed.contacts.iter().filter(|c| c.account_name.is_none()).count()),
        tier_values: prepared.tier_values,
        accounts_without_tier: prepared.accounts_without_tier,
        unknown_owners: prepared.unknown_owners.into_iter().take(1000).collect(),
    })
}

pub async fn commit_request(
    pool: &SqlitePool,
    request: &ImportRequest,
    bytes: &[u8],
    skip_rejected: bool,
    now: DateTime<Utc>,
) -> Result<ImportOutcome> {
    commit(pool, &parse(request, bytes)?, &request.options, skip_rejected, now).await
}
