//! The sections of a brief, in the order they are printed. Each is one
//! function from the meeting's data to blocks (`None` when it has nothing to
//! say); the care sections (blueprint goals, feedback, stories, overdue
//! follow-ups) read what [`super::Care`] loaded once per account.

use chrono::NaiveDate;

use super::{BriefData, BriefOptions, FeedbackItem, StoryItem};
use crate::analysis::FindingKind;
use crate::care::feedback::FeedbackState;
use crate::care::story::StoryKind;
use crate::documents::kit::{Audience, capitalised, col, group_thousands, note};
use crate::kinds::{Dimension, Disposition};
use crate::pdf::{Block, Chapter, Fact, Line, MapEdge, MapFigure, MapNode, Span};
use crate::people::Person;

/// A brief section: a heading's worth of blocks, or nothing.
pub type Section = fn(&BriefData, &BriefOptions) -> Option<Vec<Block>>;

/// After the first page, in order, each with the least trusted audience that
/// may read it (see [`Audience`]; the data itself is cut down for the
/// audience before any section runs, in [`BriefData::for_audience`]). A new
/// section is one line here: `(Audience::Internal, my_section)`.
pub const BRIEF: &[(Audience, Section)] = &[
    (Audience::Internal, super::since::changes_section),
    (Audience::Internal, whos_who),
    (Audience::Internal, super::moves::people_who_moved),
    (Audience::Internal, relationship_snapshot),
    (Audience::Executive, personal_ties),
    (Audience::Internal, account_snapshot),
    (Audience::Shareable, blueprint_goals),
    (Audience::Internal, feedback),
    (Audience::Internal, stories),
    (Audience::Internal, super::promises::promises),
    (Audience::Internal, overdue_follow_ups),
    (Audience::Internal, sensitivities),
    (Audience::Internal, review_thread),
    (Audience::Internal, follow_up_checklist),
];

/// A brief's chapters: the first page, which stands alone, then the sections
/// the options' audience may read. The customer gets a first page of their
/// own ([`customer_page`]): page one is our preparation.
pub fn brief_chapters(data: &BriefData, options: &BriefOptions) -> Vec<Chapter> {
    let title = format!("{} — {}", data.account.name, data.meeting.title);
    let mut blocks = match options.audience {
        Audience::Shareable => customer_page(data, options),
        Audience::Executive | Audience::Internal => first_page(data, options),
    };
    blocks.push(Block::PageBreak);
    for (reader, section) in BRIEF {
        if !options.audience.may_read(*reader) {
            continue;
        }
        if let Some(more) = section(data, options) {
            blocks.extend(more);
        }
    }
    vec![Chapter { title, draft: data.is_draft(), in_contents: true, blocks }]
}

/// Page one for the customer: the meeting, who is coming, and the goals we
/// share with them. None of our preparation (objective, asks, the three
/// things to know).
pub fn customer_page(data: &BriefData, options: &BriefOptions) -> Vec<Block> {
    let m = &data.meeting;
    let mut facts = vec![Fact { label: "When".into(), value: super::local_when(data) }];
    if let Some(home) = super::home_when(data, options.home_zone) {
        facts.push(Fact { label: "Your time".into(), value: home });
    }
    facts.push(Fact { label: "Where".into(), value: m.location.clone().unwrap_or_else(|| "not set yet".into()) });
    facts.push(Fact { label: "Your side".into(), value: names(data.theirs()) });
    facts.push(Fact { label: "Our side".into(), value: names(data.ours()) });
    let mut blocks = vec![
        Block::Title {
            text: m.title.clone(),
            subtitle: Some(format!("{} · {}", data.account.name, capitalised(m.kind.label()))),
        },
        Block::Facts { rows: facts },
    ];
    if let Some(goals) = &data.account.mutual_goals {
        blocks.push(Block::Heading { text: "Goals we share".into() });
        blocks.push(Block::Paragraph { spans: vec![Span::plain(goals.clone())] });
    }
    blocks
}

// ---------------------------------------------------------------------------
// Page one: who, when, where, why, the value proposition, the asks, and the
// three things to know.

