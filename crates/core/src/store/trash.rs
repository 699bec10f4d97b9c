//! Store: trash.
