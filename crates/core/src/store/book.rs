//! Store: the book's rows as the interchange file holds them (docs/FORMAT.md),
//! read a page at a time for an export and written in bulk for an import or
//! a generated sample.
//!
//! Each record is one stored row, every column, mapped by name; the records
//! keep the stored text of timestamps, dates and vocabularies exactly, so an
//! export writes what the vault holds and an import stores what the file says
//! (the book checks every value before it gets here). Bulk inserts are
//! multi-row statements built with `QueryBuilder`, a few rows at a time, well
//! under SQLite's limit on bound parameters.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sqlx::query_builder::Separated;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

use crate::error::{Error, Result};

/// One account, every stored column. Field order is the file's order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct AccountRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub tier: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub status: String,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub currency: Option<String>,
    /// Whole units of `currency`.
    pub annual_revenue: Option<i64>,
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
    /// Target days between contacts; `null` for the tier's default.
    pub cadence_days: Option<i64>,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct PersonRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub side: String,
    pub account_id: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub name: String,
    pub title: Option<String>,
    pub function: Option<String>,
    pub department: Option<String>,
    /// 1 = the top of the organisation; 0 here means "missing".
    #[serde(deserialize_with = "null_as_zero")]
    pub org_level: i64,
    pub reports_to_id: Option<String>,
    pub decision_role: Option<String>,
    pub disposition: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    pub active: bool,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

impl Default for PersonRecord {
    fn default() -> Self {
        Self {
            id: String::new(),
            side: String::new(),
            account_id: None,
            name: String::new(),
            title: None,
            function: None,
            department: None,
            org_level: 0,
            reports_to_id: None,
            decision_role: None,
            disposition: None,
            email: None,
            phone: None,
            notes: None,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: None,
        }
    }
}

/// One role a person held or holds at an organisation (`account_id`
/// `null`: with us), every stored column; written when someone moves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct PersonRoleRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub person_id: String,
    pub account_id: Option<String>,
    pub title: Option<String>,
    pub from_on: Option<String>,
    pub until_on: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct ConnectionRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub ours_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub theirs_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub dimension: String,
    pub intermediary: Option<String>,
    /// 1–5; 0 here means "missing".
    #[serde(deserialize_with = "null_as_zero")]
    pub strength: i64,
    pub cadence_days: Option<i64>,
    pub notes: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct InteractionRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub occurred_on: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub kind: String,
    /// Ids of the people involved, ours and theirs, in id order on export.
    #[sqlx(skip)]
    pub people: Vec<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub summary: String,
    pub outcomes: Option<String>,
    pub follow_ups: Option<String>,
    /// Marked private (audiences); left out of the file when not, so books
    /// written before private marks read and write the same.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// One meeting, every stored column, its attendees folded in (as an
/// interaction's people are).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct MeetingRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub title: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub kind: String,
    /// `YYYY-MM-DDTHH:MM`, the wall clock in `time_zone`.
    #[serde(deserialize_with = "null_as_empty")]
    pub starts_local: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub ends_local: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub time_zone: String,
    /// Derived from the local time and the zone: written for readers, worked
    /// out again on import.
    #[serde(deserialize_with = "null_as_empty")]
    pub starts_utc: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub ends_utc: String,
    pub location: Option<String>,
    pub trip: Option<String>,
    pub objective: Option<String>,
    pub value_proposition: Option<String>,
    pub asks: Option<String>,
    pub talking_points: Option<String>,
    pub sensitivities: Option<String>,
    pub logistics: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub state: String,
    #[serde(deserialize_with = "null_as_zero")]
    pub revision: i64,
    /// Ids of the attendees, ours and theirs, in id order on export.
    #[sqlx(skip)]
    pub attendees: Vec<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// One step in a meeting's review record. `n` is kept so that an answer's
/// `reply_to` still names its question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct MeetingEventRecord {
    /// 1 or more, increasing through the file; 0 here means "missing".
    #[serde(deserialize_with = "null_as_zero")]
    pub n: i64,
    #[serde(deserialize_with = "null_as_empty")]
    pub meeting_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub actor: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub action: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub from_state: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub to_state: String,
    pub body: Option<String>,
    pub reply_to: Option<i64>,
}