pub fn first_page(data: &BriefData, options: &BriefOptions) -> Vec<Block> {
    let m = &data.meeting;
    let mut facts = vec![Fact { label: "When".into(), value: super::local_when(data) }];
    if let Some(home) = super::home_when(data, options.home_zone) {
        facts.push(Fact { label: "Your time".into(), value: home });
    }
    facts.push(Fact { label: "Where".into(), value: m.location.clone().unwrap_or_else(|| "not set yet".into()) });
    facts.push(Fact { label: "Their side".into(), value: their_names(data, options) });
    facts.push(Fact { label: "Our side".into(), value: names(data.ours()) });
    facts.push(Fact { label: "Review".into(), value: review_line(data) });

    let mut blocks = vec![
        Block::Title {
            text: m.title.clone(),
            subtitle: Some(format!("{} · {}", data.account.name, capitalised(m.kind.label()))),
        },
        Block::Facts { rows: facts },
    ];
    blocks.extend(super::since::first_page_block(data));
    blocks.extend([
        Block::Callout { title: "Three things to know".into(), items: three_things(data, options) },
        Block::Heading { text: "Why we are going".into() },
        paragraph_or_note(m.objective.as_deref(), "No objective written yet."),
        Block::Heading { text: "Value proposition".into() },
        paragraph_or_note(m.value_proposition.as_deref(), "No value proposition written yet."),
        Block::Heading { text: "What we will ask for".into() },
    ]);
    let asks = items(m.asks.as_deref());
    blocks.push(if asks.is_empty() { note("No asks written yet.") } else { Block::Bullets { items: asks } });
    blocks
}

/// Their attendees with the age of each title: "Dana Whitfield, CFO (title
/// as of Jun 2026)", marked stale past the threshold in the settings.
fn their_names(data: &BriefData, options: &BriefOptions) -> String {
    let list: Vec<String> = data
        .theirs()
        .map(|p| {
            let as_of = data.ages.title_as_of.iter().find(|(id, _)| *id == p.id).map(|(_, on)| *on);
            match (&p.title, as_of) {
                (Some(_), Some(on)) => {
                    let stale = if stale(data, options, on) { ", stale" } else { "" };
                    format!("{} (title as of {}{stale})", name_and_title(p), on.format("%b %Y"))
                }
                _ => name_and_title(p),
            }
        })
        .collect();
    if list.is_empty() { "nobody yet".into() } else { list.join("; ") }
}

/// Whether a fact from `on` is older than the stale threshold.
fn stale(data: &BriefData, options: &BriefOptions, on: NaiveDate) -> bool {
    (data.today - on).num_days() > i64::from(options.stale_after_days)
}

fn review_line(data: &BriefData) -> String {
    let state = capitalised(data.meeting.state.label());
    match data.events.iter().rev().find(|e| e.to_state == data.meeting.state && e.from_state != e.to_state) {
        Some(e) => format!("{state} by {} on {}", e.actor, short_date(&e.at)),
        None => state,
    }
}

/// The three things most worth knowing walking in, picked from the data in
/// order of weight: risks among the attendees, who is against us, what the
/// customer holds against us or is waiting for ([`care_point`]), what
/// happened last, what to be careful about.
pub fn three_things(data: &BriefData, options: &BriefOptions) -> Vec<String> {
    let attending: Vec<&str> = data.attendees.iter().map(|p| p.id.as_str()).collect();
    let mut things = Vec::new();
    let findings = &data.relationship.analysis.findings;
    let mut about_attendees: Vec<_> =
        findings.iter().filter(|f| f.people.iter().any(|p| attending.contains(&p.as_str()))).collect();
    about_attendees.sort_by_key(|f| weight(f.kind));
    things.extend(about_attendees.iter().take(1).map(|f| f.message.clone()));

    for p in data.theirs() {
        if let Some(d @ (Disposition::Detractor | Disposition::Sceptic)) = p.disposition {
            things.push(format!("{} is a {} of ours: {}", with_title(p), d.label(), hearing_them_out(d)));
            break;
        }
    }
    // What the customer holds against us or is waiting for outweighs the
    // last contact and the ground rules, not the risks in the room.
    if let Some(point) = care_point(data) {
        things.push(point);
    }
    if let Some(last) = data.recent.first() {
        let on = date(&last.occurred_on);
        let days = (options.now.date_naive() - on).num_days();
        let by = match data.ages.last_contact_by.as_slice() {
            [] => String::new(),
            names => format!(" by {}", names.join(" and ")),
        };
        let stale = if stale(data, options, on) { " — stale" } else { "" };
        things.push(format!(
            "Last contact {}{by} ({}, {}{stale}): {}",
            ago(days),
            last.kind.label(),
            last.occurred_on,
            first_line(&last.summary)
        ));
    } else {
        things.push("There is no contact with this account in the log yet: this meeting starts the record.".into());
    }
    if let Some(s) = data.meeting.sensitivities.as_deref().and_then(|s| items(Some(s)).into_iter().next()) {
        things.push(format!("Handle with care: {s}"));
    }
    for f in findings {
        if things.len() >= 3 {
            break;
        }
        if !things.contains(&f.message) {
            things.push(f.message.clone());
        }
    }
    if let Some(champion) = data.theirs().find(|p| p.disposition == Some(Disposition::Champion))
        && things.len() < 3
    {
        things.push(format!("{} is our champion in the room: let them lead where they can.", with_title(champion)));
    }
    things.truncate(3);
    things
}

