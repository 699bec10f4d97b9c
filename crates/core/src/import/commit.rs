//! Applying an import plan to the vault: every planned create and update in
//! one transaction, through the same validation as the forms, or nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::SqlitePool;

use super::{Existing, ImportPlan, Parsed, PlanAction, PlannedItem, PlannedRecord, RecordRef, plan};
use crate::accounts::{self, AccountInput, Tier};
use crate::error::{Error, Result};
use crate::kinds::Side;
use crate::people::{self, PersonInput};

/// Imported contacts have no org level in a CRM export; they start here and
/// the user places them on the org chart.
pub const DEFAULT_CONTACT_LEVEL: u8 = 4;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportOutcome {
    pub created: u32,
    pub updated: u32,
    /// Rows left out (the preview listed them and the user chose to go on).
    pub skipped: u32,
}

/// What the vault holds now, as the planner matches it.
pub async fn existing(pool: &SqlitePool) -> Result<Existing> {
    let mut conn = pool.acquire().await?;
    existing_in(&mut conn).await
}

async fn existing_in(conn: &mut sqlx::SqliteConnection) -> Result<Existing> {
    let mut existing = Existing::default();
    let accounts: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM accounts WHERE deleted_at IS NULL").fetch_all(&mut *conn).await?;
    for (id, name) in accounts {
        existing.add_account(&name, &id);
    }
    let people: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.account_id, p.name, p.email FROM people p JOIN accounts a ON a.id = p.account_id
         WHERE p.side = 'theirs' AND p.deleted_at IS NULL AND a.deleted_at IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (id, account, name, email) in people {
        existing.add_person(&id, &account, &name, email.as_deref());
    }
    Ok(existing)
}

/// The preview for a parsed file against the vault as it is now.
pub async fn preview(pool: &SqlitePool, parsed: &Parsed) -> Result<ImportPlan> {
    Ok(plan(parsed, &existing(pool).await?))
}

fn at_row(row: u32, e: Error) -> Error {
    match e {
        Error::Validation { field, message } => Error::validation(field, format!("row {row}: {message}")),
        other => other,
    }
}

/// Plans again against the vault inside the write transaction (it may have
/// changed since the preview) and applies the plan. With rejected rows, the
/// import stops unless `skip_rejected` says the user chose to leave them out.
pub async fn commit(
    pool: &SqlitePool,
    parsed: &Parsed,
    skip_rejected: bool,
    now: DateTime<Utc>,
) -> Result<ImportOutcome> {
    let mut tx = crate::db::begin_write(pool).await?;
    let plan = plan(parsed, &existing_in(&mut tx).await?);
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

    let all: Vec<&PlannedRecord> = plan.creates.iter().chain(&plan.updates).collect();
    // Accounts first, so contacts can point at the accounts this file creates.
    for record in all.iter().filter(|r| matches!(r.item, PlannedItem::Account { .. })) {
        let PlannedItem::Account { record: a } = &record.item else { unreachable!() };
        let owner_id = match &a.owner_name {
            Some(name) => Some(people::find_or_add_ours(&mut tx, name, now).await.map_err(|e| at_row(a.row, e))?),
            None => None,
        };
        let tier = a.tier.as_deref().map(Tier::parse).transpose().map_err(|e| at_row(a.row, e))?;
        match (record.action, &record.existing_id) {
            (PlanAction::Update, Some(id)) => {
                let current = accounts::get_in(&mut tx, id).await?;
                let mut input = AccountInput::from(&current);
                overlay(&mut input.industry, &a.industry);
                overlay(&mut input.region, &a.region);
                overlay(&mut input.currency, &a.currency);
                overlay(&mut input.owner_id, &owner_id);
                if current.business_environment.is_none() {
                    overlay(&mut input.business_environment, &a.notes);
                }
                if a.annual_revenue.is_some() {
                    input.annual_revenue = a.annual_revenue;
                }
                if tier.is_some() {
                    input.tier = tier;
                }
                accounts::update_in(&mut tx, id, &input, now).await.map_err(|e| at_row(a.row, e))?;
                outcome.updated += 1;
            }
            _ => {
                let input = AccountInput {
                    name: a.name.clone(),
                    industry: a.industry.clone(),
                    region: a.region.clone(),
                    tier,
                    currency: a.currency.clone(),
                    annual_revenue: a.annual_revenue,
                    owner_id,
                    business_environment: a.notes.clone(),
                    ..AccountInput::default()
                };
                let id = accounts::create_in(&mut tx, &input, now).await.map_err(|e| at_row(a.row, e))?;
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
        let id = match (record.action, &record.existing_id) {
            (PlanAction::Update, Some(id)) => {
                let current = people::get_in(&mut tx, id).await?;
                let mut input = PersonInput::from(&current);
                overlay(&mut input.title, &c.title);
                overlay(&mut input.department, &c.department);
                overlay(&mut input.email, &c.email);
                overlay(&mut input.phone, &c.phone);
                if current.notes.is_none() {
                    overlay(&mut input.notes, &c.notes);
                }
                people::update_in(&mut tx, id, &input, now).await.map_err(|e| at_row(c.row, e))?;
                outcome.updated += 1;
                id.clone()
            }
            _ => {
                let input = PersonInput {
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
                let id = people::create_in(&mut tx, &input, now).await.map_err(|e| at_row(c.row, e))?;
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
        people::update_in(&mut tx, &id, &input, now).await.map_err(|e| at_row(row, e))?;
    }
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
}

/// What the preview screen shows: how the columns were read, what will be
/// created and updated, and every rejected row with the reason.
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
    /// Contacts without an account (ask the user for one).
    pub contacts_without_account: u32,
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
    let plan = preview(pool, &parsed).await?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
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
        contacts_without_account: count(parsed.contacts.iter().filter(|c| c.account_name.is_none()).count()),
    })
}

pub async fn commit_request(
    pool: &SqlitePool,
    request: &ImportRequest,
    bytes: &[u8],
    skip_rejected: bool,
    now: DateTime<Utc>,
) -> Result<ImportOutcome> {
    commit(pool, &parse(request, bytes)?, skip_rejected, now).await
}
