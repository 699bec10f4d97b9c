//! A meeting pack: the meetings of a date range, a trip or a hand-picked list,
//! in time order — a cover with the contents, the itinerary, one brief per
//! meeting and a directory of everyone met.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use super::sections::{self, name_and_title};
use super::{BriefData, BriefOptions};
use crate::documents::kit::{Audience, capitalised, col, note};
use crate::error::{Error, Result};
use crate::meetings::{self, MeetingQuery};
use crate::pdf::{Block, Chapter, Document, Fact};
use crate::text;

/// The most meetings one pack holds.
pub const MAX_MEETINGS: usize = 500;

/// Which meetings go in. At least one of a range, a trip or a list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct PackRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub trip: Option<String>,
    pub meeting_ids: Vec<String>,
    /// Printed on the cover; defaults to the traveller in the settings.
    pub traveller: Option<String>,
    /// Leave out declined meetings (the default for a range or a trip).
    pub include_declined: bool,
}

const COVER: &str = "Meeting pack";
const ITINERARY: &str = "Itinerary";
const DIRECTORY: &str = "Directory of people met";

pub async fn document(pool: &SqlitePool, request: &PackRequest, options: &BriefOptions) -> Result<Document> {
    let trip = text::optional_line("trip", request.trip.as_deref())?;
    let ids: Vec<String> = request.meeting_ids.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    if request.from.is_none() && request.to.is_none() && trip.is_none() && ids.is_empty() {
        return Err(Error::validation("from", "choose a date range, a trip or the meetings to include"));
    }
    let traveller = match text::optional_line("traveller", request.traveller.as_deref())? {
        Some(t) => Some(t),
        None => crate::settings::get(pool).await?.traveller,
    };
    let query = MeetingQuery {
        from: request.from.clone(),
        to: request.to.clone(),
        trip: trip.clone(),
        ids: ids.clone(),
        ..Default::default()
    };
    let mut conn = pool.acquire().await?;
    let summaries = meetings::list_in(&mut conn, &query).await?;
    let chosen: Vec<_> = summaries
        .into_iter()
        .filter(|m| request.include_declined || !ids.is_empty() || m.state != meetings::MeetingState::Declined)
        .collect();
    if chosen.is_empty() {
        return Err(Error::validation("from", "no meetings match; widen the dates or pick meetings"));
    }
    if chosen.len() > MAX_MEETINGS {
        return Err(Error::validation(
            "from",
            format!("{} meetings match; a pack holds at most {MAX_MEETINGS}", chosen.len()),
        ));
    }
    check_one_customer(&chosen, options.audience)?;
    let mut briefs = Vec::with_capacity(chosen.len());
    let mut accounts = super::AccountCache::new();
    for m in &chosen {
        let data = super::load_cached(&mut conn, &m.id, &mut accounts, options).await?;
        // One audience for every page: each brief is cut down for the
        // pack's, and the cover says whose it is.
        briefs.push(data.for_audience(options.audience));
    }
    drop(conn);

    let mut chapters =
        vec![cover(&briefs, traveller.as_deref(), trip.as_deref(), options), itinerary(&briefs, options)];
    for data in &briefs {
        chapters.extend(sections::brief_chapters(data, options));
    }
    chapters.push(directory(&briefs));
    Ok(Document {
        title: match &trip {
            Some(t) => format!("{COVER}: {t}"),
            None => COVER.to_string(),
        },
        generated: options.now,
        chapters,
        audience: options.footer(),
    })
}

/// A pack has one audience, and a pack for the customer is for one
/// customer: meetings with another would put their names in its itinerary,
/// directory and cover.
fn check_one_customer(chosen: &[meetings::MeetingSummary], audience: Audience) -> Result<()> {
    if audience != Audience::Shareable {
        return Ok(());
    }
    let customers: std::collections::BTreeSet<&str> = chosen.iter().map(|m| m.account_name.as_str()).collect();
    if customers.len() > 1 {
        let names: Vec<&str> = customers.into_iter().collect();
        return Err(Error::validation(
            "audience",
            format!(
                "a pack shareable with the customer is for one customer, and these meetings are with {}: \
                 make one pack per customer, or choose the internal audience",
                names.join(", ")
            ),
        ));
    }
    Ok(())
}

/// How many briefs a pack document holds.
pub(crate) fn meeting_count(doc: &Document) -> usize {
    doc.chapters.iter().filter(|c| c.in_contents && c.title != ITINERARY && c.title != DIRECTORY).count()
}

