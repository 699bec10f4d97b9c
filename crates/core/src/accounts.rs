//! Accounts: the customer organisations whose relationships Rapport keeps.
//! Validation lives here, next to the storage, so the app and the CLI enforce
//! exactly the same rules.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::error::{Error, Result};

pub const NAME_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Strategic,
    #[default]
    Key,
    Growth,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Strategic, Tier::Key, Tier::Growth];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strategic => "strategic",
            Self::Key => "key",
            Self::Growth => "growth",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| Error::validation("tier", format!("\"{text}\" is not a tier; use strategic, key or growth")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Account {
    pub id: String,
    pub name: String,
    pub tier: Tier,
    pub owner_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user submits to create an account.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAccount {
    pub name: String,
    pub tier: Option<Tier>,
    pub owner_name: Option<String>,
}

/// Trims, checks and normalises a name-like field. `None` for an optional blank.
fn clean_text(field: &'static str, value: &str, required: bool) -> Result<Option<String>> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return if required { Err(Error::validation(field, "cannot be empty")) } else { Ok(None) };
    }
    if trimmed.chars().count() > NAME_MAX_CHARS {
        return Err(Error::validation(field, format!("must be at most {NAME_MAX_CHARS} characters")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Error::validation(field, "must be a single line without control characters"));
    }
    Ok(Some(trimmed.to_string()))
}

impl NewAccount {
    fn validate(&self) -> Result<(String, Tier, Option<String>)> {
        let name = clean_text("name", &self.name, true)?.expect("required");
        let owner = match &self.owner_name {
            Some(owner) => clean_text("owner_name", owner, false)?,
            None => None,
        };
        Ok((name, self.tier.unwrap_or_default(), owner))
    }
}

fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub async fn create(pool: &SqlitePool, input: &NewAccount, now: DateTime<Utc>) -> Result<Account> {
    let mut tx = crate::db::begin_write(pool).await?;
    let account = create_in(&mut tx, input, now).await?;
    tx.commit().await?;
    Ok(account)
}

async fn create_in(tx: &mut Transaction<'_, Sqlite>, input: &NewAccount, now: DateTime<Utc>) -> Result<Account> {
    let (name, tier, owner_name) = input.validate()?;
    let taken: Option<String> = sqlx::query_scalar("SELECT name FROM accounts WHERE name = ?1 COLLATE NOCASE")
        .bind(&name)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(existing) = taken {
        return Err(Error::validation("name", format!("an account named \"{existing}\" already exists")));
    }
    let stamp = timestamp(now);
    let account = Account {
        id: uuid::Uuid::now_v7().to_string(),
        name,
        tier,
        owner_name,
        created_at: stamp.clone(),
        updated_at: stamp,
    };
    sqlx::query(
        "INSERT INTO accounts (id, name, tier, owner_name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(&account.id)
    .bind(&account.name)
    .bind(account.tier.as_str())
    .bind(&account.owner_name)
    .bind(&account.created_at)
    .bind(&account.updated_at)
    .execute(&mut **tx)
    .await
    .map_err(|e| match &e {
        // Another writer took the name between our check and the insert.
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            Error::validation("name", format!("an account named \"{}\" already exists", account.name))
        }
        _ => Error::from(e),
    })?;
    Ok(account)
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    name: String,
    tier: String,
    owner_name: Option<String>,
    created_at: String,
    updated_at: String,
}

impl TryFrom<AccountRow> for Account {
    type Error = Error;
    fn try_from(row: AccountRow) -> Result<Self> {
        Ok(Account {
            tier: Tier::parse(&row.tier)
                .map_err(|_| Error::Corrupt(format!("account {} has tier {}", row.id, row.tier)))?,
            id: row.id,
            name: row.name,
            owner_name: row.owner_name,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// Every account, by name.
pub async fn list(pool: &SqlitePool) -> Result<Vec<Account>> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT id, name, tier, owner_name, created_at, updated_at FROM accounts ORDER BY name COLLATE NOCASE, id",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Account::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, owner: Option<&str>) -> NewAccount {
        NewAccount { name: name.into(), tier: None, owner_name: owner.map(Into::into) }
    }

    #[test]
    fn validation_names_the_field_and_the_rule() {
        let cases: &[(NewAccount, &str, &str)] = &[
            (input("", None), "name", "cannot be empty"),
            (input("   ", None), "name", "cannot be empty"),
            (input(&"x".repeat(201), None), "name", "at most 200"),
            (input("Acme\nCorp", None), "name", "single line"),
            (input("Acme", Some(&"y".repeat(201))), "owner_name", "at most 200"),
        ];
        for (case, field, rule) in cases {
            let err = case.validate().unwrap_err();
            assert_eq!(err.field(), Some(*field), "{case:?}");
            assert!(err.to_string().contains(rule), "{case:?}: {err}");
        }
    }

    #[test]
    fn clean_input_is_trimmed_and_defaults_applied() {
        let (name, tier, owner) = input("  Nordlicht Energie AG ", Some("  ")).validate().unwrap();
        assert_eq!(name, "Nordlicht Energie AG");
        assert_eq!(tier, Tier::Key);
        assert_eq!(owner, None);
    }

    #[test]
    fn tiers_parse_case_insensitively_and_reject_others() {
        assert_eq!(Tier::parse("Strategic").unwrap(), Tier::Strategic);
        let err = Tier::parse("gold").unwrap_err();
        assert_eq!(err.field(), Some("tier"));
    }
}
