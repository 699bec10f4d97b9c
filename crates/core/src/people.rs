//! People on both sides. Ours are shared by every account (our CEO knows many
//! customers); theirs belong to one account. People who leave are marked
//! inactive, never removed from under the history.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::error::{Error, Result};
use crate::kinds::{DecisionRole, Disposition, Function, Side};
pub(crate) use crate::store::people::PersonRow;
use crate::store::people::{self as store, Link};
use crate::summary;
use crate::text;

pub mod moves;

/// Org levels run from 1 (the CEO, the top of their organisation) down to this.
pub const MAX_LEVEL: u8 = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Person {
    pub id: String,
    pub side: Side,
    /// Theirs: the account they work for. Ours: none.
    pub account_id: Option<String>,
    pub name: String,
    pub title: Option<String>,
    /// Ours only.
    pub function: Option<Function>,
    /// Theirs only.
    pub department: Option<String>,
    /// 1 = CEO / top.
    pub org_level: u8,
    pub reports_to_id: Option<String>,
    pub decision_role: Option<DecisionRole>,
    pub disposition: Option<Disposition>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    /// False once they have left.
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct PersonInput {
    pub side: Option<Side>,
    pub account_id: Option<String>,
    pub name: String,
    pub title: Option<String>,
    pub function: Option<Function>,
    pub department: Option<String>,
    pub org_level: Option<u8>,
    pub reports_to_id: Option<String>,
    pub decision_role: Option<DecisionRole>,
    pub disposition: Option<Disposition>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    /// Defaults to true.
    pub active: Option<bool>,
}

/// A validated [`PersonInput`].
pub(crate) type Clean = store::Fields;

impl PersonInput {
    pub(crate) fn validate(&self) -> Result<Clean> {
        let side = self.side.ok_or_else(|| Error::validation("side", "say whether they are ours or theirs"))?;
        let name = text::required_line("name", &self.name)?;
        let org_level = self.org_level.ok_or_else(|| Error::validation("org_level", "cannot be empty"))?;
        if !(1..=MAX_LEVEL).contains(&org_level) {
            return Err(Error::validation("org_level", format!("must be between 1 (the top) and {MAX_LEVEL}")));
        }
        let account_id = text::blank_to_none(&self.account_id);
        let reports_to_id = text::blank_to_none(&self.reports_to_id);
        match side {
            Side::Ours => {
                if account_id.is_some() {
                    return Err(Error::validation("account_id", "our people are not tied to one account"));
                }
                if self.function.is_none() {
                    return Err(Error::validation("function", "choose the function they work in"));
                }
                for (field, set) in [
                    ("reports_to_id", reports_to_id.is_some()),
                    ("decision_role", self.decision_role.is_some()),
                    ("disposition", self.disposition.is_some()),
                ] {
                    if set {
                        return Err(Error::validation(field, "applies to the customer's people only"));
                    }
                }
            }
            Side::Theirs => {
                if account_id.is_none() {
                    return Err(Error::validation("account_id", "choose the account they work for"));
                }
                if self.function.is_some() {
                    return Err(Error::validation("function", "applies to our people only; use department"));
                }
            }
        }
        Ok(Clean {
            side,
            account_id,
            name,
            title: text::optional_line("title", self.title.as_deref())?,
            function: self.function,
            department: text::optional_line("department", self.department.as_deref())?,
            org_level,
            reports_to_id,
            decision_role: self.decision_role,
            disposition: self.disposition,
            email: text::email("email", self.email.as_deref())?,
            phone: text::optional_line("phone", self.phone.as_deref())?,
            notes: text::optional_text("notes", self.notes.as_deref())?,
            active: self.active.unwrap_or(true),
        })
    }
}

/// Checks what validation cannot see without the vault: the account exists,
/// and the manager is one of theirs at the same account, above in no loop.
async fn check_links(
    conn: &mut SqliteConnection,
    clean: &Clean,
    id: Option<&str>,
    stored_manager: Option<&str>,
) -> Result<()> {
    if let Some(account) = &clean.account_id
        && !crate::store::accounts::is_live(conn, account).await?
    {
        return Err(Error::validation("account_id", "that account does not exist (or is in the trash)"));
    }
    let Some(manager) = &clean.reports_to_id else { return Ok(()) };
    // An unchanged manager stays valid even if they are now in the trash.
    if stored_manager == Some(manager.as_str()) {
        return Ok(());
    }
    if Some(manager.as_str()) == id {
        return Err(Error::validation("reports_to_id", "a person cannot report to themselves"));
    }
    match store::link(conn, manager).await? {
        None => return Err(Error::validation("reports_to_id", "that person does not exist (or is in the trash)")),
        Some(Link { account_id, name, .. }) if account_id != clean.account_id => {
            return Err(Error::validation("reports_to_id", format!("{name} works for another organisation")));
        }
        Some(_) => {}
    }
    // Walk up from the new manager: meeting this person again would close a loop.
    if let Some(id) = id {
        let mut seen = HashSet::new();
        let mut current = manager.clone();
        while seen.insert(current.clone()) {
            if current == id {
                return Err(Error::validation(
                    "reports_to_id",
                    "that would make a reporting loop (they already report, through others, to this person)",
                ));
            }
            match store::manager_of(conn, &current).await?.flatten() {
                Some(next) => current = next,
                None => break,
            }
        }
    }
    Ok(())
}

pub async fn create(pool: &SqlitePool, input: &PersonInput, now: DateTime<Utc>) -> Result<Person> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    let id = create_in(&mut tx, input, now).await?;
    let person = get_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(person)
}

