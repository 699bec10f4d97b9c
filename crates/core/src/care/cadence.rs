//! How often we are in touch, and whether that is slipping. Each account has a
//! target interval (by tier unless set, [`crate::kinds::Tier::default_cadence_days`]),
//! each tie may have one; contact later than that is overdue, by so many days.
//! Backsliding is seen two ways: contact getting rarer quarter by quarter, and
//! contact slipping down the levels (the executive ties lapse while only
//! working-level contact goes on).

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// Their people at this level or above (1 = the top) are the executive level.
pub const EXECUTIVE_LEVEL: u8 = 2;

/// Later than the target interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Overdue {
    /// Days past the target.
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub days_over: i64,
    pub message: String,
}

/// Overdue when the last contact (or, with none, the start of the
/// relationship) is longer ago than the interval.
pub fn overdue(
    last_contact: Option<NaiveDate>,
    started: NaiveDate,
    every_days: u32,
    today: NaiveDate,
) -> Option<Overdue> {
    let from = last_contact.unwrap_or(started);
    let since = (today - from).num_days();
    let days_over = since - i64::from(every_days);
    if days_over <= 0 {
        return None;
    }
    let message = match last_contact {
        Some(_) => format!(
            "last contact {} ago; the target is every {}, so {} overdue",
            super::days(since),
            super::days(i64::from(every_days)),
            super::days(days_over)
        ),
        None => format!("no contact in the {} since it began; {} overdue", super::days(since), super::days(days_over)),
    };
    Some(Overdue { days_over, message })
}

/// One contact with the account: when, and the highest level of theirs in it
/// (1 = the top; `None` when we do not know who was there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact {
    pub on: NaiveDate,
    pub their_level: Option<u8>,
}

impl Contact {
    fn executive(self) -> bool {
        self.their_level.is_some_and(|l| l <= EXECUTIVE_LEVEL)
    }
}

/// How the contact is sliding back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Backslide {
    /// Fewer contacts quarter by quarter (the four 91-day windows up to
    /// today, oldest first).
    Rarer { per_quarter: [u32; 4], message: String },
    /// Executive contact has lapsed while working-level contact goes on.
    DownTheLevels {
        #[cfg_attr(feature = "specta", specta(type = Option<String>))]
        last_executive: Option<NaiveDate>,
        message: String,
    },
}

impl Backslide {
    /// The stored code: `rarer` or `down_the_levels`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Rarer { .. } => "rarer",
            Self::DownTheLevels { .. } => "down_the_levels",
        }
    }
}

/// Contacts in the four 91-day windows ending today, oldest first.
pub fn per_quarter(contacts: &[Contact], today: NaiveDate) -> [u32; 4] {
    let mut out = [0u32; 4];
    for c in contacts {
        let ago = (today - c.on).num_days();
        if (0..364).contains(&ago) {
            out[3 - usize::try_from(ago / 91).unwrap_or(3)] += 1;
        }
    }
    out
}

/// Both backsliding rules, in that order.
pub fn backslides(contacts: &[Contact], today: NaiveDate) -> Vec<Backslide> {
    let mut out = Vec::new();
    let q = per_quarter(contacts, today);
    let falling = q[1] > q[2] && q[2] > q[3] && q[1] >= 3;
    let halved = q[0] + q[1] >= 4 && (q[2] + q[3]) * 2 <= q[0] + q[1];
    if falling || halved {
        let message = if falling {
            format!("contact is getting rarer: {}, {} then {} in the last three quarters", q[1], q[2], q[3])
        } else {
            format!(
                "contact has halved: {} in the last half year against {} in the half before",
                q[2] + q[3],
                q[0] + q[1]
            )
        };
        out.push(Backslide::Rarer { per_quarter: q, message });
    }
    let recent = |c: &Contact, from: i64, to: i64| (from..to).contains(&(today - c.on).num_days());
    let exec_recent = contacts.iter().any(|c| c.executive() && recent(c, 0, 180));
    let exec_before = contacts.iter().any(|c| c.executive() && recent(c, 180, 365));
    let working_now = contacts.iter().filter(|c| !c.executive() && recent(c, 0, 91)).count();
    if !exec_recent && exec_before && working_now > 0 {
        let last = contacts.iter().filter(|c| c.executive() && c.on <= today).map(|c| c.on).max();
        let message = format!(
            "no executive contact since {} while working-level contact goes on ({} in the last quarter)",
            last.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_default(),
            working_now
        );
        out.push(Backslide::DownTheLevels { last_executive: last, message });
    }
    out
}

/// Contacts in one calendar month, by their level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthContacts {
    /// YYYY-MM.
    pub month: String,
    /// Levels 1–2.
    pub executive: u32,
    /// Levels 3–4.
    pub management: u32,
    /// Level 5 and below, or not known.
    pub working: u32,
}

