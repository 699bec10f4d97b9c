//! Store: accounts.
