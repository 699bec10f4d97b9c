//! iCalendar (RFC 5545) export of meetings, in a form that Google Calendar,
//! Apple Calendar, Outlook and Thunderbird accept.
//!
//! [`calendar`] writes one `VCALENDAR` with `METHOD:PUBLISH`, one `VTIMEZONE`
//! per distinct zone the events use (sorted by IANA name) and then one
//! `VEVENT` per event, in the order given. The clock is injected (`stamp`
//! becomes every `DTSTAMP`), so the same input always gives the same bytes.
//!
//! [`day_calendar`] writes all-day events ([`DayEvent`]) the same way, with
//! `DTSTART;VALUE=DATE` and an exclusive `DTEND;VALUE=DATE`, and no
//! `VTIMEZONE`: a date falls on that day wherever the reader is.
//!
//! # Lines
//!
//! Every line ends in CRLF and is folded so that no physical line is longer
//! than 75 octets, not counting the CRLF. A fold never splits a UTF-8
//! character: continuation lines start with one space, and unfolding (deleting
//! each CRLF followed by a space) restores the logical line exactly.
//!
//! TEXT values (UID, SUMMARY, LOCATION, DESCRIPTION, TZNAME) are escaped: `\`
//! becomes `\\`, `;` becomes `\;`, `,` becomes `\,` and every line break (CR
//! LF, lone CR, lone LF, U+2028, U+2029) becomes `\n`. Other control characters
//! are dropped, except horizontal tab, which RFC 5545 allows in TEXT. Bidi
//! overrides, zero-width and other invisible characters are removed first, by
//! the same function that cleans the PDF's text ([`crate::text::strip_invisible`]):
//! a calendar entry cannot show text reordered or hidden where the brief doesn't.
//!
//! # Times
//!
//! Event times are wall-clock times in the event's zone and are written as
//! `DTSTART;TZID=Europe/Paris:20261124T093000`. The UTC zone (`UTC`,
//! `Etc/UTC` and their aliases) is written as `DTSTART:20261124T093000Z`
//! and gets no `VTIMEZONE`.
//!
//! Wall times that don't exist or exist twice follow RFC 5545 §3.3.5, and are
//! normalised so that even a client that ignores that rule reads them right:
//!
//! * in a spring-forward gap the time is read with the offset in force before
//!   the gap, i.e. it moves forward by the gap's length: 02:30 on the night
//!   Paris goes from +01:00 to +02:00 is written as 03:30;
//! * a time that occurs twice (fall back) means the first occurrence, the one
//!   still in summer time: 02:30 on the night Paris goes back to +01:00 is
//!   02:30 +02:00 (00:30 UTC). It is written unchanged, since RFC 5545 readers
//!   take that occurrence too.
//!
//! An end before the start is clamped to the start (RFC 5545 forbids `DTEND`
//! before `DTSTART`). Dates outside the years 1 to 9999, which iCalendar
//! cannot write, are clamped to that range. Nothing here panics.
//!
//! # Time zones
//!
//! chrono-tz doesn't expose its transition table, so each `VTIMEZONE` is
//! rebuilt from its offsets: for each event, the years from January 1st of the
//! year before its start to December 31st of the year after its end are
//! scanned a day at a time, and each change of offset (or of abbreviation, or
//! of the summer-time flag) is bisected to the second. Each transition becomes
//! one dated `STANDARD` or `DAYLIGHT` observance (no `RRULE`, no `RDATE`) whose
//! `DTSTART` is the local time of the transition in the offset it leaves, as
//! RFC 5545 requires. A first observance at the start of the window (with
//! `TZOFFSETFROM` equal to `TZOFFSETTO`) states the offset in force before
//! the first transition; when events are years apart and their windows don't
//! meet, one more observance at the start of each later window carries any
//! change that happened in between. A zone with no transition in its window
//! (Asia/Tokyo, Asia/Kolkata) gets a single `STANDARD` observance starting
//! `19700101T000000`.
//!
//! An observance is `DAYLIGHT` when chrono-tz marks it as summer time; zones
//! with "negative" summer time (Europe/Dublin's winter GMT) get the rearguard
//! reading instead: the winter offset is `STANDARD` and the summer one
//! `DAYLIGHT`. `TZNAME` is chrono-tz's abbreviation, or the numeric form
//! (`+1030`, `+11`) tzdb uses for zones without one. The daily scan would
//! miss two transitions less than a day apart that cancel each other out; no
//! zone's rules do that today. Scanning is limited to 1800–2199: chrono-tz's
//! table runs from 1844 to 2099 and its offsets are constant outside it.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::{GapInfo, OffsetComponents, OffsetName, Tz, TzOffset};

const PRODID: &str = "-//Rapport//Rapport 0.1//EN";
/// Domain appended to a UID that has none, so it is globally unique.
const UID_DOMAIN: &str = "rapport.local";
/// Longest physical line, in octets, without its CRLF (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;
/// `DATE-TIME` (local, UTC) layout.
const LOCAL_FORMAT: &str = "%Y%m%dT%H%M%S";
const UTC_FORMAT: &str = "%Y%m%dT%H%M%SZ";
/// `DATE` layout.
const DATE_FORMAT: &str = "%Y%m%d";
const DAY: i64 = 86_400;
/// 1800-01-01T00:00:00Z. chrono-tz's offsets are constant before its first
/// transition (1844), so scanning earlier finds nothing.
const SCAN_FROM: i64 = -5_364_662_400;
/// 2200-01-01T00:00:00Z. chrono-tz's offsets are constant after its last
/// transition (2099).
const SCAN_TO: i64 = 7_258_118_400;
/// Zones written as UTC (`...Z`) rather than with a `VTIMEZONE`.
const UTC_ZONES: [&str; 8] = ["UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"];
/// First and last instants iCalendar's four-digit years can write.
const ICAL_MIN: NaiveDateTime = date_time(1, 1, 1, 0, 0, 0);
const ICAL_MAX: NaiveDateTime = date_time(9999, 12, 31, 23, 59, 59);

/// A meeting as a calendar event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable identifier, e.g. the meeting id. `@rapport.local` is appended
    /// when it has no `@`, so it is a globally unique UID as RFC 5545 asks.
    pub uid: String,
    /// Wall time in `zone`.
    pub start: NaiveDateTime,
    /// Wall time in `zone`; clamped to `start` if earlier.
    pub end: NaiveDateTime,
    pub zone: Tz,
    pub summary: String,
    /// Omitted when `None` or empty.
    pub location: Option<String>,
    /// May be multi-line. Omitted when `None` or empty.
    pub description: Option<String>,
    pub status: EventStatus,
    /// Revision counter: bump it each time the event is re-exported changed.
    pub sequence: u32,
    /// Written as `LAST-MODIFIED`.
    pub updated: DateTime<Utc>,
}

/// `STATUS` of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventStatus {
    Tentative,
    Confirmed,
    Cancelled,
}