/// The last `months` calendar months up to today's, oldest first: the cadence
/// picture.
pub fn by_month(contacts: &[Contact], today: NaiveDate, months: u32) -> Vec<MonthContacts> {
    let first = (0..months.saturating_sub(1))
        .fold(today.with_day(1).unwrap_or(today), |d, _| (d - Duration::days(1)).with_day(1).unwrap_or(d));
    let mut out: Vec<MonthContacts> = Vec::new();
    let mut month = first;
    while month <= today {
        out.push(MonthContacts { month: month.format("%Y-%m").to_string(), executive: 0, management: 0, working: 0 });
        month = (month + Duration::days(32)).with_day(1).unwrap_or(today + Duration::days(1));
    }
    for c in contacts.iter().filter(|c| c.on >= first && c.on <= today) {
        let key = c.on.format("%Y-%m").to_string();
        if let Some(m) = out.iter_mut().find(|m| m.month == key) {
            match c.their_level {
                Some(l) if l <= EXECUTIVE_LEVEL => m.executive += 1,
                Some(3 | 4) => m.management += 1,
                _ => m.working += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(today: NaiveDate, days_ago: i64, level: Option<u8>) -> Contact {
        Contact { on: today - Duration::days(days_ago), their_level: level }
    }

    #[test]
    fn overdue_counts_the_days_past_the_target() {
        let today = d("2026-11-23");
        let started = d("2025-01-01");
        let cases: &[(Option<&str>, u32, Option<i64>)] = &[
            (Some("2026-11-23"), 30, None),
            (Some("2026-10-24"), 30, None),
            (Some("2026-10-23"), 30, Some(1)),
            (Some("2026-08-25"), 30, Some(60)),
            (Some("2026-08-25"), 90, None),
            (None, 30, Some(661)),
        ];
        for &(last, every, want) in cases {
            let got = overdue(last.map(d), started, every, today);
            assert_eq!(got.as_ref().map(|o| o.days_over), want, "{last:?} every {every}");
        }
        let o = overdue(Some(d("2026-08-25")), started, 30, today).unwrap();
        assert_eq!(o.message, "last contact 90 days ago; the target is every 30 days, so 60 days overdue");
        let fresh = overdue(None, d("2026-11-01"), 30, today);
        assert!(fresh.is_none(), "a new account is not overdue before its first interval");
    }

    #[test]
    fn contacts_fall_into_the_quarter_windows() {
        let today = d("2026-11-23");
        let c =
            [at(today, 0, None), at(today, 90, None), at(today, 91, None), at(today, 363, None), at(today, 364, None)];
        assert_eq!(per_quarter(&c, today), [1, 0, 1, 2]);
    }

    #[test]
    fn backsliding_rules() {
        let today = d("2026-11-23");
        let spread = |quarters: [u32; 4], level: Option<u8>| -> Vec<Contact> {
            let mut out = Vec::new();
            for (q, &n) in quarters.iter().enumerate() {
                for i in 0..n {
                    out.push(at(today, (3 - q as i64) * 91 + 5 + i64::from(i), level));
                }
            }
            out
        };
        let kinds = |b: &[Backslide]| -> Vec<&'static str> {
            b.iter()
                .map(|b| match b {
                    Backslide::Rarer { .. } => "rarer",
                    Backslide::DownTheLevels { .. } => "down",
                })
                .collect()
        };
        // (per quarter, oldest first; level of every contact) → rules that fire
        let cases: &[([u32; 4], Option<u8>, &[&str])] = &[
            ([6, 6, 6, 6], Some(4), &[]),
            ([6, 5, 3, 1], Some(4), &["rarer"]),
            ([0, 3, 2, 1], Some(4), &["rarer"]),
            ([0, 2, 1, 0], Some(4), &[]),
            ([5, 5, 3, 2], Some(4), &["rarer"]),
            ([5, 5, 3, 3], Some(4), &[]),
            ([1, 1, 1, 1], Some(4), &[]),
            ([0, 0, 0, 0], None, &[]),
        ];
        for (q, level, want) in cases {
            let got = backslides(&spread(*q, *level), today);
            assert_eq!(kinds(&got), *want, "{q:?}");
        }
        let Backslide::Rarer { message, .. } = &backslides(&spread([6, 5, 3, 1], Some(4)), today)[0] else { panic!() };
        assert_eq!(message, "contact is getting rarer: 5, 3 then 1 in the last three quarters");

        // Executive contact lapsed half a year ago; the working level is still busy.
        let mut c = vec![at(today, 200, Some(1)), at(today, 300, Some(2))];
        c.extend((0..4).map(|i| at(today, 10 + i, Some(6))));
        let got = backslides(&c, today);
        assert_eq!(kinds(&got), ["down"]);
        let Backslide::DownTheLevels { last_executive, message } = &got[0] else { panic!() };
        assert_eq!(*last_executive, Some(today - Duration::days(200)));
        assert!(message.contains("4 in the last quarter"), "{message}");
        // Still in touch at the top: fine. Nobody at all lately: that is "rarer", not this.
        c.push(at(today, 100, Some(2)));
        assert!(backslides(&c, today).is_empty());
        let quiet = [at(today, 200, Some(1)), at(today, 300, Some(2))];
        assert!(kinds(&backslides(&quiet, today)).iter().all(|k| *k != "down"));
    }

    #[test]
    fn the_cadence_picture_counts_by_month_and_level() {
        let today = d("2026-11-23");
        let c = [
            Contact { on: d("2026-11-02"), their_level: Some(1) },
            Contact { on: d("2026-11-20"), their_level: Some(4) },
            Contact { on: d("2026-10-31"), their_level: None },
            Contact { on: d("2025-12-31"), their_level: Some(2) },
            Contact { on: d("2025-11-30"), their_level: Some(2) },
        ];
        let months = by_month(&c, today, 12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].month, "2025-12");
        assert_eq!((months[0].executive, months[0].management, months[0].working), (1, 0, 0));
        let last = months.last().unwrap();
        assert_eq!((last.month.as_str(), last.executive, last.management, last.working), ("2026-11", 1, 1, 0));
        assert_eq!(months[10].working, 1);
        let jan = by_month(&c, d("2027-01-05"), 3);
        assert_eq!(jan.iter().map(|m| m.month.as_str()).collect::<Vec<_>>(), ["2026-11", "2026-12", "2027-01"]);
    }
}
