//! Store: meetings.