impl EventStatus {
    fn as_ical(self) -> &'static str {
        match self {
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// An all-day event: a date, not a time, so it falls on that day wherever the
/// reader is and needs no time zone. Written with `VALUE=DATE`; the end is
/// the day after the last (RFC 5545's `DTEND` is exclusive).
#[derive(Debug, Clone)]
pub struct DayEvent {
    /// As [`Event::uid`].
    pub uid: String,
    pub date: NaiveDate,
    /// How many days it lasts; 0 is read as 1.
    pub days: u32,
    pub summary: String,
    /// May be multi-line. Omitted when `None` or empty.
    pub description: Option<String>,
    pub status: EventStatus,
    /// `TRANSP:TRANSPARENT`: shown, but the day stays free for scheduling.
    pub transparent: bool,
    pub sequence: u32,
    /// Written as `LAST-MODIFIED`.
    pub updated: DateTime<Utc>,
}

/// A VCALENDAR of all-day events (no VTIMEZONE: dates have no zone), in the
/// order given, with `stamp` as every `DTSTAMP`.
pub fn day_calendar(events: &[DayEvent], stamp: DateTime<Utc>) -> String {
    let mut out = Writer::default();
    begin_calendar(&mut out);
    let stamp = utc_value(stamp.naive_utc());
    for event in events {
        write_day_event(&mut out, event, &stamp);
    }
    out.line("END:VCALENDAR");
    out.text
}

fn begin_calendar(out: &mut Writer) {
    out.line("BEGIN:VCALENDAR");
    out.prop("PRODID", PRODID);
    out.prop("VERSION", "2.0");
    out.prop("CALSCALE", "GREGORIAN");
    out.prop("METHOD", "PUBLISH");
}

/// A VCALENDAR with one VEVENT per event and one VTIMEZONE per zone used.
///
/// `stamp` is the export time, written as every event's `DTSTAMP`: the output
/// depends only on the arguments.
pub fn calendar(events: &[Event], stamp: DateTime<Utc>) -> String {
    let resolved: Vec<(DateTime<Tz>, DateTime<Tz>)> = events
        .iter()
        .map(|event| {
            let start = resolve(event.zone, event.start);
            let end = resolve(event.zone, event.end).max(start);
            (start, end)
        })
        .collect();

    // Year windows per zone, keyed by name for a stable order.
    let mut zones: BTreeMap<&'static str, (Tz, Vec<YearWindow>)> = BTreeMap::new();
    for (event, (start, end)) in events.iter().zip(&resolved) {
        if is_utc(event.zone) {
            continue;
        }
        let first = start.naive_local().year().min(end.naive_local().year());
        let last = start.naive_local().year().max(end.naive_local().year());
        zones.entry(event.zone.name()).or_insert_with(|| (event.zone, Vec::new())).1.push((first - 1, last + 1));
    }

    let mut out = Writer::default();
    begin_calendar(&mut out);
    for (name, (zone, years)) in &zones {
        write_timezone(&mut out, name, *zone, years);
    }
    let stamp = utc_value(stamp.naive_utc());
    for (event, (start, end)) in events.iter().zip(&resolved) {
        write_event(&mut out, event, start, end, &stamp);
    }
    out.line("END:VCALENDAR");
    out.text
}

/// A safe file name for an export: `"Visit to Nordlys"` gives
/// `"Visit to Nordlys.ics"`.
///
/// Path separators and the other characters Windows forbids (`\/:*?"<>|`)
/// become spaces; control characters and invisible bidi/zero-width controls
/// are dropped; runs of white space collapse to one space; leading and
/// trailing dots and spaces go. The whole name is at most 80 characters
/// (and 244 bytes, for file systems that count bytes). Windows device names (`CON`, `LPT1`...) get a `_`. An
/// empty result falls back to `meeting.ics`. A trailing `.ics` in `stem` is
/// not doubled.
pub fn file_name(stem: &str) -> String {
    const EXTENSION: &str = ".ics";
    const MAX_CHARS: usize = 80 - EXTENSION.len();
    const MAX_BYTES: usize = 240;

    let cleaned: String = crate::text::strip_invisible(stem)
        .chars()
        .filter_map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => Some(' '),
            c if c.is_whitespace() => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut name = trim_name(&collapsed);
    if name.len() > EXTENSION.len() && name.is_char_boundary(name.len() - EXTENSION.len()) {
        let (head, tail) = name.split_at(name.len() - EXTENSION.len());
        if tail.eq_ignore_ascii_case(EXTENSION) {
            name = trim_name(head);
        }
    }

    let mut stem = String::new();
    for c in name.chars() {
        if stem.chars().count() == MAX_CHARS || stem.len() + c.len_utf8() > MAX_BYTES {
            break;
        }
        stem.push(c);
    }
    let mut stem = trim_name(&stem).to_owned();
    if stem.is_empty() {
        stem.push_str("meeting");
    }
    let base_end = stem.find('.').unwrap_or(stem.len());
    if is_windows_device(stem[..base_end].trim_end()) {
        stem.insert(base_end, '_');
    }
    stem + EXTENSION
}

fn trim_name(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c == ' ')
}

fn is_windows_device(base: &str) -> bool {
    let upper = base.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

// ---------------------------------------------------------------------------
// Lines

/// Accumulates folded, CRLF-terminated content lines.
#[derive(Default)]
struct Writer {
    text: String,
}

impl Writer {
    /// Appends one logical line, folded at [`LINE_OCTETS`] on character
    /// boundaries.
    fn line(&mut self, line: &str) {
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > LINE_OCTETS {
                self.text.push_str("\r\n ");
                used = 1;
            }
            self.text.push(c);
            used += c.len_utf8();
        }
        self.text.push_str("\r\n");
    }

    /// `name` may carry parameters (`DTSTART;TZID=...`); `value` is written
    /// as is.
    fn prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }

