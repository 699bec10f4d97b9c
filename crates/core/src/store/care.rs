//! Store: care.
