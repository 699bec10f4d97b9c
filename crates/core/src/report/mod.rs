//! Reports beyond the meeting brief, on the same PDF engine: the blueprint
//! (issue 5); the portfolio and annual reviews will join it here.

pub mod blueprint;
