//! CSV as CRMs and spreadsheets export it: comma, semicolon (European Excel) or
//! tab separated, UTF-8 or UTF-16, Salesforce and HubSpot headers recognised.
//!
//! The reader is written here rather than taken from the `csv` crate because the
//! import must *report* what that crate forgives (a quote never closed, text
//! after a closing quote) and stop early on absurd files (100,000 columns)
//! before allocating for them.

use std::collections::HashMap;

use super::fields::{self, Clean};
use super::text::decode;
use super::{
    AccountRecord, ColumnMapping, ColumnMatch, ContactRecord, Delimiter, ImportError, MAX_COLUMNS, MAX_FIELD_CHARS,
    MAX_ROWS, Parsed, Problem, RecordKind, RowIssue, SourceFormat, Target, to_u32,
};

/// Reads a CSV export of accounts or contacts. A whole-file problem (encoding,
/// quoting, ragged rows, a limit) is an error and nothing is returned; problems
/// with single rows are in [`Parsed::issues`] and those rows are left out.
pub fn parse_csv(bytes: &[u8], kind: RecordKind, mapping: &ColumnMapping) -> Result<Parsed, ImportError> {
    let text = decode(bytes, "CSV")?;
    let mut text: &str = &text;
    let mut delimiter = None;
    // Excel writes "sep=;" as a first line to say which delimiter it used, and
    // hides that line, so the header is still row 1.
    if let Some(first) = text.lines().next()
        && first.len() <= 6
        && first.to_ascii_lowercase().starts_with("sep=")
    {
        delimiter = match &first.as_bytes()[4..] {
            b"," => Some(Delimiter::Comma),
            b";" => Some(Delimiter::Semicolon),
            b"\t" => Some(Delimiter::Tab),
            _ => None,
        };
        if delimiter.is_some() {
            text = text[first.len()..].trim_start_matches(['\r']).strip_prefix('\n').unwrap_or("");
        }
    }
    let delimiter = delimiter.unwrap_or_else(|| sniff(text));
    let mut reader = Reader::new(text, delimiter.as_byte());

    let mut headers = Vec::new();
    loop {
        match reader.next_record(&mut headers)? {
            None => return Err(ImportError::new(Problem::Empty, "the file is empty: there is no header row")),
            Some(_) if headers.iter().all(|h| h.trim().is_empty()) => continue,
            Some(_) => break,
        }
    }
    let header_row = reader.row;
    let columns = match_columns(&headers, kind, mapping)?;
    reader.headers = columns.iter().map(|c| c.header.clone()).collect();
    let named_width = headers.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |i| i + 1);

    let mut by_target: HashMap<Target, Vec<usize>> = HashMap::new();
    for (i, c) in columns.iter().enumerate() {
        if let Some(t) = c.target.filter(|t| *t != Target::Ignore) {
            by_target.entry(normalise_target(kind, t)).or_default().push(i);
        }
    }
    let has_name = match kind {
        RecordKind::Accounts => by_target.contains_key(&Target::Name),
        RecordKind::Contacts => {
            [Target::Name, Target::FirstName, Target::LastName].iter().any(|t| by_target.contains_key(t))
        }
    };
    if !has_name {
        let listed: Vec<&str> = columns.iter().take(12).map(|c| c.header.as_str()).collect();
        let what = match kind {
            RecordKind::Accounts => "the account name (e.g. \"Account Name\" or \"Company name\")",
            RecordKind::Contacts => "the person's name (e.g. \"Full Name\", or \"First Name\" and \"Last Name\")",
        };
        return Err(ImportError::new(
            Problem::NoNameColumn,
            format!(
                "no column holds {what}; map one of the file's columns to it (the columns are: {}{})",
                listed.join(", "),
                if columns.len() > 12 { ", …" } else { "" }
            ),
        )
        .rows(vec![to_u32(header_row)]));
    }

    let mut fields_buf = Vec::new();
    let mut data_rows = 0usize;
    let mut ragged: Vec<(u32, usize)> = Vec::new();
    let mut ragged_count = 0usize;
    let mut column_used = vec![false; headers.len()];
    let mut accounts = Vec::new();
    let mut contacts = Vec::new();
    let mut issues = Vec::new();
    while let Some(row) = reader.next_record(&mut fields_buf)? {
        if fields_buf.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        if data_rows > MAX_ROWS {
            return Err(ImportError::new(
                Problem::TooManyRows,
                format!(
                    "the file has more than {MAX_ROWS} rows; split it into smaller files and import them one by one"
                ),
            )
            .rows(vec![row]));
        }
        let width = fields_buf.len();
        if width != headers.len() {
            let extra_is_empty =
                width > headers.len() && fields_buf[headers.len()..].iter().all(|f| f.trim().is_empty());
            let missing_only_unnamed = width < headers.len() && width >= named_width;
            if !(extra_is_empty || missing_only_unnamed) {
                ragged_count += 1;
                if ragged.len() < 10 {
                    ragged.push((row, width));
                }
                continue;
            }
        }
        if ragged_count > 0 {
            // The file is rejected anyway; keep reading only to list the rows.
            continue;
        }
        for (used, value) in column_used.iter_mut().zip(&fields_buf) {
            *used |= !value.trim().is_empty();
        }
        let view = RowView { row, fields: &fields_buf, columns: &columns, by_target: &by_target };
        match kind {
            RecordKind::Accounts => {
                if let Some(record) = view.account(&mut issues) {
                    accounts.push(record);
                }
            }
            RecordKind::Contacts => {
                if let Some(record) = view.contact(&mut issues) {
                    contacts.push(record);
                }
            }
        }
    }
    if ragged_count > 0 {
        let (first_row, first_width) = ragged[0];
        let listed: Vec<String> = ragged.iter().map(|(r, _)| r.to_string()).collect();
        let more = if ragged_count > ragged.len() {
            format!(" and {} more", ragged_count - ragged.len())
        } else {
            String::new()
        };
        return Err(ImportError::new(
            Problem::RaggedRows,
            format!(
                "{} {}{more} {} a different number of columns from the header row ({} columns; row {first_row} has {first_width}); a delimiter or a quote is probably missing or extra — nothing was imported",
                if ragged_count == 1 { "row" } else { "rows" },
                listed.join(", "),
                if ragged_count == 1 { "has" } else { "have" },
                headers.len(),
            ),
        )
        .rows(ragged.iter().map(|(r, _)| *r).collect()));
    }

    let name_column = by_target.get(&Target::Name).and_then(|ix| ix.first()).map(|&i| columns[i].header.as_str());
    fields::duplicate_accounts(&mut accounts, &mut issues, name_column);
    fields::duplicate_contacts(&mut contacts, &mut issues, "row");
    // Row order, then the file's column order, as the user reads the sheet.
    issues.sort_by_key(|i| {
        let column = i.column.as_ref().and_then(|c| columns.iter().position(|m| &m.header == c));
        (i.row, column.unwrap_or(usize::MAX))
    });

    let mut unmapped_columns: Vec<String> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let blank_and_empty = headers[i].trim().is_empty() && !column_used[i];
        if c.target.is_none() && !blank_and_empty && !unmapped_columns.contains(&c.header) {
            unmapped_columns.push(c.header.clone());
        }
    }
    Ok(Parsed {
        format: SourceFormat::Csv,
        kind,
        delimiter: Some(delimiter),
        columns,
        unmapped_columns,
        rows_read: to_u32(data_rows),
        accounts,
        contacts,
        issues,
    })
}

