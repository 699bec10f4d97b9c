//! Store: connections.