/// One piece of feedback, every stored column. The steps of its loop are
/// the `feedback_events` that name it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct FeedbackRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    /// Their person who said it.
    pub person_id: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub received_on: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub channel: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub text: String,
    pub theme: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub state: String,
    pub change: Option<String>,
    pub visible_on: Option<String>,
    pub reconsider_on: Option<String>,
    pub reason: Option<String>,
    pub thanked_on: Option<String>,
    pub thanked_how: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// One step of a piece of feedback's loop, with who and when; `n` orders
/// the steps across all feedback.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct FeedbackEventRecord {
    /// 1 or more, increasing through the file; 0 here means "missing".
    #[serde(deserialize_with = "null_as_zero")]
    pub n: i64,
    #[serde(deserialize_with = "null_as_empty")]
    pub feedback_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub actor: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub action: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub from_state: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub to_state: String,
    pub note: Option<String>,
}

/// One story told about us, every stored column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct StoryRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub kind: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub title: String,
    /// Our department it came from.
    #[serde(deserialize_with = "null_as_empty")]
    pub department: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub occurred_on: String,
    pub impact: Option<String>,
    pub failure: Option<String>,
    /// `None` here means "missing".
    pub resolved: Option<bool>,
    pub lesson: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// One commitment, every stored column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct CommitmentRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    /// Who promised: `ours` or `theirs`.
    #[serde(deserialize_with = "null_as_empty")]
    pub side: String,
    pub by_person_id: Option<String>,
    pub to_person_id: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub what: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub made_on: String,
    pub due_on: Option<String>,
    pub meeting_id: Option<String>,
    pub interaction_id: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub state: String,
    pub kept_on: Option<String>,
    pub dropped_reason: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub created_at: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// One answer to the ownership check of an account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(default)]
pub struct OwnershipAnswerRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub question: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub answer: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub updated_at: String,
}

/// One account's health score on one day, with the points of each part as
/// the score was recorded: `[["cadence", 20], ["coverage", 9], ...]`. Kept as
/// written, since a past day's score cannot be worked out again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthRecord {
    #[serde(deserialize_with = "null_as_empty")]
    pub account_id: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub on_date: String,
    /// 0–100; `None` here means "missing".
    pub score: Option<i64>,
    pub parts: Vec<(String, i64)>,
}

/// The vault's preferences, each `null` when not set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsRecord {
    pub your_name: Option<String>,
    pub home_time_zone: Option<String>,
    pub traveller: Option<String>,
    /// Days after which a brief marks a fact stale, as digits; left out of
    /// the file when not set, so books written before it read the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_after_days: Option<String>,
}

impl SettingsRecord {
    /// `(key, value)` of every setting given, as the settings table keeps them.
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("your_name", &self.your_name),
            ("home_time_zone", &self.home_time_zone),
            ("traveller", &self.traveller),
            ("stale_after_days", &self.stale_after_days),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value.as_deref()?)))
        .collect()
    }
}

/// Required fields read `null` as missing, so validation can name them.
pub(crate) fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

fn null_as_zero<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    Ok(Option::<i64>::deserialize(d)?.unwrap_or_default())
}

/// One entry of the change log made by someone's edit (entries written by
/// imports and the sample are not part of a book). `seq` orders the entries
/// in the vault and is not written to the file: an import gives the entries
/// new numbers, in the file's order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeRecord {
    #[serde(skip)]
    pub seq: i64,
    #[serde(deserialize_with = "null_as_empty")]
    pub at: String,
    pub who: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub action: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub entity: String,
    #[serde(deserialize_with = "null_as_empty")]
    pub entity_id: String,
    pub account_id: Option<String>,
    /// `{"column": [old, new], ...}` in the order the log wrote them.
    pub fields: Option<ChangedFields>,
}

/// The fields of a change as an object, its members kept in their order
/// (serde_json's own map would sort them, and a re-export would differ).
/// Each value should be an `[old, new]` pair; the book checks that.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangedFields(pub Vec<(String, serde_json::Value)>);

impl Serialize for ChangedFields {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (field, value) in &self.0 {
            map.serialize_entry(field, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ChangedFields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = ChangedFields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of fields, each [old, new]")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<ChangedFields, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, serde_json::Value>()? {
                    members.push(member);
                }
                Ok(ChangedFields(members))
            }
        }
        d.deserialize_map(Members)
    }
}

