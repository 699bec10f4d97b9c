//! Store: people.