/// Picks the delimiter that splits the header row most, preferring one that
/// splits the second row the same way.
fn sniff(text: &str) -> Delimiter {
    let mut lines = FirstLines { bytes: text.as_bytes(), pos: 0 };
    let header = lines.next().unwrap_or(&[]);
    let second = lines.next().unwrap_or(&[]);
    let candidates = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];
    let count = |line: &[u8], d: Delimiter| outside_quotes(line).filter(|&b| b == d.as_byte()).count();
    let best = candidates.iter().map(|&d| count(header, d)).max().unwrap_or(0);
    if best == 0 {
        return Delimiter::Comma;
    }
    let top: Vec<Delimiter> = candidates.into_iter().filter(|&d| count(header, d) == best).collect();
    top.iter().copied().find(|&d| count(second, d) == best).unwrap_or(top[0])
}

/// The bytes of a line that are not inside quotes.
fn outside_quotes(line: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut quoted = false;
    line.iter().copied().filter(move |&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        !quoted
    })
}

/// The first lines of the file, a line ending only outside quotes, looking at no
/// more than 1 MiB for each (enough for a header of 1,000 long names).
struct FirstLines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for FirstLines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let limit = (start + (1 << 20)).min(self.bytes.len());
        let mut quoted = false;
        let mut end = limit;
        for (i, &b) in self.bytes[start..limit].iter().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b'\n' | b'\r' if !quoted => {
                    end = start + i;
                    break;
                }
                _ => {}
            }
        }
        self.pos = if self.bytes[end..].starts_with(b"\r\n") { end + 2 } else { end + 1 };
        Some(&self.bytes[start..end])
    }
}