impl ChangedFields {
    fn from_stored(json: &str) -> Result<Self> {
        serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("the change log holds bad fields: {e}")))
    }

    fn to_stored(&self) -> String {
        serde_json::to_string(self).expect("text keys and JSON values serialise")
    }
}

// ---------------------------------------------------------------------------
// Reading, a page at a time

/// The last key a page ended on; the next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum After {
    Text(String),
    Number(i64),
    Pair(String, String),
}

/// A record the export pages through, by the key its `SELECT` orders on
/// (keyset, so each page is an index range, never an OFFSET scan).
pub(crate) trait Exported: Sized + Serialize {
    /// The stored row, by column name.
    type Row: for<'r> FromRow<'r, SqliteRow> + Send + Unpin;
    /// Takes the last key seen (`?1`, or `?1, ?2` for a pair) and the page size.
    const SELECT: &'static str;
    /// Sorts before every key.
    const START: After;
    fn after(&self) -> After;
    fn from_row(row: Self::Row) -> Result<Self>;
}

/// The records after `after`, at most `limit` of them, in key order.
pub(crate) async fn page<T: Exported>(conn: &mut SqliteConnection, after: &After, limit: i64) -> Result<Vec<T>> {
    let query = sqlx::query_as::<_, T::Row>(T::SELECT);
    let query = match after {
        After::Text(key) => query.bind(key.clone()),
        After::Number(key) => query.bind(*key),
        After::Pair(first, second) => query.bind(first.clone()).bind(second.clone()),
    };
    query.bind(limit).fetch_all(&mut *conn).await?.into_iter().map(T::from_row).collect()
}

macro_rules! exported_as_stored {
    ($record:ty, $key:ident, $start:expr, $select:literal) => {
        impl Exported for $record {
            type Row = Self;
            const SELECT: &'static str = $select;
            const START: After = $start;
            fn after(&self) -> After {
                exported_as_stored!(@key self, $key)
            }
            fn from_row(row: Self) -> Result<Self> {
                Ok(row)
            }
        }
    };
    (@key $self:ident, id) => { After::Text($self.id.clone()) };
    (@key $self:ident, n) => { After::Number($self.n) };
}

exported_as_stored!(
    AccountRecord,
    id,
    After::Text(String::new()),
    "SELECT id, name, tier, status, industry, region, currency, annual_revenue, annual_margin, owner_id, \
     sponsor_id, business_environment, customer_strategy, mutual_goals, last_customer_review, \
     next_customer_review, last_internal_review, next_internal_review, cadence_days, created_at, updated_at, \
     deleted_at FROM accounts WHERE id > ?1 ORDER BY id LIMIT ?2"
);
exported_as_stored!(
    PersonRecord,
    id,
    After::Text(String::new()),
    "SELECT id, side, account_id, name, title, function, department, org_level, reports_to_id, decision_role, \
     disposition, email, phone, notes, active, created_at, updated_at, deleted_at \
     FROM people WHERE id > ?1 ORDER BY id LIMIT ?2"
);
exported_as_stored!(
    PersonRoleRecord,
    id,
    After::Text(String::new()),
    "SELECT id, person_id, account_id, title, from_on, until_on, created_at, updated_at \
     FROM person_roles WHERE id > ?1 ORDER BY id LIMIT ?2"
);
exported_as_stored!(
    ConnectionRecord,
    id,
    After::Text(String::new()),
    "SELECT id, account_id, ours_id, theirs_id, dimension, intermediary, strength, cadence_days, notes, \
     created_at, updated_at, deleted_at FROM connections WHERE id > ?1 ORDER BY id LIMIT ?2"
);
// In the order they happened, `n` and all, so answers still point at their questions.
exported_as_stored!(
    MeetingEventRecord,
    n,
    After::Number(0),
    "SELECT n, meeting_id, at, actor, action, from_state, to_state, body, reply_to \
     FROM meeting_events WHERE n > ?1 ORDER BY n LIMIT ?2"
);
exported_as_stored!(
    FeedbackRecord,
    id,
    After::Text(String::new()),
    "SELECT id, account_id, person_id, received_on, channel, text, theme, state, change, visible_on, \
     reconsider_on, reason, thanked_on, thanked_how, created_at, updated_at, deleted_at \
     FROM feedback WHERE id > ?1 ORDER BY id LIMIT ?2"
);
exported_as_stored!(
    FeedbackEventRecord,
    n,
    After::Number(0),
    "SELECT n, feedback_id, at, actor, action, from_state, to_state, note \
     FROM feedback_events WHERE n > ?1 ORDER BY n LIMIT ?2"
);
exported_as_stored!(
    StoryRecord,
    id,
    After::Text(String::new()),
    "SELECT id, account_id, kind, title, department, occurred_on, impact, failure, resolved, lesson, \
     created_at, updated_at, deleted_at FROM stories WHERE id > ?1 ORDER BY id LIMIT ?2"
);

