//! A blueprint as the documents and account care read it: the aggregate with
//! its account and the people it names, as of a day.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use super::store::{self, PlanPerson};
use super::{Blueprint, Progress};
use crate::accounts::{self, Account};
use crate::error::Result;

/// Everything the blueprint PDF (and a brief's plan section) is made from.
#[derive(Debug, Clone)]
pub struct BlueprintData {
    pub blueprint: Blueprint,
    pub account: Account,
    pub people: HashMap<String, PlanPerson>,
    pub sponsor: Option<String>,
    pub today: NaiveDate,
}

impl BlueprintData {
    pub fn name(&self, id: &str) -> String {
        self.people.get(id).map(|p| p.name.clone()).unwrap_or_else(|| "someone no longer listed".into())
    }

    /// The goals' progress as of the day it was read for.
    pub fn progress(&self) -> Progress {
        self.blueprint.progress(self.today)
    }
}

pub(crate) async fn load(conn: &mut SqliteConnection, id: &str, today: NaiveDate) -> Result<BlueprintData> {
    let blueprint = store::get(conn, id).await?;
    let account = accounts::get_in(conn, &blueprint.account_id).await?;
    let people = store::people_of(conn, &blueprint.account_id).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    Ok(BlueprintData { sponsor: account.sponsor_id.clone(), blueprint, account, people, today })
}

/// The account's current plan, the one a brief reports on and its health
/// counts: its latest approved blueprint, or failing that the latest being
/// worked on.
pub(crate) async fn current(
    conn: &mut SqliteConnection,
    account_id: &str,
    today: NaiveDate,
) -> Result<Option<BlueprintData>> {
    match crate::store::reports::plan_blueprint(conn, account_id).await? {
        Some(id) => Ok(Some(load(conn, &id, today).await?)),
        None => Ok(None),
    }
}