/// Header text compared ignoring case, spaces and punctuation:
/// "Billing State/Province" = "billing_state_province" = "BillingStateProvince".
fn normalise(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// In an accounts file "Account Name" is the name itself.
fn normalise_target(kind: RecordKind, target: Target) -> Target {
    match (kind, target) {
        (RecordKind::Accounts, Target::AccountName) => Target::Name,
        _ => target,
    }
}

/// Salesforce (labels and API names), HubSpot and common spreadsheet headers,
/// normalised.
const ACCOUNT_HEADERS: &[(&str, Target)] = &[
    ("accountname", Target::Name),
    ("name", Target::Name),
    ("companyname", Target::Name),
    ("company", Target::Name),
    ("account", Target::Name),
    ("customer", Target::Name),
    ("customername", Target::Name),
    ("organisation", Target::Name),
    ("organization", Target::Name),
    ("organisationname", Target::Name),
    ("organizationname", Target::Name),
    ("industry", Target::Industry),
    ("sector", Target::Industry),
    ("industrysector", Target::Industry),
    ("region", Target::Region),
    ("salesregion", Target::Region),
    ("territory", Target::Region),
    ("billingcountry", Target::Country),
    ("country", Target::Country),
    ("countryregion", Target::Country),
    ("shippingcountry", Target::Country),
    ("billingstateprovince", Target::State),
    ("billingstate", Target::State),
    ("stateprovince", Target::State),
    ("stateregion", Target::State),
    ("state", Target::State),
    ("province", Target::State),
    ("shippingstateprovince", Target::State),
    ("tier", Target::Tier),
    ("accounttier", Target::Tier),
    ("customertier", Target::Tier),
    ("annualrevenue", Target::AnnualRevenue),
    ("revenue", Target::AnnualRevenue),
    ("yearlyrevenue", Target::AnnualRevenue),
    ("accountcurrency", Target::Currency),
    ("currencyisocode", Target::Currency),
    ("currency", Target::Currency),
    ("currencycode", Target::Currency),
    ("accountowner", Target::OwnerName),
    ("accountownername", Target::OwnerName),
    ("companyowner", Target::OwnerName),
    ("owner", Target::OwnerName),
    ("ownername", Target::OwnerName),
    ("ownerfullname", Target::OwnerName),
    ("relationshipowner", Target::OwnerName),
    ("description", Target::Notes),
    ("accountdescription", Target::Notes),
    ("companydescription", Target::Notes),
    ("notes", Target::Notes),
];

const CONTACT_HEADERS: &[(&str, Target)] = &[
    ("fullname", Target::Name),
    ("name", Target::Name),
    ("contactname", Target::Name),
    ("contactfullname", Target::Name),
    ("displayname", Target::Name),
    ("firstname", Target::FirstName),
    ("givenname", Target::FirstName),
    ("forename", Target::FirstName),
    ("middlename", Target::MiddleName),
    ("lastname", Target::LastName),
    ("surname", Target::LastName),
    ("familyname", Target::LastName),
    ("title", Target::Title),
    ("jobtitle", Target::Title),
    ("position", Target::Title),
    ("department", Target::Department),
    ("dept", Target::Department),
    ("email", Target::Email),
    ("emailaddress", Target::Email),
    ("workemail", Target::Email),
    ("businessemail", Target::Email),
    ("primaryemail", Target::Email),
    ("phone", Target::Phone),
    ("phonenumber", Target::Phone),
    ("businessphone", Target::Phone),
    ("workphone", Target::Phone),
    ("officephone", Target::Phone),
    ("directphone", Target::Phone),
    ("mobile", Target::Mobile),
    ("mobilephone", Target::Mobile),
    ("mobilephonenumber", Target::Mobile),
    ("cell", Target::Mobile),
    ("cellphone", Target::Mobile),
    ("accountname", Target::AccountName),
    ("account", Target::AccountName),
    ("company", Target::AccountName),
    ("companyname", Target::AccountName),
    ("associatedcompany", Target::AccountName),
    ("associatedcompanyprimary", Target::AccountName),
    ("organisation", Target::AccountName),
    ("organization", Target::AccountName),
    ("reportsto", Target::ReportsTo),
    ("reportstoname", Target::ReportsTo),
    ("manager", Target::ReportsTo),
    ("managername", Target::ReportsTo),
    ("contactowner", Target::OwnerName),
    ("contactownername", Target::OwnerName),
    ("owner", Target::OwnerName),
    ("ownername", Target::OwnerName),
    ("description", Target::Notes),
    ("contactdescription", Target::Notes),
    ("notes", Target::Notes),
];

/// Columns CRMs export that Rapport does not keep: ignored without asking.
const IGNORED_HEADERS: &[&str] = &[
    "id",
    "recordid",
    "accountid",
    "contactid",
    "companyid",
    "ownerid",
    "parentid",
    "reportstoid",
    "masterrecordid",
    "isdeleted",
    "systemmodstamp",
    "lastreferenceddate",
    "createddate",
    "createdate",
    "createdby",
    "lastmodifieddate",
    "lastmodifiedby",
    "lastactivity",
    "lastactivitydate",
    "lastvieweddate",
    "lastcontacted",
    "website",
    "websiteurl",
    "domain",
    "companydomainname",
    "fax",
    "type",
    "rating",
    "ownership",
    "tickersymbol",
    "sic",
    "sicdescription",
    "accountnumber",
    "accountsource",
    "accountsite",
    "parentaccount",
    "numberofemployees",
    "employees",
    "lifecyclestage",
    "leadstatus",
    "leadsource",
    "city",
    "streetaddress",
    "postalcode",
    "zip",
    "zipcode",
    "timezone",
    "billingstreet",
    "billingcity",
    "billingzippostalcode",
    "billingpostalcode",
    "shippingstreet",
    "shippingcity",
    "shippingzippostalcode",
    "mailingstreet",
    "mailingcity",
    "mailingstateprovince",
    "mailingzippostalcode",
    "mailingcountry",
    "salutation",
    "suffix",
    "birthdate",
    "homephone",
    "otherphone",
    "assistant",
    "asstphone",
    "emailoptout",
    "donotcall",
    "marketingcontactstatus",
    "associatedcompanyids",
    "associatedcompanyidsprimary",
    "linkedinurl",
    "linkedinprofile",
];

/// Only ignored in an accounts file (in a contacts file they are data).
const IGNORED_ACCOUNT_HEADERS: &[&str] = &["phone", "phonenumber", "email"];
/// Only ignored in a contacts file (a person's address is not kept).
const IGNORED_CONTACT_HEADERS: &[&str] =
    &["country", "countryregion", "stateregion", "state", "stateprovince", "region", "industry", "annualrevenue"];

fn recognise(kind: RecordKind, header: &str) -> Option<Target> {
    let key = normalise(header);
    let (known, ignored) = match kind {
        RecordKind::Accounts => (ACCOUNT_HEADERS, IGNORED_ACCOUNT_HEADERS),
        RecordKind::Contacts => (CONTACT_HEADERS, IGNORED_CONTACT_HEADERS),
    };
    known.iter().find(|(alias, _)| *alias == key).map(|(_, t)| *t).or_else(|| {
        (IGNORED_HEADERS.contains(&key.as_str()) || ignored.contains(&key.as_str())).then_some(Target::Ignore)
    })
}

fn match_columns(
    headers: &[String],
    kind: RecordKind,
    mapping: &ColumnMapping,
) -> Result<Vec<ColumnMatch>, ImportError> {
    let user: Vec<(String, &str, Target)> =
        mapping.columns.iter().map(|(h, t)| (normalise(h), h.as_str(), *t)).collect();
    let mut out = Vec::with_capacity(headers.len());
    for (i, raw) in headers.iter().enumerate() {
        let trimmed = raw.trim();
        let header = if trimmed.is_empty() { format!("Column {}", column_letters(i)) } else { trimmed.to_string() };
        let key = normalise(&header);
        let chosen = user
            .iter()
            .find(|(_, h, _)| *h == raw || *h == header)
            .or_else(|| user.iter().find(|(k, _, _)| !k.is_empty() && *k == key));
        let (target, by_user) = match chosen {
            Some((_, _, t)) => {
                if !t.applies_to(kind) {
                    return Err(ImportError::new(
                        Problem::Mapping,
                        format!(
                            "column \"{header}\" is mapped to {}, which {} do not have; map it to another field or ignore it",
                            t.as_str(),
                            match kind {
                                RecordKind::Accounts => "accounts",
                                RecordKind::Contacts => "contacts",
                            }
                        ),
                    )
                    .column(header));
                }
                (Some(*t), true)
            }
            None if trimmed.is_empty() => (None, false),
            None => (recognise(kind, &header), false),
        };
        out.push(ColumnMatch { header, target, by_user });
    }
    Ok(out)
}

/// "A", "B", … "Z", "AA", as a spreadsheet labels columns.
fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

struct RowView<'a> {
    row: u32,
    fields: &'a [String],
    columns: &'a [ColumnMatch],
    by_target: &'a HashMap<Target, Vec<usize>>,
}