exported_as_stored!(
    CommitmentRecord,
    id,
    After::Text(String::new()),
    "SELECT id, account_id, side, by_person_id, to_person_id, what, made_on, due_on, meeting_id, interaction_id, \
     state, kept_on, dropped_reason, created_at, updated_at, deleted_at FROM commitments WHERE id > ?1 ORDER BY id \
     LIMIT ?2"
);

impl Exported for OwnershipAnswerRecord {
    type Row = Self;
    const SELECT: &'static str = "SELECT account_id, question, answer, updated_at FROM ownership_answers \
         WHERE (account_id, question) > (?1, ?2) ORDER BY account_id, question LIMIT ?3";
    const START: After = After::Pair(String::new(), String::new());
    fn after(&self) -> After {
        After::Pair(self.account_id.clone(), self.question.clone())
    }
    fn from_row(row: Self) -> Result<Self> {
        Ok(row)
    }
}

/// A stored list of person ids (`json_group_array`), read back.
fn id_list(json: &str, what: &str) -> Result<Vec<String>> {
    serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("the {what}: {e}")))
}

#[derive(FromRow)]
pub(crate) struct InteractionRow {
    #[sqlx(flatten)]
    record: InteractionRecord,
    people_json: String,
}

// interaction_people is keyed (interaction_id, person_id) WITHOUT ROWID, so
// the subquery reads the people of one interaction in id order.
impl Exported for InteractionRecord {
    type Row = InteractionRow;
    const SELECT: &'static str = "SELECT i.id, i.account_id, i.occurred_on, i.kind, \
         (SELECT json_group_array(person_id) FROM \
            (SELECT person_id FROM interaction_people WHERE interaction_id = i.id ORDER BY person_id)) AS people_json, \
         i.summary, i.outcomes, i.follow_ups, i.private, i.created_at, i.updated_at, i.deleted_at \
         FROM interactions i WHERE i.id > ?1 ORDER BY i.id LIMIT ?2";
    const START: After = After::Text(String::new());
    fn after(&self) -> After {
        After::Text(self.id.clone())
    }
    fn from_row(row: InteractionRow) -> Result<Self> {
        Ok(Self { people: id_list(&row.people_json, "people of an interaction")?, ..row.record })
    }
}

#[derive(FromRow)]
pub(crate) struct MeetingRow {
    #[sqlx(flatten)]
    record: MeetingRecord,
    attendees_json: String,
}

impl Exported for MeetingRecord {
    type Row = MeetingRow;
    const SELECT: &'static str = "SELECT m.id, m.account_id, m.title, m.kind, m.starts_local, m.ends_local, \
         m.time_zone, m.starts_utc, m.ends_utc, m.location, m.trip, m.objective, m.value_proposition, m.asks, \
         m.talking_points, m.sensitivities, m.logistics, m.state, m.revision, \
         (SELECT json_group_array(person_id) FROM \
            (SELECT person_id FROM meeting_attendees WHERE meeting_id = m.id ORDER BY person_id)) AS attendees_json, \
         m.created_at, m.updated_at, m.deleted_at \
         FROM meetings m WHERE m.id > ?1 ORDER BY m.id LIMIT ?2";
    const START: After = After::Text(String::new());
    fn after(&self) -> After {
        After::Text(self.id.clone())
    }
    fn from_row(row: MeetingRow) -> Result<Self> {
        Ok(Self { attendees: id_list(&row.attendees_json, "attendees of a meeting")?, ..row.record })
    }
}

#[derive(FromRow)]
pub(crate) struct HealthRow {
    account_id: String,
    on_date: String,
    score: i64,
    parts: String,
}

