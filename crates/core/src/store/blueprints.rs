//! Store: blueprints.