    /// A TEXT property: `value` is escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.prop(name, &escape_text(value));
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11); see the module docs.
fn escape_text(value: &str) -> String {
    let value = crate::text::strip_invisible(value);
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Events

fn write_event(out: &mut Writer, event: &Event, start: &DateTime<Tz>, end: &DateTime<Tz>, stamp: &str) {
    out.line("BEGIN:VEVENT");
    write_uid(out, &event.uid);
    out.prop("DTSTAMP", stamp);
    write_time(out, "DTSTART", start);
    write_time(out, "DTEND", end);
    out.text("SUMMARY", &event.summary);
    if let Some(location) = event.location.as_deref().filter(|s| !s.is_empty()) {
        out.text("LOCATION", location);
    }
    if let Some(description) = event.description.as_deref().filter(|s| !s.is_empty()) {
        out.text("DESCRIPTION", description);
    }
    out.prop("STATUS", event.status.as_ical());
    out.prop("SEQUENCE", &event.sequence.to_string());
    out.prop("LAST-MODIFIED", &utc_value(event.updated.naive_utc()));
    out.line("END:VEVENT");
}

fn write_day_event(out: &mut Writer, event: &DayEvent, stamp: &str) {
    let first = event.date.clamp(ICAL_MIN.date(), ICAL_MAX.date());
    // The day after the last, kept writable: an event on 31 Dec 9999 ends
    // on that day rather than on a year iCalendar cannot write.
    let end = first
        .checked_add_days(chrono::Days::new(u64::from(event.days.max(1))))
        .filter(|d| *d <= ICAL_MAX.date())
        .unwrap_or(first);
    out.line("BEGIN:VEVENT");
    write_uid(out, &event.uid);
    out.prop("DTSTAMP", stamp);
    out.prop("DTSTART;VALUE=DATE", &first.format(DATE_FORMAT).to_string());
    out.prop("DTEND;VALUE=DATE", &end.format(DATE_FORMAT).to_string());
    out.text("SUMMARY", &event.summary);
    if let Some(description) = event.description.as_deref().filter(|s| !s.is_empty()) {
        out.text("DESCRIPTION", description);
    }
    out.prop("STATUS", event.status.as_ical());
    out.prop("TRANSP", if event.transparent { "TRANSPARENT" } else { "OPAQUE" });
    out.prop("SEQUENCE", &event.sequence.to_string());
    out.prop("LAST-MODIFIED", &utc_value(event.updated.naive_utc()));
    out.line("END:VEVENT");
}

fn write_uid(out: &mut Writer, uid: &str) {
    if uid.contains('@') {
        out.text("UID", uid);
    } else {
        out.text("UID", &format!("{uid}@{UID_DOMAIN}"));
    }
}

fn write_time(out: &mut Writer, name: &str, time: &DateTime<Tz>) {
    let zone = time.timezone();
    if is_utc(zone) {
        out.prop(name, &utc_value(time.naive_utc()));
    } else {
        out.prop(&format!("{name};TZID={}", zone.name()), &time.naive_local().format(LOCAL_FORMAT).to_string());
    }
}

fn utc_value(time: NaiveDateTime) -> String {
    time.clamp(ICAL_MIN, ICAL_MAX).format(UTC_FORMAT).to_string()
}

fn is_utc(zone: Tz) -> bool {
    UTC_ZONES.contains(&zone.name())
}

/// The instant a wall time in `zone` stands for, by RFC 5545 §3.3.5: in a
/// gap, the offset before the gap; when ambiguous, the first occurrence.
fn resolve(zone: Tz, wall: NaiveDateTime) -> DateTime<Tz> {
    let wall = wall.clamp(ICAL_MIN, ICAL_MAX);
    match zone.from_local_datetime(&wall) {
        LocalResult::Single(time) => time,
        LocalResult::Ambiguous(a, b) => a.min(b),
        LocalResult::None => {
            let before = GapInfo::new(&wall, &zone)
                .and_then(|gap| gap.begin)
                .map(|(_, offset)| offset.fix())
                .unwrap_or_else(|| zone.offset_from_utc_datetime(&wall).fix());
            zone.from_utc_datetime(&wall.checked_sub_offset(before).unwrap_or(wall))
        }
    }
}

// ---------------------------------------------------------------------------
// Time zones

/// First and last local year (inclusive) to describe.
type YearWindow = (i32, i32);

/// An onset of an offset: a transition, or the start of a scanned window.
struct Observance {
    /// UTC seconds.
    onset: i64,
    from: TzOffset,
    to: TzOffset,
}

fn write_timezone(out: &mut Writer, name: &str, zone: Tz, years: &[YearWindow]) {
    let observances = observances(zone, years);
    out.line("BEGIN:VTIMEZONE");
    out.prop("TZID", name);
    out.prop("X-LIC-LOCATION", name);
    if let [only] = observances.as_slice() {
        // No transition: one fixed offset.
        write_observance(out, "STANDARD", &date_time(1970, 1, 1, 0, 0, 0), only);
    } else {
        for observance in &observances {
            let kind = if is_daylight(&observance.to, &observances) { "DAYLIGHT" } else { "STANDARD" };
            let onset = local_at(observance.onset, seconds(&observance.from));
            write_observance(out, kind, &onset, observance);
        }
    }
    out.line("END:VTIMEZONE");
}

fn write_observance(out: &mut Writer, kind: &str, onset: &NaiveDateTime, observance: &Observance) {
    out.line(&format!("BEGIN:{kind}"));
    out.prop("DTSTART", &onset.format(LOCAL_FORMAT).to_string());
    out.prop("TZOFFSETFROM", &utc_offset(seconds(&observance.from)));
    out.prop("TZOFFSETTO", &utc_offset(seconds(&observance.to)));
    let to = &observance.to;
    out.text("TZNAME", &to.abbreviation().map_or_else(|| numeric_name(seconds(to)), str::to_owned));
    out.line(&format!("END:{kind}"));
}

/// Summer time, or, in zones with negative summer time (Europe/Dublin), the
/// offset the negative one returns from.
fn is_daylight(offset: &TzOffset, all: &[Observance]) -> bool {
    let dst = offset.dst_offset().num_seconds();
    dst > 0
        || (dst == 0
            && all
                .iter()
                .any(|o| o.to.base_utc_offset() == offset.base_utc_offset() && o.to.dst_offset().num_seconds() < 0))
}

/// The onsets of `zone`'s offsets over the given (inclusive, local) year
/// ranges: one at the start of the first window, one per transition, and one
/// at the start of each later window if the offset changed in between.
fn observances(zone: Tz, years: &[YearWindow]) -> Vec<Observance> {
    let mut years = years.to_vec();
    years.sort_unstable();
    let mut windows: Vec<YearWindow> = Vec::new();
    for (first, last) in years {
        match windows.last_mut() {
            Some(window) if first <= window.1 + 1 => window.1 = window.1.max(last),
            _ => windows.push((first, last)),
        }
    }

    let mut observances: Vec<Observance> = Vec::new();
    for (first, last) in windows {
        let start = year_start(zone, first);
        let end = year_start(zone, last + 1);
        let offset = offset_at(zone, start);
        match observances.last() {
            None => observances.push(Observance { onset: start, from: offset, to: offset }),
            Some(previous) if previous.to != offset => {
                observances.push(Observance { onset: start, from: previous.to, to: offset })
            }
            Some(_) => {}
        }
        scan(zone, start.max(SCAN_FROM), end.min(SCAN_TO), &mut observances);
    }
    observances
}

/// Appends each transition in `[from, to)` (UTC seconds), found by stepping a
/// day at a time and bisecting to the second.
fn scan(zone: Tz, from: i64, to: i64, observances: &mut Vec<Observance>) {
    let mut at = from;
    let mut current = offset_at(zone, at);
    while at < to {
        let next = (at + DAY).min(to);
        if offset_at(zone, next) == current {
            at = next;
            continue;
        }
        // offset_at(low) == current != offset_at(high)
        let (mut low, mut high) = (at, next);
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if offset_at(zone, middle) == current {
                low = middle;
            } else {
                high = middle;
            }
        }
        let offset = offset_at(zone, high);
        observances.push(Observance { onset: high, from: current, to: offset });
        at = high;
        current = offset;
    }
}

/// UTC seconds of local midnight on January 1st of `year`.
fn year_start(zone: Tz, year: i32) -> i64 {
    let local = NaiveDate::from_ymd_opt(year, 1, 1).map_or(ICAL_MIN, |date| date.and_time(NaiveTime::MIN));
    let guess = local.and_utc().timestamp();
    guess - i64::from(seconds(&offset_at(zone, guess)))
}