impl RowView<'_> {
    /// The first non-blank value among the columns feeding `target`, and that
    /// column's header.
    fn get(&self, target: Target) -> Option<(&str, &str)> {
        self.by_target.get(&target)?.iter().find_map(|&i| {
            let value = self.fields.get(i)?;
            (!value.trim().is_empty()).then(|| (value.as_str(), self.columns[i].header.as_str()))
        })
    }

    fn header(&self, target: Target) -> Option<&str> {
        self.by_target.get(&target)?.first().map(|&i| self.columns[i].header.as_str())
    }

    fn clean<T>(&self, issues: &mut Vec<RowIssue>, target: Target, cleaner: fn(&str) -> Clean<T>) -> Option<T> {
        let (value, header) = self.get(target)?;
        match cleaner(value) {
            Ok(v) => v,
            Err(problem) => {
                issues.push(RowIssue::new(self.row, Some(header), format!("{header}: {problem}")));
                None
            }
        }
    }

    fn account(&self, issues: &mut Vec<RowIssue>) -> Option<AccountRecord> {
        let before = issues.len();
        let name = self.clean(issues, Target::Name, fields::line);
        if name.is_none() && issues.len() == before {
            let header = self.header(Target::Name).unwrap_or("name");
            issues.push(RowIssue::new(self.row, Some(header), format!("{header}: is empty; an account needs a name")));
        }
        let region = self.clean(issues, Target::Region, fields::line);
        let state = self.clean(issues, Target::State, fields::line);
        let country = self.clean(issues, Target::Country, fields::line);
        let region = region.or_else(|| match (state, country) {
            (Some(s), Some(c)) => Some(format!("{s}, {c}")),
            (s, c) => s.or(c),
        });
        let record = AccountRecord {
            row: self.row,
            name: name.unwrap_or_default(),
            industry: self.clean(issues, Target::Industry, fields::line),
            region,
            tier: self.clean(issues, Target::Tier, fields::tier),
            annual_revenue: self.clean(issues, Target::AnnualRevenue, fields::amount),
            currency: self.clean(issues, Target::Currency, fields::currency),
            owner_name: self.clean(issues, Target::OwnerName, fields::line),
            notes: self.clean(issues, Target::Notes, fields::text),
        };
        (issues.len() == before).then_some(record)
    }

    fn contact(&self, issues: &mut Vec<RowIssue>) -> Option<ContactRecord> {
        let before = issues.len();
        let full = self.clean(issues, Target::Name, fields::line);
        let first = self.clean(issues, Target::FirstName, fields::line);
        let middle = self.clean(issues, Target::MiddleName, fields::line);
        let last = self.clean(issues, Target::LastName, fields::line);
        let joined = [first, middle, last].into_iter().flatten().collect::<Vec<_>>().join(" ");
        let name = full.or_else(|| (!joined.is_empty()).then_some(joined));
        if let Some(n) = &name
            && n.chars().count() > super::LINE_MAX_CHARS
        {
            issues.push(RowIssue::new(
                self.row,
                None,
                format!("the name is longer than {} characters", super::LINE_MAX_CHARS),
            ));
        }
        if name.is_none() && issues.len() == before {
            let headers: Vec<&str> =
                [Target::Name, Target::FirstName, Target::LastName].iter().filter_map(|t| self.header(*t)).collect();
            issues.push(RowIssue::new(
                self.row,
                headers.first().copied(),
                format!("{}: empty; a contact needs a name", headers.join(" and ")),
            ));
        }
        let phone = self.clean(issues, Target::Phone, fields::phone);
        let mobile = self.clean(issues, Target::Mobile, fields::phone);
        let record = ContactRecord {
            row: self.row,
            name: name.unwrap_or_default(),
            title: self.clean(issues, Target::Title, fields::line),
            department: self.clean(issues, Target::Department, fields::line),
            email: self.clean(issues, Target::Email, fields::email),
            phone: phone.or(mobile),
            account_name: self.clean(issues, Target::AccountName, fields::line),
            reports_to_name: self.clean(issues, Target::ReportsTo, fields::line),
            owner_name: self.clean(issues, Target::OwnerName, fields::line),
            notes: self.clean(issues, Target::Notes, fields::text),
        };
        (issues.len() == before).then_some(record)
    }
}

