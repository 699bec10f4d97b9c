//! Bringing contacts and accounts in from other tools: CSV as CRMs export it
//! (Salesforce and HubSpot column names are recognised, other columns are mapped
//! by the user) and vCard.
//!
//! Import runs in three pure steps, none of which touches the database:
//! 1. [`parse_csv`] / [`parse_vcard`] turn the file into typed, cleaned records
//!    plus the problems found on each row ([`Parsed`]). A problem with the whole
//!    file (bad encoding, broken quoting, a limit exceeded) is an [`ImportError`]
//!    and nothing at all comes out of it.
//! 2. [`plan`] compares the records with what the vault already holds
//!    ([`Existing`]) and says, row by row, what would be created, updated or
//!    rejected and why ([`ImportPlan`]). This is the preview the user confirms.
//! 3. Committing the plan (all or nothing, in one transaction) belongs to the
//!    storage layer; the plan carries the typed records and the ids they update.

mod commit;
mod csv;
mod fields;
mod text;
mod vcard;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::Error;

pub use self::commit::{
    DEFAULT_CONTACT_LEVEL, ImportOptions, ImportOutcome, ImportPreview, ImportRequest, PREVIEW_SAMPLE, TierValue,
    commit, commit_request, existing, parse, preview, preview_request,
};
pub use self::csv::parse_csv;
pub use self::vcard::parse_vcard;

/// Largest file accepted, in bytes (50 MiB).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Most columns a CSV file may have.
pub const MAX_COLUMNS: usize = 1_000;
/// Most data rows (below the header) a CSV file may have.
pub const MAX_ROWS: usize = 200_000;
/// Longest CSV field, in characters.
pub const MAX_FIELD_CHARS: usize = 100_000;
/// Most cards a vCard file may hold.
pub const MAX_CARDS: usize = 200_000;
/// Longest vCard property after unfolding, in bytes. Larger than a CSV field
/// because phones embed photos inline.
pub const MAX_VCARD_LINE_BYTES: usize = 1024 * 1024;

/// Names, titles and other one-line fields (same limit as the forms).
pub const LINE_MAX_CHARS: usize = 200;
/// Free text such as notes (same limit as the forms).
pub const TEXT_MAX_CHARS: usize = 20_000;

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Accounts,
    Contacts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Csv,
    Vcard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn as_byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
        }
    }
}

/// The field a CSV column feeds. `Ignore` drops the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Ignore,
    /// The account's name (accounts) or the person's full name (contacts).
    Name,
    FirstName,
    MiddleName,
    LastName,
    Industry,
    /// Taken as is; wins over country and state.
    Region,
    Country,
    State,
    /// strategic, key or growth.
    Tier,
    AnnualRevenue,
    Currency,
    /// Our person who owns the account or the contact.
    OwnerName,
    Notes,
    Title,
    Department,
    Email,
    Phone,
    /// Used when `phone` is empty.
    Mobile,
    /// The account a contact works for.
    AccountName,
    /// The name of the contact's manager, at the same account.
    ReportsTo,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ignore => "ignore",
            Self::Name => "name",
            Self::FirstName => "first_name",
            Self::MiddleName => "middle_name",
            Self::LastName => "last_name",
            Self::Industry => "industry",
            Self::Region => "region",
            Self::Country => "country",
            Self::State => "state",
            Self::Tier => "tier",
            Self::AnnualRevenue => "annual_revenue",
            Self::Currency => "currency",
            Self::OwnerName => "owner_name",
            Self::Notes => "notes",
            Self::Title => "title",
            Self::Department => "department",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Mobile => "mobile",
            Self::AccountName => "account_name",
            Self::ReportsTo => "reports_to",
        }
    }

    /// Whether records of `kind` have this field.
    pub fn applies_to(self, kind: RecordKind) -> bool {
        use Target::*;
        match kind {
            RecordKind::Accounts => matches!(
                self,
                Ignore
                    | Name
                    | AccountName
                    | Industry
                    | Region
                    | Country
                    | State
                    | Tier
                    | AnnualRevenue
                    | Currency
                    | OwnerName
                    | Notes
            ),
            RecordKind::Contacts => matches!(
                self,
                Ignore
                    | Name
                    | FirstName
                    | MiddleName
                    | LastName
                    | Title
                    | Department
                    | Email
                    | Phone
                    | Mobile
                    | AccountName
                    | ReportsTo
                    | OwnerName
                    | Notes
            ),
        }
    }
}

