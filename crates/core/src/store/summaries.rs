//! Store: summaries.