impl Exported for HealthRecord {
    type Row = HealthRow;
    const SELECT: &'static str = "SELECT account_id, on_date, score, parts FROM health_history \
         WHERE (account_id, on_date) > (?1, ?2) ORDER BY account_id, on_date LIMIT ?3";
    const START: After = After::Pair(String::new(), String::new());
    fn after(&self) -> After {
        After::Pair(self.account_id.clone(), self.on_date.clone())
    }
    fn from_row(row: HealthRow) -> Result<Self> {
        let parts = serde_json::from_str(&row.parts)
            .map_err(|e| Error::Corrupt(format!("the parts of a health score: {e}")))?;
        Ok(Self { account_id: row.account_id, on_date: row.on_date, score: Some(row.score), parts })
    }
}

#[derive(FromRow)]
pub(crate) struct ChangeRow {
    seq: i64,
    at: String,
    who: Option<String>,
    action: String,
    entity: String,
    entity_id: String,
    account_id: Option<String>,
    fields: Option<String>,
}

/// Only someone's edits: what imports and the sample recorded is not part of a book.
impl Exported for ChangeRecord {
    type Row = ChangeRow;
    const SELECT: &'static str = "SELECT seq, at, who, action, entity, entity_id, account_id, fields \
         FROM changes WHERE mode = 'edit' AND seq > ?1 ORDER BY seq LIMIT ?2";
    const START: After = After::Number(0);
    fn after(&self) -> After {
        After::Number(self.seq)
    }
    fn from_row(row: ChangeRow) -> Result<Self> {
        Ok(Self {
            seq: row.seq,
            at: row.at,
            who: row.who,
            action: row.action,
            entity: row.entity,
            entity_id: row.entity_id,
            account_id: row.account_id,
            fields: row.fields.as_deref().map(ChangedFields::from_stored).transpose()?,
        })
    }
}