/// The one care point worth a line on page one: an unresolved horror story
/// (the latest), else feedback from someone in the room that nobody has
/// thanked them for, else theirs that is due to be looked at again.
fn care_point(data: &BriefData) -> Option<String> {
    if let Some(s) = data.care.stories.iter().filter(|s| s.open_horror()).max_by_key(|s| s.occurred_on) {
        return Some(format!(
            "Unresolved horror story from {}: {} ({}). Expect it to come up; know where the fix stands.",
            s.department,
            s.title.trim_end_matches('.'),
            s.occurred_on.format("%b %Y")
        ));
    }
    let from_attendee = |f: &&FeedbackItem| data.attending(f.person_id.as_deref());
    if let Some(f) = data.care.feedback.iter().filter(from_attendee).find(|f| f.unthanked()) {
        return Some(format!(
            "{} told us on {}, “{}”, and nobody has thanked them yet: thank them in the room.",
            f.person_name.as_deref().unwrap_or("Someone here"),
            long(f.received_on),
            gist(&f.text, 90)
        ));
    }
    data.care.feedback.iter().filter(from_attendee).find(|f| f.to_reconsider()).map(|f| {
        format!(
            "{}'s feedback “{}” was put off until {} and is due again: bring an answer.",
            f.person_name.as_deref().unwrap_or("Their"),
            gist(&f.text, 90),
            f.reconsider_on.map(long).unwrap_or_default()
        )
    })
}

fn weight(kind: FindingKind) -> u8 {
    match kind {
        FindingKind::KeyPerson => 0,
        FindingKind::Bypass => 1,
        FindingKind::SingleExecutiveThread => 2,
        FindingKind::NoChampion => 3,
        _ => 4,
    }
}

fn hearing_them_out(d: Disposition) -> &'static str {
    match d {
        Disposition::Detractor => "expect objections and leave room to hear them out.",
        _ => "come with evidence, not adjectives.",
    }
}

// ---------------------------------------------------------------------------
// Who's who

fn whos_who(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let mut blocks = vec![Block::Heading { text: "Who's who".into() }];
    let theirs: Vec<&Person> = data.theirs().collect();
    if theirs.is_empty() {
        blocks.push(note("None of their people are on the attendee list yet."));
    } else {
        let rows = theirs.iter().map(|p| their_row(data, p)).collect();
        blocks.push(Block::Table {
            columns: vec![
                col("Their side", 3.0),
                col("Level", 0.8),
                col("Role · stance", 2.0),
                col("Our tie", 2.8),
                col("Last contact", 1.4),
            ],
            rows,
        });
    }
    let ours: Vec<&Person> = data.ours().collect();
    if !ours.is_empty() {
        let rows = ours
            .iter()
            .map(|p| {
                let ties = data
                    .relationship
                    .connections
                    .iter()
                    .filter(|c| c.ours_id == p.id && c.account_id == data.account.id)
                    .count();
                vec![
                    name_and_title(p),
                    p.function.map(|f| capitalised(f.label())).unwrap_or_default(),
                    match ties {
                        0 => "no ties at this account".into(),
                        1 => "1 tie at this account".into(),
                        n => format!("{n} ties at this account"),
                    },
                ]
            })
            .collect();
        blocks.push(Block::Table { columns: vec![col("Our side", 3.0), col("Function", 2.0), col("Ties", 2.0)], rows });
    }
    Some(blocks)
}