/// The user's choices for columns: header text -> field (or `ignore`). Headers
/// match exactly or ignoring case, spaces and punctuation. A choice here wins
/// over the recognised CRM names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ColumnMapping {
    pub columns: BTreeMap<String, Target>,
}

impl ColumnMapping {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, header: impl Into<String>, target: Target) -> Self {
        self.columns.insert(header.into(), target);
        self
    }
}

/// How one column of the file was understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMatch {
    /// The header as written (or "Column C" when the header cell is blank).
    pub header: String,
    /// `None`: not recognised and not mapped; the UI asks the user.
    pub target: Option<Target>,
    /// True when the user's mapping chose the target.
    pub by_user: bool,
}

/// One account as read from a row, cleaned. `None` = the cell was empty; an
/// update leaves that field alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountRecord {
    /// Spreadsheet row (the header is row 1).
    pub row: u32,
    pub name: String,
    pub industry: Option<String>,
    pub region: Option<String>,
    /// "strategic", "key" or "growth", or the file's own word for a tier
    /// ("Gold", "A") as written, which the preview asks the user to map.
    pub tier: Option<String>,
    /// Whole units of `currency`, rounded.
    #[cfg_attr(feature = "specta", specta(type = Option<f64>))]
    pub annual_revenue: Option<i64>,
    /// ISO 4217, upper case.
    pub currency: Option<String>,
    pub owner_name: Option<String>,
    pub notes: Option<String>,
}

/// One of their people as read from a row or a card, cleaned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactRecord {
    /// Spreadsheet row (CSV, header = row 1) or card number (vCard, from 1).
    pub row: u32,
    pub name: String,
    pub title: Option<String>,
    pub department: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub account_name: Option<String>,
    pub reports_to_name: Option<String>,
    /// Our person who owns the contact in the CRM.
    pub owner_name: Option<String>,
    pub notes: Option<String>,
}

/// A problem with one row (or card): that row is not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RowIssue {
    /// Spreadsheet row (CSV, header = row 1) or card number (vCard).
    pub row: u32,
    /// The column header (CSV) or property name (vCard) at fault, if one is.
    pub column: Option<String>,
    /// Plain words, naming the column and the problem.
    pub message: String,
}

impl RowIssue {
    pub(crate) fn new(row: u32, column: Option<&str>, message: impl Into<String>) -> Self {
        Self { row, column: column.map(str::to_string), message: message.into() }
    }
}

/// A file read without a whole-file problem. Rows with issues are left out of
/// `accounts` / `contacts` and listed in `issues`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Parsed {
    pub format: SourceFormat,
    pub kind: RecordKind,
    /// CSV only.
    pub delimiter: Option<Delimiter>,
    /// CSV only, in file order.
    pub columns: Vec<ColumnMatch>,
    /// Headers neither recognised nor mapped: the UI asks the user to map or
    /// ignore them. Their data is not imported.
    pub unmapped_columns: Vec<String>,
    /// Data rows (CSV, blank rows not counted) or cards (vCard) read.
    pub rows_read: u32,
    pub accounts: Vec<AccountRecord>,
    pub contacts: Vec<ContactRecord>,
    pub issues: Vec<RowIssue>,
}

impl Parsed {
    /// Gives every contact without an account (a vCard without ORG, a CSV
    /// without a company column) the account the user chose for the whole file.
    pub fn set_missing_account(&mut self, account_name: &str) {
        let name = account_name.trim();
        if name.is_empty() {
            return;
        }
        for c in self.contacts.iter_mut().filter(|c| c.account_name.is_none()) {
            c.account_name = Some(name.to_string());
        }
    }

    /// The header (or vCard property) that feeds `target`, for messages.
    fn column_for(&self, target: Target) -> Option<String> {
        match self.format {
            SourceFormat::Vcard => match target {
                Target::AccountName => Some("ORG".into()),
                Target::ReportsTo => Some("X-MS-MANAGER".into()),
                _ => None,
            },
            SourceFormat::Csv => self.columns.iter().find(|c| c.target == Some(target)).map(|c| c.header.clone()),
        }
    }
}

