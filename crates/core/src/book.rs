//! The JSON interchange format for a whole book of business (docs/FORMAT.md):
//! export to a file, import into an empty vault.
//!
//! Both directions stream. Export pages through each table by id inside one
//! read transaction and writes one record per line. Import parses on a blocking
//! thread with a `DeserializeSeed` that takes arrays element by element,
//! validates each record as it arrives and sends batches over a bounded channel
//! to the inserter, which holds one write transaction: a bad record anywhere
//! rolls everything back. Memory stays flat: what is kept is an index of
//! accounts, people, meetings and feedback (to check references, the review
//! record and the feedback loops) and the periods of the blueprints, never
//! the interactions. A blueprint is one record holding its whole aggregate,
//! checked as the app would have made it and written through the blueprint
//! store. Feedback comes with the steps of its loop, checked like a meeting's
//! review record; stories, the ownership check and the health history (kept
//! as written: a past day's score cannot be worked out again) follow, then
//! the change log's edits (entries of people's own changes; what an import
//! loaded is logged anew by the import that reads the book).
//!
//! The rows and their SQL live in the store ([`crate::store::book`]); this
//! module holds the file's shape and its rules, which are the forms' own
//! checks and the domain's vocabularies ([`crate::kinds`] and the enums of
//! meetings, care and the change log), plus what only a whole file can say
//! (references, order, the exact stored form of each value).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Write};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserializer, Serialize};
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::mpsc;

use crate::accounts::{AccountInput, Tier};
use crate::blueprint::{self, Blueprint, Goal};
use crate::care::account::OwnershipQuestion;
use crate::care::feedback::{self, FeedbackAction, FeedbackChannel, FeedbackState, FeedbackStep, ThanksHow};
use crate::care::health::HealthPart;
use crate::care::story::{self, Failure, StoryKind};
use crate::changes::ChangeAction;
use crate::connections::ConnectionInput;
use crate::error::{Error, Result};
use crate::interactions::InteractionInput;
use crate::kinds::{
    AccountStatus, CADENCE_DAYS, CommitmentState, DecisionRole, Dimension, Disposition, Function, InteractionKind,
    MeetingKind, STRENGTH, Side,
};
use crate::meetings::MeetingInput;
use crate::meetings::gate::{self, GateAction, MeetingState};
use crate::people::PersonInput;
use crate::store::book::{self as store, Refusal};
use crate::text::{self, timestamp};

/// The `format` value every book file starts with.
pub const FORMAT: &str = "rapport-book";
/// The newest version this build reads and the one it writes.
pub const VERSION: u64 = 1;

/// Records per message from the parser to the inserter; with the channel's
/// capacity this bounds what import holds in memory.
const BATCH: usize = 500;
const CHANNEL_BATCHES: usize = 4;
/// Rows per page when exporting.
const PAGE: i64 = 2000;
/// Blueprints per message: each is a whole aggregate (up to thousands of ideas).
const BLUEPRINT_BATCH: usize = 16;

pub use crate::store::book::CommitmentRecord;
pub use crate::store::book::{
    AccountRecord, ChangeRecord, ChangedFields, ConnectionRecord, FeedbackEventRecord, FeedbackRecord, HealthRecord,
    InteractionRecord, MeetingEventRecord, MeetingRecord, OwnershipAnswerRecord, PersonRecord, PersonRoleRecord,
    SettingsRecord, StoryRecord,
};

/// One blueprint: the whole aggregate as [`Blueprint`] serialises it (ideas,
/// ballots, goals, reviews, the approved snapshots and the check-ins), then
/// the row's timestamps.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct BlueprintRecord {
    #[serde(flatten)]
    pub blueprint: crate::blueprint::Blueprint,
    #[serde(default, deserialize_with = "crate::store::book::null_as_empty")]
    pub created_at: String,
    #[serde(default, deserialize_with = "crate::store::book::null_as_empty")]
    pub updated_at: String,
    #[serde(default)]
    pub deleted_at: Option<String>,
}

/// How many records of each kind an export wrote or an import stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BookCounts {
    pub accounts: u64,
    pub people: u64,
    pub connections: u64,
    pub interactions: u64,
    pub meetings: u64,
    /// Steps in the meetings' review records.
    pub meeting_events: u64,
    pub blueprints: u64,
    pub feedback: u64,
    /// Steps in the feedback loops.
    pub feedback_events: u64,
    pub stories: u64,
    pub ownership_answers: u64,
    /// Recorded health scores, one per account per day.
    pub health_history: u64,
    /// What each side promised the other.
    pub commitments: u64,
}

impl fmt::Display for BookCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} accounts, {} people, {} connections, {} interactions, {} meetings, {} blueprints, {} feedback, \
             {} stories",
            self.accounts,
            self.people,
            self.connections,
            self.interactions,
            self.meetings,
            self.blueprints,
            self.feedback,
            self.stories
        )
    }
}

// ---------------------------------------------------------------------------
// Export

fn write_err(source: std::io::Error) -> Error {
    Error::Io { action: "writing", path: "the export".into(), source }
}

/// Writes the whole book, trash included, as a version-1 book file. Reads one
/// consistent snapshot; holds one page of rows at a time. Wrap `out` in a
/// `BufWriter`.
pub async fn export<W: Write>(pool: &SqlitePool, mut out: W, now: DateTime<Utc>) -> Result<BookCounts> {
    let mut tx = pool.begin().await?;
    let mut counts = BookCounts::default();
    write!(out, "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"exported_at\":\"{}\"", timestamp(now))
        .map_err(write_err)?;

    counts.accounts = export_records::<AccountRecord, _>(&mut tx, &mut out, "accounts", Always).await?;
    counts.people = export_records::<PersonRecord, _>(&mut tx, &mut out, "people", Always).await?;
    // Left out when nobody has moved, so a book without moves exports as it did.
    export_records::<PersonRoleRecord, _>(&mut tx, &mut out, "person_roles", WhenAny).await?;
    counts.connections = export_records::<ConnectionRecord, _>(&mut tx, &mut out, "connections", Always).await?;
    counts.interactions = export_records::<InteractionRecord, _>(&mut tx, &mut out, "interactions", Always).await?;
    counts.meetings = export_records::<MeetingRecord, _>(&mut tx, &mut out, "meetings", Always).await?;
    counts.meeting_events =
        export_records::<MeetingEventRecord, _>(&mut tx, &mut out, "meeting_events", Always).await?;
    counts.blueprints = export_blueprints(&mut tx, &mut out).await?;
    counts.feedback = export_records::<FeedbackRecord, _>(&mut tx, &mut out, "feedback", Always).await?;
    counts.feedback_events =
        export_records::<FeedbackEventRecord, _>(&mut tx, &mut out, "feedback_events", Always).await?;
    counts.stories = export_records::<StoryRecord, _>(&mut tx, &mut out, "stories", Always).await?;
    counts.ownership_answers =
        export_records::<OwnershipAnswerRecord, _>(&mut tx, &mut out, "ownership_answers", Always).await?;
    counts.health_history = export_records::<HealthRecord, _>(&mut tx, &mut out, "health_history", Always).await?;
    // Left out when there is none, so a book without them exports as it did.
    counts.commitments = export_records::<CommitmentRecord, _>(&mut tx, &mut out, "commitments", WhenAny).await?;
    // Left out when there is none, so a book from before the change log
    // exports as it did.
    export_records::<ChangeRecord, _>(&mut tx, &mut out, "changes", WhenAny).await?;

    let settings = store::settings(&mut tx).await?;
    out.write_all(b",\n\"settings\":").map_err(write_err)?;
    serde_json::to_writer(&mut out, &settings).map_err(|e| write_err(e.into()))?;

    out.write_all(b"}\n").map_err(write_err)?;
    out.flush().map_err(write_err)?;
    tx.commit().await?;
    Ok(counts)
}

/// Whether an array with no records is written (`[]`) or left out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Empty {
    Always,
    WhenAny,
}
use Empty::{Always, WhenAny};

/// Writes `,"name":[` then one record per line, in key order, a page at a
/// time.
async fn export_records<T: store::Exported, W: Write>(
    conn: &mut SqliteConnection,
    out: &mut W,
    name: &str,
    empty: Empty,
) -> Result<u64> {
    let mut after = T::START;
    let mut count = 0u64;
    if empty == Always {
        write!(out, ",\n\"{name}\":[").map_err(write_err)?;
    }
    loop {
        let records = store::page::<T>(conn, &after, PAGE).await?;
        let Some(last) = records.last() else { break };
        after = last.after();
        if count == 0 && empty == WhenAny {
            write!(out, ",\n\"{name}\":[").map_err(write_err)?;
        }
        for record in &records {
            write_record(out, &mut count, record)?;
        }
        if records.len() < PAGE as usize {
            break;
        }
    }
    if count > 0 || empty == Always {
        out.write_all(if count == 0 { b"]" } else { b"\n]" }).map_err(write_err)?;
    }
    Ok(count)
}

/// Writes `,"blueprints":[` then one whole aggregate per line, by id, the
/// trash included. Each is loaded through the blueprint store, so the file
/// holds exactly what the app works on.
async fn export_blueprints<W: Write>(conn: &mut SqliteConnection, out: &mut W) -> Result<u64> {
    out.write_all(b",\n\"blueprints\":[").map_err(write_err)?;
    let mut after = String::new();
    let mut count = 0u64;
    loop {
        let rows = store::blueprints_after(conn, &after, PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = last.id.clone();
        let full = rows.len() == PAGE as usize;
        for row in rows {
            let blueprint = blueprint::store::get_with_trash(conn, &row.id).await?;
            let record = BlueprintRecord {
                blueprint,
                created_at: row.created_at,
                updated_at: row.updated_at,
                deleted_at: row.deleted_at,
            };
            write_record(out, &mut count, &record)?;
        }
        if !full {
            break;
        }
    }
    out.write_all(if count == 0 { b"]" } else { b"\n]" }).map_err(write_err)?;
    Ok(count)
}

/// One record on its own line, after a comma unless it is the first.
fn write_record<T: Serialize, W: Write>(out: &mut W, count: &mut u64, record: &T) -> Result<()> {
    out.write_all(if *count == 0 { b"\n" } else { b",\n" }).map_err(write_err)?;
    serde_json::to_writer(&mut *out, record).map_err(|e| write_err(e.into()))?;
    *count += 1;
    Ok(())
}

// ---------------------------------------------------------------------------
// Import

/// What the parser sends the inserter. `first` is the index in the file of the
/// batch's first record, for error messages.
pub(crate) enum Batch {
    Accounts { first: usize, rows: Vec<AccountRecord> },
    People { first: usize, rows: Vec<PersonRecord> },
    PersonRoles { first: usize, rows: Vec<PersonRoleRecord> },
    Connections { first: usize, rows: Vec<ConnectionRecord> },
    Interactions { first: usize, rows: Vec<InteractionRecord> },
    Meetings { first: usize, rows: Vec<MeetingRecord> },
    MeetingEvents { first: usize, rows: Vec<MeetingEventRecord> },
    Blueprints { first: usize, rows: Vec<BlueprintRecord> },
    Feedback { first: usize, rows: Vec<FeedbackRecord> },
    FeedbackEvents { first: usize, rows: Vec<FeedbackEventRecord> },
    Stories { first: usize, rows: Vec<StoryRecord> },
    OwnershipAnswers { first: usize, rows: Vec<OwnershipAnswerRecord> },
    HealthHistory { first: usize, rows: Vec<HealthRecord> },
    Commitments { first: usize, rows: Vec<CommitmentRecord> },
    Changes { first: usize, rows: Vec<ChangeRecord> },
    Settings(SettingsRecord),
}

/// Reads a book file into an empty vault, all or nothing. Every record is
/// checked; the first problem found is returned as a validation error on the
/// field "file", naming the record (kind, index, id) and its field.
pub async fn import<R: Read + Send + 'static>(pool: &SqlitePool, reader: R, now: DateTime<Utc>) -> Result<BookCounts> {
    let mut conn = crate::db::bulk_connection(pool).await?;
    let mut tx = crate::db::begin_write_on(&mut conn, crate::db::Stamp::Import(now)).await?;
    ensure_empty(&mut tx, "file").await?;
    // Accounts name their owner and sponsor, who come later in the file, and a
    // person may report to someone listed after them: check foreign keys at
    // commit. The parser has already checked every reference.
    store::defer_foreign_keys(&mut tx).await?;
    crate::store::bulk::set_aside(&mut tx).await?;

    let (send, mut receive) = mpsc::channel::<Batch>(CHANNEL_BATCHES);
    let today = (now + chrono::Duration::hours(14)).date_naive();
    let parser = tokio::task::spawn_blocking(move || parse(reader, &send, today));

    let mut inserted = Ok(());
    while let Some(batch) = receive.recv().await {
        if let Err(e) = insert_batch(&mut tx, &batch).await {
            inserted = Err(e);
            break;
        }
    }
    // Dropping the receiver makes a parser still running stop at its next send.
    drop(receive);
    let parsed = parser.await.map_err(|e| Error::Internal(format!("the import stopped: {e}")))?;
    inserted?;
    let counts = parsed?;

    refresh_summaries(&mut tx, now).await?;
    tx.commit().await.map_err(|e| {
        let e = Error::from(e);
        match &e {
            Error::Database(m) if m.contains("FOREIGN KEY") => {
                Error::validation("file", format!("a record refers to one that is not in the file ({m})"))
            }
            _ => e,
        }
    })?;
    Ok(counts)
}