/// A blueprint row's own columns; the aggregate is read through the
/// blueprint store.
#[derive(Debug, FromRow)]
pub(crate) struct BlueprintStamps {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// The blueprints after `after` by id, the trash included.
pub(crate) async fn blueprints_after(
    conn: &mut SqliteConnection,
    after: &str,
    limit: i64,
) -> Result<Vec<BlueprintStamps>> {
    Ok(sqlx::query_as!(
        BlueprintStamps,
        "SELECT id, created_at, updated_at, deleted_at FROM blueprints WHERE id > ?1 ORDER BY id LIMIT ?2",
        after,
        limit
    )
    .fetch_all(&mut *conn)
    .await?)
}

#[derive(FromRow)]
struct Setting {
    key: String,
    value: String,
}

/// The settings table as one record; keys this build does not know are left out.
pub(crate) async fn settings(conn: &mut SqliteConnection) -> Result<SettingsRecord> {
    let rows: Vec<Setting> =
        sqlx::query_as!(Setting, "SELECT key, value FROM settings ORDER BY key").fetch_all(&mut *conn).await?;
    let mut settings = SettingsRecord::default();
    for Setting { key, value } in rows {
        match key.as_str() {
            "your_name" => settings.your_name = Some(value),
            "home_time_zone" => settings.home_time_zone = Some(value),
            "traveller" => settings.traveller = Some(value),
            "stale_after_days" => settings.stale_after_days = Some(value),
            _ => {}
        }
    }
    Ok(settings)
}

// ---------------------------------------------------------------------------
// Writing in bulk

#[derive(FromRow)]
pub(crate) struct Held {
    pub accounts: i64,
    pub people: i64,
}

/// How many accounts and people the vault holds, trash included.
pub(crate) async fn held(conn: &mut SqliteConnection) -> Result<Held> {
    // A count is never null.
    Ok(sqlx::query_as!(
        Held,
        r#"SELECT (SELECT count(*) FROM accounts) AS "accounts!: i64", (SELECT count(*) FROM people) AS "people!: i64""#
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// Foreign keys are checked at commit, not per row: a bulk load may name a
/// row that comes later in its stream.
pub(crate) async fn defer_foreign_keys(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query!("PRAGMA defer_foreign_keys = ON").execute(&mut *conn).await?;
    Ok(())
}

/// Gives a blueprint row the timestamps and trash state its record says.
pub(crate) async fn set_blueprint_stamps(
    conn: &mut SqliteConnection,
    id: &str,
    created_at: &str,
    updated_at: &str,
    deleted_at: Option<&str>,
) -> Result<()> {
    sqlx::query!(
        "UPDATE blueprints SET created_at = ?2, updated_at = ?3, deleted_at = ?4 WHERE id = ?1",
        id,
        created_at,
        updated_at,
        deleted_at
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Fills in the settings the vault does not have yet; one already set in the
/// vault (say, your own name in a new vault) is kept.
pub(crate) async fn fill_settings(conn: &mut SqliteConnection, settings: &SettingsRecord) -> Result<()> {
    for (key, value) in settings.pairs() {
        sqlx::query!("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING", key, value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// SQLite's limit on bound parameters in one statement.
const MAX_PARAMETERS: usize = 32766;
/// Rows per multi-row INSERT: fewer round trips to SQLite, and the same
/// statement text (prepared once) for every full chunk.
const ROWS_PER_STATEMENT: usize = 64;

/// A row of one table, for [`insert`].
pub(crate) trait Inserted {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    /// Binds the row's values in the order of `COLUMNS`.
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>);
}

/// Why a row was refused.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// A UNIQUE constraint, with SQLite's message (it names the columns).
    Unique(String),
    /// Another constraint (CHECK, NOT NULL), with SQLite's message.
    Constraint(String),
    Other(Error),
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Unique(e.to_string()),
            sqlx::Error::Database(db) if db.message().contains("constraint") => {
                Self::Constraint(db.message().to_string())
            }
            _ => Self::Other(Error::from(e)),
        }
    }
}

/// Inserts rows in multi-row statements. When a statement fails (it changes
/// nothing), its rows are retried one by one to find the one at fault, whose
/// index in `rows` comes back with the refusal.
pub(crate) async fn insert<T: Inserted>(
    conn: &mut SqliteConnection,
    rows: &[T],
) -> std::result::Result<(), (usize, Refusal)> {
    let per_statement = ROWS_PER_STATEMENT.min(MAX_PARAMETERS / T::COLUMNS.len());
    for (n, chunk) in rows.chunks(per_statement).enumerate() {
        if insert_chunk(conn, chunk).await.is_err() {
            for (i, row) in chunk.iter().enumerate() {
                if let Err(e) = insert_chunk(conn, std::slice::from_ref(row)).await {
                    return Err((n * per_statement + i, e.into()));
                }
            }
        }
    }
    Ok(())
}

async fn insert_chunk<T: Inserted>(conn: &mut SqliteConnection, rows: &[T]) -> sqlx::Result<()> {
    let mut query = QueryBuilder::<Sqlite>::new(format!("INSERT INTO {} ({}) ", T::TABLE, T::COLUMNS.join(", ")));
    query.push_values(rows, |mut values, row| row.bind(&mut values));
    query.build().execute(&mut *conn).await?;
    Ok(())
}

impl Inserted for AccountRecord {
    const TABLE: &'static str = "accounts";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "tier",
        "status",
        "industry",
        "region",
        "currency",
        "annual_revenue",
        "annual_margin",
        "owner_id",
        "sponsor_id",
        "business_environment",
        "customer_strategy",
        "mutual_goals",
        "last_customer_review",
        "next_customer_review",
        "last_internal_review",
        "next_internal_review",
        "cadence_days",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.name)
            .push_bind(&self.tier)
            .push_bind(&self.status)
            .push_bind(&self.industry)
            .push_bind(&self.region)
            .push_bind(&self.currency)
            .push_bind(self.annual_revenue)
            .push_bind(self.annual_margin)
            .push_bind(&self.owner_id)
            .push_bind(&self.sponsor_id)
            .push_bind(&self.business_environment)
            .push_bind(&self.customer_strategy)
            .push_bind(&self.mutual_goals)
            .push_bind(&self.last_customer_review)
            .push_bind(&self.next_customer_review)
            .push_bind(&self.last_internal_review)
            .push_bind(&self.next_internal_review)
            .push_bind(self.cadence_days)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

impl Inserted for PersonRecord {
    const TABLE: &'static str = "people";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "side",
        "account_id",
        "name",
        "title",
        "function",
        "department",
        "org_level",
        "reports_to_id",
        "decision_role",
        "disposition",
        "email",
        "phone",
        "notes",
        "active",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.side)
            .push_bind(&self.account_id)
            .push_bind(&self.name)
            .push_bind(&self.title)
            .push_bind(&self.function)
            .push_bind(&self.department)
            .push_bind(self.org_level)
            .push_bind(&self.reports_to_id)
            .push_bind(&self.decision_role)
            .push_bind(&self.disposition)
            .push_bind(&self.email)
            .push_bind(&self.phone)
            .push_bind(&self.notes)
            .push_bind(self.active)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

impl Inserted for ConnectionRecord {
    const TABLE: &'static str = "connections";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "account_id",
        "ours_id",
        "theirs_id",
        "dimension",
        "intermediary",
        "strength",
        "cadence_days",
        "notes",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.account_id)
            .push_bind(&self.ours_id)
            .push_bind(&self.theirs_id)
            .push_bind(&self.dimension)
            .push_bind(&self.intermediary)
            .push_bind(self.strength)
            .push_bind(self.cadence_days)
            .push_bind(&self.notes)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

impl Inserted for InteractionRecord {
    const TABLE: &'static str = "interactions";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "account_id",
        "occurred_on",
        "kind",
        "summary",
        "outcomes",
        "follow_ups",
        "private",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.account_id)
            .push_bind(&self.occurred_on)
            .push_bind(&self.kind)
            .push_bind(&self.summary)
            .push_bind(&self.outcomes)
            .push_bind(&self.follow_ups)
            .push_bind(self.private)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

/// One person who took part in an interaction: (interaction id, person id).
pub(crate) struct InteractionPerson<'a>(pub &'a str, pub &'a str);

impl Inserted for InteractionPerson<'_> {
    const TABLE: &'static str = "interaction_people";
    const COLUMNS: &'static [&'static str] = &["interaction_id", "person_id"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(self.0).push_bind(self.1);
    }
}

impl Inserted for MeetingRecord {
    const TABLE: &'static str = "meetings";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "account_id",
        "title",
        "kind",
        "starts_local",
        "ends_local",
        "time_zone",
        "starts_utc",
        "ends_utc",
        "location",
        "trip",
        "objective",
        "value_proposition",
        "asks",
        "talking_points",
        "sensitivities",
        "logistics",
        "state",
        "revision",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.account_id)
            .push_bind(&self.title)
            .push_bind(&self.kind)
            .push_bind(&self.starts_local)
            .push_bind(&self.ends_local)
            .push_bind(&self.time_zone)
            .push_bind(&self.starts_utc)
            .push_bind(&self.ends_utc)
            .push_bind(&self.location)
            .push_bind(&self.trip)
            .push_bind(&self.objective)
            .push_bind(&self.value_proposition)
            .push_bind(&self.asks)
            .push_bind(&self.talking_points)
            .push_bind(&self.sensitivities)
            .push_bind(&self.logistics)
            .push_bind(&self.state)
            .push_bind(self.revision)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

/// One attendee of a meeting: (meeting id, person id).
pub(crate) struct MeetingAttendee<'a>(pub &'a str, pub &'a str);

impl Inserted for MeetingAttendee<'_> {
    const TABLE: &'static str = "meeting_attendees";
    const COLUMNS: &'static [&'static str] = &["meeting_id", "person_id"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(self.0).push_bind(self.1);
    }
}

impl Inserted for MeetingEventRecord {
    const TABLE: &'static str = "meeting_events";
    const COLUMNS: &'static [&'static str] =
        &["n", "meeting_id", "at", "actor", "action", "from_state", "to_state", "body", "reply_to"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(self.n)
            .push_bind(&self.meeting_id)
            .push_bind(&self.at)
            .push_bind(&self.actor)
            .push_bind(&self.action)
            .push_bind(&self.from_state)
            .push_bind(&self.to_state)
            .push_bind(&self.body)
            .push_bind(self.reply_to);
    }
}

