//! People who move: one of theirs leaves a customer for another account, or
//! joins us. They keep their id, so what we logged with them (interactions,
//! feedback, meetings) stays theirs, and our ties to them follow them to the
//! new account. Their roles over time are kept (`person_roles`): the one they
//! left, closed on the day, and the one they took.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use super::{Person, get_in};
use crate::error::{Error, Result};
use crate::kinds::{Function, Side};
use crate::store::connections as ties;
use crate::store::people::{self as store, Destination, NewRole, RoleRow};
use crate::summary;
use crate::text;

/// Where someone went and when, as the "Moved to another organisation…"
/// dialog sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct MoveInput {
    /// The account they joined; `None` when they joined us.
    pub to_account_id: Option<String>,
    /// Their title there.
    pub title: String,
    /// The day they moved, `YYYY-MM-DD`.
    pub on_date: String,
    /// Joining us: the function they work in.
    pub function: Option<Function>,
    /// 1 = the top; defaults to their level before the move.
    pub org_level: Option<u8>,
}

/// A validated [`MoveInput`].
struct Clean {
    to_account_id: Option<String>,
    title: String,
    on_date: NaiveDate,
    function: Option<Function>,
    org_level: Option<u8>,
}

impl MoveInput {
    fn validate(&self, today: NaiveDate) -> Result<Clean> {
        let to_account_id = text::blank_to_none(&self.to_account_id);
        let title = text::required_line("title", &self.title)?;
        let on_date = text::date("on_date", &self.on_date)?;
        // A day of slack, as for interactions: "today" somewhere east of here.
        if on_date > today + chrono::Days::new(1) {
            return Err(Error::validation("on_date", "is in the future; record a move once it has happened"));
        }
        if let Some(level) = self.org_level
            && !(1..=super::MAX_LEVEL).contains(&level)
        {
            return Err(Error::validation(
                "org_level",
                format!("must be between 1 (the top) and {}", super::MAX_LEVEL),
            ));
        }
        match (&to_account_id, self.function) {
            (None, None) => return Err(Error::validation("function", "choose the function they work in with us")),
            (Some(_), Some(_)) => {
                return Err(Error::validation("function", "applies when they join us; at a customer use the title"));
            }
            _ => {}
        }
        Ok(Clean { to_account_id, title, on_date, function: self.function, org_level: self.org_level })
    }
}

/// Moves one of theirs to another account, or to us, on `input.on_date`:
/// closes the role they leave, opens the new one, takes our ties along (to a
/// customer; joining us, the ties end in the trash) and refreshes both
/// accounts' summaries. One write transaction, so one set of change-log
/// entries.
pub async fn move_person(pool: &SqlitePool, person_id: &str, input: &MoveInput, now: DateTime<Utc>) -> Result<Person> {
    let clean = input.validate(now.date_naive())?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let before = get_in(&mut tx, person_id).await?;
    let Some(from_account) = before.account_id.clone() else {
        return Err(Error::validation("person", "only the customer's people can be moved; they are one of ours"));
    };
    if clean.to_account_id.as_deref() == Some(from_account.as_str()) {
        return Err(Error::validation("to_account_id", "they already work there; choose the account they moved to"));
    }
    if let Some(to) = &clean.to_account_id
        && !crate::store::accounts::is_live(&mut tx, to).await?
    {
        return Err(Error::validation("to_account_id", "that account does not exist (or is in the trash)"));
    }
    let roles = store::roles_of(&mut tx, person_id).await?;
    if let Some(started) = roles.iter().rev().find(|r| r.until_on.is_none()).and_then(|r| r.from_on)
        && clean.on_date < started
    {
        return Err(Error::validation(
            "on_date",
            format!("is before they started their present role ({})", started.format("%-d %b %Y")),
        ));
    }

    let stamp = text::timestamp(now);
    // The role they leave: recorded now if this is their first move.
    if !store::close_role(&mut tx, person_id, clean.on_date, &stamp).await? {
        let left = NewRole {
            person_id,
            account_id: Some(&from_account),
            title: before.title.as_deref(),
            from_on: None,
            until_on: Some(clean.on_date),
        };
        store::insert_role(&mut tx, &text::new_id(), &left, &stamp).await?;
    }
    let to_account = clean.to_account_id.as_deref();
    let joined = NewRole {
        person_id,
        account_id: to_account,
        title: Some(&clean.title),
        from_on: Some(clean.on_date),
        until_on: None,
    };
    store::insert_role(&mut tx, &text::new_id(), &joined, &stamp).await?;

    let destination = Destination {
        side: if to_account.is_some() { Side::Theirs } else { Side::Ours },
        account_id: to_account,
        title: &clean.title,
        function: clean.function,
        org_level: clean.org_level.unwrap_or(before.org_level),
        // What they decide is for the new organisation to show; how they
        // feel about us goes with them, unless they are ours now.
        decision_role: None,
        disposition: to_account.and(before.disposition),
    };
    store::move_to(&mut tx, person_id, &destination, &stamp).await?;
    match to_account {
        Some(to) => {
            ties::follow_to(&mut tx, person_id, to, &stamp).await?;
            summary::refresh(&mut tx, &from_account).await?;
            summary::refresh(&mut tx, to).await?;
        }
        None => {
            ties::trash_ties_to(&mut tx, person_id, &stamp).await?;
            summary::refresh(&mut tx, &from_account).await?;
        }
    }
    let person = get_in(&mut tx, person_id).await?;
    tx.commit().await?;
    Ok(person)
}