fn cover(briefs: &[BriefData], traveller: Option<&str>, trip: Option<&str>, options: &BriefOptions) -> Chapter {
    let first = briefs.first().map(|b| b.starts.date());
    let last = briefs.iter().map(|b| b.ends.date()).max();
    let dates = match (first, last) {
        (Some(a), Some(b)) if a == b => super::day(&a.and_time(Default::default())),
        (Some(a), Some(b)) => format!("{} – {}", a.format("%a %-d %b"), b.format("%a %-d %b %Y")),
        _ => String::new(),
    };
    let accounts: std::collections::BTreeSet<&str> = briefs.iter().map(|b| b.account.name.as_str()).collect();
    let drafts = briefs.iter().filter(|b| b.is_draft()).count();
    let mut rows = vec![
        Fact { label: "Traveller".into(), value: traveller.unwrap_or("not named").into() },
        Fact { label: "Dates".into(), value: dates.clone() },
        Fact {
            label: "Meetings".into(),
            value: format!(
                "{} with {} {}",
                briefs.len(),
                accounts.len(),
                if accounts.len() == 1 { "account" } else { "accounts" }
            ),
        },
    ];
    if let Some(home) = options.home_zone {
        rows.push(Fact { label: "Home time zone".into(), value: home.name().into() });
    }
    if let Some(audience) = options.audience.footer() {
        rows.push(Fact { label: "Audience".into(), value: audience.into() });
    }
    if drafts > 0 {
        rows.push(Fact {
            label: "Not approved".into(),
            value: format!("{drafts} of the briefs are marked DRAFT: their meetings are not approved yet"),
        });
    }
    Chapter {
        title: COVER.into(),
        draft: false,
        in_contents: false,
        blocks: vec![
            Block::Title {
                text: trip.map_or_else(|| COVER.to_string(), str::to_string),
                subtitle: Some(match trip {
                    Some(_) => format!("{COVER} · {dates}"),
                    None => dates.clone(),
                }),
            },
            Block::Facts { rows },
            Block::Heading { text: "Contents".into() },
            Block::Contents,
        ],
    }
}

fn itinerary(briefs: &[BriefData], options: &BriefOptions) -> Chapter {
    let rows = briefs
        .iter()
        .map(|b| {
            let abbr = b.starts_utc.with_timezone(&b.zone).format("%Z");
            let local = format!(
                "{}, {}–{} {abbr}\n{}",
                b.starts.format("%a %-d %b"),
                b.starts.format("%H:%M"),
                b.ends.format("%H:%M"),
                super::zone_city(b.zone)
            );
            let home = super::home_short(b, options.home_zone).unwrap_or_else(|| "as local".into());
            vec![
                local,
                home,
                b.account.name.clone(),
                b.meeting.title.clone(),
                b.meeting.location.clone().unwrap_or_default(),
                capitalised(b.meeting.state.label()),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Title { text: ITINERARY.into(), subtitle: None }];
    blocks.push(Block::Table {
        columns: vec![
            col("When (local)", 2.2),
            col("Your time", 1.7),
            col("Account", 1.6),
            col("Meeting", 2.3),
            col("Where", 1.7),
            col("Review", 1.75),
        ],
        rows,
    });
    Chapter { title: ITINERARY.into(), draft: false, in_contents: true, blocks }
}

/// Everyone met, theirs by organisation then ours, with where they appear.
fn directory(briefs: &[BriefData]) -> Chapter {
    // person id → (sort key, row, meetings)
    let mut people: BTreeMap<String, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
    for b in briefs {
        let meeting = format!("{} {}", b.starts.format("%-d %b"), b.meeting.title);
        for p in &b.attendees {
            let org = if p.account_id.is_some() { b.account.name.clone() } else { "Us".to_string() };
            let entry = people.entry(p.id.clone()).or_insert_with(|| {
                let key =
                    format!("{}{}\u{0}{}", u8::from(p.account_id.is_none()), org.to_lowercase(), p.name.to_lowercase());
                let contact = [p.email.clone(), p.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                (key, vec![name_and_title(p), org, contact], Vec::new())
            });
            entry.2.push(meeting.clone());
        }
    }
    let mut rows: Vec<(String, Vec<String>)> = people
        .into_values()
        .map(|(key, mut row, meetings)| {
            row.push(meetings.join("; "));
            (key, row)
        })
        .collect();
    rows.sort();
    let mut blocks = vec![Block::Title { text: DIRECTORY.into(), subtitle: None }];
    if rows.is_empty() {
        blocks.push(note("No attendees on any of these meetings."));
    } else {
        blocks.push(Block::Table {
            columns: vec![col("Name", 2.6), col("Organisation", 1.6), col("Contact", 2.4), col("Meetings", 2.4)],
            rows: rows.into_iter().map(|(_, r)| r).collect(),
        });
    }
    Chapter { title: DIRECTORY.into(), draft: false, in_contents: true, blocks }
}