impl Inserted for FeedbackRecord {
    const TABLE: &'static str = "feedback";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "account_id",
        "person_id",
        "received_on",
        "channel",
        "text",
        "theme",
        "state",
        "change",
        "visible_on",
        "reconsider_on",
        "reason",
        "thanked_on",
        "thanked_how",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.account_id)
            .push_bind(&self.person_id)
            .push_bind(&self.received_on)
            .push_bind(&self.channel)
            .push_bind(&self.text)
            .push_bind(&self.theme)
            .push_bind(&self.state)
            .push_bind(&self.change)
            .push_bind(&self.visible_on)
            .push_bind(&self.reconsider_on)
            .push_bind(&self.reason)
            .push_bind(&self.thanked_on)
            .push_bind(&self.thanked_how)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

impl Inserted for FeedbackEventRecord {
    const TABLE: &'static str = "feedback_events";
    const COLUMNS: &'static [&'static str] =
        &["n", "feedback_id", "at", "actor", "action", "from_state", "to_state", "note"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(self.n)
            .push_bind(&self.feedback_id)
            .push_bind(&self.at)
            .push_bind(&self.actor)
            .push_bind(&self.action)
            .push_bind(&self.from_state)
            .push_bind(&self.to_state)
            .push_bind(&self.note);
    }
}

