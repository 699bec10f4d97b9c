//! Store: search.