/// An RFC 4180 reader that counts rows as a spreadsheet shows them (a quoted
/// line break stays in its row) and lines as an editor shows them.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    delim: u8,
    /// The line `pos` is on, from 1.
    line: usize,
    /// Rows read so far, blank ones included; the last one read is this row.
    row: usize,
    /// Column names for messages, once the header is read.
    headers: Vec<String>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, delim: u8) -> Self {
        Self { text, bytes: text.as_bytes(), pos: 0, delim, line: 1, row: 0, headers: Vec::new() }
    }

    fn column(&self, index: usize) -> String {
        self.headers.get(index).cloned().unwrap_or_else(|| format!("Column {}", column_letters(index)))
    }

    /// Reads the next row into `out`; `None` at the end of the file.
    fn next_record(&mut self, out: &mut Vec<String>) -> Result<Option<u32>, ImportError> {
        out.clear();
        if self.pos >= self.bytes.len() {
            return Ok(None);
        }
        self.row += 1;
        loop {
            if out.len() == MAX_COLUMNS {
                let what = if self.headers.is_empty() { "the header row" } else { "a row" };
                return Err(ImportError::new(
                    Problem::TooManyColumns,
                    format!(
                        "{what} (row {}) has more than {MAX_COLUMNS} columns; Rapport imports at most {MAX_COLUMNS} — is this the right file?",
                        self.row
                    ),
                )
                .rows(vec![to_u32(self.row)])
                .line(self.line));
            }
            let field = self.field(out.len())?;
            out.push(field);
            match self.bytes.get(self.pos) {
                None => break,
                Some(b'\r') => {
                    self.pos += 1;
                    if self.bytes.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    self.line += 1;
                    break;
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    break;
                }
                // Only the delimiter is left: `field` stops at nothing else.
                Some(_) => self.pos += 1,
            }
        }
        Ok(Some(to_u32(self.row)))
    }

    fn field(&mut self, index: usize) -> Result<String, ImportError> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            let start = self.pos;
            let end = self.bytes[start..]
                .iter()
                .position(|&b| b == self.delim || b == b'\n' || b == b'\r')
                .map_or(self.bytes.len(), |i| start + i);
            self.pos = end;
            let value = &self.text[start..end];
            self.check_length(value, index)?;
            return Ok(value.to_string());
        }
        let open_line = self.line;
        self.pos += 1;
        let mut value = String::new();
        loop {
            let Some(quote) = self.bytes[self.pos..].iter().position(|&b| b == b'"') else {
                return Err(ImportError::new(
                    Problem::Quoting,
                    format!(
                        "row {}, column {}: the quoted value that starts on line {open_line} is never closed (a \" is missing), so the rest of the file would run into it — nothing was imported",
                        self.row,
                        self.column(index)
                    ),
                )
                .rows(vec![to_u32(self.row)])
                .line(open_line)
                .column(self.column(index)));
            };
            let segment = &self.text[self.pos..self.pos + quote];
            self.line += segment.bytes().filter(|&b| b == b'\n').count();
            value.push_str(segment);
            self.pos += quote + 1;
            self.check_length(&value, index)?;
            if self.bytes.get(self.pos) == Some(&b'"') {
                value.push('"');
                self.pos += 1;
            } else {
                break;
            }
        }
        let mut after = self.pos;
        while matches!(self.bytes.get(after), Some(&b) if (b == b' ' || b == b'\t') && b != self.delim) {
            after += 1;
        }
        match self.bytes.get(after) {
            None | Some(b'\r' | b'\n') => self.pos = after,
            Some(&b) if b == self.delim => self.pos = after,
            Some(_) => {
                return Err(ImportError::new(
                    Problem::Quoting,
                    format!(
                        "row {}, column {}: the quoted value that starts on line {open_line} is followed by text after its closing quote on line {}; a quote is missing, or a quote inside the value is not doubled (\"\") — nothing was imported",
                        self.row,
                        self.column(index),
                        self.line
                    ),
                )
                .rows(vec![to_u32(self.row)])
                .line(self.line)
                .column(self.column(index)));
            }
        }
        Ok(value)
    }

    fn check_length(&self, value: &str, index: usize) -> Result<(), ImportError> {
        if value.len() > MAX_FIELD_CHARS && value.chars().count() > MAX_FIELD_CHARS {
            return Err(ImportError::new(
                Problem::FieldTooLong,
                format!(
                    "row {}, column {}: a value is longer than {MAX_FIELD_CHARS} characters, the most Rapport imports in one cell",
                    self.row,
                    self.column(index)
                ),
            )
            .rows(vec![to_u32(self.row)])
            .line(self.line)
            .column(self.column(index)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str, delim: u8) -> Result<Vec<(u32, Vec<String>)>, ImportError> {
        let mut reader = Reader::new(text, delim);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while let Some(row) = reader.next_record(&mut buf)? {
            out.push((row, buf.clone()));
        }
        Ok(out)
    }

    #[test]
    fn reader_handles_quotes_line_breaks_and_endings() {
        let rows = read_all("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\n\nlast,5\" screen,z", b',').unwrap();
        assert_eq!(rows[0], (1, vec!["a".into(), "b,1".into(), "say \"hi\"".into()]));
        assert_eq!(rows[1], (2, vec!["two\nlines".into(), "x".into(), "".into()]));
        assert_eq!(rows[2], (3, vec!["".into()]), "a blank line is a row, as in a spreadsheet");
        assert_eq!(rows[3], (4, vec!["last".into(), "5\" screen".into(), "z".into()]));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn reader_reports_broken_quotes_with_row_and_line() {
        let err = read_all("a,b\n\"x\ny\",2\n3,\"never closed\n4,5\n", b',').unwrap_err();
        assert_eq!(err.problem, Problem::Quoting);
        assert_eq!(err.rows, vec![3]);
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("row 3, column Column B") && err.message.contains("line 4"), "{}", err.message);
        let err = read_all("a,b\n\"x\"y,2\n", b',').unwrap_err();
        assert!(err.message.contains("followed by text after its closing quote"), "{}", err.message);
        assert_eq!(err.rows, vec![2]);
    }

    #[test]
    fn sniffs_the_delimiter() {
        assert_eq!(sniff("a,b,c\n1,2,3"), Delimiter::Comma);
        assert_eq!(sniff("Name;Revenue;Country\n1;2;3"), Delimiter::Semicolon);
        assert_eq!(sniff("Name\tRevenue\n1\t2"), Delimiter::Tab);
        assert_eq!(sniff("\"a;b\",c,d\n1,2,3"), Delimiter::Comma, "quoted delimiters do not count");
        assert_eq!(sniff("Name;Revenue, USD\nA;1"), Delimiter::Semicolon, "the second row breaks the tie");
        assert_eq!(sniff("Name"), Delimiter::Comma);
    }

    #[test]
    fn headers_are_recognised_loosely() {
        assert_eq!(recognise(RecordKind::Accounts, "Billing State/Province"), Some(Target::State));
        assert_eq!(recognise(RecordKind::Accounts, "BILLING_STATE_PROVINCE"), Some(Target::State));
        assert_eq!(recognise(RecordKind::Accounts, " Annual Revenue "), Some(Target::AnnualRevenue));
        assert_eq!(recognise(RecordKind::Accounts, "CurrencyIsoCode"), Some(Target::Currency));
        assert_eq!(recognise(RecordKind::Accounts, "Website"), Some(Target::Ignore));
        assert_eq!(recognise(RecordKind::Accounts, "Phone"), Some(Target::Ignore));
        assert_eq!(recognise(RecordKind::Contacts, "Phone"), Some(Target::Phone));
        assert_eq!(recognise(RecordKind::Contacts, "E-mail"), Some(Target::Email));
        assert_eq!(recognise(RecordKind::Contacts, "Associated Company (Primary)"), Some(Target::AccountName));
        assert_eq!(recognise(RecordKind::Contacts, "Favourite Colour"), None);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn row_problems_name_row_and_column() {
        let csv = "Account Name,Annual Revenue,Account Currency,Tier\nNorthwind Looms,\"1,250,000\",eur,Key\n,5,EUR,\nHalden Ceramics,lots,EUX,gold\n";
        let parsed = parse_csv(csv.as_bytes(), RecordKind::Accounts, &ColumnMapping::default()).unwrap();
        assert_eq!(parsed.accounts.len(), 1);
        assert_eq!(parsed.accounts[0].annual_revenue, Some(1_250_000));
        assert_eq!(parsed.accounts[0].currency.as_deref(), Some("EUR"));
        assert_eq!(parsed.accounts[0].tier.as_deref(), Some("key"));
        let issues: Vec<_> = parsed.issues.iter().map(|i| (i.row, i.column.as_deref().unwrap_or(""))).collect();
        assert_eq!(issues, vec![(3, "Account Name"), (4, "Annual Revenue"), (4, "Account Currency")]);
        assert!(parsed.issues[1].message.starts_with("Annual Revenue: \"lots\" is not an amount"));
    }

    #[test]
    fn user_mapping_wins_and_is_checked_against_the_kind() {
        let csv = "Org,Boss,Colour\nNorthwind Looms,Ada Brook,teal\n";
        let mapping = ColumnMapping::new().with("org", Target::Name).with("Boss", Target::OwnerName);
        let parsed = parse_csv(csv.as_bytes(), RecordKind::Accounts, &mapping).unwrap();
        assert_eq!(parsed.accounts[0].name, "Northwind Looms");
        assert_eq!(parsed.accounts[0].owner_name.as_deref(), Some("Ada Brook"));
        assert_eq!(parsed.unmapped_columns, vec!["Colour".to_string()]);
        assert!(parsed.columns[0].by_user);
        let bad = ColumnMapping::new().with("Colour", Target::Email);
        let err = parse_csv(csv.as_bytes(), RecordKind::Accounts, &bad).unwrap_err();
        assert_eq!(err.problem, Problem::Mapping);
        assert_eq!(err.column.as_deref(), Some("Colour"));
        let err = parse_csv(csv.as_bytes(), RecordKind::Accounts, &ColumnMapping::default()).unwrap_err();
        assert_eq!(err.problem, Problem::NoNameColumn);
        assert!(err.message.contains("Org, Boss, Colour"), "{}", err.message);
    }

    #[test]
    fn excel_sep_line_and_trailing_delimiters() {
        let tabbed = parse_csv(
            b"sep=\t\nAccount Name\tIndustry\nBrightwater Mills\tPaper\n",
            RecordKind::Accounts,
            &ColumnMapping::default(),
        )
        .unwrap();
        assert_eq!((tabbed.delimiter, tabbed.accounts.len()), (Some(Delimiter::Tab), 1));
        let csv = "sep=;\r\nFirst Name;Last Name;Company;;\r\nAda;Brook;Northwind Looms;;\r\n;;;;\r\nBo;Lind;Northwind Looms\r\n";
        let parsed = parse_csv(csv.as_bytes(), RecordKind::Contacts, &ColumnMapping::default()).unwrap();
        assert_eq!(parsed.delimiter, Some(Delimiter::Semicolon));
        assert_eq!(parsed.rows_read, 2);
        assert_eq!(parsed.contacts.iter().map(|c| c.row).collect::<Vec<_>>(), vec![2, 4]);
        assert!(parsed.unmapped_columns.is_empty(), "{:?}", parsed.unmapped_columns);
    }
}