/// What stops a whole file from being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Empty,
    TooLarge,
    TooManyColumns,
    TooManyRows,
    TooManyCards,
    FieldTooLong,
    LineTooLong,
    Encoding,
    Quoting,
    RaggedRows,
    NoNameColumn,
    Mapping,
    NotVcard,
}

/// A whole-file problem: nothing from the file is imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{message}")]
pub struct ImportError {
    pub problem: Problem,
    /// Plain words, with the rows, lines and columns concerned.
    pub message: String,
    /// Spreadsheet rows (CSV) or card numbers (vCard) concerned, the first few.
    pub rows: Vec<u32>,
    /// The line of the file (1-based), where the problem is at a known place.
    pub line: Option<u32>,
    pub column: Option<String>,
}

impl ImportError {
    pub(crate) fn new(problem: Problem, message: impl Into<String>) -> Self {
        Self { problem, message: message.into(), rows: Vec::new(), line: None, column: None }
    }

    pub(crate) fn rows(mut self, rows: Vec<u32>) -> Self {
        self.rows = rows;
        self
    }

    pub(crate) fn line(mut self, line: usize) -> Self {
        self.line = Some(to_u32(line));
        self
    }

    pub(crate) fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl From<ImportError> for Error {
    fn from(e: ImportError) -> Self {
        Error::validation("file", e.message)
    }
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The key names are compared by: lower case, runs of white space as one space.
/// Build the maps of [`Existing`] with it.
pub fn match_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// What the vault already holds, keyed by [`match_key`] of names and emails.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Existing {
    /// Account name -> account id.
    pub accounts_by_name: HashMap<String, String>,
    /// Email -> person id.
    pub people_by_email: HashMap<String, String>,
    /// (account id, person name) -> person id.
    pub people_by_account_and_name: HashMap<(String, String), String>,
    /// Our active people by name -> person id (the earliest added wins):
    /// whom an imported owner name can be.
    pub ours_by_name: HashMap<String, String>,
}

impl Existing {
    pub fn add_account(&mut self, name: &str, id: &str) {
        self.accounts_by_name.insert(match_key(name), id.to_string());
    }

    /// One of our people; call in the order they were added.
    pub fn add_ours(&mut self, name: &str, id: &str) {
        self.ours_by_name.entry(match_key(name)).or_insert_with(|| id.to_string());
    }