/// A book is empty when it has no accounts and no people, trash included.
pub(crate) async fn ensure_empty(conn: &mut SqliteConnection, field: &'static str) -> Result<()> {
    let store::Held { accounts, people } = store::held(conn).await?;
    if accounts > 0 || people > 0 {
        return Err(Error::validation(
            field,
            format!(
                "this vault already holds {accounts} accounts and {people} people (trash included); \
                 a book is loaded only into an empty vault: create a new vault for it"
            ),
        ));
    }
    Ok(())
}

/// Recomputes the derived per-account summaries after a bulk load, once its
/// records are in: the insert triggers the load set aside come back first
/// (`store::bulk`). The records keep their own timestamps; `now` is not
/// stamped on anything.
pub(crate) async fn refresh_summaries(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<()> {
    let _ = now;
    crate::store::bulk::put_back(conn).await?;
    crate::summary::refresh_all(conn).await
}

/// Where the parser is, for messages: the array and the element's index.
#[derive(Clone, Copy)]
struct Place {
    kind: &'static str,
    index: Option<usize>,
}

struct Parse<'a> {
    place: Cell<Place>,
    /// A validation failure found inside serde's callbacks, which can only
    /// return serde errors: kept here and returned instead.
    failure: RefCell<Option<Error>>,
    index: RefCell<Index>,
    send: &'a mpsc::Sender<Batch>,
    counts: Cell<BookCounts>,
    /// For the forms' "not in the future" rules: the latest day it is
    /// anywhere on Earth, so a book written east of here is not refused.
    today: NaiveDate,
}

#[derive(Clone, Copy)]
struct PersonEntry {
    index: u32,
    theirs: bool,
    account: u128,
    reports_to: Option<u128>,
}

/// A meeting as import remembers it, to check its review record.
#[derive(Clone, Copy)]
struct MeetingEntry {
    index: u32,
    /// The state the meeting says it is in.
    state: MeetingState,
    /// Where its review record has taken it so far (draft before any step).
    reached: MeetingState,
}

/// A piece of feedback as import remembers it, to check its loop.
#[derive(Clone, Copy)]
struct FeedbackEntry {
    index: u32,
    /// The state the feedback says it is in.
    state: FeedbackState,
    /// Where its steps have taken it so far (new before any step).
    reached: FeedbackState,
    /// Its `thanked_on` is set, and a thank-you step has been read.
    thanked: bool,
    thank_step: bool,
}

/// What import keeps in memory: accounts, people, meetings and feedback, to
/// check references, and the questions asked so far, for answers.
#[derive(Default)]
struct Index {
    accounts: HashMap<u128, (u32, Option<u128>, Option<u128>)>,
    people: HashMap<u128, PersonEntry>,
    meetings: HashMap<u128, MeetingEntry>,
    /// Challenge events by `n`, with their meeting.
    questions: HashMap<i64, u128>,
    /// The `n` of the last event read.
    last_event: i64,
    blueprints: HashMap<u128, ()>,
    /// The periods of each account's live blueprints: first day, last day, index.
    periods: HashMap<u128, Vec<(NaiveDate, NaiveDate, usize)>>,
    feedback: HashMap<u128, FeedbackEntry>,
    /// The `n` of the last feedback event read.
    last_feedback_event: i64,
    /// (person, account) for every role someone held at a customer: a person
    /// who moved on stays on what they took part in there.
    roles: std::collections::HashSet<(u128, u128)>,
}

impl Index {
    /// Whether the person held a role at the account at some time.
    fn held(&self, person: u128, account: u128) -> bool {
        self.roles.contains(&(person, account))
    }
}

fn record_error(kind: &str, index: usize, id: &str, problem: &str) -> Error {
    let id = if id.is_empty() { String::new() } else { format!(" (id {id})") };
    Error::validation("file", format!("{kind}[{index}]{id}: {problem}"))
}

/// [`record_error`] for records without an id of their own, named by `label`
/// (their account and key).
fn keyed_error(kind: &str, index: usize, label: &str, problem: &str) -> Error {
    Error::validation("file", format!("{kind}[{index}] ({label}): {problem}"))
}

fn parse<R: Read>(reader: R, send: &mpsc::Sender<Batch>, today: NaiveDate) -> Result<BookCounts> {
    let state = Parse {
        today,
        place: Cell::new(Place { kind: "", index: None }),
        failure: RefCell::new(None),
        index: RefCell::new(Index::default()),
        send,
        counts: Cell::new(BookCounts::default()),
    };
    let reader = book_text(reader)?;
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let parsed = TopSeed(&state).deserialize(&mut de).and_then(|()| de.end());
    match parsed {
        Ok(()) => Ok(state.counts.get()),
        Err(e) => Err(state.failure.take().unwrap_or_else(|| json_error(&e, state.place.get()))),
    }
}

fn json_error(e: &serde_json::Error, place: Place) -> Error {
    use serde_json::error::Category;
    let at = match place {
        Place { kind, index: Some(i) } => format!("{kind}[{i}]: "),
        Place { kind, index: None } if !kind.is_empty() => format!("{kind}: "),
        _ => String::new(),
    };
    let message = match e.classify() {
        // serde_json reads bytes that are not UTF-8 as a bad code point.
        Category::Syntax if e.to_string().starts_with("invalid unicode code point") => format!(
            "line {}, column {}: the file is not UTF-8 text (it may be saved as Windows-1252 or Latin-1); \
             save it as UTF-8 and import it again",
            e.line(),
            e.column()
        ),
        Category::Syntax | Category::Eof => format!("{at}the file is not valid JSON: {e}"),
        Category::Io => format!("cannot read the file: {e}"),
        Category::Data => format!("{at}{e}"),
    };
    Error::validation("file", message)
}

/// The book's bytes as UTF-8 text. A UTF-8 byte-order mark is skipped and
/// UTF-16 with a byte-order mark is decoded as it streams (Windows tools
/// write both); UTF-32 and UTF-16 without a mark are refused by name rather
/// than reported as broken JSON.
fn book_text<'r, R: Read + 'r>(mut reader: R) -> Result<Box<dyn Read + 'r>> {
    let mut head = [0u8; 4];
    let mut len = 0;
    while len < head.len() {
        match reader.read(&mut head[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::validation("file", format!("cannot read the file: {e}"))),
        }
    }
    let head = &head[..len];
    let not_text = |what: &str| {
        Error::validation(
            "file",
            format!(
                "the file is not UTF-8 text: it is {what}; save the book as UTF-8 (as Rapport exports it) and import it again"
            ),
        )
    };
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(not_text("UTF-32, which Rapport does not read"));
    }
    let rest = |skip: usize| std::io::Cursor::new(head[skip..].to_vec());
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Box::new(rest(3).chain(reader)));
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(Box::new(Utf16::new(rest(2).chain(reader), false)));
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok(Box::new(Utf16::new(rest(2).chain(reader), true)));
    }
    if head.contains(&0) {
        return Err(not_text("UTF-16 without a byte-order mark, or binary"));
    }
    Ok(Box::new(rest(0).chain(reader)))
}

/// Decodes UTF-16 into UTF-8 as it is read, one chunk at a time.
struct Utf16<R> {
    inner: R,
    big_endian: bool,
    /// Bytes read but not decoded yet: half a unit, or a high surrogate
    /// waiting for its pair.
    carry: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Utf16<R> {
    fn new(inner: R, big_endian: bool) -> Self {
        Self { inner, big_endian, carry: Vec::new(), out: Vec::new(), at: 0, done: false }
    }

    fn fill(&mut self) -> std::io::Result<()> {
        let broken = |why: &str| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("the file says it is UTF-16 but {why}; save the book as UTF-8 and import it again"),
            )
        };
        let mut raw = std::mem::take(&mut self.carry);
        let start = raw.len();
        raw.resize(start + (1 << 16), 0);
        let n = loop {
            match self.inner.read(&mut raw[start..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                other => break other?,
            }
        };
        raw.truncate(start + n);
        self.done = n == 0;
        let whole = raw.len() / 2 * 2;
        let mut units: Vec<u16> = raw[..whole]
            .chunks_exact(2)
            .map(|p| if self.big_endian { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) })
            .collect();
        self.carry = raw[whole..].to_vec();
        if self.done && !self.carry.is_empty() {
            return Err(broken("has an odd number of bytes, so it is cut short"));
        }
        if !self.done && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            units.pop();
            self.carry.splice(0..0, raw[whole - 2..whole].iter().copied());
        }
        self.out.clear();
        self.at = 0;
        for c in char::decode_utf16(units) {
            let c = c.map_err(|_| broken("holds a broken character (an unpaired surrogate)"))?;
            let mut buf = [0u8; 4];
            self.out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Parse<'_> {
    fn fail<E: de::Error>(&self, error: Error) -> E {
        *self.failure.borrow_mut() = Some(error);
        E::custom("invalid record")
    }

    fn send<E: de::Error>(&self, batch: Batch) -> std::result::Result<(), E> {
        // A closed channel means the inserter failed: its error is the one reported.
        self.send.blocking_send(batch).map_err(|_| E::custom("the import stopped"))
    }
}