fn their_row(data: &BriefData, p: &Person) -> Vec<String> {
    let role = [p.decision_role.map(|r| capitalised(r.label())), p.disposition.map(|d| d.label().to_string())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let ties: Vec<String> = data
        .relationship
        .connections
        .iter()
        .filter(|c| c.theirs_id == p.id)
        .map(|c| {
            let owner = data.person(&c.ours_id).map_or("someone", |o| o.name.as_str());
            format!("{owner} ({}, {}/5)", c.dimension.label(), c.strength)
        })
        .collect();
    let last = data
        .relationship
        .connections
        .iter()
        .filter(|c| c.theirs_id == p.id)
        .filter_map(|c| c.last_contact.clone())
        .max()
        .unwrap_or_else(|| "—".into());
    let mut name = name_and_title(p);
    if !p.active {
        name.push_str(" (has left)");
    }
    vec![
        name,
        format!("L{}", p.org_level),
        if role.is_empty() { "—".into() } else { role },
        if ties.is_empty() { "no tie yet".into() } else { ties.join("; ") },
        last,
    ]
}

// ---------------------------------------------------------------------------
// The relationship snapshot: the attendees' ties as a small map, and what the
// numbers say.

fn relationship_snapshot(data: &BriefData, options: &BriefOptions) -> Option<Vec<Block>> {
    let rel = &data.relationship;
    let mut blocks = vec![Block::Heading { text: "Relationship snapshot".into() }];
    blocks.push(Block::Map(attendee_map(data)));

    let mix = &rel.analysis.dimension_mix;
    let ties = rel.connections.len();
    let avg = if ties == 0 {
        "—".to_string()
    } else {
        format!("{:.1} of 5", rel.connections.iter().map(|c| f64::from(c.strength)).sum::<f64>() / ties as f64)
    };
    let overdue = overdue_ties(data, options.now.date_naive());
    let mut facts = vec![
        Fact {
            label: "Ties".into(),
            value: format!("{ties} between {} of ours and {} of theirs", rel.ours.len(), rel.theirs.len()),
        },
        Fact { label: "Average strength".into(), value: avg },
        Fact {
            label: "Dimension mix".into(),
            value: if mix.total_strength == 0 {
                "no ties yet".into()
            } else {
                format!(
                    "{:.0}% formal · {:.0}% personal · {:.0}% proxied",
                    mix.formal * 100.0,
                    mix.personal * 100.0,
                    mix.proxied * 100.0
                )
            },
        },
        Fact {
            label: "Key-person risk".into(),
            value: match rel.analysis.findings.iter().find(|f| f.kind == FindingKind::KeyPerson) {
                Some(f) => f.message.clone(),
                None => "none found".into(),
            },
        },
        Fact {
            label: "Cadence".into(),
            value: if overdue.is_empty() {
                "every tie with a cadence is up to date".into()
            } else {
                format!("{} overdue: {}", overdue.len(), overdue.join("; "))
            },
        },
    ];
    if let Some(level) = rel.analysis.working_level {
        facts.push(Fact { label: "Working level".into(), value: format!("L{level}") });
    }
    blocks.push(Block::Facts { rows: facts });
    let others: Vec<String> =
        rel.analysis.findings.iter().filter(|f| f.kind != FindingKind::KeyPerson).map(|f| f.message.clone()).collect();
    if !others.is_empty() {
        blocks.push(Block::Bullets { items: others });
    }
    Some(blocks)
}

/// The attendees, plus whoever of ours holds a tie to one of their attendees.
pub fn attendee_map(data: &BriefData) -> MapFigure {
    let rel = &data.relationship;
    let theirs: Vec<&Person> = data.theirs().collect();
    let mut ours: Vec<&Person> = data.ours().collect();
    let edges: Vec<_> = rel.connections.iter().filter(|c| theirs.iter().any(|t| t.id == c.theirs_id)).collect();
    for c in &edges {
        if !ours.iter().any(|o| o.id == c.ours_id)
            && let Some(p) = rel.ours.iter().find(|o| o.id == c.ours_id)
        {
            ours.push(p);
        }
    }
    let risky: Vec<&str> = rel
        .analysis
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::KeyPerson)
        .flat_map(|f| f.people.iter().map(String::as_str))
        .collect();
    let attending = |id: &str| data.attendees.iter().any(|a| a.id == id);
    let node = |p: &Person, ours: bool| MapNode {
        id: p.id.clone(),
        label: p.name.clone(),
        detail: Some(if attending(&p.id) { p.title.clone().unwrap_or_default() } else { "not attending".into() }),
        ours,
        highlight: risky.contains(&p.id.as_str()),
    };
    MapFigure {
        nodes: ours.iter().map(|p| node(p, true)).chain(theirs.iter().map(|p| node(p, false))).collect(),
        edges: edges
            .iter()
            .map(|c| MapEdge {
                from: c.ours_id.clone(),
                to: c.theirs_id.clone(),
                line: match c.dimension {
                    Dimension::Formal => Line::Solid,
                    Dimension::Personal => Line::Dashed,
                    Dimension::Proxied => Line::Dotted,
                },
                strength: c.strength,
            })
            .collect(),
        caption: Some(if edges.is_empty() {
            "No ties to their attendees yet.".into()
        } else {
            "Lines are ties: solid formal, dashed personal, dotted proxied; thicker is stronger. A ring marks a key-person risk.".into()
        }),
    }
}