    pub fn add_person(&mut self, id: &str, account_id: &str, name: &str, email: Option<&str>) {
        self.people_by_account_and_name.insert((account_id.to_string(), match_key(name)), id.to_string());
        if let Some(email) = email.filter(|e| !e.trim().is_empty()) {
            self.people_by_email.insert(match_key(email), id.to_string());
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    Create,
    Update,
}

/// Something a planned record points at: a row already in the vault, or a
/// record this same import creates (commit creates accounts first, then
/// contacts in row order, so the referenced one exists by then).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordRef {
    Existing { id: String },
    ThisImport { row: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlannedItem {
    Account {
        record: AccountRecord,
    },
    Contact {
        record: ContactRecord,
        account: RecordRef,
        /// `None` when the file names no manager or the manager was not found
        /// (then `warnings` says so).
        reports_to: Option<RecordRef>,
    },
}

/// One row of the preview: what will happen to it and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlannedRecord {
    pub row: u32,
    pub action: PlanAction,
    /// The id of what an update changes; `None` for a create.
    pub existing_id: Option<String>,
    /// Plain words: "new account", "updates the contact with the same email".
    pub reason: String,
    /// Things the user should know that do not stop the row.
    pub warnings: Vec<String>,
    pub item: PlannedItem,
}

/// The preview: commit applies `creates` and `updates` all together, or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportPlan {
    pub creates: Vec<PlannedRecord>,
    pub updates: Vec<PlannedRecord>,
    /// Rows not imported, in row order.
    pub rejects: Vec<RowIssue>,
    pub unmapped_columns: Vec<String>,
}

/// Decides, row by row, what the import would do to the vault. Accounts are
/// matched by name, contacts by email, else by name at the same account. A
/// contact's account must exist or be created by the same import. `parsed` may
/// hold both accounts and contacts (the same file's rows numbered once).
pub fn plan(parsed: &Parsed, existing: &Existing) -> ImportPlan {
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    let mut rejects = parsed.issues.clone();

    // Account name key -> where that account will be after the commit.
    let mut account_refs: HashMap<String, (RecordRef, String)> = HashMap::new();
    let mut updated_accounts: HashMap<String, u32> = HashMap::new();
    for record in &parsed.accounts {
        let key = match_key(&record.name);
        if let Some(prev) = account_refs.get(&key).and_then(|(r, _)| match r {
            RecordRef::ThisImport { row } => Some(*row),
            RecordRef::Existing { .. } => updated_accounts.get(&key).copied(),
        }) {
            rejects.push(RowIssue::new(
                record.row,
                parsed.column_for(Target::Name).as_deref(),
                format!("the account \"{}\" is already imported by row {prev}", record.name),
            ));
            continue;
        }
        let item = PlannedItem::Account { record: record.clone() };
        match existing.accounts_by_name.get(&key) {
            Some(id) => {
                updated_accounts.insert(key.clone(), record.row);
                account_refs.insert(key, (RecordRef::Existing { id: id.clone() }, record.name.clone()));
                updates.push(PlannedRecord {
                    row: record.row,
                    action: PlanAction::Update,
                    existing_id: Some(id.clone()),
                    reason: "updates the account with the same name".into(),
                    warnings: Vec::new(),
                    item,
                });
            }
            None => {
                account_refs.insert(key, (RecordRef::ThisImport { row: record.row }, record.name.clone()));
                creates.push(PlannedRecord {
                    row: record.row,
                    action: PlanAction::Create,
                    existing_id: None,
                    reason: "new account".into(),
                    warnings: Vec::new(),
                    item,
                });
            }
        }
    }

    let account_column = parsed.column_for(Target::AccountName);
    // People this import creates: (account ref, name key) -> row.
    let mut created_people: HashMap<(RecordRef, String), u32> = HashMap::new();
    let mut updated_people: HashMap<String, u32> = HashMap::new();
    let mut contact_plans: Vec<PlannedRecord> = Vec::new();
    for record in &parsed.contacts {
        let Some(account_name) = record.account_name.as_deref() else {
            rejects.push(RowIssue::new(
                record.row,
                account_column.as_deref(),
                format!(
                    "{}: {} has no account; every contact belongs to an account (fill in the company or choose one for the whole file)",
                    account_column.as_deref().unwrap_or("account"),
                    record.name
                ),
            ));
            continue;
        };
        let account_key = match_key(account_name);
        let account = match (existing.accounts_by_name.get(&account_key), account_refs.get(&account_key)) {
            (Some(id), _) => RecordRef::Existing { id: id.clone() },
            (None, Some((r, _))) => r.clone(),
            (None, None) => {
                rejects.push(RowIssue::new(
                    record.row,
                    account_column.as_deref(),
                    format!(
                        "{}: the account \"{account_name}\" is not in Rapport and not created by this import; import the account first or correct the name",
                        account_column.as_deref().unwrap_or("account"),
                    ),
                ));
                continue;
            }
        };
        let account_label = match &account {
            RecordRef::Existing { .. } => account_name.to_string(),
            RecordRef::ThisImport { .. } => {
                account_refs.get(&account_key).map_or_else(|| account_name.to_string(), |(_, n)| n.clone())
            }
        };
        let name_key = match_key(&record.name);
        let by_email = record.email.as_deref().and_then(|e| existing.people_by_email.get(&match_key(e)));
        let by_name = match &account {
            RecordRef::Existing { id } => existing.people_by_account_and_name.get(&(id.clone(), name_key.clone())),
            RecordRef::ThisImport { .. } => None,
        };
        let (action, existing_id, reason) = match (by_email, by_name) {
            (Some(id), _) => {
                (PlanAction::Update, Some(id.clone()), "updates the contact with the same email".to_string())
            }
            (None, Some(id)) => (
                PlanAction::Update,
                Some(id.clone()),
                format!("updates the contact with the same name at {account_label}"),
            ),
            (None, None) => (PlanAction::Create, None, format!("new contact at {account_label}")),
        };
        if let Some(id) = &existing_id {
            if let Some(prev) = updated_people.get(id) {
                rejects.push(RowIssue::new(
                    record.row,
                    None,
                    format!("{} is the same person row {prev} already updates", record.name),
                ));
                continue;
            }
            updated_people.insert(id.clone(), record.row);
        } else {
            created_people.entry((account.clone(), name_key)).or_insert(record.row);
        }
        contact_plans.push(PlannedRecord {
            row: record.row,
            action,
            existing_id,
            reason,
            warnings: Vec::new(),
            item: PlannedItem::Contact { record: record.clone(), account, reports_to: None },
        });
    }

    // Managers are resolved once every contact of the file is known, so a
    // manager listed below their report is still found.
    for planned in &mut contact_plans {
        let PlannedItem::Contact { record, account, reports_to } = &mut planned.item else { continue };
        let Some(manager) = record.reports_to_name.as_deref() else { continue };
        let key = match_key(manager);
        if key == match_key(&record.name) {
            planned.warnings.push(format!("reports to \"{manager}\" names the contact themself; left empty"));
            continue;
        }
        let found = created_people.get(&(account.clone(), key.clone())).map(|row| RecordRef::ThisImport { row: *row });
        let found = found.or_else(|| match account {
            RecordRef::Existing { id } => existing
                .people_by_account_and_name
                .get(&(id.clone(), key))
                .map(|pid| RecordRef::Existing { id: pid.clone() }),
            RecordRef::ThisImport { .. } => None,
        });
        match found {
            Some(r) => *reports_to = Some(r),
            None => planned.warnings.push(format!(
                "reports to \"{manager}\" is not a contact at the same account; the manager is left empty"
            )),
        }
    }
    for planned in contact_plans {
        match planned.action {
            PlanAction::Create => creates.push(planned),
            PlanAction::Update => updates.push(planned),
        }
    }

    rejects.sort_by_key(|r| r.row);
    ImportPlan { creates, updates, rejects, unmapped_columns: parsed.unmapped_columns.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(row: u32, name: &str) -> AccountRecord {
        AccountRecord {
            row,
            name: name.into(),
            industry: None,
            region: None,
            tier: None,
            annual_revenue: None,
            currency: None,
            owner_name: None,
            notes: None,
        }
    }

    fn contact(row: u32, name: &str, email: Option<&str>, account: Option<&str>) -> ContactRecord {
        ContactRecord {
            row,
            name: name.into(),
            title: None,
            department: None,
            email: email.map(Into::into),
            phone: None,
            account_name: account.map(Into::into),
            reports_to_name: None,
            owner_name: None,
            notes: None,
        }
    }

    fn parsed(accounts: Vec<AccountRecord>, contacts: Vec<ContactRecord>) -> Parsed {
        Parsed {
            format: SourceFormat::Csv,
            kind: RecordKind::Contacts,
            delimiter: Some(Delimiter::Comma),
            columns: vec![
                ColumnMatch { header: "Account Name".into(), target: Some(Target::AccountName), by_user: false },
                ColumnMatch { header: "Shoe Size".into(), target: None, by_user: false },
            ],
            unmapped_columns: vec!["Shoe Size".into()],
            rows_read: 0,
            accounts,
            contacts,
            issues: vec![RowIssue::new(9, Some("Email"), "Email: \"x@\" is not an email address")],
        }
    }

    #[test]
    fn accounts_are_created_or_updated_by_name() {
        let mut existing = Existing::default();
        existing.add_account("Brightwater  Mills", "acc-1");
        let p = parsed(vec![account(2, "brightwater mills"), account(3, "Fjordline Freight")], vec![]);
        let plan = plan(&p, &existing);
        assert_eq!(plan.updates.len(), 1);
        assert_eq!(plan.updates[0].existing_id.as_deref(), Some("acc-1"));
        assert_eq!(plan.updates[0].reason, "updates the account with the same name");
        assert_eq!(plan.creates.len(), 1);
        assert_eq!(plan.creates[0].reason, "new account");
        assert_eq!(plan.rejects.len(), 1, "the parse issue is carried over");
        assert_eq!(plan.unmapped_columns, vec!["Shoe Size".to_string()]);
    }

    #[test]
    fn contacts_match_by_email_then_by_name_and_need_an_account() {
        let mut existing = Existing::default();
        existing.add_account("Brightwater Mills", "acc-1");
        existing.add_person("p-1", "acc-1", "Ilse Varga", Some("Ilse.Varga@brightwater.example"));
        existing.add_person("p-2", "acc-1", "Tomas Reyes", None);
        let mut boss = contact(6, "Noor Achterberg", None, Some("Fjordline Freight"));
        boss.reports_to_name = Some("Kai Lund".into());
        let mut report = contact(7, "Kai Lund", None, Some("Fjordline Freight"));
        report.reports_to_name = Some("Somebody Unknown".into());
        let p = parsed(
            vec![account(2, "Fjordline Freight")],
            vec![
                contact(3, "Ilse V.", Some("ilse.varga@brightwater.example"), Some("Brightwater Mills")),
                contact(4, "tomas reyes", None, Some("BRIGHTWATER MILLS")),
                contact(5, "Ana Perez", None, Some("Nowhere Ltd")),
                boss,
                report,
                contact(8, "Orphan Person", None, None),
            ],
        );
        let plan = plan(&p, &existing);
        let updates: Vec<_> =
            plan.updates.iter().map(|u| (u.row, u.existing_id.clone().unwrap(), u.reason.as_str())).collect();
        assert_eq!(
            updates,
            vec![
                (3, "p-1".to_string(), "updates the contact with the same email"),
                (4, "p-2".to_string(), "updates the contact with the same name at BRIGHTWATER MILLS"),
            ]
        );
        let created: Vec<_> = plan.creates.iter().map(|c| (c.row, c.reason.as_str())).collect();
        assert_eq!(
            created,
            vec![(2, "new account"), (6, "new contact at Fjordline Freight"), (7, "new contact at Fjordline Freight")]
        );
        let PlannedItem::Contact { account, reports_to, .. } = &plan.creates[1].item else { panic!() };
        assert_eq!(account, &RecordRef::ThisImport { row: 2 });
        assert_eq!(reports_to, &Some(RecordRef::ThisImport { row: 7 }), "a manager further down is found");
        assert!(plan.creates[2].warnings[0].contains("Somebody Unknown"));
        let rejected: Vec<_> = plan.rejects.iter().map(|r| (r.row, r.column.as_deref())).collect();
        assert_eq!(rejected, vec![(5, Some("Account Name")), (8, Some("Account Name")), (9, Some("Email"))]);
        assert!(plan.rejects[0].message.contains("\"Nowhere Ltd\" is not in Rapport"), "{}", plan.rejects[0].message);
    }

    #[test]
    fn two_rows_updating_one_person_are_not_both_applied() {
        let mut existing = Existing::default();
        existing.add_account("Brightwater Mills", "acc-1");
        existing.add_person("p-1", "acc-1", "Ilse Varga", Some("ilse@brightwater.example"));
        let p = parsed(
            vec![],
            vec![
                contact(2, "Ilse Varga", Some("ilse@brightwater.example"), Some("Brightwater Mills")),
                contact(3, "Ilse Varga", None, Some("Brightwater Mills")),
            ],
        );
        let plan = plan(&p, &existing);
        assert_eq!(plan.updates.len(), 1);
        assert!(plan.rejects.iter().any(|r| r.row == 3 && r.message.contains("row 2 already updates")));
    }

    #[test]
    fn the_plan_serialises_in_snake_case() {
        let plan = plan(&parsed(vec![account(2, "Fjordline Freight")], vec![]), &Existing::default());
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(json["creates"][0]["item"]["kind"], "account");
        assert_eq!(json["creates"][0]["item"]["record"]["annual_revenue"], serde_json::Value::Null);
        assert_eq!(json["creates"][0]["action"], "create");
        let mapping: ColumnMapping =
            serde_json::from_str(r#"{"columns":{"Shoe Size":"ignore","Boss":"reports_to"}}"#).unwrap();
        assert_eq!(mapping.columns["Boss"], Target::ReportsTo);
    }
}