struct TopSeed<'a, 'b>(&'a Parse<'b>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Rapport book: a JSON object starting with \"format\": \"rapport-book\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let state = self.0;
        let header = |msg: String| state.fail::<A::Error>(Error::validation("file", msg));
        // 0: nothing read, 1: format read, 2: version read, 3..: the arrays in order.
        let mut stage = 0u8;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    if stage != 0 {
                        return Err(header("\"format\" must be the first field of the file".into()));
                    }
                    let format: String = map.next_value().map_err(|_| header(not_a_book()))?;
                    if format != FORMAT {
                        return Err(header(format!(
                            "format: this is not a Rapport book (format is \"{format}\", expected \"{FORMAT}\")"
                        )));
                    }
                    stage = 1;
                }
                "version" => {
                    if stage != 1 {
                        return Err(header(not_a_book()));
                    }
                    let version: u64 =
                        map.next_value().map_err(|_| header("version: must be a whole number such as 1".into()))?;
                    if version > VERSION {
                        return Err(header(format!(
                            "version: this book is format version {version}, written by a newer Rapport; \
                             this Rapport reads up to version {VERSION}: update Rapport to import it"
                        )));
                    }
                    if version == 0 {
                        return Err(header("version: must be 1 or more".into()));
                    }
                    stage = 2;
                }
                name if name == "settings" || Kind::ALL.iter().any(|k| k.name() == name) => {
                    if stage < 2 {
                        return Err(header(not_a_book()));
                    }
                    // Ranks follow the header's: the arrays in file order, then the settings.
                    let position = Kind::ALL.iter().position(|k| k.name() == name);
                    let rank = 3 + position.unwrap_or(Kind::ALL.len()) as u8;
                    if rank <= stage {
                        // Commitments, the roles of people who moved and the change log are optional and named
                        // apart, so the list reads as it did before them.
                        let order: Vec<&str> = Kind::ALL
                            .iter()
                            .filter(|k| !matches!(k, Kind::Changes | Kind::PersonRoles | Kind::Commitments))
                            .map(|k| k.name())
                            .collect();
                        return Err(header(format!(
                            "\"{key}\" is out of place: the arrays must come in the order {}, then settings, each \
                             once (person_roles, when the book has them, just after people; commitments and then \
                             changes, when the book has them, just before settings)",
                            order.join(", ")
                        )));
                    }
                    if stage < 4 && rank > 4 {
                        // People were skipped: the account references still need checking.
                        finish_people(state).map_err(|e| state.fail::<A::Error>(e))?;
                    }
                    stage = rank;
                    match position {
                        None => {
                            state.place.set(Place { kind: "settings", index: None });
                            let settings: Option<SettingsRecord> = map.next_value()?;
                            let settings = settings.unwrap_or_default();
                            check_settings(&settings).map_err(|e| state.fail::<A::Error>(e))?;
                            state.send(Batch::Settings(settings))?;
                        }
                        Some(at) => map.next_value_seed(ArraySeed { state, kind: Kind::ALL[at] })?,
                    }
                    state.place.set(Place { kind: "", index: None });
                }
                _ => {
                    if stage < 2 {
                        return Err(header(not_a_book()));
                    }
                    // Unknown fields are ignored: a later minor addition must not break this reader.
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if stage < 2 {
            return Err(header(not_a_book()));
        }
        if stage < 4 {
            finish_people(state).map_err(|e| state.fail::<A::Error>(e))?;
        }
        finish_meetings(state).map_err(|e| state.fail::<A::Error>(e))?;
        finish_feedback(state).map_err(|e| state.fail::<A::Error>(e))?;
        Ok(())
    }
}

fn not_a_book() -> String {
    format!("this is not a Rapport book: the file must start with \"format\": \"{FORMAT}\" and then \"version\"")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Accounts,
    People,
    PersonRoles,
    Connections,
    Interactions,
    Meetings,
    MeetingEvents,
    Blueprints,
    Feedback,
    FeedbackEvents,
    Stories,
    OwnershipAnswers,
    HealthHistory,
    Commitments,
    Changes,
}

impl Kind {
    /// Every array, in the order a file holds them.
    const ALL: [Kind; 15] = [
        Self::Accounts,
        Self::People,
        Self::PersonRoles,
        Self::Connections,
        Self::Interactions,
        Self::Meetings,
        Self::MeetingEvents,
        Self::Blueprints,
        Self::Feedback,
        Self::FeedbackEvents,
        Self::Stories,
        Self::OwnershipAnswers,
        Self::HealthHistory,
        Self::Commitments,
        Self::Changes,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::People => "people",
            Self::PersonRoles => "person_roles",
            Self::Connections => "connections",
            Self::Interactions => "interactions",
            Self::Meetings => "meetings",
            Self::MeetingEvents => "meeting_events",
            Self::Blueprints => "blueprints",
            Self::Feedback => "feedback",
            Self::FeedbackEvents => "feedback_events",
            Self::Stories => "stories",
            Self::OwnershipAnswers => "ownership_answers",
            Self::HealthHistory => "health_history",
            Self::Commitments => "commitments",
            Self::Changes => "changes",
        }
    }
}