impl Inserted for StoryRecord {
    const TABLE: &'static str = "stories";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "account_id",
        "kind",
        "title",
        "department",
        "occurred_on",
        "impact",
        "failure",
        "resolved",
        "lesson",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.account_id)
            .push_bind(&self.kind)
            .push_bind(&self.title)
            .push_bind(&self.department)
            .push_bind(&self.occurred_on)
            .push_bind(&self.impact)
            .push_bind(&self.failure)
            .push_bind(self.resolved)
            .push_bind(&self.lesson)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

impl Inserted for PersonRoleRecord {
    const TABLE: &'static str = "person_roles";
    const COLUMNS: &'static [&'static str] =
        &["id", "person_id", "account_id", "title", "from_on", "until_on", "created_at", "updated_at"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.person_id)
            .push_bind(&self.account_id)
            .push_bind(&self.title)
            .push_bind(&self.from_on)
            .push_bind(&self.until_on)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at);
    }
}

impl Inserted for CommitmentRecord {
    const TABLE: &'static str = "commitments";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "account_id",
        "side",
        "by_person_id",
        "to_person_id",
        "what",
        "made_on",
        "due_on",
        "meeting_id",
        "interaction_id",
        "state",
        "kept_on",
        "dropped_reason",
        "created_at",
        "updated_at",
        "deleted_at",
    ];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.id)
            .push_bind(&self.account_id)
            .push_bind(&self.side)
            .push_bind(&self.by_person_id)
            .push_bind(&self.to_person_id)
            .push_bind(&self.what)
            .push_bind(&self.made_on)
            .push_bind(&self.due_on)
            .push_bind(&self.meeting_id)
            .push_bind(&self.interaction_id)
            .push_bind(&self.state)
            .push_bind(&self.kept_on)
            .push_bind(&self.dropped_reason)
            .push_bind(&self.created_at)
            .push_bind(&self.updated_at)
            .push_bind(&self.deleted_at);
    }
}

impl Inserted for OwnershipAnswerRecord {
    const TABLE: &'static str = "ownership_answers";
    const COLUMNS: &'static [&'static str] = &["account_id", "question", "answer", "updated_at"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.account_id).push_bind(&self.question).push_bind(&self.answer).push_bind(&self.updated_at);
    }
}

impl Inserted for HealthRecord {
    const TABLE: &'static str = "health_history";
    const COLUMNS: &'static [&'static str] = &["account_id", "on_date", "score", "parts"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        // Stored as `record_health` writes it: compact JSON pairs.
        let parts = serde_json::to_string(&self.parts).expect("pairs of text and numbers serialise");
        row.push_bind(&self.account_id).push_bind(&self.on_date).push_bind(self.score).push_bind(parts);
    }
}

/// Restored as someone's edits, after the records they describe; the log
/// numbers them anew, in the order given.
impl Inserted for ChangeRecord {
    const TABLE: &'static str = "changes";
    const COLUMNS: &'static [&'static str] =
        &["at", "who", "mode", "action", "entity", "entity_id", "account_id", "fields"];
    fn bind(&self, row: &mut Separated<'_, Sqlite, &'static str>) {
        row.push_bind(&self.at)
            .push_bind(&self.who)
            .push_bind("edit")
            .push_bind(&self.action)
            .push_bind(&self.entity)
            .push_bind(&self.entity_id)
            .push_bind(&self.account_id)
            .push_bind(self.fields.as_ref().map(ChangedFields::to_stored));
    }
}