/// Ties with a cadence whose last contact is older than it, most overdue first.
fn overdue_ties(data: &BriefData, today: NaiveDate) -> Vec<String> {
    let mut overdue: Vec<(i64, String)> = data
        .relationship
        .connections
        .iter()
        .filter_map(|c| {
            let cadence = i64::from(c.cadence_days?);
            let since = c.last_contact.as_deref().map_or(i64::MAX / 2, |d| (today - date(d)).num_days());
            let late = since - cadence;
            (late > 0).then(|| {
                let ours = data.person(&c.ours_id).map_or("?", |p| p.name.as_str());
                let theirs = data.person(&c.theirs_id).map_or("?", |p| p.name.as_str());
                let how =
                    if c.last_contact.is_none() { "never in contact".to_string() } else { format!("{late} days late") };
                (late, format!("{ours} with {theirs} ({how})"))
            })
        })
        .collect();
    overdue.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    overdue.into_iter().map(|(_, s)| s).collect()
}

/// What we know of the personal and proxied ties with the people in the
/// room: who holds them, through whom, and the notes on them. The
/// executive's copy only.
fn personal_ties(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let rows: Vec<Vec<String>> = data
        .relationship
        .connections
        .iter()
        .filter(|c| matches!(c.dimension, Dimension::Personal | Dimension::Proxied))
        .filter(|c| data.attending(Some(&c.theirs_id)) && c.notes.is_some())
        .map(|c| {
            let ours = data.person(&c.ours_id).map_or("?", |p| p.name.as_str());
            let theirs = data.person(&c.theirs_id).map_or("?", |p| p.name.as_str());
            let how = match &c.intermediary {
                Some(via) => format!("{}, through {via}", c.dimension.label()),
                None => c.dimension.label().to_string(),
            };
            vec![format!("{ours} and {theirs}"), how, c.notes.clone().unwrap_or_default()]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(vec![
        Block::Heading { text: "Personal ties in the room".into() },
        Block::Table { columns: vec![col("Between", 2.6), col("Held", 1.8), col("What we know", 5.0)], rows },
    ])
}

// ---------------------------------------------------------------------------
// The account

fn account_snapshot(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let a = &data.account;
    let money = |v: Option<i64>| match v {
        Some(v) => format!("{} {}", group_thousands(v), a.currency.as_deref().unwrap_or("")).trim().to_string(),
        None => "—".into(),
    };
    let mut rows = vec![
        Fact {
            label: "Tier · status".into(),
            value: format!("{} · {}", capitalised(a.tier.as_str()), a.status.label()),
        },
        Fact { label: "Annual revenue".into(), value: money(a.annual_revenue) },
        Fact { label: "Annual margin".into(), value: money(a.annual_margin) },
        Fact { label: "Owner".into(), value: a.owner_name.clone().unwrap_or_else(|| "nobody — a gap".into()) },
        Fact {
            label: "Executive sponsor".into(),
            value: a.sponsor_name.clone().unwrap_or_else(|| "nobody — a gap".into()),
        },
    ];
    for (label, v) in
        [("Industry", &a.industry), ("Region", &a.region), ("Next customer review", &a.next_customer_review)]
    {
        if let Some(v) = v {
            rows.push(Fact { label: label.into(), value: v.clone() });
        }
    }
    let mut blocks = vec![Block::Heading { text: "Account snapshot".into() }, Block::Facts { rows }];
    for (label, text) in [
        ("Their environment", &a.business_environment),
        ("Our strategy with them", &a.customer_strategy),
        ("Goals we share", &a.mutual_goals),
    ] {
        if let Some(text) = text {
            blocks
                .push(Block::Paragraph { spans: vec![Span::strong(format!("{label}. ")), Span::plain(text.clone())] });
        }
    }
    if !data.recent.is_empty() {
        blocks.push(Block::Table {
            columns: vec![col("Recent contact", 1.4), col("Kind", 1.2), col("What happened", 5.0)],
            rows: data
                .recent
                .iter()
                .map(|i| vec![i.occurred_on.clone(), capitalised(i.kind.label()), first_line(&i.summary)])
                .collect(),
        });
    }
    Some(blocks)
}

// ---------------------------------------------------------------------------
// Care, the review record and the follow-up

/// The account's blueprint goals and where they stand: the approved revision
/// when there is one, otherwise the goals being worked out.
fn blueprint_goals(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let plan = data.plan.as_ref()?;
    let b = &plan.blueprint;
    let (goals, line) = match b.approved() {
        Some(s) => {
            (&s.goals, format!("Revision {} approved {}.", s.revision, s.approved_at.date_naive().format("%-d %b %Y")))
        }
        None => (&b.goals, format!("Not approved yet: revision {} is in the {} stage.", b.revision, b.stage.label())),
    };
    let period = format!("{} – {}", b.period.starts_on.format("%-d %b %Y"), b.period.ends_on.format("%-d %b %Y"));
    let mut blocks = vec![Block::Heading { text: format!("Blueprint goals, {period}") }, note(&line)];
    if goals.is_empty() {
        blocks.push(note("No goals yet."));
        return Some(blocks);
    }
    let progress = b.progress(plan.today);
    blocks.push(crate::documents::kit::goal_table(goals, &progress, |id| plan.name(id)));
    Some(blocks)
}

/// Rows a care table shows before it says how many more there are.
const CARE_ROWS: usize = 10;

/// Open feedback from the account, and what we changed because of it (the
/// last 12 months). Feedback from people in this meeting is marked.
fn feedback(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let since = super::year_before(data.today);
    let open: Vec<&FeedbackItem> = data.care.feedback.iter().filter(|f| f.is_open()).collect();
    let mut done: Vec<&FeedbackItem> = data
        .care
        .feedback
        .iter()
        .filter(|f| f.state == FeedbackState::Done && f.visible_on.is_some_and(|d| d >= since))
        .collect();
    if open.is_empty() && done.is_empty() {
        return None;
    }
    done.sort_by(|a, b| b.visible_on.cmp(&a.visible_on).then_with(|| a.id.cmp(&b.id)));
    let mut blocks = vec![Block::Heading { text: "Feedback".into() }];
    if open.is_empty() {
        blocks.push(note("Nothing they told us is still open."));
    } else {
        let rows = open
            .iter()
            .take(CARE_ROWS)
            .map(|f| {
                vec![
                    format!("{}\n{}", long(f.received_on), f.channel.label()),
                    who(data, f),
                    said(f),
                    match (f.state, f.reconsider_on) {
                        (FeedbackState::Deferred, Some(on)) if on <= data.today => {
                            format!("Deferred until {}: due again now", long(on))
                        }
                        (FeedbackState::Deferred, Some(on)) => format!("Deferred: comes back {}", long(on)),
                        (FeedbackState::Acting, _) => "We are acting on it".into(),
                        _ => "New: nobody has taken it up yet".into(),
                    },
                ]
            })
            .collect();
        blocks.push(Block::Table {
            columns: vec![
                col("Told us", 1.4),
                col("Who", 1.8),
                col("What they said", 4.2),
                col("Where it stands", 2.5),
            ],
            rows,
        });
        blocks.extend(more(open.len()));
    }
    if !done.is_empty() {
        let rows = done
            .iter()
            .take(CARE_ROWS)
            .map(|f| {
                vec![
                    format!("{}: {}", who(data, f).replace('\n', " "), said(f)),
                    f.change.clone().unwrap_or_default(),
                    f.visible_on.map(long).unwrap_or_default(),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            columns: vec![
                col("They told us", 4.2),
                col("What we changed because of it", 4.0),
                col("Visible since", 1.5),
            ],
            rows,
        });
        blocks.extend(more(done.len()));
    }
    Some(blocks)
}

/// Who gave the feedback, marked when they are in this meeting.
fn who(data: &BriefData, f: &FeedbackItem) -> String {
    let name = f.person_name.clone().unwrap_or_else(|| "not recorded".into());
    if data.attending(f.person_id.as_deref()) { format!("{name}\n(attending)") } else { name }
}

fn said(f: &FeedbackItem) -> String {
    let text = format!("“{}”", gist(&f.text, 220));
    match &f.theme {
        Some(theme) => format!("{text} ({theme})"),
        None => text,
    }
}

/// "… and 4 more in Rapport." under a capped table.
fn more(total: usize) -> Option<Block> {
    (total > CARE_ROWS).then(|| note(&format!("… and {} more in Rapport.", total - CARE_ROWS)))
}

/// Success and horror stories of the last 12 months, and every horror story
/// still unresolved however old: the unresolved first.
fn stories(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let mut stories: Vec<&StoryItem> = data.care.stories.iter().collect();
    if stories.is_empty() {
        return None;
    }
    stories.sort_by(|a, b| {
        b.open_horror().cmp(&a.open_horror()).then(b.occurred_on.cmp(&a.occurred_on)).then_with(|| a.id.cmp(&b.id))
    });
    let since = super::year_before(data.today);
    let recent = |kind: StoryKind| stories.iter().filter(|s| s.kind == kind && s.occurred_on >= since).count();
    let mut line = format!(
        "In the last 12 months: {}, {}.",
        plural(recent(StoryKind::Success), "success", "successes"),
        plural(recent(StoryKind::Horror), "horror story", "horror stories")
    );
    match stories.iter().filter(|s| s.open_horror()).count() {
        0 => {}
        1 => line.push_str(" One horror story is not resolved yet."),
        n => line.push_str(&format!(" {n} horror stories are not resolved yet.")),
    }
    let rows = stories
        .iter()
        .take(CARE_ROWS)
        .map(|s| {
            let kind = match (s.kind, s.failure, s.resolved) {
                (StoryKind::Success, ..) => "Success".to_string(),
                (_, failure, resolved) => format!(
                    "Horror{}\n{}",
                    failure.map(|f| format!(" ({})", f.label())).unwrap_or_default(),
                    if resolved { "resolved" } else { "not resolved" }
                ),
            };
            let mut story = s.title.clone();
            for (label, text) in [("Impact", &s.impact), ("Lesson", &s.lesson)] {
                if let Some(text) = text {
                    story.push_str(&format!("\n{label}: {}", gist(text, 220)));
                }
            }
            vec![long(s.occurred_on), kind, s.department.clone(), story]
        })
        .collect();
    // The heading keeps only with the block right after it: the table, not
    // a line of counts that would leave both alone at the foot of a page.
    let mut blocks = vec![
        Block::Heading { text: "Success and horror stories".into() },
        Block::Table {
            columns: vec![col("When", 1.4), col("Kind", 1.5), col("From", 1.6), col("The story and its lesson", 5.3)],
            rows,
        },
    ];
    blocks.extend(more(stories.len()));
    blocks.push(note(&line));
    Some(blocks)
}

/// What we owe and is late: thanks, deferred feedback come back, ties with
/// someone in the room (and the account itself) past their cadence, and
/// goals of the approved blueprint past their date.
fn overdue_follow_ups(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let today = data.today;
    let mut items = Vec::new();
    let mut thanks: Vec<&FeedbackItem> = data.care.feedback.iter().filter(|f| f.unthanked()).collect();
    // People in the room first, then the longest waiting.
    thanks.sort_by_key(|f| (!data.attending(f.person_id.as_deref()), f.received_on));
    for f in thanks.iter().take(CARE_ROWS) {
        let name = f.person_name.as_deref().unwrap_or("them");
        let here = if data.attending(f.person_id.as_deref()) { " (in this meeting)" } else { "" };
        items.push(format!(
            "Thank {name}{here} for their feedback of {} ({} ago): “{}”",
            long(f.received_on),
            crate::care::days((today - f.received_on).num_days()),
            gist(&f.text, 90)
        ));
    }
    if thanks.len() > CARE_ROWS {
        items.push(format!("… and {} more to thank (see the account's feedback)", thanks.len() - CARE_ROWS));
    }
    for f in data.care.feedback.iter().filter(|f| f.to_reconsider()) {
        let from = f.person_name.as_deref().map(|n| format!(" from {n}")).unwrap_or_default();
        let on = f.reconsider_on.unwrap_or(today);
        items.push(format!(
            "Look again at the feedback{from}: “{}” — deferred until {}{}",
            gist(&f.text, 90),
            long(on),
            if on < today { format!(", {} ago", crate::care::days((today - on).num_days())) } else { String::new() }
        ));
    }
    let rel = &data.relationship;
    let mut ties: Vec<(NaiveDate, String)> = data
        .care
        .ties_due
        .iter()
        .filter_map(|(id, due)| {
            let c = rel.connections.iter().find(|c| &c.id == id)?;
            let (ours_here, theirs_here) = (data.attending(Some(&c.ours_id)), data.attending(Some(&c.theirs_id)));
            if !ours_here && !theirs_here {
                return None;
            }
            let ours = data.person(&c.ours_id).map_or("?", |p| p.name.as_str());
            let theirs = data.person(&c.theirs_id).map_or("?", |p| p.name.as_str());
            let last = match c.last_contact.as_deref() {
                Some(d) => format!("last contact {}", long(date(d))),
                None => "no contact logged yet".into(),
            };
            let every =
                c.cadence_days.map(|d| format!("every {}", crate::care::days(i64::from(d)))).unwrap_or_default();
            let here = if ours_here && theirs_here { " (both in this meeting)" } else { "" };
            Some((*due, format!("Get {ours} and {theirs} back in touch{here}: due {}; {every}, {last}", long(*due))))
        })
        .collect();
    ties.sort();
    items.extend(ties.into_iter().map(|(_, s)| s));
    let last = data.recent.first().map(|i| date(&i.occurred_on));
    let every = data.care.every_days;
    if let Some(o) = crate::care::cadence::overdue(last, date(&data.account.created_at), every, today) {
        items.push(format!("Contact with {} is overdue: {}", data.account.name, o.message));
    }
    if let Some(plan) = &data.plan
        && let Some(approved) = plan.blueprint.approved()
    {
        let progress = plan.blueprint.progress(plan.today);
        for g in progress.goals.iter().filter(|g| g.overdue && approved.goals.iter().any(|a| a.id == g.goal_id)) {
            let owner = plan
                .blueprint
                .goal(&g.goal_id)
                .and_then(|goal| goal.owner_id.as_deref())
                .map(|o| format!("; {} owns it", plan.name(o)))
                .unwrap_or_default();
            items.push(format!(
                "Blueprint goal past its date: {} — due {}, {}{owner}",
                g.title,
                g.target_date.map(long).unwrap_or_default(),
                g.status.label()
            ));
        }
    }
    if items.is_empty() {
        return None;
    }
    Some(vec![Block::Heading { text: "Overdue follow-ups".into() }, Block::Checklist { items }])
}

fn sensitivities(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let m = &data.meeting;
    let mut blocks = vec![Block::Heading { text: "Sensitivities and ground rules".into() }];
    let care = items(m.sensitivities.as_deref());
    blocks.push(if care.is_empty() { note("Nothing flagged as sensitive.") } else { Block::Bullets { items: care } });
    let points = items(m.talking_points.as_deref());
    if !points.is_empty() {
        blocks.push(Block::Paragraph { spans: vec![Span::strong("Talking points")] });
        blocks.push(Block::Bullets { items: points });
    }
    if let Some(logistics) = &m.logistics {
        blocks.push(Block::Paragraph { spans: vec![Span::strong("Logistics. "), Span::plain(logistics.clone())] });
    }
    Some(blocks)
}

/// The executive's questions and the team's answers, as the review left them.
fn review_thread(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    use crate::meetings::GateAction;
    let questions: Vec<_> = data.events.iter().filter(|e| e.action == GateAction::Challenge).collect();
    if questions.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Heading { text: "Questions raised in review".into() }];
    for q in questions {
        blocks.push(Block::Paragraph {
            spans: vec![
                Span::strong(format!("{} asked ({}): ", q.actor, short_date(&q.at))),
                Span::plain(q.body.clone().unwrap_or_default()),
            ],
        });
        let answers: Vec<String> = data
            .events
            .iter()
            .filter(|a| a.action == GateAction::Answer && a.reply_to == Some(q.n))
            .map(|a| format!("{}: {}", a.actor, a.body.clone().unwrap_or_default()))
            .collect();
        blocks.push(if answers.is_empty() { note("Not answered yet.") } else { Block::Bullets { items: answers } });
    }
    Some(blocks)
}

fn follow_up_checklist(data: &BriefData, _: &BriefOptions) -> Option<Vec<Block>> {
    let mut items = Vec::new();
    for p in data.theirs() {
        items.push(format!("Thank {} within two days (a note or a call)", p.name));
    }
    for ask in self::items(data.meeting.asks.as_deref()) {
        items.push(format!("Record their answer to: {ask}"));
    }
    items.push("Log the meeting in the account's interactions, with who was there".into());
    items.push("Update dispositions and ties that changed in the room".into());
    items.push("Mark the meeting held, then followed up, in Rapport".into());
    Some(vec![Block::Heading { text: "Follow-up checklist".into() }, Block::Checklist { items }])
}

// ---------------------------------------------------------------------------
// Small helpers shared with the pack

fn paragraph_or_note(text: Option<&str>, missing: &str) -> Block {
    match text {
        Some(t) => Block::Paragraph { spans: vec![Span::plain(t)] },
        None => note(missing),
    }
}

/// Free text as list items: one per line, bullets and numbering stripped.
pub(crate) fn items(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*', '–']).trim())
        .map(|l| {
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            match l[digits..].strip_prefix(['.', ')']) {
                Some(rest) if digits > 0 => rest.trim(),
                _ => l,
            }
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn name_and_title(p: &Person) -> String {
    match &p.title {
        Some(t) => format!("{}, {t}", p.name),
        None => p.name.clone(),
    }
}

fn with_title(p: &Person) -> String {
    match &p.title {
        Some(t) => format!("{} ({t})", p.name),
        None => p.name.clone(),
    }
}

fn names<'a>(people: impl Iterator<Item = &'a Person>) -> String {
    let list: Vec<String> = people.map(name_and_title).collect();
    if list.is_empty() { "nobody yet".into() } else { list.join("; ") }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default().trim();
    if line.chars().count() > 160 { format!("{}…", line.chars().take(159).collect::<String>()) } else { line.into() }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").unwrap_or_default()
}

/// "10 Nov 2026".
fn long(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// Free text on one line, clipped to about `max` characters at a word.
fn gist(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

fn short_date(stamp: &str) -> String {
    date(stamp).format("%-d %b %Y").to_string()
}

fn ago(days: i64) -> String {
    match days {
        i64::MIN..=0 => "today".into(),
        1 => "yesterday".into(),
        2..=60 => format!("{days} days ago"),
        _ => format!("{} months ago", days / 30),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_becomes_items() {
        let text = "- first\n\n• second\n3. third\n  fourth  \n2) fifth";
        assert_eq!(items(Some(text)), ["first", "second", "third", "fourth", "fifth"]);
        assert!(items(None).is_empty());
    }
}