struct ArraySeed<'a, 'b> {
    state: &'a Parse<'b>,
    kind: Kind,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array of {}", self.kind.name())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let state = self.state;
        let kind = self.kind;
        let name = kind.name();
        state.place.set(Place { kind: name, index: None });
        let mut index = 0usize;
        macro_rules! records {
            ($ty:ty, $check:ident, $variant:ident) => {
                records!($ty, $check, $variant, BATCH)
            };
            ($ty:ty, $check:ident, $variant:ident, $batch:expr) => {{
                let mut rows: Vec<$ty> = Vec::with_capacity($batch);
                let mut first = 0;
                loop {
                    state.place.set(Place { kind: name, index: Some(index) });
                    let Some(mut record) = seq.next_element::<$ty>()? else { break };
                    $check(state, index, &mut record).map_err(|e| state.fail::<A::Error>(e))?;
                    rows.push(record);
                    index += 1;
                    if rows.len() == $batch {
                        state.send(Batch::$variant { first, rows: std::mem::take(&mut rows) })?;
                        rows.reserve($batch);
                        first = index;
                    }
                }
                if !rows.is_empty() {
                    state.send(Batch::$variant { first, rows })?;
                }
            }};
        }
        match kind {
            Kind::Accounts => records!(AccountRecord, check_account, Accounts),
            Kind::People => records!(PersonRecord, check_person, People),
            Kind::PersonRoles => records!(PersonRoleRecord, check_role, PersonRoles),
            Kind::Connections => records!(ConnectionRecord, check_connection, Connections),
            Kind::Interactions => records!(InteractionRecord, check_interaction, Interactions),
            Kind::Meetings => records!(MeetingRecord, check_meeting, Meetings),
            Kind::MeetingEvents => records!(MeetingEventRecord, check_event, MeetingEvents),
            Kind::Blueprints => records!(BlueprintRecord, check_blueprint, Blueprints, BLUEPRINT_BATCH),
            Kind::Feedback => records!(FeedbackRecord, check_feedback, Feedback),
            Kind::FeedbackEvents => records!(FeedbackEventRecord, check_feedback_event, FeedbackEvents),
            Kind::Stories => records!(StoryRecord, check_story, Stories),
            Kind::OwnershipAnswers => records!(OwnershipAnswerRecord, check_answer, OwnershipAnswers),
            Kind::HealthHistory => records!(HealthRecord, check_health, HealthHistory),
            Kind::Commitments => records!(CommitmentRecord, check_commitment, Commitments),
            Kind::Changes => records!(ChangeRecord, check_change, Changes),
        }
        let mut counts = state.counts.get();
        match kind {
            Kind::Accounts => counts.accounts = index as u64,
            Kind::People => counts.people = index as u64,
            Kind::Connections => counts.connections = index as u64,
            Kind::Interactions => counts.interactions = index as u64,
            Kind::Meetings => counts.meetings = index as u64,
            Kind::MeetingEvents => counts.meeting_events = index as u64,
            Kind::Blueprints => counts.blueprints = index as u64,
            Kind::Feedback => counts.feedback = index as u64,
            Kind::FeedbackEvents => counts.feedback_events = index as u64,
            Kind::Stories => counts.stories = index as u64,
            Kind::OwnershipAnswers => counts.ownership_answers = index as u64,
            Kind::HealthHistory => counts.health_history = index as u64,
            Kind::Commitments => counts.commitments = index as u64,
            // Not counted: the log and the roles of people who moved are not kinds of
            // record of their own (and the counts cross IPC as they were).
            Kind::PersonRoles | Kind::Changes => {}
        }
        state.counts.set(counts);
        if kind == Kind::People {
            finish_people(state).map_err(|e| state.fail::<A::Error>(e))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Field rules. Each returns "field: problem".

type Check = std::result::Result<(), String>;

/// A canonical UUID (lowercase, hyphenated), as a map key.
fn uuid_key(field: &str, value: &str) -> std::result::Result<u128, String> {
    if value.is_empty() {
        return Err(format!("{field}: is required"));
    }
    match uuid::Uuid::try_parse(value) {
        Ok(u) if u.hyphenated().to_string() == value => Ok(u.as_u128()),
        _ => Err(format!("{field}: \"{value}\" is not an id (a lowercase hyphenated UUID)")),
    }
}

fn required_text(field: &str, value: &str) -> Check {
    if value.trim().is_empty() {
        return Err(format!("{field}: is required"));
    }
    Ok(())
}

/// A form's verdict on a value or a record, as "field: problem" (the way the
/// book's rules report): the book runs the forms' own checks, never a copy.
fn form<T>(checked: Result<T>) -> std::result::Result<T, String> {
    checked.map_err(|e| e.to_string())
}

/// A required one-line field, by the forms' rule ([`text::line`]).
fn name_text(field: &'static str, value: &str) -> Check {
    required_text(field, value)?;
    form(text::line(field, value, true)).map(drop)
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Check {
    if value.is_empty() {
        return Err(format!("{field}: is required (one of {})", allowed.join(", ")));
    }
    if !allowed.contains(&value) {
        return Err(format!("{field}: \"{value}\" is not allowed; use one of {}", allowed.join(", ")));
    }
    Ok(())
}

fn timestamp_field(field: &str, value: &str) -> Check {
    if value.is_empty() {
        return Err(format!("{field}: is required"));
    }
    DateTime::parse_from_rfc3339(value)
        .map(|_| ())
        .map_err(|_| format!("{field}: \"{value}\" is not an RFC 3339 timestamp such as 2026-11-23T09:30:00.000Z"))
}

fn optional_timestamp(field: &str, value: Option<&str>) -> Check {
    value.map_or(Ok(()), |v| timestamp_field(field, v))
}

fn date_field(field: &str, value: &str) -> Check {
    let ok = value.len() == 10 && NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
    if value.is_empty() {
        return Err(format!("{field}: is required"));
    }
    if !ok {
        return Err(format!("{field}: \"{value}\" is not a date in the form YYYY-MM-DD"));
    }
    Ok(())
}

fn optional_date(field: &str, value: Option<&str>) -> Check {
    value.map_or(Ok(()), |v| date_field(field, v))
}

fn in_range<T: Copy + Into<i64>>(field: &str, value: i64, range: &std::ops::RangeInclusive<T>) -> Check {
    let (low, high) = ((*range.start()).into(), (*range.end()).into());
    if !(low..=high).contains(&value) {
        return Err(format!("{field}: {value} is out of range; use a whole number from {low} to {high}"));
    }
    Ok(())
}

fn stamps(created: &str, updated: &str, deleted: Option<&str>) -> Check {
    timestamp_field("created_at", created)?;
    timestamp_field("updated_at", updated)?;
    optional_timestamp("deleted_at", deleted)
}

fn account_rules(a: &AccountRecord) -> Check {
    name_text("name", &a.name)?;
    let tier = vocabulary("tier", &a.tier, &Tier::ALL, Tier::as_str)?;
    let status = vocabulary("status", &a.status, AccountStatus::ALL, AccountStatus::as_str)?;
    if let Some(currency) = &a.currency
        && !(currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(format!("currency: \"{currency}\" is not a currency code: use three capital letters such as EUR"));
    }
    if a.currency.is_none() && (a.annual_revenue.is_some() || a.annual_margin.is_some()) {
        return Err("currency: is required when annual_revenue or annual_margin is given".into());
    }
    for (field, amount) in [("annual_revenue", a.annual_revenue), ("annual_margin", a.annual_margin)] {
        if amount.is_some_and(|v| v.unsigned_abs() > crate::accounts::MAX_AMOUNT.unsigned_abs()) {
            return Err(format!("{field}: is too large (at most 2^53 - 1)"));
        }
    }
    if let Some(revenue) = a.annual_revenue
        && revenue < 0
    {
        return Err(format!("annual_revenue: {revenue} is negative"));
    }
    optional_date("last_customer_review", a.last_customer_review.as_deref())?;
    optional_date("next_customer_review", a.next_customer_review.as_deref())?;
    optional_date("last_internal_review", a.last_internal_review.as_deref())?;
    optional_date("next_internal_review", a.next_internal_review.as_deref())?;
    if let Some(days) = a.cadence_days {
        in_range("cadence_days", days, &CADENCE_DAYS)?;
    }
    stamps(&a.created_at, &a.updated_at, a.deleted_at.as_deref())?;
    // Then everything the account form checks, by the form's own rules.
    let input = AccountInput {
        name: a.name.clone(),
        industry: a.industry.clone(),
        region: a.region.clone(),
        tier: Some(tier),
        status: Some(status),
        currency: a.currency.clone(),
        annual_revenue: a.annual_revenue,
        annual_margin: a.annual_margin,
        owner_id: a.owner_id.clone(),
        sponsor_id: a.sponsor_id.clone(),
        business_environment: a.business_environment.clone(),
        customer_strategy: a.customer_strategy.clone(),
        mutual_goals: a.mutual_goals.clone(),
        last_customer_review: a.last_customer_review.clone(),
        next_customer_review: a.next_customer_review.clone(),
        last_internal_review: a.last_internal_review.clone(),
        next_internal_review: a.next_internal_review.clone(),
    };
    form(input.validate()).map(drop)
}

fn check_account(state: &Parse<'_>, i: usize, a: &AccountRecord) -> Result<()> {
    let fail = |p: String| record_error("accounts", i, &a.id, &p);
    let id = uuid_key("id", &a.id).map_err(fail)?;
    account_rules(a).map_err(fail)?;
    let owner = a.owner_id.as_deref().map(|o| uuid_key("owner_id", o)).transpose().map_err(fail)?;
    let sponsor = a.sponsor_id.as_deref().map(|o| uuid_key("sponsor_id", o)).transpose().map_err(fail)?;
    let mut index = state.index.borrow_mut();
    if index.accounts.insert(id, (i as u32, owner, sponsor)).is_some() {
        return Err(fail("id: another account has the same id".into()));
    }
    Ok(())
}

fn person_rules(p: &PersonRecord) -> Check {
    let side = vocabulary("side", &p.side, Side::ALL, Side::as_str)?;
    name_text("name", &p.name)?;
    in_range("org_level", p.org_level, &(1..=i64::from(crate::people::MAX_LEVEL)))?;
    let function = optional_vocabulary("function", p.function.as_deref(), Function::ALL, Function::as_str)?;
    let decision_role =
        optional_vocabulary("decision_role", p.decision_role.as_deref(), DecisionRole::ALL, DecisionRole::as_str)?;
    let disposition =
        optional_vocabulary("disposition", p.disposition.as_deref(), Disposition::ALL, Disposition::as_str)?;
    if p.side == "ours" {
        let theirs_only = [
            ("account_id", p.account_id.is_some()),
            ("reports_to_id", p.reports_to_id.is_some()),
            ("decision_role", p.decision_role.is_some()),
            ("disposition", p.disposition.is_some()),
        ];
        if let Some((field, _)) = theirs_only.iter().find(|(_, set)| *set) {
            return Err(format!("{field}: only their people have one; leave it null for one of ours"));
        }
    } else {
        if p.account_id.is_none() {
            return Err("account_id: is required for one of their people".into());
        }
        if p.function.is_some() {
            return Err("function: only our people have one; leave it null for one of theirs".into());
        }
    }
    if p.reports_to_id.is_some() && p.reports_to_id.as_deref() == Some(p.id.as_str()) {
        return Err("reports_to_id: a person cannot report to themselves".into());
    }
    stamps(&p.created_at, &p.updated_at, p.deleted_at.as_deref())?;
    let input = PersonInput {
        side: Some(side),
        account_id: p.account_id.clone(),
        name: p.name.clone(),
        title: p.title.clone(),
        function,
        department: p.department.clone(),
        org_level: u8::try_from(p.org_level).ok(),
        reports_to_id: p.reports_to_id.clone(),
        decision_role,
        disposition,
        email: p.email.clone(),
        phone: p.phone.clone(),
        notes: p.notes.clone(),
        active: Some(p.active),
    };
    form(input.validate()).map(drop)
}

fn check_person(state: &Parse<'_>, i: usize, p: &PersonRecord) -> Result<()> {
    let fail = |m: String| record_error("people", i, &p.id, &m);
    let id = uuid_key("id", &p.id).map_err(fail)?;
    person_rules(p).map_err(fail)?;
    let mut account = 0;
    if let Some(a) = &p.account_id {
        account = uuid_key("account_id", a).map_err(fail)?;
        if !state.index.borrow().accounts.contains_key(&account) {
            return Err(fail(format!("account_id: no account with id {a} in the file")));
        }
    }
    let reports_to = p.reports_to_id.as_deref().map(|r| uuid_key("reports_to_id", r)).transpose().map_err(fail)?;
    let entry = PersonEntry { index: i as u32, theirs: p.side == "theirs", account, reports_to };
    if state.index.borrow_mut().people.insert(id, entry).is_some() {
        return Err(fail("id: another person has the same id".into()));
    }
    Ok(())
}

/// A role someone held: the person and the account in the file, the dates
/// in order, and kept in the index so what they took part in there stays
/// theirs.
fn check_role(state: &Parse<'_>, i: usize, r: &PersonRoleRecord) -> Result<()> {
    let fail = |m: String| record_error("person_roles", i, &r.id, &m);
    uuid_key("id", &r.id).map_err(fail)?;
    let person = uuid_key("person_id", &r.person_id).map_err(fail)?;
    optional_line("title", r.title.as_deref()).map_err(fail)?;
    optional_date("from_on", r.from_on.as_deref()).map_err(fail)?;
    optional_date("until_on", r.until_on.as_deref()).map_err(fail)?;
    if let (Some(from), Some(until)) = (&r.from_on, &r.until_on)
        && from > until
    {
        return Err(fail("until_on: is before from_on".into()));
    }
    stamps(&r.created_at, &r.updated_at, None).map_err(fail)?;
    let mut index = state.index.borrow_mut();
    if !index.people.contains_key(&person) {
        return Err(fail(format!("person_id: no person with id {} in the file", r.person_id)));
    }
    if let Some(account_id) = &r.account_id {
        known_account(&index, account_id).map_err(fail)?;
        let account = uuid_key("account_id", account_id).map_err(fail)?;
        index.roles.insert((person, account));
    }
    Ok(())
}

fn uuid_text(key: u128) -> String {
    uuid::Uuid::from_u128(key).hyphenated().to_string()
}

/// Checks that need every person: owners and sponsors are ours, reports-to
/// stays inside one account and never loops.
fn finish_people(state: &Parse<'_>) -> Result<()> {
    let index = state.index.borrow();
    let mut accounts: Vec<_> = index.accounts.iter().collect();
    accounts.sort_by_key(|(_, (i, ..))| *i);
    for (id, (i, owner, sponsor)) in accounts {
        for (field, person) in [("owner_id", owner), ("sponsor_id", sponsor)] {
            let Some(person) = person else { continue };
            match index.people.get(person) {
                Some(p) if !p.theirs => {}
                Some(_) => {
                    return Err(record_error(
                        "accounts",
                        *i as usize,
                        &uuid_text(*id),
                        &format!(
                            "{field}: {} is one of their people; the owner and sponsor are ours",
                            uuid_text(*person)
                        ),
                    ));
                }
                None => {
                    return Err(record_error(
                        "accounts",
                        *i as usize,
                        &uuid_text(*id),
                        &format!("{field}: no person with id {} in the file", uuid_text(*person)),
                    ));
                }
            }
        }
    }
    let mut people: Vec<_> = index.people.iter().filter(|(_, p)| p.reports_to.is_some()).collect();
    people.sort_by_key(|(_, p)| p.index);
    for (id, p) in &people {
        let boss_id = p.reports_to.expect("filtered");
        let fail = |m: String| record_error("people", p.index as usize, &uuid_text(**id), &m);
        match index.people.get(&boss_id) {
            None => return Err(fail(format!("reports_to_id: no person with id {} in the file", uuid_text(boss_id)))),
            Some(boss) if !boss.theirs || boss.account != p.account => {
                return Err(fail(format!(
                    "reports_to_id: {} is not one of their people at the same account",
                    uuid_text(boss_id)
                )));
            }
            Some(_) => {}
        }
    }
    // Loops: walk up from each person; a chain longer than the number of
    // people must revisit someone. `done` marks people known to end at a top.
    let mut done: HashMap<u128, ()> = HashMap::with_capacity(people.len());
    for (id, p) in &people {
        let mut path = vec![**id];
        let mut current = p.reports_to;
        while let Some(next) = current {
            if done.contains_key(&next) {
                break;
            }
            if path.contains(&next) {
                return Err(record_error(
                    "people",
                    p.index as usize,
                    &uuid_text(**id),
                    "reports_to_id: the reporting line loops back on itself",
                ));
            }
            path.push(next);
            current = index.people.get(&next).and_then(|n| n.reports_to);
        }
        done.extend(path.into_iter().map(|k| (k, ())));
    }
    Ok(())
}

fn connection_rules(c: &ConnectionRecord) -> Check {
    let dimension = vocabulary("dimension", &c.dimension, Dimension::ALL, Dimension::as_str)?;
    let intermediary = c.intermediary.as_deref().is_some_and(|i| !i.trim().is_empty());
    if c.dimension == "proxied" && !intermediary {
        return Err("intermediary: a proxied connection names its intermediary".into());
    }
    if c.dimension != "proxied" && c.intermediary.is_some() {
        return Err("intermediary: only a proxied connection has one; leave it null".into());
    }
    in_range("strength", c.strength, &STRENGTH)?;
    if let Some(days) = c.cadence_days {
        in_range("cadence_days", days, &CADENCE_DAYS)?;
    }
    stamps(&c.created_at, &c.updated_at, c.deleted_at.as_deref())?;
    let input = ConnectionInput {
        ours_id: c.ours_id.clone(),
        theirs_id: c.theirs_id.clone(),
        dimension: Some(dimension),
        intermediary: c.intermediary.clone(),
        strength: u8::try_from(c.strength).ok(),
        cadence_days: c.cadence_days.and_then(|d| u32::try_from(d).ok()),
        notes: c.notes.clone(),
    };
    form(input.validate()).map(drop)
}

fn check_connection(state: &Parse<'_>, i: usize, c: &ConnectionRecord) -> Result<()> {
    let fail = |m: String| record_error("connections", i, &c.id, &m);
    uuid_key("id", &c.id).map_err(fail)?;
    connection_rules(c).map_err(fail)?;
    let account = uuid_key("account_id", &c.account_id).map_err(fail)?;
    let ours = uuid_key("ours_id", &c.ours_id).map_err(fail)?;
    let theirs = uuid_key("theirs_id", &c.theirs_id).map_err(fail)?;
    let index = state.index.borrow();
    if !index.accounts.contains_key(&account) {
        return Err(fail(format!("account_id: no account with id {} in the file", c.account_id)));
    }
    match index.people.get(&ours) {
        None => return Err(fail(format!("ours_id: no person with id {} in the file", c.ours_id))),
        Some(p) if p.theirs => return Err(fail(format!("ours_id: {} is one of their people", c.ours_id))),
        Some(_) => {}
    }
    match index.people.get(&theirs) {
        None => return Err(fail(format!("theirs_id: no person with id {} in the file", c.theirs_id))),
        Some(p) if !p.theirs => return Err(fail(format!("theirs_id: {} is one of our people", c.theirs_id))),
        Some(p) if p.account != account => {
            return Err(fail(format!("theirs_id: {} belongs to another account than account_id", c.theirs_id)));
        }
        Some(_) => {}
    }
    Ok(())
}

fn interaction_rules(x: &InteractionRecord, today: NaiveDate) -> Check {
    date_field("occurred_on", &x.occurred_on)?;
    let kind = vocabulary("kind", &x.kind, InteractionKind::ALL, InteractionKind::as_str)?;
    required_text("summary", &x.summary)?;
    stamps(&x.created_at, &x.updated_at, x.deleted_at.as_deref())?;
    let input = InteractionInput {
        account_id: x.account_id.clone(),
        occurred_on: x.occurred_on.clone(),
        kind: Some(kind),
        summary: x.summary.clone(),
        outcomes: x.outcomes.clone(),
        follow_ups: x.follow_ups.clone(),
        private: x.private,
        people: x.people.clone(),
    };
    form(input.validate(today)).map(drop)
}

fn check_interaction(state: &Parse<'_>, i: usize, x: &InteractionRecord) -> Result<()> {
    let fail = |m: String| record_error("interactions", i, &x.id, &m);
    uuid_key("id", &x.id).map_err(fail)?;
    interaction_rules(x, state.today).map_err(fail)?;
    let account = uuid_key("account_id", &x.account_id).map_err(fail)?;
    let index = state.index.borrow();
    if !index.accounts.contains_key(&account) {
        return Err(fail(format!("account_id: no account with id {} in the file", x.account_id)));
    }
    who_took_part(&index, "people", account, &x.people).map_err(fail)
}

/// The people on an interaction or a meeting: each in the file, theirs at
/// `account`, none twice.
fn who_took_part(index: &Index, field: &str, account: u128, people: &[String]) -> Check {
    let mut seen = Vec::with_capacity(people.len());
    for person in people {
        let key = uuid_key(field, person)?;
        match index.people.get(&key) {
            None => return Err(format!("{field}: no person with id {person} in the file")),
            Some(p) if p.theirs && p.account != account && !index.held(key, account) => {
                return Err(format!("{field}: {person} is one of their people at another account"));
            }
            Some(_) => {}
        }
        if seen.contains(&key) {
            return Err(format!("{field}: {person} is listed twice"));
        }
        seen.push(key);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Meetings, their review record and the settings.

/// A value of one of the closed vocabularies, exactly as stored.
fn vocabulary<T: Copy>(
    field: &str,
    value: &str,
    all: &[T],
    text: fn(T) -> &'static str,
) -> std::result::Result<T, String> {
    let allowed: Vec<&str> = all.iter().map(|v| text(*v)).collect();
    one_of(field, value, &allowed)?;
    Ok(all[allowed.iter().position(|a| *a == value).expect("checked above")])
}

fn optional_vocabulary<T: Copy>(
    field: &str,
    value: Option<&str>,
    all: &[T],
    text: fn(T) -> &'static str,
) -> std::result::Result<Option<T>, String> {
    value.map(|v| vocabulary(field, v, all, text)).transpose()
}

/// An optional one-line field (location, trip, names): not blank when given.
fn optional_line(field: &'static str, value: Option<&str>) -> Check {
    match value {
        None => Ok(()),
        Some(v) if v.trim().is_empty() => Err(format!("{field}: is blank; leave it null instead")),
        Some(v) => name_text(field, v),
    }
}

/// Optional free text: not blank when given, line breaks and tabs allowed.
fn optional_long_text(field: &'static str, value: Option<&str>) -> Check {
    let Some(v) = value else { return Ok(()) };
    if v.trim().is_empty() {
        return Err(format!("{field}: is blank; leave it null instead"));
    }
    form(text::optional_text(field, Some(v))).map(drop)
}

/// A time zone by its exact IANA name.
fn zone_field(field: &'static str, value: &str) -> std::result::Result<Tz, String> {
    if value.is_empty() {
        return Err(format!("{field}: is required"));
    }
    let tz = crate::meetings::zone(field, value).map_err(|e| e.to_string())?;
    if tz.name() != value {
        return Err(format!("{field}: write \"{value}\" exactly as the IANA name \"{}\"", tz.name()));
    }
    Ok(tz)
}

/// A meeting's wall-clock time in `tz`, written `YYYY-MM-DDTHH:MM`, and the
/// instant it names.
fn local_field(field: &'static str, value: &str, tz: Tz) -> std::result::Result<DateTime<Utc>, String> {
    if value.is_empty() {
        return Err(format!("{field}: is required"));
    }
    let (local, instant) = crate::meetings::local_time(field, value, tz).map_err(|e| e.to_string())?;
    if local.format(crate::meetings::LOCAL_FORMAT).to_string() != value {
        return Err(format!("{field}: \"{value}\" must be written YYYY-MM-DDTHH:MM"));
    }
    Ok(instant)
}

/// A meeting's own fields. Gives its state and the UTC instants derived from
/// the local times, which replace whatever the file says.
fn meeting_rules(m: &MeetingRecord) -> std::result::Result<(MeetingState, String, String), String> {
    name_text("title", &m.title)?;
    let kind = vocabulary("kind", &m.kind, MeetingKind::ALL, MeetingKind::as_str)?;
    let state = vocabulary("state", &m.state, MeetingState::ALL, MeetingState::as_str)?;
    let tz = zone_field("time_zone", &m.time_zone)?;
    let starts = local_field("starts_local", &m.starts_local, tz)?;
    let ends = local_field("ends_local", &m.ends_local, tz)?;
    if ends <= starts {
        return Err("ends_local: must be after starts_local".into());
    }
    if ends - starts > chrono::Duration::days(crate::meetings::MAX_DAYS) {
        return Err(format!("ends_local: a meeting lasts at most {} days", crate::meetings::MAX_DAYS));
    }
    optional_line("location", m.location.as_deref())?;
    optional_line("trip", m.trip.as_deref())?;
    for (field, text) in [
        ("objective", &m.objective),
        ("value_proposition", &m.value_proposition),
        ("asks", &m.asks),
        ("talking_points", &m.talking_points),
        ("sensitivities", &m.sensitivities),
        ("logistics", &m.logistics),
    ] {
        optional_long_text(field, text.as_deref())?;
    }
    in_range("revision", m.revision, &(0..=i64::from(u32::MAX)))?;
    if m.attendees.len() > crate::meetings::MAX_ATTENDEES {
        return Err(format!("attendees: at most {} people", crate::meetings::MAX_ATTENDEES));
    }
    stamps(&m.created_at, &m.updated_at, m.deleted_at.as_deref())?;
    let input = MeetingInput {
        account_id: m.account_id.clone(),
        title: m.title.clone(),
        kind: Some(kind),
        starts_local: m.starts_local.clone(),
        ends_local: m.ends_local.clone(),
        time_zone: m.time_zone.clone(),
        location: m.location.clone(),
        trip: m.trip.clone(),
        objective: m.objective.clone(),
        value_proposition: m.value_proposition.clone(),
        asks: m.asks.clone(),
        talking_points: m.talking_points.clone(),
        sensitivities: m.sensitivities.clone(),
        logistics: m.logistics.clone(),
        attendees: m.attendees.clone(),
    };
    form(input.validate())?;
    Ok((state, timestamp(starts), timestamp(ends)))
}

fn check_meeting(state: &Parse<'_>, i: usize, m: &mut MeetingRecord) -> Result<()> {
    let fail = |p: String| record_error("meetings", i, &m.id, &p);
    let id = uuid_key("id", &m.id).map_err(fail)?;
    let (stated, starts_utc, ends_utc) = meeting_rules(m).map_err(fail)?;
    let account = uuid_key("account_id", &m.account_id).map_err(fail)?;
    let mut index = state.index.borrow_mut();
    if !index.accounts.contains_key(&account) {
        return Err(fail(format!("account_id: no account with id {} in the file", m.account_id)));
    }
    who_took_part(&index, "attendees", account, &m.attendees).map_err(fail)?;
    let entry = MeetingEntry { index: i as u32, state: stated, reached: MeetingState::Draft };
    if index.meetings.insert(id, entry).is_some() {
        return Err(fail("id: another meeting has the same id".into()));
    }
    drop(index);
    m.starts_utc = starts_utc;
    m.ends_utc = ends_utc;
    Ok(())
}

/// One step of a review record: it follows on from the meeting's previous
/// step, is a move the gate allows (with the text it needs), and an answer
/// names an earlier question on the same meeting. What the gate checked
/// against the data at the time (attendees, open questions, the clock) is
/// taken as recorded.
fn event_rules(index: &Index, e: &MeetingEventRecord) -> std::result::Result<(u128, GateAction, MeetingState), String> {
    if e.n == 0 {
        return Err("n: is required".into());
    }
    in_range("n", e.n, &(1..=i64::MAX))?;
    if e.n <= index.last_event {
        return Err(format!(
            "n: {} does not come after {} (the event before it); list events in order, each n once",
            e.n, index.last_event
        ));
    }
    let meeting = uuid_key("meeting_id", &e.meeting_id)?;
    let Some(entry) = index.meetings.get(&meeting) else {
        return Err(format!("meeting_id: no meeting with id {} in the file", e.meeting_id));
    };
    timestamp_field("at", &e.at)?;
    name_text("actor", &e.actor)?;
    let action = vocabulary("action", &e.action, GateAction::ALL, GateAction::as_str)?;
    let from = vocabulary("from_state", &e.from_state, MeetingState::ALL, MeetingState::as_str)?;
    let to = vocabulary("to_state", &e.to_state, MeetingState::ALL, MeetingState::as_str)?;
    optional_long_text("body", e.body.as_deref())?;
    if from != entry.reached {
        return Err(format!(
            "from_state: is \"{}\", but the meeting's steps before this one leave it \"{}\"",
            from.as_str(),
            entry.reached.as_str()
        ));
    }
    let at = DateTime::parse_from_rfc3339(&e.at).map_err(|_| "at: is not a timestamp".to_string())?.with_timezone(&Utc);
    let facts = gate::Facts {
        state: from,
        has_value_proposition: true,
        ours_attending: 1,
        theirs_attending: 1,
        unanswered_questions: 0,
        starts_at: at,
        now: at,
    };
    match gate::next(&facts, action, e.body.as_deref()) {
        Err(gate::Refusal(why)) => {
            return Err(format!("action: {} is not a step the gate allows: {why}", action.as_str()));
        }
        Ok(expected) if expected != to => {
            return Err(format!(
                "to_state: {} from {} leads to \"{}\", not \"{}\"",
                action.as_str(),
                from.as_str(),
                expected.as_str(),
                to.as_str()
            ));
        }
        Ok(_) => {}
    }
    match (action, e.reply_to) {
        (GateAction::Answer, None) => {
            return Err("reply_to: an answer names the question it answers (the n of a challenge)".into());
        }
        (GateAction::Answer, Some(q)) => match index.questions.get(&q) {
            Some(asked_on) if *asked_on == meeting => {}
            Some(_) => return Err(format!("reply_to: question {q} was asked about another meeting")),
            None => return Err(format!("reply_to: no challenge with n {q} earlier in the file")),
        },
        (_, Some(_)) => return Err("reply_to: only an answer replies to a question; leave it null".into()),
        (_, None) => {}
    }
    Ok((meeting, action, to))
}

fn check_event(state: &Parse<'_>, i: usize, e: &mut MeetingEventRecord) -> Result<()> {
    let mut index = state.index.borrow_mut();
    let (meeting, action, to) = event_rules(&index, e).map_err(|problem| {
        let n = if e.n == 0 { String::new() } else { format!(" (n {})", e.n) };
        Error::validation("file", format!("meeting_events[{i}]{n}: {problem}"))
    })?;
    index.meetings.get_mut(&meeting).expect("checked above").reached = to;
    if action == GateAction::Challenge {
        index.questions.insert(e.n, meeting);
    }
    index.last_event = e.n;
    Ok(())
}

/// Every meeting is in the state its review record leads to (a meeting
/// with no steps is a draft).
fn finish_meetings(state: &Parse<'_>) -> Result<()> {
    let index = state.index.borrow();
    let mut off: Vec<_> = index.meetings.iter().filter(|(_, m)| m.state != m.reached).collect();
    off.sort_by_key(|(_, m)| m.index);
    if let Some((id, m)) = off.first() {
        return Err(record_error(
            "meetings",
            m.index as usize,
            &uuid_text(**id),
            &format!(
                "state: is \"{}\", but its steps in meeting_events leave it \"{}\"",
                m.state.as_str(),
                m.reached.as_str()
            ),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Blueprints

/// A blueprint: the aggregate's own rules ([`Blueprint::check_stored`]), its
/// account, everyone it names on the right side, and no overlap with another
/// live blueprint of the same account.
fn check_blueprint(state: &Parse<'_>, i: usize, r: &mut BlueprintRecord) -> Result<()> {
    let b = &r.blueprint;
    let fail = |p: String| record_error("blueprints", i, &b.id, &p);
    let id = uuid_key("id", &b.id).map_err(fail)?;
    b.check_stored().map_err(|refusal| fail(refusal.to_string()))?;
    stamps(&r.created_at, &r.updated_at, r.deleted_at.as_deref()).map_err(fail)?;
    let account = uuid_key("account_id", &b.account_id).map_err(fail)?;
    let mut index = state.index.borrow_mut();
    if !index.accounts.contains_key(&account) {
        return Err(fail(format!("account_id: no account with id {} in the file", b.account_id)));
    }
    blueprint_people(&index, account, b).map_err(fail)?;
    if r.deleted_at.is_none() {
        let (from, to) = (b.period.starts_on, b.period.ends_on);
        let periods = index.periods.entry(account).or_default();
        if let Some((s, e, other)) = periods.iter().find(|(s, e, _)| *s <= to && *e >= from) {
            return Err(fail(format!(
                "period: overlaps blueprints[{other}] ({s} to {e}) of the same account; one blueprint per period"
            )));
        }
        periods.push((from, to, i));
    }
    if index.blueprints.insert(id, ()).is_some() {
        return Err(fail("id: another blueprint has the same id".into()));
    }
    Ok(())
}

/// Everyone a blueprint names is in the file and on the right side:
/// participants, owners and approvers are ours; counterparts and the other
/// end of a planned connection are theirs at the blueprint's account; an
/// involved person is on the side the goal says, theirs at the account.
fn blueprint_people(index: &Index, account: u128, b: &Blueprint) -> Check {
    let person = |field: &str, id: &str, want: Side| -> Check {
        let key = uuid_key(field, id)?;
        match index.people.get(&key) {
            None => Err(format!("{field}: no person with id {id} in the file")),
            // Someone who was theirs here and has moved on stays on the plan.
            Some(_) if want == Side::Theirs && index.held(key, account) => Ok(()),
            Some(p) if want == Side::Ours && p.theirs => {
                Err(format!("{field}: {id} is one of their people; it must be one of ours"))
            }
            Some(p) if want == Side::Theirs && !p.theirs => {
                Err(format!("{field}: {id} is one of our people; it must be one of theirs"))
            }
            Some(p) if p.theirs && p.account != account => {
                Err(format!("{field}: {id} is one of their people at another account"))
            }
            Some(_) => Ok(()),
        }
    };
    for p in &b.participants {
        person("participants", &p.person_id, Side::Ours)?;
    }
    let goals = |field: &str, goals: &[Goal]| -> Check {
        for g in goals {
            let at = |problem: String| format!("{field}: goal \"{}\": {problem}", g.id);
            if let Some(owner) = &g.owner_id {
                person("owner_id", owner, Side::Ours).map_err(at)?;
            }
            if let Some(counterpart) = &g.counterpart_id {
                person("counterpart_id", counterpart, Side::Theirs).map_err(at)?;
            }
            for p in &g.involve {
                person("involve", &p.person_id, p.side).map_err(at)?;
            }
            for c in &g.planned_connections {
                person("planned_connections", &c.ours_id, Side::Ours).map_err(at)?;
                person("planned_connections", &c.theirs_id, Side::Theirs).map_err(at)?;
            }
        }
        Ok(())
    };
    goals("goals", &b.goals)?;
    for s in &b.revisions {
        goals(&format!("revisions: revision {}", s.revision), &s.goals)?;
        person("approved_by", &s.approved_by, Side::Ours)
            .map_err(|p| format!("revisions: revision {}: {p}", s.revision))?;
    }
    for r in &b.reviews {
        person("by", &r.by, Side::Ours).map_err(|p| format!("reviews: review of revision {}: {p}", r.revision))?;
    }
    Ok(())
}

async fn insert_blueprints(conn: &mut SqliteConnection, first: usize, rows: &[BlueprintRecord]) -> Result<()> {
    for (i, r) in rows.iter().enumerate() {
        let fail = |e: Error| match e {
            Error::Database(m) => record_error("blueprints", first + i, &r.blueprint.id, &m),
            other => other,
        };
        let created = DateTime::parse_from_rfc3339(&r.created_at)
            .map_err(|_| record_error("blueprints", first + i, &r.blueprint.id, "created_at: is not a timestamp"))?
            .with_timezone(&Utc);
        blueprint::store::insert(conn, &r.blueprint, created).await.map_err(fail)?;
        // The row keeps its own timestamps as written, and the trash.
        store::set_blueprint_stamps(conn, &r.blueprint.id, &r.created_at, &r.updated_at, r.deleted_at.as_deref())
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Care: feedback and its loop, stories, the ownership check, health history

/// Required free text: not blank, line breaks and tabs allowed.
fn long_text(field: &'static str, value: &str) -> Check {
    required_text(field, value)?;
    optional_long_text(field, Some(value))
}

/// A piece of feedback on its own: the vocabularies, the dates, and what
/// each state and the thanks need (as the loop would have left them).
fn feedback_rules(f: &FeedbackRecord, today: NaiveDate) -> std::result::Result<FeedbackState, String> {
    date_field("received_on", &f.received_on)?;
    let channel = vocabulary("channel", &f.channel, FeedbackChannel::ALL, FeedbackChannel::as_str)?;
    long_text("text", &f.text)?;
    optional_line("theme", f.theme.as_deref())?;
    let state = vocabulary("state", &f.state, FeedbackState::ALL, FeedbackState::as_str)?;
    optional_long_text("change", f.change.as_deref())?;
    optional_date("visible_on", f.visible_on.as_deref())?;
    optional_date("reconsider_on", f.reconsider_on.as_deref())?;
    optional_long_text("reason", f.reason.as_deref())?;
    optional_date("thanked_on", f.thanked_on.as_deref())?;
    if let Some(how) = &f.thanked_how {
        vocabulary("thanked_how", how, ThanksHow::ALL, ThanksHow::as_str)?;
    }
    match state {
        FeedbackState::Deferred if f.reconsider_on.is_none() => {
            return Err("reconsider_on: deferred feedback names the day it comes back".into());
        }
        FeedbackState::Done if f.change.is_none() => {
            return Err("change: done feedback says what changed that the customer can see".into());
        }
        FeedbackState::Done if f.visible_on.is_none() => {
            return Err("visible_on: done feedback says when the customer could see the change".into());
        }
        FeedbackState::Declined if f.reason.is_none() => {
            return Err("reason: declined feedback says why".into());
        }
        _ => {}
    }
    match (&f.thanked_on, &f.thanked_how) {
        (Some(_), None) => return Err("thanked_how: say how they were thanked (note, call, handwritten)".into()),
        (None, Some(_)) => return Err("thanked_on: say when they were thanked, or leave thanked_how null".into()),
        _ => {}
    }
    stamps(&f.created_at, &f.updated_at, f.deleted_at.as_deref())?;
    let input = crate::care::store::FeedbackInput {
        account_id: f.account_id.clone(),
        person_id: f.person_id.clone(),
        received_on: f.received_on.clone(),
        channel: Some(channel),
        text: f.text.clone(),
        theme: f.theme.clone(),
    };
    form(crate::care::store::clean(&input, today))?;
    Ok(state)
}

fn check_feedback(state: &Parse<'_>, i: usize, f: &FeedbackRecord) -> Result<()> {
    let fail = |p: String| record_error("feedback", i, &f.id, &p);
    let id = uuid_key("id", &f.id).map_err(fail)?;
    let stated = feedback_rules(f, state.today).map_err(fail)?;
    let account = uuid_key("account_id", &f.account_id).map_err(fail)?;
    let mut index = state.index.borrow_mut();
    if !index.accounts.contains_key(&account) {
        return Err(fail(format!("account_id: no account with id {} in the file", f.account_id)));
    }
    if let Some(person) = &f.person_id {
        let key = uuid_key("person_id", person).map_err(fail)?;
        match index.people.get(&key) {
            None => return Err(fail(format!("person_id: no person with id {person} in the file"))),
            // Feedback given before they moved on stays theirs.
            Some(_) if index.held(key, account) => {}
            Some(p) if !p.theirs => {
                return Err(fail(format!("person_id: {person} is one of our people; feedback comes from theirs")));
            }
            Some(p) if p.account != account => {
                return Err(fail(format!("person_id: {person} is one of their people at another account")));
            }
            Some(_) => {}
        }
    }
    let entry = FeedbackEntry {
        index: i as u32,
        state: stated,
        reached: FeedbackState::New,
        thanked: f.thanked_on.is_some(),
        thank_step: false,
    };
    if index.feedback.insert(id, entry).is_some() {
        return Err(fail("id: another piece of feedback has the same id".into()));
    }
    Ok(())
}

/// One step of a feedback loop: it follows on from the feedback's previous
/// step and is a move the loop allows; a thank-you leaves the state as it
/// was, comes once, and only on feedback marked thanked. What the loop
/// checked against the data at the time (the change and its day, the day to
/// come back, the reason) is taken as recorded.
fn feedback_event_rules(
    index: &Index,
    e: &FeedbackEventRecord,
) -> std::result::Result<(u128, bool, FeedbackState), String> {
    if e.n == 0 {
        return Err("n: is required".into());
    }
    in_range("n", e.n, &(1..=i64::MAX))?;
    if e.n <= index.last_feedback_event {
        return Err(format!(
            "n: {} does not come after {} (the event before it); list events in order, each n once",
            e.n, index.last_feedback_event
        ));
    }
    let feedback = uuid_key("feedback_id", &e.feedback_id)?;
    let Some(entry) = index.feedback.get(&feedback) else {
        return Err(format!("feedback_id: no feedback with id {} in the file", e.feedback_id));
    };
    timestamp_field("at", &e.at)?;
    name_text("actor", &e.actor)?;
    let actions: Vec<&str> = FeedbackAction::ALL.iter().map(|a| a.as_str()).chain([feedback::THANKS_ACTION]).collect();
    one_of("action", &e.action, &actions)?;
    let from = vocabulary("from_state", &e.from_state, FeedbackState::ALL, FeedbackState::as_str)?;
    let to = vocabulary("to_state", &e.to_state, FeedbackState::ALL, FeedbackState::as_str)?;
    optional_long_text("note", e.note.as_deref())?;
    if from != entry.reached {
        return Err(format!(
            "from_state: is \"{}\", but the feedback's steps before this one leave it \"{}\"",
            from.as_str(),
            entry.reached.as_str()
        ));
    }
    if e.action == feedback::THANKS_ACTION {
        if to != from {
            return Err(format!("to_state: a thank-you leaves the state as it was (\"{}\")", from.as_str()));
        }
        if entry.thank_step {
            return Err("action: they were thanked at an earlier step; a thank-you is recorded once".into());
        }
        if !entry.thanked {
            return Err("action: a thank-you, but the feedback's thanked_on is null".into());
        }
        return Ok((feedback, true, to));
    }
    let action = vocabulary("action", &e.action, FeedbackAction::ALL, FeedbackAction::as_str)?;
    let day = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date");
    let step = FeedbackStep {
        action: Some(action),
        change: Some("as recorded".into()),
        visible_on: Some(day),
        reconsider_on: day.succ_opt(),
        reason: Some("as recorded".into()),
    };
    match feedback::next(from, &step, day, day) {
        Err(refusal) => {
            Err(format!("action: {} is not a step from {}: {}", action.as_str(), from.as_str(), refusal.message))
        }
        Ok(expected) if expected != to => Err(format!(
            "to_state: {} from {} leads to \"{}\", not \"{}\"",
            action.as_str(),
            from.as_str(),
            expected.as_str(),
            to.as_str()
        )),
        Ok(_) => Ok((feedback, false, to)),
    }
}

fn check_feedback_event(state: &Parse<'_>, i: usize, e: &FeedbackEventRecord) -> Result<()> {
    let mut index = state.index.borrow_mut();
    let (feedback, thank, to) = feedback_event_rules(&index, e).map_err(|problem| {
        let n = if e.n == 0 { String::new() } else { format!(" (n {})", e.n) };
        Error::validation("file", format!("feedback_events[{i}]{n}: {problem}"))
    })?;
    let entry = index.feedback.get_mut(&feedback).expect("checked above");
    entry.reached = to;
    entry.thank_step |= thank;
    index.last_feedback_event = e.n;
    Ok(())
}

/// Every piece of feedback is in the state its steps lead to (new with no
/// steps), and one marked thanked has its thank-you step.
fn finish_feedback(state: &Parse<'_>) -> Result<()> {
    let index = state.index.borrow();
    let mut off: Vec<_> =
        index.feedback.iter().filter(|(_, f)| f.state != f.reached || f.thanked != f.thank_step).collect();
    off.sort_by_key(|(_, f)| f.index);
    let Some((id, f)) = off.first() else { return Ok(()) };
    let problem = if f.state != f.reached {
        format!(
            "state: is \"{}\", but its steps in feedback_events leave it \"{}\"",
            f.state.as_str(),
            f.reached.as_str()
        )
    } else {
        "thanked_on: is set, but feedback_events has no thank-you step for it".to_string()
    };
    Err(record_error("feedback", f.index as usize, &uuid_text(**id), &problem))
}

fn story_rules(s: &StoryRecord, today: NaiveDate) -> Check {
    let kind = vocabulary("kind", &s.kind, StoryKind::ALL, StoryKind::as_str)?;
    name_text("title", &s.title)?;
    name_text("department", &s.department)?;
    date_field("occurred_on", &s.occurred_on)?;
    optional_long_text("impact", s.impact.as_deref())?;
    let failure = s.failure.as_deref().map(|f| vocabulary("failure", f, Failure::ALL, Failure::as_str)).transpose()?;
    let resolved = s.resolved.ok_or("resolved: is required (true or false)")?;
    story::check(kind, failure, resolved).map_err(|refusal| refusal.to_string())?;
    optional_long_text("lesson", s.lesson.as_deref())?;
    stamps(&s.created_at, &s.updated_at, s.deleted_at.as_deref())?;
    let input = crate::care::store::StoryInput {
        account_id: s.account_id.clone(),
        kind: Some(kind),
        title: s.title.clone(),
        department: s.department.clone(),
        occurred_on: s.occurred_on.clone(),
        impact: s.impact.clone(),
        failure,
        resolved,
        lesson: s.lesson.clone(),
    };
    form(crate::care::store::clean_story(&input, today)).map(drop)
}

fn check_story(state: &Parse<'_>, i: usize, s: &StoryRecord) -> Result<()> {
    let fail = |p: String| record_error("stories", i, &s.id, &p);
    uuid_key("id", &s.id).map_err(fail)?;
    story_rules(s, state.today).map_err(fail)?;
    let account = uuid_key("account_id", &s.account_id).map_err(fail)?;
    if !state.index.borrow().accounts.contains_key(&account) {
        return Err(fail(format!("account_id: no account with id {} in the file", s.account_id)));
    }
    Ok(())
}

/// A commitment's own rules, by the form's ([`crate::commitments`]), and
/// what only a file can get wrong: the stored state with its day or reason.
fn commitment_rules(c: &CommitmentRecord, today: NaiveDate) -> Check {
    let side = vocabulary("side", &c.side, Side::ALL, Side::as_str)?;
    let state = vocabulary("state", &c.state, CommitmentState::ALL, CommitmentState::as_str)?;
    date_field("made_on", &c.made_on)?;
    optional_date("due_on", c.due_on.as_deref())?;
    optional_date("kept_on", c.kept_on.as_deref())?;
    stamps(&c.created_at, &c.updated_at, c.deleted_at.as_deref())?;
    let input = crate::commitments::CommitmentInput {
        account_id: c.account_id.clone(),
        side: Some(side),
        by_person_id: c.by_person_id.clone(),
        to_person_id: c.to_person_id.clone(),
        what: c.what.clone(),
        made_on: c.made_on.clone(),
        due_on: c.due_on.clone(),
        meeting_id: c.meeting_id.clone(),
        interaction_id: c.interaction_id.clone(),
    };
    form(input.validate(today)).map(drop)?;
    match (state, &c.kept_on, &c.dropped_reason) {
        (CommitmentState::Kept, None, _) => Err("kept_on: is required on a kept commitment".into()),
        (CommitmentState::Dropped, _, None) => Err("dropped_reason: is required on a dropped commitment".into()),
        (s, Some(_), _) if s != CommitmentState::Kept => Err("kept_on: only a kept commitment has one".into()),
        (s, _, Some(_)) if s != CommitmentState::Dropped => {
            Err("dropped_reason: only a dropped commitment has one".into())
        }
        (CommitmentState::Kept, Some(on), _) if on.as_str() < c.made_on.as_str() => {
            Err("kept_on: is before the day the promise was made".into())
        }
        (CommitmentState::Dropped, _, Some(reason)) => name_text("dropped_reason", reason),
        _ => Ok(()),
    }
}

/// The people a commitment names are on the right sides, and the meeting is
/// the account's. Interactions are not held while reading (a book may have
/// millions); the foreign key checks the interaction at commit.
fn check_commitment(state: &Parse<'_>, i: usize, c: &CommitmentRecord) -> Result<()> {
    let fail = |p: String| record_error("commitments", i, &c.id, &p);
    uuid_key("id", &c.id).map_err(fail)?;
    commitment_rules(c, state.today).map_err(fail)?;
    let index = state.index.borrow();
    known_account(&index, &c.account_id).map_err(fail)?;
    let account = uuid_key("account_id", &c.account_id).map_err(fail)?;
    let ours = c.side == Side::Ours.as_str();
    for (field, person, theirs) in [("by_person_id", &c.by_person_id, !ours), ("to_person_id", &c.to_person_id, ours)] {
        let Some(person) = person else { continue };
        let key = uuid_key(field, person).map_err(fail)?;
        match index.people.get(&key) {
            None => return Err(fail(format!("{field}: no person with id {person} in the file"))),
            Some(p) if p.theirs != theirs => {
                let side = if theirs { "theirs" } else { "ours" };
                return Err(fail(format!("{field}: {person} is not on the side it should be ({side})")));
            }
            Some(p) if p.theirs && p.account != account => {
                return Err(fail(format!("{field}: {person} is one of their people at another account")));
            }
            Some(_) => {}
        }
    }
    if let Some(meeting) = &c.meeting_id {
        let key = uuid_key("meeting_id", meeting).map_err(fail)?;
        if !index.meetings.contains_key(&key) {
            return Err(fail(format!("meeting_id: no meeting with id {meeting} in the file")));
        }
    }
    if let Some(interaction) = &c.interaction_id {
        uuid_key("interaction_id", interaction).map_err(fail)?;
    }
    Ok(())
}

/// An account in the file, by a field that must name one.
fn known_account(index: &Index, account_id: &str) -> Check {
    let account = uuid_key("account_id", account_id)?;
    if !index.accounts.contains_key(&account) {
        return Err(format!("account_id: no account with id {account_id} in the file"));
    }
    Ok(())
}

fn check_answer(state: &Parse<'_>, i: usize, a: &OwnershipAnswerRecord) -> Result<()> {
    let label = format!("account {}, {}", a.account_id, a.question);
    let fail = |p: String| keyed_error("ownership_answers", i, &label, &p);
    known_account(&state.index.borrow(), &a.account_id).map_err(fail)?;
    vocabulary("question", &a.question, OwnershipQuestion::ALL, OwnershipQuestion::as_str).map_err(fail)?;
    long_text("answer", &a.answer).map_err(fail)?;
    timestamp_field("updated_at", &a.updated_at).map_err(fail)
}

/// A recorded score: 0–100, made of the health parts, each once and within
/// its maximum, adding up to the score.
fn health_rules(h: &HealthRecord) -> Check {
    date_field("on_date", &h.on_date)?;
    let score = h.score.ok_or("score: is required")?;
    in_range("score", score, &(0..=100))?;
    if h.parts.is_empty() {
        return Err("parts: is required: each part of the score with its points".into());
    }
    let mut seen = Vec::with_capacity(h.parts.len());
    for (name, points) in &h.parts {
        let part = vocabulary("parts", name, HealthPart::ALL, HealthPart::as_str)?;
        if seen.contains(&part) {
            return Err(format!("parts: {name} is listed twice"));
        }
        seen.push(part);
        in_range(&format!("parts: {name}"), *points, &(0..=i64::from(part.max_points())))?;
    }
    let sum: i64 = h.parts.iter().map(|(_, p)| p).sum();
    if sum != score {
        return Err(format!("score: is {score}, but its parts add up to {sum}"));
    }
    Ok(())
}

fn check_health(state: &Parse<'_>, i: usize, h: &HealthRecord) -> Result<()> {
    let label = format!("account {}, {}", h.account_id, h.on_date);
    let fail = |p: String| keyed_error("health_history", i, &label, &p);
    known_account(&state.index.borrow(), &h.account_id).map_err(fail)?;
    health_rules(h).map_err(fail)
}

fn settings_rules(s: &SettingsRecord) -> Check {
    optional_line("your_name", s.your_name.as_deref())?;
    if let Some(zone) = &s.home_time_zone {
        zone_field("home_time_zone", zone)?;
    }
    optional_line("traveller", s.traveller.as_deref())?;
    match s.stale_after_days.as_deref().map(str::parse::<u32>) {
        None | Some(Ok(1..=3650)) => Ok(()),
        Some(_) => Err("stale_after_days: a whole number of days from 1 to 3650".into()),
    }
}

fn check_settings(s: &SettingsRecord) -> Result<()> {
    settings_rules(s).map_err(|problem| Error::validation("file", format!("settings: {problem}")))
}

// ---------------------------------------------------------------------------
// The change log

/// How a change is named in a message: its record, when the file says.
fn change_label(c: &ChangeRecord) -> String {
    match (c.entity.as_str(), c.entity_id.as_str()) {
        ("", _) | (_, "") => String::new(),
        (entity, id) => format!("{entity} {id}"),
    }
}

/// One-line text with no control characters, by the forms' rule.
fn change_line(field: &'static str, value: &str) -> Check {
    name_text(field, value)
}

/// An entry of the change log as someone's edit left it: a known action,
/// when, who, which record, and the fields as `[old, new]` pairs. The entry
/// is history, so it is kept as written: the record it names may have been
/// deleted since, and its values are not checked against the forms.
fn change_rules(c: &ChangeRecord) -> Check {
    timestamp_field("at", &c.at)?;
    if let Some(who) = &c.who {
        change_line("who", who)?;
    }
    vocabulary("action", &c.action, ChangeAction::ALL, ChangeAction::as_str)?;
    change_line("entity", &c.entity)?;
    change_line("entity_id", &c.entity_id)?;
    if let Some(account) = &c.account_id {
        change_line("account_id", account)?;
    }
    for (field, pair) in c.fields.iter().flat_map(|f| &f.0) {
        if field.trim().is_empty() || field.chars().any(char::is_control) {
            return Err(format!("fields: \"{field}\" is not a field name"));
        }
        if pair.as_array().is_none_or(|p| p.len() != 2) {
            return Err(format!("fields: {field}: must be a pair [old, new]"));
        }
    }
    Ok(())
}

fn check_change(_: &Parse<'_>, i: usize, c: &ChangeRecord) -> Result<()> {
    change_rules(c).map_err(|problem| {
        let label = change_label(c);
        if label.is_empty() {
            Error::validation("file", format!("changes[{i}]: {problem}"))
        } else {
            keyed_error("changes", i, &label, &problem)
        }
    })
}

// ---------------------------------------------------------------------------
// Bulk insert, shared with the demo generator.

/// Turns a refused row into a message about the record; anything else stays
/// a database error.
fn insert_error(kind: &str, index: usize, id: &str, refusal: Refusal, unique: &str) -> Error {
    match refusal {
        Refusal::Unique(message) => {
            let problem = if message.contains(&format!("{kind}.id")) || message.contains("interaction_people") {
                "id: another record of this kind has the same id"
            } else {
                unique
            };
            record_error(kind, index, id, problem)
        }
        Refusal::Constraint(message) => record_error(kind, index, id, &message),
        Refusal::Other(e) => e,
    }
}

/// [`insert_error`] for records named by their account and key.
fn keyed_insert_error(kind: &str, index: usize, label: &str, refusal: Refusal, unique: &str) -> Error {
    match refusal {
        Refusal::Unique(_) => keyed_error(kind, index, label, unique),
        Refusal::Constraint(message) => keyed_error(kind, index, label, &message),
        Refusal::Other(e) => e,
    }
}

pub(crate) async fn insert_batch(conn: &mut SqliteConnection, batch: &Batch) -> Result<()> {
    match batch {
        Batch::Accounts { first, rows } => {
            store::insert(conn, rows).await.map_err(|(i, e)| {
                insert_error(
                    "accounts",
                    first + i,
                    &rows[i].id,
                    e,
                    "name: another account (not in the trash) has the same name, ignoring case",
                )
            })?;
            crate::store::bulk::record(conn, "accounts").await
        }
        Batch::People { first, rows } => {
            store::insert(conn, rows)
                .await
                .map_err(|(i, e)| insert_error("people", first + i, &rows[i].id, e, "id: used twice"))?;
            crate::store::bulk::record(conn, "people").await
        }
        Batch::PersonRoles { first, rows } => store::insert(conn, rows)
            .await
            .map_err(|(i, e)| insert_error("person_roles", first + i, &rows[i].id, e, "id: used twice")),
        Batch::Connections { first, rows } => {
            store::insert(conn, rows).await.map_err(|(i, e)| {
                insert_error(
                    "connections",
                    first + i,
                    &rows[i].id,
                    e,
                    "ours_id, theirs_id: another connection (not in the trash) joins the same two people",
                )
            })?;
            crate::store::bulk::record(conn, "connections").await
        }
        Batch::Interactions { first, rows } => {
            store::insert(conn, rows)
                .await
                .map_err(|(i, e)| insert_error("interactions", first + i, &rows[i].id, e, "id: used twice"))?;
            crate::store::bulk::record(conn, "interactions").await?;
            let pairs: Vec<store::InteractionPerson> = rows
                .iter()
                .flat_map(|x| x.people.iter().map(|p| store::InteractionPerson(x.id.as_str(), p.as_str())))
                .collect();
            store::insert(conn, &pairs).await.map_err(|(i, e)| {
                let id = pairs[i].0;
                let at = rows.iter().position(|x| x.id == id).unwrap_or(0);
                insert_error("interactions", first + at, id, e, "people: a person is listed twice")
            })?;
            crate::store::bulk::record(conn, "interaction_people").await
        }
        Batch::Meetings { first, rows } => {
            store::insert(conn, rows)
                .await
                .map_err(|(i, e)| insert_error("meetings", first + i, &rows[i].id, e, "id: used twice"))?;
            let pairs: Vec<store::MeetingAttendee> = rows
                .iter()
                .flat_map(|m| m.attendees.iter().map(|p| store::MeetingAttendee(m.id.as_str(), p.as_str())))
                .collect();
            store::insert(conn, &pairs).await.map_err(|(i, e)| {
                let id = pairs[i].0;
                let at = rows.iter().position(|m| m.id == id).unwrap_or(0);
                insert_error("meetings", first + at, id, e, "attendees: a person is listed twice")
            })
        }
        Batch::MeetingEvents { first, rows } => store::insert(conn, rows)
            .await
            .map_err(|(i, e)| insert_error("meeting_events", first + i, &rows[i].n.to_string(), e, "n: used twice")),
        Batch::Blueprints { first, rows } => insert_blueprints(conn, *first, rows).await,
        Batch::Feedback { first, rows } => store::insert(conn, rows)
            .await
            .map_err(|(i, e)| insert_error("feedback", first + i, &rows[i].id, e, "id: used twice")),
        Batch::FeedbackEvents { first, rows } => store::insert(conn, rows)
            .await
            .map_err(|(i, e)| insert_error("feedback_events", first + i, &rows[i].n.to_string(), e, "n: used twice")),
        Batch::Stories { first, rows } => store::insert(conn, rows)
            .await
            .map_err(|(i, e)| insert_error("stories", first + i, &rows[i].id, e, "id: used twice")),
        Batch::Commitments { first, rows } => store::insert(conn, rows)
            .await
            .map_err(|(i, e)| insert_error("commitments", first + i, &rows[i].id, e, "id: used twice")),
        Batch::OwnershipAnswers { first, rows } => store::insert(conn, rows).await.map_err(|(i, e)| {
            let a = &rows[i];
            let label = format!("account {}, {}", a.account_id, a.question);
            keyed_insert_error("ownership_answers", first + i, &label, e, "question: answered twice for the account")
        }),
        Batch::HealthHistory { first, rows } => store::insert(conn, rows).await.map_err(|(i, e)| {
            let h = &rows[i];
            let label = format!("account {}, {}", h.account_id, h.on_date);
            keyed_insert_error("health_history", first + i, &label, e, "on_date: the account has two scores this day")
        }),
        Batch::Changes { first, rows } => store::insert(conn, rows).await.map_err(|(i, e)| {
            let c = &rows[i];
            keyed_insert_error("changes", first + i, &change_label(c), e, "the change log refused it")
        }),
        Batch::Settings(settings) => write_settings(conn, settings).await,
    }
}

/// Fills in the settings the vault does not have yet; one already set in the
/// vault (say, your own name in a new vault) is kept.
pub(crate) async fn write_settings(conn: &mut SqliteConnection, settings: &SettingsRecord) -> Result<()> {
    store::fill_settings(conn, settings).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_rules_name_the_field_and_the_rule() {
        let account = AccountRecord {
            id: "0192f0c1-0000-7000-8000-000000000001".into(),
            name: "Harbour Freight".into(),
            tier: "key".into(),
            status: "active".into(),
            created_at: "2026-01-01T00:00:00.000Z".into(),
            updated_at: "2026-01-01T00:00:00.000Z".into(),
            ..Default::default()
        };
        assert_eq!(account_rules(&account), Ok(()));
        let cases: Vec<(AccountRecord, &str)> = vec![
            (AccountRecord { name: " ".into(), ..account.clone() }, "name: is required"),
            (AccountRecord { tier: "gold".into(), ..account.clone() }, "tier: \"gold\" is not allowed"),
            (AccountRecord { currency: Some("eur".into()), ..account.clone() }, "currency: \"eur\""),
            (AccountRecord { annual_revenue: Some(5), ..account.clone() }, "currency: is required"),
            (
                AccountRecord { next_customer_review: Some("2026-13-01".into()), ..account.clone() },
                "next_customer_review: \"2026-13-01\" is not a date",
            ),
            (AccountRecord { created_at: "yesterday".into(), ..account.clone() }, "created_at: \"yesterday\""),
        ];
        for (case, expected) in cases {
            let err = account_rules(&case).unwrap_err();
            assert!(err.starts_with(expected), "{err}");
        }
        assert!(uuid_key("id", "0192F0C1-0000-7000-8000-000000000001").is_err());
        assert!(uuid_key("id", "").unwrap_err().contains("required"));
        assert!(in_range("strength", 6, &crate::kinds::STRENGTH).unwrap_err().contains("from 1 to 5"));
    }

    #[test]
    fn meeting_rules_name_the_field_and_derive_utc() {
        let meeting = MeetingRecord {
            id: "0192f0c1-0000-7000-8000-0000000000f1".into(),
            account_id: "0192f0c1-0000-7000-8000-000000000001".into(),
            title: "Quarterly visit".into(),
            kind: "connecting".into(),
            starts_local: "2026-11-26T09:30".into(),
            ends_local: "2026-11-26T11:00".into(),
            time_zone: "Europe/Oslo".into(),
            state: "draft".into(),
            created_at: "2026-01-01T00:00:00.000Z".into(),
            updated_at: "2026-01-01T00:00:00.000Z".into(),
            ..Default::default()
        };
        let (state, starts, ends) = meeting_rules(&meeting).unwrap();
        assert_eq!(
            (state, starts.as_str(), ends.as_str()),
            (MeetingState::Draft, "2026-11-26T08:30:00.000Z", "2026-11-26T10:00:00.000Z")
        );
        let cases: Vec<(MeetingRecord, &str)> = vec![
            (MeetingRecord { kind: "lunch".into(), ..meeting.clone() }, "kind: \"lunch\" is not allowed"),
            (MeetingRecord { state: "Approved".into(), ..meeting.clone() }, "state: \"Approved\" is not allowed"),
            (MeetingRecord { time_zone: "Mars/Olympus".into(), ..meeting.clone() }, "time_zone: \"Mars/Olympus\""),
            (
                MeetingRecord { starts_local: "2026-11-26 09:30".into(), ..meeting.clone() },
                "starts_local: \"2026-11-26 09:30\" must be",
            ),
            (MeetingRecord { ends_local: "2026-11-26T09:00".into(), ..meeting.clone() }, "ends_local: must be after"),
            (MeetingRecord { trip: Some(" ".into()), ..meeting.clone() }, "trip: is blank"),
            (MeetingRecord { revision: -1, ..meeting.clone() }, "revision: -1 is out of range"),
            (MeetingRecord { title: String::new(), ..meeting.clone() }, "title: is required"),
        ];
        for (case, expected) in cases {
            let err = meeting_rules(&case).unwrap_err();
            assert!(err.starts_with(expected), "{err}");
        }
    }

    #[test]
    fn connection_rules_tie_intermediary_to_proxied() {
        let c = ConnectionRecord {
            ours_id: "0192f0c1-0000-7000-8000-000000000011".into(),
            theirs_id: "0192f0c1-0000-7000-8000-000000000012".into(),
            dimension: "proxied".into(),
            strength: 3,
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
            ..Default::default()
        };
        assert!(connection_rules(&c).unwrap_err().starts_with("intermediary:"));
        let named = ConnectionRecord { intermediary: Some("Their CFO's assistant".into()), ..c.clone() };
        assert_eq!(connection_rules(&named), Ok(()));
        let formal = ConnectionRecord { dimension: "formal".into(), ..named.clone() };
        assert!(connection_rules(&formal).unwrap_err().starts_with("intermediary:"));
        let weak = ConnectionRecord { strength: 0, ..named };
        assert!(connection_rules(&weak).unwrap_err().starts_with("strength:"));
    }
}
