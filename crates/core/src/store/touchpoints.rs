//! Store: touchpoints.