fn offset_at(zone: Tz, utc_seconds: i64) -> TzOffset {
    zone.offset_from_utc_datetime(&utc(utc_seconds))
}

fn utc(seconds: i64) -> NaiveDateTime {
    DateTime::from_timestamp(seconds, 0).map_or(ICAL_MIN, |time| time.naive_utc())
}

fn local_at(utc_seconds: i64, offset_seconds: i32) -> NaiveDateTime {
    utc(utc_seconds + i64::from(offset_seconds))
}

/// Total offset from UTC, in seconds.
fn seconds(offset: &TzOffset) -> i32 {
    offset.fix().local_minus_utc()
}

/// `TZOFFSETFROM`/`TZOFFSETTO` value: `±HHMM`, or `±HHMMSS` with seconds.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60);
    if secs == 0 { format!("{sign}{hours:02}{minutes:02}") } else { format!("{sign}{hours:02}{minutes:02}{secs:02}") }
}

/// tzdb's name for an offset without an abbreviation: `+03`, `+0530`.
fn numeric_name(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60);
    match (minutes, secs) {
        (0, 0) => format!("{sign}{hours:02}"),
        (_, 0) => format!("{sign}{hours:02}{minutes:02}"),
        _ => format!("{sign}{hours:02}{minutes:02}{secs:02}"),
    }
}