/// One role a person held or holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Role {
    /// `None`: with us.
    pub account_id: Option<String>,
    /// The account's name; `None` with us.
    pub account_name: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`; `None` when it began before it was recorded.
    pub from_on: Option<String>,
    /// `YYYY-MM-DD`; `None` while they hold it.
    pub until_on: Option<String>,
}

/// A person's roles, the earliest first, ending with the one they hold now
/// (for someone who never moved, just that one, read from their record).
pub async fn history(pool: &SqlitePool, person_id: &str) -> Result<Vec<Role>> {
    let mut conn = pool.acquire().await?;
    let person = get_in(&mut conn, person_id).await?;
    let roles = store::roles_of(&mut conn, person_id).await?;
    if roles.is_empty() {
        let account_name = match &person.account_id {
            Some(id) => Some(crate::store::accounts::live_name(&mut conn, id).await?.unwrap_or_default()),
            None => None,
        };
        return Ok(vec![Role {
            account_id: person.account_id,
            account_name,
            title: person.title,
            from_on: None,
            until_on: None,
        }]);
    }
    Ok(roles.iter().map(role_of).collect())
}

/// One move as an account sees it: someone left it, or came to it from
/// another of our customers (or from us).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Move {
    pub person_id: String,
    pub name: String,
    /// The role they left.
    pub from: Role,
    /// The role they took.
    pub to: Role,
    /// The day they moved, `YYYY-MM-DD`.
    pub on: String,
}

impl Move {
    /// The move's day.
    pub fn day(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.on, "%Y-%m-%d").unwrap_or_default()
    }
}

/// Every move into or out of an account by a live person, the latest first.
pub async fn moves_of(pool: &SqlitePool, account_id: &str) -> Result<Vec<Move>> {
    moves_in(&mut *pool.acquire().await?, account_id).await
}

pub(crate) async fn moves_in(conn: &mut SqliteConnection, account_id: &str) -> Result<Vec<Move>> {
    let rows = store::roles_through(conn, account_id).await?;
    let mut moves = Vec::new();
    let mut names = std::collections::HashMap::new();
    for pair in rows.windows(2) {
        let [left, took] = pair else { continue };
        if left.person_id != took.person_id {
            continue;
        }
        let here = Some(account_id);
        if left.account_id.as_deref() != here && took.account_id.as_deref() != here {
            continue;
        }
        let Some(on) = took.from_on.or(left.until_on) else { continue };
        if !names.contains_key(&left.person_id) {
            let name = get_in(conn, &left.person_id).await?.name;
            names.insert(left.person_id.clone(), name);
        }
        moves.push(Move {
            person_id: left.person_id.clone(),
            name: names[&left.person_id].clone(),
            on: on.format("%Y-%m-%d").to_string(),
            from: role_of(left),
            to: role_of(took),
        });
    }
    moves.sort_by(|a, b| b.on.cmp(&a.on).then_with(|| a.name.cmp(&b.name)));
    Ok(moves)
}

fn role_of(r: &RoleRow) -> Role {
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    Role {
        account_id: r.account_id.clone(),
        account_name: r.account_name.clone(),
        title: r.title.clone(),
        from_on: day(r.from_on),
        until_on: day(r.until_on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn to_nordhavn() -> MoveInput {
        MoveInput {
            to_account_id: Some("a2".into()),
            title: "CFO".into(),
            on_date: "2026-05-04".into(),
            ..MoveInput::default()
        }
    }

    #[test]
    fn validation_names_the_field_and_the_rule() {
        let today = day("2026-06-01");
        let cases: Vec<(MoveInput, &str, &str)> = vec![
            (MoveInput { title: " ".into(), ..to_nordhavn() }, "title", "cannot be empty"),
            (MoveInput { on_date: "".into(), ..to_nordhavn() }, "on_date", ""),
            (MoveInput { on_date: "2026-06-03".into(), ..to_nordhavn() }, "on_date", "in the future"),
            (MoveInput { org_level: Some(13), ..to_nordhavn() }, "org_level", "between 1"),
            (MoveInput { to_account_id: None, ..to_nordhavn() }, "function", "with us"),
            (MoveInput { function: Some(Function::Finance), ..to_nordhavn() }, "function", "when they join us"),
        ];
        for (case, field, rule) in cases {
            let err = case.validate(today).err().unwrap_or_else(|| panic!("{case:?} passed"));
            assert_eq!(err.field(), Some(field), "{case:?}");
            assert!(err.to_string().contains(rule), "{case:?}: {err}");
        }
        assert!(to_nordhavn().validate(today).is_ok());
        let joins_us =
            MoveInput { to_account_id: Some(" ".into()), function: Some(Function::Finance), ..to_nordhavn() };
        assert_eq!(joins_us.validate(today).unwrap().to_account_id, None);
    }
}
