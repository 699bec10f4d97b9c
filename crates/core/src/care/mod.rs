//! Keeping relationships from sliding back (issue 6 groundwork): what the
//! customer told us and what we did about it ([`feedback`]), the stories told
//! about us ([`story`]), how often we are in touch and whether that is slipping
//! ([`cadence`]), and the account's health as the visible sum of its parts
//! ([`health`]). The rules are pure, over plain data with a pinned `today`;
//! [`store`] keeps feedback (with every step of its loop) and stories in the
//! vault. Today, the portfolio and the reports build on them.

pub mod account;
pub mod cadence;
pub mod feedback;
pub mod health;
pub mod portfolio;
pub mod store;
pub mod story;
pub mod today;

/// "1 day", "12 days".
pub(crate) fn days(n: i64) -> String {
    if n == 1 { "1 day".into() } else { format!("{n} days") }
}