const fn date_time(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> NaiveDateTime {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => match date.and_hms_opt(hour, minute, second) {
            Some(time) => time,
            None => NaiveDateTime::MIN,
        },
        None => NaiveDateTime::MIN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
    }

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn event(uid: &str, zone: Tz, start: &str, minutes: i64) -> Event {
        let start = wall(start);
        Event {
            uid: uid.to_owned(),
            start,
            end: start + chrono::Duration::minutes(minutes),
            zone,
            summary: "Visit to Nordlys".to_owned(),
            location: Some("Tromsø, Storgata 1".to_owned()),
            description: Some("Agenda:\n1. Intro\n2. Pilot".to_owned()),
            status: EventStatus::Confirmed,
            sequence: 2,
            updated: Utc.with_ymd_and_hms(2025, 12, 31, 23, 0, 0).unwrap(),
        }
    }

    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    fn lines(ics: &str) -> Vec<String> {
        unfold(ics).split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }

    /// The unfolded lines of each `name` component (BEGIN and END included).
    fn components(ics: &str, name: &str) -> Vec<Vec<String>> {
        let (begin, end) = (format!("BEGIN:{name}"), format!("END:{name}"));
        let mut found = Vec::new();
        let mut current: Option<Vec<String>> = None;
        for line in lines(ics) {
            if line == begin {
                current = Some(Vec::new());
            }
            if let Some(c) = current.as_mut() {
                c.push(line.clone());
            }
            if line == end {
                found.push(current.take().unwrap());
            }
        }
        found
    }

    fn value<'a>(component: &'a [String], name: &str) -> Option<&'a str> {
        component.iter().find_map(|l| {
            let (key, value) = l.split_once(':')?;
            (key == name || key.starts_with(&format!("{name};"))).then_some(value)
        })
    }

    type Obs = (String, String, String, String, String);
    /// (kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, TZNAME)
    type Row = (&'static str, &'static str, &'static str, &'static str, &'static str);

    /// (kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, TZNAME) per observance of `tzid`.
    fn observances_of(ics: &str, tzid: &str) -> Vec<Obs> {
        let zones = components(ics, "VTIMEZONE");
        let zone = zones.iter().find(|z| value(z, "TZID") == Some(tzid)).expect("VTIMEZONE");
        let mut out = Vec::new();
        let mut kind = None;
        let mut props = Vec::new();
        for line in zone {
            match line.as_str() {
                "BEGIN:STANDARD" | "BEGIN:DAYLIGHT" => {
                    kind = Some(line["BEGIN:".len()..].to_owned());
                    props.clear();
                }
                "END:STANDARD" | "END:DAYLIGHT" => {
                    let get = |n: &str| value(&props, n).unwrap_or("").to_owned();
                    out.push((
                        kind.take().unwrap(),
                        get("DTSTART"),
                        get("TZOFFSETFROM"),
                        get("TZOFFSETTO"),
                        get("TZNAME"),
                    ));
                }
                _ if kind.is_some() => props.push(line.clone()),
                _ => {}
            }
        }
        out
    }

    fn obs(table: &[Row]) -> Vec<Obs> {
        table
            .iter()
            .map(|(k, d, f, t, n)| (k.to_string(), d.to_string(), f.to_string(), t.to_string(), n.to_string()))
            .collect()
    }

    /// BEGIN/END balanced, CRLF everywhere, lines ≤ 75 octets and valid
    /// UTF-8, required properties present.
    fn check_structure(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        let bytes = ics.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
            }
            if b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
        for physical in bytes.split(|&b| b == b'\n') {
            let physical = physical.strip_suffix(b"\r").unwrap_or(physical);
            assert!(physical.len() <= LINE_OCTETS, "line of {} octets", physical.len());
            assert!(std::str::from_utf8(physical).is_ok(), "line splits a character");
        }

        let mut stack: Vec<String> = Vec::new();
        for line in lines(ics) {
            if let Some(name) = line.strip_prefix("BEGIN:") {
                stack.push(name.to_owned());
            } else if let Some(name) = line.strip_prefix("END:") {
                assert_eq!(stack.pop().as_deref(), Some(name), "unbalanced END:{name}");
            } else {
                assert!(!stack.is_empty(), "line outside VCALENDAR: {line}");
                assert!(line.contains(':'), "no value: {line}");
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");

        let all = lines(ics);
        assert_eq!(all.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(all.last().map(String::as_str), Some("END:VCALENDAR"));
        for required in ["PRODID:-//Rapport//Rapport 0.1//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
            assert!(all.iter().any(|l| l == required), "missing {required}");
        }
        for vevent in components(ics, "VEVENT") {
            for name in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS", "SEQUENCE", "LAST-MODIFIED"] {
                assert!(value(&vevent, name).is_some(), "VEVENT without {name}: {vevent:?}");
            }
        }
        for vtimezone in components(ics, "VTIMEZONE") {
            assert!(value(&vtimezone, "TZID").is_some());
            assert!(vtimezone.iter().any(|l| l == "BEGIN:STANDARD" || l == "BEGIN:DAYLIGHT"));
        }
        // Every TZID parameter has its VTIMEZONE.
        let tzids: Vec<String> =
            components(ics, "VTIMEZONE").iter().map(|z| value(z, "TZID").unwrap().to_owned()).collect();
        for line in all {
            if let Some(rest) = line.split_once(";TZID=").map(|(_, r)| r) {
                let tzid = rest.split(':').next().unwrap();
                assert!(tzids.iter().any(|t| t == tzid), "no VTIMEZONE for {tzid}");
            }
        }
    }

    struct Case {
        zone: Tz,
        start: &'static str,
        dtstart: &'static str,
        dtend: &'static str,
        /// None: no VTIMEZONE expected (UTC).
        observances: Option<&'static [Row]>,
    }

    const CASES: &[Case] = &[
        Case {
            zone: Tz::Europe__Paris,
            start: "2026-11-24 09:30",
            dtstart: "DTSTART;TZID=Europe/Paris:20261124T093000",
            dtend: "DTEND;TZID=Europe/Paris:20261124T110000",
            observances: Some(&[
                ("STANDARD", "20250101T000000", "+0100", "+0100", "CET"),
                ("DAYLIGHT", "20250330T020000", "+0100", "+0200", "CEST"),
                ("STANDARD", "20251026T030000", "+0200", "+0100", "CET"),
                ("DAYLIGHT", "20260329T020000", "+0100", "+0200", "CEST"),
                ("STANDARD", "20261025T030000", "+0200", "+0100", "CET"),
                ("DAYLIGHT", "20270328T020000", "+0100", "+0200", "CEST"),
                ("STANDARD", "20271031T030000", "+0200", "+0100", "CET"),
            ]),
        },
        Case {
            zone: Tz::America__New_York,
            start: "2026-07-04 10:00",
            dtstart: "DTSTART;TZID=America/New_York:20260704T100000",
            dtend: "DTEND;TZID=America/New_York:20260704T113000",
            observances: Some(&[
                ("STANDARD", "20250101T000000", "-0500", "-0500", "EST"),
                ("DAYLIGHT", "20250309T020000", "-0500", "-0400", "EDT"),
                ("STANDARD", "20251102T020000", "-0400", "-0500", "EST"),
                ("DAYLIGHT", "20260308T020000", "-0500", "-0400", "EDT"),
                ("STANDARD", "20261101T020000", "-0400", "-0500", "EST"),
                ("DAYLIGHT", "20270314T020000", "-0500", "-0400", "EDT"),
                ("STANDARD", "20271107T020000", "-0400", "-0500", "EST"),
            ]),
        },
        Case {
            zone: Tz::Asia__Tokyo,
            start: "2026-05-12 14:00",
            dtstart: "DTSTART;TZID=Asia/Tokyo:20260512T140000",
            dtend: "DTEND;TZID=Asia/Tokyo:20260512T153000",
            observances: Some(&[("STANDARD", "19700101T000000", "+0900", "+0900", "JST")]),
        },
        Case {
            zone: Tz::Australia__Lord_Howe,
            start: "2026-01-15 09:00",
            dtstart: "DTSTART;TZID=Australia/Lord_Howe:20260115T090000",
            dtend: "DTEND;TZID=Australia/Lord_Howe:20260115T103000",
            observances: Some(&[
                ("DAYLIGHT", "20250101T000000", "+1100", "+1100", "+11"),
                ("STANDARD", "20250406T020000", "+1100", "+1030", "+1030"),
                ("DAYLIGHT", "20251005T020000", "+1030", "+1100", "+11"),
                ("STANDARD", "20260405T020000", "+1100", "+1030", "+1030"),
                ("DAYLIGHT", "20261004T020000", "+1030", "+1100", "+11"),
                ("STANDARD", "20270404T020000", "+1100", "+1030", "+1030"),
                ("DAYLIGHT", "20271003T020000", "+1030", "+1100", "+11"),
            ]),
        },
        Case {
            zone: Tz::Asia__Kolkata,
            start: "2026-02-03 11:15",
            dtstart: "DTSTART;TZID=Asia/Kolkata:20260203T111500",
            dtend: "DTEND;TZID=Asia/Kolkata:20260203T124500",
            observances: Some(&[("STANDARD", "19700101T000000", "+0530", "+0530", "IST")]),
        },
        // Negative summer time in tzdb: written the rearguard way.
        Case {
            zone: Tz::Europe__Dublin,
            start: "2026-06-01 09:00",
            dtstart: "DTSTART;TZID=Europe/Dublin:20260601T090000",
            dtend: "DTEND;TZID=Europe/Dublin:20260601T103000",
            observances: Some(&[
                ("STANDARD", "20250101T000000", "+0000", "+0000", "GMT"),
                ("DAYLIGHT", "20250330T010000", "+0000", "+0100", "IST"),
                ("STANDARD", "20251026T020000", "+0100", "+0000", "GMT"),
                ("DAYLIGHT", "20260329T010000", "+0000", "+0100", "IST"),
                ("STANDARD", "20261025T020000", "+0100", "+0000", "GMT"),
                ("DAYLIGHT", "20270328T010000", "+0000", "+0100", "IST"),
                ("STANDARD", "20271031T020000", "+0100", "+0000", "GMT"),
            ]),
        },
        Case {
            zone: Tz::UTC,
            start: "2026-11-24 09:30",
            dtstart: "DTSTART:20261124T093000Z",
            dtend: "DTEND:20261124T110000Z",
            observances: None,
        },
        Case {
            zone: Tz::Etc__UTC,
            start: "2026-11-24 09:30",
            dtstart: "DTSTART:20261124T093000Z",
            dtend: "DTEND:20261124T110000Z",
            observances: None,
        },
    ];

    #[test]
    fn ics_zones_table() {
        for case in CASES {
            let ics = calendar(&[event("m1", case.zone, case.start, 90)], stamp());
            check_structure(&ics);
            let all = lines(&ics);
            assert!(all.iter().any(|l| l == case.dtstart), "{}: no {}\n{ics}", case.zone, case.dtstart);
            assert!(all.iter().any(|l| l == case.dtend), "{}: no {}\n{ics}", case.zone, case.dtend);
            match case.observances {
                Some(expected) => {
                    assert_eq!(components(&ics, "VTIMEZONE").len(), 1);
                    assert!(all.iter().any(|l| *l == format!("X-LIC-LOCATION:{}", case.zone.name())));
                    assert_eq!(observances_of(&ics, case.zone.name()), obs(expected), "{}", case.zone);
                }
                None => assert!(components(&ics, "VTIMEZONE").is_empty(), "{}\n{ics}", case.zone),
            }
        }
    }

    #[test]
    fn ics_full_event_exact() {
        let ics = calendar(&[event("m1", Tz::Asia__Tokyo, "2026-05-12 14:00", 60)], stamp());
        let expected = "BEGIN:VCALENDAR\r\n\
            PRODID:-//Rapport//Rapport 0.1//EN\r\n\
            VERSION:2.0\r\n\
            CALSCALE:GREGORIAN\r\n\
            METHOD:PUBLISH\r\n\
            BEGIN:VTIMEZONE\r\n\
            TZID:Asia/Tokyo\r\n\
            X-LIC-LOCATION:Asia/Tokyo\r\n\
            BEGIN:STANDARD\r\n\
            DTSTART:19700101T000000\r\n\
            TZOFFSETFROM:+0900\r\n\
            TZOFFSETTO:+0900\r\n\
            TZNAME:JST\r\n\
            END:STANDARD\r\n\
            END:VTIMEZONE\r\n\
            BEGIN:VEVENT\r\n\
            UID:m1@rapport.local\r\n\
            DTSTAMP:20260102T030405Z\r\n\
            DTSTART;TZID=Asia/Tokyo:20260512T140000\r\n\
            DTEND;TZID=Asia/Tokyo:20260512T150000\r\n\
            SUMMARY:Visit to Nordlys\r\n\
            LOCATION:Tromsø\\, Storgata 1\r\n\
            DESCRIPTION:Agenda:\\n1. Intro\\n2. Pilot\r\n\
            STATUS:CONFIRMED\r\n\
            SEQUENCE:2\r\n\
            LAST-MODIFIED:20251231T230000Z\r\n\
            END:VEVENT\r\n\
            END:VCALENDAR\r\n";
        assert_eq!(ics, expected);
    }

    #[test]
    fn ics_uid_status_and_optional_fields() {
        let mut a = event("abc@example.com", Tz::UTC, "2026-01-01 10:00", 30);
        a.status = EventStatus::Tentative;
        a.location = None;
        a.description = Some(String::new());
        let mut b = event("42", Tz::UTC, "2026-01-01 10:00", 30);
        b.status = EventStatus::Cancelled;
        let ics = calendar(&[a, b], stamp());
        check_structure(&ics);
        let events = components(&ics, "VEVENT");
        assert_eq!(value(&events[0], "UID"), Some("abc@example.com"));
        assert_eq!(value(&events[0], "STATUS"), Some("TENTATIVE"));
        assert_eq!(value(&events[0], "LOCATION"), None);
        assert_eq!(value(&events[0], "DESCRIPTION"), None);
        assert_eq!(value(&events[1], "UID"), Some("42@rapport.local"));
        assert_eq!(value(&events[1], "STATUS"), Some("CANCELLED"));
    }

    #[test]
    fn ics_one_vtimezone_per_zone_sorted_events_in_order() {
        let events = [
            event("a", Tz::Europe__Paris, "2026-11-24 09:30", 60),
            event("b", Tz::Asia__Tokyo, "2026-05-12 14:00", 60),
            event("c", Tz::Europe__Paris, "2026-12-01 09:30", 60),
            event("d", Tz::UTC, "2026-12-02 09:30", 60),
        ];
        let ics = calendar(&events, stamp());
        check_structure(&ics);
        let zones: Vec<String> =
            components(&ics, "VTIMEZONE").iter().map(|z| value(z, "TZID").unwrap().to_owned()).collect();
        assert_eq!(zones, ["Asia/Tokyo", "Europe/Paris"]);
        let uids: Vec<String> =
            components(&ics, "VEVENT").iter().map(|e| value(e, "UID").unwrap().to_owned()).collect();
        assert_eq!(uids, ["a@rapport.local", "b@rapport.local", "c@rapport.local", "d@rapport.local"]);
        // VTIMEZONEs come before the VEVENTs.
        assert!(ics.rfind("END:VTIMEZONE").unwrap() < ics.find("BEGIN:VEVENT").unwrap());
        assert_eq!(observances_of(&ics, "Europe/Paris").len(), 7);
    }

    #[test]
    fn ics_windows_years_apart() {
        // 2026 and 2030: windows 2025–2027 and 2029–2031, not 2028.
        let events = [
            event("a", Tz::Europe__Paris, "2026-11-24 09:30", 60),
            event("b", Tz::Europe__Paris, "2030-06-01 09:30", 60),
        ];
        let ics = calendar(&events, stamp());
        check_structure(&ics);
        assert_eq!(components(&ics, "VTIMEZONE").len(), 1);
        let found = observances_of(&ics, "Europe/Paris");
        let starts: Vec<&str> = found.iter().map(|o| o.1.as_str()).collect();
        assert!(starts.contains(&"20271031T030000") && starts.contains(&"20290325T020000"));
        assert!(starts.contains(&"20311026T030000"));
        assert!(!starts.iter().any(|s| s.starts_with("2028")), "{starts:?}");
        // Same offset at both window starts: no extra observance.
        assert_eq!(found.len(), 1 + 6 + 6);
    }

    #[test]
    fn ics_gap_and_ambiguous_wall_times() {
        let paris = Tz::Europe__Paris;
        // Spring forward: 02:30 doesn't exist, read with +01:00 → 03:30 CEST.
        let gap = resolve(paris, wall("2026-03-29 02:30"));
        assert_eq!(gap.naive_utc(), wall("2026-03-29 01:30"));
        assert_eq!(gap.naive_local(), wall("2026-03-29 03:30"));
        // Fall back: 02:30 happens twice, the first (CEST) one wins.
        let ambiguous = resolve(paris, wall("2026-10-25 02:30"));
        assert_eq!(ambiguous.naive_utc(), wall("2026-10-25 00:30"));
        assert_eq!(ambiguous.naive_local(), wall("2026-10-25 02:30"));

        let events = [event("gap", paris, "2026-03-29 02:30", 60), event("fold", paris, "2026-10-25 02:30", 60)];
        let ics = calendar(&events, stamp());
        check_structure(&ics);
        let vevents = components(&ics, "VEVENT");
        assert_eq!(value(&vevents[0], "DTSTART"), Some("20260329T033000"));
        assert_eq!(value(&vevents[0], "DTEND"), Some("20260329T033000"), "03:30 wall is CEST already");
        assert_eq!(value(&vevents[1], "DTSTART"), Some("20261025T023000"));
        assert_eq!(value(&vevents[1], "DTEND"), Some("20261025T033000"));

        // New York too, and the gap at a negative offset.
        let ny = resolve(Tz::America__New_York, wall("2026-03-08 02:15"));
        assert_eq!(ny.naive_local(), wall("2026-03-08 03:15"));
    }

    #[test]
    fn ics_end_before_start_and_extreme_dates_do_not_panic() {
        let mut backwards = event("b", Tz::Europe__Paris, "2026-11-24 09:30", -60);
        backwards.description = None;
        let ics = calendar(&[backwards], stamp());
        check_structure(&ics);
        let vevent = &components(&ics, "VEVENT")[0];
        assert_eq!(value(vevent, "DTEND"), value(vevent, "DTSTART"));

        let mut events = Vec::new();
        for zone in [Tz::Europe__Paris, Tz::Pacific__Kiritimati, Tz::Etc__GMTPlus12, Tz::UTC] {
            for (start, end) in [
                (NaiveDateTime::MIN, NaiveDateTime::MIN),
                (NaiveDateTime::MAX, NaiveDateTime::MAX),
                (NaiveDateTime::MIN, NaiveDateTime::MAX),
                (wall("1850-06-01 12:00"), wall("1850-06-01 13:00")),
            ] {
                let mut e = event("x", zone, "2026-01-01 00:00", 0);
                e.start = start;
                e.end = end;
                e.updated = DateTime::<Utc>::MAX_UTC;
                events.push(e);
            }
        }
        let ics = calendar(&events, DateTime::<Utc>::MIN_UTC);
        check_structure(&ics);
        assert!(lines(&ics).iter().any(|l| l == "DTSTAMP:00010101T000000Z"));
        assert!(lines(&ics).iter().any(|l| l == "LAST-MODIFIED:99991231T235959Z"));
        assert!(lines(&ics).iter().any(|l| l == "DTSTART:00010101T000000Z"));
    }

    #[test]
    fn ics_escaping_and_folding() {
        let piece = "Réunion, «café»; C:\\dir\\file\nligne 2\r\nligne 3\rfin 🎉👩‍💻 ";
        let mut summary: String = piece.chars().cycle().take(300).collect();
        summary.push('\u{7}'); // BEL: dropped
        summary.push('\t'); // kept
        assert!(summary.chars().count() > 300);
        let mut e = event("fold", Tz::Europe__Paris, "2026-11-24 09:30", 60);
        e.summary = summary.clone();
        e.description = Some(summary.clone());
        let ics = calendar(&[e], stamp());
        check_structure(&ics);

        let escaped = escape_text(&summary);
        assert!(!escaped.contains('\n') && !escaped.contains('\r') && !escaped.contains('\u{7}'));
        assert!(escaped.ends_with('\t'));
        let vevent = &components(&ics, "VEVENT")[0];
        assert_eq!(value(vevent, "SUMMARY"), Some(escaped.as_str()));
        assert_eq!(value(vevent, "DESCRIPTION"), Some(escaped.as_str()));

        // Folded: the SUMMARY takes several physical lines.
        let physical: Vec<&str> = ics.split("\r\n").collect();
        let first = physical.iter().position(|l| l.starts_with("SUMMARY:")).unwrap();
        assert!(physical[first + 1].starts_with(' '));
        assert!(physical[first].len() >= LINE_OCTETS - 3, "folds as late as it can");

        // Unescaping gives back the text with line breaks normalised.
        let expected = summary.replace("\r\n", "\n").replace('\r', "\n").replace('\u{7}', "");
        assert_eq!(unescape(&escaped), expected);
    }

    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn ics_escape_text_cases() {
        let cases = [
            ("plain", "plain"),
            ("a,b;c\\d", "a\\,b\\;c\\\\d"),
            ("one\r\ntwo\rthree\nfour", "one\\ntwo\\nthree\\nfour"),
            ("\r\n\r\n", "\\n\\n"),
            ("nul\u{0}esc\u{1b}del\u{7f}c1\u{85}", "nulescdelc1"),
            ("tab\there", "tab\there"),
            ("para\u{2029}line\u{2028}", "para\\nline\\n"),
            ("ü🎉", "ü🎉"),
            // Cleaned like the PDF: no bidi overrides or isolates, no
            // zero-width or other invisible characters; joiners in an emoji
            // sequence stay.
            ("\u{202E}gnitaem\u{202C} at 9", "gnitaem at 9"),
            ("\u{2067}\u{5E9}\u{5DC}\u{5D5}\u{5DD}\u{2069}\u{200F}!", "\u{5E9}\u{5DC}\u{5D5}\u{5DD}!"),
            ("zero\u{200B}width\u{2060}\u{FEFF}\u{00AD}", "zerowidth"),
            ("\u{1F469}\u{200D}\u{1F4BB}\u{FE0F} \u{200D}", "\u{1F469}\u{200D}\u{1F4BB}\u{FE0F} "),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_text(input), expected, "{input:?}");
        }
    }

    #[test]
    fn ics_folding_never_splits_characters() {
        for filler in ["", "a", "ab", "abc"] {
            for wide in ["é", "€", "🎉"] {
                let text = format!("{filler}{}", wide.repeat(100));
                let mut out = Writer::default();
                out.line(&format!("SUMMARY:{text}"));
                let physical: Vec<&str> = out.text.split("\r\n").filter(|l| !l.is_empty()).collect();
                assert!(physical.len() > 1);
                for (i, line) in physical.iter().enumerate() {
                    assert!(line.len() <= LINE_OCTETS);
                    if i + 1 < physical.len() {
                        // Folded only when the next character wouldn't fit.
                        assert!(line.len() + wide.len() > LINE_OCTETS, "early fold: {}", line.len());
                    }
                }
                assert_eq!(unfold(&out.text), format!("SUMMARY:{text}\r\n"));
            }
        }
        let mut out = Writer::default();
        out.line(&"x".repeat(75));
        assert_eq!(out.text, format!("{}\r\n", "x".repeat(75)));
        let mut out = Writer::default();
        out.line(&"x".repeat(76));
        assert_eq!(out.text, format!("{}\r\n x\r\n", "x".repeat(75)));
    }

    #[test]
    fn ics_deterministic() {
        let events = [
            event("a", Tz::Europe__Paris, "2026-11-24 09:30", 60),
            event("b", Tz::America__New_York, "2026-07-04 10:00", 60),
            event("c", Tz::Australia__Lord_Howe, "2026-01-15 09:00", 60),
        ];
        let first = calendar(&events, stamp());
        assert_eq!(first, calendar(&events, stamp()));
        assert_eq!(first, calendar(&events.clone(), stamp()));
        assert_ne!(first, calendar(&events, stamp() + chrono::Duration::seconds(1)));
    }

    #[test]
    fn ics_offsets_and_names() {
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(-18000), "-0500");
        assert_eq!(utc_offset(19800), "+0530");
        assert_eq!(utc_offset(-12600), "-0330");
        assert_eq!(utc_offset(561), "+000921");
        assert_eq!(utc_offset(-1521), "-002521");
        assert_eq!(numeric_name(10800), "+03");
        assert_eq!(numeric_name(37800), "+1030");
        assert_eq!(numeric_name(-7200), "-02");
        assert_eq!(numeric_name(561), "+000921");
        // Paris mean time, 1900: seconds in the offset.
        let ics = calendar(&[event("pmt", Tz::Europe__Paris, "1900-06-01 12:00", 60)], stamp());
        check_structure(&ics);
        let expected = obs(&[("STANDARD", "19700101T000000", "+000921", "+000921", "PMT")]);
        assert_eq!(observances_of(&ics, "Europe/Paris"), expected);
    }

    #[test]
    fn ics_scan_bounds_cover_chrono_tz() {
        assert_eq!(utc(SCAN_FROM), date_time(1800, 1, 1, 0, 0, 0));
        assert_eq!(utc(SCAN_TO), date_time(2200, 1, 1, 0, 0, 0));
        let far_past = ICAL_MIN.and_utc().timestamp();
        let far_future = ICAL_MAX.and_utc().timestamp();
        for zone in chrono_tz::TZ_VARIANTS {
            assert!(offset_at(zone, far_past) == offset_at(zone, SCAN_FROM), "{zone} changes before 1800");
            assert!(offset_at(zone, far_future) == offset_at(zone, SCAN_TO), "{zone} changes after 2200");
            assert!(!zone.name().contains([':', ';', ',', '"']), "{zone} would need quoting as a parameter value");
        }
    }

    /// Replays a VTIMEZONE the way a client does and checks it against
    /// chrono-tz for every zone, every day of the event's window.
    #[test]
    fn ics_every_zone_replays_like_chrono_tz() {
        let events: Vec<Event> = chrono_tz::TZ_VARIANTS
            .iter()
            .filter(|zone| !is_utc(**zone))
            .map(|&zone| event(zone.name(), zone, "2026-06-15 12:00", 60))
            .collect();
        let ics = calendar(&events, stamp());
        check_structure(&ics);
        assert_eq!(components(&ics, "VTIMEZONE").len(), events.len());
        for zone in events.iter().map(|e| e.zone) {
            let found = observances_of(&ics, zone.name());
            let parse_offset = |s: &str| {
                let sign = if s.starts_with('-') { -1 } else { 1 };
                let digits: Vec<i64> =
                    s.as_bytes()[1..].chunks(2).map(|c| std::str::from_utf8(c).unwrap().parse().unwrap()).collect();
                sign * (digits[0] * 3600 + digits[1] * 60 + digits.get(2).copied().unwrap_or(0))
            };
            // (onset in UTC seconds, offset after)
            let onsets: Vec<(i64, i64)> = found
                .iter()
                .map(|(_, start, from, to, _)| {
                    let local = NaiveDateTime::parse_from_str(start, LOCAL_FORMAT).unwrap();
                    (local.and_utc().timestamp() - parse_offset(from), parse_offset(to))
                })
                .collect();
            assert!(onsets.windows(2).all(|w| w[0].0 < w[1].0), "{zone}: not chronological");
            let from = wall("2025-01-01 00:00").and_utc().timestamp();
            let to = wall("2028-01-01 00:00").and_utc().timestamp() - 15 * 3600;
            let mut at = from + 15 * 3600;
            while at < to {
                let replayed = onsets.iter().rev().find(|(onset, _)| *onset <= at).map(|(_, offset)| *offset);
                let expected = i64::from(seconds(&offset_at(zone, at)));
                assert_eq!(replayed, Some(expected), "{zone} at {}", utc(at));
                at += 6 * 3600 + 17;
            }
        }
    }

    fn day_event(uid: &str, date: &str, days: u32) -> DayEvent {
        DayEvent {
            uid: uid.to_owned(),
            date: date.parse().unwrap(),
            days,
            summary: "Touch base: Ana Ruiz ↔ Kenji Sato (Nordhavn)".to_owned(),
            description: Some("Every 30 days.\nLast contact 14 Oct 2026; Ana Ruiz holds the tie.".to_owned()),
            status: EventStatus::Tentative,
            transparent: true,
            sequence: 0,
            updated: Utc.with_ymd_and_hms(2025, 12, 31, 23, 0, 0).unwrap(),
        }
    }

    #[test]
    fn ics_all_day_event_exact() {
        let ics = day_calendar(&[day_event("tie-1-0", "2026-11-23", 1)], stamp());
        let expected = "BEGIN:VCALENDAR\r\n\
            PRODID:-//Rapport//Rapport 0.1//EN\r\n\
            VERSION:2.0\r\n\
            CALSCALE:GREGORIAN\r\n\
            METHOD:PUBLISH\r\n\
            BEGIN:VEVENT\r\n\
            UID:tie-1-0@rapport.local\r\n\
            DTSTAMP:20260102T030405Z\r\n\
            DTSTART;VALUE=DATE:20261123\r\n\
            DTEND;VALUE=DATE:20261124\r\n\
            SUMMARY:Touch base: Ana Ruiz ↔ Kenji Sato (Nordhavn)\r\n\
            DESCRIPTION:Every 30 days.\\nLast contact 14 Oct 2026\\; Ana Ruiz holds the t\r\n \
            ie.\r\n\
            STATUS:TENTATIVE\r\n\
            TRANSP:TRANSPARENT\r\n\
            SEQUENCE:0\r\n\
            LAST-MODIFIED:20251231T230000Z\r\n\
            END:VEVENT\r\n\
            END:VCALENDAR\r\n";
        assert_eq!(ics, expected);
        check_structure(&ics);
    }

    #[test]
    fn ics_all_day_events_span_days_cross_months_and_stay_writable() {
        let mut opaque = day_event("a@example.com", "2026-12-31", 3);
        opaque.transparent = false;
        opaque.description = None;
        let events = [
            day_event("leap", "2028-02-28", 2),
            opaque,
            day_event("zero", "2026-11-23", 0),
            day_event("last", "9999-12-31", 1),
        ];
        let ics = day_calendar(&events, stamp());
        check_structure(&ics);
        assert!(components(&ics, "VTIMEZONE").is_empty(), "dates need no zone");
        let vevents = components(&ics, "VEVENT");
        let span = |e: &[String]| (value(e, "DTSTART").unwrap().to_owned(), value(e, "DTEND").unwrap().to_owned());
        assert_eq!(span(&vevents[0]), ("20280228".into(), "20280301".into()), "29 Feb 2028 is the last day");
        assert_eq!(span(&vevents[1]), ("20261231".into(), "20270103".into()));
        assert_eq!(span(&vevents[2]), ("20261123".into(), "20261124".into()), "0 days is read as 1");
        assert_eq!(span(&vevents[3]), ("99991231".into(), "99991231".into()));
        assert_eq!(value(&vevents[1], "UID"), Some("a@example.com"));
        assert_eq!(value(&vevents[1], "TRANSP"), Some("OPAQUE"));
        assert_eq!(value(&vevents[1], "DESCRIPTION"), None);
        for vevent in &vevents {
            assert!(vevent.iter().any(|l| l.starts_with("DTSTART;VALUE=DATE:")), "{vevent:?}");
            assert!(vevent.iter().any(|l| l.starts_with("DTEND;VALUE=DATE:")), "{vevent:?}");
        }
        assert_eq!(ics, day_calendar(&events, stamp()), "the same input gives the same bytes");
    }

    #[test]
    fn ics_file_names() {
        let cases = [
            ("Visit to Nordlys", "Visit to Nordlys.ics"),
            ("Visit to Nordlys.ics", "Visit to Nordlys.ics"),
            ("Visit to Nordlys.ICS", "Visit to Nordlys.ics"),
            ("../../etc/passwd", "etc passwd.ics"),
            ("C:\\Users\\me\\evil", "C Users me evil.ics"),
            ("Q3: review <draft> | \"final\"?*", "Q3 review draft final.ics"),
            ("tab\there\nnew\u{0}line", "tab here newline.ics"),
            ("  ..hidden.  ", "hidden.ics"),
            ("", "meeting.ics"),
            ("///", "meeting.ics"),
            ("\u{202E}gpj.exe", "gpj.exe.ics"),
            ("CON", "CON_.ics"),
            ("lpt1.notes", "lpt1_.notes.ics"),
            ("COM0", "COM0.ics"),
            ("Réunion à Tromsø 🎉", "Réunion à Tromsø 🎉.ics"),
        ];
        for (stem, expected) in cases {
            assert_eq!(file_name(stem), expected, "{stem:?}");
        }
        let long = file_name(&"é".repeat(200));
        assert_eq!(long.chars().count(), 80);
        assert!(long.ends_with(".ics"));
        let emoji = file_name(&"🎉".repeat(200));
        assert!(emoji.len() <= 244 && emoji.ends_with(".ics"));
        let trailing = file_name(&format!("{}. x", "a".repeat(75)));
        assert_eq!(trailing, format!("{}.ics", "a".repeat(75)));
    }
}
