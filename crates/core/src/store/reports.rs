//! Store: reports.
