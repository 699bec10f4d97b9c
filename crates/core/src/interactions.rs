//! The interaction log: what happened, when, with whom. Last-contact dates of
//! connections and accounts are derived from it.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{Error, Result};
use crate::kinds::InteractionKind;
use crate::store::interactions::{self as store, InteractionRow};
use crate::summary;
use crate::text;

/// Who can be in one interaction, at most.
pub const MAX_PEOPLE: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Interaction {
    pub id: String,
    pub account_id: String,
    /// YYYY-MM-DD.
    pub occurred_on: String,
    pub kind: InteractionKind,
    pub summary: String,
    pub outcomes: Option<String>,
    pub follow_ups: Option<String>,
    /// Marked private: only the executive's own documents show it.
    pub private: bool,
    /// People on both sides, by id.
    pub people: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct InteractionInput {
    pub account_id: String,
    pub occurred_on: String,
    pub kind: Option<InteractionKind>,
    pub summary: String,
    pub outcomes: Option<String>,
    pub follow_ups: Option<String>,
    /// Keep it out of every document but the executive's own copy.
    pub private: bool,
    pub people: Vec<String>,
}

/// A validated [`InteractionInput`].
pub(crate) type Clean = store::Fields;

impl InteractionInput {
    pub(crate) fn validate(&self, today: chrono::NaiveDate) -> Result<Clean> {
        if self.account_id.trim().is_empty() {
            return Err(Error::validation("account_id", "choose the account"));
        }
        let date = text::date("occurred_on", &self.occurred_on)?;
        if date > today + chrono::Days::new(1) {
            return Err(Error::validation("occurred_on", "is in the future; log interactions once they have happened"));
        }
        let kind = self.kind.ok_or_else(|| Error::validation("kind", "choose what kind of interaction it was"))?;
        let people: BTreeSet<String> =
            self.people.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        if people.len() > MAX_PEOPLE {
            return Err(Error::validation("people", format!("at most {MAX_PEOPLE} people")));
        }
        Ok(Clean {
            occurred_on: date,
            kind,
            summary: text::required_text("summary", &self.summary)?,
            outcomes: text::optional_text("outcomes", self.outcomes.as_deref())?,
            follow_ups: text::optional_text("follow_ups", self.follow_ups.as_deref())?,
            private: self.private,
            people: people.into_iter().collect(),
        })
    }
}

/// Everyone in it is one of ours or one of this account's people.
async fn check_links(conn: &mut SqliteConnection, account_id: &str, people: &[String]) -> Result<()> {
    if !crate::store::accounts::is_live(conn, account_id).await? {
        return Err(Error::validation("account_id", "that account does not exist (or is in the trash)"));
    }
    crate::people::check_all_belong(conn, account_id, people, "people").await
}

pub async fn create(pool: &SqlitePool, input: &InteractionInput, now: DateTime<Utc>) -> Result<Interaction> {
    let clean = input.validate(now.date_naive())?;
    let account_id = input.account_id.trim();
    let mut tx = crate::db::begin_write(pool, now).await?;
    check_links(&mut tx, account_id, &clean.people).await?;
    let id = text::new_id();
    store::insert(&mut tx, &id, account_id, &clean, &text::timestamp(now)).await?;
    summary::refresh(&mut tx, account_id).await?;
    let interaction = get_in(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(interaction)
}

pub async fn update(pool: &SqlitePool, id: &str, input: &InteractionInput, now: DateTime<Utc>) -> Result<Interaction> {
    let clean = input.validate(now.date_naive())?;
    let mut tx = crate::db::begin_write(pool, now).await?;
    let before = get_in(&mut tx, id).await?;
    if before.account_id != input.account_id.trim() {
        return Err(Error::validation("account_id", "an interaction cannot move to another account"));
    }
    // Only new participants are checked: someone already in it who has since
    // been trashed stays (and comes back with a restore).
    let added: Vec<String> = clean.people.iter().filter(|p| !before.people.contains(p)).cloned().collect();
    check_links(&mut tx, &before.account_id, &added).await?;
    store::update(&mut tx, id, &clean, &text::timestamp(now)).await?;
    summary::refresh(&mut tx, &before.account_id).await?;
    let interaction = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(interaction)
}

impl TryFrom<InteractionRow> for Interaction {
    type Error = Error;
    fn try_from(r: InteractionRow) -> Result<Self> {
        let mut people: Vec<String> =
            r.people.unwrap_or_default().split(' ').filter(|s| !s.is_empty()).map(Into::into).collect();
        people.sort();
        Ok(Interaction {
            kind: InteractionKind::from_stored(&r.kind)?,
            id: r.id,
            account_id: r.account_id,
            occurred_on: r.occurred_on.to_string(),
            summary: r.summary,
            outcomes: r.outcomes,
            follow_ups: r.follow_ups,
            private: r.private,
            people,
            created_at: r.created_at.into_text(),
            updated_at: r.updated_at.into_text(),
        })
    }
}

pub(crate) async fn get_in(conn: &mut SqliteConnection, id: &str) -> Result<Interaction> {
    store::get(conn, id).await?.ok_or_else(|| Error::NotFound("interaction".into()))?.try_into()
}

/// An account's interactions, newest first, a window at a time.
pub async fn list_for_account(
    pool: &SqlitePool,
    account_id: &str,
    offset: u32,
    limit: u32,
) -> Result<Vec<Interaction>> {
    list_in(&mut *pool.acquire().await?, account_id, offset, limit).await
}

pub(crate) async fn list_in(
    conn: &mut SqliteConnection,
    account_id: &str,
    offset: u32,
    limit: u32,
) -> Result<Vec<Interaction>> {
    store::list(conn, account_id, offset, limit.clamp(1, 500)).await?.into_iter().map(Interaction::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn input() -> InteractionInput {
        InteractionInput {
            account_id: "a".into(),
            occurred_on: "2026-11-20".into(),
            kind: Some(InteractionKind::Call),
            summary: "Pricing review".into(),
            ..InteractionInput::default()
        }
    }

    #[test]
    fn validation_names_the_field_and_the_rule() {
        let cases: Vec<(InteractionInput, &str, &str)> = vec![
            (InteractionInput { account_id: " ".into(), ..input() }, "account_id", "choose the account"),
            (InteractionInput { occurred_on: "20/11/2026".into(), ..input() }, "occurred_on", "YYYY-MM-DD"),
            (InteractionInput { occurred_on: "2026-12-24".into(), ..input() }, "occurred_on", "future"),
            (InteractionInput { kind: None, ..input() }, "kind", "what kind"),
            (InteractionInput { summary: "  ".into(), ..input() }, "summary", "cannot be empty"),
            (
                InteractionInput { people: (0..101).map(|i| i.to_string()).collect(), ..input() },
                "people",
                "at most 100",
            ),
        ];
        for (case, field, rule) in cases {
            let err = case.validate(today()).err().unwrap_or_else(|| panic!("{case:?} passed"));
            assert_eq!(err.field(), Some(field), "{case:?}");
            assert!(err.to_string().contains(rule), "{case:?}: {err}");
        }
    }

    #[test]
    fn people_are_deduplicated() {
        let clean = InteractionInput { people: vec!["b".into(), " a ".into(), "b".into(), "".into()], ..input() }
            .validate(today())
            .unwrap();
        assert_eq!(clean.people, vec!["a", "b"]);
    }
}