pub(crate) async fn create_in(
    tx: &mut Transaction<'_, Sqlite>,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = create_in_bulk(tx, input, now).await?;
    if let Some(account) = text::blank_to_none(&input.account_id) {
        summary::refresh(tx, &account).await?;
    }
    Ok(id)
}

/// [`create_in`] for a bulk write, without the summary refresh: the caller
/// refreshes every account it touched once, at the end
/// ([`summary::refresh_many`]).
pub(crate) async fn create_in_bulk(
    tx: &mut Transaction<'_, Sqlite>,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<String> {
    let clean = input.validate()?;
    check_links(tx, &clean, None, None).await?;
    let id = text::new_id();
    store::insert(tx, &id, &clean, &text::timestamp(now)).await?;
    Ok(id)
}

pub async fn update(pool: &SqlitePool, id: &str, input: &PersonInput, now: DateTime<Utc>) -> Result<Person> {
    let mut tx = crate::db::begin_write(pool, now).await?;
    update_in(&mut tx, id, input, now).await?;
    let person = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(person)
}

pub(crate) async fn update_in(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<()> {
    let (before, clean) = save_in(tx, id, input, now).await?;
    // Only what the analysis reads can change an account's flags; a new title
    // or phone number must not re-analyse every account our CEO is tied to.
    let analysed_before = (
        before.org_level,
        before.function,
        &before.reports_to_id,
        before.decision_role,
        before.disposition,
        before.active,
    );
    let analysed_after =
        (clean.org_level, clean.function, &clean.reports_to_id, clean.decision_role, clean.disposition, clean.active);
    if analysed_before != analysed_after {
        summary::refresh_for_person(tx, id).await?;
    } else if before.name != clean.name && clean.side == Side::Ours {
        summary::rename_person(tx, id, &clean.name).await?;
    }
    Ok(())
}

/// [`update_in`] for a bulk write, without the summary refresh: the caller
/// refreshes the accounts the person is on once, at the end (their account
/// for one of theirs; [`summary::refresh_for_person`] for one of ours).
pub(crate) async fn update_in_bulk(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<()> {
    save_in(tx, id, input, now).await?;
    Ok(())
}

/// Checks and saves a person's new fields: what they were and what they are.
async fn save_in(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    input: &PersonInput,
    now: DateTime<Utc>,
) -> Result<(Person, Clean)> {
    let before = get_in(tx, id).await?;
    let clean = input.validate()?;
    if clean.side != before.side {
        return Err(Error::validation("side", "cannot change sides; add them again on the other side"));
    }
    if clean.account_id != before.account_id {
        return Err(Error::validation("account_id", "cannot move to another account; add them there instead"));
    }
    check_links(tx, &clean, Some(id), before.reports_to_id.as_deref()).await?;
    store::update(tx, id, &clean, &text::timestamp(now)).await?;
    Ok((before, clean))
}

impl From<&Person> for PersonInput {
    fn from(p: &Person) -> Self {
        PersonInput {
            side: Some(p.side),
            account_id: p.account_id.clone(),
            name: p.name.clone(),
            title: p.title.clone(),
            function: p.function,
            department: p.department.clone(),
            org_level: Some(p.org_level),
            reports_to_id: p.reports_to_id.clone(),
            decision_role: p.decision_role,
            disposition: p.disposition,
            email: p.email.clone(),
            phone: p.phone.clone(),
            notes: p.notes.clone(),
            active: Some(p.active),
        }
    }
}

/// The id of the active person on our side with this name (any case), adding
/// them (a sales manager, level 3) if there is none.
pub(crate) async fn find_or_add_ours(
    tx: &mut Transaction<'_, Sqlite>,
    name: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    if let Some(id) = store::find_ours(tx, name).await? {
        return Ok(id);
    }
    let input = PersonInput {
        side: Some(Side::Ours),
        name: name.into(),
        function: Some(Function::Sales),
        org_level: Some(3),
        ..PersonInput::default()
    };
    create_in(tx, &input, now).await
}

impl TryFrom<PersonRow> for Person {
    type Error = Error;
    fn try_from(r: PersonRow) -> Result<Self> {
        Ok(Person {
            side: Side::from_stored(&r.side)?,
            function: r.function.as_deref().map(Function::from_stored).transpose()?,
            decision_role: r.decision_role.as_deref().map(DecisionRole::from_stored).transpose()?,
            disposition: r.disposition.as_deref().map(Disposition::from_stored).transpose()?,
            org_level: u8::try_from(r.org_level).map_err(|_| Error::Corrupt(format!("person {} level", r.id)))?,
            id: r.id,
            account_id: r.account_id,
            name: r.name,
            title: r.title,
            department: r.department,
            reports_to_id: r.reports_to_id,
            email: r.email,
            phone: r.phone,
            notes: r.notes,
            active: r.active,
            created_at: r.created_at.into_text(),
            updated_at: r.updated_at.into_text(),
        })
    }
}

pub(crate) async fn get_in(conn: &mut SqliteConnection, id: &str) -> Result<Person> {
    store::get(conn, id).await?.ok_or_else(|| Error::NotFound("person".into()))?.try_into()
}

pub async fn get(pool: &SqlitePool, id: &str) -> Result<Person> {
    get_in(&mut *pool.acquire().await?, id).await
}

/// Our people, by name; those who left last.
pub async fn list_ours(pool: &SqlitePool) -> Result<Vec<Person>> {
    store::list_ours(pool).await?.into_iter().map(Person::try_from).collect()
}

/// Their people at one account, top of the organisation first.
pub(crate) async fn list_theirs_in(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<Person>> {
    store::list_theirs(conn, account_id).await?.into_iter().map(Person::try_from).collect()
}

/// Each of `people` is live and is one of ours or one of this account's:
/// the rule for everyone listed on an interaction or a meeting. `field` names
/// the list in the refusal.
pub(crate) async fn check_all_belong(
    conn: &mut SqliteConnection,
    account_id: &str,
    people: &[String],
    field: &'static str,
) -> Result<()> {
    for person in people {
        match store::link(conn, person).await? {
            None => return Err(Error::validation(field, "someone on the list does not exist (or is in the trash)")),
            // Someone who has moved on stays on what they took part in here.
            Some(Link { account_id: Some(account), name, .. })
                if account != account_id && !store::held_role_at(conn, person, account_id).await? =>
            {
                return Err(Error::validation(field, format!("{name} works for another customer")));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(name: &str) -> PersonInput {
        PersonInput {
            side: Some(Side::Ours),
            name: name.into(),
            function: Some(Function::Sales),
            org_level: Some(3),
            ..PersonInput::default()
        }
    }

    fn theirs(name: &str) -> PersonInput {
        PersonInput {
            side: Some(Side::Theirs),
            account_id: Some("a1".into()),
            name: name.into(),
            org_level: Some(2),
            ..PersonInput::default()
        }
    }

    #[test]
    fn validation_names_the_field_and_the_rule() {
        let cases: Vec<(PersonInput, &str, &str)> = vec![
            (PersonInput { side: None, ..ours("Ana") }, "side", "ours or theirs"),
            (ours(" "), "name", "cannot be empty"),
            (PersonInput { org_level: None, ..ours("Ana") }, "org_level", "cannot be empty"),
            (PersonInput { org_level: Some(0), ..ours("Ana") }, "org_level", "between 1"),
            (PersonInput { org_level: Some(13), ..ours("Ana") }, "org_level", "between 1"),
            (PersonInput { function: None, ..ours("Ana") }, "function", "choose the function"),
            (PersonInput { account_id: Some("a1".into()), ..ours("Ana") }, "account_id", "not tied"),
            (PersonInput { decision_role: Some(DecisionRole::User), ..ours("Ana") }, "decision_role", "customer's"),
            (PersonInput { reports_to_id: Some("p".into()), ..ours("Ana") }, "reports_to_id", "customer's"),
            (PersonInput { account_id: None, ..theirs("Bo") }, "account_id", "choose the account"),
            (PersonInput { function: Some(Function::Sales), ..theirs("Bo") }, "function", "our people only"),
            (PersonInput { email: Some("bo@".into()), ..theirs("Bo") }, "email", "not an email"),
            (PersonInput { title: Some("t".repeat(201)), ..theirs("Bo") }, "title", "at most 200"),
        ];
        for (case, field, rule) in cases {
            let err = case.validate().err().unwrap_or_else(|| panic!("{case:?} passed"));
            assert_eq!(err.field(), Some(field), "{case:?}");
            assert!(err.to_string().contains(rule), "{case:?}: {err}");
        }
    }

    #[test]
    fn active_defaults_to_true() {
        assert!(theirs("Bo").validate().unwrap().active);
    }
}
