//! Store: interactions.
